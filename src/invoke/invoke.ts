/**
 * `spindrift invoke`: run a Lambda zip locally the way Lambda runs it. The zip is extracted once into the
 * cache, read-only (unpack.ts; LAMBDA_TASK_ROOT), and a clean Python of the zip's runtime (-S: no
 * site-packages; an environment built from scratch) runs the real runtime interface client, awslambdaric from
 * PyPI, against a one-invocation Runtime API that spindrift serves on 127.0.0.1 (runtimeapi.ts), inside what
 * sandbox.ts can give it: another user when spindrift is root, a fresh scratch folder, memory, scratch and
 * init limits. awslambdaric is installed once per Python minor version into $SPINDRIFT_CACHE_DIR/ric/<version>-py<X.Y>.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { forgetTemp, makeWorkFolder, removeStaleWorkFolders } from '../common/cleanup.js'
import { SpindriftError } from '../common/errors.js'
import { quietLogger, type Environment, type Logger } from '../common/log.js'
import { defaultCacheDir } from '../config/plan.js'
import { pipTail, runTool } from '../python/interpreter.js'
import { WHEEL_ARCH, type Architecture } from '../config/runtimes.js'
import { pythonCandidates } from '../python/discover.js'
import { onProcessExit } from './atexit.js'
import { AbortedError, WarmFunction, type InvocationResult } from './warm.js'
export { AbortedError, WarmFunction, type InvocationResult } from './warm.js'
import { unpackZip, type UnpackedZip } from './unpack.js'

export { buildHttpApiEvent, UsageError, type HttpRequestSpec } from './httpevent.js'
export type { FunctionError } from '../common/report.js'
export type { TargetFile } from '../common/targetfile.js'

/** The awslambdaric release spindrift runs (binary wheels for CPython 3.10–3.14 on manylinux x86_64 and aarch64). */
export const AWSLAMBDARIC_VERSION = '4.2.2'
const MIN_PYTHON = [3, 10]

export interface InvokeOptions {
  /** The Lambda zip. */
  zip: string
  /** The event, as a JSON value… */
  event?: unknown
  /** …or as JSON text, passed through byte for byte (checked to be JSON). Give exactly one of the two. */
  eventJson?: string
  /**
   * Interpreter to run the function with, resolved with `hostEnv`'s PATH. Default: one of the runtime the zip
   * records (its spindrift.json), else python3. Given, it runs even a zip built for another version (with a warning).
   */
  python?: string
  /** The function's timeout: the runtime is stopped when no response arrived after this many seconds (default 30). */
  timeoutSeconds?: number
  /** The function's own environment variables; Lambda's reserved ones (AWS_LAMBDA_*, _HANDLER…) win over them. */
  env?: Environment
  /** Default: the zip's file name without .zip. */
  functionName?: string
  /** Lambda's memory setting in MB (default 128): AWS_LAMBDA_FUNCTION_MEMORY_SIZE, and the function is killed above it. */
  memorySize?: number
  /** Lambda's ephemeral storage in MB (default 512): what the function may keep in its scratch folder (TMPDIR). */
  ephemeralStorageMb?: number
  /** Lambda's init limit in seconds (default 10): importing the handler's module may take this long. */
  initTimeoutSeconds?: number
  /** Lambda's handler setting (default index.handler, the handler of every spindrift zip). */
  handler?: string
  /** Layer zips, in the function's layer order: each is extracted once like the zip, and its python/ is on sys.path after the task root (Lambda's /opt/python). */
  layers?: string[]
  /** Cache folder (default $SPINDRIFT_CACHE_DIR, else ~/.cache/spindrift); awslambdaric goes under ric/. */
  cacheDir?: string
  /** spindrift's own environment: finds the interpreter and configures pip (default process.env). Never given to the function. */
  hostEnv?: Environment
  /** Progress (the one-time awslambdaric install) and pip's output on debug; default: warnings only. */
  logger?: Logger
  /** The function's stdout and stderr as they arrive (they are also returned as `logs`). */
  onLog?: (text: string) => void
  /** Stops the runtime and cleans up; invokeZip then rejects with InvokeAbortedError. */
  signal?: AbortSignal
}

/** One invocation's outcome (see InvocationResult in warm.ts), with the target and interpreter it ran on. */
export interface InvokeResult extends InvocationResult {
  /** What the zip records about its target (undefined for zips written before spindrift.json). */
  target?: UnpackedZip['target']
  /** The interpreter that ran the function. */
  python: string
}

export class InvokeAbortedError extends SpindriftError {
  constructor() {
    super('The invocation was interrupted; the function was stopped.')
    this.name = 'InvokeAbortedError'
  }
}

/** Run the zip's handler once on the event, in a clean Python under awslambdaric, and return its outcome. */
export async function invokeZip(options: InvokeOptions): Promise<InvokeResult> {
  const eventBytes = eventPayload(options)
  const opened = await openFunction(options)
  try {
    const result = await opened.warm.invoke(eventBytes, options.signal)
    return { ...result, target: opened.target, python: opened.python }
  } catch (error) {
    if (error instanceof AbortedError) throw new InvokeAbortedError()
    throw error
  } finally {
    await opened.close()
  }
}

/** What a warm function is made from: every InvokeOptions but the event. */
export type FunctionOptions = Omit<InvokeOptions, 'event' | 'eventJson'>

export interface OpenedFunction {
  warm: WarmFunction
  target?: UnpackedZip['target']
  /** The interpreter's path. */
  python: string
  /** Stops the function and removes its folder. */
  close(): Promise<void>
}

/** Check the limits, extract the zip (once), choose its interpreter and install awslambdaric: a function ready to start. */
export async function openFunction(options: FunctionOptions): Promise<OpenedFunction> {
  const hostEnv = options.hostEnv ?? process.env
  const logger = options.logger ?? quietLogger
  const timeoutSeconds = options.timeoutSeconds ?? 30
  if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) {
    throw new SpindriftError(`The timeout ${timeoutSeconds} is not a positive number of seconds.`)
  }
  const memorySize = options.memorySize ?? 128
  if (!(Number.isInteger(memorySize) && memorySize >= 128 && memorySize <= 10240)) {
    throw new SpindriftError(`The memory size ${memorySize} is not one Lambda allows: a whole number of MB from 128 to 10240.`)
  }
  const ephemeralStorageMb = options.ephemeralStorageMb ?? 512
  if (!(Number.isInteger(ephemeralStorageMb) && ephemeralStorageMb >= 512 && ephemeralStorageMb <= 10240)) {
    throw new SpindriftError(`The ephemeral storage ${ephemeralStorageMb} is not one Lambda allows: a whole number of MB from 512 to 10240.`)
  }
  const cacheDir = options.cacheDir ?? defaultCacheDir(hostEnv)
  // Folders that killed runs (invoke, serve or package) left in TMPDIR: their owner's pid is gone.
  removeStaleWorkFolders()
  const zip = await unpackZip(options.zip, cacheDir, logger)
  const layers = []
  for (const layer of options.layers ?? []) layers.push((await unpackZip(layer, cacheDir, logger)).taskRoot)
  const python = await choosePython(zip, options.python, hostEnv, logger)
  const ricDir = await ensureRuntimeClient(python, cacheDir, hostEnv, logger)
  if (options.signal?.aborted) throw new InvokeAbortedError()

  // The function's own work folder (its scratch space lives in it): removed afterwards, on SIGINT/SIGTERM, and,
  // named with this pid, by the next run when a SIGKILL left it.
  const runDir = makeWorkFolder('invoke')
  const removeRunDir = onProcessExit(() => {
    rmSync(runDir, { recursive: true, force: true })
    forgetTemp(runDir)
  })
  const warm = new WarmFunction({
    python: { executable: python.executable, minor: python.minor },
    ricDir,
    taskDir: zip.taskRoot,
    layerDirs: layers,
    runDir,
    functionName: options.functionName ?? functionNameFor(zip.file),
    handler: options.handler ?? 'index.handler',
    env: options.env,
    timeoutSeconds,
    memorySize,
    ephemeralStorageMb,
    initTimeoutSeconds: options.initTimeoutSeconds ?? 10,
    logger,
    onLog: options.onLog
  })
  return {
    warm,
    target: zip.target,
    python: python.executable,
    close: async () => {
      try {
        await warm.close()
      } finally {
        removeRunDir()
      }
    }
  }
}

/**
 * The interpreter for the zip: --python when given (a warning when it is not the zip's runtime or machine),
 * else one of the runtime the zip records, else python3 for zips that record none.
 */
async function choosePython(zip: UnpackedZip, forced: string | undefined, hostEnv: Environment, logger: Logger): Promise<Python> {
  const target = zip.target
  const machine = target && (WHEEL_ARCH[target.architecture as Architecture] ?? target.architecture)
  const minor = target?.runtime.replace(/^python/, '')
  const builtFor = target && `${target.runtime} on ${target.architecture}`
  if (forced !== undefined) {
    const python = await probePython(forced, hostEnv)
    if (target && (python.minor !== minor || python.machine !== machine)) {
      logger.warning(`${zip.file} was built for ${builtFor}, but --python ${forced} is Python ${python.version} on ${python.machine}; running it anyway, as --python asks, though on Lambda it runs on ${target.runtime}.`)
    }
    return python
  }
  if (!target || !minor) return probePython('python3', hostEnv)
  for (const { command: candidate } of pythonCandidates(minor, target.architecture as Architecture, hostEnv)) {
    let python: Python
    try {
      python = await probePython(candidate, hostEnv)
    } catch {
      continue
    }
    if (python.minor !== minor) continue
    if (python.machine !== machine) {
      throw new SpindriftError(`${zip.file} was built for ${builtFor}, but this machine is ${python.machine} (${candidate} is Python ${python.version} on ${python.machine}); invoke it on a ${machine} machine, or pass --python to run it here anyway.`)
    }
    return python
  }
  const other = await probePython('python3', hostEnv).catch(() => undefined)
  throw new SpindriftError(
    `${zip.file} was built for ${target.runtime}, but no Python ${minor} is installed here (looked for python${minor} on PATH, under ~/.pyenv/versions, in the GitHub tool cache and among uv's Pythons)` +
      `${other ? `, and python3 is Python ${other.version}` : ''}; install Python ${minor}, or pass --python to run it with another interpreter anyway.`
  )
}

function eventPayload(options: InvokeOptions): Buffer {
  if (options.eventJson !== undefined) {
    if (options.event !== undefined) throw new SpindriftError('Give the event either as a value (event) or as JSON text (eventJson), not both.')
    try {
      JSON.parse(options.eventJson)
    } catch (error) {
      throw new SpindriftError(`The event is not valid JSON (${(error as Error).message}); fix it.`)
    }
    return Buffer.from(options.eventJson, 'utf8')
  }
  const text = JSON.stringify(options.event ?? {})
  if (text === undefined) throw new SpindriftError('The event cannot be written as JSON; pass a JSON value.')
  return Buffer.from(text, 'utf8')
}

/** "build/yourwebapp.zip" → "yourwebapp": a valid Lambda function name. */
function functionNameFor(zipFile: string): string {
  const name = path.basename(zipFile).replace(/\.zip$/i, '').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64)
  return name || 'spindrift-invoke'
}

interface Python {
  command: string
  executable: string
  version: string
  /** "3.11" */
  minor: string
  machine: string
  system: string
  hasPip: boolean
}

const PROBE = [
  'import importlib.util, json, platform, sys',
  'print(json.dumps({"executable": sys.executable, "version": platform.python_version(), "machine": platform.machine(),',
  '                  "system": platform.system(), "pip": importlib.util.find_spec("pip") is not None}))'
].join('\n')

/** Where the interpreter really is (a pyenv shim needs the user's environment; the runtime gets none of it) and which version it is. */
async function probePython(command: string, hostEnv: Environment): Promise<Python> {
  const { stdout, error } = await new Promise<{ stdout: string; error: { code?: string | number | null } | null }>(resolve =>
    execFile(command, ['-c', PROBE], { env: hostEnv as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 }, (err, out) => resolve({ stdout: out ?? '', error: err }))
  )
  if (error && (error.code === 'ENOENT' || error.code === 'EACCES')) {
    throw new SpindriftError(`Python interpreter "${command}" was not found; install Python 3.10 or newer or pass its path with --python.`)
  }
  let facts: { executable: string; version: string; machine: string; system: string; pip: boolean }
  try {
    facts = JSON.parse(stdout.trim().split('\n').pop() ?? '')
  } catch {
    throw new SpindriftError(`"${command}" did not run as a Python interpreter; pass a Python 3 executable with --python.`)
  }
  const [major, minor] = facts.version.split('.').map(Number)
  if (major !== MIN_PYTHON[0] || minor < MIN_PYTHON[1]) {
    throw new SpindriftError(
      `"${command}" is Python ${facts.version}, but awslambdaric ${AWSLAMBDARIC_VERSION} needs Python 3.10 or newer; pass one with --python, ideally your function's runtime version.`
    )
  }
  if (!facts.executable) throw new SpindriftError(`"${command}" does not report its own path (sys.executable is empty); pass the interpreter's full path with --python.`)
  return { command, executable: facts.executable, version: facts.version, minor: `${major}.${minor}`, machine: facts.machine, system: facts.system, hasPip: facts.pip }
}

/**
 * awslambdaric for this Python, installed once into <cache>/ric/<version>-py<X.Y>: pip installs into a temp
 * folder beside it, which is renamed into place, so a killed install never leaves a half-filled folder.
 */
async function ensureRuntimeClient(python: Python, cacheDir: string, hostEnv: Environment, logger: Logger): Promise<string> {
  const root = path.join(cacheDir, 'ric')
  const dir = path.join(root, `${AWSLAMBDARIC_VERSION}-py${python.minor}`)
  const complete = (folder: string) => existsSync(path.join(folder, 'awslambdaric', '__main__.py'))
  if (complete(dir)) return dir
  if (!python.hasPip) {
    throw new SpindriftError(`pip is not installed for ${python.command} (Python ${python.version}), and it is needed once to install awslambdaric; install it with "${python.command} -m ensurepip" or pass another interpreter with --python.`)
  }
  try {
    mkdirSync(root, { recursive: true })
  } catch (error) {
    throw new SpindriftError(`Cannot create the cache folder ${root} (${(error as NodeJS.ErrnoException).code}); set SPINDRIFT_CACHE_DIR to a writable folder.`)
  }
  removeStaleTemps(root)
  const temp = mkdtempSync(path.join(root, `.tmp-${path.basename(dir)}-`))
  const removeTemp = onProcessExit(() => rmSync(temp, { recursive: true, force: true }))
  try {
    logger.info(`Installing awslambdaric ${AWSLAMBDARIC_VERSION} for Python ${python.minor} into ${dir} (once; later runs reuse it).`)
    const run = await runTool(
      python.command,
      ['-m', 'pip', 'install', '--target', temp, '--only-binary', 'awslambdaric', '--no-warn-script-location', `awslambdaric==${AWSLAMBDARIC_VERSION}`],
      hostEnv,
      logger
    )
    if (run.exitCode !== 0) {
      throw new SpindriftError(
        `pip could not install awslambdaric ${AWSLAMBDARIC_VERSION} for Python ${python.version} on ${python.system} ${python.machine}: ${pipTail(run) || `exit code ${run.exitCode}`} ` +
          `(spindrift invoke needs a Python 3.10–3.14 on Linux x86_64 or aarch64, for which awslambdaric publishes wheels; check your network or pip's index settings).`
      )
    }
    if (!complete(temp)) throw new SpindriftError(`pip reported success but awslambdaric is missing from ${temp}; run again with --verbose to see pip's output.`)
    // A folder without awslambdaric in it was not made by a finished install (renames are atomic): replace it.
    if (existsSync(dir) && !complete(dir)) rmSync(dir, { recursive: true, force: true })
    try {
      renameSync(temp, dir)
    } catch (error) {
      // Another run installed it meanwhile: use theirs.
      if (!complete(dir)) throw error
    }
    return dir
  } finally {
    removeTemp()
  }
}

/** Temp folders left by installs that were killed more than an hour ago. */
function removeStaleTemps(root: string): void {
  for (const name of readdirSync(root)) {
    if (!name.startsWith('.tmp-')) continue
    const folder = path.join(root, name)
    try {
      if (Date.now() - statSync(folder).mtimeMs > 3_600_000) rmSync(folder, { recursive: true, force: true })
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

