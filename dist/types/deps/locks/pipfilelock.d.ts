import { type LockFormat } from './lock.js';
/**
 * Pipfile.lock (JSON): "default" holds the app's packages, "develop" (and any other category) only when
 * package.groups names it. Each entry has its version ("==1.0"), hashes and markers. With a Pipfile beside
 * it, the lock's _meta hash must be the Pipfile's (as "pipenv install --deploy" checks).
 */
export declare const pipfileLock: LockFormat;
/** Pipenv's hash of a Pipfile (plette's get_hash): its sources, requires and package categories as compact JSON. */
export declare function pipfileHash(pipfile: Record<string, unknown>): string;
