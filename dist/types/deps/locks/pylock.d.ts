import { type LockFormat } from './lock.js';
/**
 * pylock.toml (PEP 751): a flat list of packages, each with the marker it applies under; markers may test
 * `extras` and `dependency_groups`, which are the extras asked for and the default groups plus those asked for.
 */
export declare const pylock: LockFormat;
