/** One file a package index lists for a project. */
export interface IndexFile {
    filename: string;
    yanked: boolean;
    /** The file's Requires-Python, when the index gives it (PEP 503 data-requires-python, PEP 691 requires-python). */
    requiresPython?: string;
    /** ISO 8601 upload time, when the index gives it (PEP 700, JSON pages only). */
    uploadTime?: string;
    /** Where the file is (absolute), and its sha256 when the index gives one: what a lock's hashes are matched to. */
    url?: string;
    sha256?: string;
}
/**
 * The files an index lists for a project: PEP 691 JSON when the index speaks it, else the PEP 503 simple
 * HTML page; a file:// index is read from disk. Only file names are needed to tell which wheel fits.
 */
export declare function projectFiles(indexUrl: string, project: string, timeoutMs?: number): Promise<IndexFile[]>;
