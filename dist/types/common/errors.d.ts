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
/** Closest candidate by edit distance, for "did you mean" hints; undefined when nothing is close. */
export declare function closest(word: string, candidates: readonly string[]): string | undefined;
