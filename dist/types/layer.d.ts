import { type ZipSource } from './archive.js';
import { type AuditResult } from './audit.js';
import { type Layer, type LayerStore } from './cache.js';
import type { Installer } from './installer.js';
import type { Logger } from './log.js';
import type { RemoteCache } from './packager.js';
import type { Plan } from './plan.js';
import type { Interpreter } from './python.js';
import type { RequirementSet } from './requirements.js';
/**
 * The dependency layer for a cache key: restored (GitHub's cache, then the local store), or installed, trimmed,
 * compiled, audited, zipped and stored. A layer that fails the audit is never stored.
 */
export declare function dependencyLayer(plan: Plan, python: Interpreter, installer: Installer, requirements: RequirementSet, key: string, { store, remote, logger }: {
    store?: LayerStore;
    remote?: RemoteCache;
    logger: Logger;
}): Promise<{
    layer: Layer;
    cacheHit: boolean;
}>;
/**
 * Every binary must run on the target: ELF for its machine, glibc symbol versions within the runtime's, no
 * macOS, Windows or musl builds. Any problem stops the build, naming the files and their packages.
 */
export declare function checkBinaries(plan: Plan, files: ZipSource[], what: string, logger: Logger): AuditResult;
