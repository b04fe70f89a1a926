/** A TOML file's data, or one sentence naming the file. */
export declare function readToml(file: string): Record<string, unknown>;
/** The project's pyproject.toml data, or undefined when it has none. */
export declare function readPyproject(projectDir: string): Record<string, unknown> | undefined;
export declare function table(value: unknown): Record<string, unknown>;
export declare function list(value: unknown): unknown[];
export declare function text(value: unknown): string | undefined;
