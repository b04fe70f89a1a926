import type { WheelCache } from './cache.js';
import type { ChosenWheel } from './select.js';
/** A download that failed for a reason the installer may overcome (network, credentials it finds in .netrc). */
export declare class DownloadFailed extends Error {
}
export interface Fetched {
    wheel: ChosenWheel;
    data: Buffer;
    /** True when the bytes came from the wheel cache. */
    cached: boolean;
}
/**
 * Every wheel's bytes, in the order given. `indexes` are the index URLs the installer was told about: a file
 * URL on one of their hosts gets that index's credentials, as pip sends them.
 */
export declare function fetchWheels(wheels: ChosenWheel[], cache: WheelCache | undefined, indexes: string[], stallMs?: number): Promise<Fetched[]>;
