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

/** pip's own framing around a failed step (and tracebacks' headers): never the cause, so never quoted. */
const FRAMING = [
  /^error: (subprocess-exited-with-error|metadata-generation-failed|failed-wheel-build-for-install)$/,
  /^[×╰│]/,
  /^note: This error originates from a subprocess/,
  /^hint: See above for/,
  /^\[(end of output|\d+ lines of output)\]$/,
  /^ERROR: Exception:$/,
  /^Traceback \(most recent call last\):$/,
  /^(ERROR: )?Failed (building wheel for|to build) /,
  /^ERROR: (Could not build wheels for|Failed to build installable wheels)/,
  /^WARNING: Running pip as/,
  /^(Installing build dependencies|Getting requirements to build|Preparing (metadata|editable metadata)|Building wheels? for|Created wheel|Stored in directory|Processing |Looking in (indexes|links)|Collecting |Downloading |Using cached|Requirement already satisfied|Obtaining |Running setup\.py|Resolved |Building |Built |Prepared |Installed )/,
  /^\^+$/
]
/** How much of one line of pip's output a message keeps. */
const LINE_LIMIT = 200

/**
 * The cause of a failed pip or uv step, for an error message: the index it could not reach, the build's own
 * exception with where it was raised, and the step's last specific lines (a setup.py's own error text),
 * without pip's framing; each line capped.
 */
export function pipTail(run: PipRun, lines = 3): string {
  const output = `${run.stdout}\n${run.stderr}`
  const all = output.split('\n').map(l => l.trim()).filter(Boolean)
  // A traceback's frames and the source line under each are where, not why.
  const meaningful = all.filter((l, i) => !FRAMING.some(p => p.test(l)) && !/^File "/.test(l) && !/^File "/.test(all[i - 1] ?? ''))
  const errors = meaningful.filter(l => /^(ERROR:|error:|hint:)/.test(l) && !/^ERROR: (No matching distribution|Could not find a version)/.test(l))
  const tail = (errors.length ? errors : meaningful).slice(-lines)
  const parts: string[] = []
  const network = connectionProblem(output)
  if (network) parts.push(`(${network})`)
  // A failed build's cause is the build backend's exception, which pip prints above its own summary.
  let at = all.length - 1
  while (at >= 0 && !/^[A-Za-z_][\w.]*(Error|Exception):\s/.test(all[at])) at--
  if (at >= 0) {
    const where = raisedAt(all.slice(0, at))
    parts.push(`${all[at]}${where ? ` (in ${where})` : ''}`)
  }
  for (const line of tail) if (!parts.some(p => p.startsWith(line))) parts.push(line)
  const text = parts.map(l => (l.length > LINE_LIMIT ? `${l.slice(0, LINE_LIMIT)}…` : l)).join(' ')
  // It is quoted inside a sentence of ours: end it like one.
  return text && !/[.!?:…]$/.test(text) ? `${text}.` : text
}

/** The project's own frame a traceback ends in ("setup.py line 2"), skipping Python's and pip's own files. */
function raisedAt(before: string[]): string | undefined {
  for (let i = before.length - 1; i >= 0; i--) {
    const frame = /^File "([^"]+)", line (\d+)/.exec(before[i])
    if (!frame) continue
    const [, file, line] = frame
    if (file.startsWith('<frozen') || /\/(site-packages|lib\/python3\.\d+)\//.test(file)) continue
    // setuptools runs setup.py as a string it compiled.
    return `${file === '<string>' ? 'setup.py' : file} line ${line}`
  }
  return undefined
}

/**
 * What stopped pip or uv from reading an index, from its output ("Retrying … after connection broken by …",
 * uv's dns error, an untrusted http index), in words and naming the index without credentials; undefined if nothing did.
 */
export function connectionProblem(output: string): string | undefined {
  const untrusted = /The repository located at (\S+) is not a trusted or secure host and is being ignored/.exec(output)
  if (untrusted) return `pip ignored the index at ${untrusted[1]}: it is plain http and not a trusted host; use https, or add --trusted-host ${untrusted[1]}`
  const all = output.split('\n')
  const lines = all.filter(l => /connection broken by|Could not fetch URL|Failed to fetch|dns error|error sending request|HTTP error \d{3}|\d{3} (Client|Server) Error/i.test(l))
  if (lines.length === 0) return undefined
  // uv gives the real cause on the "cause:" lines under its error (Connection refused, failed to lookup address).
  const text = [...lines, ...all.filter(l => /^\s*cause:/.test(l))].join('\n')
  // pip names its indexes; uv names the project page it failed to fetch (<index>/<name>/).
  const fetched = /Failed to fetch: [`']?(\S+?)\/[^/\s]+\/?[`']?$/m.exec(output)?.[1]
  const index = (/Looking in indexes: (\S+)/.exec(output)?.[1]?.replace(/,$/, '') ?? fetched)?.replace(/\/\/[^/@\s]*@/, '//')
  const status = /HTTP error (\d{3})|(\d{3}) (?:Client|Server) Error/.exec(text)
  const cause =
    /Cannot connect to proxy/i.test(text) ? 'the proxy (HTTPS_PROXY/HTTP_PROXY) could not be reached'
    : /Name or service not known|Temporary failure in name resolution|nodename nor servname|Could not resolve host|failed to lookup address|getaddrinfo/i.test(text) ? 'its host name could not be resolved'
    : /Connection refused/i.test(text) ? 'it refused the connection'
    : /timed out|timeout/i.test(text) ? 'it did not answer in time'
    : /SSL|certificate/i.test(text) ? 'its TLS certificate could not be verified'
    : status ? `it answered HTTP ${status[1] ?? status[2]}`
    : 'the connection to it failed'
  return `the index${index ? ` ${index}` : ''} could not be read: ${cause}`
}
