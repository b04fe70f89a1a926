/**
 * spindrift as a library: `import { packager } from 'spindrift'`.
 *
 *   await packager.package('yourwebapp', 'flask', 'from yourwebapp.main import app', 'python3.12', '/tmp/app.zip')
 *   await packager.package({ name: 'yourwebapp', type: 'flask', entry: '…', runtime: 'python3.12', outputPath: '…' })
 */
import { configure, configureAll } from '../config/configure.js'
import { quietLogger, type Environment, type Logger } from '../common/log.js'
import { OPTIONS } from '../config/options.js'
import { checkLock, runPlan, runPlans, summariseRuns, type CheckReport, type PackageResult, type RunSummary } from '../pipeline.js'
import { findRuntime, type Architecture } from '../config/runtimes.js'

export type { CheckLine, CheckReport, LayerResult, PackageResult, RunSummary } from '../pipeline.js'
export type { Environment, Logger } from '../common/log.js'
export { SpindriftError } from '../common/errors.js'
import { SpindriftError, closest } from '../common/errors.js'
export { invokeZip, buildHttpApiEvent, type InvokeOptions, type InvokeResult } from '../invoke/invoke.js'
export { serveZip, SOURCES, type ServeOptions, type Server, type EventSource } from '../invoke/serve.js'

/** Options of the object form: each settings key in camelCase (`package.index-url` → `indexUrl`, `output.path` → `outputPath`). */
export interface PackageOptions {
  name?: string
  type?: 'plain' | 'wsgi' | 'asgi' | 'flask'
  entry?: string
  runtime?: string
  architecture?: 'x86_64' | 'arm64'
  /** Project folder (default: cwd). */
  path?: string
  requirements?: string | string[]
  python?: string
  indexUrl?: string
  extraIndexUrl?: string | string[]
  outputPath?: string
  /** Put the dependencies in a layer zip of their own (package.layer), written to outputLayerPath (output.layer-path). */
  layer?: boolean
  outputLayerPath?: string
  /** Use the dependency cache (default true). */
  cache?: boolean
  /** A settings.spindrift to read first; options given here override it. */
  settingsFile?: string
  /** Folder relative paths are taken from (default: process.cwd()). */
  cwd?: string
  /** Progress and warnings; by default only warnings, on stderr. */
  logger?: Logger
  env?: Environment
}

/** Options of the object form that are not settings. */
const EXTRA_OPTIONS = ['settingsFile', 'cwd', 'logger', 'env']

/** `package.index-url` → `indexUrl`; `output.path` → `outputPath`. */
export function optionName(key: string): string {
  const local = key.startsWith('package.') ? key.slice('package.'.length) : key
  return local.replace(/[.-]([a-z])/g, (_, c: string) => c.toUpperCase())
}

async function packageApp(options: PackageOptions): Promise<PackageResult>
async function packageApp(name: string, type: string, entry: string, runtime: string, outputPath: string): Promise<PackageResult>
async function packageApp(first: PackageOptions | string, ...rest: string[]): Promise<PackageResult> {
  const options: PackageOptions =
    typeof first === 'string'
      ? { name: first, type: rest[0] as PackageOptions['type'], entry: rest[1], runtime: rest[2], outputPath: rest[3] }
      : first
  checkOptions(options, 'packager.package')
  const env = options.env ?? process.env
  const plan = configure({ settingsFile: options.settingsFile, overrides: overridesOf(options), cwd: options.cwd ?? process.cwd(), env, readDefaultFile: false })
  return (await runPlan(plan, { logger: options.logger ?? quietLogger, env })).result
}

/** What `packager.check` reads: the project and lock options of `package`, and the targets to check. */
export interface CheckOptions {
  path?: string
  lock?: string
  groups?: string[]
  extras?: string[]
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
  const targets = options.targets.map(t => {
    const [runtime, architecture = 'x86_64'] = t.split(':')
    return { runtime, architecture }
  })
  const overrides: Record<string, unknown> = {
    'package.entry': 'check:unused', 'package.runtime': targets[0]?.runtime, 'package.path': options.path, 'package.lock': options.lock,
    'package.groups': options.groups, 'package.extras': options.extras, 'package.index-url': options.indexUrl,
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
  checkOptions(options, 'packager.packageFunctions', ['functions'])
  const env = options.env ?? process.env
  const plans = configureAll({ settingsFile: options.settingsFile, overrides: overridesOf(options), cwd: options.cwd ?? process.cwd(), env, readDefaultFile: false, functions: options.functions })
  return summariseRuns(await runPlans(plans, { logger: options.logger ?? quietLogger, env }))
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
    throw new SpindriftError(`Unknown option "${key.slice(0, 60)}" given to ${call}${suggestion ? `; did you mean "${suggestion}"?` : '; see PackageOptions for the options.'}`)
  }
}

function overridesOf(options: PackageOptions): Record<string, unknown> {
  const overrides: Record<string, unknown> = {}
  for (const spec of OPTIONS) overrides[spec.key] = (options as Record<string, unknown>)[optionName(spec.key)]
  return overrides
}


export const packager = { package: packageApp, packageFunctions, check: checkApp }
export default packager
