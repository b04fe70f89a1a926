/**
 * The zip file format, written by hand: adm-zip compresses one entry at a time on the main thread, which made
 * the zip phase the slowest part of a cold build. Here entries are deflated concurrently on libuv's thread
 * pool, CRCs come from zlib's native crc32, and entries of an existing zip (the cached dependency layer) are
 * copied as their compressed bytes. Zips are read by their central directory alone (directoryOf).
 */
/** One entry ready to be written: its compressed bytes and what its headers say about them. */
export interface PackedEntry {
    name: string;
    method: typeof STORED | typeof DEFLATED;
    crc: number;
    /** Uncompressed size. */
    size: number;
    compressed: Buffer;
    executable: boolean;
}
/** A file to compress: its name in the zip, its bytes and whether it is executable. */
export interface ZipSource {
    name: string;
    /** The bytes; a PackedSource inflates them afresh on each read (see sizeOf and `head`). */
    readonly data: Buffer;
    executable?: boolean;
    /** Already compressed (a wheel's entry): a zip copies it as it is. */
    readonly packed?: PackedEntry;
    /** The first bytes, at least HEAD of them unless the file is shorter: enough to tell a binary by. */
    readonly head?: Buffer;
    /** The bytes' sha256 (hex), when already known (checked against a wheel's RECORD). */
    readonly sha256?: string;
}
/** How many bytes `head` holds: enough for binaryKind's magic numbers (and a universal Mach-O's count). */
export declare const HEAD = 16;
/**
 * A file kept as its zip entry, compressed: `data` inflates it on every read, for the reader to use and drop, so
 * a layer's files are never all held inflated at once (a cold build held every file inflated till the end).
 */
export declare class PackedSource implements ZipSource {
    readonly packed: PackedEntry;
    readonly head: Buffer;
    readonly sha256?: string | undefined;
    readonly name: string;
    readonly executable: boolean;
    constructor(packed: PackedEntry, head: Buffer, sha256?: string | undefined);
    get data(): Buffer;
}
/** A source's uncompressed size, without inflating a packed one. */
export declare function sizeOf(source: ZipSource): number;
/** An entry's bytes: a stored one's are its compressed bytes as they are. */
export declare function inflatedEntry(entry: {
    method: number;
    compressed: Buffer;
    size: number;
}): Buffer;
export declare const STORED = 0;
export declare const DEFLATED = 8;
/**
 * Compress the sources, in their order. Large files go to libuv's thread pool in pieces, a few at a time (each
 * zlib stream holds about 300 KB of state, so dispatching thousands at once would cost gigabytes); the main
 * thread meanwhile deflates the small ones, in slices, so the pool is refilled as soon as a job finishes.
 */
export declare function packSources(sources: ZipSource[]): Promise<PackedEntry[]>;
/** One entry of a zip as its directory describes it; `compressed` is a slice of the zip, never copied or inflated. */
export interface StoredEntry {
    name: string;
    method: number;
    crc: number;
    size: number;
    compressed: Buffer;
    /** Unix mode from the external attributes (0 when the zip was made on a host without one). */
    mode: number;
}
/** A zip this reader does not take: `unsupported` for what it never handles (Zip64, encryption, other methods), else damaged. */
export declare class ZipLayoutError extends Error {
    readonly unsupported: boolean;
    constructor(message: string, unsupported: boolean);
}
/**
 * The entries of a zip from its central directory, in its order: only stored or deflated entries, no Zip64, no
 * encryption (wheels and spindrift's own layers need none). Reads headers only: a layer of 10,000 files is
 * listed in milliseconds, where adm-zip took a tenth of a second.
 */
export declare function directoryOf(zip: Buffer): StoredEntry[];
/** The entries of a zip as they are stored: compressed bytes are sliced from it, never inflated. */
export declare function packedEntriesOf(zip: Buffer): PackedEntry[];
/** The zip's bytes in one buffer (see zipParts). */
export declare function writeEntries(entries: PackedEntry[], timeval: number): Buffer;
/**
 * The zip's bytes, as the parts they are made of in order: headers, and each entry's compressed bytes as they
 * are (not copied), so a zip is written and hashed without being joined into one more copy. Entries in the order
 * given, each with the same timestamp, Unix "made by", mode 0644 or 0755 and no extra fields, so the output
 * depends on nothing but the entries. Zip64 is never needed for a Lambda package (250 MB unzipped at most), so
 * sizes past the classic format's limits are refused.
 */
export declare function zipParts(entries: PackedEntry[], timeval: number): Buffer[];
