import type { Logger } from '../common/log.js';
import type { Target } from '../config/plan.js';
import type { ZipSource } from '../zip/archive.js';
import { type AuditResult } from './audit.js';
/**
 * Every binary must run on the target: ELF for its machine, glibc symbol versions within the runtime's, no
 * macOS, Windows or musl builds. Any problem stops the build, naming the files and their packages.
 */
export declare function checkBinaries(target: Target, files: ZipSource[], what: string, logger: Logger): AuditResult;
