import AdmZip from 'adm-zip'
import { buildZip, compareNames, type ZipSource } from './archive.js'
import { auditFiles, ownersFromRecords, type AuditResult } from './audit.js'
import { describeLayer, type Layer, type LayerStore } from './cache.js'
import { compileFiles } from './compile.js'
import { SpindriftError } from './errors.js'
import { installDependencies } from './install.js'
import type { Installer } from './installer.js'
import type { Logger } from './log.js'
import type { RemoteCache } from './packager.js'
import type { Plan } from './plan.js'
import type { Interpreter } from './python.js'
import type { RequirementSet } from './requirements.js'
import { trimFiles } from './trim.js'

/**
 * The dependency layer for a cache key: restored (GitHub's cache, then the local store), or installed, trimmed,
 * compiled, audited, zipped and stored. A layer that fails the audit is never stored.
 */
export async function dependencyLayer(
  plan: Plan,
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
  const layer: Layer = { zip, entries, manifest: { ...describeLayer(key, zip, installed), audit: { version: AUDIT_VERSION, maxGlibc: audit.maxGlibc } } }
  // Saved right after a successful install: the next run gains even if a later stage fails.
  if (store?.put(layer) && remote) await remote.save(store.folder(key), key)
  return { layer, cacheHit: false }
}

/** Bump when the audit learns new rules: layers audited by an older one are audited again on restore. */
const AUDIT_VERSION = 1

/**
 * Every binary must run on the target: ELF for its machine, glibc symbol versions within the runtime's, no
 * macOS, Windows or musl builds. Any problem stops the build, naming the files and their packages.
 */
export function checkBinaries(plan: Plan, files: ZipSource[], what: string, logger: Logger): AuditResult {
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

