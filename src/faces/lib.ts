/**
 * spindrift as a library: `import { packager } from 'spindrift-lambda'`.
 *
 *   await packager.package('yourwebapp', 'flask', 'from yourwebapp.main import app', 'python3.12', '/tmp/app.zip')
 *   await packager.package({ name: 'yourwebapp', type: 'flask', entry: '…', runtime: 'python3.12', outputPath: '…' })
 */
import { configure } from '../config/configure.js'
import { quietLogger, type Environment, type Logger } from '../common/log.js'
import { OPTIONS } from '../config/options.js'
import { runPlan, type PackageResult } from '../pipeline.js'

export type { PackageResult } from '../pipeline.js'
export type { Environment, Logger } from '../common/log.js'
export { SpindriftError } from '../common/errors.js'
export { invokeZip, buildHttpApiEvent, type InvokeOptions, type InvokeResult } from '../invoke/invoke.js'

/** Options of the object form: each settings key in camelCase (`package.index-url` → `indexUrl`, `output.path` → `outputPath`). */
export interface PackageOptions {
  name?: string
  type?: 'plain' | 'flask'
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
  const overrides: Record<string, unknown> = {}
  for (const spec of OPTIONS) overrides[spec.key] = (options as Record<string, unknown>)[optionName(spec.key)]
  const env = options.env ?? process.env
  const plan = configure({ settingsFile: options.settingsFile, overrides, cwd: options.cwd ?? process.cwd(), env, readDefaultFile: false })
  return (await runPlan(plan, { logger: options.logger ?? quietLogger, env })).result
}

export const packager = { package: packageApp }
export default packager
