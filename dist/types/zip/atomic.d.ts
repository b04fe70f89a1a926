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
