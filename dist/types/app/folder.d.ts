import type { ZipSource } from '../zip/archive.js';
/**
 * The dependencies of a project that is not a package, or undefined when it is one (or not a project):
 * Poetry's `package-mode = false`, or a [project] table without [build-system] (uv's application layout).
 * Its files ship as a plain folder; there is no wheel to build.
 */
export declare function nonPackageDependencies(projectDir: string): string[] | undefined;
export declare function hasPackagingMetadata(projectDir: string): boolean;
/**
 * Every file of a plain folder except the excluded ones. Symlinks are followed only when they resolve inside
 * the folder; one pointing outside would smuggle foreign files (or secrets) into the zip.
 */
export declare function walkFolder(root: string, excludedPaths: Set<string>, include?: string[]): ZipSource[];
