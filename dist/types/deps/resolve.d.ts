import type { Logger } from '../common/log.js';
import type { Installer } from '../python/installer.js';
import { type Interpreter } from '../python/interpreter.js';
import { type InstallInputs } from './install.js';
import type { RequirementSet } from './requirements.js';
import { type ChosenWheel, type PipReportItem } from './wheels/select.js';
/** A resolution: the lines the cache key is made of and, from pip's report, the wheels it chose (or why none). */
export interface Resolution {
    lines: string[];
    wheels?: ChosenWheel[] | string;
}
/**
 * What an unlocked set resolves to for the target, now: `name==version sha256=…` per distribution, sorted.
 * The cache key is made from this, not from the requirement text, so a release inside a range is picked up
 * by the next build. pip resolves with `install --dry-run --report` and the very flags of the real install;
 * uv with `pip compile` for the same Python version and platform. undefined when resolution fails: the
 * install then fails with the installer's own words. `onLine` sees each line of pip's -vv output (where it
 * looked: see resolutionmemo.ts); only pip's warnings and errors go on to the debug log.
 */
export declare function resolveForTarget(plan: InstallInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, logger: Logger, onLine?: (line: string) => void): Promise<Resolution | undefined>;
/**
 * What uv would install, from `uv pip compile --format pylock.toml` for the target's Python version and platform
 * (with `extra` flags); undefined when uv fails. pylock.toml names the one file uv installs per package: the
 * key's lines and the wheels come from this one call.
 */
export declare function uvCompile(plan: InstallInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, extra: string[], logger: Logger): Promise<Required<Resolution> | undefined>;
/**
 * What pip would install, from `install --dry-run --report` with the real install's flags (and `extra`);
 * undefined when pip fails. With `onLine`, pip runs with -vv and every line goes to it instead of the log.
 */
export declare function pipReport(plan: InstallInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, extra: string[], logger: Logger, onLine?: (line: string) => void): Promise<PipReportItem[] | undefined>;
/** Whether a remembered value (resolutionmemo.ts) has the shape resolveForTarget gives, and its wheels are the resolved lines' files. */
export declare function isResolution(value: unknown): value is Resolution;
