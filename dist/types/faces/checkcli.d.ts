import { type CommandSpec } from './help.js';
/** `spindrift check`, as the CLI's command table lists it. */
export declare const CHECK_COMMAND: CommandSpec;
/** `spindrift check …` (argv after "check"); returns the exit code. */
export declare function checkCommand(argv: string[]): Promise<number>;
