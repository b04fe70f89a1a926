/**
 * spindrift as a library: `import { packager } from 'spindrift-lambda'`.
 *
 *   await packager.package('yourwebapp', 'flask', 'from yourwebapp.main import app', 'python3.12', '/tmp/app.zip')
 *   await packager.package({ name: 'yourwebapp', type: 'flask', entry: '…', runtime: 'python3.12', outputPath: '…' })
 */
import { configure, configureAll } from '../config/configure.js'
import { SpindriftError, asUserError, closest, quote } from '../common/errors.js'
import { quietLogger, type Environment, type Logger } from '../common/log.js'
import { OPTIONS, optionName, type OptionValues } from '../config/options.js'
import { findRuntime, type Architecture, type RuntimeName } from '../config/runtimes.js'
import { checkLock, runPlan, runPlans, summariseRuns, type CheckReport, type PackageResult, type RunSummary } from '../pipeline.js'

export type { CheckLine, CheckReport, LayerResult, PackageResult, RunSummary } from '../pipeline.js'
export type { Environment, Logger } from '../common/log.js'
export type { RuntimeName } from '../config/runtimes.js'
export { SpindriftError } from '../common/errors.js'
export { invokeZip, buildHttpApiEvent, type InvokeOptions, type InvokeResult } from '../invoke/invoke.js'
export { serveZip, SOURCES, type ServeOptions, type Server, type EventSource } from '../invoke/serve.js'

/**
 * Options of the object form: every settings key in camelCase (`package.index-url` → `indexUrl`, `output.path`
 * → `outputPath`), derived from the one option list in src/config/options.ts, so a new option is typed as
 * soon as it is declared there. Closed sets are string-literal unions; unknown keys are type errors.
 */
export type PackageOptions = Omit<OptionValues, 'runtime'> & {
  /** The Lambda runtime: a current one, or a deprecated one (it warns); retired runtimes are refused. */
  runtime?: RuntimeName
  /** A settings.spindrift to read first; options given here override it. */
  settingsFile?: string
  /** Folder relative paths are taken from (default: process.cwd()). */
  cwd?: string
  /** Progress and warnings: a spindrift Logger or the global `console`; by default only warnings, on stderr. */
  logger?: Logger | ConsoleLike
  env?: Environment
  /** Stops the run: the promise rejects with the signal's reason and no zip is written. */
  signal?: AbortSignal
}

/** What the library needs of `console` (or any object shaped like it). */
export interface ConsoleLike {
  info(...data: unknown[]): void
  warn(...data: unknown[]): void
  debug(...data: unknown[]): void
  group?(...label: unknown[]): void
  groupEnd?(): void
}

export { optionName }

/** Options of the object form that are not settings. */
const EXTRA_OPTIONS = ['settingsFile', 'cwd', 'logger', 'env', 'signal']

/** A console (no `warning`, a synchronous `group`) as a spindrift Logger. */
function asLogger(logger: Logger | ConsoleLike): Logger {
  if ('warning' in logger && typeof logger.warning === 'function') return logger as Logger
  const log = logger as ConsoleLike
  return {
    info: message => log.info(message),
    warning: message => log.warn(`warning: ${message}`),
    debug: message => log.debug(message),
    group: async (title, work) => {
      log.group?.(title)
      try {
        return await work()
      } finally {
        log.groupEnd?.()
      }
    }
  }
}

async function packageApp(options: PackageOptions): Promise<PackageResult>
async function packageApp(name: string, type: string, entry: string, runtime: string, outputPath: string): Promise<PackageResult>
async function packageApp(first: PackageOptions | string, ...rest: string[]): Promise<PackageResult> {
  return withSentences(() => packageOne(first, rest))
}

/**
 * A file-system error the user can fix (a name too long, no permission, a full disk…) rejects as the
 * SpindriftError sentence the CLI and the action print, not as a bare errno error.
 */
async function withSentences<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw asUserError(error) ?? error
  }
}

async function packageOne(first: PackageOptions | string, rest: string[]): Promise<PackageResult> {
  const options: PackageOptions =
    typeof first === 'string'
      ? { name: first, type: rest[0] as PackageOptions['type'], entry: rest[1], runtime: rest[2] as RuntimeName, outputPath: rest[3] }
      : first
  checkOptions(options, 'packager.package')
  const overrides = overridesOf(options)
  const env = options.env ?? process.env
  const { signal } = options
  signal?.throwIfAborted()
  const plan = configure({ settingsFile: options.settingsFile, overrides, cwd: options.cwd ?? process.cwd(), env, readDefaultFile: false })
  const run = runPlan(plan, { logger: options.logger ? asLogger(options.logger) : quietLogger, env, signal })
  if (!signal) return (await run).result
  // Reject as soon as the signal fires; the pipeline itself stops at its next stage and never writes the zip.
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  run.catch(() => {})
  try {
    return (await Promise.race([run, aborted])).result
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort)
  }
}

/** What `packager.check` reads: the project and lock options of `package`, and the targets to check. */
export interface CheckOptions {
  path?: string
  lock?: string
  groups?: string[]
  extras?: string[]
  /** The uv workspace member to check (package.member). */
  member?: string
  indexUrl?: string
  requirements?: string | string[]
  /** "python3.12" or "python3.12:arm64"; at least one. */
  targets: string[]
  cwd?: string
  env?: Environment
}

/**
 * Without installing anything: for each target, the wheel each locked version would install, or the newest
 * version that fits (`report.ok` is false when one does not fit).
 */
async function checkApp(options: CheckOptions): Promise<CheckReport> {
  return withSentences(() => checkOne(options))
}

async function checkOne(options: CheckOptions): Promise<CheckReport> {
  const targets = options.targets.map(t => {
    const [runtime, architecture = 'x86_64'] = t.split(':')
    return { runtime, architecture }
  })
  const overrides: Record<string, unknown> = {
    'package.entry': 'check:unused', 'package.runtime': targets[0]?.runtime, 'package.path': options.path, 'package.lock': options.lock,
    'package.groups': options.groups, 'package.extras': options.extras, 'package.member': options.member, 'package.index-url': options.indexUrl,
    'package.requirements': typeof options.requirements === 'string' ? [options.requirements] : options.requirements
  }
  const env = options.env ?? process.env
  const plan = configure({ overrides, cwd: options.cwd ?? process.cwd(), env, readDefaultFile: false })
  return checkLock({ ...plan, targets: targets.map(t => ({ runtime: findRuntime(t.runtime), architecture: t.architecture as Architecture })) })
}


/**
 * Every function of a settings file's functions: section (or only `functions`), in one run: one result per
 * function and each layer zip once, as `spindrift package --json` prints them.
 */
async function packageFunctions(options: PackageOptions & { functions?: string[] }): Promise<RunSummary> {
  return withSentences(() => packageMany(options))
}

async function packageMany(options: PackageOptions & { functions?: string[] }): Promise<RunSummary> {
  checkOptions(options, 'packager.packageFunctions', ['functions'])
  const env = options.env ?? process.env
  const plans = configureAll({ settingsFile: options.settingsFile, overrides: overridesOf(options), cwd: options.cwd ?? process.cwd(), env, readDefaultFile: false, functions: options.functions })
  return summariseRuns(await runPlans(plans, { logger: options.logger ? asLogger(options.logger) : quietLogger, env }))
}

/** Options must be an object of known keys: a misspelt one would otherwise be ignored in silence, as the settings file never allows. */
function checkOptions(options: unknown, call: string, extra: string[] = []): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SpindriftError(`${call} was given ${options === null ? 'null' : Array.isArray(options) ? 'a list' : `a ${typeof options}`}; pass an options object ({ entry, runtime, outputPath, … })${call === 'packager.package' ? ' or the five arguments (name, type, entry, runtime, outputPath)' : ''}.`)
  }
  const known = [...OPTIONS.map(spec => optionName(spec.key)), ...EXTRA_OPTIONS, ...extra]
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue
    const suggestion = closest(key, known)
    throw new SpindriftError(`Unknown option ${quote(key)} given to ${call}${suggestion ? `; did you mean "${suggestion}"?` : '; see PackageOptions for the options.'}`)
  }
}

function overridesOf(options: PackageOptions): Record<string, unknown> {
  const overrides: Record<string, unknown> = {}
  for (const spec of OPTIONS) overrides[spec.key] = (options as Record<string, unknown>)[optionName(spec.key)]
  return overrides
}


export const packager = { package: packageApp, packageFunctions, check: checkApp }
export default packager
