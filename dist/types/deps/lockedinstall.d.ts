import type { Logger } from '../common/log.js';
import type { IndexOptions } from '../config/plan.js';
import { type Interpreter } from '../python/interpreter.js';
import type { LockedSet } from './locks/lock.js';
/**
 * A locked set as one requirements file for the installer: `name==version --hash=…` per package, local
 * folders built into wheels first (installed as packages, never editable) and pinned by their wheel's hash.
 * It is installed with --no-deps (the lock already chose every dependency) and, when every package has
 * hashes, --require-hashes: a file whose bytes differ from what was locked stops the install.
 */
export declare function lockedRequirements(plan: IndexOptions & {
    projectDir: string;
}, python: Interpreter, locked: LockedSet, installer: 'pip' | 'uv', work: string, logger: Logger): Promise<{
    file: string;
    flags: string[];
}>;
