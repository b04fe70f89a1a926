import type { IncomingHttpHeaders } from 'node:http';
/** Sockets per host: as many as the wheel downloader runs at once. */
export declare const MAX_SOCKETS = 6;
/** The first proxy variable set in env: a request made here would not go the installer's way. */
export declare function proxyVariable(env: Record<string, string | undefined>): string | undefined;
export interface GetOptions {
    headers?: Record<string, string>;
    /** Give up when no byte arrives for this long (connecting included). */
    idleMs?: number;
    /** Give up when the whole request, redirects included, takes longer than this. */
    timeoutMs?: number;
    /** Give up (without reading on) when the body is bigger than this. */
    maxBytes?: number;
}
export interface GetResponse {
    status: number;
    headers: IncomingHttpHeaders;
    /** The body as the server meant it: gzip and deflate content-encodings are decoded. */
    body: Buffer;
    /** Where the answer came from, after redirects (without credentials). */
    url: string;
}
/** A request that could not be completed; the message reads like node's own ("getaddrinfo ENOTFOUND host"). */
export declare class HttpError extends Error {
    readonly code?: string | undefined;
    constructor(message: string, code?: string | undefined);
}
/** Basic credentials for a URL's user:password, as pip sends them. */
export declare function basicAuth(url: URL): string;
/**
 * GETs `address`, following redirects. A user:password in the URL becomes a Basic Authorization header; an
 * Authorization header is dropped when a redirect leaves the host (scheme and port count), as Python requests does.
 */
export declare function get(address: string | URL, options?: GetOptions): Promise<GetResponse>;
