// The pipeline: settings → Plan (config/) → app (app/) → requirements (deps/sources) → dependency layer
// (deps/, cached) → audit (audit/) → zip (zip/) → outputs (outputs/). The faces call runPlan and nothing deeper.
import { collectApp, type AppLayer } from './app/project.js'
import { HANDLER, renderShim } from './app/shim.js'
import { checkBinaries } from './audit/binaries.js'
import { checkContents } from './audit/contents.js'
import { importCheck, inferType } from './audit/importcheck.js'
import { checkLayerZipSize, checkSize } from './audit/limits.js'
import { bufferedLogger, type Environment, type Logger } from './common/log.js'
import { byteLength, type Bytes } from './common/fs.js'
import type { Distribution, DistributionReport } from './common/report.js'
import { distributionReports } from './deps/provenance.js'
import { dependencyLayer } from './deps/layer.js'
import { interpreterMatches } from './deps/markers.js'
import type { RequirementSet } from './deps/requirements.js'
import { requirementsFrom } from './deps/sources.js'
import { LayerStore, cacheKey, cacheKeyParts, type Layer } from './deps/store.js'
import { trimFiles } from './deps/trim.js'
import type { Artefact } from './outputs/artefact.js'
import type { Output, StagedArtefact } from './outputs/output.js'
import { functionZip } from './outputs/functionzip.js'
import { layerZip, layerZipBytes } from './outputs/layerzip.js'
import type { SbomSubject } from './outputs/sbom.js'
import { metadataFiles, sbomPath, stageSbom } from './outputs/sbomfile.js'
import { checkCompiler, compileFiles } from './python/compile.js'
import { findInstaller } from './python/installer.js'
import { mergeIntoZip, type ZipSource } from './zip/archive.js'
import os from 'node:os'
import path from 'node:path'
import { SpindriftError, quote } from './common/errors.js'
import { type RemoteCache } from './deps/remote.js'

import { renderTargetFile } from './app/targetfile.js'
import type { AppOptions, Plan } from './config/plan.js'
import { checkProjectPython } from './deps/requirespython.js'
import { isResolution, resolveForTarget } from './deps/resolve.js'
import { configuredUrls, rememberedResolution } from './deps/resolutionmemo.js'
import { unresolved } from './deps/wheels/select.js'
import { type Interpreter } from './python/interpreter.js'
import { chooseInterpreter } from './python/discover.js'
import { TIMEOUT_VARIABLE } from './common/subprocess.js'
import { removeStaleWorkFolders } from './common/cleanup.js'
import { timed, timeSync, type StageClock } from './common/profile.js'

import { cacheBound } from './deps/maintenance.js'

export type { RemoteCache } from './deps/remote.js'
export type { DistributionReport } from './common/report.js'
export { DEFAULT_CACHE_MAX_MB, cacheEntries, cleanCache, isFolder, pruneCache } from './deps/maintenance.js'
export type { Artefact, ArtefactKind } from './outputs/artefact.js'
export { UNZIPPED_LIMIT, ZIPPED_LIMIT } from './audit/limits.js'
export { StageClock } from './common/profile.js'
export { checkLock, type CheckInputs, type CheckLine, type CheckReport } from './deps/check.js'

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
  /** Where the dependencies came from: "uv.lock (/path/uv.lock)", "project metadata, requirements files (…)", or "none". */
  dependencySource: string
  /** With package.layer: the dependency layer zip the function needs (the function zip then holds only the app and the shim). */
  layer?: LayerResult
  /** The CycloneDX SBOM written beside the zip (output.sbom). */
  sbom?: string
  /** The distributions in this zip (none with package.layer: they are the layer's): size and why this wheel. */
  distributions: DistributionReport[]
}

/** A Lambda layer zip: what aws_lambda_layer_version (filename, source_code_hash, compatible_*) takes. */
export interface LayerResult {
  path: string
  sha256: string
  base64Sha256: string
  size: number
  uncompressedSize: number
  compatibleRuntime: string
  compatibleArchitecture: string
  /** The layer zip's own CycloneDX SBOM. */
  sbom?: string
  /** The distributions in the layer: size and why this wheel. */
  distributions: DistributionReport[]
}

/** Work the functions of one run share: one install per dependency layer key, one write per layer zip path. */
export interface SharedWork {
  /** Work keyed by everything it depends on (interpreter, installer, app stage, dependency layer): done once. */
  once: <T>(key: string, make: () => Promise<T>) => Promise<T>
  /** By resolved path: set before the staging starts, so a function meeting it while it is written waits for it. */
  layerZips: Map<string, { key: string; staged: Promise<SharedLayerZip> }>
  /** Every zip the run writes: none of them is ever read as an app file. */
  outputs: string[]
}

/** A layer zip staged once for every function that uses it, committed (and reported) once. */
interface SharedLayerZip {
  /** Where the layer's SBOM goes, when one is written. */
  sbomPath?: string
  commit(logger: Logger): Artefact
  abort(): void
}

function newSharedWork(outputs: string[] = []): SharedWork {
  const done = new Map<string, Promise<unknown>>()
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!done.has(key)) done.set(key, make())
    return done.get(key) as Promise<T>
  }
  return { once, layerZips: new Map(), outputs }
}

export interface RunContext {
  logger: Logger
  env: Environment
  remote?: RemoteCache
  /** Set by runPlans: what this function shares with the others of the run. */
  shared?: SharedWork
  /** Checked between stages: once it fires, the run stops before it writes anything more. */
  signal?: AbortSignal
  /** Times each stage when given (--profile). */
  clock?: StageClock
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

/** One function: prepared (every check passed, every file staged), then committed. */
export async function runPlan(plan: Plan, context: RunContext): Promise<PackageRun> {
  const prepared = await preparePlan(plan, context)
  return timeSync(context.clock, 'write', () => prepared.commit())
}

/** A function whose files are staged beside their destinations: commit() renames them into place, abort() removes them. */
interface PreparedRun {
  commit(): PackageRun
  abort(): void
}

async function preparePlan(plan: Plan, { logger, env: given, remote, shared, signal, clock }: RunContext): Promise<PreparedRun> {
  if (plan.member) logger.info(`Packaging the uv workspace member "${plan.member}" (${plan.projectDir}), locked by ${plan.lock}`)
  // Every external step reads its time limit from the environment it runs in.
  const env = { ...given, [TIMEOUT_VARIABLE]: String(plan.timeout) }
  const work = shared ?? newSharedWork()
  await work.once('stale work folders', async () => removeStaleWorkFolders())
  if (plan.runtime.deprecated) {
    logger.warning(`${plan.runtime.name} has been deprecated by AWS Lambda since ${plan.runtime.deprecated}: it gets no security patches; move to a current runtime.`)
  }
  if (plan.snapstartWarmup && Number(plan.runtime.pythonVersion.split('.')[1]) < 12) {
    logger.warning(`package.snapstart-warmup is set, but Lambda SnapStart needs python3.12 or later, so on ${plan.runtime.name} the warm-up request is never sent; choose python3.12 or later, or remove the setting.`)
  }
  checkProjectPython(plan.projectDir, plan)
  const python = await work.once(`python ${plan.python} ${plan.runtime.name} ${plan.architecture}`, () => timed(clock, 'interpreter', () => chooseInterpreter(plan.python, plan, env, logger, plan.cacheDir)))
  logger.info(`Python ${python.version} (${python.machine}) with pip ${python.pip ?? 'missing'} packages for ${plan.runtime.name} on ${plan.architecture}`)

  if (plan.compile) checkCompiler(plan, python)
  const installer = await work.once(`installer ${plan.installer} ${python.command}`, () => timed(clock, 'installer', () => findInstaller(plan, python)))
  const store = plan.cacheDir ? new LayerStore(plan.cacheDir, logger, cacheBound(env)) : undefined
  // Asked several times per set (the early layer, the layer, the report): hashed once.
  const keys = new WeakMap<RequirementSet, string>()
  const keyOf = (requirements: RequirementSet) => {
    if (!keys.has(requirements)) keys.set(requirements, cacheKey(plan, python, installer, requirements, env))
    return keys.get(requirements)!
  }
  // A set that could not be resolved is keyed by its text: it is installed, but never stored or reused.
  const layerFor = (requirements: RequirementSet, log: Logger) => {
    const key = keyOf(requirements)
    return work.once(`layer ${key}`, () => timed(clock, 'dependency layer', () => dependencyLayer(plan, python, installer, requirements, key, { store: requirements.locked || requirements.resolved ? store : undefined, remote, logger: log })))
  }
  const resolved = (requirements: RequirementSet): Promise<RequirementSet> => {
    if (requirements.locked || !store) return Promise.resolve(requirements)
    // The same normalised set (pyproject.toml's spelling or the wheel's) is resolved once, for every function of the run.
    const id = JSON.stringify([requirements.normalised, plan.runtime.name, plan.architecture, plan.indexUrl, plan.extraIndexUrls, installer.name, python.command])
    // What pip read is checked again first: unchanged, the last resolution stands and pip's resolver does not run.
    const memo = { cacheDir: plan.cacheDir, installer: installer.name, keyParts: [cacheKeyParts(plan, python, installer, requirements, env), plan.runtime.name, plan.runtime.glibc, plan.architecture, plan.projectDir, python.command, python.version, installer.name, installer.version], normalised: requirements.normalised, configuredUrls: configuredUrls(plan, requirements.files, env), env, logger }
    const resolve = () => rememberedResolution(memo, onLine => resolveForTarget(plan, python, installer, requirements, logger, onLine), isResolution)
    return work.once(`resolution ${id}`, () => timed(clock, 'resolution', resolve).then(resolution => ({ ...requirements, resolved: resolution?.lines, wheels: resolution ? resolution.wheels : unresolved(installer.name) })))
  }

  // When the sources can tell the dependencies before the project is built, install them meanwhile.
  const locks = { lock: plan.lock, groups: plan.groups, extras: plan.extras, runtime: plan.runtime, architecture: plan.architecture }
  const predicted = requirementsFrom({ projectDir: plan.projectDir, requirementFiles: plan.requirementFiles, locks })
  // A lock's markers are decided for the target by spindrift itself, whatever Python runs pip.
  if (!predicted?.locked) warnOnInterpreterMismatch(plan, python, logger)
  const early = predicted && startEarly(resolved(predicted), keyOf, layerFor, logger)
  let app: AppLayer & { unmatchedExcludes: string[] }
  try {
    // Functions over one project with the same app settings share one app stage.
    const appKey = JSON.stringify([plan.projectDir, plan.include, plan.exclude, plan.compile, plan.indexUrl, plan.extraIndexUrls, plan.cacheDir, installer, python.command])
    app = await logger.group(`App: ${plan.projectDir}`, () =>
      work.once(`app ${appKey}`, () => timed(clock, 'app', async () => {
        const collected = await collectApp(plan, python, installer, logger, [...work.outputs, ...ownOutputs(plan)])
        const trimmed = trimFiles(collected.files, { exclude: plan.exclude, stripTests: false, dropDistributions: [] })
        const files = trimmed.kept
        return { ...collected, unmatchedExcludes: trimmed.unmatched, files: plan.compile ? await compileFiles(plan, python, files, logger) : files }
      }))
    )
  } catch (error) {
    await early?.settled
    throw error
  }
  signal?.throwIfAborted()
  // A lock alone says what to install, whatever the built project declares: it is not read and parsed again.
  const declared = predicted?.locked ? predicted : requirementsFrom({ projectDir: plan.projectDir, requirementFiles: plan.requirementFiles, declaredDependencies: app.declaredDependencies, locks })
  if (!declared) throw new Error('the dependency sources still need the built project after it was built')
  const requirements = await resolved(declared)
  const key = keyOf(requirements)
  const dependencySource = describeSources(requirements)
  logger.info(`Dependencies from ${dependencySource}`)

  const { layer, cacheHit } = await logger.group(`Dependencies: ${key}`, async () => {
    if (early) {
      const settled = await early.settled
      early.log.replayTo(logger)
      if ((await early.key) === key) {
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
    if (unmatchedByDeps?.includes(pattern)) logger.warning(`package.exclude pattern ${quote(pattern)} matches no file of the app or its dependencies; check its spelling (patterns are relative to the zip's root, for example "**/*.md").`)
  }
  signal?.throwIfAborted()
  const output = functionZip(plan.outputPath)
  const { staged, stagedLayer, stagedSbom } = await logger.group(`Zip: ${output.path}`, () => timed(clock, 'checks and zip', async () => {
    checkContents(plan, plan.projectDir, layer.manifest.files.map(f => f.name), app.files.map(f => f.name))
    checkBinaries(plan, app.files, 'project', logger)
    // The shim and spindrift.json both say the app kind: rendered again when the kind is inferred. With a layer,
    // the function zip is the app, the shim and spindrift.json; the checks still see both, as Lambda will.
    const build = async (options: AppOptions) => {
      const added = [renderShim(options), renderTargetFile(plan, options)]
      const files = [...app.files, ...added]
      const whole = await mergeIntoZip(layer.entries, files)
      return { files, whole, archive: plan.layerPath ? await mergeIntoZip([], files) : whole }
    }
    let built = await build(plan)
    const inferred = await inferType(plan, plan, python, built.whole, logger)
    if (inferred) built = await build({ ...plan, type: inferred })
    const { files: appFiles, archive } = built
    const unzipped = uncompressedSize(layer, appFiles)
    if (plan.importCheck) await importCheck(plan, python, built.whole)
    checkSize(plan.runtime.name, byteLength(archive), unzipped, [{ name: `${plan.name} (your app)`, version: '', size: sum(app.files) }, ...(layer.manifest.distributions ?? [])], logger)
    signal?.throwIfAborted()
    const sbomFor = (artefact: 'function-zip' | 'layer-zip') => (plan.sbom ? { appName: plan.name, ...appIdentity(app), artefact, dependencySource: requirements.sources.map(s => s.source).join(', ') || undefined, wheels: layer.manifest.wheels } : undefined)
    const stagedLayer = plan.layerPath ? await stageSharedLayer(plan.layerPath, key, layer, work, logger, sbomFor('layer-zip')) : undefined
    const sbom = plan.sbom ? (sha256: string) => stageSbom(plan.outputPath, sha256, [...(plan.layerPath ? [] : metadataFiles(layer.entries)), ...appFiles], { ...sbomFor('function-zip')!, prefix: '' }) : undefined
    const { staged, stagedSbom } = await stageWithSbom(output, archive, { uncompressedSize: plan.layerPath ? sum(appFiles) : unzipped }, sbom)
    return { staged, stagedLayer, stagedSbom }
  }))
  const reports = distributionReports(layer.manifest.distributions ?? [], layer.manifest.wheels)
  const finish = (artefact: Artefact, layerArtefact: Artefact | undefined, sbomArtefact: Artefact | undefined): PackageRun => ({
    result: {
      path: artefact.path,
      size: artefact.size,
      sha256: artefact.sha256,
      base64Sha256: artefact.base64Sha256,
      uncompressedSize: artefact.uncompressedSize ?? 0,
      handler: HANDLER,
      cacheHit,
      dependencySource,
      ...(sbomArtefact && { sbom: sbomArtefact.path }),
      distributions: layerArtefact ? [] : reports,
      ...(layerArtefact && { layer: { ...layerResult(layerArtefact, plan, stagedLayer?.sbomPath), distributions: reports } })
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
      artefacts: [artefact, ...(sbomArtefact ? [sbomArtefact] : []), ...(layerArtefact ? [layerArtefact] : [])]
    }
  })
  return {
    commit() {
      const layerArtefact = stagedLayer?.commit(logger)
      const artefact = staged.commit()
      const sbomArtefact = stagedSbom?.commit()
      logger.info(`Wrote ${artefact.path} (${artefact.size} bytes, base64 SHA-256 ${artefact.base64Sha256})${sbomArtefact ? ` and its SBOM ${sbomArtefact.path}` : ''}`)
      return finish(artefact, layerArtefact, sbomArtefact)
    },
    abort() {
      staged.abort()
      stagedSbom?.abort()
      stagedLayer?.abort()
    }
  }
}

/** One function's run, named as in the settings file's functions: section (undefined for a single function). */
export interface FunctionRun {
  functionName?: string
  run: PackageRun
}

/**
 * Every function of the run. They are prepared concurrently (as many at once as the machine has cores),
 * sharing one install and one cached layer per dependency key; each function's log is shown in one piece, in
 * settings order. Only when every function is ready are the files renamed into place: a failure anywhere
 * leaves every previous zip as it was, and stops the run with the first failing function's error.
 */
export async function runPlans(plans: Plan[], context: RunContext): Promise<FunctionRun[]> {
  if (plans.length === 1 && plans[0].functionName === undefined) return [{ run: await runPlan(plans[0], context) }]
  const shared = newSharedWork(plans.flatMap(ownOutputs))
  const logs = plans.map(() => bufferedLogger())
  const limit = Math.max(1, os.availableParallelism())
  const outcomes: Promise<{ value: PreparedRun } | { error: unknown }>[] = []
  const running = new Set<Promise<unknown>>()
  for (const [index, plan] of plans.entries()) {
    while (running.size >= limit) await Promise.race(running)
    const work = preparePlan(plan, { ...context, logger: logs[index].logger, shared }).then(
      value => ({ value }),
      (error: unknown) => ({ error })
    )
    const tracked = work.finally(() => running.delete(tracked))
    running.add(tracked)
    outcomes.push(work)
  }
  const prepared: PreparedRun[] = []
  let failure: { error: unknown } | undefined
  for (const [index, plan] of plans.entries()) {
    const outcome = await outcomes[index]
    context.logger.info(`── function ${plan.functionName}`)
    logs[index].replayTo(context.logger)
    if ('error' in outcome) failure ??= outcome
    else prepared.push(outcome.value)
  }
  if (failure) {
    for (const run of prepared) run.abort()
    throw failure.error
  }
  const runs: FunctionRun[] = []
  try {
    for (const [index, run] of prepared.entries()) {
      runs.push({ functionName: plans[index].functionName, run: timeSync(context.clock, 'write', () => run.commit()) })
      logs[index].replayTo(context.logger)
    }
  } catch (error) {
    for (const run of prepared.slice(runs.length)) run.abort()
    throw error
  }
  return runs
}

/** What --json, the action's artefacts output and the library give for a run of several functions. */
export interface RunSummary {
  functions: Record<string, PackageResult>
  /** Each layer zip once, with the functions that use it. */
  layers: (LayerResult & { functions: string[] })[]
}

export function summariseRuns(runs: FunctionRun[]): RunSummary {
  const functions: Record<string, PackageResult> = {}
  const layers = new Map<string, LayerResult & { functions: string[] }>()
  for (const { functionName, run } of runs) {
    const name = functionName ?? 'function'
    functions[name] = run.result
    const layer = run.result.layer
    if (layer) {
      const entry = layers.get(layer.path) ?? { ...layer, functions: [] }
      entry.functions.push(name)
      layers.set(layer.path, entry)
    }
  }
  return { functions, layers: [...layers.values()] }
}

/**
 * The layer zip at `layerPath`, staged once per run however many functions share it; two functions that need
 * different dependency layers cannot share one path.
 */
async function stageSharedLayer(layerPath: string, key: string, layer: Layer, shared: SharedWork, logger: Logger, sbom?: Omit<SbomSubject, 'sha256' | 'prefix'>): Promise<SharedLayerZip> {
  const resolved = path.resolve(layerPath)
  const existing = shared.layerZips.get(resolved)
  if (existing) {
    if (existing.key !== key) {
      throw new SpindriftError(`Two functions share output.layer-path ${layerPath} but need different dependency layers (their requirements, target or trim settings differ); give each its own output.layer-path.`)
    }
    return existing.staged
  }
  const staged = stageLayerZip(layerPath, layer, logger, sbom)
  shared.layerZips.set(resolved, { key, staged })
  return staged
}

async function stageLayerZip(layerPath: string, layer: Layer, logger: Logger, sbom?: Omit<SbomSubject, 'sha256' | 'prefix'>): Promise<SharedLayerZip> {
  const data = layerZipBytes(layer.entries)
  checkLayerZipSize(byteLength(data), logger)
  // The layer's SBOM lists what is under python/; it describes the layer, not the app.
  const layerSbom = sbom && ((sha256: string) => stageSbom(layerPath, sha256, metadataFiles(layer.entries), { ...sbom, appDistInfo: undefined, prefix: '' }))
  const { staged, stagedSbom } = await stageWithSbom(layerZip(layerPath), data, { uncompressedSize: layer.manifest.uncompressedSize }, layerSbom)
  let committed: Artefact | undefined
  const shared_: SharedLayerZip = {
    sbomPath: stagedSbom?.path,
    commit(log) {
      if (!committed) {
        committed = staged.commit()
        stagedSbom?.commit()
        log.info(`Wrote the layer ${committed.path} (${committed.size} bytes, base64 SHA-256 ${committed.base64Sha256})`)
      }
      return committed
    },
    abort: () => {
      if (committed) return
      staged.abort()
      stagedSbom?.abort()
    }
  }
  return shared_
}

/**
 * A zip staged with its SBOM, when one is asked for: the SBOM needs the zip's digest, so it is rendered and
 * staged while the zip is read back and flushed. When either fails, neither stays staged.
 */
async function stageWithSbom(output: Output, data: Bytes, facts: { uncompressedSize?: number }, sbom?: (sha256: string) => Promise<StagedArtefact>): Promise<{ staged: StagedArtefact; stagedSbom?: StagedArtefact }> {
  // Settled into a value at once: a failing SBOM must not be an unhandled rejection while the zip is awaited.
  let sbomStaging: Promise<{ value: StagedArtefact } | { error: unknown }> | undefined
  const hashed = sbom && ((sha256: string) => {
    sbomStaging = sbom(sha256).then(value => ({ value }), (error: unknown) => ({ error }))
  })
  let staged: StagedArtefact
  try {
    staged = await output.stage(data, facts, hashed)
  } catch (error) {
    const started = await sbomStaging
    if (started && 'value' in started) started.value.abort()
    throw error
  }
  const settled = await sbomStaging
  if (settled && 'error' in settled) {
    staged.abort()
    throw settled.error
  }
  return { staged, stagedSbom: settled?.value }
}

/** Every file this function's run writes (zips and SBOMs): never read back as app files. */
function ownOutputs(plan: Plan): string[] {
  const zips = [plan.outputPath, ...(plan.layerPath ? [plan.layerPath] : [])]
  return plan.sbom ? [...zips, ...zips.map(sbomPath)] : zips
}

function layerResult(artefact: Artefact, plan: Plan, sbom: string | undefined): Omit<LayerResult, 'distributions'> {
  const { path: file, sha256, base64Sha256, size } = artefact
  return { path: file, sha256, base64Sha256, size, uncompressedSize: artefact.uncompressedSize ?? 0, compatibleRuntime: plan.runtime.name, compatibleArchitecture: plan.architecture, ...(sbom && { sbom }) }
}

/** The app's own dist-info (a project built as a wheel): its version for the SBOM's root, left out of the components. */
function appIdentity(app: AppLayer): { appVersion?: string; appDistInfo?: string } {
  const metadata = app.files.find(f => /^[^/]+\.dist-info\/METADATA$/.test(f.name))
  if (!metadata) return {}
  const version = /^Version:\s*(\S+)/m.exec(metadata.data.toString('utf8'))?.[1]
  return { appVersion: version, appDistInfo: metadata.name.split('/')[0] }
}

/** A dependency layer being made for the predicted requirements, its log kept until the app stage is done. */
function startEarly(
  requirements: Promise<RequirementSet>,
  keyOf: (requirements: RequirementSet) => string,
  layerFor: (requirements: RequirementSet, log: Logger) => Promise<{ layer: Layer; cacheHit: boolean }>,
  live: Logger
) {
  // A terminal's log takes both stages' lines as they come ("Installing…" before the install, not after it).
  const log = live.interleave ? { logger: live, replayTo: () => {} } : bufferedLogger(live)
  const settled = requirements.then(r => layerFor(r, log.logger)).then(
    value => ({ value }),
    (error: unknown) => ({ error })
  )
  return { key: requirements.then(keyOf, () => undefined), log, settled }
}

/** Say up front when pip's interpreter is not the target's: its markers are then verified after the install. */
function warnOnInterpreterMismatch(plan: Plan, python: Interpreter, logger: Logger): void {
  if (plan.installer === 'uv' || interpreterMatches(plan, python)) return
  logger.warning(
    `pip runs on Python ${python.minor} (${python.machine}) for ${plan.runtime.name} on ${plan.architecture}: every dependency marker will be checked for the target, and the build stops if one decides differently; run spindrift with Python ${plan.runtime.pythonVersion} (for example actions/setup-python) to avoid that risk.`
  )
}

/** The sources in words, with what each read. */
function describeSources(requirements: RequirementSet): string {
  if (requirements.sources.length === 0) return 'none'
  return requirements.sources.map(s => `${s.source} (${s.readFrom.join(', ')})`).join(', ')
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
