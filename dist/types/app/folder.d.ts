import type { ZipSource } from '../zip/archive.js';
export declare function hasPackagingMetadata(projectDir: string): boolean;
/**
 * Every file of a plain folder except the excluded ones. Symlinks are followed only when they resolve inside
 * the folder; one pointing outside would smuggle foreign files (or secrets) into the zip.
 */
export declare function walkFolder(root: string, excludedPaths: Set<string>, include?: string[]): ZipSource[];
