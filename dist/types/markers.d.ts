import type { ZipSource } from './archive.js';
import type { Plan } from './plan.js';
import type { Interpreter } from './python.js';
/**
 * pip evaluates environment markers for the interpreter running it, not for --python-version/--platform.
 * When that interpreter is not the target's, every marker met while resolving is evaluated for both: if none
 * decides differently, the installed set is the one Lambda would get; otherwise the build stops.
 */
export declare function interpreterMatches(plan: Plan, python: Interpreter): boolean;
/** Every requirement string pip saw: the top-level ones and each installed distribution's Requires-Dist. */
export declare function requirementsSeen(topLevel: string[], installed: ZipSource[]): string[];
export declare function checkMarkers(plan: Plan, python: Interpreter, requirements: string[]): Promise<void>;
