import type { Environment, Logger } from '../common/log.js';
import type { IndexOptions } from '../config/plan.js';
/** A memo older than this is resolved again whatever the pages say (a last guard against what pages cannot show). */
export declare const MEMO_MAX_AGE_MS: number;
export interface MemoInputs {
    cacheDir?: string;
    installer: 'pip' | 'uv';
    /** Everything the resolution depends on besides what pip reads: the requirement set's key parts, interpreter, installer. */
    keyParts: unknown;
    /** Requirement lines as normalised for the key: a direct URL among them is read outside any index page. */
    normalised: readonly string[];
    /** Index and find-links URLs as configured, credentials included: put back into pip's redacted URLs. */
    configuredUrls: readonly string[];
    env: Environment;
    logger: Logger;
}
/**
 * The resolution `resolve` gives, or the memo's when nothing pip read has changed since. `resolve` is handed a
 * line observer for pip's -vv output; `isValue` says whether a memo's stored value has the expected shape.
 */
export declare function rememberedResolution<T>(inputs: MemoInputs, resolve: (onLine?: (line: string) => void) => Promise<T | undefined>, isValue: (value: unknown) => value is T): Promise<T | undefined>;
/** The index and find-links URLs an install is told about, with their credentials (pip prints them redacted). */
export declare function configuredUrls(index: IndexOptions, requirementFiles: string[], env: Environment): string[];
