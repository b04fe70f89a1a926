/** Lambda's Python runtimes: the one table every other module reads. */
export interface Runtime {
    name: string;
    /** The CPython version the runtime runs, "3.12". */
    pythonVersion: string;
    amazonLinux: 'AL2' | 'AL2023';
    /** Highest glibc symbol version the runtime's libc provides, [major, minor]. */
    glibc: [number, number];
    /** Set when AWS has deprecated the runtime: the date, and the build still goes ahead with a warning. */
    deprecated?: string;
    /** Distributions the runtime itself ships (the AWS SDK and what it needs): `package.skip-runtime-provided` leaves them out. */
    provides: readonly string[];
}
export declare const RUNTIMES: readonly Runtime[];
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
