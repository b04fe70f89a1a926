import type { Logger } from '../common/log.js';
interface Stream {
    write(text: string): unknown;
    isTTY?: boolean;
    columns?: number;
}
/** logger with a progress display on stream; `quiet` shows none. */
export declare function withStatus(logger: Logger, stream: Stream, env: NodeJS.ProcessEnv, quiet: boolean): Logger;
export {};
