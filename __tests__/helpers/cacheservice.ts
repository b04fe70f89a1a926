// A fake of GitHub Actions' cache service v2 (the "results" Twirp service plus the blob store it hands out
// signed URLs for), served on 127.0.0.1 so the real @actions/cache 6.x can saveCache/restoreCache through it.
//
// What @actions/cache 6.3 actually sends (read from node_modules/@actions/cache/lib and observed):
//  - Twirp JSON: POST {ACTIONS_RESULTS_URL}twirp/github.actions.results.api.v1.CacheService/<Method>,
//    `Authorization: Bearer $ACTIONS_RUNTIME_TOKEN`, `Content-Type: application/json`, snake_case fields
//    (useProtoFieldName): CreateCacheEntry {key, version} -> {ok, signed_upload_url, message};
//    FinalizeCacheEntryUpload {key, version, size_bytes} -> {ok, entry_id, message};
//    GetCacheEntryDownloadURL {key, restore_keys, version} -> {ok, signed_download_url, matched_key}.
//    Non-2xx bodies are parsed as JSON and `msg` is appended to the error; 500/502/503/504 are retried
//    (5 attempts, 3 s then x1.5 backoff), other statuses fail at once.
//  - Upload: always through @azure/storage-blob's BlockBlobClient.uploadFile (useAzureSdk is forced on in v2), even
//    when the URL is not *.blob.core.windows.net: one `PUT <url>` with `x-ms-blob-type: BlockBlob` (expects 201)
//    for archives up to 128 MiB, otherwise `PUT ?comp=block&blockid=…` per 64 MiB block + `PUT ?comp=blocklist`.
//  - Download: for a host that is not *.blob.core.windows.net, a single plain `GET <url>` via @actions/http-client
//    (no Range, no HEAD); the lib compares the bytes received with Content-Length.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import os from 'node:os'
import path from 'node:path'

export type CacheFault = 'none' | 'error500' | 'hang' | 'deny-write' | 'truncate'

export interface CacheEntry {
  version: string
  data: Buffer
  finalized: boolean
}

export interface FakeCacheService {
  /** ACTIONS_RESULTS_URL value (with trailing slash). */
  url: string
  /** Every env var a child process needs to use this service (no ACTIONS_CACHE_MODE). */
  env: Record<string, string>
  /** Settable at any time; affects later requests. */
  fault: CacheFault
  /** Stored caches by key (Map order = age, newest last). One entry per key: saving a key again with another
   *  version replaces it (the real service keeps both); the same key+version again is a 409 already_exists. */
  entries: Map<string, CacheEntry>
  /** Every request received, in order (path includes the query string). */
  requests: { method: string; path: string }[]
  /** Closes the server, destroys any open (e.g. hanging) sockets and removes RUNNER_TEMP. */
  stop(): Promise<void>
}

const SERVICE = 'github.actions.results.api.v1.CacheService'
const TWIRP_PREFIX = `/twirp/${SERVICE}/`
const BLOB_PREFIX = '/devstoreaccount1/actions-cache/'
const TWIRP_STATUS: Record<string, number> = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  internal: 500
}

interface SignedUrl {
  key: string
  version: string
  mode: 'r' | 'cw'
}

export async function startFakeCacheService(options: { fault?: CacheFault; token?: string } = {}): Promise<FakeCacheService> {
  const token = options.token ?? `fake-runtime-token-${randomBytes(8).toString('hex')}`
  const entries = new Map<string, CacheEntry>()
  const requests: { method: string; path: string }[] = []
  const sockets = new Set<Socket>()
  const signatures = new Map<string, SignedUrl>()
  const blocks = new Map<string, Map<string, Buffer>>() // per upload signature: staged blocks by block id
  const runnerTemp = mkdtempSync(path.join(os.tmpdir(), 'fake-cache-runner-temp-'))
  let nextEntryId = 1
  let baseUrl = ''

  const service: FakeCacheService = {
    url: '',
    env: {},
    fault: options.fault ?? 'none',
    entries,
    requests,
    stop
  }

  function sign(key: string, version: string, mode: 'r' | 'cw'): string {
    const sig = randomBytes(16).toString('hex')
    signatures.set(sig, { key, version, mode })
    const blobName = `${encodeURIComponent(key)}-${version.slice(0, 12)}`
    const expiry = new Date(Date.now() + 3600_000).toISOString()
    return `${baseUrl}${BLOB_PREFIX.slice(1)}${blobName}?sv=2024-11-04&se=${encodeURIComponent(expiry)}&sr=b&sp=${mode}&sig=${sig}`
  }

  function twirpError(res: http.ServerResponse, code: string, msg: string): void {
    const body = JSON.stringify({ code, msg })
    res.writeHead(TWIRP_STATUS[code] ?? 500, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
    res.end(body)
  }

  function json(res: http.ServerResponse, value: unknown): void {
    const body = JSON.stringify(value)
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
    res.end(body)
  }

  function azureError(res: http.ServerResponse, status: number, code: string, message: string): void {
    const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`
    res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body), 'x-ms-error-code': code })
    res.end(body)
  }

  /** Latest finalized entry with this version whose key equals `wanted` (or, failing that, starts with it). */
  function lookup(wanted: string, version: string): string | undefined {
    const exact = entries.get(wanted)
    if (exact && exact.finalized && exact.version === version) return wanted
    const candidates = [...entries].filter(([key, e]) => e.finalized && e.version === version && key.startsWith(wanted))
    return candidates.length ? candidates[candidates.length - 1][0] : undefined
  }

  async function handleTwirp(method: string, req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): Promise<void> {
    if (service.fault === 'hang') return // never answer; stop() destroys the socket
    if (service.fault === 'error500') return twirpError(res, 'internal', 'fake cache service: injected internal error')
    if (req.method !== 'POST') return twirpError(res, 'bad_route', `unsupported method ${req.method}`)
    if (req.headers.authorization !== `Bearer ${token}`) return twirpError(res, 'unauthenticated', 'invalid or missing runtime token')
    let body: Record<string, unknown>
    try {
      body = JSON.parse(raw.toString('utf8') || '{}')
    } catch {
      return twirpError(res, 'malformed', 'request body is not valid JSON')
    }
    const key = typeof body.key === 'string' ? body.key : ''
    const version = typeof body.version === 'string' ? body.version : ''
    if (['CreateCacheEntry', 'FinalizeCacheEntryUpload', 'GetCacheEntryDownloadURL'].includes(method)) {
      if (!key) return twirpError(res, 'invalid_argument', 'key is required')
      if (!version) return twirpError(res, 'invalid_argument', 'version is required')
    }
    switch (method) {
      case 'CreateCacheEntry': {
        if (service.fault === 'deny-write') {
          // What the real service sends for a read-only token: a 200 with ok=false and a message that
          // starts with the stable `cache write denied:` prefix (→ CacheWriteDeniedError in the lib).
          return json(res, { ok: false, signed_upload_url: '', message: 'cache write denied: the runtime token is read-only for this run' })
        }
        const existing = entries.get(key)
        if (existing && existing.version === version) {
          return twirpError(res, 'already_exists', 'cache entry with the same key, version, and scope already exists')
        }
        entries.delete(key) // re-insert so Map order stays oldest → newest
        entries.set(key, { version, data: Buffer.alloc(0), finalized: false })
        return json(res, { ok: true, signed_upload_url: sign(key, version, 'cw'), message: '' })
      }
      case 'FinalizeCacheEntryUpload': {
        const entry = entries.get(key)
        if (!entry || entry.version !== version || entry.finalized) {
          return twirpError(res, 'not_found', 'no pending cache entry for this key and version')
        }
        const size = Number(body.size_bytes ?? 0)
        if (size !== entry.data.length) {
          return json(res, { ok: false, entry_id: '0', message: `size mismatch: finalize says ${size} B, uploaded ${entry.data.length} B` })
        }
        entry.finalized = true
        return json(res, { ok: true, entry_id: String(nextEntryId++), message: '' })
      }
      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.filter((k): k is string => typeof k === 'string') : []
        for (const wanted of [key, ...restoreKeys]) {
          const matched = lookup(wanted, version)
          if (matched !== undefined) {
            return json(res, { ok: true, signed_download_url: sign(matched, version, 'r'), matched_key: matched })
          }
        }
        return json(res, { ok: false, signed_download_url: '', matched_key: '' })
      }
      default:
        return twirpError(res, 'bad_route', `no handler for path "${req.url}"`)
    }
  }

  function handleBlob(url: URL, req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): void {
    const signed = signatures.get(url.searchParams.get('sig') ?? '')
    if (!signed) return azureError(res, 403, 'AuthenticationFailed', 'Signature did not match.')
    const blobHeaders = {
      ETag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
      'Last-Modified': new Date().toUTCString(),
      'x-ms-request-id': randomBytes(16).toString('hex'),
      'x-ms-version': '2024-11-04'
    }
    const entry = entries.get(signed.key)
    if (req.method === 'PUT') {
      if (signed.mode !== 'cw') return azureError(res, 403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.')
      if (!entry || entry.version !== signed.version || entry.finalized) return azureError(res, 409, 'BlobImmutable', 'The cache entry is not accepting uploads.')
      const comp = url.searchParams.get('comp')
      if (comp === 'block') {
        const blockId = url.searchParams.get('blockid') ?? ''
        if (!blocks.has(url.searchParams.get('sig')!)) blocks.set(url.searchParams.get('sig')!, new Map())
        blocks.get(url.searchParams.get('sig')!)!.set(blockId, raw)
      } else if (comp === 'blocklist') {
        const staged = blocks.get(url.searchParams.get('sig')!) ?? new Map<string, Buffer>()
        const ids = [...raw.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)<\//g)].map(m => m[1])
        const missing = ids.filter(id => !staged.has(id))
        if (missing.length) return azureError(res, 400, 'InvalidBlockList', `Unknown block ids: ${missing.join(', ')}`)
        entry.data = Buffer.concat(ids.map(id => staged.get(id)!))
        blocks.delete(url.searchParams.get('sig')!)
      } else if (!comp) {
        if (req.headers['x-ms-blob-type'] !== 'BlockBlob') return azureError(res, 400, 'MissingRequiredHeader', 'x-ms-blob-type is required.')
        entry.data = raw
      } else {
        return azureError(res, 400, 'InvalidQueryParameterValue', `Unsupported comp=${comp}`)
      }
      res.writeHead(201, { ...blobHeaders, 'x-ms-request-server-encrypted': 'true', 'Content-Length': 0 })
      return void res.end()
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (signed.mode !== 'r') return azureError(res, 403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.')
      if (!entry || !entry.finalized || entry.version !== signed.version) return azureError(res, 404, 'BlobNotFound', 'The specified blob does not exist.')
      // 'truncate' serves a blob that *is* only half as long, so every header is consistent with the short body.
      const blob = service.fault === 'truncate' ? entry.data.subarray(0, Math.floor(entry.data.length / 2)) : entry.data
      const headers: http.OutgoingHttpHeaders = {
        ...blobHeaders,
        'Content-Type': 'application/octet-stream',
        'Accept-Ranges': 'bytes',
        'x-ms-blob-type': 'BlockBlob'
      }
      let body = blob
      let status = 200
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers['x-ms-range'] ?? req.headers.range ?? ''))
      if (range) {
        const start = Number(range[1])
        const end = Math.min(range[2] ? Number(range[2]) : blob.length - 1, blob.length - 1)
        if (start >= blob.length || end < start) {
          res.writeHead(416, { 'Content-Range': `bytes */${blob.length}`, 'Content-Length': 0 })
          return void res.end()
        }
        body = blob.subarray(start, end + 1)
        status = 206
        headers['Content-Range'] = `bytes ${start}-${end}/${blob.length}`
      }
      headers['Content-Length'] = body.length
      res.writeHead(status, headers)
      return void res.end(req.method === 'HEAD' ? undefined : body)
    }
    return azureError(res, 405, 'UnsupportedHttpVerb', `The resource doesn't support ${req.method}.`)
  }

  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '' })
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks)
      const url = new URL(req.url ?? '/', baseUrl)
      Promise.resolve()
        .then(() => {
          if (url.pathname.startsWith(TWIRP_PREFIX)) return handleTwirp(url.pathname.slice(TWIRP_PREFIX.length), req, res, raw)
          if (url.pathname.startsWith(BLOB_PREFIX)) return handleBlob(url, req, res, raw)
          res.writeHead(404, { 'Content-Type': 'text/plain' })
          res.end('not found')
        })
        .catch(err => {
          if (!res.headersSent) twirpError(res, 'internal', String(err))
          else res.destroy()
        })
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  baseUrl = `http://127.0.0.1:${port}/`
  service.url = baseUrl
  service.env = {
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: baseUrl,
    ACTIONS_RUNTIME_TOKEN: token,
    // createTempDirectory() puts archives under $RUNNER_TEMP, defaulting to /home/actions/temp.
    RUNNER_TEMP: runnerTemp,
    // A non-github.com GITHUB_SERVER_URL (e.g. inherited on GHES) would make the lib fall back to cache v1.
    GITHUB_SERVER_URL: 'https://github.com'
  }

  let stopped: Promise<void> | undefined
  function stop(): Promise<void> {
    stopped ??= new Promise<void>(resolve => {
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
      server.closeAllConnections()
    }).then(() => rmSync(runnerTemp, { recursive: true, force: true }))
    return stopped
  }

  return service
}
