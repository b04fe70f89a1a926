import { type Bytes } from '../common/fs.js';
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
export declare function writeAtomically(outputPath: string, data: Bytes): Promise<WrittenZip>;
/** A file written, flushed and read back under a temporary name beside its destination, not yet renamed into place. */
export interface StagedFile {
    /** sha256 (hex) of the bytes as read back from the disk. */
    readonly sha256: string;
    /** Rename it into place: the one step that replaces a previous file. */
    commit(): WrittenZip;
    /** Remove the temporary file: the previous file stays exactly as it was. */
    abort(): void;
}
/**
 * The first half of an atomic write: a run that writes several files stages them all, then commits them all,
 * so a failure before the commits (a full disk included) leaves every previous file as it was.
 */
export declare function stageAtomically(outputPath: string, data: Bytes, hashed?: (sha256: string) => void): Promise<StagedFile>;
