/**
 * `spindrift serve`'s two translations, per event source: an HTTP request into the Lambda event that source
 * sends (API Gateway REST, HTTP API payload 2.0 and 1.0, function URL, ALB with or without multi-value
 * headers), and the function's answer back into an HTTP response, as that source would turn it into one.
 */
import { randomBytes } from 'node:crypto'
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, apiRequestId, clfTime, queryParameters } from './httpevent.js'

import type { EventSource } from './eventsources.js'

export interface IncomingRequest {
  method: string
  /** Path and query as sent: "/a/b?x=1&x=2". */
  url: string
  /** Raw header pairs in arrival order (Node's rawHeaders, paired). */
  headers: [string, string][]
  body: Buffer
  remoteAddress: string
}

export interface OutgoingResponse {
  status: number
  /** Header pairs; Set-Cookie may repeat. */
  headers: [string, string][]
  body: Buffer
}

export interface SourceOptions {
  source: EventSource
  /** The API Gateway stage the URL carries first (rest, http-v1, http-v2); undefined: none ($default). */
  stage?: string
  /** A custom domain's API mapping: only paths under it reach the function. Normalised "/a/b" or undefined. */
  basePath?: string
}

/** A request that never reaches the function: what API Gateway or the ALB answers itself. */
export type Routed = { event: Record<string, unknown> } | { response: OutgoingResponse }

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|graphql)|[^;]*\+(json|xml))/i

/** The event for a request, or the answer API Gateway gives without calling the function (wrong stage, outside the mapping). */
export function eventFor(request: IncomingRequest, options: SourceOptions, now = new Date()): Routed {
  const mark = request.url.indexOf('?')
  const fullPath = mark < 0 ? request.url : request.url.slice(0, mark)
  const rawQuery = mark < 0 ? '' : request.url.slice(mark + 1)
  let path = fullPath
  if (options.stage) {
    const prefix = `/${options.stage}`
    if (path !== prefix && !path.startsWith(`${prefix}/`)) return { response: gatewayAnswer(options.source, 403, 'Forbidden') }
    // REST keeps the stage out of `path` (requestContext.path has it); HTTP APIs keep it in.
    if (options.source === 'rest') path = path.slice(prefix.length) || '/'
  }
  if (options.basePath && fullPath !== options.basePath && !fullPath.startsWith(`${options.basePath}/`)) {
    return { response: gatewayAnswer(options.source, 404, 'Not Found') }
  }

  const lower = request.headers.map(([name, value]) => [name.toLowerCase(), value] as [string, string])
  const grouped = new Map<string, string[]>()
  for (const [name, value] of lower) grouped.set(name, [...(grouped.get(name) ?? []), value])
  const contentType = grouped.get('content-type')?.[0] ?? ''
  const binary = request.body.length > 0 && !TEXT_TYPES.test(contentType)
  const body = request.body.length === 0 ? undefined : binary ? request.body.toString('base64') : request.body.toString('utf8')
  const host = grouped.get('host')?.[0] ?? '127.0.0.1'
  const sourceIp = request.remoteAddress.replace(/^::ffff:/, '')
  const method = request.method.toUpperCase()
  const forwarded: [string, string][] = [
    ['x-forwarded-for', sourceIp],
    ['x-forwarded-port', host.split(':')[1] ?? '80'],
    ['x-forwarded-proto', 'http']
  ]
  for (const [name, value] of forwarded) if (!grouped.has(name)) grouped.set(name, [value])
  const single = Object.fromEntries([...grouped].map(([k, v]) => [k, v.join(',')]))
  const multiQuery = multiQueryParameters(rawQuery)
  const epoch = now.getTime()

  if (options.source === 'http-v2' || options.source === 'function-url') {
    const cookies = (grouped.get('cookie') ?? []).flatMap(line => line.split(';').map(c => c.trim()).filter(Boolean))
    const headers = Object.fromEntries(Object.entries(single).filter(([k]) => k !== 'cookie'))
    const urlId = 'spindrift0local0function0url0id'
    const domainName = options.source === 'function-url' ? `${urlId}.lambda-url.${DEFAULT_REGION}.on.aws` : host
    const event: Record<string, unknown> = { version: '2.0', routeKey: '$default', rawPath: fullPath, rawQueryString: rawQuery }
    if (cookies.length) event.cookies = cookies
    event.headers = headers
    const params = queryParameters(rawQuery)
    if (params) event.queryStringParameters = params
    event.requestContext = {
      accountId: options.source === 'function-url' ? 'anonymous' : DEFAULT_ACCOUNT_ID,
      apiId: options.source === 'function-url' ? urlId : 'spindrift',
      domainName,
      domainPrefix: domainName.split('.')[0],
      http: { method, path: fullPath, protocol: 'HTTP/1.1', sourceIp, userAgent: single['user-agent'] ?? '' },
      requestId: apiRequestId(),
      routeKey: '$default',
      stage: options.stage ?? '$default',
      time: clfTime(now),
      timeEpoch: epoch
    }
    if (body !== undefined) event.body = body
    event.isBase64Encoded = binary
    return { event }
  }

  if (options.source === 'alb' || options.source === 'alb-multi') {
    const multi = options.source === 'alb-multi'
    const event: Record<string, unknown> = {
      requestContext: { elb: { targetGroupArn: `arn:aws:elasticloadbalancing:${DEFAULT_REGION}:${DEFAULT_ACCOUNT_ID}:targetgroup/spindrift/${randomBytes(8).toString('hex')}` } },
      httpMethod: method,
      path: fullPath
    }
    // The ALB passes the query as sent (still percent-encoded); without multi-value headers, the last value of a key wins.
    if (multi) {
      event.multiValueQueryStringParameters = rawMultiQuery(rawQuery)
      event.multiValueHeaders = Object.fromEntries(grouped)
    } else {
      event.queryStringParameters = Object.fromEntries(Object.entries(rawMultiQuery(rawQuery)).map(([k, v]) => [k, v[v.length - 1]]))
      event.headers = Object.fromEntries([...grouped].map(([k, v]) => [k, v[v.length - 1]]))
    }
    event.body = body ?? ''
    event.isBase64Encoded = binary
    return { event }
  }

  // rest and http-v1: API Gateway's payload 1.0.
  const stage = options.stage ?? (options.source === 'rest' ? undefined : '$default')
  const event: Record<string, unknown> = {}
  if (options.source === 'http-v1') event.version = '1.0'
  Object.assign(event, {
    resource: options.source === 'rest' ? '/{proxy+}' : '$default',
    path,
    httpMethod: method,
    headers: single,
    multiValueHeaders: Object.fromEntries(grouped),
    queryStringParameters: multiQuery ? Object.fromEntries(Object.entries(multiQuery).map(([k, v]) => [k, v[v.length - 1]])) : null,
    multiValueQueryStringParameters: multiQuery ?? null,
    pathParameters: options.source === 'rest' ? { proxy: path.replace(/^\//, '') } : null,
    stageVariables: null,
    requestContext: {
      accountId: DEFAULT_ACCOUNT_ID,
      apiId: 'spindrift',
      domainName: host,
      domainPrefix: host.split('.')[0],
      httpMethod: method,
      path: fullPath,
      protocol: 'HTTP/1.1',
      requestId: apiRequestId(),
      requestTime: clfTime(now),
      requestTimeEpoch: epoch,
      resourcePath: options.source === 'rest' ? '/{proxy+}' : '$default',
      stage: stage ?? '$default',
      identity: { sourceIp, userAgent: single['user-agent'] ?? null }
    },
    body: body ?? null,
    isBase64Encoded: binary
  })
  return { event }
}

/** Decoded repeated query values, as API Gateway's multiValueQueryStringParameters; undefined when empty. */
function multiQueryParameters(raw: string): Record<string, string[]> | undefined {
  const decoded: Record<string, string[]> = {}
  for (const [key, values] of Object.entries(rawMultiQuery(raw))) decoded[decode(key)] = [...(decoded[decode(key)] ?? []), ...values.map(decode)]
  return Object.keys(decoded).length ? decoded : undefined
}

function rawMultiQuery(raw: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const part of raw.split('&')) {
    if (!part) continue
    const eq = part.indexOf('=')
    const key = eq < 0 ? part : part.slice(0, eq)
    out[key] = [...(out[key] ?? []), eq < 0 ? '' : part.slice(eq + 1)]
  }
  return out
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** API Gateway's own JSON answers ({"message": …}); the ALB's are small HTML pages. */
export function gatewayAnswer(source: EventSource, status: number, message: string): OutgoingResponse {
  if (source === 'alb' || source === 'alb-multi') {
    const html = `<html>\r\n<head><title>${status} ${message}</title></head>\r\n<body>\r\n<center><h1>${status} ${message}</h1></center>\r\n</body>\r\n</html>\r\n`
    return { status, headers: [['Content-Type', 'text/html']], body: Buffer.from(html) }
  }
  const key = source === 'function-url' ? 'Message' : 'message'
  return { status, headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify({ [key]: message })) }
}

/**
 * The function's answer as the source turns it into HTTP. HTTP API 2.0 and function URLs accept any JSON
 * value (a non-envelope becomes a 200 JSON body); the others need the envelope, else the gateway answers 502.
 */
export function responseFor(source: EventSource, result: { error?: { errorType: string }; response?: unknown }): OutgoingResponse {
  if (result.error) {
    if (result.error.errorType === 'Sandbox.Timedout') {
      return source === 'rest' ? gatewayAnswer(source, 504, 'Endpoint request timed out') : gatewayAnswer(source, source === 'alb' || source === 'alb-multi' ? 502 : 503, 'Service Unavailable')
    }
    return gatewayAnswer(source, 502, source === 'alb' || source === 'alb-multi' ? 'Bad Gateway' : 'Internal Server Error')
  }
  const answer = result.response
  const envelope = answer !== null && typeof answer === 'object' && !Array.isArray(answer) ? (answer as Record<string, unknown>) : undefined
  const v2 = source === 'http-v2' || source === 'function-url'
  if (v2 && (!envelope || !('statusCode' in envelope))) {
    const text = typeof answer === 'string' ? answer : JSON.stringify(answer)
    return { status: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(text ?? '') }
  }
  const status = Number(envelope?.statusCode)
  if (!envelope || !Number.isInteger(status) || status < 100 || status > 599) return gatewayAnswer(source, 502, source.startsWith('alb') ? 'Bad Gateway' : 'Internal Server Error')

  const headers: [string, string][] = []
  const multi = envelope.multiValueHeaders
  const multiNames = new Set<string>()
  if (multi && typeof multi === 'object' && source !== 'alb' && !v2) {
    for (const [name, values] of Object.entries(multi as Record<string, unknown>)) {
      if (!Array.isArray(values)) continue
      multiNames.add(name.toLowerCase())
      for (const value of values) headers.push([name, String(value)])
    }
  }
  const single = envelope.headers
  if (single && typeof single === 'object') {
    for (const [name, value] of Object.entries(single as Record<string, unknown>)) {
      if (!multiNames.has(name.toLowerCase()) && value !== undefined && value !== null) headers.push([name, String(value)])
    }
  }
  if (v2 && Array.isArray(envelope.cookies)) for (const cookie of envelope.cookies) headers.push(['Set-Cookie', String(cookie)])
  const text = typeof envelope.body === 'string' ? envelope.body : envelope.body === undefined || envelope.body === null ? '' : JSON.stringify(envelope.body)
  const body = envelope.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8')
  return { status, headers, body }
}
