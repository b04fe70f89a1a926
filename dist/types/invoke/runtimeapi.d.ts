import type { FunctionError } from '../common/report.js';
/**
 * A one-invocation AWS Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) on
 * 127.0.0.1, enough for awslambdaric: its C client (aws-lambda-cpp over libcurl) polls `next` and posts the
 * response or error; its Python side posts init errors with http.client and wants exactly 202 back.
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
    /** The event, as the bytes the runtime receives. */
    event: Buffer;
    requestId: string;
    functionArn: string;
    /** The function's timeout: Lambda-Runtime-Deadline-Ms is when `next` answers plus this. */
    timeoutMs: number;
    /** The runtime took the event (answered `next`). */
    onInvoke?: () => void;
    /** The first outcome: the response, the invocation's error or an init error. */
    onOutcome: (outcome: RuntimeOutcome) => void;
    /** The runtime asked for another event after the one invocation: it is idle and can be stopped. */
    onIdle?: () => void;
}
export interface RuntimeApi {
    /** host:port, for AWS_LAMBDA_RUNTIME_API. */
    address: string;
    close(): Promise<void>;
}
/** Lambda's limit on a synchronous invocation's response, in bytes. */
export declare const MAX_RESPONSE_BYTES = 6291556;
export declare function startRuntimeApi(options: RuntimeApiOptions): Promise<RuntimeApi>;
