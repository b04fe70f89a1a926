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
