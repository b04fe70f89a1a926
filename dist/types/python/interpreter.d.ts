import type { Environment, Logger } from '../common/log.js';
/** What the interpreter that runs pip is: asked once per run, in one spawn. */
export interface Interpreter {
    command: string;
    /** "3.11.7" */
    version: string;
    /** "3.11" */
    minor: string;
    /** platform.machine(): "x86_64", "aarch64"… */
    machine: string;
    /** pip's version, or undefined when pip is not installed for it. */
    pip?: string;
    /** sys.prefix: where pip looks for its site configuration file. */
    prefix?: string;
    /** The environment it runs in (pip reads PIP_INDEX_URL and friends from it). */
    env: Environment;
}
/**
 * What `command` is, asked in one spawn; with a cache folder, a real executable's answer is kept there
 * (interpreterfacts.ts), so a warm build spawns no Python for it.
 */
export declare function probeInterpreter(command: string, env: Environment, cacheDir?: string): Promise<Interpreter>;
export interface PipRun {
    exitCode: number;
    /** The signal that ended it, if one did (killed: out of memory?). */
    signal?: string;
    stdout: string;
    stderr: string;
}
/** Run `python -m pip …`, streaming its output to the logger's debug channel. */
export declare function runPip(python: Interpreter, args: string[], logger: Logger, cwd?: string): Promise<PipRun>;
/** Run an installer command with pip's quiet-and-non-interactive settings, output to the debug channel. */
export declare function runTool(command: string, args: string[], env: Environment, logger: Logger, cwd?: string): Promise<PipRun>;
/**
 * The cause of a failed pip or uv step, for an error message: the index it could not reach, the build's own
 * exception with where it was raised, and the step's last specific lines (a setup.py's own error text),
 * without pip's framing; each line capped.
 */
export declare function pipTail(run: PipRun, lines?: number): string;
/**
 * What stopped pip or uv from reading an index, from its output ("Retrying … after connection broken by …",
 * uv's dns error, an untrusted http index), in words and naming the index without credentials; undefined if nothing did.
 */
export declare function connectionProblem(output: string): string | undefined;
