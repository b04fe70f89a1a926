import type { Environment } from './log.js'
import { createHash, randomBytes } from 'node:crypto'
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'
import { SpindriftError } from './errors.js'
import { packSources, writeEntries, type PackedEntry, type ZipSource } from './zipformat.js'

export type { ZipSource } from './zipformat.js'

/**
 * DOS date/time for every entry: SOURCE_DATE_EPOCH when set, else 1980-01-01 00:00. Computed from UTC
 * fields: a Date's local fields would make the bytes depend on the machine's time zone.
 */
export function dosTimestamp(env: Environment = process.env): number {
  const epoch = Number(env.SOURCE_DATE_EPOCH)
  const date = Number.isFinite(epoch) && env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date(Date.UTC(1980, 0, 1))
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107)
  const day = ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2)
  return ((day << 16) | time) >>> 0
}

/** Byte order of UTF-8 names: the same on every machine and in every locale. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/** A deterministic zip of the sources, in byte order of their names; with its entries, for merging later. */
export async function buildZip(sources: ZipSource[], timeval = dosTimestamp()): Promise<{ zip: Buffer; entries: PackedEntry[] }> {
  const entries = await packInOrder(sources)
  return { zip: writeEntries(entries, timeval), entries }
}

function packInOrder(sources: ZipSource[]): Promise<PackedEntry[]> {
  const sorted = [...sources].sort((a, b) => compareNames(a.name, b.name))
  for (const source of sorted) checkEntryName(source.name)
  return packSources(sorted)
}

/**
 * The layer's entries with more sources merged in, all in byte order of their names; a source replaces a layer
 * entry of the same name. Layer entries are copied as compressed bytes, never recompressed, and take this
 * run's timestamp like every other entry.
 */
export async function mergeIntoZip(layer: PackedEntry[], sources: ZipSource[], timeval = dosTimestamp()): Promise<Buffer> {
  const added = await packInOrder(sources)
  const replaced = new Set(added.map(entry => entry.name))
  const merged = [...layer.filter(entry => !replaced.has(entry.name)), ...added].sort((a, b) => compareNames(a.name, b.name))
  return writeEntries(merged, timeval)
}

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir spins forever on some file systems (a folder
 * under /proc answers ENOENT for ever), so a bad output path would hang instead of failing.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = []
  let current = path.resolve(dir)
  while (!existsSync(current)) {
    missing.unshift(current)
    const parent = path.dirname(current)
    if (parent === current) break
    current = parent
  }
  for (const folder of missing) mkdirSync(folder)
}

/** Entry names are relative, forward-slashed and never climb out of the extraction folder. */
export function checkEntryName(name: string): void {
  if (!name || name.startsWith('/') || name.includes('\\') || name.split('/').some(part => part === '..' || part === '')) {
    throw new SpindriftError(`Refusing to store "${name}" in the zip: entry names must be relative paths inside the package.`)
  }
}

/** Temp files being written now: removed if the process is told to stop (SIGTERM, SIGINT). */
const pendingTemps = new Set<string>()

/** Best-effort cleanup on a failure path: the failure being reported matters more than this one. */
export function removeQuietly(file: string): void {
  try {
    rmSync(file, { recursive: true, force: true })
  } catch {
    // nothing more to do
  }
}

export function removePendingTemps(): void {
  for (const temp of pendingTemps) rmSync(temp, { force: true })
  pendingTemps.clear()
}

/** A temp file left by a run that was killed outright (SIGKILL) is removed by the next run. */
function removeStaleTemps(dir: string, base: string): void {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const match = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name)
    if (!match || match[1] !== base || processAlive(Number(match[2]))) continue
    rmSync(path.join(dir, name), { force: true })
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export interface WrittenZip {
  path: string
  size: number
  sha256: string
  base64Sha256: string
}

/**
 * Write the zip next to its destination under a temporary name, flush it, then rename it into place: a
 * reader never sees half a zip, and a failure leaves any previous zip exactly as it was.
 */
export function writeAtomically(outputPath: string, data: Buffer): WrittenZip {
  const dir = path.dirname(outputPath)
  try {
    makeFolders(dir)
  } catch (error) {
    throw new SpindriftError(`Cannot create the output folder ${dir} (${(error as NodeJS.ErrnoException).code}); choose an output.path in a writable folder.`)
  }
  removeStaleTemps(dir, path.basename(outputPath))
  const temp = path.join(dir, `.${path.basename(outputPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  pendingTemps.add(temp)
  try {
    const fd = openSync(temp, 'wx', 0o644)
    try {
      writeSync(fd, data)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, outputPath)
    pendingTemps.delete(temp)
  } catch (error) {
    rmSync(temp, { force: true })
    pendingTemps.delete(temp)
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'it is not writable' : `${code ?? error}`
    throw new SpindriftError(`Cannot write the zip to ${outputPath} (${why}); choose an output.path in a writable folder.`)
  }
  const digest = createHash('sha256').update(data).digest()
  return { path: outputPath, size: data.length, sha256: digest.toString('hex'), base64Sha256: digest.toString('base64') }
}
