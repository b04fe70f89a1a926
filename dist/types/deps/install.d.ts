import { type ZipSource } from '../zip/archive.js';
import type { Logger } from '../common/log.js';
import type { IndexOptions, Target } from '../config/plan.js';
import { type Installer } from '../python/installer.js';
import { type Interpreter } from '../python/interpreter.js';
import { type RequirementSet } from './requirements.js';
import { type WheelOrigin } from './provenance.js';
/** What an install depends on: the target, the indexes, and the project folder (pip runs there, for relative paths). */
export type InstallInputs = Target & IndexOptions & {
    projectDir: string;
};
/** The pip command line that installs for the Lambda target instead of for the machine running it. */
export declare function pipInstallArgs(plan: InstallInputs, requirements: RequirementSet, target: string, pipVersion: string | undefined): string[];
/**
 * uv resolves markers for --python-version/--python-platform itself. Its platform names stop at glibc
 * versions it knows, so AL2 (2.26) is asked for manylinux_2_17: never a too-new wheel, at worst a missing one.
 */
export declare function uvInstallArgs(plan: InstallInputs, python: Interpreter, requirements: RequirementSet, target: string): string[];
/** The installed files, ready to zip, and what the installer said about where each wheel came from. */
export interface Installed {
    files: ZipSource[];
    /** By canonical name: pip's report of each wheel's URL and hash (uv gives none). */
    origins: Map<string, WheelOrigin>;
    /** Canonical names of the distributions built here from source. */
    built: Set<string>;
}
/** Install the requirements for the target and return the installed files, ready to zip. */
export declare function installDependencies(plan: InstallInputs, python: Interpreter, installer: Installer, given: RequirementSet, logger: Logger): Promise<Installed>;
/**
 * The files pip put in the target, minus what must not ship: console scripts in bin/ (their shebang names
 * this machine's Python), direct_url.json (it records local paths) and uv's .lock. RECORD files drop those lines too,
 * so the layer is the same bytes on every machine.
 */
export declare function installedFiles(target: string): ZipSource[];
