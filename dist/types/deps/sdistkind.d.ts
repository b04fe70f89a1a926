import type { IndexFile } from './indexpages.js';
/** What an sdist builds: a pure-Python wheel (fits anywhere), compiled code (needs a build for the target), or unknown. */
export type SdistKind = 'pure' | 'compiled' | 'unknown';
/** Told from the sdist's file list (fetched from the index); unknown when the list cannot be read. */
export declare function sdistKind(file: IndexFile): Promise<SdistKind>;
