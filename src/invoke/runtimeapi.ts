import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FunctionError } from '../common/report.js'

/**
 * A one-invocation AWS Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) on
 * 127.0.0.1, enough for awslambdaric: its C client (aws-lambda-cpp over libcurl) polls `next` and posts the
 * response or error; its Python side posts init errors with http.client and wants exactly 202 back.
 */


export type { FunctionError }

export type RuntimeOutcome =
  | { kind: 'response'; body: Buffer; contentType?: string }
  | { kind: 'error'; phase: 'init' | 'invoke'; error: FunctionError }

export interface RuntimeApiOptions {
  /** The event, as the bytes the runtime receives. */
  event: Buffer
  requestId: string
  functionArn: string
  /** The function's timeout: Lambda-Runtime-Deadline-Ms is when `next` answers plus this. */
  timeoutMs: number
  /** The runtime took the event (answered `next`). */
  onInvoke?: () => void
  /** The first outcome: the response, the invocation's error or an init error. */
  onOutcome: (outcome: RuntimeOutcome) => void
  /** The runtime asked for another event after the one invocation: it is idle and can be stopped. */
  onIdle?: () => void
}

export interface RuntimeApi {
  /** host:port, for AWS_LAMBDA_RUNTIME_API. */
  address: string
  close(): Promise<void>
}

const BASE = '/2018-06-01/runtime'
/** Lambda's limit on a synchronous invocation's response, in bytes. */
export const MAX_RESPONSE_BYTES = 6_291_556

export async function startRuntimeApi(options: RuntimeApiOptions): Promise<RuntimeApi> {
  let state: 'waiting' | 'invoked' | 'done' = 'waiting'
  const held: http.ServerResponse[] = []

  const finish = (outcome: RuntimeOutcome) => {
    if (state === 'done') return
    state = 'done'
    options.onOutcome(outcome)
  }

  const server = http.createServer((req, res) => {
    const url = (req.url ?? '').split('?')[0]
    readBody(req, MAX_RESPONSE_BYTES + 1).then(({ body, tooLarge }) => {
      if (req.method === 'GET' && url === `${BASE}/invocation/next`) {
        if (state !== 'waiting') {
          // Held until the runtime is stopped, as Lambda holds it until the next event (or freezes the sandbox).
          held.push(res)
          options.onIdle?.()
          return
        }
        state = 'invoked'
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Lambda-Runtime-Aws-Request-Id': options.requestId,
          'Lambda-Runtime-Deadline-Ms': String(Date.now() + options.timeoutMs),
          'Lambda-Runtime-Invoked-Function-Arn': options.functionArn,
          'Lambda-Runtime-Trace-Id': traceHeader()
        })
        res.end(options.event)
        options.onInvoke?.()
        return
      }

      const invocation = new RegExp(`^${BASE}/invocation/([^/]+)/(response|error)$`).exec(url)
      if (req.method === 'POST' && invocation) {
        const [, id, kind] = invocation
        if (decodeURIComponent(id) !== options.requestId) return reply(res, 400, 'InvalidRequestID', `Invalid request ID: ${id}`)
        if (state !== 'invoked') return reply(res, 403, 'InvalidStateTransition', `State transition from ${state} to ${kind} failed`)
        if (tooLarge) {
          reply(res, 413, 'RequestEntityTooLarge', `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`)
          return finish({
            kind: 'error',
            phase: 'invoke',
            error: {
              errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
              errorType: 'Function.ResponseSizeTooLarge',
              stackTrace: [],
              requestId: options.requestId
            }
          })
        }
        reply(res, 202)
        if (kind === 'response') return finish({ kind: 'response', body, contentType: req.headers['content-type'] })
        return finish({ kind: 'error', phase: 'invoke', error: parseError(body, req.headers, options.requestId) })
      }

      if (req.method === 'POST' && url === `${BASE}/init/error`) {
        if (state !== 'waiting') return reply(res, 403, 'InvalidStateTransition', 'State transition from invoked to init error failed')
        reply(res, 202)
        return finish({ kind: 'error', phase: 'init', error: parseError(body, req.headers) })
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
    close: () =>
      new Promise<void>(resolve => {
        for (const res of held) res.destroy()
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
