import { type Verbosity } from '../common/log.js';
export declare function main(argv: string[]): Promise<number>;
/** -q, -v (or neither) from parsed flags. */
export declare function verbosity(values: {
    quiet?: unknown;
    verbose?: unknown;
}): Verbosity;
