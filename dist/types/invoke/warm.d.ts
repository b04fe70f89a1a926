import type { Environment, Logger } from '../common/log.js';
import type { FunctionError } from '../common/report.js';
export interface FunctionSetup {
    python: {
        executable: string;
        minor: string;
    };
    /** awslambdaric's folder. */
    ricDir: string;
    /** The extracted zip (read-only). */
    taskDir: string;
    /** Extracted layer zips, in layer order (later ones win, as when Lambda extracts them into /opt in turn). */
    layerDirs?: string[];
    /** A folder of this function's own, removed by the caller: scratch folders are made in it. */
    runDir: string;
    functionName: string;
    handler: string;
    /** The function's own environment variables (Lambda's reserved ones win). */
    env?: Environment;
    timeoutSeconds: number;
    memorySize: number;
    ephemeralStorageMb: number;
    initTimeoutSeconds: number;
    logger: Logger;
    /** The function's stdout and stderr, and Lambda's START/END/REPORT lines, as they arrive. */
    onLog?: (text: string) => void;
}
export interface InvocationResult {
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
    /** Lambda's log stream for this invocation (a cold start's init output included), between START, END and REPORT. */
    logs: string;
    /** From handing out the event to the response or error, in milliseconds. */
    durationMs: number;
    /** On a cold start: from starting the runtime to its first request for an event (Lambda's Init Duration), in ms. */
    initDurationMs?: number;
    /** The environment's peak resident memory so far (Lambda's Max Memory Used), in MB, where /proc tells it. */
    maxMemoryUsedMb?: number;
}
export declare class AbortedError extends Error {
}
export declare class WarmFunction {
    private environment?;
    private queue;
    private buffer;
    private closing;
    /** The request id of the invocation under way, for the errors that end the environment. */
    private current?;
    private readonly setup;
    constructor(setup: FunctionSetup);
    /** Run one event; events wait for the one before to finish, as one Lambda environment serves them. */
    invoke(event: Uint8Array, signal?: AbortSignal): Promise<InvocationResult>;
    /** Stop the runtime and wait until its processes are gone. */
    close(): Promise<void>;
    private log;
    private discard;
    private invokeNow;
    /** Over --memory: killed as Lambda kills it, and said so in the log as Lambda says it. */
    private limitsOf;
    private start;
}
