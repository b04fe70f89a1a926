/** Where pip looked: an index page (a project's page, or a find-links HTML page) or a find-links location. */
export interface PipSource {
    kind: 'page' | 'links';
    /** As pip printed it: credentials redacted (`user:****@`), so it can be stored. */
    url: string;
}
/** What one pip run's -vv output tells about where it looked. */
export interface PipReading {
    sources: PipSource[];
    /** "N location(s) to search for versions of X" lines: none in a run that resolved something means pip's output was not understood. */
    lookups: number;
    /** pip could not read a page ("Could not fetch URL …"): it resolved without it, so its answer is not to be kept. */
    fetchFailed: boolean;
}
/** Collects pip's -vv lines one at a time (they can run to megabytes; only the few that matter are kept). */
export declare class PipPagesReader {
    private readonly sources;
    private lookups;
    private fetchFailed;
    private inLocations;
    line(raw: string): void;
    reading(): PipReading;
}
/** The command that runs pip for a -vv resolution read by PipPagesReader: [python, -c, …] instead of [python, -m, pip]. */
export declare function pipForPageReading(command: readonly string[]): string[];
/** pip's own redaction of a URL's credentials: user:password → user:****, a lone token → ****. */
export declare function pipRedacted(url: string): string;
/**
 * A URL pip printed redacted, with the credentials of the configured index or find-links URL it starts with
 * put back; undefined when it carries redacted credentials that no configured URL explains (from a netrc or
 * keyring: spindrift cannot read the page as pip did).
 */
export declare function withCredentials(printed: string, configured: readonly string[]): string | undefined;
