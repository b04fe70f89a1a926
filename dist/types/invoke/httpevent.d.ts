import { SpindriftError } from '../common/errors.js';
/** What `spindrift invoke`'s quick form says about the request. */
export interface HttpRequestSpec {
    /** GET, POST…; upper-cased. */
    method?: string;
    /** "/hello"; may carry "?a=1", which is joined to `query`. */
    path?: string;
    /** Raw query string, "a=1&a=2" (a leading "?" is dropped). */
    query?: string;
    /** "Name: value" lines, or [name, value] pairs; names are lower-cased, repeats joined with ",". */
    headers?: (string | [string, string])[];
    /** "name=value" cookies, sent in the event's `cookies` list (as are those of a Cookie header). */
    cookies?: string[];
    /** The request body, as text. */
    body?: string;
    /** Request time (default now). */
    now?: Date;
}
/** The API an HTTP API event pretends to come from; a Host header given by the user replaces the domain. */
export declare const DEFAULT_API_ID = "spindrift";
export declare const DEFAULT_REGION = "us-east-1";
export declare const DEFAULT_ACCOUNT_ID = "123456789012";
/**
 * An API Gateway HTTP API payload format 2.0 event, as API Gateway sends it for a `$default` route:
 * lower-cased headers (with host and the x-forwarded-* API Gateway adds), cookies moved out of the Cookie
 * header into `cookies`, repeated query keys joined with "," in queryStringParameters, and a requestContext.
 * A problem with the request text throws UsageError.
 */
export declare function buildHttpApiEvent(spec: HttpRequestSpec): Record<string, unknown>;
/** API Gateway's queryStringParameters: decoded, repeated keys joined with ","; undefined when empty. */
export declare function queryParameters(raw: string): Record<string, string> | undefined;
/** "12/Mar/2020:19:03:58 +0000", as in HTTP API events. */
export declare function clfTime(date: Date): string;
/** API Gateway's request ids look like "JKJaXmPLvHcESHA=". */
export declare function apiRequestId(): string;
/** A problem with the command line itself (the CLI exits 2 for it, 1 for other SpindriftErrors). */
export declare class UsageError extends SpindriftError {
}
