/** One wheel the layer is assembled from. JSON-serialisable: it travels with the resolution. */
export interface ChosenWheel {
    name: string;
    version: string;
    filename: string;
    url: string;
    sha256: string;
    /** Asked for directly (not only a dependency of something asked for): pip then writes REQUESTED. */
    requested: boolean;
}
/**
 * One line of a resolution (the cache key is made of these): `name==version sha256=a,b`, or `name==version`
 * when no hash is known. pip's report (resolve.ts) and uv's pylock.toml (pylock.ts) both write it here.
 */
export declare const resolvedLine: (name: string, version: string, hashes: string[]) => string;
/** Every sha256 the resolved lines name (a line without one gives ''): what a remembered resolution's wheels are checked against. */
export declare const resolvedHashes: (lines: string[]) => Set<string>;
/** Why there are no wheels when the installer's resolution failed: the installer then runs, and says what is wrong. */
export declare const unresolved: (installer: string) => string;
export declare const UNRESOLVED: string;
/** One item of `pip install --dry-run --report`'s "install" list. */
export interface PipReportItem {
    metadata: {
        name: string;
        version: string;
    };
    is_direct?: boolean;
    requested?: boolean;
    download_info?: {
        url?: string;
        archive_info?: {
            hash?: string;
            hashes?: Record<string, string>;
        };
        dir_info?: unknown;
        vcs_info?: unknown;
    };
}
/** The wheels of a report, or why the fast path does not apply (a sentence fragment for the log line). */
export declare function chooseWheels(items: PipReportItem[]): ChosenWheel[] | string;
