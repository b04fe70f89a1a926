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
  const known = asUserError(error)
  if (known) {
    process.stderr.write(`spindrift: ${known.message}\n`)
    return 1
  }
  const detail = process.env.SPINDRIFT_DEBUG ? (error as Error).stack : (error as Error).message
  process.stderr.write(`spindrift: unexpected internal error: ${detail}; please report it (set SPINDRIFT_DEBUG=1 for details).\n`)
  return 70
}

/** How much of a value a message quotes: enough to recognise it, never a whole document. */
export const QUOTE_LIMIT = 80

/** A value as a message quotes it: its first QUOTE_LIMIT characters, then "…"; line breaks shown as \\n. */
export function quote(value: unknown): string {
  const text = String(value).replace(/\r?\n/g, '\\n')
  return `"${text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text}"`
}

/**
 * What each operating-system error a user can fix means, and what to do about it. Anything else (ENOENT on a
 * file spindrift made itself, EBADF, …) is a bug and stays an internal error.
 */
const OS_CAUSES: Record<string, { cause: string; fix: string }> = {
  ENAMETOOLONG: { cause: 'its name, or the whole path, is longer than the file system allows', fix: 'use a shorter name or a shallower folder' },
  EACCES: { cause: 'permission is denied', fix: 'give the user running spindrift access to it, or exclude it (package.exclude)' },
  EPERM: { cause: 'the operation is not permitted', fix: 'give the user running spindrift access to it, or choose another path' },
  EROFS: { cause: 'it is on a read-only file system', fix: 'choose a writable folder (output.path, TMPDIR, SPINDRIFT_CACHE_DIR)' },
  ENOSPC: { cause: 'the disk is full', fix: 'free some space or choose a folder on another disk' },
  EDQUOT: { cause: "the user's disk quota is used up", fix: 'free some space or choose a folder on another disk' },
  ELOOP: { cause: 'it goes through too many symbolic links (a loop)', fix: 'remove the looping link' },
  EMFILE: { cause: 'the process has too many files open', fix: 'raise the open-file limit (ulimit -n)' },
  ENFILE: { cause: 'the system has too many files open', fix: 'close other programs or raise the system limit' },
  ENOTDIR: { cause: 'a part of the path is a file, not a folder', fix: 'fix the path' },
  EISDIR: { cause: 'it is a folder, not a file', fix: "give a file's path" },
  ERR_FS_FILE_TOO_LARGE: { cause: 'the file is over 2 GiB, far over the 250 MB Lambda unzips', fix: 'exclude it (package.exclude)' }
}

const OPERATIONS: Record<string, string> = { open: 'open', read: 'read', write: 'write', scandir: 'list', opendir: 'list', mkdir: 'create', mkdtemp: 'create', rename: 'rename', unlink: 'remove', rmdir: 'remove', rm: 'remove', copyfile: 'copy', symlink: 'create', stat: 'read', lstat: 'read', realpath: 'read', readlink: 'read', spawn: 'run' }

/**
 * The one sentence for a file-system error the user can fix (a name too long, no permission, a read-only or
 * full disk, a link loop, too many open files, a file where a folder belongs…), naming the path and the cause;
 * undefined for any other error. Every face reports failures through this, so exit 70 stays for real bugs.
 */
export function asUserError(error: unknown): SpindriftError | undefined {
  if (error instanceof SpindriftError) return error
  const { code, path: file, syscall } = (error ?? {}) as NodeJS.ErrnoException
  const known = code ? OS_CAUSES[code] : undefined
  if (!known) return undefined
  const what = file ? `${OPERATIONS[syscall ?? ''] ?? 'use'} ${shortPath(String(file))}` : syscall ? `${OPERATIONS[syscall] ?? syscall} a file` : 'read a file'
  return new SpindriftError(`Cannot ${what}: ${known.cause} (${code}); ${known.fix}.`)
}

/** A path as a message shows it: whole up to 200 characters, else its start and its end around "…". */
export function shortPath(file: string): string {
  return file.length > 200 ? `${file.slice(0, 60)}…${file.slice(-120)}` : file
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
