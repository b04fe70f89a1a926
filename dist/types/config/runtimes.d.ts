/** Lambda's Python runtimes: the one table every other module reads. */
export interface Runtime {
    name: string;
    /** The CPython version the runtime runs, "3.12". */
    pythonVersion: string;
    amazonLinux: 'AL2' | 'AL2023';
    /** Highest glibc symbol version the runtime's libc provides, [major, minor]. */
    glibc: readonly [number, number];
    /** Set when AWS has deprecated the runtime: the date, and the build still goes ahead with a warning. */
    deprecated?: string;
    /** Distributions the runtime itself ships (the AWS SDK and what it needs): `package.skip-runtime-provided` leaves them out. */
    provides: readonly string[];
}
/** The table, its names kept as literal types for `RuntimeName`. */
declare const RUNTIME_TABLE: readonly [{
    readonly name: "python3.9";
    readonly pythonVersion: "3.9";
    readonly amazonLinux: "AL2";
    readonly glibc: readonly [2, 26];
    readonly deprecated: "2025-12-15";
    readonly provides: string[];
}, {
    readonly name: "python3.10";
    readonly pythonVersion: "3.10";
    readonly amazonLinux: "AL2";
    readonly glibc: readonly [2, 26];
    readonly provides: string[];
}, {
    readonly name: "python3.11";
    readonly pythonVersion: "3.11";
    readonly amazonLinux: "AL2";
    readonly glibc: readonly [2, 26];
    readonly provides: string[];
}, {
    readonly name: "python3.12";
    readonly pythonVersion: "3.12";
    readonly amazonLinux: "AL2023";
    readonly glibc: readonly [2, 34];
    readonly provides: string[];
}, {
    readonly name: "python3.13";
    readonly pythonVersion: "3.13";
    readonly amazonLinux: "AL2023";
    readonly glibc: readonly [2, 34];
    readonly provides: string[];
}, {
    readonly name: "python3.14";
    readonly pythonVersion: "3.14";
    readonly amazonLinux: "AL2023";
    readonly glibc: readonly [2, 34];
    readonly provides: string[];
}];
export declare const RUNTIMES: readonly Runtime[];
/** A runtime spindrift packages for (the library's `runtime` option): current and deprecated ones, not retired. */
export type RuntimeName = (typeof RUNTIME_TABLE)[number]['name'];
export type Architecture = 'x86_64' | 'arm64';
export declare const ARCHITECTURES: readonly Architecture[];
/** The machine name in wheel tags and `platform.machine()` for each Lambda architecture. */
export declare const WHEEL_ARCH: Record<Architecture, string>;
export declare function currentRuntimeNames(): string[];
export declare function findRuntime(name: string): Runtime;
/**
 * Every platform tag pip must be given for the target: pip's --platform is an exact match, so a single
 * manylinux2014 tag would miss wheels published only as manylinux_2_28. Newest first, as pip prefers them.
 */
export declare function platformTags(runtime: Runtime, architecture: Architecture): string[];
/** "manylinux_2_5…2_26_x86_64 (and the legacy manylinux names)": the tag list in one readable phrase. */
export declare function describeTags(runtime: Runtime, architecture: Architecture): string;
export {};
