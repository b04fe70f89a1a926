import type { Environment } from '../../common/log.js';
import type { IndexOptions, Target } from '../../config/plan.js';
import type { LockedSet } from '../locks/lock.js';
import type { ChosenWheel } from './select.js';
export type PickInputs = Target & IndexOptions & {
    projectDir: string;
};
/**
 * The wheel of every locked package for the target, read from the indexes, or why the installer must choose
 * (a sentence fragment for one log line).
 */
export declare function pickLockedWheels(plan: PickInputs, locked: LockedSet, installer: 'pip' | 'uv', files: string[], prefix: string | undefined, env: Environment): Promise<ChosenWheel[] | string>;
