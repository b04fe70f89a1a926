// HTTP events for each source Lambda serves, built for one request, and readers of the source's envelope:
// shared by the end-to-end tests that run apps through `spindrift invoke`.
import assert from 'node:assert/strict'
import path from 'node:path'
import { runCli, writeTree } from './run.js'

export interface Envelope {
  statusCode: number
  statusDescription?: string
  body: string
  isBase64Encoded: boolean
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  cookies?: string[]
}

const API_HOST = 'abc123.execute-api.eu-west-1.amazonaws.com'
const URL_HOST = 'abcdefgh.lambda-url.eu-west-1.on.aws'
const ALB = { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/t/1' } }

export interface Request {
  method: string
  path: string
  query: [string, string][]
  body?: string
}

/** Each HTTP source: its event for a request, the root path the app must see, and where Set-Cookie goes. */
export const SOURCES: { label: string; root: string; cookies: 'mv' | 'v2' | 'single'; singleQuery?: true; event(r: Request): unknown }[] = [
  {
    label: 'REST API v1 (stage prod)', root: '/prod', cookies: 'mv',
    event: r => ({
      resource: '/{proxy+}', path: r.path, httpMethod: r.method,
      headers: { Host: API_HOST, 'X-Test': 'yes', Cookie: 'c=d', 'X-Forwarded-Proto': 'https' },
      multiValueHeaders: { Host: [API_HOST], 'X-Test': ['yes'], Cookie: ['c=d'], 'X-Forwarded-Proto': ['https'] },
      queryStringParameters: r.query.length ? Object.fromEntries(r.query) : null,
      multiValueQueryStringParameters: r.query.length ? group(r.query) : null,
      requestContext: { stage: 'prod', path: `/prod${r.path}`, domainName: API_HOST, identity: { sourceIp: '198.51.100.7' } },
      body: r.body ?? null, isBase64Encoded: false
    })
  },
  {
    label: 'HTTP API payload 1.0', root: '', cookies: 'mv',
    event: r => ({
      version: '1.0', resource: '$default', path: r.path, httpMethod: r.method,
      headers: { host: API_HOST, 'x-test': 'yes', cookie: 'c=d' }, multiValueHeaders: { host: [API_HOST], 'x-test': ['yes'], cookie: ['c=d'] },
      queryStringParameters: r.query.length ? Object.fromEntries(r.query) : null,
      multiValueQueryStringParameters: r.query.length ? group(r.query) : null,
      requestContext: { stage: '$default', domainName: API_HOST, identity: { sourceIp: '198.51.100.7' } },
      body: r.body ?? null, isBase64Encoded: false
    })
  },
  {
    label: 'HTTP API payload 2.0 (stage beta)', root: '/beta', cookies: 'v2',
    event: r => v2(r, API_HOST, 'beta', '/beta' + r.path)
  },
  {
    label: 'HTTP API payload 2.0 via a custom domain (stage beta)', root: '', cookies: 'v2',
    event: r => v2(r, 'api.example.com', 'beta', r.path)
  },
  { label: 'Function URL', root: '', cookies: 'v2', event: r => v2(r, URL_HOST, '$default', r.path) },
  {
    label: 'ALB, single-value headers', root: '', cookies: 'single', singleQuery: true,
    event: r => ({
      requestContext: ALB, httpMethod: r.method, path: r.path, queryStringParameters: Object.fromEntries(encoded(r.query)),
      headers: { host: 'alb.example.com', 'x-test': 'yes', cookie: 'c=d', 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https', 'x-forwarded-port': '443' },
      body: r.body ?? '', isBase64Encoded: false
    })
  },
  {
    label: 'ALB, multi-value headers', root: '', cookies: 'mv',
    event: r => ({
      requestContext: ALB, httpMethod: r.method, path: r.path, multiValueQueryStringParameters: group(encoded(r.query)),
      multiValueHeaders: { host: ['alb.example.com'], 'x-test': ['yes'], cookie: ['c=d'], 'x-forwarded-for': ['198.51.100.7'], 'x-forwarded-proto': ['https'] },
      body: r.body ?? '', isBase64Encoded: false
    })
  }
]

export function v2(r: Request, host: string, stage: string, rawPath: string) {
  return {
    version: '2.0', routeKey: '$default', rawPath, rawQueryString: r.query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'),
    cookies: ['c=d'], headers: { host, 'x-test': 'yes', 'x-forwarded-proto': 'https' },
    requestContext: { domainName: host, stage, http: { method: r.method, path: rawPath, sourceIp: '198.51.100.7' } },
    body: r.body ?? null, isBase64Encoded: false
  }
}

/** ALB hands query values over as the client sent them: percent-encoded. */
function encoded(pairs: [string, string][]): [string, string][] {
  return pairs.map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
}

function group(pairs: [string, string][]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [k, v] of pairs) (out[k] ??= []).push(v)
  return out
}

let eventCount = 0

/** Run one event through the zip with `spindrift invoke`; the envelope it answered. */
export function invokeEvent(zip: string, event: unknown, options: { work: string; env: NodeJS.ProcessEnv; python?: string }): Envelope {
  const name = `event-${eventCount++}.json`
  writeTree(options.work, { [name]: JSON.stringify(event) })
  const run = runCli(['invoke', zip, '--event', path.join(options.work, name), '--python', options.python ?? 'python3'], { env: options.env })
  assert.equal(run.code, 0, run.stderr)
  return JSON.parse(run.stdout) as Envelope
}

/** A response header by its lower-case name, from either header map (repeats joined). */
export function header(r: Envelope, name: string): string | undefined {
  const pick = (o: Record<string, unknown> | undefined) => Object.entries(o ?? {}).find(([k]) => k.toLowerCase() === name)?.[1]
  const mv = pick(r.multiValueHeaders) as string[] | undefined
  return mv ? mv.join(', ') : (pick(r.headers) as string | undefined)
}

/** The Set-Cookie values where the source puts them. */
export function setCookies(r: Envelope, kind: 'mv' | 'v2' | 'single'): string[] {
  if (kind === 'v2') return r.cookies ?? []
  if (kind === 'single') return [header(r, 'set-cookie') ?? '']
  return (Object.entries(r.multiValueHeaders ?? {}).find(([k]) => k.toLowerCase() === 'set-cookie')?.[1] ?? [])
}

/** The body as text, base64 or not. */
export function bodyText(r: Envelope): string {
  return r.isBase64Encoded ? Buffer.from(r.body, 'base64').toString() : r.body
}
