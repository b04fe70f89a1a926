import { SpindriftError } from '../common/errors.js';
import { type Environment, type Logger } from '../common/log.js';
import { WarmFunction, type InvocationResult } from './warm.js';
export { AbortedError, WarmFunction, type InvocationResult } from './warm.js';
import { type UnpackedZip } from './unpack.js';
export { buildHttpApiEvent, UsageError, type HttpRequestSpec } from './httpevent.js';
export type { FunctionError } from '../common/report.js';
export type { TargetFile } from '../common/targetfile.js';
/** The awslambdaric release spindrift runs (binary wheels for CPython 3.10–3.14 on manylinux x86_64 and aarch64). */
export declare const AWSLAMBDARIC_VERSION = "4.2.2";
export interface InvokeOptions {
    /** The Lambda zip. */
    zip: string;
    /** The event, as a JSON value… */
    event?: unknown;
    /** …or as JSON text, passed through byte for byte (checked to be JSON). Give exactly one of the two. */
    eventJson?: string;
    /**
     * Interpreter to run the function with, resolved with `hostEnv`'s PATH. Default: one of the runtime the zip
     * records (its spindrift.json), else python3. Given, it runs even a zip built for another version (with a warning).
     */
    python?: string;
    /** The function's timeout: the runtime is stopped when no response arrived after this many seconds (default 30). */
    timeoutSeconds?: number;
    /** The function's own environment variables; Lambda's reserved ones (AWS_LAMBDA_*, _HANDLER…) win over them. */
    env?: Environment;
    /** Default: the zip's file name without .zip. */
    functionName?: string;
    /** Lambda's memory setting in MB (default 128): AWS_LAMBDA_FUNCTION_MEMORY_SIZE, and the function is killed above it. */
    memorySize?: number;
    /** Lambda's ephemeral storage in MB (default 512): what the function may keep in its scratch folder (TMPDIR). */
    ephemeralStorageMb?: number;
    /** Lambda's init limit in seconds (default 10): importing the handler's module may take this long. */
    initTimeoutSeconds?: number;
    /** Lambda's handler setting (default index.handler, the handler of every spindrift zip). */
    handler?: string;
    /** Layer zips, in the function's layer order: each is extracted once like the zip, and its python/ is on sys.path after the task root (Lambda's /opt/python). */
    layers?: string[];
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
/** One invocation's outcome (see InvocationResult in warm.ts), with the target and interpreter it ran on. */
export interface InvokeResult extends InvocationResult {
    /** What the zip records about its target (undefined for zips written before spindrift.json). */
    target?: UnpackedZip['target'];
    /** The interpreter that ran the function. */
    python: string;
}
export declare class InvokeAbortedError extends SpindriftError {
    constructor();
}
/** Run the zip's handler once on the event, in a clean Python under awslambdaric, and return its outcome. */
export declare function invokeZip(options: InvokeOptions): Promise<InvokeResult>;
/** What a warm function is made from: every InvokeOptions but the event. */
export type FunctionOptions = Omit<InvokeOptions, 'event' | 'eventJson'>;
export interface OpenedFunction {
    warm: WarmFunction;
    target?: UnpackedZip['target'];
    /** The interpreter's path. */
    python: string;
    /** Stops the function and removes its folder. */
    close(): Promise<void>;
}
/** Check the limits, extract the zip (once), choose its interpreter and install awslambdaric: a function ready to start. */
export declare function openFunction(options: FunctionOptions): Promise<OpenedFunction>;
