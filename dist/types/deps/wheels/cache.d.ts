/** The folder of the wheel cache (the one folder the action saves and restores for wheels). */
export declare function wheelFolder(cacheDir: string): string;
export declare class WheelCache {
    readonly cacheDir: string;
    constructor(cacheDir: string);
    private file;
    /** The cached bytes with this hash, or undefined; a file whose bytes do not match is removed. */
    get(sha256: string): Buffer | undefined;
    /** Keep verified bytes; a cache that cannot be written only costs a download next time. */
    put(sha256: string, data: Buffer): void;
}
