import type { Environment } from '../common/log.js'
import { SpindriftError } from '../common/errors.js'
import { compareNames } from '../common/names.js'
import { packSources, zipParts, type PackedEntry, type ZipSource } from './zipformat.js'

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

/**
 * A deterministic zip of the sources, in byte order of their names, as its parts (see zipParts); with its entries,
 * for merging later. A source that is `packed` already (a wheel's entry) is copied as its compressed bytes.
 */
export async function buildZip(sources: ZipSource[], timeval = dosTimestamp()): Promise<{ parts: Buffer[]; entries: PackedEntry[] }> {
  const entries = await packInOrder(sources)
  return { parts: zipParts(entries, timeval), entries }
}

async function packInOrder(sources: ZipSource[]): Promise<PackedEntry[]> {
  const sorted = [...sources].sort((a, b) => compareNames(a.name, b.name))
  for (const source of sorted) checkEntryName(source.name)
  checkFileFolderClash(sorted.map(source => source.name))
  const fresh = await packSources(sorted.filter(source => !source.packed))
  let next = 0
  return sorted.map(source => (source.packed ? { ...source.packed, name: source.name, executable: source.executable ?? false } : fresh[next++]))
}

/**
 * The layer's entries with more sources merged in, all in byte order of their names; a source replaces a layer
 * entry of the same name. Layer entries are copied as compressed bytes, never recompressed, and take this
 * run's timestamp like every other entry. The zip as its parts (see zipParts).
 */
export async function mergeIntoZip(layer: PackedEntry[], sources: ZipSource[], timeval = dosTimestamp()): Promise<Buffer[]> {
  const added = await packInOrder(sources)
  const replaced = new Set(added.map(entry => entry.name))
  const merged = [...layer.filter(entry => !replaced.has(entry.name)), ...added].sort((a, b) => compareNames(a.name, b.name))
  checkFileFolderClash(merged.map(entry => entry.name))
  return zipParts(merged, timeval)
}

/** Entry names are relative, forward-slashed and never climb out of the extraction folder. */
export function checkEntryName(name: string): void {
  if (!isSafeEntryName(name)) {
    throw new SpindriftError(`Refusing to store "${name}" in the zip: entry names must be relative paths inside the package.`)
  }
}


/** A name that is a file and also a folder of another entry (x.py and x.py/y) cannot be extracted: refused. */
export function checkFileFolderClash(names: string[]): void {
  const all = new Set(names)
  for (const name of names) {
    // Each folder the name lies in, by the slashes in it (a layer has thousands of names, several levels deep).
    for (let slash = name.indexOf('/'); slash !== -1; slash = name.indexOf('/', slash + 1)) {
      const folder = name.slice(0, slash)
      if (all.has(folder)) throw new SpindriftError(`Refusing to store both the file "${folder}" and "${name}" in the zip: one name cannot be a file and a folder; rename one of them.`)
    }
  }
}

export function isSafeEntryName(name: string): boolean {
  return !(!name || name.startsWith('/') || name.includes('\\') || name.split('/').some(part => part === '..' || part === '' || part === '.'))
}
