import { type Environment, type Logger } from '../common/log.js';
import { optionName, type OptionValues } from '../config/options.js';
import { type RuntimeName } from '../config/runtimes.js';
import { type CheckReport, type PackageResult, type RunSummary } from '../pipeline.js';
export type { CheckLine, CheckReport, LayerResult, PackageResult, RunSummary } from '../pipeline.js';
export type { Environment, Logger } from '../common/log.js';
export type { RuntimeName } from '../config/runtimes.js';
export { SpindriftError } from '../common/errors.js';
export { invokeZip, buildHttpApiEvent, type InvokeOptions, type InvokeResult } from '../invoke/invoke.js';
export { serveZip, SOURCES, type ServeOptions, type Server, type EventSource } from '../invoke/serve.js';
/**
 * Options of the object form: every settings key in camelCase (`package.index-url` → `indexUrl`, `output.path`
 * → `outputPath`), derived from the one option list in src/config/options.ts, so a new option is typed as
 * soon as it is declared there. Closed sets are string-literal unions; unknown keys are type errors.
 */
export type PackageOptions = Omit<OptionValues, 'runtime'> & {
    /** The Lambda runtime: a current one, or a deprecated one (it warns); retired runtimes are refused. */
    runtime?: RuntimeName;
    /** A settings.spindrift to read first; options given here override it. */
    settingsFile?: string;
    /** Folder relative paths are taken from (default: process.cwd()). */
    cwd?: string;
    /** Progress and warnings: a spindrift Logger or the global `console`; by default only warnings, on stderr. */
    logger?: Logger | ConsoleLike;
    env?: Environment;
    /** Stops the run: the promise rejects with the signal's reason and no zip is written. */
    signal?: AbortSignal;
};
/** What the library needs of `console` (or any object shaped like it). */
export interface ConsoleLike {
    info(...data: unknown[]): void;
    warn(...data: unknown[]): void;
    debug(...data: unknown[]): void;
    group?(...label: unknown[]): void;
    groupEnd?(): void;
}
export { optionName };
declare function packageApp(options: PackageOptions): Promise<PackageResult>;
declare function packageApp(name: string, type: string, entry: string, runtime: string, outputPath: string): Promise<PackageResult>;
/** What `packager.check` reads: the project and lock options of `package`, and the targets to check. */
export interface CheckOptions {
    path?: string;
    lock?: string;
    groups?: string[];
    extras?: string[];
    /** The uv workspace member to check (package.member). */
    member?: string;
    indexUrl?: string;
    requirements?: string | string[];
    /** "python3.12" or "python3.12:arm64"; at least one. */
    targets: string[];
    cwd?: string;
    env?: Environment;
}
/**
 * Without installing anything: for each target, the wheel each locked version would install, or the newest
 * version that fits (`report.ok` is false when one does not fit).
 */
declare function checkApp(options: CheckOptions): Promise<CheckReport>;
/**
 * Every function of a settings file's functions: section (or only `functions`), in one run: one result per
 * function and each layer zip once, as `spindrift package --json` prints them.
 */
declare function packageFunctions(options: PackageOptions & {
    functions?: string[];
}): Promise<RunSummary>;
export declare const packager: {
    package: typeof packageApp;
    packageFunctions: typeof packageFunctions;
    check: typeof checkApp;
};
export default packager;
