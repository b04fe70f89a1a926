import type { Environment } from './log.js';
import { type Entry } from './entry.js';
import { type Architecture, type Runtime } from './runtimes.js';
import type { SettingValues } from './settings.js';
export type PackageType = 'plain' | 'flask';
/** Everything one packaging run needs, validated, with every default resolved. */
export interface Plan {
    name: string;
    type: PackageType;
    entry: Entry;
    /** For flask: where non-HTTP events go. */
    eventsEntry?: Entry;
    /** For flask: leading path moved into SCRIPT_NAME, normalised to "/a/b". */
    basePath?: string;
    textMimeTypes: string[];
    runtime: Runtime;
    architecture: Architecture;
    /** pip --platform tags for the target, newest first. */
    platformTags: string[];
    projectDir: string;
    requirementFiles: string[];
    python: string;
    installer: 'pip' | 'uv';
    indexUrl?: string;
    extraIndexUrls: string[];
    outputPath: string;
    exclude: string[];
    /** Globs that bring back files the default excludes leave out (a plain folder's .env.example, say). */
    include: string[];
    stripTests: boolean;
    skipRuntimeProvided: boolean;
    compile: boolean;
    importCheck: boolean;
    /** Dependency-cache folder; undefined when the cache is off. */
    cacheDir?: string;
}
export interface PlanContext {
    /** Folder that relative defaults (project, output) are taken from: the settings file's, else the cwd. */
    baseDir: string;
    env: Environment;
    /** When set (the action: the workspace), the project and requirements files must lie inside it. */
    boundary?: string;
}
/** Turn merged option values into a Plan, or fail with the first problem found. */
export declare function resolvePlan(values: SettingValues, context: PlanContext): Plan;
/** "api/v1/" → "/api/v1"; only plain URL path segments (no query, dots or encoded bytes). */
export declare function normaliseBasePath(text: string): string;
export declare function defaultCacheDir(env: Environment): string;
