/**
 * mkdir -p, one level at a time: Node's own recursive mkdir spins forever on some file systems (a folder
 * under /proc answers ENOENT for ever), so a bad output path would hang instead of failing.
 */
export declare function makeFolders(dir: string): void;
/** Best-effort cleanup on a failure path: the failure being reported matters more than this one. */
export declare function removeQuietly(file: string): void;
/** A write that failed because the disk (or the user's quota) is full. */
export declare function isDiskFull(error: unknown): boolean;
/**
 * What a file is written from: one buffer, or the parts it is made of in order (a zip's headers and entries), so
 * that a zip of tens of megabytes is written without being joined into one more copy first.
 */
export type Bytes = Buffer | readonly Buffer[];
/** How many bytes data holds. */
export declare function byteLength(data: Bytes): number;
/**
 * Replace file with data, or leave it as it was: data goes to temp (created new, beside the file), is flushed
 * and read back, then renamed into place. Returns the SHA-256 of the bytes on disk, which are the bytes asked for.
 * Throws the file system's error (the temp file removed) on any failure, ENOSPC included.
 */
export declare function replaceFile(file: string, data: Bytes, temp: string, mode?: number): Buffer;
/**
 * Put a cache file in place: written whole under temp, then renamed. Neither flushed nor read back, unlike
 * replaceFile: every cache file is checked against its hash whenever it is read, so a torn write costs a
 * rebuild, never a wrong zip, and flushing tens of megabytes of wheels would cost every cold build.
 */
export declare function keepCacheFile(file: string, data: Bytes, temp: string): void;
/**
 * The first half of replaceFile: the bytes written whole to temp, flushed and read back (a short write or a full
 * disk is caught here, never after a rename); returns the SHA-256 of what is on disk.
 */
export declare function stageFile(data: Bytes, temp: string, mode?: number): Buffer;
/**
 * stageFile for large files (the zips), with the same checks overlapped: the bytes are hashed on the main thread
 * while libuv's pool writes them, and the file is read back and compared while the pool flushes it. The digest
 * is of the bytes asked for, which the read-back proves the file holds. `hashed` gets it as soon as it is known,
 * to start work that needs it (the zip's SBOM) while the file is flushed; the staging still fails as before.
 */
export declare function stageLargeFile(data: Bytes, temp: string, { mode, hashed }?: {
    mode?: number;
    hashed?: (digest: Buffer) => void;
}): Promise<Buffer>;
/**
 * A file's bytes and the SHA-256 of exactly those bytes. The next chunks are read on libuv's pool while the
 * main thread hashes the one before, so a large file (the cached layer) costs little more than its read.
 */
export declare function readFileHashed(file: string): Promise<{
    data: Buffer;
    sha256: string;
}>;
/** A temp name beside file, unique to this process and call: `.name.<pid>.<random>.tmp`. */
export declare function tempNameBeside(file: string): string;
/** One sentence for a failed write; a full disk is named as such, and the previous file is said to be intact. */
export declare function cannotWrite(what: string, error: unknown, fix: string): string;
/**
 * A text file the run reads (a requirements file), as UTF-8: one that is not is one sentence naming the file
 * and the line of its first bad byte, instead of pip's decoding traceback later.
 */
export declare function readUtf8File(file: string, what: string): string;
