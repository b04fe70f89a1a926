import type { IndexOptions, Plan, Target } from '../config/plan.js';
import type { Interpreter } from './interpreter.js';
/** The program that installs dependencies: pip (through the interpreter) or uv. */
export interface Installer {
    name: 'pip' | 'uv';
    version: string;
    /** Command and leading arguments: [python, -m, pip] or [uv] / [python, -m, uv]. */
    command: string[];
}
/** Find the installer the plan asks for; uv is taken from PATH, else from the interpreter (`pip install uv`). */
export declare function findInstaller(plan: Pick<Plan, 'installer'>, python: Interpreter): Promise<Installer>;
export declare function uvPlatform(target: Target): string;
/** Installer options that choose the package index (pip and uv also read their own variables and files). */
export declare function indexArgs(index: IndexOptions): string[];
