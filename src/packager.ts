import { mergeIntoZip, writeAtomically, type ZipSource } from './archive.js'
import { LayerStore, cacheKey, type Layer } from './cache.js'
import { checkCompiler, compileFiles } from './compile.js'
import { SpindriftError } from './errors.js'
import { importCheck } from './importcheck.js'
import { findInstaller } from './installer.js'
import { checkBinaries, dependencyLayer } from './layer.js'
import { interpreterMatches } from './markers.js'
import { bufferedLogger, type Environment, type Logger } from './log.js'
import { collectApp, predictedDependencies, type AppLayer } from './project.js'
import type { Plan } from './plan.js'
import { probeInterpreter, type Interpreter } from './python.js'
import type { Distribution } from './report.js'
import { gatherRequirements, type RequirementSet } from './requirements.js'
import { HANDLER, renderShim } from './shim.js'
import { trimFiles } from './trim.js'

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
  const installer = await findInstaller(plan, python)
  const store = plan.cacheDir ? new LayerStore(plan.cacheDir, logger) : undefined
  const keyOf = (requirements: RequirementSet) => cacheKey(plan, python, installer, requirements, env)
  const layerFor = (requirements: RequirementSet, log: Logger) => dependencyLayer(plan, python, installer, requirements, keyOf(requirements), { store, remote, logger: log })

  // With static metadata the dependencies are known before the project is built: install them meanwhile.
  const predicted = predictedDependencies(plan.projectDir)
  const early = predicted && startEarly(gatherRequirements(predicted, plan.requirementFiles), keyOf, layerFor)
  let app: AppLayer
  try {
    app = await logger.group(`App: ${plan.projectDir}`, async () => {
      const collected = await collectApp(plan, python, installer, logger)
      const files = trimFiles(collected.files, { exclude: plan.exclude, stripTests: false, dropDistributions: [] }).kept
      return { ...collected, files: plan.compile ? await compileFiles(plan, python, files, logger) : files }
    })
  } catch (error) {
    await early?.settled
    throw error
  }
  const requirements = gatherRequirements(app.declaredDependencies, plan.requirementFiles)
  const key = keyOf(requirements)

  const { layer, cacheHit } = await logger.group(`Dependencies: ${key}`, async () => {
    if (early) {
      const settled = await early.settled
      early.log.replayTo(logger)
      if (early.key === key) {
        if ('error' in settled) throw settled.error
        if (!settled.value.cacheHit) logger.info('The dependencies pyproject.toml lists were installed while the project was built: the wheel declares the same.')
        return settled.value
      }
      logger.info('The built project declares other dependencies than its pyproject.toml lists; installing what it declares.')
    }
    return layerFor(requirements, logger)
  })

  const written = await logger.group(`Zip: ${plan.outputPath}`, async () => {
    const shim = renderShim(plan)
    checkLayers(plan, layer, app.files)
    checkBinaries(plan, app.files, 'project', logger)
    const archive = await mergeIntoZip(layer.entries, [...app.files, shim])
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

/** A dependency layer being made for the predicted requirements, its log kept until the app stage is done. */
function startEarly(
  requirements: RequirementSet,
  keyOf: (requirements: RequirementSet) => string,
  layerFor: (requirements: RequirementSet, log: Logger) => Promise<{ layer: Layer; cacheHit: boolean }>
) {
  const log = bufferedLogger()
  const settled = layerFor(requirements, log.logger).then(
    value => ({ value }),
    (error: unknown) => ({ error })
  )
  return { key: keyOf(requirements), log, settled }
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
