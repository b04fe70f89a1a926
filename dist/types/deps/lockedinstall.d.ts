import type { Logger } from '../common/log.js';
import type { IndexOptions, Target } from '../config/plan.js';
import { type Interpreter } from '../python/interpreter.js';
import { type LockedSet } from './locks/lock.js';
type BuildInputs = Target & IndexOptions & {
    projectDir: string;
};
/**
 * A locked set as one requirements file for the installer: `name==version --hash=…` per index package; every
 * other source (git commit, archive URL, local archive, local folder) made into a wheel here first, exactly as
 * locked, and pinned by that wheel's hash. It is installed with --no-deps (the lock already chose every
 * dependency) and, when every index package has hashes, --require-hashes: a file whose bytes differ from what
 * was locked stops the install.
 */
export declare function lockedRequirements(plan: BuildInputs, python: Interpreter, locked: LockedSet, installer: 'pip' | 'uv', work: string, logger: Logger): Promise<{
    file: string;
    flags: string[];
}>;
export {};
