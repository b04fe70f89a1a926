export type TomlTable = Record<string, unknown>;
export declare const isTomlTable: (value: unknown) => value is TomlTable;
/** A TOML document parsed by smol-toml, or undefined when it is not valid TOML (the tool that reads it says why). */
export declare function parseToml(toml: string): TomlTable | undefined;
