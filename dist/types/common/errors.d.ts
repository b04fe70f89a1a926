/**
 * A problem the user can fix: bad settings, a missing path, a dependency with no wheel for the target.
 * Its message is one sentence (what is wrong, where, how to fix it); the faces print it without a stack trace.
 */
export declare class SpindriftError extends Error {
    /** Where the problem is, when it is in a file: used for annotations. */
    readonly file?: string;
    readonly line?: number;
    constructor(message: string, where?: {
        file?: string;
        line?: number;
    });
}
/**
 * How a CLI command ends on an error: a SpindriftError is its one sentence (exit 1); anything else is an
 * internal error, with the stack only when SPINDRIFT_DEBUG is set (exit 70).
 */
export declare function reportFailure(error: unknown): number;
/** How much of a value a message quotes: enough to recognise it, never a whole document. */
export declare const QUOTE_LIMIT = 80;
/** A value as a message quotes it: its first QUOTE_LIMIT characters, then "…"; line breaks shown as \\n. */
export declare function quote(value: unknown): string;
/**
 * The one sentence for a file-system error the user can fix (a name too long, no permission, a read-only or
 * full disk, a link loop, too many open files, a file where a folder belongs…), naming the path and the cause;
 * undefined for any other error. Every face reports failures through this, so exit 70 stays for real bugs.
 */
export declare function asUserError(error: unknown): SpindriftError | undefined;
/** A path as a message shows it: whole up to 200 characters, else its start and its end around "…". */
export declare function shortPath(file: string): string;
/** Closest candidate by edit distance, for "did you mean" hints; undefined when nothing is close. */
export declare function closest(word: string, candidates: readonly string[]): string | undefined;
