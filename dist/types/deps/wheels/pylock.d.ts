import type { Target } from '../../config/plan.js';
import { type ChosenWheel } from './select.js';
/** What a package's environment marker is decided by: the runtime's Python and the architecture. */
type MarkerTarget = Pick<Target, 'runtime' | 'architecture'>;
/**
 * The resolution a pylock.toml describes: `name==version sha256=…` per package (the hash of the file uv
 * installs), and its wheels, or why the fast path does not apply. undefined when the document is not a pylock
 * uv writes. uv marks every package it installs REQUESTED, dependencies too, so every wheel is "requested".
 */
export declare function pylockResolution(text: string, target?: MarkerTarget): {
    lines: string[];
    wheels: ChosenWheel[] | string;
} | undefined;
export {};
