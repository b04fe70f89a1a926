import { type RequirementSet, type SourcedRequirements } from './requirements.js';
import { type LockOptions, type LockSelection } from './locks/detect.js';
export type { SourcedRequirements } from './requirements.js';
/** What a dependency source reads: the project folder, its requirements files and, once built, what it declares. */
export interface ProjectFacts {
    projectDir: string;
    requirementFiles: string[];
    /** The built project's Requires-Dist; undefined before the app stage has run. */
    declaredDependencies?: string[];
    /** package.lock, the target the lock's markers are decided for, and the groups and extras asked for. */
    locks?: LockOptions & Omit<LockSelection, 'projectDir'>;
}
/** 'none': nothing to install from this source; 'not-yet': only the built project can tell. */
export type SourceReading = SourcedRequirements | 'none' | 'not-yet';
/** One kind of input that says what to install: requirements files, project metadata (next: each lock format). */
export interface DependencySource {
    readonly name: string;
    read(project: ProjectFacts): SourceReading;
}
/**
 * A lock (deps/locks/): when there is one, it alone says what to install, for the target; the project's
 * metadata and requirements files are then not installed from (uv and Poetry locks are checked against them).
 */
export declare const lockFile: DependencySource;
/** Requires-Dist of the project: the built wheel's, or before the build the static list in pyproject.toml. */
export declare const projectMetadata: DependencySource;
/** The requirements files package.requirements names (requirements.txt by default), handed to the installer with -r. */
export declare const requirementsFiles: DependencySource;
/** Every source, in the order their requirements are given to the installer. */
export declare const DEPENDENCY_SOURCES: readonly DependencySource[];
/** The requirement set the sources yield together, or undefined while one of them needs the built project. */
export declare function requirementsFrom(project: ProjectFacts, sources?: readonly DependencySource[]): RequirementSet | undefined;
/**
 * The dependencies a project with static metadata will declare, read from pyproject.toml before its wheel is
 * built; undefined when they cannot be known for sure (no metadata, dynamic metadata, unusual TOML).
 */
export declare function predictedDependencies(projectDir: string): string[] | undefined;
