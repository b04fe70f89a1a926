import { existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'

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

/** Best-effort cleanup on a failure path: the failure being reported matters more than this one. */
export function removeQuietly(file: string): void {
  try {
    rmSync(file, { recursive: true, force: true })
  } catch {
    // nothing more to do
  }
}
