import { type ChosenWheel } from './select.js';
/**
 * The resolution a pylock.toml describes: `name==version sha256=…` per package (the hash of the file uv
 * installs), and its wheels, or why the fast path does not apply. undefined when the document is not a pylock
 * uv writes. uv marks every package it installs REQUESTED, dependencies too, so every wheel is "requested".
 */
export declare function pylockResolution(text: string): {
    lines: string[];
    wheels: ChosenWheel[] | string;
} | undefined;
