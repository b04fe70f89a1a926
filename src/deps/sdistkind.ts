import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import AdmZip from 'adm-zip'
import type { IndexFile } from './indexpages.js'
import { get } from '../common/http.js'

/** What an sdist builds: a pure-Python wheel (fits anywhere), compiled code (needs a build for the target), or unknown. */
export type SdistKind = 'pure' | 'compiled' | 'unknown'

/** Sources a build compiles: C, C++, Objective-C, Cython, Rust, Fortran, CUDA. */
const COMPILED = /(\.(c|cc|cpp|cxx|c\+\+|m|mm|pyx|rs|f|f90|f95|cu)|(^|\/)Cargo\.toml)$/i
/** An sdist bigger than this is not fetched just to list it. */
const MAX_BYTES = 50 * 1024 * 1024

/** Told from the sdist's file list (fetched from the index); unknown when the list cannot be read. */
export async function sdistKind(file: IndexFile): Promise<SdistKind> {
  try {
    const names = archiveNames(file.filename, await bytesOf(file))
    if (!names) return 'unknown'
    return names.some(n => COMPILED.test(n)) ? 'compiled' : 'pure'
  } catch {
    return 'unknown'
  }
}

async function bytesOf(file: IndexFile): Promise<Buffer> {
  if (!file.url) throw new Error('no URL')
  if (file.url.startsWith('file:')) return readFileSync(fileURLToPath(file.url.split('#')[0]))
  const response = await get(file.url.split('#')[0], { timeoutMs: 30_000, maxBytes: MAX_BYTES })
  if (response.status < 200 || response.status > 299) throw new Error(`HTTP ${response.status}`)
  return response.body
}

/** The member names of a .zip or .tar.gz sdist, or undefined for another kind of archive. */
function archiveNames(filename: string, bytes: Buffer): string[] | undefined {
  if (filename.endsWith('.zip')) return new AdmZip(bytes).getEntries().map(e => e.entryName)
  if (!/\.(tar\.gz|tgz)$/.test(filename)) return undefined
  const tar = gunzipSync(bytes)
  const names: string[] = []
  // ustar: 512-byte headers, name at 0 (100 bytes), size at 124 (octal), prefix at 345 (155 bytes).
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512)
    if (header.every(b => b === 0)) break
    const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '')
    const prefix = field(345, 155)
    names.push(prefix ? `${prefix}/${field(0, 100)}` : field(0, 100))
    const size = parseInt(field(124, 12).trim() || '0', 8)
    at += 512 + Math.ceil(size / 512) * 512
  }
  return names
}
