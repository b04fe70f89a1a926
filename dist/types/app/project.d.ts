import type { Logger } from '../common/log.js';
import type { Installer } from '../python/installer.js';
import type { Interpreter } from '../python/interpreter.js';
import type { AppLayer } from './applayer.js';
import { type WheelInputs } from './wheel.js';
/** What the app stage reads: the project folder, what to leave out of the zip, and how to build a wheel. */
export type AppInputs = WheelInputs & {
    outputPath: string;
    include: string[];
    only: string[];
};
export type { AppLayer } from './applayer.js';
/** The app stage: a plain folder's files as they are, or the files of the project's wheel. */
export declare function collectApp(plan: AppInputs, python: Interpreter, installer: Installer, logger: Logger, otherOutputs?: string[]): Promise<AppLayer>;
