import type { Environment } from './log.js';
import AdmZip from 'adm-zip';
/** One file to store in a zip: its name inside the zip ("pkg/mod.py"), bytes and whether it is executable. */
export interface ZipSource {
    name: string;
    data: Buffer;
    executable?: boolean;
}
/**
 * DOS date/time for every entry: SOURCE_DATE_EPOCH when set, else 1980-01-01 00:00. Computed from UTC
 * fields directly: adm-zip's own Date setter uses the local time zone, which would make bytes depend on TZ.
 */
export declare function dosTimestamp(env?: Environment): number;
/** Byte order of UTF-8 names: the same on every machine and in every locale. */
export declare function compareNames(a: string, b: string): number;
/**
 * Add sources to a zip (new or loaded with noSort) with fixed metadata. Sources whose name is already in the
 * zip replace that entry in place; the rest are appended in byte order of their names.
 */
export declare function addSources(zip: AdmZip, sources: ZipSource[], timeval: number): void;
/** A deterministic zip of the sources, in byte order of their names. */
export declare function buildZip(sources: ZipSource[], timeval?: number): Buffer;
/** The layer zip with more sources merged in: its entries' compressed bytes are copied, never recompressed. */
export declare function mergeIntoZip(layer: Buffer, sources: ZipSource[], timeval?: number): Buffer;
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
