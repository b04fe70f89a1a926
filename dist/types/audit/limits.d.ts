import type { Logger } from '../common/log.js';
import type { Distribution } from '../common/report.js';
/** Lambda's limits: 50 MB for a zip uploaded directly, 262,144,000 bytes unzipped (layers included). */
export declare const ZIPPED_LIMIT: number;
export declare const UNZIPPED_LIMIT = 262144000;
/** Over the unzipped limit (function and layer together) stops the build; over the direct-upload limit is a warning. Both name the largest parts. */
export declare function checkSize(runtimeName: string, zipped: number, unzipped: number, parts: Distribution[], logger: Logger): void;
/** A layer zip over 50 MB cannot be uploaded directly either. */
export declare function checkLayerZipSize(zipped: number, logger: Logger): void;
