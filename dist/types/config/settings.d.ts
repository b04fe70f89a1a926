import { type OptionSpec } from './options.js';
export type SettingValue = string | string[] | boolean;
/** Option values from one source, already made absolute where they are paths. */
export type SettingValues = Partial<Record<string, SettingValue>>;
/** One entry of a settings file's `functions:` map: its own package.* and output.* values. */
export interface FunctionSettings {
    name: string;
    values: SettingValues;
    /** Where the function is named in the file, for messages. */
    file: string;
    line?: number;
}
/** A settings file: the values for the whole run, and the functions when it has a `functions:` section. */
export interface SettingsDocument {
    values: SettingValues;
    functions?: FunctionSettings[];
}
export declare const DEFAULT_SETTINGS_FILE = "settings.spindrift";
/**
 * Read a settings file. A missing default file means "no settings"; a missing file the user named is an error.
 */
export declare function readSettingsFile(file: string, explicit: boolean): SettingsDocument;
/** Parse settings YAML into option values (paths made absolute against the file's folder). */
export declare function parseSettings(text: string, file: string): SettingValues;
/** Parse settings YAML: the run's values and, when there is a functions: section, each function's own. */
export declare function parseSettingsDocument(text: string, file: string): SettingsDocument;
/** Check one value's type, normalise it and make path values absolute against baseDir. */
export declare function checkValue(spec: OptionSpec, value: unknown, where: {
    file?: string;
    line?: number;
    written?: string;
}, baseDir: string): SettingValue;
/** 1-based line of setting `section.name` in a settings file, for annotating a value found wrong later. */
export declare function settingLine(file: string, key: string): number | undefined;
