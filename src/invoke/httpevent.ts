import { randomBytes } from 'node:crypto'
import { SpindriftError } from '../common/errors.js'

/** What `spindrift invoke`'s quick form says about the request. */
export interface HttpRequestSpec {
  /** GET, POST…; upper-cased. */
  method?: string
  /** "/hello"; may carry "?a=1", which is joined to `query`. */
  path?: string
  /** Raw query string, "a=1&a=2" (a leading "?" is dropped). */
  query?: string
  /** "Name: value" lines, or [name, value] pairs; names are lower-cased, repeats joined with ",". */
  headers?: (string | [string, string])[]
  /** "name=value" cookies, sent in the event's `cookies` list (as are those of a Cookie header). */
  cookies?: string[]
  /** The request body, as text. */
  body?: string
  /** Request time (default now). */
  now?: Date
}

/** The API an HTTP API event pretends to come from; a Host header given by the user replaces the domain. */
export const DEFAULT_API_ID = 'spindrift'
export const DEFAULT_REGION = 'us-east-1'
export const DEFAULT_ACCOUNT_ID = '123456789012'

const METHOD = /^[A-Z][A-Z0-9_-]*$/
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * An API Gateway HTTP API payload format 2.0 event, as API Gateway sends it for a `$default` route:
 * lower-cased headers (with host and the x-forwarded-* API Gateway adds), cookies moved out of the Cookie
 * header into `cookies`, repeated query keys joined with "," in queryStringParameters, and a requestContext.
 * A problem with the request text throws UsageError.
 */
export function buildHttpApiEvent(spec: HttpRequestSpec): Record<string, unknown> {
  const method = (spec.method ?? 'GET').toUpperCase()
  if (!METHOD.test(method)) throw usage(`--method "${spec.method}" is not an HTTP method; write it as GET, POST, PUT…`)

  let rawPath = spec.path ?? '/'
  let rawQueryString = (spec.query ?? '').replace(/^\?/, '')
  const mark = rawPath.indexOf('?')
  if (mark >= 0) {
    const fromPath = rawPath.slice(mark + 1)
    rawPath = rawPath.slice(0, mark)
    rawQueryString = [fromPath, rawQueryString].filter(Boolean).join('&')
  }
  if (!rawPath.startsWith('/')) throw usage(`--path "${spec.path}" must start with "/", for example /hello`)
  if (/[\s#]/.test(rawPath)) throw usage(`--path "${spec.path}" contains a space or "#"; percent-encode it (%20, %23)`)

  const headers = new Map<string, string[]>()
  for (const header of spec.headers ?? []) {
    const [name, value] = typeof header === 'string' ? splitHeader(header) : header
    if (!TOKEN.test(name)) throw usage(`--header "${typeof header === 'string' ? header : name}" has no valid header name; write it as "Name: value"`)
    const key = name.toLowerCase()
    headers.set(key, [...(headers.get(key) ?? []), value.trim()])
  }

  const cookies: string[] = []
  for (const line of headers.get('cookie') ?? []) cookies.push(...line.split(';').map(c => c.trim()).filter(Boolean))
  headers.delete('cookie')
  for (const cookie of spec.cookies ?? []) {
    if (!/^[^=;\s]+=[^;]*$/.test(cookie.trim())) throw usage(`--cookie "${cookie}" is not a cookie; write it as "name=value"`)
    cookies.push(cookie.trim())
  }

  const now = spec.now ?? new Date()
  const host = headers.get('host')?.at(-1) ?? `${DEFAULT_API_ID}.execute-api.${DEFAULT_REGION}.amazonaws.com`
  const traceId = `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`
  const added: [string, string][] = [
    ['host', host],
    ['user-agent', 'spindrift-invoke'],
    ['x-amzn-trace-id', traceId],
    ['x-forwarded-for', '127.0.0.1'],
    ['x-forwarded-port', '443'],
    ['x-forwarded-proto', 'https']
  ]
  if (spec.body !== undefined) added.push(['content-length', String(Buffer.byteLength(spec.body, 'utf8'))])
  for (const [name, value] of added) if (!headers.has(name)) headers.set(name, [value])
  const flatHeaders = Object.fromEntries([...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v.join(',')]))

  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString
  }
  if (cookies.length) event.cookies = cookies
  event.headers = flatHeaders
  const params = queryParameters(rawQueryString)
  if (params) event.queryStringParameters = params
  event.requestContext = {
    accountId: DEFAULT_ACCOUNT_ID,
    apiId: host.split('.')[0],
    domainName: host,
    domainPrefix: host.split('.')[0],
    http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: flatHeaders['user-agent'] },
    requestId: apiRequestId(),
    routeKey: '$default',
    stage: '$default',
    time: clfTime(now),
    timeEpoch: now.getTime()
  }
  if (spec.body !== undefined) event.body = spec.body
  event.isBase64Encoded = false
  return event
}

function splitHeader(line: string): [string, string] {
  const colon = line.indexOf(':')
  if (colon <= 0) throw usage(`--header "${line}" is not a header; write it as "Name: value"`)
  return [line.slice(0, colon).trim(), line.slice(colon + 1)]
}

/** API Gateway's queryStringParameters: decoded, repeated keys joined with ","; undefined when empty. */
export function queryParameters(raw: string): Record<string, string> | undefined {
  if (!raw) return undefined
  const joined = new Map<string, string[]>()
  for (const part of raw.split('&')) {
    if (!part) continue
    const eq = part.indexOf('=')
    const key = decode(eq < 0 ? part : part.slice(0, eq))
    const value = eq < 0 ? '' : decode(part.slice(eq + 1))
    joined.set(key, [...(joined.get(key) ?? []), value])
  }
  return joined.size ? Object.fromEntries([...joined].map(([k, v]) => [k, v.join(',')])) : undefined
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** "12/Mar/2020:19:03:58 +0000", as in HTTP API events. */
export function clfTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
}

/** API Gateway's request ids look like "JKJaXmPLvHcESHA=". */
export function apiRequestId(): string {
  return randomBytes(10).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B')
}

/** A problem with the command line itself (the CLI exits 2 for it, 1 for other SpindriftErrors). */
export class UsageError extends SpindriftError {}

function usage(sentence: string): UsageError {
  return new UsageError(`${sentence}.`)
}
