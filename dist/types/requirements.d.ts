import type { Plan } from './plan.js';
/** What pip is asked to install, and everything that decides what it will pick. */
export interface RequirementSet {
    /** Requirement strings given to pip as arguments (the project's Requires-Dist). */
    requirements: string[];
    /** Requirements files given to pip with -r. */
    files: string[];
    /**
     * The normalised form hashed into the cache key: requirement lines (files followed through -r/-c, comments
     * and blank lines dropped, credentials removed, local files replaced by their hash), sorted and de-duplicated.
     */
    normalised: string[];
}
/** pip options that choose the package index, from the plan and from pip's own environment variables. */
export declare function indexArgs(plan: Plan): string[];
export declare function gatherRequirements(declared: string[], files: string[]): RequirementSet;
/** https://user:token@host/simple → https://host/simple: credentials never enter keys or logs. */
export declare function stripCredentials(text: string): string;
