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
/** The best wheel of a version for the target, as pip would choose it. */
export declare function bestWheel(wheels: WheelName[], target: Pick<Target, 'runtime' | 'architecture'>, platforms: string[]): {
    wheel: WheelName;
    tag: string;
} | undefined;
