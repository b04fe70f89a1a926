/** True when the project's metadata is static: the build backend may not compute any of it. */
export declare function hasStaticMetadata(toml: string, fileNames: Set<string>): boolean;
/**
 * The [project] dependencies of a project with static metadata, or undefined when they cannot be known for
 * sure: dynamic metadata, or optional dependencies (they reach the wheel as "extra" markers in the backend's
 * own wording), or a dependencies value that is not a list of strings.
 */
export declare function staticDependencies(toml: string, fileNames: Set<string>): string[] | undefined;
