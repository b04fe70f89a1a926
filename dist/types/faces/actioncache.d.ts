import type { Environment, Logger } from '../common/log.js';
import type { RemoteCache } from '../pipeline.js';
/**
 * GitHub's cache service behind the RemoteCache interface. Unavailable, denied, failing, slow or corrupt:
 * each is a warning and the build goes on (the layer store verifies whatever is restored).
 */
export declare function githubCache(logger: Logger, env: Environment): RemoteCache | undefined;
