import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SpindriftError } from './errors.js'

/** Temp files and work folders being written now: removed if the process is told to stop (SIGTERM, SIGINT). */
const pendingTemps = new Set<string>()
/** Process groups of the external steps running now: ended with the process. */
const children = new Set<number>()

export function registerTemp(file: string): void {
  pendingTemps.add(file)
}

export function forgetTemp(file: string): void {
  pendingTemps.delete(file)
}

export function registerChild(pid: number): void {
  children.add(pid)
}

export function forgetChild(pid: number): void {
  children.delete(pid)
}

/** Stop every running step (with what it started) and remove every temp file and work folder. */
export function removePendingTemps(): void {
  for (const pid of children) {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  children.clear()
  for (const temp of pendingTemps) rmSync(temp, { recursive: true, force: true })
  pendingTemps.clear()
}

/** Work folders are named spindrift-<kind>-<pid>-<random>: the pid tells the next run whether its owner is gone. */
const WORK_FOLDER = /^spindrift-(deps|wheel|sdist|compile|import|resolve)-(\d+)-[A-Za-z0-9]{6}$/

/** A fresh work folder in the temp directory, removed on SIGINT/SIGTERM (and by the caller when done). */
export function makeWorkFolder(kind: 'deps' | 'wheel' | 'sdist' | 'compile' | 'import' | 'resolve'): string {
  let dir: string
  try {
    dir = mkdtempSync(path.join(os.tmpdir(), `spindrift-${kind}-${process.pid}-`))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : code === 'ENOSPC' || code === 'EDQUOT' ? `is on a full disk (${code})` : `cannot be written (${code})`
    throw new SpindriftError(`The temporary folder ${os.tmpdir()} ${why}; set TMPDIR to a writable folder with free space.`)
  }
  registerTemp(dir)
  return dir
}

/** Remove the work folders that earlier runs, killed before they could clean up, left in the temp directory. */
export function removeStaleWorkFolders(): void {
  let names: string[]
  try {
    names = readdirSync(os.tmpdir())
  } catch {
    return
  }
  for (const name of names) {
    const match = WORK_FOLDER.exec(name)
    if (!match || alive(Number(match[2]))) continue
    try {
      rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true })
    } catch {
      // another run may be removing it too
    }
  }
}

/** Whether a process of this id runs (EPERM: it does, as another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
