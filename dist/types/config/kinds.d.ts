import type { Entry } from './entry.js';
export type PackageType = 'plain' | 'wsgi' | 'asgi';
/** `package.type` values that name another type: the seed's `flask` is any WSGI app. */
export declare const TYPE_ALIASES: Readonly<Record<string, PackageType>>;
/** The handler the shim calls and how it adapts events (one AppKind below per type). */
export interface AppOptions {
    type: PackageType;
    /** False when package.type was left out: the type may then be inferred from the entry object. */
    typeGiven: boolean;
    entry: Entry;
    /** For wsgi and asgi: where non-HTTP events go. */
    eventsEntry?: Entry;
    /** For wsgi and asgi: leading path moved into SCRIPT_NAME (root_path), normalised to "/a/b". */
    basePath?: string;
    textMimeTypes: string[];
    /** For wsgi and asgi: the request sent through the app before a SnapStart snapshot. */
    snapstartWarmup?: WarmupRequest;
}
/** `package.snapstart-warmup: GET /health?deep=1` parsed. */
export interface WarmupRequest {
    method: string;
    path: string;
    query: string;
}
/**
 * One kind of app behind the shim: which settings it takes and what the shim is told about it. Adding a kind
 * is one more entry here and its adapter in shim/index.py; app/shim.ts renders what shimConfig gives.
 */
export interface AppKind {
    readonly type: PackageType;
    /** Settings only web kinds use; naming one of them for another kind is an error. */
    readonly ownSettings: readonly string[];
    /** The shim's configuration (JSON data, never code) for this kind's part of the app options. */
    shimConfig(app: AppOptions): Record<string, unknown>;
}
/** Any WSGI app (Flask, Django's WSGI application…) behind the PEP 3333 adapter; ASGI 3 apps (FastAPI, Starlette, Quart, Django's ASGI application…) behind the ASGI adapter. */
export declare const APP_KINDS: readonly AppKind[];
export declare function appKind(type: PackageType): AppKind;
/** A package.type setting's value (already one of the option's choices) as the type it names. */
export declare function packageType(value: string): PackageType;
/** Settings given that belong to other kinds than the chosen one: one sentence naming them and the kinds they need. */
export declare function checkKindSettings(type: PackageType, given: readonly string[]): void;
/** "GET /health?deep=1" (the method defaults to GET) → its parts; anything else is one sentence. */
export declare function parseWarmup(text: string): WarmupRequest;
