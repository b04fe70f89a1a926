import { constants as zlibConstants, inflateRawSync } from 'node:zlib'
import { HEAD, inflatedEntry, PackedSource, STORED, type PackedEntry } from '../zip/zipformat.js'
import { buildZip, type ZipSource } from '../zip/archive.js'
import { checkBinaries } from '../audit/binaries.js'
import { checkDependencyNames } from '../audit/contents.js'
import { describeLayer, type Layer, type LayerStore } from './store.js'
import { compileFiles } from '../python/compile.js'
import { installDependencies, type Installed } from './install.js'
import { assembleFromWheels } from './wheels/assemble.js'
import type { Installer } from '../python/installer.js'
import type { Logger } from '../common/log.js'
import type { IndexOptions, Target, TrimOptions } from '../config/plan.js'
import type { Interpreter } from '../python/interpreter.js'
import type { RequirementSet } from './requirements.js'
import { trimFiles } from './trim.js'
import { checkShippable } from './shippable.js'
import { SpindriftError } from '../common/errors.js'
import { compareNames } from '../common/names.js'
import { wheelScope, type RemoteCache } from './remote.js'
import { wheelFolder } from './wheels/cache.js'
import { indexesOf } from './indexprobe.js'
import { wheelChoices } from './provenance.js'
import { checkLockedUploads, checkResolvedUploads, filtersUploads } from './cooldown.js'
import { resolveForTarget } from './resolve.js'
import { checkedBefore, recordChecked } from './checkmemo.js'

/** What a dependency layer depends on: what the install does, and what is trimmed or compiled afterwards. */
export type LayerInputs = Target & IndexOptions & TrimOptions & { projectDir: string; cacheDir?: string }

/**
 * The dependency layer for a cache key: restored (GitHub's cache, then the local store), or installed, trimmed,
 * compiled, audited, zipped and stored. A layer that fails the audit is never stored.
 */
export async function dependencyLayer(
  plan: LayerInputs,
  python: Interpreter,
  installer: Installer,
  requirements: RequirementSet,
  key: string,
  { store, remote, logger }: { store?: LayerStore; remote?: RemoteCache; logger: Logger }
): Promise<{ layer: Layer; cacheHit: boolean }> {
  if (store && remote && !store.has(key)) await remote.restore(store.folder(key), key)
  const restored = await store?.get(key)
  const memo = (zipSha256: string) => store && { cacheDir: store.cacheDir, key, zipSha256, auditVersion: AUDIT_VERSION, target: plan }
  if (restored) {
    // The same bytes (their hash was just verified) already passed this machine's checks for this key and target.
    const before = checkedBefore(memo(restored.manifest.zipSha256)!)
    if (before) {
      for (const warning of before.warnings) logger.warning(warning)
      restored.manifest.audit = { version: AUDIT_VERSION, maxGlibc: before.maxGlibc }
      logger.info('Dependency layer restored from the cache, the same bytes this machine checked before: pip does not run')
      return { layer: restored, cacheHit: true }
    }
    // A cached layer is an input like a fresh install: the same checks, whatever its manifest says.
    const warnings: string[] = []
    const problem = checkedOrProblem(() => {
      const files = layerFiles(restored.entries)
      checkDependencyNames(files.map(f => f.name), 'cached dependencies')
      checkShippable(files, 'cached dependencies')
      // The report's glibc figure comes from this audit, not from what the manifest claims.
      restored.manifest.audit = { version: AUDIT_VERSION, maxGlibc: checkBinaries(plan, files, 'cached dependencies', noting(logger, warnings)).maxGlibc }
    })
    if (!problem) {
      recordChecked(memo(restored.manifest.zipSha256)!, { maxGlibc: restored.manifest.audit?.maxGlibc, warnings })
      logger.info('Dependency layer restored from the cache: pip does not run')
      return { layer: restored, cacheHit: true }
    }
    logger.warning(`Ignoring the cached dependency layer ${key}: ${problem}; reinstalling.`)
    store?.remove(key)
  }
  // Checked before a lock is installed; a layer cached under this key (its cutoff in it) passed already.
  if (requirements.locked) await checkLockedUploads(plan, requirements.locked, indexesOf(plan, requirements.files, python.env))
  else if (plan.uploadedBefore && !filtersUploads(installer)) {
    // This pip resolves without the cutoff: what it chose is checked on the index before anything is installed.
    const resolved = requirements.resolved ?? (await resolveForTarget(plan, python, installer, requirements, logger))?.lines
    if (resolved) await checkResolvedUploads(plan, resolved, indexesOf(plan, requirements.files, python.env), installer)
  }
  // The layer missed: wheels other layers downloaded (GitHub's cache, by prefix) spare their downloads.
  const wheelsFolder = store && remote && wheelFolder(store.cacheDir)
  if (wheelsFolder) await remote?.restoreWheels?.(wheelsFolder, wheelScope(plan))
  const fresh = await dependencyFiles(plan, python, installer, requirements, logger)
  const trimmed = trimFiles(fresh.files, {
    exclude: plan.exclude,
    stripTests: plan.stripTests,
    dropDistributions: plan.skipRuntimeProvided ? [...plan.runtime.provides] : []
  })
  if (trimmed.removed) logger.info(`Left out ${trimmed.removed} installed files (package.exclude, strip-tests, skip-runtime-provided)`)
  const compiled = plan.compile ? await compileFiles(plan, python, trimmed.kept, logger) : trimmed.kept
  const installed = compiled.sort((a, b) => compareNames(a.name, b.name))
  checkDependencyNames(installed.map(f => f.name), 'dependencies')
  checkShippable(installed, 'dependencies')
  const warnings: string[] = []
  const audit = checkBinaries(plan, installed, 'dependencies', noting(logger, warnings))
  const { parts, entries } = await buildZip(installed)
  const wheels = await wheelChoices(installed, {
    target: plan,
    requirements,
    indexes: indexesOf(plan, requirements.files, python.env),
    findLinks: (python.env.PIP_FIND_LINKS ?? '').split(/\s+/).filter(Boolean),
    built: fresh.built,
    origins: fresh.origins
  })
  const layer: Layer = { entries, manifest: { ...describeLayer(key, parts, installed), audit: { version: AUDIT_VERSION, maxGlibc: audit.maxGlibc }, unmatchedExcludes: trimmed.unmatched, wheels } }
  // Saved right after a successful install: the next run gains even if a later stage fails.
  if (store?.put(layer, parts)) {
    recordChecked(memo(layer.manifest.zipSha256)!, { maxGlibc: audit.maxGlibc, warnings })
    if (remote) await remote.save(store.folder(key), key)
    if (wheelsFolder) await remote?.saveWheels?.(wheelsFolder, wheelScope(plan))
  }
  return { layer, cacheHit: false }
}

/** The logger, with each warning also kept in `warnings` (to be logged again when the checks are not rerun). */
function noting(logger: Logger, warnings: string[]): Logger {
  return { ...logger, warning: message => { warnings.push(message); logger.warning(message) } }
}

/** The installed files: assembled straight from the wheels when that applies, else by the installer. */
async function dependencyFiles(plan: LayerInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, logger: Logger): Promise<Installed> {
  const empty = requirements.locked ? requirements.locked.packages.length === 0 : requirements.requirements.length === 0 && requirements.files.length === 0
  if (!empty) {
    const assembled = await assembleFromWheels(plan, python, installer, requirements, logger)
    if (!('fallback' in assembled)) return assembled
    logger.info(`Installing with ${installer.name} instead of assembling from the wheels: ${assembled.fallback}`)
  }
  return installDependencies(plan, python, installer, requirements, logger)
}

/** Bump when the audit learns new rules: layers audited by an older one are audited again on restore. */
const AUDIT_VERSION = 1

/** The message of the check that failed, or undefined when all passed. */
function checkedOrProblem(checks: () => void): string | undefined {
  try {
    checks()
    return undefined
  } catch (error) {
    if (error instanceof SpindriftError) return error.message.replace(/\.$/, '')
    throw error
  }
}

/**
 * A restored layer's files as the checks need them, without inflating the whole layer on every warm run: each
 * stays compressed, told by its first bytes; the checks inflate what they read (RECORDs, .pth files, binaries).
 */
function layerFiles(entries: PackedEntry[]): ZipSource[] {
  return entries.map(entry => new PackedSource(entry, headOf(entry)))
}

/** The entry's first HEAD bytes (all of them when it is shorter), copied: the inflated rest is not kept. */
function headOf(entry: PackedEntry): Buffer {
  if (entry.method === STORED) return Buffer.from(entry.compressed.subarray(0, HEAD))
  // A sync flush yields what the first compressed bytes hold, without an error for the missing rest.
  const head = inflateRawSync(entry.compressed.subarray(0, 4096), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).subarray(0, HEAD)
  return Buffer.from(head.length < Math.min(HEAD, entry.size) ? inflatedEntry(entry).subarray(0, HEAD) : head)
}
