import { type LockedSet, type LockFormat, type LockSelection } from './lock.js';
export type { LockedPackage, LockedSet, LockSelection } from './lock.js';
/** The lock formats in the order they are looked for in the project folder (the documented precedence). */
export declare const LOCK_FORMATS: readonly LockFormat[];
/** What package.lock says: a path to a lock, "none" to ignore locks, or unset to look for one. */
export interface LockOptions {
    lock?: string;
}
/**
 * The lock that says what to install, or undefined when there is none: package.lock when set; else, in the
 * project folder, uv.lock, poetry.lock, pylock.toml, Pipfile.lock in that order; else the uv.lock of a uv
 * workspace the project belongs to (the nearest folder above whose pyproject.toml has [tool.uv.workspace]);
 * else requirements files that pin every requirement with == and --hash.
 */
export declare function findLock(options: LockOptions & LockSelection, requirementFiles: string[]): LockedSet | undefined;
