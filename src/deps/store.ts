import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Environment, Logger } from '../common/log.js'
import type { IndexOptions, Target, TrimOptions } from '../config/plan.js'
import type { Distribution, WheelChoice } from '../common/report.js'
import type { Installer } from '../python/installer.js'
import type { Interpreter } from '../python/interpreter.js'
import { installerSettings } from '../python/installerconfig.js'
import { type RequirementSet } from './requirements.js'
import { packedEntriesOf, sizeOf, type PackedEntry, type ZipSource } from '../zip/zipformat.js'
import { isSafeEntryName } from '../zip/archive.js'
import { compareNames } from '../common/names.js'
import { isDiskFull, keepCacheFile, makeFolders, readFileHashed, removeQuietly, type Bytes } from '../common/fs.js'
import { stripCredentials } from '../common/credentials.js'
import { enforceBound, markUsed } from './maintenance.js'

/** What the cache key is made of besides the requirements, the interpreter and the installer. */
export type KeyInputs = Target & IndexOptions & TrimOptions & { projectDir: string }

/** Bump when the layer's contents or manifest change shape: old entries then simply stop matching. 2: our own zip writer, uv's .lock left out. */
export const CACHE_FORMAT = 2

/** One file of the dependency layer, as recorded when the layer was built. */
export interface ManifestFile {
  name: string
  size: number
  sha256: string
}

export interface Manifest {
  format: number
  key: string
  /** sha256 (hex) of deps.zip: a restore whose bytes differ is rejected. */
  zipSha256: string
  uncompressedSize: number
  files: ManifestFile[]
  /** Set once the binary audit passed: its rules' version and the highest GLIBC version needed. */
  audit?: { version: number; maxGlibc?: string }
  /** Installed distributions with the unzipped size of their files (from their RECORD), largest first. */
  distributions: Distribution[]
  /** Why each wheel (file, tags, where from, notes), recorded when the layer was built; absent in older layers. */
  wheels?: WheelChoice[]
  /** package.exclude patterns that matched none of the installed files (for the pipeline's warning). */
  unmatchedExcludes?: string[]
}


/**
 * The dependency layer: its entries, compressed (slices of deps.zip, or of the wheels on a cold build), and its
 * manifest. The zip itself is not kept: the function zip is written from the entries.
 */
export interface Layer {
  entries: PackedEntry[]
  manifest: Manifest
}

/**
 * The cache key: everything that decides which files pip installs. Credentials are stripped; the set of
 * requirements is hashed so the key stays short and safe for @actions/cache (no commas, ≤ 512 characters).
 */
export function cacheKey(plan: KeyInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, env: Environment): string {
  const hashed = cacheKeyParts(plan, python, installer, requirements, env)
  const digest = createHash('sha256').update(JSON.stringify(hashed)).digest('hex').slice(0, 40)
  const [major, minor] = plan.runtime.glibc
  return `spindrift-deps-v${CACHE_FORMAT}-${plan.runtime.name}-${plan.architecture}-glibc${major}.${minor}-${installer.name}${installer.version}-${digest}`
}

/** What the key's hash is made of, part by part (the action's debug channel shows them). */
export function cacheKeyParts(plan: KeyInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, env: Environment) {
  return {
    // The resolved set when the input had ranges; a lock or full pins are their own resolution.
    requirements: requirements.resolved ? { given: requirements.normalised, resolved: requirements.resolved } : requirements.normalised,
    tags: plan.platformTags,
    indexUrl: plan.indexUrl ? stripCredentials(plan.indexUrl) : null,
    extraIndexUrls: plan.extraIndexUrls.map(stripCredentials),
    // package.cooldown-days: another cutoff may choose other versions (absent when off, so older keys stay valid).
    ...(plan.uploadedBefore && { uploadedBefore: plan.uploadedBefore }),
    // pip and uv also read their own configuration files and variables.
    installerSettings: installerSettings(installer.name, plan.projectDir, python.prefix, env),
    trim: [plan.exclude, plan.stripTests, plan.skipRuntimeProvided, plan.compile],
    // pip evaluates environment markers for the interpreter running it, so its version and machine matter.
    interpreter: [python.minor, python.machine]
  }
}

/** The manifest of a layer; a file's sha256 known already (from its wheel's RECORD) is not computed again. */
export function describeLayer(key: string, zip: Bytes, files: ZipSource[]): Manifest {
  return {
    format: CACHE_FORMAT,
    key,
    zipSha256: sha256(zip),
    uncompressedSize: files.reduce((sum, f) => sum + sizeOf(f), 0),
    files: files.map(f => ({ name: f.name, size: sizeOf(f), sha256: f.sha256 ?? sha256(f.data) })),
    distributions: distributionsOf(files)
  }
}

/** Each *.dist-info's name, version and the summed size of the files its RECORD lists. */
export function distributionsOf(files: ZipSource[]): Distribution[] {
  const sizes = new Map(files.map(f => [f.name, sizeOf(f)]))
  const distributions: Distribution[] = []
  for (const file of files) {
    const match = /^([^/]+)-([^/-]+)\.dist-info\/RECORD$/.exec(file.name)
    if (!match) continue
    let size = 0
    for (const line of file.data.toString('utf8').split('\n')) {
      const listed = line.split(',')[0]
      size += sizes.get(listed) ?? 0
    }
    distributions.push({ name: match[1], version: match[2], size })
  }
  return distributions.sort((a, b) => b.size - a.size || compareNames(a.name, b.name))
}

/** Layers kept as <cacheDir>/deps/<key>/{deps.zip,manifest.json}; the folder the action saves and restores. */
export class LayerStore {
  constructor(
    readonly cacheDir: string,
    private readonly logger: Logger,
    /** Layers beyond this many bytes are evicted, least recently used first, after a new one is stored. */
    private readonly maxBytes?: number
  ) {}

  folder(key: string): string {
    return path.join(this.cacheDir, 'deps', key)
  }

  has(key: string): boolean {
    return existsSync(path.join(this.folder(key), 'manifest.json'))
  }

  /** The stored layer, if there is one and it matches its manifest; a damaged one is removed and reported. */
  async get(key: string): Promise<Layer | undefined> {
    const folder = this.folder(key)
    if (!this.has(key)) return undefined
    try {
      const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest
      // Hashed as it is read: the bytes used are the bytes whose hash is checked, read once.
      const { data: zip, sha256: digest } = await readFileHashed(path.join(folder, 'deps.zip'))
      const checked = verifyLayer(key, zip, manifest, digest)
      // Parsed once: the zip stage copies these entries' compressed bytes as they are.
      if (typeof checked !== 'string') {
        markUsed(folder)
        return { entries: checked.entries, manifest }
      }
      this.logger.warning(`Ignoring the cached dependency layer ${key}: ${checked}; reinstalling.`)
    } catch (error) {
      this.logger.warning(`Ignoring the cached dependency layer ${key}: it cannot be read (${(error as Error).message}); reinstalling.`)
    }
    removeQuietly(folder)
    return undefined
  }

  /** Drop a stored layer that failed a check: the next run must not meet it again. */
  remove(key: string): void {
    removeQuietly(this.folder(key))
  }

  /** Store a layer (`zip`: its bytes); true when it is now in the store. A failure only costs speed next time: a warning. */
  put(layer: Layer, zip: Bytes): boolean {
    const folder = this.folder(layer.manifest.key)
    const staging = `${folder}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      makeFolders(staging)
      // Each file whole before the folder is renamed into place: a full disk leaves no half layer, and a torn
      // write (a crash) is caught by the zip's hash in the manifest on the next read.
      keepCacheFile(path.join(staging, 'deps.zip'), zip, path.join(staging, 'deps.zip.tmp'))
      keepCacheFile(path.join(staging, 'manifest.json'), Buffer.from(JSON.stringify(layer.manifest)), path.join(staging, 'manifest.json.tmp'))
      // Another run may have stored the same key meanwhile: theirs is equally good, keep it.
      if (existsSync(folder)) rmSync(staging, { recursive: true, force: true })
      else renameSync(staging, folder)
      markUsed(folder)
      if (this.maxBytes !== undefined) {
        const evicted = enforceBound(this.cacheDir, this.maxBytes, folder)
        if (evicted.count) this.logger.info(`Removed ${evicted.count} least recently used dependency layers and wheels (${(evicted.bytes / 1048576).toFixed(1)} MB) to keep the cache under ${(this.maxBytes / 1048576).toFixed(0)} MB`)
      }
      return true
    } catch (error) {
      removeQuietly(staging)
      const why = isDiskFull(error) ? `the disk is full (${(error as NodeJS.ErrnoException).code})` : (error as Error).message
      this.logger.warning(`Could not save the dependency layer to ${this.cacheDir} (${why}); the next run will reinstall.`)
      return false
    }
  }
}

/** Why a layer does not match its manifest, or its entries when it does; `digest` is the zip's sha256 when known. */
export function verifyLayer(key: string, zip: Buffer, manifest: Manifest, digest = sha256(zip)): string | { entries: PackedEntry[] } {
  if (manifest.format !== CACHE_FORMAT || manifest.key !== key) return 'its manifest is for another key or format'
  if (digest !== manifest.zipSha256) return 'deps.zip does not match the hash in its manifest'
  const entries = packedEntriesOf(zip)
  if (entries.length !== manifest.files.length) return 'deps.zip holds a different number of files than its manifest'
  for (let i = 0; i < entries.length; i++) {
    const listed = manifest.files[i]
    // The same rule as for fresh entries: a cached name never climbs out of the extraction folder.
    if (!isSafeEntryName(entries[i].name)) return `deps.zip holds the entry name "${entries[i].name.slice(0, 80)}", which is not a relative path inside the package`
    if (entries[i].name !== listed.name || entries[i].size !== listed.size) return `deps.zip entry ${entries[i].name} does not match its manifest`
  }
  return { entries }
}

function sha256(data: Bytes): string {
  const hash = createHash('sha256')
  for (const part of Buffer.isBuffer(data) ? [data] : data) hash.update(part)
  return hash.digest('hex')
}
