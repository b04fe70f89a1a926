import type { Logger } from '../common/log.js';
import type { Distribution } from '../common/report.js';
import { UNZIPPED_LIMIT, ZIPPED_LIMIT } from '../common/limits.js';
export { UNZIPPED_LIMIT, ZIPPED_LIMIT };
/** Over the unzipped limit (function and layer together) stops the build; over the direct-upload limit is a warning. Both name the largest parts. */
export declare function checkSize(runtimeName: string, zipped: number, unzipped: number, parts: Distribution[], logger: Logger): void;
/** A layer zip over 50 MB cannot be uploaded directly either. */
export declare function checkLayerZipSize(zipped: number, logger: Logger): void;
