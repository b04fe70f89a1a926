/** One file a package index lists for a project. */
export interface IndexFile {
    filename: string;
    yanked: boolean;
}
/**
 * The files an index lists for a project: PEP 691 JSON when the index speaks it, else the PEP 503 simple
 * HTML page; a file:// index is read from disk. Only file names are needed to tell which wheel fits.
 */
export declare function projectFiles(indexUrl: string, project: string): Promise<IndexFile[]>;
