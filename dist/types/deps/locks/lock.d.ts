import { SpindriftError } from '../../common/errors.js';
import type { Target } from '../../config/plan.js';
/** One distribution a lock pins for the target. */
export interface LockedPackage {
    name: string;
    version: string;
    /** "sha256:<hex>" of every file the lock records for this version (pip takes any that matches). */
    hashes: string[];
    /** A local directory (a workspace member, a path dependency): built and installed, never editable. */
    directory?: string;
}
/** What a lock yields for the target: the packages to install, and how the user refreshes it. */
export interface LockedSet {
    /** "uv.lock", "poetry.lock", "pylock.toml", "Pipfile.lock", "pinned requirements". */
    format: string;
    file: string;
    packages: LockedPackage[];
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
    matches(fileName: string): boolean;
    read(file: string, selection: LockSelection): LockedSet;
}
/** A TOML file's data, or one sentence naming the file. */
export declare function readToml(file: string): Record<string, unknown>;
/** The project's pyproject.toml data, or undefined when it has none. */
export declare function readPyproject(projectDir: string): Record<string, unknown> | undefined;
export declare function table(value: unknown): Record<string, unknown>;
export declare function list(value: unknown): unknown[];
export declare function text(value: unknown): string | undefined;
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
