import { type OptionSpec } from './options.js';
export type SettingValue = string | string[] | boolean;
/** Option values from one source, already made absolute where they are paths. */
export type SettingValues = Partial<Record<string, SettingValue>>;
export declare const DEFAULT_SETTINGS_FILE = "settings.spindrift";
/**
 * Read a settings file. A missing default file means "no settings"; a missing file the user named is an error.
 */
export declare function readSettingsFile(file: string, explicit: boolean): SettingValues;
/** Parse settings YAML into option values (paths made absolute against the file's folder). */
export declare function parseSettings(text: string, file: string): SettingValues;
/** Check one value's type, normalise it and make path values absolute against baseDir. */
export declare function checkValue(spec: OptionSpec, value: unknown, where: {
    file?: string;
    line?: number;
}, baseDir: string): SettingValue;
