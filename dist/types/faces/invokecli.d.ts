import { type InvokeResult } from '../invoke/invoke.js';
import { type CommandSpec, type FlagSpec } from './help.js';
/** The flags that set up the function, shared by `invoke` and `serve`. */
export declare const FUNCTION_FLAG_SPECS: readonly FlagSpec[];
/** `spindrift invoke`, as the CLI's command table lists it. */
export declare const INVOKE_COMMAND: CommandSpec;
/** `spindrift invoke …` (argv after "invoke"); returns the exit code. */
export declare function invokeCommand(argv: string[]): Promise<number>;
export interface FunctionValues {
    env?: string[];
    layer?: string[];
    handler?: string;
    python?: string;
    timeout?: string;
    memory?: string;
    'ephemeral-storage'?: string;
    verbose?: boolean;
}
/** The function's settings from the shared flags, or the usage sentence for the first bad one. */
export declare function functionSettings(values: FunctionValues, help: string): string | {
    python: string | undefined;
    layers: string[] | undefined;
    env: Record<string, string>;
    handler: string | undefined;
    timeoutSeconds: number;
    memorySize: number;
    ephemeralStorageMb: number;
    logger: import("../common/log.js").Logger;
    onLog: (text: string) => boolean;
};
/** "spindrift: the function failed with ValueError: boom" and, below it, the Python traceback when there is one. */
export declare function describeError(error: NonNullable<InvokeResult['error']>): string;
export declare function usageFailure(sentence: string): number;
/** parseArgs' complaint as one sentence, with the nearest flag for a misspelt one. */
export declare function usageProblem(error: Error, flags?: readonly string[], help?: string): string;
