import { type CommandSpec } from './help.js';
/** `spindrift serve`, as the CLI's command table lists it. */
export declare const SERVE_COMMAND: CommandSpec;
/** `spindrift serve …` (argv after "serve"); resolves with the exit code once stopped. */
export declare function serveCommand(argv: string[]): Promise<number>;
