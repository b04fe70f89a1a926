import { runProcess, stepLimit } from '../common/subprocess.js'
import { SpindriftError, quote } from '../common/errors.js'
import type { Environment, Logger } from '../common/log.js'
import { cachedFacts, type ProbeFacts } from './interpreterfacts.js'

/** What the interpreter that runs pip is: asked once per run, in one spawn. */
export interface Interpreter {
  command: string
  /** "3.11.7" */
  version: string
  /** "3.11" */
  minor: string
  /** platform.machine(): "x86_64", "aarch64"… */
  machine: string
  /** pip's version, or undefined when pip is not installed for it. */
  pip?: string
  /** sys.prefix: where pip looks for its site configuration file. */
  prefix?: string
  /** The environment it runs in (pip reads PIP_INDEX_URL and friends from it). */
  env: Environment
}

const PROBE = [
  'import json, platform, site, sys',
  'try:',
  '    import pip',
  '    pip_version, pip_file = pip.__version__, pip.__file__',
  'except Exception:',
  '    pip_version, pip_file = None, None',
  'user_site = site.getusersitepackages() if site.ENABLE_USER_SITE else None',
  'print(json.dumps({"version": platform.python_version(), "machine": platform.machine(), "pip": pip_version, "prefix": sys.prefix, "pipFile": pip_file, "userSite": user_site}))'
].join('\n')

/**
 * What `command` is, asked in one spawn; with a cache folder, a real executable's answer is kept there
 * (interpreterfacts.ts), so a warm build spawns no Python for it.
 */
export async function probeInterpreter(command: string, env: Environment, cacheDir?: string): Promise<Interpreter> {
  const facts = await cachedFacts(command, env, cacheDir, () => askInterpreter(command, env))
  const minor = facts.version.split('.').slice(0, 2).join('.')
  return { command, version: facts.version, minor, machine: facts.machine, pip: facts.pip ?? undefined, prefix: facts.prefix, env }
}

async function askInterpreter(command: string, env: Environment): Promise<ProbeFacts> {
  let result
  try {
    // A healthy interpreter answers in well under a second: one that does not is not waited for long.
    result = await runProcess(command, ['-c', PROBE], { env, step: `the interpreter check (${command} -c …)`, limit: Math.min(stepLimit(env), 120) })
  } catch (error) {
    if (error instanceof SpindriftError) throw error
    throw new SpindriftError(`Python interpreter ${quote(command)} was not found; install Python (for example with actions/setup-python) or set package.python to its path.`)
  }
  const line = result.stdout.trim().split('\n').pop() ?? ''
  try {
    return JSON.parse(line) as ProbeFacts
  } catch {
    throw new SpindriftError(`${quote(command)} did not run as a Python interpreter (exit code ${result.exitCode}); set package.python to a Python 3 executable.`)
  }
}

export interface PipRun {
  exitCode: number
  /** The signal that ended it, if one did (killed: out of memory?). */
  signal?: string
  stdout: string
  stderr: string
}

/** Run `python -m pip …`, streaming its output to the logger's debug channel. */
export async function runPip(python: Interpreter, args: string[], logger: Logger, cwd?: string): Promise<PipRun> {
  if (!python.pip) {
    throw new SpindriftError(`pip is not installed for ${python.command} (Python ${python.version}); install it with "${python.command} -m ensurepip" or point package.python at an interpreter that has pip.`)
  }
  return runTool(python.command, ['-m', 'pip', ...args], python.env, logger, cwd)
}

/** Run an installer command with pip's quiet-and-non-interactive settings, output to the debug channel. */
export async function runTool(command: string, args: string[], env: Environment, logger: Logger, cwd?: string): Promise<PipRun> {
  const result = await runProcess(command, args, {
    cwd,
    env: { ...env, PIP_NO_INPUT: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_ROOT_USER_ACTION: 'ignore' },
    onLine: line => logger.debug(line)
  })
  return { exitCode: result.exitCode, signal: result.signal, stdout: result.stdout, stderr: result.stderr }
}

/** pip's last meaningful lines, for an error message. */
export function pipTail(run: PipRun, lines = 3): string {
  const all = `${run.stdout}\n${run.stderr}`.split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('WARNING: Running pip as'))
  const errors = all.filter(l => l.startsWith('ERROR:') || l.startsWith('error:') || l.startsWith('hint:'))
  const tail = (errors.length ? errors : all).slice(-lines)
  // A failed build's cause is the build backend's exception, which pip prints above its own summary.
  const exception = all.filter(l => /^[A-Za-z_][\w.]*(Error|Exception):\s/.test(l)).pop()
  const text = (exception && !tail.includes(exception) ? [exception, ...tail] : tail).join(' ')
  // It is quoted inside a sentence of ours: end it like one.
  return text && !/[.!?:]$/.test(text) ? `${text}.` : text
}
