import { SpindriftError } from '../common/errors.js';
import { type Environment, type Logger } from '../common/log.js';
import type { FunctionError } from '../common/report.js';
export { buildHttpApiEvent, UsageError, type HttpRequestSpec } from './httpevent.js';
export type { FunctionError } from '../common/report.js';
/** The awslambdaric release spindrift runs (binary wheels for CPython 3.10–3.14 on manylinux x86_64 and aarch64). */
export declare const AWSLAMBDARIC_VERSION = "4.2.2";
export interface InvokeOptions {
    /** The Lambda zip. */
    zip: string;
    /** The event, as a JSON value… */
    event?: unknown;
    /** …or as JSON text, passed through byte for byte (checked to be JSON). Give exactly one of the two. */
    eventJson?: string;
    /** Interpreter to run the function with (default python3); resolved with `hostEnv`'s PATH. */
    python?: string;
    /** The function's timeout: the runtime is stopped when no response arrived after this many seconds (default 30). */
    timeoutSeconds?: number;
    /** The function's own environment variables; Lambda's reserved ones (AWS_LAMBDA_*, _HANDLER…) win over them. */
    env?: Environment;
    /** Default: the zip's file name without .zip. */
    functionName?: string;
    /** AWS_LAMBDA_FUNCTION_MEMORY_SIZE (default 128). */
    memorySize?: number;
    /** Lambda's handler setting (default index.handler, the handler of every spindrift zip). */
    handler?: string;
    /** Cache folder (default $SPINDRIFT_CACHE_DIR, else ~/.cache/spindrift); awslambdaric goes under ric/. */
    cacheDir?: string;
    /** spindrift's own environment: finds the interpreter and configures pip (default process.env). Never given to the function. */
    hostEnv?: Environment;
    /** Progress (the one-time awslambdaric install) and pip's output on debug; default: warnings only. */
    logger?: Logger;
    /** The function's stdout and stderr as they arrive (they are also returned as `logs`). */
    onLog?: (text: string) => void;
    /** Stops the runtime and cleans up; invokeZip then rejects with InvokeAbortedError. */
    signal?: AbortSignal;
}
export interface InvokeResult {
    /** The Lambda request id of the invocation. */
    requestId: string;
    /** What the function returned, parsed from JSON (the raw text when it is not JSON); absent on error. */
    response?: unknown;
    /** The response exactly as the runtime posted it; absent on error. */
    responseText?: string;
    /** Set when the function failed: in init (import of the handler's module) or in the invocation. */
    error?: FunctionError & {
        phase: 'init' | 'invoke';
    };
    /** Lambda's log stream: what the function wrote to stdout and stderr, between START, END and REPORT lines. */
    logs: string;
    /** From handing out the event to the response or error, in milliseconds. */
    durationMs: number;
    /** From starting the runtime to its first request for an event (Lambda's Init Duration), in milliseconds. */
    initDurationMs?: number;
    /** The runtime process's peak resident memory (Lambda's Max Memory Used), in MB, where /proc tells it. */
    maxMemoryUsedMb?: number;
}
export declare class InvokeAbortedError extends SpindriftError {
    constructor();
}
/** Run the zip's handler once on the event, in a clean Python under awslambdaric, and return its outcome. */
export declare function invokeZip(options: InvokeOptions): Promise<InvokeResult>;
