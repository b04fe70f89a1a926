import type { Environment } from '../common/log.js';
import { type Plan } from './plan.js';
export interface ConfigureInput {
    /** A settings file; when not given, `settings.spindrift` in cwd is read if it exists. */
    settingsFile?: string;
    /** Values from flags or inputs (keyed by option key); empty strings mean "not given". */
    overrides: Record<string, unknown>;
    /** Where flag paths and the default settings file are looked up. */
    cwd: string;
    env: Environment;
    /** Set false to ignore a settings.spindrift in cwd when no settingsFile is given (the library does). */
    readDefaultFile?: boolean;
    /** Folder the project and requirements must stay inside (the action's workspace). */
    boundary?: string;
    /** Only these functions of the settings file's functions: section (--function); all of them when empty. */
    functions?: string[];
}
/** Settings file < flags/inputs, then validation: the one way every face gets its Plan. */
export declare function configure(input: ConfigureInput): Plan;
/**
 * One Plan per function: defaults < the settings file's top level < the function's own settings < flags. A file
 * without a functions: section is one function, exactly as before.
 */
export declare function configureAll(input: ConfigureInput): Plan[];
