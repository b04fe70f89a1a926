import type { ZipSource } from '../zip/archive.js';
import type { Target } from '../config/plan.js';
import type { Interpreter } from '../python/interpreter.js';
/**
 * pip evaluates environment markers for the interpreter running it, not for --python-version/--platform.
 * When that interpreter is not the target's, every marker met while resolving is evaluated for both: if none
 * decides differently, the installed set is the one Lambda would get; otherwise the build stops.
 */
export declare function interpreterMatches(target: Target, python: Interpreter): boolean;
/** Every requirement string pip saw: the top-level ones and each installed distribution's Requires-Dist. */
export declare function requirementsSeen(topLevel: string[], installed: ZipSource[]): string[];
export declare function checkMarkers(target: Target, python: Interpreter, requirements: string[]): Promise<void>;
