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
    /** package.cooldown-days: only distributions uploaded before this instant (ISO 8601, midnight UTC). */
    uploadedBefore?: string;
    cooldownDays?: number;
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
    /** package.lock: a lock file's path, "none", or undefined to look for one. */
    lock?: string;
    groups: string[];
    extras: string[];
    /** package.member: the uv workspace member packaged (projectDir is its folder, lock the workspace's uv.lock). */
    member?: string;
    /** package.python; undefined: look for the runtime's own Python (python/discover.ts). */
    python?: string;
    installer: 'pip' | 'uv';
    outputPath: string;
    /** Write a CycloneDX SBOM beside each zip (output.sbom). */
    sbom: boolean;
    /** With package.layer: the dependencies go to a layer zip here, the function zip holds the app and the shim. */
    layerPath?: string;
    /** The function's name under the settings file's functions: section; undefined for a single-function file. */
    functionName?: string;
    /** Globs that bring back files the default excludes leave out (a plain folder's .env.example, say). */
    include: string[];
    /** A plain folder's allow-list: when not empty, only files matching one of these globs ship. */
    only: string[];
    importCheck: boolean;
    /** Seconds an external step may run before it is stopped (package.timeout). */
    timeout: number;
    /** Dependency-cache folder; undefined when the cache is off. */
    cacheDir?: string;
}
export interface PlanContext {
    /** Folder that relative defaults (project, output) are taken from: the settings file's, else the cwd. */
    baseDir: string;
    env: Environment;
    /** When set (the action: the workspace), the project and requirements files must lie inside it. */
    boundary?: string;
    /** The settings file the values came from, if any: the output may not replace it. */
    settingsFile?: string;
    /** The function being planned, under a settings file's functions: section. */
    functionName?: string;
}
/** Turn merged option values into a Plan, or fail with the first problem found. */
export declare function resolvePlan(values: SettingValues, context: PlanContext): Plan;
/**
 * Refuse an output path that would replace one of the project's inputs (the settings file, a requirements
 * file, a file of the project that is not a zip) or something that is not a regular file (a FIFO, a device):
 * checked before anything is written, so the mistake costs nothing.
 */
/** Whether file (resolved through links, even if it does not exist yet) lies inside folder. */
export declare function isInsideFolder(file: string, folder: string): boolean;
export declare function checkOutputIsNotAnInput(outputPath: string, projectDir: string, inputs: {
    what: string;
    file: string;
}[]): void;
/** "api/v1/" → "/api/v1"; only plain URL path segments (no query, dots or encoded bytes). */
export declare function normaliseBasePath(text: string): string;
/** $SPINDRIFT_CACHE_DIR, else $XDG_CACHE_HOME/spindrift (an absolute one, as the XDG spec says), else ~/.cache/spindrift. */
export declare function defaultCacheDir(env: Environment): string;
/** N days before today's midnight UTC: the same cutoff (and cache key) all day. */
export declare function cooldownCutoff(days: number, now: Date): string;
