// The pipeline: settings → Plan (config/) → app (app/) → requirements (deps/sources) → dependency layer
// (deps/, cached) → audit (audit/) → zip (zip/) → outputs (outputs/). The faces call runPlan and nothing deeper.
import { collectApp, type AppLayer } from './app/project.js'
import { HANDLER, renderShim } from './app/shim.js'
import { checkBinaries } from './audit/binaries.js'
import { checkContents } from './audit/contents.js'
import { importCheck } from './audit/importcheck.js'
import { checkSize } from './audit/limits.js'
import { bufferedLogger, type Environment, type Logger } from './common/log.js'
import type { Distribution } from './common/report.js'
import type { Plan } from './config/plan.js'
import { dependencyLayer } from './deps/layer.js'
import { interpreterMatches } from './deps/markers.js'
import type { RequirementSet } from './deps/requirements.js'
import { requirementsFrom } from './deps/sources.js'
import { LayerStore, cacheKey, cacheKeyParts, type Layer } from './deps/store.js'
import { trimFiles } from './deps/trim.js'
import type { Artefact } from './outputs/artefact.js'
import { functionZip } from './outputs/functionzip.js'
import { checkCompiler, compileFiles } from './python/compile.js'
import { findInstaller } from './python/installer.js'
import { probeInterpreter, type Interpreter } from './python/interpreter.js'
import { mergeIntoZip, type ZipSource } from './zip/archive.js'
import { type RemoteCache } from './deps/remote.js'
import { cacheBound } from './deps/maintenance.js'

export type { RemoteCache } from './deps/remote.js'
export { DEFAULT_CACHE_MAX_MB, cacheEntries, cleanCache, isFolder, pruneCache } from './deps/maintenance.js'
export type { Artefact, ArtefactKind } from './outputs/artefact.js'
export { UNZIPPED_LIMIT, ZIPPED_LIMIT } from './audit/limits.js'

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

export interface RunContext {
  logger: Logger
  env: Environment
  remote?: RemoteCache
  /** Checked between stages: once it fires, the run stops before it writes anything more. */
  signal?: AbortSignal
}

/** Facts about the build for reports (the action's job summary), beside the result. */
export interface BuildReport {
  runtime: string
  architecture: string
  python: string
  cacheKey: string
  /** What the cache key's hash is made of, part by part. */
  cacheKeyParts: Record<string, unknown>
  /** Highest GLIBC symbol version any dependency needs. */
  maxGlibc?: string
  /** Dependencies with their unzipped sizes, largest first. */
  dependencies: Distribution[]
  /** Where the dependencies came from: each source and what it read. */
  dependencySources: RequirementSet['sources']
  /** Every file the run wrote, with its hashes. */
  artefacts: Artefact[]
}

export interface PackageRun {
  result: PackageResult
  report: BuildReport
}

export async function runPlan(plan: Plan, { logger, env, remote, signal }: RunContext): Promise<PackageRun> {
  if (plan.runtime.deprecated) {
    logger.warning(`${plan.runtime.name} has been deprecated by AWS Lambda since ${plan.runtime.deprecated}: it gets no security patches; move to a current runtime.`)
  }
  const python = await probeInterpreter(plan.python, env)
  logger.info(`Python ${python.version} (${python.machine}) with pip ${python.pip ?? 'missing'} packages for ${plan.runtime.name} on ${plan.architecture}`)
  warnOnInterpreterMismatch(plan, python, logger)

  if (plan.compile) checkCompiler(plan, python)
  const installer = await findInstaller(plan, python)
  const store = plan.cacheDir ? new LayerStore(plan.cacheDir, logger, cacheBound(env)) : undefined
  const keyOf = (requirements: RequirementSet) => cacheKey(plan, python, installer, requirements, env)
  const layerFor = (requirements: RequirementSet, log: Logger) => dependencyLayer(plan, python, installer, requirements, keyOf(requirements), { store, remote, logger: log })

  // When the sources can tell the dependencies before the project is built, install them meanwhile.
  const predicted = requirementsFrom({ projectDir: plan.projectDir, requirementFiles: plan.requirementFiles })
  const early = predicted && startEarly(predicted, keyOf, layerFor, logger)
  let app: AppLayer & { unmatchedExcludes: string[] }
  try {
    app = await logger.group(`App: ${plan.projectDir}`, async () => {
      const collected = await collectApp(plan, python, installer, logger)
      const trimmed = trimFiles(collected.files, { exclude: plan.exclude, stripTests: false, dropDistributions: [] })
      const files = trimmed.kept
      return { ...collected, unmatchedExcludes: trimmed.unmatched, files: plan.compile ? await compileFiles(plan, python, files, logger) : files }
    })
  } catch (error) {
    await early?.settled
    throw error
  }
  signal?.throwIfAborted()
  const requirements = requirementsFrom({ projectDir: plan.projectDir, requirementFiles: plan.requirementFiles, declaredDependencies: app.declaredDependencies })
  if (!requirements) throw new Error('the dependency sources still need the built project after it was built')
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

  // A layer stored before this was recorded says nothing: no warning rather than a wrong one.
  const unmatchedByDeps = layer.manifest.unmatchedExcludes
  for (const pattern of app.unmatchedExcludes) {
    if (unmatchedByDeps?.includes(pattern)) logger.warning(`package.exclude pattern "${pattern}" matches no file of the app or its dependencies; check its spelling (patterns are relative to the zip's root, for example "**/*.md").`)
  }
  signal?.throwIfAborted()
  const output = functionZip(plan.outputPath)
  const artefact = await logger.group(`Zip: ${output.path}`, async () => {
    const shim = renderShim(plan)
    checkContents(plan, plan.projectDir, layer.manifest.files.map(f => f.name), app.files.map(f => f.name))
    checkBinaries(plan, app.files, 'project', logger)
    const archive = await mergeIntoZip(layer.entries, [...app.files, shim])
    const unzipped = uncompressedSize(layer, [...app.files, shim])
    if (plan.importCheck) await importCheck(plan, python, archive)
    checkSize(plan.runtime.name, archive.length, unzipped, [{ name: `${plan.name} (your app)`, version: '', size: sum(app.files) }, ...(layer.manifest.distributions ?? [])], logger)
    signal?.throwIfAborted()
    const written = output.write(archive, { uncompressedSize: unzipped })
    logger.info(`Wrote ${written.path} (${written.size} bytes, base64 SHA-256 ${written.base64Sha256})`)
    return written
  })
  return {
    result: {
      path: artefact.path,
      size: artefact.size,
      sha256: artefact.sha256,
      base64Sha256: artefact.base64Sha256,
      uncompressedSize: artefact.uncompressedSize ?? 0,
      handler: HANDLER,
      cacheHit
    },
    report: {
      runtime: plan.runtime.name,
      architecture: plan.architecture,
      python: python.version,
      cacheKey: key,
      cacheKeyParts: cacheKeyParts(plan, python, installer, requirements, env),
      maxGlibc: layer.manifest.audit?.maxGlibc,
      dependencies: layer.manifest.distributions ?? [],
      dependencySources: requirements.sources,
      artefacts: [artefact]
    }
  }
}

/** A dependency layer being made for the predicted requirements, its log kept until the app stage is done. */
function startEarly(
  requirements: RequirementSet,
  keyOf: (requirements: RequirementSet) => string,
  layerFor: (requirements: RequirementSet, log: Logger) => Promise<{ layer: Layer; cacheHit: boolean }>,
  live: Logger
) {
  // A terminal's log takes both stages' lines as they come ("Installing…" before the install, not after it).
  const log = live.interleave ? { logger: live, replayTo: () => {} } : bufferedLogger(live)
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
