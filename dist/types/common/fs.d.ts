/**
 * mkdir -p, one level at a time: Node's own recursive mkdir spins forever on some file systems (a folder
 * under /proc answers ENOENT for ever), so a bad output path would hang instead of failing.
 */
export declare function makeFolders(dir: string): void;
/** Best-effort cleanup on a failure path: the failure being reported matters more than this one. */
export declare function removeQuietly(file: string): void;
