import type { ZipSource } from '../zip/archive.js';
export interface TrimRules {
    /** Globs (`**`, `*`, `?`) matched against zip entry names. */
    exclude: string[];
    /** Drop test folders (`tests/`, `test/`) inside dependencies. */
    stripTests: boolean;
    /** Distributions (normalised names) to leave out, with their dist-info. */
    dropDistributions: string[];
}
/**
 * Apply the rules to installed files. *.dist-info is never removed by a glob or the test rule: importlib.metadata
 * reads it; only a dropped distribution loses its dist-info, along with every file its RECORD lists.
 */
export declare function trimFiles(files: ZipSource[], rules: TrimRules): {
    kept: ZipSource[];
    removed: number;
    unmatched: string[];
};
