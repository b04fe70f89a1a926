/**
 * Lambda's sandbox, as far as one process can have it without containers: the user the function runs as,
 * its scratch folder, and measurements of its memory and scratch use (the caller enforces the limits).
 */
import { accessSync, chownSync, constants, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** nobody:nogroup on Debian, Ubuntu, Fedora and Alpine. */
export const UNPRIVILEGED_ID = 65534

export interface FunctionUser {
  /** The command line that starts `command args` as this user. */
  command: string
  args: string[]
  /** uid the function runs as: whoever owns its scratch folder. */
  uid?: number
  gid?: number
  /** Set when spindrift runs as root but cannot drop to another user: said as a warning. */
  warning?: string
}

/**
 * When spindrift runs as root, the function runs as nobody, through util-linux's setpriv. It keeps one
 * capability, CAP_DAC_READ_SEARCH, so that it can still read an interpreter or cache under a private home
 * (/root is 0700): it reads like root but writes like nobody, so its writes into the task root fail.
 */
export function functionUser(command: string, args: string[]): FunctionUser {
  if (process.getuid?.() !== 0) return { command, args }
  const setpriv = ['/usr/bin/setpriv', '/bin/setpriv', '/usr/sbin/setpriv'].find(executable)
  if (!setpriv) {
    return { command, args, warning: 'spindrift runs as root and setpriv (util-linux) is not installed, so the function runs as root too, unlike on Lambda; install util-linux or run spindrift as another user.' }
  }
  const id = String(UNPRIVILEGED_ID)
  const caps = '-all,+dac_read_search'
  return {
    command: setpriv,
    args: [`--reuid=${id}`, `--regid=${id}`, '--clear-groups', `--inh-caps=${caps}`, `--ambient-caps=${caps}`, `--bounding-set=${caps}`, '--', command, ...args],
    uid: UNPRIVILEGED_ID,
    gid: UNPRIVILEGED_ID
  }
}

/** The run's /tmp: an empty folder the function's user owns. */
export function makeScratch(dir: string, user: Pick<FunctionUser, 'uid' | 'gid'>): string {
  mkdirSync(dir, { mode: 0o700 })
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid ?? user.uid)
  return dir
}

/** Bytes in the files under `dir` (what Lambda's /tmp would hold); files that vanish meanwhile count 0. */
export function folderBytes(dir: string): number {
  let total = 0
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return 0
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) total += folderBytes(full)
    else {
      try {
        total += lstatSync(full).blocks * 512
      } catch {
        // Removed since the listing.
      }
    }
  }
  return total
}

/** Resident memory of every live process in the process group, in kB (Lambda counts the whole sandbox). */
export function groupResidentKb(pgid: number): number {
  let total = 0
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter(name => /^\d+$/.test(name))
  } catch {
    return 0
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // Fields after the command's closing parenthesis: state, ppid, pgrp…
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(fields[2]) !== pgid) continue
      total += Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
    } catch {
      // Exited since the listing.
    }
  }
  return total
}

/** A live process's peak resident set (VmHWM) in kB; undefined where /proc cannot tell. */
export function peakResidentKb(pid: number): number | undefined {
  try {
    const kilobytes = Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])
    return Number.isFinite(kilobytes) && kilobytes > 0 ? kilobytes : undefined
  } catch {
    return undefined
  }
}

/** The file exists and this process may run it. */
function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}
