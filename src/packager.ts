import { buildZip, compareNames, mergeIntoZip, writeAtomically, type ZipSource } from './archive.js'
import { LayerStore, cacheKey, describeLayer, type Layer } from './cache.js'
import { SpindriftError } from './errors.js'
import AdmZip from 'adm-zip'
import { auditFiles, ownersFromRecords, type AuditResult } from './audit.js'
import { checkCompiler, compileFiles } from './compile.js'
import { importCheck } from './importcheck.js'
import { installDependencies } from './install.js'
import { trimFiles } from './trim.js'
import { findInstaller } from './installer.js'
import { interpreterMatches } from './markers.js'
import type { Environment, Logger } from './log.js'
import { collectApp } from './project.js'
import type { Plan } from './plan.js'
import { probeInterpreter, type Interpreter } from './python.js'
import type { Distribution } from './report.js'
import { gatherRequirements } from './requirements.js'
import { HANDLER, renderShim } from './shim.js'

/** What a packaging run produced: the action's outputs, the CLI's --json and the library's return value. */
export interface PackageResult {
  /** Absolute path of the zip. */
  path: string
  /** Hex SHA-256 of the zip. */
  sha256: string
  /** Base64 of the raw SHA-256 digest: Terraform's source_code_hash, Lambda's CodeSha256. */
  base64Sha256: string
  /** Zip size in bytes. */
  size: number
  /** Sum of the files' sizes once extracted. */
  uncompressedSize: number
  /** Lambda handler setting: always "index.handler". */
  handler: string
  /** True when the dependency layer came from the cache and pip did not run for it. */
  cacheHit: boolean
}

/** What the action adds to the local layer store: a shared cache (GitHub's) restored into and saved from its folder. */
export interface RemoteCache {
  /** Fill `folder` with the entry saved under `key`; false on a miss or any failure (after warning). */
  restore(folder: string, key: string): Promise<boolean>
  /** Save `folder` under `key`; failures are warnings. */
  save(folder: string, key: string): Promise<void>
}

export interface RunContext {
  logger: Logger
  env: Environment
  remote?: RemoteCache
}

/** Facts about the build for reports (the action's job summary), beside the result. */
export interface BuildReport {
  runtime: string
  architecture: string
  python: string
  cacheKey: string
  /** Highest GLIBC symbol version any dependency needs. */
  maxGlibc?: string
  /** Dependencies with their unzipped sizes, largest first. */
  dependencies: Distribution[]
}

export interface PackageRun {
  result: PackageResult
  report: BuildReport
}

/** The pipeline: interpreter → app layer → requirements → dependency layer (cached) → shim → zip. */
export async function runPlan(plan: Plan, { logger, env, remote }: RunContext): Promise<PackageRun> {
  if (plan.runtime.deprecated) {
    logger.warning(`${plan.runtime.name} has been deprecated by AWS Lambda since ${plan.runtime.deprecated}: it gets no security patches; move to a current runtime.`)
  }
  const python = await probeInterpreter(plan.python, env)
  logger.info(`Python ${python.version} (${python.machine}) with pip ${python.pip ?? 'missing'} packages for ${plan.runtime.name} on ${plan.architecture}`)
  warnOnInterpreterMismatch(plan, python, logger)

  if (plan.compile) checkCompiler(plan, python)
  const app = await logger.group(`App: ${plan.projectDir}`, async () => {
    const collected = await collectApp(plan, python, logger)
    const files = trimFiles(collected.files, { exclude: plan.exclude, stripTests: false, dropDistributions: [] }).kept
    return { ...collected, files: plan.compile ? await compileFiles(plan, python, files, logger) : files }
  })
  const requirements = gatherRequirements(app.declaredDependencies, plan.requirementFiles)
  const installer = await findInstaller(plan, python)
  const key = cacheKey(plan, python, installer, requirements, env)
  const store = plan.cacheDir ? new LayerStore(plan.cacheDir, logger) : undefined

  const { layer, cacheHit } = await logger.group(`Dependencies: ${key}`, async () => {
    if (store && remote && !store.has(key)) await remote.restore(store.folder(key), key)
    const restored = store?.get(key)
    if (restored) {
      logger.info('Dependency layer restored from the cache: pip does not run')
      // A layer stored before this audit existed (or by an older one) is audited now.
      if (restored.manifest.audit?.version !== AUDIT_VERSION) checkBinaries(plan, layerFiles(restored.zip), 'cached dependencies', logger)
      return { layer: restored, cacheHit: true }
    }
    const trimmed = trimFiles(await installDependencies(plan, python, installer, requirements, logger), {
      exclude: plan.exclude,
      stripTests: plan.stripTests,
      dropDistributions: plan.skipRuntimeProvided ? [...plan.runtime.provides] : []
    })
    if (trimmed.removed) logger.info(`Left out ${trimmed.removed} installed files (package.exclude, strip-tests, skip-runtime-provided)`)
    const compiled = plan.compile ? await compileFiles(plan, python, trimmed.kept, logger) : trimmed.kept
    const installed = compiled.sort((a, b) => compareNames(a.name, b.name))
    // Audited before it is stored: a layer that cannot run on the target is never cached.
    const audit = checkBinaries(plan, installed, 'dependencies', logger)
    const zip = buildZip(installed)
    const built: Layer = { zip, manifest: { ...describeLayer(key, zip, installed), audit: { version: AUDIT_VERSION, maxGlibc: audit.maxGlibc } } }
    // Saved right after a successful install: the next run gains even if a later stage fails.
    if (store?.put(built) && remote) await remote.save(store.folder(key), key)
    return { layer: built, cacheHit: false }
  })

  const written = await logger.group(`Zip: ${plan.outputPath}`, async () => {
    const shim = renderShim(plan)
    checkLayers(plan, layer, app.files)
    checkBinaries(plan, app.files, 'project', logger)
    const archive = mergeIntoZip(layer.zip, [...app.files, shim])
    const unzipped = uncompressedSize(layer, [...app.files, shim])
    if (plan.importCheck) await importCheck(plan, python, archive)
    checkSize(plan, archive.length, unzipped, [{ name: `${plan.name} (your app)`, version: '', size: sum(app.files) }, ...(layer.manifest.distributions ?? [])], logger)
    const done = writeAtomically(plan.outputPath, archive)
    logger.info(`Wrote ${done.path} (${done.size} bytes, base64 SHA-256 ${done.base64Sha256})`)
    return { ...done, uncompressedSize: unzipped }
  })
  return {
    result: { ...written, handler: HANDLER, cacheHit },
    report: {
      runtime: plan.runtime.name,
      architecture: plan.architecture,
      python: python.version,
      cacheKey: key,
      maxGlibc: layer.manifest.audit?.maxGlibc,
      dependencies: layer.manifest.distributions ?? []
    }
  }
}

/** Say up front when pip's interpreter is not the target's: its markers are then verified after the install. */
function warnOnInterpreterMismatch(plan: Plan, python: Interpreter, logger: Logger): void {
  if (plan.installer === 'uv' || interpreterMatches(plan, python)) return
  logger.warning(
    `pip runs on Python ${python.minor} (${python.machine}) for ${plan.runtime.name} on ${plan.architecture}: every dependency marker will be checked for the target, and the build stops if one decides differently; run spindrift with Python ${plan.runtime.pythonVersion} (for example actions/setup-python) to avoid that risk.`
  )
}

/** The shim owns index.py, and the entry module must be somewhere in the zip. */
function checkLayers(plan: Plan, layer: Layer, appFiles: ZipSource[]): void {
  if (appFiles.some(f => f.name === 'index.py')) {
    throw new SpindriftError(`The project in ${plan.projectDir} has its own index.py at its root, which spindrift's handler shim (index.handler) must replace; rename that module and point package.entry at the new name.`)
  }
  const names = [...layer.manifest.files.map(f => f.name), ...appFiles.map(f => f.name)]
  const entries: [string, string | undefined][] = [['package.entry', plan.entry.module], ['package.events-entry', plan.eventsEntry?.module]]
  for (const [setting, module] of entries) {
    if (!module) continue
    const base = module.replace(/\./g, '/')
    const found = names.some(n => n === `${base}.py` || n.startsWith(`${base}/`) || (n.startsWith(`${base}.`) && /\.so$/.test(n)))
    if (!found) {
      throw new SpindriftError(`${setting} names module "${module}", but neither ${base}.py nor ${base}/__init__.py is in the package built from ${plan.projectDir}; fix ${setting} or package.path.`)
    }
  }
}

/** Bump when the audit learns new rules: layers audited by an older one are audited again on restore. */
const AUDIT_VERSION = 1

/**
 * Every binary must run on the target: ELF for its machine, glibc symbol versions within the runtime's, no
 * macOS, Windows or musl builds. Any problem stops the build, naming the files and their packages.
 */
function checkBinaries(plan: Plan, files: ZipSource[], what: string, logger: Logger): AuditResult {
  const audit = auditFiles(files, { architecture: plan.architecture, glibc: plan.runtime.glibc, runtime: plan.runtime.name }, ownersFromRecords(files))
  for (const note of audit.notes.slice(0, 5)) logger.warning(`${note.file}${note.distribution ? ` (${note.distribution})` : ''} ${note.problem}`)
  if (audit.problems.length > 0) {
    const shown = audit.problems
      .slice(0, 5)
      .map(p => `${p.file}${p.distribution ? ` (from ${p.distribution})` : ''} ${p.problem}`)
      .join('; ')
    const more = audit.problems.length > 5 ? ` and ${audit.problems.length - 5} more` : ''
    throw new SpindriftError(
      `The ${what} hold binaries that cannot run on ${plan.runtime.name} ${plan.architecture}: ${shown}${more}; pin versions that publish manylinux wheels for this runtime (glibc ${plan.runtime.glibc.join('.')}) and architecture.`
    )
  }
  return audit
}

/** A layer zip's files, decompressed: for auditing a layer cached before the audit ran. */
function layerFiles(zip: Buffer): ZipSource[] {
  return new AdmZip(zip, { noSort: true }).getEntries().map(entry => ({ name: entry.entryName, data: entry.getData() }))
}

/** Lambda's limits: 50 MB for a zip uploaded directly, 262,144,000 bytes unzipped (layers included). */
export const ZIPPED_LIMIT = 50 * 1024 * 1024
export const UNZIPPED_LIMIT = 262_144_000

function checkSize(plan: Plan, zipped: number, unzipped: number, parts: Distribution[], logger: Logger): void {
  const largest = () =>
    [...parts]
      .sort((a, b) => b.size - a.size)
      .slice(0, 10)
      .map(p => `${p.name}${p.version ? ' ' + p.version : ''} ${megabytes(p.size)}`)
      .join(', ')
  if (unzipped > UNZIPPED_LIMIT) {
    throw new SpindriftError(`The package unzips to ${megabytes(unzipped)}, over Lambda's limit of 250 MB (${UNZIPPED_LIMIT} bytes), so ${plan.runtime.name} cannot run it; the largest parts are ${largest()}: drop or slim dependencies, or use a container image.`)
  }
  if (zipped > ZIPPED_LIMIT) {
    logger.warning(`The zip is ${megabytes(zipped)}, over the 50 MB limit for direct upload: deploy it through S3. The largest parts are ${largest()}.`)
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

function sum(files: ZipSource[]): number {
  return files.reduce((total, f) => total + f.data.length, 0)
}

function uncompressedSize(layer: Layer, added: ZipSource[]): number {
  const sizes = new Map(layer.manifest.files.map(f => [f.name, f.size]))
  for (const file of added) sizes.set(file.name, file.data.length)
  let total = 0
  for (const size of sizes.values()) total += size
  return total
}
