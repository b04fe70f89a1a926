import { type Environment, type Logger } from './common/log.js';
import type { Distribution, DistributionReport } from './common/report.js';
import type { RequirementSet } from './deps/requirements.js';
import type { Artefact } from './outputs/artefact.js';
import { type RemoteCache } from './deps/remote.js';
import type { Plan } from './config/plan.js';
import { type StageClock } from './common/profile.js';
export type { RemoteCache } from './deps/remote.js';
export type { DistributionReport } from './common/report.js';
export { DEFAULT_CACHE_MAX_MB, cacheEntries, cleanCache, isFolder, pruneCache } from './deps/maintenance.js';
export type { Artefact, ArtefactKind } from './outputs/artefact.js';
export { UNZIPPED_LIMIT, ZIPPED_LIMIT } from './audit/limits.js';
export { StageClock } from './common/profile.js';
export { checkLock, type CheckInputs, type CheckLine, type CheckReport } from './deps/check.js';
/** What a packaging run produced: the action's outputs, the CLI's --json and the library's return value. */
export interface PackageResult {
    /** Absolute path of the zip. */
    path: string;
    /** Hex SHA-256 of the zip. */
    sha256: string;
    /** Base64 of the raw SHA-256 digest: Terraform's source_code_hash, Lambda's CodeSha256. */
    base64Sha256: string;
    /** Zip size in bytes. */
    size: number;
    /** Sum of the files' sizes once extracted. */
    uncompressedSize: number;
    /** Lambda handler setting: always "index.handler". */
    handler: string;
    /** True when the dependency layer came from the cache and pip did not run for it. */
    cacheHit: boolean;
    /** Where the dependencies came from: "uv.lock (/path/uv.lock)", "project metadata, requirements files (…)", or "none". */
    dependencySource: string;
    /** With package.layer: the dependency layer zip the function needs (the function zip then holds only the app and the shim). */
    layer?: LayerResult;
    /** The CycloneDX SBOM written beside the zip (output.sbom). */
    sbom?: string;
    /** The distributions in this zip (none with package.layer: they are the layer's): size and why this wheel. */
    distributions: DistributionReport[];
}
/** A Lambda layer zip: what aws_lambda_layer_version (filename, source_code_hash, compatible_*) takes. */
export interface LayerResult {
    path: string;
    sha256: string;
    base64Sha256: string;
    size: number;
    uncompressedSize: number;
    compatibleRuntime: string;
    compatibleArchitecture: string;
    /** The layer zip's own CycloneDX SBOM. */
    sbom?: string;
    /** The distributions in the layer: size and why this wheel. */
    distributions: DistributionReport[];
}
/** Work the functions of one run share: one install per dependency layer key, one write per layer zip path. */
export interface SharedWork {
    /** Work keyed by everything it depends on (interpreter, installer, app stage, dependency layer): done once. */
    once: <T>(key: string, make: () => Promise<T>) => Promise<T>;
    /** By resolved path: set before the staging starts, so a function meeting it while it is written waits for it. */
    layerZips: Map<string, {
        key: string;
        staged: Promise<SharedLayerZip>;
    }>;
    /** Every zip the run writes: none of them is ever read as an app file. */
    outputs: string[];
}
/** A layer zip staged once for every function that uses it, committed (and reported) once. */
interface SharedLayerZip {
    /** Where the layer's SBOM goes, when one is written. */
    sbomPath?: string;
    commit(logger: Logger): Artefact;
    abort(): void;
}
export interface RunContext {
    logger: Logger;
    env: Environment;
    remote?: RemoteCache;
    /** Set by runPlans: what this function shares with the others of the run. */
    shared?: SharedWork;
    /** Checked between stages: once it fires, the run stops before it writes anything more. */
    signal?: AbortSignal;
    /** Times each stage when given (--profile). */
    clock?: StageClock;
}
/** Facts about the build for reports (the action's job summary), beside the result. */
export interface BuildReport {
    runtime: string;
    architecture: string;
    python: string;
    cacheKey: string;
    /** What the cache key's hash is made of, part by part. */
    cacheKeyParts: Record<string, unknown>;
    /** Highest GLIBC symbol version any dependency needs. */
    maxGlibc?: string;
    /** Dependencies with their unzipped sizes, largest first. */
    dependencies: Distribution[];
    /** Where the dependencies came from: each source and what it read. */
    dependencySources: RequirementSet['sources'];
    /** Every file the run wrote, with its hashes. */
    artefacts: Artefact[];
}
export interface PackageRun {
    result: PackageResult;
    report: BuildReport;
}
/** One function: prepared (every check passed, every file staged), then committed. */
export declare function runPlan(plan: Plan, context: RunContext): Promise<PackageRun>;
/** One function's run, named as in the settings file's functions: section (undefined for a single function). */
export interface FunctionRun {
    functionName?: string;
    run: PackageRun;
}
/**
 * Every function of the run. They are prepared concurrently (as many at once as the machine has cores),
 * sharing one install and one cached layer per dependency key; each function's log is shown in one piece, in
 * settings order. Only when every function is ready are the files renamed into place: a failure anywhere
 * leaves every previous zip as it was, and stops the run with the first failing function's error.
 */
export declare function runPlans(plans: Plan[], context: RunContext): Promise<FunctionRun[]>;
/** What --json, the action's artefacts output and the library give for a run of several functions. */
export interface RunSummary {
    functions: Record<string, PackageResult>;
    /** Each layer zip once, with the functions that use it. */
    layers: (LayerResult & {
        functions: string[];
    })[];
}
export declare function summariseRuns(runs: FunctionRun[]): RunSummary;
