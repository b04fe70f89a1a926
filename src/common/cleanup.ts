import { spawn, type ChildProcess } from 'node:child_process'
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
  tellWatchdog(`+ ${pid}\n`)
}

export function forgetChild(pid: number): void {
  children.delete(pid)
  tellWatchdog(`- ${pid}\n`)
}

/**
 * The watchdog: Node cannot ask the kernel to end children with their parent (PR_SET_PDEATHSIG), and a
 * SIGKILL runs no handler, so one small sh per run, in its own session, keeps the list of running steps'
 * process groups ("+ pid" / "- pid" lines on its stdin). Its stdin is a pipe only this process holds: when
 * this process ends, however it ends, the pipe closes, read sees end-of-file and it kills every group
 * still listed. A step costs one short write to that pipe.
 */
const WATCHDOG = [
  "g=' '",
  'while read op p; do',
  '  case $op in',
  '    +) g="$g$p " ;;',
  '    -) case $g in *" $p "*) g="${g%% $p *} ${g#* $p }" ;; esac ;;',
  '  esac',
  'done',
  'for p in $g; do kill -9 -$p 2>/dev/null; done'
].join('\n')

/** The run's watchdog once started; null when it cannot run (no /bin/sh), and steps then run without it. */
let watchdog: ChildProcess | null | undefined

function tellWatchdog(line: string): void {
  if (watchdog === undefined) watchdog = startWatchdog()
  if (!watchdog?.stdin?.writable) return
  watchdog.stdin.write(line)
}

function startWatchdog(): ChildProcess | null {
  try {
    const child = spawn('/bin/sh', ['-c', WATCHDOG], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] })
    child.on('error', () => (watchdog = null))
    child.stdin?.on('error', () => undefined)
    // Neither it nor its pipe may keep this process alive once the run is done.
    child.unref()
    ;(child.stdin as unknown as { unref?: () => void } | null)?.unref?.()
    return child
  } catch {
    return null
  }
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

/** The kinds of work folder; the stale-folder pattern is made from this list, so a new kind is cleaned up too. */
const WORK_KINDS = ['deps', 'wheel', 'sdist', 'compile', 'import', 'resolve', 'invoke'] as const
export type WorkKind = (typeof WORK_KINDS)[number]

/** Work folders are named spindrift-<kind>-<pid>-<random>: the pid tells the next run whether its owner is gone. */
export const WORK_FOLDER = new RegExp(`^spindrift-(${WORK_KINDS.join('|')})-(\\d+)-[A-Za-z0-9]{6}$`)

/** A fresh work folder in the temp directory, removed on SIGINT/SIGTERM (and by the caller when done). */
export function makeWorkFolder(kind: WorkKind): string {
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
  removeFoldersOfDeadRuns(os.tmpdir(), WORK_FOLDER, 2)
}

/** Remove the entries of dir whose name matches pattern and names (in group pidGroup) a process that is gone. */
export function removeFoldersOfDeadRuns(dir: string, pattern: RegExp, pidGroup: number): void {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const match = pattern.exec(name)
    if (!match || alive(Number(match[pidGroup]))) continue
    try {
      rmSync(path.join(dir, name), { recursive: true, force: true })
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
