import { type Layer, type LayerStore } from './store.js';
import type { Installer } from '../python/installer.js';
import type { Logger } from '../common/log.js';
import type { IndexOptions, Target, TrimOptions } from '../config/plan.js';
import type { Interpreter } from '../python/interpreter.js';
import type { RequirementSet } from './requirements.js';
import { type RemoteCache } from './remote.js';
/** What a dependency layer depends on: what the install does, and what is trimmed or compiled afterwards. */
export type LayerInputs = Target & IndexOptions & TrimOptions & {
    projectDir: string;
    cacheDir?: string;
};
/**
 * The dependency layer for a cache key: restored (GitHub's cache, then the local store), or installed, trimmed,
 * compiled, audited, zipped and stored. A layer that fails the audit is never stored.
 */
export declare function dependencyLayer(plan: LayerInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, key: string, { store, remote, logger }: {
    store?: LayerStore;
    remote?: RemoteCache;
    logger: Logger;
}): Promise<{
    layer: Layer;
    cacheHit: boolean;
}>;
