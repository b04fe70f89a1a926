import type { Environment } from '../common/log.js';
/** The local cache's default bound; SPINDRIFT_CACHE_MAX_MB changes it (0: no bound). */
export declare const DEFAULT_CACHE_MAX_MB = 2048;
export interface CacheEntry {
    path: string;
    bytes: number;
    lastUsed: number;
}
export interface Removed {
    count: number;
    bytes: number;
}
/** The bound in bytes from the environment, or undefined for none. */
export declare function cacheBound(env: Environment): number | undefined;
/** Mark a layer folder as used now (its mtime), for least-recently-used eviction. */
export declare function markUsed(folder: string): void;
/** Every cached item: each layer folder and each file under app/ and ric/, with its size and last use. */
export declare function cacheEntries(cacheDir: string): CacheEntry[];
/** Remove what has not been used for `days` days. */
export declare function pruneCache(cacheDir: string, days: number, now?: number): Removed;
/** Remove everything spindrift keeps in the folder (and nothing else that may be there). */
export declare function cleanCache(cacheDir: string): Removed;
/** Evict least recently used layers and wheels until they fit in maxBytes; `keep` (the layer just stored) stays. */
export declare function enforceBound(cacheDir: string, maxBytes: number, keep: string): Removed;
/** True when the folder exists and is a folder. */
export declare function isFolder(dir: string): boolean;
