import type { Environment } from './log.js';
/** The variable that carries package.timeout to every step of a run (set by the pipeline, read here). */
export declare const TIMEOUT_VARIABLE = "SPINDRIFT_STEP_TIMEOUT";
/** Seconds an external step may take when nothing else is set: a big install on a slow runner fits. */
export declare const DEFAULT_TIMEOUT = 900;
export interface ProcessRun {
    /** The exit code; 128 + the signal's number when a signal ended it. */
    exitCode: number;
    /** The signal that ended it, if one did. */
    signal?: string;
    stdout: string;
    stderr: string;
}
export interface ProcessOptions {
    env: Environment;
    cwd?: string;
    input?: Buffer;
    onLine?: (line: string) => void;
    /** The step in words for the time-limit sentence ("the interpreter check"); derived from the command when not given. */
    step?: string;
    /** Seconds; defaults to env's SPINDRIFT_STEP_TIMEOUT, else DEFAULT_TIMEOUT. */
    limit?: number;
}
/** The time limit a run's steps get, in seconds. */
export declare function stepLimit(env: Environment): number;
/**
 * Run an external step (pip, uv, Python) with a time limit. It runs in its own process group, so the limit,
 * a SIGINT or a SIGTERM ends it with everything it started (a setup.py, a build backend); a step still running
 * at its limit ends the run with one sentence naming the step and the limit. A command that cannot be started
 * rejects with the spawn error (ENOENT when it is not installed).
 */
export declare function runProcess(command: string, args: string[], options: ProcessOptions): Promise<ProcessRun>;
/** End a step's whole process group. */
export declare function killGroup(pid: number | undefined): void;
