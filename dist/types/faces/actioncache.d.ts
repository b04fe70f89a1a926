import type { Environment, Logger } from '../common/log.js';
import type { RemoteCache } from '../pipeline.js';
/** The action's cache inputs: restore-cache, save-cache (already decided for this event) and cache-suffix. */
export interface CacheControls {
    restore: boolean;
    save: boolean;
    suffix: string;
}
/** The key in GitHub's cache: the layer's key, with cache-suffix after it. */
export declare function remoteKey(key: string, suffix: string): string;
/**
 * GitHub's cache service behind the RemoteCache interface. Unavailable, denied, failing, slow or corrupt:
 * each is a warning and the build goes on (the layer store verifies whatever is restored). Its lines go in
 * their own log group.
 */
export declare function githubCache(logger: Logger, env: Environment, controls?: CacheControls): RemoteCache | undefined;
/** How long one restore or save may take (SPINDRIFT_CACHE_TIMEOUT_SECONDS, else two minutes). */
export declare function cacheTimeout(env: Environment): number;
export declare function withTimeout<T>(work: Promise<T>, seconds: number): Promise<T>;
