/**
 * Extract once: a zip's files are kept under <cache>/tasks/<the zip's SHA-256>/root, read-only, and reused by
 * every later run of the same bytes. A manifest beside the folder lists each file's size and modification
 * time; a folder that no longer matches it (a file changed, added or removed, a write bit set) is extracted again.
 */
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs'
import path from 'node:path'
import AdmZip from 'adm-zip'
import { alive } from '../common/cleanup.js'
import { SpindriftError } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import { parseTargetFile, TARGET_FILE, type TargetFile } from '../common/targetfile.js'

export interface UnpackedZip {
  file: string
  /** Hex SHA-256 of the zip's bytes: the folder's name in the cache. */
  sha256: string
  /** The extracted files: the function's task root (read-only). */
  taskRoot: string
  /** What the zip records about its target; undefined for zips written before spindrift.json existed. */
  target?: TargetFile
  /** True when an earlier run's extraction was reused. */
  reused: boolean
}

interface Manifest {
  /** [relative path, size, mtimeMs] for every file; folders are implied. */
  files: [string, number, number][]
}

export async function unpackZip(file: string, cacheDir: string, logger: Logger): Promise<UnpackedZip> {
  if (!existsSync(file)) throw new SpindriftError(`Zip file ${file} does not exist; give the path of a zip written by spindrift package.`)
  if (statSync(file).isDirectory()) throw new SpindriftError(`${file} is a folder, not a zip file; give the path of a zip written by spindrift package.`)
  const sha256 = await hashFile(file)
  const tasks = path.join(cacheDir, 'tasks')
  const dir = path.join(tasks, sha256)
  const taskRoot = path.join(dir, 'root')
  const damage = existsSync(dir) ? checkExtracted(dir) : 'missing'
  if (damage === undefined) return { file, sha256, taskRoot, target: readTarget(file, taskRoot), reused: true }
  if (damage !== 'missing') logger.warning(`The extracted copy of ${file} in ${dir} was changed (${damage}); extracting it again.`)

  const archive = openZip(file)
  try {
    mkdirSync(tasks, { recursive: true })
  } catch (error) {
    throw new SpindriftError(`Cannot create the cache folder ${tasks} (${(error as NodeJS.ErrnoException).code}); set SPINDRIFT_CACHE_DIR to a writable folder.`)
  }
  removeDeadExtractions(tasks)
  // Named with this pid, so that a later run can tell an extraction that a SIGKILL stopped from a running one.
  const temp = mkdtempSync(path.join(tasks, `.tmp-${sha256.slice(0, 12)}-${process.pid}-`))
  try {
    try {
      archive.extractAllTo(path.join(temp, 'root'), true, true)
    } catch (error) {
      throw new SpindriftError(`${file} cannot be extracted (${(error as Error).message.split('\n')[0]}); package it again with spindrift package.`)
    }
    const manifest: Manifest = { files: [] }
    makeReadOnly(path.join(temp, 'root'), '', manifest)
    writeFileSync(path.join(temp, 'manifest.json'), JSON.stringify(manifest))
    if (existsSync(dir)) {
      // Another run may have put a whole copy there meanwhile (and may be running from it): keep that one.
      if (checkExtracted(dir) === undefined) return { file, sha256, taskRoot, target: readTarget(file, taskRoot), reused: true }
      removeTree(dir)
    }
    try {
      renameSync(temp, dir)
    } catch (error) {
      // Another run extracted the same zip meanwhile: use theirs when it is whole.
      if (checkExtracted(dir) !== undefined) throw error
    }
  } finally {
    if (existsSync(temp)) removeTree(temp)
  }
  return { file, sha256, taskRoot, target: readTarget(file, taskRoot), reused: false }
}

function openZip(file: string): AdmZip {
  try {
    const archive = new AdmZip(file)
    archive.getEntries()
    return archive
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0].replace(/\.$/, '').replace(/^ADM-ZIP: /, '')
    throw new SpindriftError(`${file} is not a zip file (${reason}); give the path of a zip written by spindrift package.`)
  }
}

function readTarget(file: string, taskRoot: string): TargetFile | undefined {
  const where = path.join(taskRoot, TARGET_FILE)
  if (!existsSync(where)) return undefined
  try {
    return parseTargetFile(readFileSync(where, 'utf8'))
  } catch (error) {
    throw new SpindriftError(`${file} has a ${TARGET_FILE} that spindrift cannot read: ${(error as Error).message}; package it again with spindrift package.`)
  }
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    createReadStream(file)
      .on('data', chunk => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', error => reject(new SpindriftError(`Zip file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? error.message}); check its permissions.`)))
  })
}

/**
 * Files keep their execute bits and become readable by all and writable by none; folders become r-x for
 * all: the function's writes into its task root fail, as on Lambda's read-only file system.
 */
function makeReadOnly(root: string, relative: string, manifest: Manifest): void {
  const dir = path.join(root, relative)
  for (const name of readdirSync(dir).sort()) {
    const rel = relative ? `${relative}/${name}` : name
    const full = path.join(root, rel)
    const stat = lstatSync(full)
    if (stat.isDirectory()) {
      makeReadOnly(root, rel, manifest)
    } else if (stat.isFile()) {
      chmodSync(full, (stat.mode & 0o555) | 0o444)
      const after = statSync(full)
      manifest.files.push([rel, after.size, after.mtimeMs])
    }
  }
  chmodSync(dir, 0o555)
}

/** Why the extracted folder no longer matches its manifest, or undefined when it does. */
function checkExtracted(dir: string): string | undefined {
  let manifest: Manifest
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))
  } catch {
    return 'its manifest is missing or unreadable'
  }
  const root = path.join(dir, 'root')
  const expected = new Set<string>()
  for (const [rel, size, mtimeMs] of manifest.files) {
    expected.add(rel)
    let stat
    try {
      stat = lstatSync(path.join(root, rel))
    } catch {
      return `${rel} is missing`
    }
    if (!stat.isFile() || stat.size !== size || stat.mtimeMs !== mtimeMs) return `${rel} was modified`
    if (stat.mode & 0o222) return `${rel} is writable`
  }
  const extra = firstExtra(root, '', expected)
  return extra === undefined ? undefined : `${extra} was added`
}

/** A file under the root that the manifest does not list (folders are not compared, only their files). */
function firstExtra(root: string, relative: string, expected: Set<string>): string | undefined {
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name
    if (entry.isDirectory()) {
      const found = firstExtra(root, rel, expected)
      if (found) return found
    } else if (!expected.has(rel)) {
      return rel
    }
  }
  return undefined
}

const EXTRACTION = /^\.tmp-[0-9a-f]{12}-(\d+)-[A-Za-z0-9]{6}$/

/** Remove the half-done extractions of runs that were killed (their pid is gone). */
function removeDeadExtractions(tasks: string): void {
  for (const name of readdirSync(tasks)) {
    const match = EXTRACTION.exec(name)
    if (!match || alive(Number(match[1]))) continue
    try {
      removeTree(path.join(tasks, name))
    } catch {
      // Another run may be removing it too.
    }
  }
}

/** rm -r of a read-only tree: write bits back on the folders first (needed when not root). */
function removeTree(dir: string): void {
  const allowWrites = (folder: string) => {
    try {
      chmodSync(folder, 0o755)
      for (const entry of readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) allowWrites(path.join(folder, entry.name))
    } catch {
      // Gone already.
    }
  }
  allowWrites(dir)
  rmSync(dir, { recursive: true, force: true })
}
