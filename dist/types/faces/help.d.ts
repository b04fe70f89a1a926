import type { ParseArgsConfig } from 'node:util';
export interface FlagSpec {
    /** Long name without the dashes: `package-runtime`. */
    name: string;
    short?: string;
    /** Name of the value in help (`PATH`, `SECONDS`); none for a boolean flag. */
    value?: string;
    /** May be given more than once. */
    repeatable?: boolean;
    /** A boolean option with a --no- form. */
    negatable?: boolean;
    choices?: readonly string[];
    /** In words, as the help shows it. */
    defaultText?: string;
    description: string;
}
export interface CommandSpec {
    name: string;
    /** One line for the command list. */
    summary: string;
    /** Usage lines after `spindrift `: `package [options]`. */
    synopsis: readonly string[];
    /** Paragraphs shown under the usage. */
    description: readonly string[];
    flags: readonly FlagSpec[];
    /** Meanings this command gives exit codes, over the shared ones (invoke: 1 when the function raised). */
    exitCodes?: readonly [code: number, meaning: string][];
    run(argv: string[]): Promise<number>;
}
/** The exit codes every command shares, for help and the README. */
export declare const EXIT_CODES: readonly [code: number, meaning: string][];
/** node:util parseArgs options for a command's flags (each negatable flag also as --no-NAME). */
export declare function parserOptions(flags: readonly FlagSpec[]): NonNullable<ParseArgsConfig['options']>;
/** Every spelling of a command's flags, for "did you mean" hints. */
export declare function flagNames(flags: readonly FlagSpec[]): string[];
/** Width to wrap help at: the terminal's, else $COLUMNS, else 80; never narrower than 40. */
export declare function helpWidth(env?: NodeJS.ProcessEnv, stream?: {
    columns?: number;
    isTTY?: boolean;
}): number;
/** Words of text laid into lines of at most width characters, each prefixed by indent (the first by first). */
export declare function wrap(text: string, width: number, indent?: string, first?: string): string[];
/** Flags as a two-column list: labels on the left, wrapped descriptions on the right (or below when narrow). */
export declare function renderFlags(flags: readonly FlagSpec[], width: number): string[];
/** `spindrift CMD --help`. */
export declare function renderCommandHelp(command: CommandSpec, width: number): string;
/** Bare `spindrift`, `spindrift --help` and `spindrift help`: the commands and the global flags. */
export declare function renderUsage(commands: readonly CommandSpec[], globalFlags: readonly FlagSpec[], width: number): string;
