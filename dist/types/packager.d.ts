import type { Environment, Logger } from './log.js';
import type { Plan } from './plan.js';
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
}
/** The pipeline: interpreter → app layer → requirements → dependency layer (cached) → shim → zip. */
export declare function runPlan(plan: Plan, { logger, env }: RunContext): Promise<PackageResult>;
