import type { Logger } from '../common/log.js';
import type { AppOptions, PackageType, Target } from '../config/plan.js';
import type { Interpreter } from '../python/interpreter.js';
/**
 * Import index.py (and so the entry) from the assembled zip in an isolated interpreter, as Lambda's init phase
 * will: a missing dependency, or an entry that is not what package.type says, fails the build instead of the
 * first request.
 */
export declare function importCheck(target: Target, python: Interpreter, archive: readonly Buffer[]): Promise<void>;
/**
 * When package.type was left out, import the zip built as plain and take the type the shim's check names (a
 * FastAPI app: asgi; a Flask app: wsgi). Only where this Python can import the package as the runtime would;
 * elsewhere the type stays plain and the shim's init check still names a mismatch. Returns the type to rebuild
 * the shim with, or undefined to keep it; says what it chose either way.
 */
export declare function inferType(target: Target, app: AppOptions, python: Interpreter, archive: readonly Buffer[], logger: Logger): Promise<PackageType | undefined>;
