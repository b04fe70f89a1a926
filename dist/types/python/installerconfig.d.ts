import type { Environment } from '../common/log.js';
/**
 * What the installer reads on its own besides our arguments: configuration files and environment variables.
 * An index URL, find-links or a constraint set there changes what gets installed without changing anything
 * spindrift passes, so all of it is part of the cache key. Files count by level and content hash (not path),
 * so runners with other home folders share keys; credentials in variables are stripped.
 */
export declare function installerSettings(installer: 'pip' | 'uv', projectDir: string, prefix: string | undefined, env: Environment): string[];
/**
 * What uv would read on its own when run from each of these folders: its non-inert variables and its
 * configuration files. Empty means `uv build` and `uv pip install` see only spindrift's arguments.
 */
export declare function uvOwnSettings(dirs: string[], env: Environment): string[];
/** Can this pip option be left to pip when spindrift does pip's work itself (it cannot change the outcome)? */
export declare function isInertPipKey(key: string): boolean;
/** One setting of a pip configuration file: its section, key (lower case, dashes, as pip names it) and value. */
export interface PipConfigEntry {
    file: string;
    section: string;
    key: string;
    value: string;
}
/** Every setting pip's configuration files make, in loading order; an indented line continues the value above. */
export declare function pipConfigEntries(prefix: string | undefined, env: Environment): PipConfigEntry[];
/** The settings uv's configuration files make: each uv.toml's top-level keys and each [tool.uv] table's ("?" for a file that is not TOML). */
export declare function uvConfigKeys(projectDir: string, env: Environment): string[];
/**
 * The [tool.uv] table of a pyproject.toml, however it is written (tables, arrays of tables, dotted keys, an
 * inline table), as JSON with sorted keys: the rest (the version, the description) is not uv's. A file that
 * is not valid TOML counts whole, so any edit to it changes the key.
 */
export declare function uvSections(toml: string): string;
/** A find-links entry that is a folder on this machine (a path, relative to base, or a file: URL), else undefined. */
export declare function findLinksFolder(link: string, base: string): string | undefined;
