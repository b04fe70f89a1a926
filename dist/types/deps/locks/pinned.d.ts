import { SpindriftError } from '../../common/errors.js';
import { type LockedSet, type LockSelection } from './lock.js';
/**
 * Requirements files that pin every requirement with == and a --hash (what "uv export" and
 * "pip-compile --generate-hashes" write) are a lock: exactly those versions are installed, and nothing else.
 * A line naming the project folder itself ("-e ." or ".") is the app, which the app stage builds.
 * Returns undefined when the files are not such a lock (then they are ordinary requirements).
 */
export declare function readPinnedRequirements(files: string[], selection: LockSelection): LockedSet | undefined;
export declare function editableRefused(where: string, requirement: string): SpindriftError;
