import type { Plan } from './plan.js';
import type { Interpreter } from './python.js';
/** The program that installs dependencies: pip (through the interpreter) or uv. */
export interface Installer {
    name: 'pip' | 'uv';
    version: string;
    /** Command and leading arguments: [python, -m, pip] or [uv] / [python, -m, uv]. */
    command: string[];
}
/** Find the installer the plan asks for; uv is taken from PATH, else from the interpreter (`pip install uv`). */
export declare function findInstaller(plan: Plan, python: Interpreter): Promise<Installer>;
export declare function uvPlatform(plan: Plan): string;
