import type { AppOptions } from '../config/kinds.js';
/** The shim owns index.py, and each entry module must be somewhere in the zip (app files or dependencies). */
export declare function checkContents(app: AppOptions, projectDir: string, dependencyNames: string[], appNames: string[]): void;
/** What the dependencies (fresh or cached) may not ship: anything Python would import as "index". */
export declare function checkDependencyNames(names: string[], what: string): void;
