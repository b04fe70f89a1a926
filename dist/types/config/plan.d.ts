import type { Environment } from '../common/log.js';
import { type Architecture, type Runtime } from './runtimes.js';
import type { SettingValues } from './settings.js';
import { type AppOptions } from './kinds.js';
export type { AppOptions, PackageType } from './kinds.js';
/** The Lambda platform the package is for: what every install, audit and check is decided against. */
export interface Target {
    runtime: Runtime;
    architecture: Architecture;
    /** pip --platform tags for the target, newest first. */
    platformTags: string[];
}
/** Where packages come from, besides what pip and uv read from their own configuration. */
export interface IndexOptions {
    indexUrl?: string;
    extraIndexUrls: string[];
}
/** What is left out of the installed dependencies, and whether bytecode is added: part of the layer's identity. */
export interface TrimOptions {
    exclude: string[];
    stripTests: boolean;
    skipRuntimeProvided: boolean;
    compile: boolean;
}
/** Everything one packaging run needs, validated, with every default resolved; stages take the parts they use. */
export interface Plan extends Target, IndexOptions, TrimOptions, AppOptions {
    name: string;
    projectDir: string;
    requirementFiles: string[];
    python: string;
    installer: 'pip' | 'uv';
    outputPath: string;
    /** Globs that bring back files the default excludes leave out (a plain folder's .env.example, say). */
    include: string[];
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
