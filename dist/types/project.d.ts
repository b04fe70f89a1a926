import { type ZipSource } from './archive.js';
import type { Logger } from './log.js';
import type { Plan } from './plan.js';
import type { Installer } from './installer.js';
import { type Interpreter } from './python.js';
/** The app's own files and the dependencies it declares. */
export interface AppLayer {
    files: ZipSource[];
    /** Requires-Dist lines of a project with packaging metadata; empty for a plain folder. */
    declaredDependencies: string[];
    /** "wheel" when pip built the project, "folder" for a plain folder of Python files. */
    source: 'wheel' | 'folder';
}
export declare function hasPackagingMetadata(projectDir: string): boolean;
/**
 * The dependencies a project with static metadata will declare, read from pyproject.toml before its wheel is
 * built; undefined when they cannot be known for sure (no metadata, dynamic metadata, unusual TOML).
 */
export declare function predictedDependencies(projectDir: string): string[] | undefined;
export declare function collectApp(plan: Plan, python: Interpreter, installer: Installer, logger: Logger): Promise<AppLayer>;
/** A wheel's files as they land in site-packages (".data/purelib|platlib" unpacked; scripts and headers dropped). */
export declare function readWheel(wheelPath: string): AppLayer;
/**
 * Every file of a plain folder except the excluded ones. Symlinks are followed only when they resolve inside
 * the folder; one pointing outside would smuggle foreign files (or secrets) into the zip.
 */
export declare function walkFolder(root: string, excludedPaths: Set<string>, include?: string[]): ZipSource[];
