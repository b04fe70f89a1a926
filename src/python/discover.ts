import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Environment, Logger } from '../common/log.js'
import type { Target } from '../config/plan.js'
import { probeInterpreter as probe, type Interpreter } from './interpreter.js'

/** An interpreter that may be the runtime's Python, and where it was found (for the log). */
export interface Candidate {
  command: string
  where: string
}

/**
 * The interpreter that runs pip: package.python when set; otherwise one of the runtime's exact minor version
 * (pip then evaluates markers and Requires-Python as Lambda would), looked for as python3.X on PATH, in pyenv's
 * versions (its shims fail unless pyenv selects that version, so the versioned binaries are called directly),
 * in the GitHub tool cache and among uv-managed Pythons; else python3. The log says which one and why.
 * python3 is asked first: when it already is the runtime's version, it is the one. With `cacheDir`, what a real
 * executable answered is kept (interpreterfacts.ts).
 */
export async function chooseInterpreter(configured: string | undefined, target: Pick<Target, 'runtime' | 'architecture'>, env: Environment, logger: Logger, cacheDir?: string): Promise<Interpreter> {
  const probeInterpreter = (command: string, env: Environment) => probe(command, env, cacheDir)
  if (configured) return probeInterpreter(configured, env)
  const minor = target.runtime.pythonVersion
  // python3 itself is the first candidate: when it is the runtime's version, nothing else needs looking for.
  const python3 = await probeInterpreter('python3', env).catch(() => undefined)
  if (python3 && python3.minor === minor && python3.pip) return python3
  for (const candidate of pythonCandidates(minor, target.architecture, env)) {
    const python = await probeInterpreter(candidate.command, env).catch(() => undefined)
    // One without pip cannot install; the fallback's own message then says so if it lacks pip too.
    if (python && python.minor === minor && python.pip) {
      logger.info(`Using ${candidate.command} (Python ${python.version}, ${candidate.where}): the runtime's Python ${minor}, since package.python is not set`)
      return python
    }
  }
  const fallback = python3 ?? (await probeInterpreter('python3', env))
  logger.info(`No Python ${minor} found (looked for python${minor} on PATH, in pyenv, the GitHub tool cache and uv's Pythons): using python3 (Python ${fallback.version}); set package.python to a Python ${minor} to install as Lambda would`)
  return fallback
}

/**
 * Interpreters that may be Python `minor`, most likely first: existing files only, nothing is run to find them
 * (the caller probes them). The packager and `spindrift invoke` both look here.
 */
export function pythonCandidates(minor: string, architecture: Target['architecture'], env: Environment): Candidate[] {
  const found: Candidate[] = []
  const home = env.HOME || os.homedir()
  const name = `python${minor}`
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, name)
    // A pyenv shim runs whatever version pyenv selects, and fails for the others.
    if (isFile(file) && !/[\\/]shims[\\/]/.test(realpath(file))) found.push({ command: file, where: 'on PATH' })
  }
  const pyenvRoot = env.PYENV_ROOT || path.join(home, '.pyenv')
  for (const version of versionsIn(path.join(pyenvRoot, 'versions'), minor)) found.push({ command: path.join(pyenvRoot, 'versions', version, 'bin', name), where: 'pyenv' })
  if (env.RUNNER_TOOL_CACHE) {
    const base = path.join(env.RUNNER_TOOL_CACHE, 'Python')
    const arch = architecture === 'arm64' ? 'arm64' : 'x64'
    for (const version of versionsIn(base, minor)) found.push({ command: path.join(base, version, arch, 'bin', 'python3'), where: 'the GitHub tool cache' })
  }
  const uvDir = env.UV_PYTHON_INSTALL_DIR || path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'uv', 'python')
  for (const entry of listing(uvDir).filter(e => e.startsWith(`cpython-${minor}.`) && e.includes('-linux-')).sort(byVersion).reverse()) {
    found.push({ command: path.join(uvDir, entry, 'bin', name), where: 'a uv-managed Python' })
  }
  return found.filter(c => isFile(c.command))
}

/** "3.12.1", "3.12.10"… under dir, newest first. */
function versionsIn(dir: string, minor: string): string[] {
  return listing(dir).filter(v => v.startsWith(`${minor}.`) && /^\d+\.\d+\.\d+$/.test(v)).sort(byVersion).reverse()
}

function byVersion(a: string, b: string): number {
  const numbers = (s: string) => (/(\d+)\.(\d+)\.(\d+)/.exec(s) ?? []).slice(1).map(Number)
  const [x, y] = [numbers(a), numbers(b)]
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0)
  return 0
}

function listing(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}

function realpath(file: string): string {
  try {
    return existsSync(file) ? realpathSync(file) : file
  } catch {
    return file
  }
}
