/**
 * One warm function, as a Lambda execution environment: a runtime process (awslambdaric in a clean Python)
 * with its own Runtime API, scratch folder and limits, initialised once and then given events one at a time.
 * After a timeout, a crash or a limit, the environment is thrown away and the next event starts a fresh one;
 * after an exception in the handler it stays warm, as on Lambda.
 */
import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import path from 'node:path'
import { forgetChild, registerChild } from '../common/cleanup.js'
import type { Environment, Logger } from '../common/log.js'
import type { FunctionError } from '../common/report.js'
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from './httpevent.js'
import { startRuntimeApi, type RuntimeApi, type RuntimeOutcome } from './runtimeapi.js'
import { folderBytes, functionUser, groupResidentKb, makeScratch, peakResidentKb } from './sandbox.js'
import { onProcessExit } from './atexit.js'

export interface FunctionSetup {
  python: { executable: string; minor: string }
  /** awslambdaric's folder. */
  ricDir: string
  /** The extracted zip (read-only). */
  taskDir: string
  /** Extracted layer zips, in layer order (later ones win, as when Lambda extracts them into /opt in turn). */
  layerDirs?: string[]
  /** A folder of this function's own, removed by the caller: scratch folders are made in it. */
  runDir: string
  functionName: string
  handler: string
  /** The function's own environment variables (Lambda's reserved ones win). */
  env?: Environment
  timeoutSeconds: number
  memorySize: number
  ephemeralStorageMb: number
  initTimeoutSeconds: number
  logger: Logger
  /** The function's stdout and stderr, and Lambda's START/END/REPORT lines, as they arrive. */
  onLog?: (text: string) => void
}

export interface InvocationResult {
  /** The Lambda request id of the invocation. */
  requestId: string
  /** What the function returned, parsed from JSON (the raw text when it is not JSON); absent on error. */
  response?: unknown
  /** The response exactly as the runtime posted it; absent on error. */
  responseText?: string
  /** Set when the function failed: in init (import of the handler's module) or in the invocation. */
  error?: FunctionError & { phase: 'init' | 'invoke' }
  /** Lambda's log stream for this invocation (a cold start's init output included), between START, END and REPORT. */
  logs: string
  /** From handing out the event to the response or error, in milliseconds. */
  durationMs: number
  /** On a cold start: from starting the runtime to its first request for an event (Lambda's Init Duration), in ms. */
  initDurationMs?: number
  /** The environment's peak resident memory so far (Lambda's Max Memory Used), in MB, where /proc tells it. */
  maxMemoryUsedMb?: number
}

export class AbortedError extends Error {}

/**
 * Run by `python -S -c BOOTSTRAP TASK_ROOT RIC_DIR HANDLER [LAYER_PATH…]`: sys.path is the task root, then the
 * layers' folders (Lambda's /opt/python/lib/pythonX.Y/site-packages and /opt/python), then awslambdaric's folder,
 * then the standard library only; then awslambdaric runs exactly as `python -m awslambdaric HANDLER`.
 */
const BOOTSTRAP = [
  'import runpy, sys',
  'task_root, ric_dir, handler = sys.argv[1:4]',
  'if sys.path and sys.path[0] == "":',
  '    del sys.path[0]',
  'sys.path[:0] = [task_root, *sys.argv[4:], ric_dir]',
  'sys.argv = ["-m", handler]',
  'runpy.run_module("awslambdaric", run_name="__main__", alter_sys=True)'
].join('\n')

/** How often memory and scratch use are measured: Lambda stops a function the moment it is over. */
const WATCH_MS = 50

type Failure = { kind: 'error'; phase: 'init' | 'invoke'; error: FunctionError }

/** One runtime process and its Runtime API: an execution environment. */
interface Environment_ {
  api: RuntimeApi
  /** Resolves when init is done (the first `next`), or with the failure that ended it. */
  ready: Promise<Failure | undefined>
  /** Resolves with the failure that ends the environment (exit, a limit) whenever it happens. */
  ended: Promise<Failure>
  startedAt: number
  initDurationMs?: number
  /** Set once an invocation has reported the init duration (a cold start). */
  coldReported: boolean
  peakKb: number
  alive: boolean
  /** Reads the runtime's peak memory now, while it still runs. */
  measure(): void
  /** Stops it; `failure` is what ends it, when spindrift ends it. */
  kill(failure?: Failure): void
  closed: Promise<void>
}

export class WarmFunction {
  private environment?: Environment_
  private queue: Promise<unknown> = Promise.resolve()
  private buffer = ''
  private closing = false
  /** The request id of the invocation under way, for the errors that end the environment. */
  private current?: string
  private readonly setup: FunctionSetup

  constructor(setup: FunctionSetup) {
    this.setup = setup
  }

  /** Run one event; events wait for the one before to finish, as one Lambda environment serves them. */
  invoke(event: Uint8Array, signal?: AbortSignal): Promise<InvocationResult> {
    const run = this.queue.then(() => this.invokeNow(event, signal))
    this.queue = run.catch(() => undefined)
    return run
  }

  /** Stop the runtime and wait until its processes are gone. */
  async close(): Promise<void> {
    this.closing = true
    await this.queue
    await this.discard()
  }

  private log(text: string): void {
    this.buffer += text
    this.setup.onLog?.(text)
  }

  private async discard(): Promise<void> {
    const environment = this.environment
    this.environment = undefined
    if (!environment) return
    environment.kill()
    await Promise.race([environment.closed, new Promise(resolve => setTimeout(resolve, 3000).unref())])
    await environment.api.close()
  }

  private async invokeNow(event: Uint8Array, signal?: AbortSignal): Promise<InvocationResult> {
    if (this.closing) throw new Error('the function is closed')
    if (signal?.aborted) throw new AbortedError()
    const requestId = randomUUID()
    this.current = requestId
    this.buffer = ''
    if (this.environment && !this.environment.alive) await this.discard()
    const environment = this.environment ?? (this.environment = await this.start())
    const { memorySize } = this.setup
    const onAbort = () => environment.kill()
    signal?.addEventListener('abort', onAbort, { once: true })
    let invokedAt: number | undefined
    let finishedAt: number | undefined
    let timer: NodeJS.Timeout | undefined
    try {
      let outcome: RuntimeOutcome | undefined = await environment.ready
      if (!outcome) {
        let timeOut!: () => void
        const timedOut = new Promise<Failure>(resolve => {
          timeOut = () =>
            resolve({ kind: 'error', phase: 'invoke', error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${this.setup.timeoutSeconds.toFixed(2)} seconds`, stackTrace: [], requestId } })
        })
        const answered = environment.api.invoke({
          event,
          requestId,
          timeoutMs: Math.round(this.setup.timeoutSeconds * 1000),
          onInvoke: () => {
            invokedAt = Date.now()
            this.log(`START RequestId: ${requestId} Version: $LATEST\n`)
            // The timer starts when the runtime takes the event, as Lambda's does.
            timer = setTimeout(timeOut, Math.round(this.setup.timeoutSeconds * 1000))
          }
        })
        outcome = await Promise.race([answered, timedOut, environment.ended])
        finishedAt = Date.now()
        // Output the runtime wrote just before it answered is still in the pipes: let it arrive first.
        await new Promise(resolve => setTimeout(resolve, 15))
      }
      if (signal?.aborted) throw new AbortedError()
      // A peak between two samples still kills, as the kernel would have on Lambda.
      if (environment.alive) {
        environment.measure()
        const limit = this.limitsOf(environment, invokedAt !== undefined)
        if (limit) outcome = limit
      }
      if (outcome.kind === 'error' && isFatal(outcome)) environment.kill(outcome)

      const durationMs = invokedAt ? (finishedAt ?? Date.now()) - invokedAt : 0
      const initDurationMs = environment.coldReported ? undefined : environment.initDurationMs
      if (invokedAt) environment.coldReported = true
      const maxMemoryUsedMb = environment.peakKb > 0 ? Math.min(memorySize, Math.ceil(environment.peakKb / 1024)) : undefined
      const report = { durationMs, initDurationMs, maxMemoryUsedMb }
      if (invokedAt) this.log(`END RequestId: ${requestId}\n${reportLine(requestId, memorySize, report)}\n`)
      const logs = this.buffer
      if (outcome.kind === 'error') return { requestId, error: { ...outcome.error, requestId: outcome.error.requestId ?? (invokedAt ? requestId : undefined), phase: outcome.phase }, logs, ...report }
      const responseText = outcome.body.toString('utf8')
      let response: unknown = responseText
      try {
        response = JSON.parse(responseText)
      } catch {
        // Not JSON (a handler that returned bytes): the text as it came.
      }
      return { requestId, response, responseText, logs, ...report }
    } finally {
      clearTimeout(timer)
      this.current = undefined
      signal?.removeEventListener('abort', onAbort)
    }
  }

  /** Over --memory: killed as Lambda kills it, and said so in the log as Lambda says it. */
  private limitsOf(environment: Environment_, invoked: boolean): Failure | undefined {
    const phase = invoked ? 'invoke' : 'init'
    const requestId = this.current
    if (environment.peakKb > this.setup.memorySize * 1024) {
      const message = `${requestId ? `RequestId: ${requestId} ` : ''}Error: Runtime exited with error: signal: killed`
      this.log(`${message}\nRuntime.ExitError\n`)
      return { kind: 'error', phase, error: { errorType: 'Runtime.ExitError', errorMessage: message, stackTrace: [], requestId } }
    }
    return undefined
  }

  private async start(): Promise<Environment_> {
    const { python, ricDir, taskDir, runDir, functionName, handler, logger } = this.setup
    let endWith!: (failure: Failure) => void
    const ended = new Promise<Failure>(resolve => (endWith = resolve))
    let readyWith!: (failure: Failure | undefined) => void
    const ready = new Promise<Failure | undefined>(resolve => (readyWith = resolve))
    let environment!: Environment_
    const api = await startRuntimeApi({
      functionArn: `arn:aws:lambda:${DEFAULT_REGION}:${DEFAULT_ACCOUNT_ID}:function:${functionName}`,
      onNext: () => {
        if (environment.initDurationMs === undefined) {
          environment.initDurationMs = Date.now() - environment.startedAt
          clearTimeout(initTimer)
          readyWith(undefined)
        }
      },
      onInitError: failure => {
        clearTimeout(initTimer)
        readyWith(failure)
        environment.kill(failure)
      }
    })

    // Later layers win: their folders come first. Lambda puts both of each layer's Python folders on sys.path.
    const layerPaths = [...(this.setup.layerDirs ?? [])].reverse().flatMap(dir => [path.join(dir, 'python', 'lib', `python${python.minor}`, 'site-packages'), path.join(dir, 'python')])
    const user = functionUser(python.executable, ['-S', '-c', BOOTSTRAP, taskDir, ricDir, handler, ...layerPaths])
    if (user.warning) logger.warning(user.warning)
    const scratch = makeScratch(path.join(runDir, `tmp-${randomBytes(4).toString('hex')}`), user)
    const now = new Date()
    const env: Record<string, string> = {
      // Lambda's defaults that a function's variables may replace…
      PATH: [path.dirname(python.executable), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
      LANG: 'en_US.UTF-8',
      LD_LIBRARY_PATH: [ricDir, taskDir, path.join(taskDir, 'lib'), ...[...(this.setup.layerDirs ?? [])].reverse().map(dir => path.join(dir, 'lib'))].join(path.delimiter),
      ...stringEnv(this.setup.env),
      // …and the reserved ones, which it may not. TMPDIR is the environment's scratch folder, Lambda's /tmp.
      TMPDIR: scratch,
      TZ: ':UTC',
      LAMBDA_TASK_ROOT: taskDir,
      LAMBDA_RUNTIME_DIR: ricDir,
      _HANDLER: handler,
      AWS_EXECUTION_ENV: `AWS_Lambda_python${python.minor}`,
      AWS_LAMBDA_RUNTIME_API: api.address,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.setup.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `${now.toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
      AWS_REGION: DEFAULT_REGION,
      AWS_DEFAULT_REGION: DEFAULT_REGION
    }

    const startedAt = Date.now()
    const child = spawn(user.command, user.args, {
      cwd: taskDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so stopping it also stops whatever the function started.
      detached: true
    })
    // Told to the watchdog: a SIGKILL of spindrift takes the function's group with it.
    const group = child.pid
    if (group !== undefined) registerChild(group)
    const onData = (chunk: Buffer) => this.log(chunk.toString('utf8'))
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)

    // 'close' comes once every process holding the pipes (the runtime and anything it started) is gone.
    let closedFlag = false
    const closed = new Promise<void>(resolve => {
      child.once('close', () => resolve())
      child.once('error', () => resolve())
    }).then(() => {
      closedFlag = true
      if (group !== undefined) forgetChild(group)
      rmSync(scratch, { recursive: true, force: true })
    })
    const phase = (): 'init' | 'invoke' => (environment.initDurationMs === undefined ? 'init' : 'invoke')
    const withId = (message: string) => (this.current ? `RequestId: ${this.current} ${message}` : message)
    const fail = (failure: Failure) => {
      environment.alive = false
      clearTimeout(initTimer)
      readyWith(failure)
      endWith(failure)
    }
    child.once('error', error => {
      fail({ kind: 'error', phase: phase(), error: { errorType: 'Runtime.StartError', errorMessage: `${python.executable} could not be started: ${error.message}`, stackTrace: [] } })
    })
    child.once('exit', (code, signal) => {
      const status = signal ? `signal: ${signal}` : `exit status ${code}`
      fail({ kind: 'error', phase: phase(), error: { errorType: 'Runtime.ExitError', errorMessage: withId(`Error: Runtime exited with error: ${status}`), stackTrace: [], requestId: this.current } })
    })
    const stopGroup = () => {
      if (closedFlag || child.pid === undefined) return
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // The group is gone already.
      }
    }
    const stopAtExit = onProcessExit(stopGroup)
    void closed.then(stopAtExit)

    const initTimer = setTimeout(() => {
      const failure: Failure = { kind: 'error', phase: 'init', error: { errorType: 'Sandbox.Timedout', errorMessage: `Init timed out after ${this.setup.initTimeoutSeconds.toFixed(2)} seconds`, stackTrace: [] } }
      environment.kill(failure)
    }, Math.round(this.setup.initTimeoutSeconds * 1000))

    const watcher = setInterval(() => {
      if (closedFlag || child.pid === undefined || !environment.alive) return
      environment.peakKb = Math.max(environment.peakKb, groupResidentKb(child.pid), peakResidentKb(child.pid) ?? 0)
      const failure = this.limitsOf(environment, phase() === 'invoke')
      if (failure) return environment.kill(failure)
      const scratchBytes = folderBytes(scratch)
      if (scratchBytes > this.setup.ephemeralStorageMb * 1024 * 1024) {
        environment.kill({
          kind: 'error',
          phase: phase(),
          error: {
            errorType: 'Sandbox.EphemeralStorageExceeded',
            errorMessage: `The function keeps ${Math.ceil(scratchBytes / 1048576)} MB in its scratch folder (TMPDIR, Lambda's /tmp), more than the ephemeral storage of ${this.setup.ephemeralStorageMb} MB; on Lambda its writes would fail with "No space left on device". Raise --ephemeral-storage or write less.`,
            stackTrace: [],
            requestId: this.current
          }
        })
      }
    }, WATCH_MS)
    void closed.then(() => clearInterval(watcher))

    environment = {
      api,
      ready,
      ended,
      startedAt,
      coldReported: false,
      peakKb: 0,
      alive: true,
      measure: () => {
        if (child.pid !== undefined && !closedFlag) environment.peakKb = Math.max(environment.peakKb, peakResidentKb(child.pid) ?? 0)
      },
      kill: failure => {
        if (failure) fail(failure)
        environment.alive = false
        clearTimeout(initTimer)
        // A last measurement, before the process is gone.
        environment.measure()
        stopGroup()
      },
      closed
    }
    return environment
  }
}

/** Failures after which Lambda throws the environment away; a handler's own exception is not one. */
function isFatal(outcome: Failure): boolean {
  return outcome.phase === 'init' || /^(Runtime\.|Sandbox\.)/.test(outcome.error.errorType)
}

/** Lambda's REPORT line, tab-separated as in CloudWatch; Billed Duration rounds up to the millisecond. */
function reportLine(requestId: string, memorySize: number, report: Pick<InvocationResult, 'durationMs' | 'initDurationMs' | 'maxMemoryUsedMb'>): string {
  const fields = [
    `REPORT RequestId: ${requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(report.durationMs))} ms`,
    `Memory Size: ${memorySize} MB`
  ]
  if (report.maxMemoryUsedMb !== undefined) fields.push(`Max Memory Used: ${report.maxMemoryUsedMb} MB`)
  if (report.initDurationMs !== undefined) fields.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`)
  return fields.join('\t')
}

function stringEnv(env: Environment | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env ?? {})) if (value !== undefined) out[key] = value
  return out
}
