import type { IndexOptions } from '../config/plan.js';
import type { Installer } from '../python/installer.js';
import type { LockedSet } from './locks/lock.js';
/** Does this pip version have --uploaded-prior-to? */
export declare function pipFiltersUploads(version: string | undefined): boolean;
/** Does this installer leave out fresh releases while it resolves? Else what it resolved is checked afterwards. */
export declare function filtersUploads(installer: Installer): boolean;
/**
 * Every locked version must have been uploaded before the cutoff: its files (those whose hashes the lock
 * records, when the index gives hashes) are looked up on the index, one request per package, in parallel.
 */
export declare function checkLockedUploads(plan: IndexOptions, locked: LockedSet, indexes: string[]): Promise<void>;
/**
 * What a pip older than 26 resolved (resolve.ts's `name==version sha256=…` lines), checked after the fact: that
 * pip cannot leave fresh releases out while it resolves, so one it chose is refused by name and upload date.
 */
export declare function checkResolvedUploads(plan: IndexOptions, resolved: string[], indexes: string[], installer: Installer): Promise<void>;
