import AdmZip from 'adm-zip'
import { buildZip, type ZipSource } from '../zip/archive.js'
import { checkBinaries } from '../audit/binaries.js'
import { describeLayer, type Layer, type LayerStore } from './store.js'
import { compileFiles } from '../python/compile.js'
import { installDependencies } from './install.js'
import type { Installer } from '../python/installer.js'
import type { Logger } from '../common/log.js'
import type { IndexOptions, Target, TrimOptions } from '../config/plan.js'
import type { Interpreter } from '../python/interpreter.js'
import type { RequirementSet } from './requirements.js'
import { trimFiles } from './trim.js'
import { compareNames } from '../common/names.js'
import { type RemoteCache } from './remote.js'

/** What a dependency layer depends on: what the install does, and what is trimmed or compiled afterwards. */
export type LayerInputs = Target & IndexOptions & TrimOptions & { projectDir: string }

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
  const audit = checkBinaries(plan, installed, 'dependencies', logger)
  const { zip, entries } = await buildZip(installed)
  const layer: Layer = { zip, entries, manifest: { ...describeLayer(key, zip, installed), audit: { version: AUDIT_VERSION, maxGlibc: audit.maxGlibc }, unmatchedExcludes: trimmed.unmatched } }
  // Saved right after a successful install: the next run gains even if a later stage fails.
  if (store?.put(layer) && remote) await remote.save(store.folder(key), key)
  return { layer, cacheHit: false }
}

/** Bump when the audit learns new rules: layers audited by an older one are audited again on restore. */
const AUDIT_VERSION = 1

/** A layer zip's files, decompressed: for auditing a layer cached before the audit ran. */
function layerFiles(zip: Buffer): ZipSource[] {
  return new AdmZip(zip, { noSort: true }).getEntries().map(entry => ({ name: entry.entryName, data: entry.getData() }))
}

