import type { ZipSource } from '../zip/archive.js';
/** The app's own files and the dependencies it declares. */
export interface AppLayer {
    files: ZipSource[];
    /** Requires-Dist lines of a project with packaging metadata; empty for a plain folder. */
    declaredDependencies: string[];
    /** "wheel" when pip built the project, "folder" for a plain folder of Python files. */
    source: 'wheel' | 'folder';
}
