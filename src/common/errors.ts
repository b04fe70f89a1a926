/**
 * A problem the user can fix: bad settings, a missing path, a dependency with no wheel for the target.
 * Its message is one sentence (what is wrong, where, how to fix it); the faces print it without a stack trace.
 */
export class SpindriftError extends Error {
  /** Where the problem is, when it is in a file: used for annotations. */
  readonly file?: string
  readonly line?: number

  constructor(message: string, where: { file?: string; line?: number } = {}) {
    super(message)
    this.name = 'SpindriftError'
    this.file = where.file
    this.line = where.line
  }
}

/**
 * How a CLI command ends on an error: a SpindriftError is its one sentence (exit 1); anything else is an
 * internal error, with the stack only when SPINDRIFT_DEBUG is set (exit 70).
 */
export function reportFailure(error: unknown): number {
  if (error instanceof SpindriftError) {
    process.stderr.write(`spindrift: ${error.message}\n`)
    return 1
  }
  const detail = process.env.SPINDRIFT_DEBUG ? (error as Error).stack : (error as Error).message
  process.stderr.write(`spindrift: unexpected internal error: ${detail}; please report it (set SPINDRIFT_DEBUG=1 for details).\n`)
  return 70
}

/** Closest candidate by edit distance, for "did you mean" hints; undefined when nothing is close. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]
}
