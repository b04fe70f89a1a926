import type { Target } from '../config/plan.js';
export interface CheckOutcome {
    /** The newest GLIBC version an ELF needs, as the audit found it. */
    maxGlibc?: string;
    /** The audit's notes as they were logged (warnings that never fail the build), logged again on reuse. */
    warnings: string[];
}
export interface CheckMemoInputs {
    cacheDir: string;
    key: string;
    zipSha256: string;
    /** The audit's rules version: new rules mean checking again. */
    auditVersion: number;
    target: Target;
}
/** The outcome recorded for these bytes, key and target, or undefined (none, unreadable or malformed: check again). */
export declare function checkedBefore(inputs: CheckMemoInputs): CheckOutcome | undefined;
/** Record what the checks found; a failure to write only costs the full checks next time. */
export declare function recordChecked(inputs: CheckMemoInputs, outcome: CheckOutcome): void;
