// Running one command and measuring it: wall time around the spawn, CPU time (user + sys) and peak RSS from
// getrusage of the child, which covers its waited-for descendants (pip, uv, zip…).
import { spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Sample } from './report.js'

const GNU_TIME = '/usr/bin/time'

/** How CPU and RSS are read, for the report's machine line. */
export const RUSAGE_SOURCE = existsSync(GNU_TIME) ? 'GNU time (%U %S %M)' : 'a python3 getrusage(RUSAGE_CHILDREN) wrapper'

/** Without GNU time: argv = stats file, command…; writes "maxrss_kb user sys" as `-f '%M %U %S'` would. */
const RUSAGE_WRAPPER = `import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], 'w').write(f"{u.ru_maxrss} {u.ru_utime} {u.ru_stime}\\n")
sys.exit(code)`

/** The last lines of a failed command's stderr, on one line: what a failed row says. */
function failure(command: string, status: number | null, stderr: string): Error {
  const tail = String(stderr).trim().split('\n').filter(Boolean).slice(-3).join(' | ')
  return new Error(`${path.basename(command)} exited ${status ?? 'on a signal'}${tail ? `: ${tail.slice(0, 400)}` : ''}`)
}

/**
 * Run a command to completion and measure it. %M is the peak of the largest single process, not a sum.
 * An exit status outside `expected` (default: 0 only) throws, with the end of stderr.
 */
export function timed(command: string, args: string[], options: SpawnSyncOptions = {}, expected = [0]): Sample & { stdout: string } {
  const statsFile = path.join(os.tmpdir(), `spindrift-bench-stats-${process.pid}`)
  const [cmd, argv] = existsSync(GNU_TIME) ? [GNU_TIME, ['-f', '%M %U %S', '-o', statsFile, command, ...args]] : ['python3', ['-c', RUSAGE_WRAPPER, statsFile, command, ...args]]
  const start = process.hrtime.bigint()
  const run = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options })
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  try {
    if (run.error) throw new Error(`${command} could not be started (${run.error.message})`)
    if (!expected.includes(run.status ?? -1)) throw failure(command, run.status, String(run.stderr))
    const [rssKb, user, sys] = readFileSync(statsFile, 'utf8').trim().split('\n').pop()!.split(/\s+/).map(Number)
    return { seconds, cpuSeconds: user + sys, rssMb: rssKb / 1024, stdout: String(run.stdout) }
  } finally {
    rmSync(statsFile, { force: true })
  }
}

/** A set-up command, not measured; returns its stdout, throws with the end of stderr. */
export function setup(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options })
  if (run.error) throw new Error(`${command} could not be started (${run.error.message})`)
  if (run.status !== 0) throw failure(command, run.status, String(run.stderr))
  return String(run.stdout)
}

/** The first of `names` that runs with --version, as an absolute path, or undefined. */
export function findCommand(names: string[]): string | undefined {
  for (const name of names) {
    const found = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { encoding: 'utf8' }).stdout.trim()
    if (found && spawnSync(found, ['--version'], { stdio: 'ignore' }).status === 0) return found
  }
  return undefined
}

export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`)
}
