import type { Logger } from '../common/log.js';
/** One output line as a step, or undefined for lines that say nothing about progress. */
export declare function installerStep(line: string): {
    step: string;
    newPackage: boolean;
    total?: number;
} | undefined;
/**
 * A logger that also reports the installer's progress: each output line still goes to debug, and the lines
 * that say what it is doing become Progress updates for `task`. Call done() when the installer has finished.
 */
export declare function withInstallerProgress(logger: Logger, task: string): {
    logger: Logger;
    done(): void;
};
