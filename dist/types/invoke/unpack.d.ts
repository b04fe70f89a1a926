import type { Logger } from '../common/log.js';
import { type TargetFile } from '../common/targetfile.js';
export interface UnpackedZip {
    file: string;
    /** Hex SHA-256 of the zip's bytes: the folder's name in the cache. */
    sha256: string;
    /** The extracted files: the function's task root (read-only). */
    taskRoot: string;
    /** What the zip records about its target; undefined for zips written before spindrift.json existed. */
    target?: TargetFile;
    /** True when an earlier run's extraction was reused. */
    reused: boolean;
}
export declare function unpackZip(file: string, cacheDir: string, logger: Logger): Promise<UnpackedZip>;
