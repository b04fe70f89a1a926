/**
 * The index options written inside requirements files (and the files they include with -r/-c), ready to be
 * written into another requirements file: every download spindrift causes, not just the install, must go to
 * the indexes the project chose. Relative --find-links paths are made absolute, as pip reads them relative to
 * the file that names them.
 */
export declare function indexOptionLines(files: readonly string[]): string[];
/**
 * Every file requirements files lead to: the files themselves, those they include (-r/-c), and local paths their
 * lines name (./lib, file:../x.whl): what the action's workspace boundary is checked against.
 */
export declare function filesNamedBy(files: readonly string[]): string[];
