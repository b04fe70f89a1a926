/** Where the pipeline reports progress; each face supplies its own (stderr for the CLI, @actions/core for the action). */
export interface Logger {
    info(message: string): void;
    warning(message: string): void;
    /** Detail (pip's output): shown by the CLI with --verbose, folded by the action. */
    debug(message: string): void;
    group<T>(title: string, work: () => Promise<T>): Promise<T>;
    /** Long work's state (pip or uv running): a status line on a terminal; faces without one leave it out. */
    progress?(update: Progress): void;
    /**
     * True when stages running side by side may print as they go (a terminal's log); otherwise their lines are
     * kept and replayed stage by stage, so the action's log groups never interleave.
     */
    interleave?: boolean;
}
/** What long work is doing now. */
export interface Progress {
    /** What runs: "Installing the dependencies". */
    task: string;
    /** Date.now() when it started. */
    startedAt: number;
    /** What it does at the moment: "downloading flask-3.1.0-py3-none-any.whl". */
    step?: string;
    /** Packages so far. */
    count: number;
    /** Set on the last update: the work is over. */
    done?: boolean;
}
/** How much a command prints: `quiet` only warnings, `verbose` also stages and the installer's output. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';
export declare const stderrLogger: (level?: Verbosity | boolean) => Logger;
/** The library's default: only warnings, so a build script's own output stays clean. */
export declare const quietLogger: Logger;
/** Environment variables, as the faces pass them (process.env or a test's own); no @types/node needed by users. */
export type Environment = Record<string, string | undefined>;
/**
 * A logger that keeps its messages (not its progress) for later: work running alongside another stage writes here, and its lines
 * are replayed in one piece afterwards, so the two stages' output (and the action's log groups) never interleave.
 */
export declare function bufferedLogger(live?: Logger): {
    logger: Logger;
    replayTo(target: Logger): void;
};
