import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FunctionError } from '../common/report.js'

/**
 * An AWS Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) on 127.0.0.1 for
 * one runtime process, enough for awslambdaric: its C client (aws-lambda-cpp over libcurl) polls `next` and
 * posts the response or error; its Python side posts init errors with http.client and wants exactly 202 back.
 * Events are handed out one at a time, as Lambda does: `next` is held until there is one.
 */

export type { FunctionError }

export type RuntimeOutcome =
  | { kind: 'response'; body: Buffer; contentType?: string }
  | { kind: 'error'; phase: 'init' | 'invoke'; error: FunctionError }

export interface RuntimeApiOptions {
  functionArn: string
  /** The runtime asked for an event: the first time, its init is done. */
  onNext?: () => void
  /** The runtime's init failed (the handler's module raised, or the handler is missing). */
  onInitError: (outcome: RuntimeOutcome & { kind: 'error' }) => void
}

export interface Invocation {
  event: Uint8Array
  requestId: string
  /** The function's timeout: Lambda-Runtime-Deadline-Ms is when `next` answers plus this. */
  timeoutMs: number
  /** The runtime took the event (answered `next`). */
  onInvoke?: () => void
}

export interface RuntimeApi {
  /** host:port, for AWS_LAMBDA_RUNTIME_API. */
  address: string
  /** Hand the runtime one event; resolves with its response or error. One at a time. */
  invoke(invocation: Invocation): Promise<RuntimeOutcome>
  close(): Promise<void>
}

const BASE = '/2018-06-01/runtime'
/** Lambda's limit on a synchronous invocation's response, in bytes. */
export const MAX_RESPONSE_BYTES = 6_291_556

export async function startRuntimeApi(options: RuntimeApiOptions): Promise<RuntimeApi> {
  let initialised = false
  /** A `next` call waiting for an event. */
  let waiting: http.ServerResponse | undefined
  /** The event waiting for a `next` call. */
  let queued: Invocation | undefined
  /** The invocation the runtime holds, and how to settle it. */
  let current: { invocation: Invocation; settle: (outcome: RuntimeOutcome) => void; handedOut: boolean } | undefined

  const handOut = () => {
    if (!waiting || !queued || !current) return
    const res = waiting
    const invocation = queued
    waiting = undefined
    queued = undefined
    current.handedOut = true
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
      'Lambda-Runtime-Deadline-Ms': String(Date.now() + invocation.timeoutMs),
      'Lambda-Runtime-Invoked-Function-Arn': options.functionArn,
      'Lambda-Runtime-Trace-Id': traceHeader()
    })
    res.end(invocation.event)
    invocation.onInvoke?.()
  }
  const finish = (outcome: RuntimeOutcome) => {
    const settle = current?.settle
    current = undefined
    settle?.(outcome)
  }

  const server = http.createServer((req, res) => {
    const url = (req.url ?? '').split('?')[0]
    readBody(req, MAX_RESPONSE_BYTES + 1).then(({ body, tooLarge }) => {
      if (req.method === 'GET' && url === `${BASE}/invocation/next`) {
        initialised = true
        if (current?.handedOut) {
          // `next` while an invocation is open: the runtime moved on without answering.
          finish({ kind: 'error', phase: 'invoke', error: { errorType: 'Runtime.InvalidState', errorMessage: 'The runtime asked for the next event without answering this one.', stackTrace: [], requestId: current.invocation.requestId } })
        }
        waiting?.destroy()
        waiting = res
        options.onNext?.()
        handOut()
        return
      }

      const invocation = new RegExp(`^${BASE}/invocation/([^/]+)/(response|error)$`).exec(url)
      if (req.method === 'POST' && invocation) {
        const [, id, kind] = invocation
        if (!current?.handedOut || decodeURIComponent(id) !== current.invocation.requestId) return reply(res, 400, 'InvalidRequestID', `Invalid request ID: ${id}`)
        const requestId = current.invocation.requestId
        if (tooLarge) {
          reply(res, 413, 'RequestEntityTooLarge', `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`)
          return finish({
            kind: 'error',
            phase: 'invoke',
            error: {
              errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
              errorType: 'Function.ResponseSizeTooLarge',
              stackTrace: [],
              requestId
            }
          })
        }
        reply(res, 202)
        if (kind === 'response') return finish({ kind: 'response', body, contentType: req.headers['content-type'] })
        return finish({ kind: 'error', phase: 'invoke', error: parseError(body, req.headers, requestId) })
      }

      if (req.method === 'POST' && url === `${BASE}/init/error`) {
        if (initialised) return reply(res, 403, 'InvalidStateTransition', 'State transition from invoked to init error failed')
        reply(res, 202)
        return options.onInitError({ kind: 'error', phase: 'init', error: parseError(body, req.headers) })
      }

      if ([`${BASE}/invocation/next`, `${BASE}/init/error`].includes(url) || invocation) return reply(res, 405, 'MethodNotAllowed', `${req.method} is not allowed on ${url}`)
      reply(res, 404, 'UnknownEndpoint', `${req.method} ${url} is not a Runtime API endpoint spindrift serves`)
    }, () => res.destroy())
  })
  // The C client's connections stay open between calls (libcurl keep-alive); no timeout may cut a held `next`.
  server.requestTimeout = 0
  server.headersTimeout = 0
  server.keepAliveTimeout = 0

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    address: `127.0.0.1:${port}`,
    invoke: invocation =>
      new Promise<RuntimeOutcome>((resolve, reject) => {
        if (current) return reject(new Error('the runtime is already invoked'))
        current = { invocation, settle: resolve, handedOut: false }
        queued = invocation
        handOut()
      }),
    close: () =>
      new Promise<void>(resolve => {
        waiting?.destroy()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
    })
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge: size >= limit }))
    req.on('error', reject)
  })
}

function reply(res: http.ServerResponse, status: number, errorType?: string, errorMessage?: string): void {
  const body = errorType ? JSON.stringify({ errorMessage, errorType }) : JSON.stringify({ status: 'OK' })
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

/** The runtime's error document; a body that is not one still becomes an error, typed by the header. */
function parseError(body: Buffer, headers: http.IncomingHttpHeaders, requestId?: string): FunctionError {
  const headerType = headers['lambda-runtime-function-error-type']
  const typeFromHeader = typeof headerType === 'string' && headerType ? headerType : undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    parsed = undefined
  }
  const doc = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {}
  const stack = Array.isArray(doc.stackTrace) ? doc.stackTrace.map(String) : []
  return {
    errorMessage: typeof doc.errorMessage === 'string' ? doc.errorMessage : parsed === undefined ? body.toString('utf8') : '',
    errorType: typeof doc.errorType === 'string' && doc.errorType ? doc.errorType : typeFromHeader ?? 'Runtime.Unknown',
    stackTrace: stack,
    requestId: typeof doc.requestId === 'string' && doc.requestId ? doc.requestId : requestId
  }
}

/** X-Ray's trace header: Root=1-<epoch seconds, hex>-<96 random bits>;Parent=<64 bits>;Sampled=0. */
function traceHeader(): string {
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0')
  return `Root=1-${seconds}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`
}
