import type { Target } from '../config/plan.js';
interface Version {
    epoch: number;
    release: number[];
    /** [kind, n]: a=0, b=1, rc=2; undefined for a final release. */
    pre?: [number, number];
    post?: number;
    dev?: number;
}
export declare function parseVersion(text: string): Version | undefined;
/** Negative, zero or positive, as a sorts before, with or after b (PEP 440 ordering, local labels ignored). */
export declare function compareVersions(a: Version, b: Version): number;
/** Are these the same version (PEP 440: 1.0 is 1.0.0)? Texts that do not parse are compared as they are. */
export declare function sameVersion(a: string, b: string): boolean;
/** Does the version satisfy every clause of a specifier such as ">=3.10,<4" or "==2.*"? undefined: cannot tell. */
export declare function satisfies(versionText: string, specifier: string): boolean | undefined;
/** The values markers are evaluated with; `extras` and `dependency_groups` are PEP 751's set-valued ones. */
export interface MarkerEnvironment {
    values: Record<string, string>;
    extras: Set<string>;
    groups: Set<string>;
}
/** The marker environment of a Lambda runtime on its architecture, at one patch release of its Python. */
export declare function targetEnvironment(target: Pick<Target, 'runtime' | 'architecture'>, patch: number, extras?: Iterable<string>, groups?: Iterable<string>): MarkerEnvironment;
/** Evaluate a PEP 508 marker; throws a plain Error for a marker it cannot read (the caller words the sentence). */
export declare function evaluateMarker(marker: string, env: MarkerEnvironment): boolean;
/**
 * Does a marker hold on the target? Decided at the first and a late patch release of the runtime's Python;
 * a marker that depends on the patch level cannot be decided ahead of time, and a marker that cannot be read
 * is never guessed: both stop the build, naming where the marker is.
 */
export declare function holdsOnTarget(marker: string | undefined, target: Pick<Target, 'runtime' | 'architecture'>, where: string, extras?: Iterable<string>, groups?: Iterable<string>, extra?: string[]): boolean;
/** The parts of a PEP 508 requirement a lock is compared with; undefined for a line that is not one. */
export interface ParsedRequirement {
    name: string;
    extras: string[];
    specifier: string;
    url?: string;
    marker?: string;
}
export declare function parseRequirement(line: string): ParsedRequirement | undefined;
/** ">= 1.0, <2" → "<2,>=1.0": one spelling for comparing two specifiers. */
export declare function normaliseSpecifier(specifier: string): string;
export {};
