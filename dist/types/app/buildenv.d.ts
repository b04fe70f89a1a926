import type { Logger } from '../common/log.js';
import type { IndexOptions } from '../config/plan.js';
import type { Installer } from '../python/installer.js';
import type { Interpreter } from '../python/interpreter.js';
/** 0: the installer installs the build requirements (the comparison the tests make, and a way out); 1: spindrift does, with uv too. */
export declare const BUILD_ENV_VARIABLE = "SPINDRIFT_DIRECT_BUILD_ENV";
/**
 * Install `requires` into `buildEnv` as `pip install --target` (or `uv pip install --target`) would; true when
 * done, false (after one log line) when the installer must do it. `buildEnv` is left empty on false.
 */
export declare function installBuildRequires(plan: IndexOptions & {
    cacheDir?: string;
}, python: Interpreter, installer: Installer, buildEnv: string, requires: string[], logger: Logger): Promise<boolean>;
/**
 * A marker evaluated in three-valued logic: undefined when it depends on a value not known here, or uses a
 * form this evaluator does not read, unless the rest decides it (`extra == "test" and platform_release > "5"`
 * is false whatever platform_release is). Each comparison is evaluated by pep508.ts.
 */
export declare function markerHolds(marker: string, values: Record<string, string>): boolean | undefined;
