// Keeping the local cache in bounds: what `spindrift cache prune|clean` do, and the size bound applied after
// each new dependency layer. Layers are folders under <cacheDir>/deps/; a layer's folder mtime is set each time
// it is used, so "least recently used" and "not used for N days" read it.
import { existsSync, lstatSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs'
import path from 'node:path'
import type { Environment } from '../common/log.js'

/** What spindrift keeps in its cache folder: dependency layers, downloaded wheels, built project wheels, the invoke runtime client, resolution memos, interpreter facts and what the checks found for a layer. */
const ENTRIES = ['deps', 'wheels', 'app', 'ric', 'resolutions', 'interpreters', 'checked'] as const

/** The folders the size bound applies to: layers and downloaded wheels. */
const BOUNDED = ['deps', 'wheels']

/** The local cache's default bound; SPINDRIFT_CACHE_MAX_MB changes it (0: no bound). */
export const DEFAULT_CACHE_MAX_MB = 2048

export interface CacheEntry {
  path: string
  bytes: number
  lastUsed: number
}

export interface Removed {
  count: number
  bytes: number
}

/** The bound in bytes from the environment, or undefined for none. */
export function cacheBound(env: Environment): number | undefined {
  const raw = env.SPINDRIFT_CACHE_MAX_MB
  const mb = raw === undefined || raw.trim() === '' ? DEFAULT_CACHE_MAX_MB : Number(raw)
  if (!Number.isFinite(mb) || mb < 0) return DEFAULT_CACHE_MAX_MB * 1024 * 1024
  return mb === 0 ? undefined : mb * 1024 * 1024
}

/** Mark a layer folder as used now (its mtime), for least-recently-used eviction. */
export function markUsed(folder: string): void {
  try {
    const now = new Date()
    utimesSync(folder, now, now)
  } catch {
    // Read-only cache: eviction order is only a little less exact.
  }
}

/** Every cached item: each layer folder and each file under app/ and ric/, with its size and last use. */
export function cacheEntries(cacheDir: string): CacheEntry[] {
  const entries: CacheEntry[] = []
  for (const name of ENTRIES) {
    const dir = path.join(cacheDir, name)
    if (!existsSync(dir)) continue
    for (const child of readdirSync(dir)) {
      const full = path.join(dir, child)
      entries.push({ path: full, bytes: sizeOf(full), lastUsed: lstatSync(full).mtimeMs })
    }
  }
  return entries
}

/** Remove what has not been used for `days` days. */
export function pruneCache(cacheDir: string, days: number, now = Date.now()): Removed {
  const cutoff = now - days * 24 * 60 * 60 * 1000
  return removeAll(cacheEntries(cacheDir).filter(e => e.lastUsed < cutoff))
}

/** Remove everything spindrift keeps in the folder (and nothing else that may be there). */
export function cleanCache(cacheDir: string): Removed {
  return removeAll(cacheEntries(cacheDir))
}

/** Evict least recently used layers and wheels until they fit in maxBytes; `keep` (the layer just stored) stays. */
export function enforceBound(cacheDir: string, maxBytes: number, keep: string): Removed {
  const layers = cacheEntries(cacheDir).filter(e => BOUNDED.includes(path.basename(path.dirname(e.path))) && !e.path.endsWith('.tmp'))
  let total = layers.reduce((sum, e) => sum + e.bytes, 0)
  const evicted: CacheEntry[] = []
  for (const layer of layers.sort((a, b) => a.lastUsed - b.lastUsed)) {
    if (total <= maxBytes) break
    if (layer.path === keep) continue
    evicted.push(layer)
    total -= layer.bytes
  }
  return removeAll(evicted)
}

function removeAll(entries: CacheEntry[]): Removed {
  let bytes = 0
  for (const entry of entries) {
    rmSync(entry.path, { recursive: true, force: true })
    bytes += entry.bytes
  }
  return { count: entries.length, bytes }
}

function sizeOf(file: string): number {
  const stat = lstatSync(file)
  if (!stat.isDirectory()) return stat.size
  return readdirSync(file).reduce((sum, child) => sum + sizeOf(path.join(file, child)), 0)
}

/** True when the folder exists and is a folder. */
export function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory()
  } catch {
    return false
  }
}
