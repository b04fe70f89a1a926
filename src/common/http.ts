// One small GET client for index pages and wheels, on node:http(s) with keep-alive agents. Node's global
// fetch (undici) took ~600 ms of CPU to re-read 25 PyPI pages and sometimes stalled opening 25 connections at
// once; a few reused sockets per host read them in ~150 ms.
import http from 'node:http'
import https from 'node:https'
import { createGunzip, createInflate, constants } from 'node:zlib'
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'

/** Sockets per host: as many as the wheel downloader runs at once. */
export const MAX_SOCKETS = 6
const MAX_REDIRECTS = 10
const REDIRECTS = new Set([301, 302, 303, 307, 308])

// Free sockets are unref'd by node's agent, so they never keep the process alive.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
}

/** The variables that send pip's (or uv's) requests through a proxy, which this client does not follow. */
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'PIP_PROXY']

/** The first proxy variable set in env: a request made here would not go the installer's way. */
export function proxyVariable(env: Record<string, string | undefined>): string | undefined {
  return PROXY_VARIABLES.find(name => env[name])
}

export interface GetOptions {
  headers?: Record<string, string>
  /** Give up when no byte arrives for this long (connecting included). */
  idleMs?: number
  /** Give up when the whole request, redirects included, takes longer than this. */
  timeoutMs?: number
  /** Give up (without reading on) when the body is bigger than this. */
  maxBytes?: number
}

export interface GetResponse {
  status: number
  headers: IncomingHttpHeaders
  /** The body as the server meant it: gzip and deflate content-encodings are decoded. */
  body: Buffer
  /** Where the answer came from, after redirects (without credentials). */
  url: string
}

/** A request that could not be completed; the message reads like node's own ("getaddrinfo ENOTFOUND host"). */
export class HttpError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message)
  }
}

/** Basic credentials for a URL's user:password, as pip sends them. */
export function basicAuth(url: URL): string {
  return `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
}

/**
 * GETs `address`, following redirects. A user:password in the URL becomes a Basic Authorization header; an
 * Authorization header is dropped when a redirect leaves the host (scheme and port count), as Python requests does.
 */
export async function get(address: string | URL, options: GetOptions = {}): Promise<GetResponse> {
  let url = new URL(address)
  let headers = withUrlCredentials(url, { 'Accept-Encoding': 'gzip, deflate', ...options.headers })
  const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs
  for (let hop = 0; ; hop++) {
    const answer = await once(url, headers, options, deadline)
    const location = answer.headers.location
    if (!REDIRECTS.has(answer.status) || !location || hop >= MAX_REDIRECTS) return answer
    const next = new URL(location, url)
    if (next.protocol !== 'http:' && next.protocol !== 'https:') return answer
    if (!sameHost(url, next)) headers = withoutAuthorization(headers)
    headers = withUrlCredentials(next, headers)
    url = next
  }
}

/** Moves a URL's user:password into the headers (the URL is left without them). */
function withUrlCredentials(url: URL, headers: Record<string, string>): Record<string, string> {
  if (!url.username && !url.password) return headers
  const auth = basicAuth(url)
  url.username = ''
  url.password = ''
  return { ...withoutAuthorization(headers), Authorization: auth }
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'))
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' }

/** requests' should_strip_auth, inverted: same host name, and same scheme and port or http:80 -> https:443. */
function sameHost(from: URL, to: URL): boolean {
  if (from.hostname !== to.hostname) return false
  const port = (u: URL) => u.port || DEFAULT_PORTS[u.protocol]
  if (from.protocol === 'http:' && to.protocol === 'https:' && port(from) === '80' && port(to) === '443') return true
  return from.protocol === to.protocol && port(from) === port(to)
}

/** One request; a keep-alive socket the server closed meanwhile is retried once on a fresh one. */
async function once(url: URL, headers: Record<string, string>, options: GetOptions, deadline: number | undefined): Promise<GetResponse> {
  try {
    return await request(url, headers, options, deadline)
  } catch (error) {
    if (!(error instanceof Reused)) throw error
    return request(url, headers, options, deadline)
  }
}

/** A reset on a reused socket before any answer: the server had closed it; safe to retry a GET. */
class Reused extends Error {}

function request(url: URL, headers: Record<string, string>, options: GetOptions, deadline: number | undefined): Promise<GetResponse> {
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined
  if (!client) return Promise.reject(new HttpError(`unsupported protocol ${url.protocol}`))
  return new Promise((resolve, reject) => {
    let settled = false
    let idle: NodeJS.Timeout | undefined
    let overall: NodeJS.Timeout | undefined
    let answered = false
    const finish = (error: Error | undefined, value?: GetResponse) => {
      if (settled) return
      settled = true
      clearTimeout(idle)
      clearTimeout(overall)
      if (error) {
        req.destroy()
        reject(error)
      } else resolve(value as GetResponse)
    }
    const alive = () => {
      if (options.idleMs === undefined || settled) return
      clearTimeout(idle)
      idle = setTimeout(() => finish(new HttpError(`received nothing for ${(options.idleMs as number) / 1000} s`, 'ETIMEDOUT')), options.idleMs)
    }
    const req = client.get(url, { agent: agents[url.protocol as 'http:' | 'https:'], headers })
    if (deadline !== undefined) {
      const total = options.timeoutMs as number
      overall = setTimeout(() => finish(new HttpError(`no answer within ${total / 1000} s`, 'ETIMEDOUT')), Math.max(0, deadline - Date.now()))
    }
    // The stall clock starts when a socket is ours, not while the request waits for a free one.
    req.on('socket', alive)
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered && req.reusedSocket && error.code === 'ECONNRESET') finish(new Reused(error.message))
      else finish(new HttpError(error.message, error.code))
    })
    req.on('response', (res: IncomingMessage) => {
      answered = true
      alive()
      const status = res.statusCode ?? 0
      const length = Number(res.headers['content-length'] ?? 0)
      if (options.maxBytes !== undefined && length > options.maxBytes) {
        finish(new HttpError(`HTTP ${status}: ${length} bytes, more than ${options.maxBytes}`, 'ETOOBIG'))
        return
      }
      res.on('data', alive)
      const body = decoded(res)
      // A body sent as it is, of a known length (a wheel), is copied into one buffer as it comes: not joined
      // into a second copy at the end.
      let whole = body === res && length > 0 ? Buffer.allocUnsafe(length) : undefined
      const chunks: Buffer[] = []
      let size = 0
      body.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (options.maxBytes !== undefined && size > options.maxBytes) finish(new HttpError(`more than ${options.maxBytes} bytes`, 'ETOOBIG'))
        else if (whole && size <= whole.length) chunk.copy(whole, size - chunk.length)
        else {
          // More than the length said: what came so far and the rest are gathered as chunks.
          if (whole) chunks.push(whole.subarray(0, size - chunk.length))
          whole = undefined
          chunks.push(chunk)
        }
      })
      body.on('end', () => finish(undefined, { status, headers: res.headers, body: whole ? whole.subarray(0, size) : Buffer.concat(chunks), url: url.href }))
      body.on('error', (error: NodeJS.ErrnoException) => finish(new HttpError(error.message, error.code)))
      res.on('aborted', () => finish(new HttpError('the connection closed before the whole answer arrived', 'ECONNRESET')))
      res.on('error', (error: NodeJS.ErrnoException) => finish(new HttpError(error.message, error.code)))
    })
  })
}

/** The response body with its content-encoding undone (gzip, deflate; anything else as sent). */
function decoded(res: IncomingMessage): Readable {
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase()
  // Lenient about a missing end, as browsers and undici are.
  const flush = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH }
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(createGunzip(flush))
  if (encoding === 'deflate') return res.pipe(createInflate(flush))
  return res
}
