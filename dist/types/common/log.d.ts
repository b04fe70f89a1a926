/** Where the pipeline reports progress; each face supplies its own (stderr for the CLI, @actions/core for the action). */
export interface Logger {
    info(message: string): void;
    warning(message: string): void;
    /** Detail (pip's output): shown by the CLI with --verbose, folded by the action. */
    debug(message: string): void;
    group<T>(title: string, work: () => Promise<T>): Promise<T>;
}
export declare const stderrLogger: (verbose?: boolean) => Logger;
/** The library's default: only warnings, so a build script's own output stays clean. */
export declare const quietLogger: Logger;
/** Environment variables, as the faces pass them (process.env or a test's own); no @types/node needed by users. */
export type Environment = Record<string, string | undefined>;
/**
 * A logger that keeps its messages for later: work running alongside another stage writes here, and its lines
 * are replayed in one piece afterwards, so the two stages' output (and the action's log groups) never interleave.
 */
export declare function bufferedLogger(): {
    logger: Logger;
    replayTo(target: Logger): void;
};
