import { type Environment, type Logger } from '../common/log.js';
import { type PackageResult } from '../pipeline.js';
export type { PackageResult } from '../pipeline.js';
export type { Environment, Logger } from '../common/log.js';
export { SpindriftError } from '../common/errors.js';
export { invokeZip, buildHttpApiEvent, type InvokeOptions, type InvokeResult } from '../invoke/invoke.js';
/** Options of the object form: each settings key in camelCase (`package.index-url` → `indexUrl`, `output.path` → `outputPath`). */
export interface PackageOptions {
    name?: string;
    type?: 'plain' | 'flask';
    entry?: string;
    runtime?: string;
    architecture?: 'x86_64' | 'arm64';
    /** Project folder (default: cwd). */
    path?: string;
    requirements?: string | string[];
    python?: string;
    indexUrl?: string;
    extraIndexUrl?: string | string[];
    outputPath?: string;
    /** Use the dependency cache (default true). */
    cache?: boolean;
    /** A settings.spindrift to read first; options given here override it. */
    settingsFile?: string;
    /** Folder relative paths are taken from (default: process.cwd()). */
    cwd?: string;
    /** Progress and warnings; by default only warnings, on stderr. */
    logger?: Logger;
    env?: Environment;
}
/** `package.index-url` → `indexUrl`; `output.path` → `outputPath`. */
export declare function optionName(key: string): string;
declare function packageApp(options: PackageOptions): Promise<PackageResult>;
declare function packageApp(name: string, type: string, entry: string, runtime: string, outputPath: string): Promise<PackageResult>;
export declare const packager: {
    package: typeof packageApp;
};
export default packager;
