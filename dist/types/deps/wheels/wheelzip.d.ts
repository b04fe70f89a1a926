import type { ZipSource } from '../../zip/archive.js';
import { type StoredEntry } from '../../zip/zipformat.js';
/** A wheel the fast path does not handle; the installer path does (the reason goes into one log line). */
export declare class NotPlainWheel extends Error {
}
/** The entries of a wheel from its central directory; what the fast path never handles is a NotPlainWheel. */
export declare function rawEntries(zip: Buffer, file: string): StoredEntry[];
/**
 * The files pip --target installs from one wheel, minus what spindrift never ships (console scripts in bin/,
 * the .data scripts): `*.data/purelib|platlib` and `*.data/data` at the root, and a RECORD rewritten as pip writes it. `requested`: pip marks the
 * distributions the user asked for (not those pulled in as dependencies) with an empty REQUESTED file. A deflated
 * entry becomes a PackedSource (a stored one is a slice of the wheel, compressed afresh), each with the sha256 its
 * RECORD line gave, checked here: the layer's manifest needs no second pass.
 */
export declare function wheelFiles(zip: Buffer, file: string, requested: boolean, installer?: 'pip' | 'uv'): ZipSource[];
