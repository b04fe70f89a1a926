import { type ZipSource } from '../zip/archive.js';
import type { Logger } from '../common/log.js';
import type { Target } from '../config/plan.js';
import { type Interpreter } from './interpreter.js';
/** Bytecode is only valid for the exact minor version that wrote it: anything else would be ignored or worse. */
export declare function checkCompiler(target: Target, python: Interpreter): void;
/**
 * Add __pycache__/*.pyc for every .py file. unchecked-hash pycs carry no timestamp, and file names are recorded
 * as Lambda will see them (/var/task/…), so the bytes do not depend on this machine's paths or clocks.
 */
export declare function compileFiles(target: Target, python: Interpreter, files: ZipSource[], logger: Logger): Promise<ZipSource[]>;
