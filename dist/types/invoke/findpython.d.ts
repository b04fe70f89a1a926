import type { Environment } from '../common/log.js';
/** Executables that may be Python `minor` ("3.12"), most likely first; the caller probes them to be sure. */
export declare function pythonCandidates(minor: string, env: Environment): string[];
/** The file exists and this process may run it. */
export declare function executable(file: string): boolean;
