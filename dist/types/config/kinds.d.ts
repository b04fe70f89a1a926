import type { Entry } from './entry.js';
export type PackageType = 'plain' | 'flask';
/** The handler the shim calls and how it adapts events (one AppKind below per type). */
export interface AppOptions {
    type: PackageType;
    entry: Entry;
    /** For flask: where non-HTTP events go. */
    eventsEntry?: Entry;
    /** For flask: leading path moved into SCRIPT_NAME, normalised to "/a/b". */
    basePath?: string;
    textMimeTypes: string[];
}
/**
 * One kind of app behind the shim: which settings it takes and what the shim is told about it. Adding a kind
 * (ASGI next) is one more entry here and its adapter in shim/index.py; app/shim.ts renders what shimConfig gives.
 */
export interface AppKind {
    readonly type: PackageType;
    /** Settings only this kind uses; naming one of them for another kind is an error. */
    readonly ownSettings: readonly string[];
    /** The shim's configuration (JSON data, never code) for this kind's part of the app options. */
    shimConfig(app: AppOptions): Record<string, unknown>;
}
export declare const APP_KINDS: readonly AppKind[];
export declare function appKind(type: PackageType): AppKind;
/** Settings given that belong to another kind than the chosen one: one sentence naming them and the kind they need. */
export declare function checkKindSettings(type: PackageType, given: readonly string[]): void;
