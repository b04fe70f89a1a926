import type { EventSource } from './eventsources.js';
export interface IncomingRequest {
    method: string;
    /** Path and query as sent: "/a/b?x=1&x=2". */
    url: string;
    /** Raw header pairs in arrival order (Node's rawHeaders, paired). */
    headers: [string, string][];
    body: Buffer;
    remoteAddress: string;
}
export interface OutgoingResponse {
    status: number;
    /** Header pairs; Set-Cookie may repeat. */
    headers: [string, string][];
    body: Buffer;
}
export interface SourceOptions {
    source: EventSource;
    /** The API Gateway stage the URL carries first (rest, http-v1, http-v2); undefined: none ($default). */
    stage?: string;
    /** A custom domain's API mapping: only paths under it reach the function. Normalised "/a/b" or undefined. */
    basePath?: string;
}
/** A request that never reaches the function: what API Gateway or the ALB answers itself. */
export type Routed = {
    event: Record<string, unknown>;
} | {
    response: OutgoingResponse;
};
/** The event for a request, or the answer API Gateway gives without calling the function (wrong stage, outside the mapping). */
export declare function eventFor(request: IncomingRequest, options: SourceOptions, now?: Date): Routed;
/** API Gateway's own JSON answers ({"message": …}); the ALB's are small HTML pages. */
export declare function gatewayAnswer(source: EventSource, status: number, message: string): OutgoingResponse;
/**
 * The function's answer as the source turns it into HTTP. HTTP API 2.0 and function URLs accept any JSON
 * value (a non-envelope becomes a 200 JSON body); the others need the envelope, else the gateway answers 502.
 */
export declare function responseFor(source: EventSource, result: {
    error?: {
        errorType: string;
    };
    response?: unknown;
}): OutgoingResponse;
