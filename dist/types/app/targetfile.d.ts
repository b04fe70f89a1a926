import type { ZipSource } from '../zip/archive.js';
import type { AppOptions, Target } from '../config/plan.js';
/** spindrift.json for the zip: the target it was built for, beside the shim (see common/targetfile.ts). */
export declare function renderTargetFile(target: Pick<Target, 'runtime' | 'architecture'>, app: Pick<AppOptions, 'type'>): ZipSource;
