// The local wheel cache: <cacheDir>/wheels/<sha256>.whl, shared by every project, bounded with the layers by
// deps/maintenance.ts. A file is named by the hash of its bytes, so it is checked again whenever it is read.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { keepCacheFile, makeFolders, removeQuietly, tempNameBeside } from '../../common/fs.js'
import { markUsed } from '../maintenance.js'

/** The folder of the wheel cache (the one folder the action saves and restores for wheels). */
export function wheelFolder(cacheDir: string): string {
  return path.join(cacheDir, 'wheels')
}

export class WheelCache {
  constructor(readonly cacheDir: string) {}

  private file(sha256: string): string {
    return path.join(wheelFolder(this.cacheDir), `${sha256}.whl`)
  }

  /** The cached bytes with this hash, or undefined; a file whose bytes do not match is removed. */
  get(sha256: string): Buffer | undefined {
    const file = this.file(sha256)
    let data: Buffer
    try {
      data = readFileSync(file)
    } catch {
      return undefined
    }
    if (createHash('sha256').update(data).digest('hex') !== sha256) {
      removeQuietly(file)
      return undefined
    }
    markUsed(file)
    return data
  }

  /** Keep verified bytes; a cache that cannot be written only costs a download next time. */
  put(sha256: string, data: Buffer): void {
    const file = this.file(sha256)
    try {
      makeFolders(path.dirname(file))
      keepCacheFile(file, data, tempNameBeside(file))
    } catch {
      // speed, never correctness
    }
  }
}
