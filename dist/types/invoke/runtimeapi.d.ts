import type { FunctionError } from '../common/report.js';
/**
 * An AWS Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) on 127.0.0.1 for
 * one runtime process, enough for awslambdaric: its C client (aws-lambda-cpp over libcurl) polls `next` and
 * posts the response or error; its Python side posts init errors with http.client and wants exactly 202 back.
 * Events are handed out one at a time, as Lambda does: `next` is held until there is one.
 */
export type { FunctionError };
export type RuntimeOutcome = {
    kind: 'response';
    body: Buffer;
    contentType?: string;
} | {
    kind: 'error';
    phase: 'init' | 'invoke';
    error: FunctionError;
};
export interface RuntimeApiOptions {
    functionArn: string;
    /** The runtime asked for an event: the first time, its init is done. */
    onNext?: () => void;
    /** The runtime's init failed (the handler's module raised, or the handler is missing). */
    onInitError: (outcome: RuntimeOutcome & {
        kind: 'error';
    }) => void;
}
export interface Invocation {
    event: Uint8Array;
    requestId: string;
    /** The function's timeout: Lambda-Runtime-Deadline-Ms is when `next` answers plus this. */
    timeoutMs: number;
    /** The runtime took the event (answered `next`). */
    onInvoke?: () => void;
}
export interface RuntimeApi {
    /** host:port, for AWS_LAMBDA_RUNTIME_API. */
    address: string;
    /** Hand the runtime one event; resolves with its response or error. One at a time. */
    invoke(invocation: Invocation): Promise<RuntimeOutcome>;
    close(): Promise<void>;
}
/** Lambda's limit on a synchronous invocation's response, in bytes. */
export declare const MAX_RESPONSE_BYTES = 6291556;
export declare function startRuntimeApi(options: RuntimeApiOptions): Promise<RuntimeApi>;
