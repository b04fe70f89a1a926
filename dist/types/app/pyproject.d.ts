/**
 * What can be known of a project from its pyproject.toml without building it: whether its metadata is static
 * (PEP 621: no setup.py or setup.cfg, a [project] table, nothing `dynamic`), and then its dependency list.
 * Only a narrow, common subset of TOML is read; anything else answers "unknown", never a guess. Callers use the
 * answers to start work early and check them against the built wheel.
 */
/** True when the project's metadata is static: the build backend may not compute any of it. */
export declare function hasStaticMetadata(toml: string, fileNames: Set<string>): boolean;
/**
 * The [project] dependencies of a project with static metadata, or undefined when they cannot be read for sure:
 * dynamic metadata, optional dependencies (they reach the wheel as "extra" markers in the backend's own
 * wording), or a list written in TOML this reader does not handle (escapes, multi-line strings, inline tables).
 */
export declare function staticDependencies(toml: string, fileNames: Set<string>): string[] | undefined;
