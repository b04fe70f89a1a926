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
/** A project or extra name as PEP 503 compares them: lower case, runs of -_. as one -. */
export declare const canonicalName: (name: string) => string;
/**
 * One spelling of a simple PEP 508 requirement, for the cache key: the same requirement written by a person in
 * pyproject.toml ("Flask >= 3, <4") and by a build backend in METADATA ("flask<4,>=3") must give one key.
 * Names and extras are normalised, specifiers sorted, a marker re-spaced and double-quoted. Anything else (URLs,
 * options, hashes) is returned unchanged: a different spelling then only means a different key.
 */
export declare function canonicalRequirement(line: string): string;
/** https://user:token@host/simple → https://host/simple: credentials never enter keys or logs. */
export declare function stripCredentials(text: string): string;
