import type { Logger } from '../../common/log.js';
import type { ZipSource } from '../../zip/archive.js';
import type { Installer } from '../../python/installer.js';
import type { Interpreter } from '../../python/interpreter.js';
import { type InstallInputs } from '../install.js';
import type { RequirementSet } from '../requirements.js';
import type { WheelOrigin } from '../provenance.js';
/** The environment variable that turns the fast path off (`SPINDRIFT_WHEEL_PATH=0`): the installer then always runs. */
export declare const WHEEL_PATH_VARIABLE = "SPINDRIFT_WHEEL_PATH";
export type AssembleInputs = InstallInputs & {
    cacheDir?: string;
};
/** The layer's files: those copied as a wheel holds them are PackedSources, with the sha256 the RECORD gave. */
export interface AssembledFiles {
    files: ZipSource[];
    /** By canonical name: where each wheel came from (the "why this wheel" report and the SBOM's hashes). */
    origins: Map<string, WheelOrigin>;
    /** Nothing is built from source on this path. */
    built: Set<string>;
}
/**
 * The dependency files from wheels, or why the installer must do it instead (`{ fallback }`, a sentence fragment
 * for one log line). A wheel whose bytes or RECORD do not match stops the build: that is never a fallback.
 */
export declare function assembleFromWheels(plan: AssembleInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, logger: Logger): Promise<AssembledFiles | {
    fallback: string;
}>;
