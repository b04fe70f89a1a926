import { SpindriftError } from '../../common/errors.js';
import type { Target } from '../../config/plan.js';
/**
 * Where a locked package comes from when it is not an index: a git commit, an archive URL, a local archive
 * or a local folder. Each is installed exactly as locked and keyed in the cache by what was locked.
 */
export type LockedSource = 
/** The full commit the lock recorded (never a branch name); subdirectory inside the repository. */
{
    kind: 'git';
    url: string;
    commit: string;
    subdirectory?: string;
}
/** An archive (wheel or sdist) at a URL, verified by the lock's hashes (LockedPackage.hashes). */
 | {
    kind: 'url';
    url: string;
    subdirectory?: string;
}
/** A local archive (wheel or sdist): keyed by its bytes, checked against the lock's hashes when it has any. */
 | {
    kind: 'file';
    path: string;
}
/** A local folder (a workspace member, a path dependency): built and installed as a package, never editable. */
 | {
    kind: 'directory';
    path: string;
    editable?: boolean;
};
/** One distribution a lock pins for the target. */
export interface LockedPackage {
    name: string;
    version: string;
    /** "sha256:<hex>" of every file the lock records for this version (pip takes any that matches). */
    hashes: string[];
    /** Set when the package does not come from an index. */
    source?: LockedSource;
}
/** What a lock yields for the target: the packages to install, and how the user refreshes it. */
export interface LockedSet {
    /** "uv.lock", "poetry.lock", "pylock.toml", "Pipfile.lock", "pinned requirements". */
    format: string;
    file: string;
    packages: LockedPackage[];
    /** How the user regenerates the lock, as a phrase ('run "uv lock"'): named when what it records no longer holds. */
    relock?: string;
}
/** What decides which of a lock's packages are installed: the target and the groups and extras asked for. */
export interface LockSelection extends Pick<Target, 'runtime' | 'architecture'> {
    projectDir: string;
    groups: string[];
    extras: string[];
}
/** One lock format: the file names it is found under, and its reader. */
export interface LockFormat {
    name: string;
    /** The refresh command named when the lock is stale. */
    refresh: string;
    /** The same as a phrase for other sentences ('run "uv lock"'). */
    relock: string;
    matches(fileName: string): boolean;
    read(file: string, selection: LockSelection): LockedSet;
}
export { list, readPyproject, readToml, table, text } from '../../common/tomlfile.js';
/** "sha256:<hex>" from the spellings locks use ("sha256:…", "sha256=…", or { sha256 = "…" }). */
export declare function sha256Of(value: unknown): string | undefined;
/** The groups and extras a project asked for that the lock does not know: a typo would silently install less. */
export declare function checkKnown(kind: 'group' | 'extra', asked: string[], known: Iterable<string>, file: string): void;
/** A stale lock stops the build, as the lockers' own --frozen/--locked installs do. */
export declare function staleLock(file: string, why: string, refresh: string, against?: string): SpindriftError;
/**
 * Python's json.dumps(value, sort_keys=True) with its default ", " and ": " separators or compact ones, non-ASCII
 * escaped as \uXXXX: what Poetry's content-hash and Pipenv's Pipfile hash are computed over.
 */
export declare function pythonJson(value: unknown, compact?: boolean): string;
/** A 40- (SHA-1) or 64-digit (SHA-256) commit id: what makes a git source exact. */
export declare function isFullCommit(value: string | undefined): value is string;
/** The sentence for a git source whose lock does not record the commit it was locked at. */
export declare function noCommit(where: string, url: string, recorded: string | undefined, relock: string): SpindriftError;
/** The sentence for an archive URL the lock records no sha256 for: it could not be verified. */
export declare function noArchiveHash(where: string, url: string, relock: string): SpindriftError;
/** A local path the lock names as a folder or an archive, by what is there now (a missing path is a sentence). */
export declare function localSource(where: string, local: string, editable?: boolean): LockedSource;
/** What a source is, in words, for the log and for sentences. */
export declare function describeSource(source: LockedSource): string;
