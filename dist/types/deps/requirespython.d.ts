import type { Target } from '../config/plan.js';
import type { ZipSource } from '../zip/archive.js';
/** The project's requires-python must admit the runtime's Python: the project says it would not run there. */
export declare function checkProjectPython(projectDir: string, target: Pick<Target, 'runtime'>): void;
/**
 * Every installed distribution's Requires-Python must admit the runtime's Python: pip checks it against the
 * interpreter that runs it (pip 23.2), which may not be the runtime's, and a lock install skips the check.
 */
export declare function checkInstalledPython(target: Pick<Target, 'runtime'>, files: ZipSource[]): void;
