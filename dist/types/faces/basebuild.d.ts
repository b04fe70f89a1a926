import type { Environment, Logger } from '../common/log.js';
import type { FunctionRun } from '../pipeline.js';
import { type Comparison } from './prchanges.js';
/** What this run is for the comparison: a push build of the default branch, a pull request, or neither. */
export type BuildEvent = {
    kind: 'base-push';
    branch: string;
} | {
    kind: 'pull-request';
    base: string;
    number?: number;
} | {
    kind: 'other';
};
export declare function buildEvent(env: Environment): BuildEvent;
/** One function's comparison with the base branch's last build, or why there is none. */
export type BaseComparison = {
    base: string;
    comparison: Comparison;
    html: string;
} | {
    base: string;
    missing: true;
};
export interface ComparisonInputs {
    runs: FunctionRun[];
    /** The name each run is known by (the function's, or package.name for a single function). */
    names: string[];
    /** Where the manifests are kept on the runner: the same path on every run, as GitHub's cache versions by path. */
    folder: string;
    /** save-cache allows writing to GitHub's cache at all. */
    mayWrite: boolean;
    seconds: number;
    /** This run's id (GITHUB_RUN_ID and attempt): a base build's key must be new. */
    runId: string;
}
/**
 * A push build of the default branch saves each function's manifest; a pull_request build restores the base
 * branch's and compares. Anything the cache service does wrong is a warning: the build itself is done.
 */
export declare function baseComparisons(event: BuildEvent, inputs: ComparisonInputs, logger: Logger): Promise<(BaseComparison | undefined)[]>;
/** Keys are immutable in GitHub's cache: each base build saves under prefix + its run, and a restore takes the newest. */
export declare function keyPrefix(branch: string, name: string, { run }: FunctionRun): string;
/** The folder the manifests live in on the runner: beside the dependency cache, else in the temp folder. */
export declare function manifestFolder(cacheDir: string | undefined): string;
/**
 * Post the comparison on the pull request with the workflow's token (GitHub's REST API), updating the comment
 * an earlier run posted. A refusal is a warning: the job summary has the same.
 */
export declare function postComment(env: Environment, number: number, token: string, body: string, logger: Logger): Promise<void>;
