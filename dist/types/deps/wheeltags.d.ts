import type { Target } from '../config/plan.js';
/** A wheel's file name read as PEP 427 spells it: its version and every python-abi-platform tag it carries. */
export interface WheelName {
    version: string;
    tags: {
        python: string;
        abi: string;
        platform: string;
    }[];
    filename: string;
}
export declare function parseWheel(filename: string): WheelName | undefined;
/**
 * Every tag the target's CPython accepts, best first, in the order pip and uv both take from the packaging
 * library: this interpreter's ABI on every platform, then abi3, then no ABI; abi3 of older CPythons; pure
 * Python tags per platform (py3X, py3, py3(X-1)…); and last the "any" platform.
 */
export declare function supportedTags(target: Pick<Target, 'runtime' | 'architecture'>, platforms: string[]): string[];
/** The best wheel of a version for the target, as pip would choose it. */
export declare function bestWheel(wheels: WheelName[], target: Pick<Target, 'runtime' | 'architecture'>, platforms: string[]): {
    wheel: WheelName;
    tag: string;
} | undefined;
