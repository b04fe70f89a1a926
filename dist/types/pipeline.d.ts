import { type Environment, type Logger } from './common/log.js';
import type { Distribution } from './common/report.js';
import type { Plan } from './config/plan.js';
import type { RequirementSet } from './deps/requirements.js';
import type { Artefact } from './outputs/artefact.js';
import { type RemoteCache } from './deps/remote.js';
export type { RemoteCache } from './deps/remote.js';
export type { Artefact, ArtefactKind } from './outputs/artefact.js';
export { UNZIPPED_LIMIT, ZIPPED_LIMIT } from './audit/limits.js';
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
    /** Where the dependencies came from: each source and what it read. */
    dependencySources: RequirementSet['sources'];
    /** Every file the run wrote, with its hashes. */
    artefacts: Artefact[];
}
export interface PackageRun {
    result: PackageResult;
    report: BuildReport;
}
export declare function runPlan(plan: Plan, { logger, env, remote }: RunContext): Promise<PackageRun>;
