import type { Environment } from '../common/log.js';
import type { IndexOptions } from '../config/plan.js';
/** The indexes an install was told to use: the plan's, the requirements files' and the installer's variables. */
export declare function indexesOf(index: IndexOptions, requirementFiles: string[], env: Environment): string[];
/**
 * When an installer finds no such package, ask the indexes ourselves whether they work: an index that is
 * down, refuses the credentials or does not answer is the real cause, not a missing package. Returns what
 * is wrong with the first index that fails, named without its credentials, or undefined when all answer.
 */
export declare function indexProblem(urls: string[], requirement: string, env: Environment, seconds?: number): Promise<string | undefined>;
