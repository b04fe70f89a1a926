import type { Environment } from '../common/log.js';
/** What the probe prints: the Interpreter's facts and the files its pip answer came from. */
export interface ProbeFacts {
    version: string;
    machine: string;
    pip: string | null;
    prefix?: string;
    /** pip/__init__.py, when pip imports. */
    pipFile?: string | null;
    /** The user site-packages folder, when the interpreter reads one: a pip installed there later would win. */
    userSite?: string | null;
}
/**
 * The probe's answer for `command`, from the cache when the command is a real executable whose state (and that
 * of its pip) is as it was; otherwise `probe` runs, and its answer is kept for next time.
 */
export declare function cachedFacts(command: string, env: Environment, cacheDir: string | undefined, probe: () => Promise<ProbeFacts>): Promise<ProbeFacts>;
