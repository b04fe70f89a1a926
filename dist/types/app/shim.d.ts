import type { ZipSource } from '../zip/archive.js';
import type { AppOptions } from '../config/plan.js';
/** Lambda's handler setting for every zip spindrift writes. */
export declare const HANDLER = "index.handler";
/** How shim/index.py begins: recognises zips spindrift wrote. */
export declare const SHIM_SIGNATURE = "\"\"\"spindrift handler shim";
/**
 * index.py for the app: the fixed shim with its one `_CONFIG = …` line replaced by the parsed entry, as
 * JSON inside a Python string literal. User text never becomes code.
 */
export declare function renderShim(app: AppOptions, template?: string): ZipSource;
