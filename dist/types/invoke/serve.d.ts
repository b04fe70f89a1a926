import { type FunctionOptions, type InvocationResult } from './invoke.js';
import { type EventSource } from './eventsources.js';
export { SOURCES, type EventSource } from './eventsources.js';
export interface ServeOptions extends Omit<FunctionOptions, 'signal'> {
    /** Default 3000; 0 picks a free port. */
    port?: number;
    /** Default http-v2. */
    source?: EventSource;
    /** An API Gateway stage that URLs start with (rest, http-v1, http-v2). */
    stage?: string;
    /** A custom domain's API mapping: only paths under it reach the function. */
    basePath?: string;
    /** Each request as it is answered: "GET /path 200 12 ms", and the function's error when it failed. */
    onRequest?: (line: string, error?: InvocationResult['error']) => void;
}
export interface Server {
    /** http://127.0.0.1:PORT */
    url: string;
    port: number;
    /** Stop taking requests, drop open connections (a request under way is cut), stop the function. */
    close(): Promise<void>;
}
export declare function serveZip(options: ServeOptions): Promise<Server>;
