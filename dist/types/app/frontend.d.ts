import type { Logger } from '../common/log.js';
import type { IndexOptions } from '../config/plan.js';
import { type Installer } from '../python/installer.js';
import { type Interpreter, type PipRun } from '../python/interpreter.js';
/** Set to 0 to build every project with `pip wheel` or `uv build` (the comparison the tests make, and a way out). */
export declare const DIRECT_BUILD_VARIABLE = "SPINDRIFT_DIRECT_BUILD";
/** The build-system table, when it names a backend in the form this frontend handles. */
export interface BuildSystem {
    requires: string[];
    backend: string;
    backendPath: string[];
}
export declare function buildSystem(tree: string): BuildSystem | undefined;
/**
 * Build the wheel in `tree` into `wheelDir`; undefined when this frontend does not apply or did not succeed
 * (then `pip wheel` or `uv build` builds it, and reports any failure in its own words).
 */
export declare function directBuild(plan: IndexOptions & {
    cacheDir?: string;
}, python: Interpreter, installer: Installer, tree: string, work: string, wheelDir: string, logger: Logger): Promise<PipRun | undefined>;
