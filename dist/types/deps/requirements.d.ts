import type { LockedSet } from './locks/lock.js';
import type { ChosenWheel } from './wheels/select.js';
/** Requirements one source yields, with what they were read from. */
export interface SourcedRequirements {
    /** The kind of source, in words: "project metadata", "requirements files". */
    source: string;
    /** What the requirements were read from, files mostly (for the log, --json and the summary). */
    readFrom: string[];
    /** Requirement strings given to the installer as arguments. */
    requirements: string[];
    /** Requirements files given to the installer with -r. */
    files: string[];
    /** Set when a lock says what to install: exactly these packages, without their dependencies. */
    locked?: LockedSet;
}
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
    /** Which sources the set came from, and what each read. */
    sources: {
        source: string;
        readFrom: string[];
    }[];
    /** The locked packages for the target, when a lock is the source. */
    locked?: LockedSet;
    /** An unlocked set as resolved for the target (deps/resolve.ts): what the cache key is made of, when known. */
    resolved?: string[];
    /** The wheels that resolution chose (deps/wheels/), or why they cannot be used: not part of the cache key. */
    wheels?: ChosenWheel[] | string;
}
/** One set from what the dependency sources read (deps/sources.ts), with its normalised form for the cache key. */
export declare function gatherRequirements(readings: SourcedRequirements[]): RequirementSet;
/**
 * One spelling of a simple PEP 508 requirement, for the cache key: the same requirement written by a person in
 * pyproject.toml ("Flask >= 3, <4") and by a build backend in METADATA ("flask<4,>=3") must give one key.
 * Names and extras are normalised, specifiers sorted, a marker re-spaced and double-quoted. Anything else (URLs,
 * options, hashes) is returned unchanged: a different spelling then only means a different key.
 */
export declare function canonicalRequirement(line: string): string;
/** A local folder's content (names, modes and bytes of its files), so an edit is a new cache key. */
export declare function folderHash(dir: string): string;
