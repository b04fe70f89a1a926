import type { Target } from '../config/plan.js';
import { type LockOptions } from './locks/detect.js';
/** What `spindrift check` reads: the project's lock and the index, for one or more targets. */
export interface CheckInputs extends LockOptions {
    projectDir: string;
    requirementFiles: string[];
    groups: string[];
    extras: string[];
    member?: string;
    indexUrl?: string;
    targets: Pick<Target, 'runtime' | 'architecture'>[];
}
/** For one locked version on one target: the wheel that would be installed, or why none would. */
export interface CheckLine {
    target: string;
    name: string;
    version: string;
    fits: boolean;
    /** The file that would be installed, and its tag. */
    wheel?: string;
    tag?: string;
    /** When nothing fits: the newest version with a wheel that does, and what the locked version offers. */
    newestFitting?: string;
    reason?: string;
}
export interface CheckReport {
    lock: string;
    ok: boolean;
    lines: CheckLine[];
}
/** Read the lock for every target and ask the index which file each pinned version would install; installs nothing. */
export declare function checkLock(given: CheckInputs): Promise<CheckReport>;
