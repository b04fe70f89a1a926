import { type Environment, type Logger } from './log.js';
import type { Plan } from './plan.js';
import type { Distribution } from './report.js';
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
}
/** What the action adds to the local layer store: a shared cache (GitHub's) restored into and saved from its folder. */
export interface RemoteCache {
    /** Fill `folder` with the entry saved under `key`; false on a miss or any failure (after warning). */
    restore(folder: string, key: string): Promise<boolean>;
    /** Save `folder` under `key`; failures are warnings. */
    save(folder: string, key: string): Promise<void>;
}
export interface RunContext {
    logger: Logger;
    env: Environment;
    remote?: RemoteCache;
}
/** Facts about the build for reports (the action's job summary), beside the result. */
export interface BuildReport {
    runtime: string;
    architecture: string;
    python: string;
    cacheKey: string;
    /** Highest GLIBC symbol version any dependency needs. */
    maxGlibc?: string;
    /** Dependencies with their unzipped sizes, largest first. */
    dependencies: Distribution[];
}
export interface PackageRun {
    result: PackageResult;
    report: BuildReport;
}
/** The pipeline: interpreter → app layer → requirements → dependency layer (cached) → shim → zip. */
export declare function runPlan(plan: Plan, { logger, env, remote }: RunContext): Promise<PackageRun>;
/** Lambda's limits: 50 MB for a zip uploaded directly, 262,144,000 bytes unzipped (layers included). */
export declare const ZIPPED_LIMIT: number;
export declare const UNZIPPED_LIMIT = 262144000;
