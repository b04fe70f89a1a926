import type { Environment, Logger } from '../common/log.js';
import type { IndexOptions, Target, TrimOptions } from '../config/plan.js';
import type { Distribution, WheelChoice } from '../common/report.js';
import type { Installer } from '../python/installer.js';
import type { Interpreter } from '../python/interpreter.js';
import { type RequirementSet } from './requirements.js';
import { type PackedEntry, type ZipSource } from '../zip/zipformat.js';
import { type Bytes } from '../common/fs.js';
/** What the cache key is made of besides the requirements, the interpreter and the installer. */
export type KeyInputs = Target & IndexOptions & TrimOptions & {
    projectDir: string;
};
/** Bump when the layer's contents or manifest change shape: old entries then simply stop matching. 2: our own zip writer, uv's .lock left out. */
export declare const CACHE_FORMAT = 2;
/** One file of the dependency layer, as recorded when the layer was built. */
export interface ManifestFile {
    name: string;
    size: number;
    sha256: string;
}
export interface Manifest {
    format: number;
    key: string;
    /** sha256 (hex) of deps.zip: a restore whose bytes differ is rejected. */
    zipSha256: string;
    uncompressedSize: number;
    files: ManifestFile[];
    /** Set once the binary audit passed: its rules' version and the highest GLIBC version needed. */
    audit?: {
        version: number;
        maxGlibc?: string;
    };
    /** Installed distributions with the unzipped size of their files (from their RECORD), largest first. */
    distributions: Distribution[];
    /** Why each wheel (file, tags, where from, notes), recorded when the layer was built; absent in older layers. */
    wheels?: WheelChoice[];
    /** package.exclude patterns that matched none of the installed files (for the pipeline's warning). */
    unmatchedExcludes?: string[];
}
/**
 * The dependency layer: its entries, compressed (slices of deps.zip, or of the wheels on a cold build), and its
 * manifest. The zip itself is not kept: the function zip is written from the entries.
 */
export interface Layer {
    entries: PackedEntry[];
    manifest: Manifest;
}
/**
 * The cache key: everything that decides which files pip installs. Credentials are stripped; the set of
 * requirements is hashed so the key stays short and safe for @actions/cache (no commas, ≤ 512 characters).
 */
export declare function cacheKey(plan: KeyInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, env: Environment): string;
/** What the key's hash is made of, part by part (the action's debug channel shows them). */
export declare function cacheKeyParts(plan: KeyInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, env: Environment): {
    installerSettings: string[];
    trim: (boolean | string[])[];
    interpreter: string[];
    uploadedBefore?: string | undefined;
    requirements: string[] | {
        given: string[];
        resolved: string[];
    };
    tags: string[];
    indexUrl: string | null;
    extraIndexUrls: string[];
};
/** The manifest of a layer; a file's sha256 known already (from its wheel's RECORD) is not computed again. */
export declare function describeLayer(key: string, zip: Bytes, files: ZipSource[]): Manifest;
/** Each *.dist-info's name, version and the summed size of the files its RECORD lists. */
export declare function distributionsOf(files: ZipSource[]): Distribution[];
/** Layers kept as <cacheDir>/deps/<key>/{deps.zip,manifest.json}; the folder the action saves and restores. */
export declare class LayerStore {
    readonly cacheDir: string;
    private readonly logger;
    /** Layers beyond this many bytes are evicted, least recently used first, after a new one is stored. */
    private readonly maxBytes?;
    constructor(cacheDir: string, logger: Logger, 
    /** Layers beyond this many bytes are evicted, least recently used first, after a new one is stored. */
    maxBytes?: number | undefined);
    folder(key: string): string;
    has(key: string): boolean;
    /** The stored layer, if there is one and it matches its manifest; a damaged one is removed and reported. */
    get(key: string): Promise<Layer | undefined>;
    /** Drop a stored layer that failed a check: the next run must not meet it again. */
    remove(key: string): void;
    /** Store a layer (`zip`: its bytes); true when it is now in the store. A failure only costs speed next time: a warning. */
    put(layer: Layer, zip: Bytes): boolean;
}
/** Why a layer does not match its manifest, or its entries when it does; `digest` is the zip's sha256 when known. */
export declare function verifyLayer(key: string, zip: Buffer, manifest: Manifest, digest?: string): string | {
    entries: PackedEntry[];
};
