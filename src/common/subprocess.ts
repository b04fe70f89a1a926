import { spawn } from 'node:child_process'
import path from 'node:path'
import { SpindriftError } from './errors.js'
import type { Environment } from './log.js'
import { forgetChild, registerChild } from './cleanup.js'

/** The variable that carries package.timeout to every step of a run (set by the pipeline, read here). */
export const TIMEOUT_VARIABLE = 'SPINDRIFT_STEP_TIMEOUT'
/** Seconds an external step may take when nothing else is set: a big install on a slow runner fits. */
export const DEFAULT_TIMEOUT = 900
/** Output kept per stream: enough for any message, bounded however much a step prints. */
const KEEP = 4 * 1024 * 1024

export interface ProcessRun {
  /** The exit code; 128 + the signal's number when a signal ended it. */
  exitCode: number
  /** The signal that ended it, if one did. */
  signal?: string
  stdout: string
  stderr: string
}

export interface ProcessOptions {
  env: Environment
  cwd?: string
  input?: Buffer
  onLine?: (line: string) => void
  /** The step in words for the time-limit sentence ("the interpreter check"); derived from the command when not given. */
  step?: string
  /** Seconds; defaults to env's SPINDRIFT_STEP_TIMEOUT, else DEFAULT_TIMEOUT. */
  limit?: number
}

/** The time limit a run's steps get, in seconds. */
export function stepLimit(env: Environment): number {
  const value = Number(env[TIMEOUT_VARIABLE])
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT
}

/**
 * Run an external step (pip, uv, Python) with a time limit. It runs in its own process group, so the limit,
 * a SIGINT or a SIGTERM ends it with everything it started (a setup.py, a build backend); a step still running
 * at its limit ends the run with one sentence naming the step and the limit. A command that cannot be started
 * rejects with the spawn error (ENOENT when it is not installed).
 */
export function runProcess(command: string, args: string[], options: ProcessOptions): Promise<ProcessRun> {
  const limit = options.limit ?? stepLimit(options.env)
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    const lines = (push: (text: string) => void) => {
      let partial = ''
      return (chunk: Buffer) => {
        const text = chunk.toString('utf8')
        push(text)
        if (!options.onLine) return
        const parts = (partial + text).split(/\r?\n/)
        partial = parts.pop() ?? ''
        for (const line of parts) options.onLine(line)
      }
    }
    child.stdout.on('data', lines(text => (stdout = (stdout + text).slice(-KEEP))))
    child.stderr.on('data', lines(text => (stderr = (stderr + text).slice(-KEEP))))
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input)
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child.pid)
    }, limit * 1000)
    if (child.pid) registerChild(child.pid)
    child.on('error', error => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (child.pid) forgetChild(child.pid)
      if (timedOut) {
        reject(new SpindriftError(`The step "${options.step ?? describeStep(command, args)}" did not finish within ${limit} s (package.timeout), so it was stopped; check what it waits for (an index that does not answer, a setup.py or an import that hangs), or raise package.timeout.`))
        return
      }
      resolve({ exitCode: code ?? (signal ? 128 + signalNumber(signal) : 1), signal: signal ?? undefined, stdout, stderr })
    })
  })
}

/** End a step's whole process group. */
export function killGroup(pid: number | undefined): void {
  if (!pid) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** "pip install", "uv pip install", "compileall": the step in words, for the time-limit sentence. */
function describeStep(command: string, args: string[]): string {
  const module = args.indexOf('-m')
  const word = (from: number) => args.slice(from).filter(a => !a.startsWith('-') && !a.includes('/') && !a.includes('='))
  if (module >= 0) return args[module + 1] === 'pip' ? `pip ${word(module + 2)[0] ?? ''}`.trim() : args[module + 1]
  const words = word(0)
  return [path.basename(command), ...words.slice(0, words[0] === 'pip' ? 2 : 1)].join(' ')
}

function signalNumber(signal: NodeJS.Signals): number {
  return ({ SIGKILL: 9, SIGTERM: 15, SIGINT: 2 } as Record<string, number>)[signal] ?? 1
}
