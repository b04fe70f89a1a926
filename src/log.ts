/** Where the pipeline reports progress; each face supplies its own (stderr for the CLI, @actions/core for the action). */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  /** Detail (pip's output): shown by the CLI with --verbose, folded by the action. */
  debug(message: string): void
  group<T>(title: string, work: () => Promise<T>): Promise<T>
}

export const stderrLogger = (verbose = false): Logger => ({
  info: message => process.stderr.write(`${message}\n`),
  warning: message => process.stderr.write(`warning: ${message}\n`),
  debug: message => {
    if (verbose) process.stderr.write(`${message}\n`)
  },
  group: async (title, work) => {
    if (verbose) process.stderr.write(`── ${title}\n`)
    return work()
  }
})

/** The library's default: only warnings, so a build script's own output stays clean. */
export const quietLogger: Logger = { ...stderrLogger(false), info: () => {} }

/** Environment variables, as the faces pass them (process.env or a test's own); no @types/node needed by users. */
export type Environment = Record<string, string | undefined>
