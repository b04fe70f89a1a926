import { SpindriftError } from '../common/errors.js';
import { type ZipSource } from '../zip/zipformat.js';
/**
 * Installed files that only work on the machine that installed them never ship: pip's editable finders
 * (`__editable__*`, which import the code from the build machine's folder) and `.pth` lines naming a folder
 * outside the zip. The zip would import without error here and fail on Lambda, so this stops the build.
 */
export declare function checkShippable(files: readonly ZipSource[], what: string): void;
/** The sentence for a dependency file over Lambda's unzipped limit, naming its distribution (from the RECORDs). */
export declare function oversized(name: string, size: number, what: string, files: readonly ZipSource[]): SpindriftError;
