import type { IndexOptions } from '../config/plan.js';
import type { Installer } from '../python/installer.js';
import type { LockedSet } from './locks/lock.js';
/** Does this pip version have --uploaded-prior-to? */
export declare function pipFiltersUploads(version: string | undefined): boolean;
/** An unlocked set needs an installer that can filter by upload time: one sentence when pip is too old. */
export declare function checkCooldownInstaller(plan: IndexOptions, installer: Installer): void;
/**
 * Every locked version must have been uploaded before the cutoff: its files (those whose hashes the lock
 * records, when the index gives hashes) are looked up on the index, one request per package, in parallel.
 */
export declare function checkLockedUploads(plan: IndexOptions, locked: LockedSet, indexes: string[]): Promise<void>;
