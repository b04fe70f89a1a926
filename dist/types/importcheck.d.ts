import type { Plan } from './plan.js';
import type { Interpreter } from './python.js';
/**
 * Import index.py (and so the entry) from the assembled zip in an isolated interpreter, as Lambda's init phase
 * will: a missing dependency fails the build instead of the first request.
 */
export declare function importCheck(plan: Plan, python: Interpreter, archive: Buffer): Promise<void>;
