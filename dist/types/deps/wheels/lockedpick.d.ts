import type { Environment } from '../../common/log.js';
import type { IndexOptions, Target } from '../../config/plan.js';
import { type IndexFile } from '../indexpages.js';
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
/** A file the installer may take; `local` when it sits in a find-links folder, whose hash pip learns only by reading it. */
export type ListedFile = IndexFile & {
    local?: boolean;
};
/**
 * The file the installer takes among one version's, as pip orders them under hashes: a file whose index-given
 * hash the lock names before one whose hash is not known yet (a find-links file, an index without hashes), a
 * file with another hash left out; then not yanked before yanked (a pin lets a yanked file in), the best-ranked
 * tag on the target, the higher build number. Without `locked` (no hashes to go by) every file counts. With
 * the tag it is taken for; undefined when no wheel fits.
 */
export declare function installerChoice<F extends ListedFile>(files: F[], locked: Set<string> | undefined, target: Pick<Target, 'runtime' | 'architecture'>, platforms: string[]): {
    file: F;
    tag: string;
} | undefined;
