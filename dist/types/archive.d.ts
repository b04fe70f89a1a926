import type { Environment } from './log.js';
import { type PackedEntry, type ZipSource } from './zipformat.js';
export type { ZipSource } from './zipformat.js';
/**
 * DOS date/time for every entry: SOURCE_DATE_EPOCH when set, else 1980-01-01 00:00. Computed from UTC
 * fields: a Date's local fields would make the bytes depend on the machine's time zone.
 */
export declare function dosTimestamp(env?: Environment): number;
/** Byte order of UTF-8 names: the same on every machine and in every locale. */
export declare function compareNames(a: string, b: string): number;
/** A deterministic zip of the sources, in byte order of their names; with its entries, for merging later. */
export declare function buildZip(sources: ZipSource[], timeval?: number): Promise<{
    zip: Buffer;
    entries: PackedEntry[];
}>;
/**
 * The layer's entries with more sources merged in, all in byte order of their names; a source replaces a layer
 * entry of the same name. Layer entries are copied as compressed bytes, never recompressed, and take this
 * run's timestamp like every other entry.
 */
export declare function mergeIntoZip(layer: PackedEntry[], sources: ZipSource[], timeval?: number): Promise<Buffer>;
/**
 * mkdir -p, one level at a time: Node's own recursive mkdir spins forever on some file systems (a folder
 * under /proc answers ENOENT for ever), so a bad output path would hang instead of failing.
 */
export declare function makeFolders(dir: string): void;
/** Entry names are relative, forward-slashed and never climb out of the extraction folder. */
export declare function checkEntryName(name: string): void;
/** Best-effort cleanup on a failure path: the failure being reported matters more than this one. */
export declare function removeQuietly(file: string): void;
export declare function removePendingTemps(): void;
export interface WrittenZip {
    path: string;
    size: number;
    sha256: string;
    base64Sha256: string;
}
/**
 * Write the zip next to its destination under a temporary name, flush it, then rename it into place: a
 * reader never sees half a zip, and a failure leaves any previous zip exactly as it was.
 */
export declare function writeAtomically(outputPath: string, data: Buffer): WrittenZip;
