import type { Environment, Logger } from '../common/log.js';
import type { Target } from '../config/plan.js';
import { type Interpreter } from './interpreter.js';
/** An interpreter that may be the runtime's Python, and where it was found (for the log). */
export interface Candidate {
    command: string;
    where: string;
}
/**
 * The interpreter that runs pip: package.python when set; otherwise one of the runtime's exact minor version
 * (pip then evaluates markers and Requires-Python as Lambda would), looked for as python3.X on PATH, in pyenv's
 * versions (its shims fail unless pyenv selects that version, so the versioned binaries are called directly),
 * in the GitHub tool cache and among uv-managed Pythons; else python3. The log says which one and why.
 * python3 is asked first: when it already is the runtime's version, it is the one. With `cacheDir`, what a real
 * executable answered is kept (interpreterfacts.ts).
 */
export declare function chooseInterpreter(configured: string | undefined, target: Pick<Target, 'runtime' | 'architecture'>, env: Environment, logger: Logger, cacheDir?: string): Promise<Interpreter>;
/**
 * Interpreters that may be Python `minor`, most likely first: existing files only, nothing is run to find them
 * (the caller probes them). The packager and `spindrift invoke` both look here.
 */
export declare function pythonCandidates(minor: string, architecture: Target['architecture'], env: Environment): Candidate[];
