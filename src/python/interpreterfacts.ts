// The interpreter's facts (version, machine, pip's version, prefix), kept under <cacheDir>/interpreters/ so a warm
// build spawns no Python to learn them again. Only for a real executable (an ELF binary, or a link to one): what
// it answers is fixed by its own bytes and the files it reads, which are part of the key or checked on use. A
// script (a pyenv shim, a wrapper) may run a different Python each time, so it is asked every time.
import { createHash, randomBytes } from 'node:crypto'
import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Environment } from '../common/log.js'
import { makeFolders, replaceFile } from '../common/fs.js'

/** Bump when the stored facts change shape. */
const FACTS_FORMAT = 1
/** Variables that change which prefix, site-packages (and so which pip) the interpreter finds. */
const PYTHON_VARIABLES = ['PYTHONHOME', 'PYTHONPATH', 'PYTHONUSERBASE', 'PYTHONNOUSERSITE', 'PYTHONSAFEPATH']

/** What the probe prints: the Interpreter's facts and the files its pip answer came from. */
export interface ProbeFacts {
  version: string
  machine: string
  pip: string | null
  prefix?: string
  /** pip/__init__.py, when pip imports. */
  pipFile?: string | null
  /** The user site-packages folder, when the interpreter reads one: a pip installed there later would win. */
  userSite?: string | null
}

interface Stored {
  format: number
  facts: ProbeFacts
  /** Files whose state must be as recorded for the facts to hold: pip's module, its folder, the user site. */
  checks: FileState[]
}

interface FileState {
  file: string
  /** "size:mtimeMs", or "missing". */
  state: string
}

/**
 * The probe's answer for `command`, from the cache when the command is a real executable whose state (and that
 * of its pip) is as it was; otherwise `probe` runs, and its answer is kept for next time.
 */
export async function cachedFacts(command: string, env: Environment, cacheDir: string | undefined, probe: () => Promise<ProbeFacts>): Promise<ProbeFacts> {
  const key = cacheDir ? binaryKey(command, env) : undefined
  if (!cacheDir || !key) return probe()
  const file = path.join(cacheDir, 'interpreters', `${key}.json`)
  const stored = readStored(file)
  if (stored && stored.checks.every(check => stateOf(check.file) === check.state)) return stored.facts
  const facts = await probe()
  const checks = [facts.pipFile, facts.pipFile && path.dirname(path.dirname(facts.pipFile)), facts.userSite].filter((f): f is string => typeof f === 'string' && path.isAbsolute(f)).map(f => ({ file: f, state: stateOf(f) }))
  try {
    makeFolders(path.dirname(file))
    replaceFile(file, Buffer.from(JSON.stringify({ format: FACTS_FORMAT, facts, checks } satisfies Stored)), `${file}.${randomBytes(4).toString('hex')}.tmp`)
  } catch {
    // A read-only or full cache: the next build asks the interpreter again.
  }
  return facts
}

/**
 * The key of a real executable: the path it was found at (a virtual environment's python links to its base
 * interpreter but has its own prefix), the binary it resolves to with its size and modification time, the
 * pyvenv.cfg beside it, and the variables Python reads at start-up. undefined for a script or anything unknown.
 */
function binaryKey(command: string, env: Environment): string | undefined {
  const found = onPath(command, env)
  if (!found) return undefined
  let real: string
  try {
    real = realpathSync(found)
  } catch {
    return undefined
  }
  if (!isElf(real)) return undefined
  const dir = path.dirname(found)
  const parts = [FACTS_FORMAT, found, real, stateOf(real), stateOf(path.join(dir, 'pyvenv.cfg')), stateOf(path.join(path.dirname(dir), 'pyvenv.cfg')), PYTHON_VARIABLES.map(name => env[name] ?? null)]
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40)
}

/** Where a command runs from: a path as given, else the first executable of that name on PATH. */
function onPath(command: string, env: Environment): string | undefined {
  if (command.includes('/')) return path.resolve(command)
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, command)
    try {
      const stat = statSync(file)
      if (stat.isFile() && stat.mode & 0o111) return path.resolve(file)
    } catch {
      // not here
    }
  }
  return undefined
}

function isElf(file: string): boolean {
  let fd: number | undefined
  try {
    fd = openSync(file, 'r')
    const head = Buffer.alloc(4)
    return readSync(fd, head, 0, 4, 0) === 4 && head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))
  } catch {
    return false
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function stateOf(file: string): string {
  try {
    const stat = statSync(file)
    return `${stat.size}:${stat.mtimeMs}`
  } catch {
    return 'missing'
  }
}

function readStored(file: string): Stored | undefined {
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Stored> | null
    const facts = stored?.facts
    if (stored?.format !== FACTS_FORMAT || !facts || typeof facts.version !== 'string' || !/^\d+\.\d+/.test(facts.version) || typeof facts.machine !== 'string') return undefined
    if (facts.pip !== null && typeof facts.pip !== 'string') return undefined
    if (!Array.isArray(stored.checks) || !stored.checks.every(c => typeof c?.file === 'string' && typeof c?.state === 'string')) return undefined
    return stored as Stored
  } catch {
    return undefined
  }
}
