/**
 * `spindrift serve`: a local HTTP server on 127.0.0.1 in front of one warm function. Each request becomes the
 * chosen source's event (serveevents.ts), waits its turn (one invocation at a time, as one Lambda environment
 * serves them), and the function's answer becomes the HTTP response.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { SpindriftError } from '../common/errors.js'
import { openFunction, type FunctionOptions, type InvocationResult } from './invoke.js'
import { SOURCES, type EventSource } from './eventsources.js'
import { eventFor, gatewayAnswer, responseFor, type OutgoingResponse } from './serveevents.js'

export { SOURCES, type EventSource } from './eventsources.js'

export interface ServeOptions extends Omit<FunctionOptions, 'signal'> {
  /** Default 3000; 0 picks a free port. */
  port?: number
  /** Default http-v2. */
  source?: EventSource
  /** An API Gateway stage that URLs start with (rest, http-v1, http-v2). */
  stage?: string
  /** A custom domain's API mapping: only paths under it reach the function. */
  basePath?: string
  /** Each request as it is answered: "GET /path 200 12 ms", and the function's error when it failed. */
  onRequest?: (line: string, error?: InvocationResult['error']) => void
}

export interface Server {
  /** http://127.0.0.1:PORT */
  url: string
  port: number
  /** Stop taking requests, drop open connections (a request under way is cut), stop the function. */
  close(): Promise<void>
}

/** Lambda's limit on a synchronous invocation's request payload. */
const MAX_REQUEST_BYTES = 6_291_456

export async function serveZip(options: ServeOptions): Promise<Server> {
  const source = options.source ?? 'http-v2'
  if (!SOURCES.includes(source)) throw new SpindriftError(`The event source "${source}" is not one spindrift serves; use one of ${SOURCES.join(', ')}.`)
  const stage = options.stage
  if (stage !== undefined) {
    if (!['rest', 'http-v1', 'http-v2'].includes(source)) throw new SpindriftError(`A stage belongs to API Gateway; ${source} has none, so leave out the stage or use --source rest, http-v1 or http-v2.`)
    if (!/^[A-Za-z0-9_-]+$/.test(stage)) throw new SpindriftError(`The stage "${stage}" is not an API Gateway stage name (letters, digits, - and _).`)
  }
  const basePath = options.basePath === undefined ? undefined : `/${options.basePath.replace(/^\/+|\/+$/g, '')}`
  if (basePath !== undefined && !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) throw new SpindriftError(`The base path "${options.basePath}" is not a path like /api or /v1/shop.`)
  const port = options.port ?? 3000
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new SpindriftError(`The port ${port} is not a TCP port (0 to 65535).`)

  const opened = await openFunction(options)
  const server = http.createServer((req, res) => {
    const started = Date.now()
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk)
    })
    req.on('end', () => {
      void answer(req, Buffer.concat(chunks), size > MAX_REQUEST_BYTES).then(({ response, error }) => {
        const headers = response.headers.flat()
        if (!response.headers.some(([name]) => name.toLowerCase() === 'content-length')) headers.push('Content-Length', String(response.body.length))
        // Logged first: whoever reads the answer finds the log line already written.
        options.onRequest?.(`${req.method} ${req.url} ${response.status} ${Date.now() - started} ms`, error)
        res.writeHead(response.status, headers)
        res.end(req.method === 'HEAD' ? undefined : response.body)
      })
    })
  })

  const answer = async (req: http.IncomingMessage, body: Buffer, tooLarge: boolean): Promise<{ response: OutgoingResponse; error?: InvocationResult['error'] }> => {
    if (tooLarge) return { response: gatewayAnswer(source, 413, 'Request Entity Too Large') }
    const raw = req.rawHeaders
    const headers: [string, string][] = []
    for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i], raw[i + 1]])
    const routed = eventFor({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body, remoteAddress: req.socket.remoteAddress ?? '127.0.0.1' }, { source, stage, basePath })
    if ('response' in routed) return { response: routed.response }
    try {
      const result = await opened.warm.invoke(Buffer.from(JSON.stringify(routed.event), 'utf8'))
      return { response: responseFor(source, result), error: result.error }
    } catch (error) {
      return { response: gatewayAnswer(source, 502, `spindrift could not invoke the function: ${(error as Error).message}`) }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', error => {
      const code = (error as NodeJS.ErrnoException).code
      reject(new SpindriftError(code === 'EADDRINUSE' ? `Port ${port} on 127.0.0.1 is in use; pass another with --port.` : `Cannot listen on 127.0.0.1:${port} (${code ?? error.message}).`))
    })
    server.listen(port, '127.0.0.1', () => resolve())
  }).catch(async error => {
    await opened.close()
    throw error
  })
  const actual = (server.address() as AddressInfo).port
  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>(resolve => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await opened.close()
      })())
  }
}
