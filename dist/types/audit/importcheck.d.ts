import type { Target } from '../config/plan.js';
import type { Interpreter } from '../python/interpreter.js';
/**
 * Import index.py (and so the entry) from the assembled zip in an isolated interpreter, as Lambda's init phase
 * will: a missing dependency fails the build instead of the first request.
 */
export declare function importCheck(target: Target, python: Interpreter, archive: Buffer): Promise<void>;
