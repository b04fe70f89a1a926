import type { ZipSource } from '../../zip/archive.js';
import { type PackedEntry, type StoredEntry } from '../../zip/zipformat.js';
/** A wheel the fast path does not handle; the installer path does (the reason goes into one log line). */
export declare class NotPlainWheel extends Error {
}
/** The entries of a wheel from its central directory; what the fast path never handles is a NotPlainWheel. */
export declare function rawEntries(zip: Buffer, file: string): StoredEntry[];
/** What a wheel contributes to the layer: its files (inflated, for the checks) and the raw entries behind them. */
export interface WheelFiles {
    files: ZipSource[];
    /** Each file's entry as stored in the wheel, keyed by the file's data; files missing here are compressed afresh. */
    packed: Map<Buffer, PackedEntry>;
    /** The sha256 (hex) of each file whose RECORD line gave one, checked here: the layer's manifest needs no second pass. */
    digests: Map<Buffer, string>;
}
/**
 * The files pip --target installs from one wheel, minus what spindrift never ships (console scripts in bin/,
 * the .data scripts): `*.data/purelib|platlib` and `*.data/data` at the root, and a RECORD rewritten as pip writes it. `requested`: pip marks the
 * distributions the user asked for (not those pulled in as dependencies) with an empty REQUESTED file.
 */
export declare function wheelFiles(zip: Buffer, file: string, requested: boolean, installer?: 'pip' | 'uv'): WheelFiles;
