import type { Environment } from '../common/log.js';
import { type PackedEntry, type ZipSource } from './zipformat.js';
export type { ZipSource } from './zipformat.js';
/**
 * DOS date/time for every entry: SOURCE_DATE_EPOCH when set, else 1980-01-01 00:00. Computed from UTC
 * fields: a Date's local fields would make the bytes depend on the machine's time zone.
 */
export declare function dosTimestamp(env?: Environment): number;
/**
 * A deterministic zip of the sources, in byte order of their names, as its parts (see zipParts); with its entries,
 * for merging later. A source that is `packed` already (a wheel's entry) is copied as its compressed bytes.
 */
export declare function buildZip(sources: ZipSource[], timeval?: number): Promise<{
    parts: Buffer[];
    entries: PackedEntry[];
}>;
/**
 * The layer's entries with more sources merged in, all in byte order of their names; a source replaces a layer
 * entry of the same name. Layer entries are copied as compressed bytes, never recompressed, and take this
 * run's timestamp like every other entry. The zip as its parts (see zipParts).
 */
export declare function mergeIntoZip(layer: PackedEntry[], sources: ZipSource[], timeval?: number): Promise<Buffer[]>;
/** Entry names are relative, forward-slashed and never climb out of the extraction folder. */
export declare function checkEntryName(name: string): void;
/** A name that is a file and also a folder of another entry (x.py and x.py/y) cannot be extracted: refused. */
export declare function checkFileFolderClash(names: string[]): void;
export declare function isSafeEntryName(name: string): boolean;
