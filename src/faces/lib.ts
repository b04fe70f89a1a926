/**
 * spindrift as a library: `import { packager } from 'spindrift-lambda'`.
 *
 *   await packager.package('yourwebapp', 'flask', 'from yourwebapp.main import app', 'python3.12', '/tmp/app.zip')
 *   await packager.package({ name: 'yourwebapp', type: 'flask', entry: '…', runtime: 'python3.12', outputPath: '…' })
 */
import { configure } from '../config/configure.js'
import { quietLogger, type Environment, type Logger } from '../common/log.js'
import { OPTIONS, optionName, type OptionValues } from '../config/options.js'
import type { RuntimeName } from '../config/runtimes.js'
import { runPlan, type PackageResult } from '../pipeline.js'

export type { PackageResult } from '../pipeline.js'
export type { Environment, Logger } from '../common/log.js'
export type { RuntimeName } from '../config/runtimes.js'
export { SpindriftError } from '../common/errors.js'
export { invokeZip, buildHttpApiEvent, type InvokeOptions, type InvokeResult } from '../invoke/invoke.js'

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
  const options: PackageOptions =
    typeof first === 'string'
      ? { name: first, type: rest[0] as PackageOptions['type'], entry: rest[1], runtime: rest[2] as RuntimeName, outputPath: rest[3] }
      : first
  const overrides: Record<string, unknown> = {}
  for (const spec of OPTIONS) overrides[spec.key] = (options as Record<string, unknown>)[optionName(spec.key)]
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

export const packager = { package: packageApp }
export default packager
