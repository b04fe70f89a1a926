// Proves the fake cache service v2 (helpers/cacheservice.ts) is faithful enough for the real @actions/cache 6.x:
// every scenario runs the real package in a child process whose env points at the fake.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { startFakeCacheService, type FakeCacheService } from './helpers/cacheservice.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CACHE_LIB = pathToFileURL(path.join(ROOT, 'node_modules', '@actions', 'cache', 'lib', 'cache.js')).href
const TWIRP = 'twirp/github.actions.results.api.v1.CacheService/'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'fake-cache-test-'))
after(() => rmSync(scratch, { recursive: true, force: true }))

// The child: optionally shrinks long timers (the Twirp client's 3 s/4.5 s/6.75 s/10 s retry sleeps) so the
// error500 scenario finishes fast, then runs each op against the real @actions/cache and prints a marker line.
const CHILD_SCRIPT = path.join(scratch, 'cache-child.mjs')
writeFileSync(
  CHILD_SCRIPT,
  `const scale = Number(process.env.FAKE_CACHE_TIME_SCALE || '1')
if (scale > 1) {
  const realSetTimeout = globalThis.setTimeout
  globalThis.setTimeout = (fn, ms, ...args) => realSetTimeout(fn, typeof ms === 'number' && ms >= 2000 ? Math.ceil(ms / scale) : ms, ...args)
}
const [libUrl, opsJson] = process.argv.slice(2)
const cache = await import(libUrl)
for (const op of JSON.parse(opsJson)) {
  let result
  try {
    const value = op.op === 'save'
      ? await cache.saveCache(op.paths, op.key)
      : await cache.restoreCache(op.paths, op.key, op.restoreKeys)
    result = value === undefined ? { undefined: true } : { value }
  } catch (error) {
    result = { threw: { name: error?.name, message: error?.message } }
  }
  console.log('@@RESULT ' + JSON.stringify(result))
}
`
)

type Op = { op: 'save' | 'restore'; paths: string[]; key: string; restoreKeys?: string[] }
interface OpResult {
  undefined?: true
  value?: unknown
  threw?: { name: string; message: string }
  /** stdout lines the op printed (core.info lines, ::warning::, ::error::, ::debug:: …). */
  lines: string[]
}
interface ChildRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  results: OpResult[]
}

/** Env for a child: the inherited env minus anything a real runner would set for its own cache, plus the fake's. */
function childEnv(service: FakeCacheService, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(ACTIONS_|RUNNER_|GITHUB_|CACHE_|SEGMENT_)/.test(k)) env[k] = v
  }
  return { ...env, ...service.env, ...extra }
}

function startChild(service: FakeCacheService, ops: Op[], cwd: string, extraEnv: Record<string, string> = {}) {
  const child: ChildProcess = spawn(process.execPath, [CHILD_SCRIPT, CACHE_LIB, JSON.stringify(ops)], {
    cwd,
    env: childEnv(service, extraEnv),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', d => (stdout += d))
  child.stderr!.on('data', d => (stderr += d))
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const results: OpResult[] = []
      let lines: string[] = []
      for (const line of stdout.split('\n')) {
        if (line.startsWith('@@RESULT ')) {
          results.push({ ...JSON.parse(line.slice(9)), lines })
          lines = []
        } else if (line) lines.push(line)
      }
      resolve({ code, signal, stdout, stderr, results })
    })
  })
  return { child, done }
}

async function runChild(service: FakeCacheService, ops: Op[], cwd: string, extraEnv: Record<string, string> = {}): Promise<ChildRun> {
  const { child, done } = startChild(service, ops, cwd, extraEnv)
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  try {
    const run = await done
    assert.equal(run.signal, null, `child was killed (timeout?)\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`)
    assert.equal(run.code, 0, `child crashed\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`)
    assert.equal(run.results.length, ops.length, `child reported ${run.results.length} of ${ops.length} results\n${run.stdout}\n${run.stderr}`)
    return run
  } finally {
    clearTimeout(timer)
  }
}

/** Not ::debug:: noise. */
const visible = (r: OpResult) => r.lines.filter(l => !l.startsWith('::debug::') && !l.startsWith('::add-mask::'))
const warnings = (r: OpResult) => r.lines.filter(l => l.startsWith('::warning::') || l.startsWith('::error::'))

/** A fresh workspace (child cwd = tar's -C dir) holding a data folder at a fixed absolute path. */
function makeWorkspace(label: string): { ws: string; data: string } {
  const ws = path.join(scratch, `${label}-${randomUUID().slice(0, 8)}`)
  const data = path.join(ws, 'data')
  mkdirSync(data, { recursive: true })
  return { ws, data }
}

function fillData(dir: string): void {
  const allBytes = Buffer.alloc(256 * 64)
  for (let i = 0; i < allBytes.length; i++) allBytes[i] = i % 256
  mkdirSync(path.join(dir, 'bin'), { recursive: true })
  mkdirSync(path.join(dir, 'nested', 'deeper'), { recursive: true })
  writeFileSync(path.join(dir, 'hello.txt'), 'hello, cache\n')
  writeFileSync(path.join(dir, 'bin', 'all-bytes.bin'), allBytes)
  writeFileSync(path.join(dir, 'bin', 'random.bin'), randomBytes(96 * 1024)) // incompressible: keeps the archive big
  writeFileSync(path.join(dir, 'nested', 'deeper', 'empty.dat'), '')
  writeFileSync(path.join(dir, 'name with spaces.txt'), 'spaces ok\n')
}

/** relative path → sha256 of every file under dir ('<dir>' for folders). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name)
      const rel = path.relative(dir, full)
      if (statSync(full).isDirectory()) {
        out[rel] = '<dir>'
        walk(full)
      } else out[rel] = createHash('sha256').update(readFileSync(full)).digest('hex')
    }
  }
  walk(dir)
  return out
}

function wipe(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
}

const methodsOf = (service: FakeCacheService, from = 0) =>
  service.requests.slice(from).map(r => (r.path.startsWith('/twirp/') ? r.path.slice(r.path.lastIndexOf('/') + 1) : `${r.method} blob${new URL(r.path, service.url).searchParams.get('comp') ? '?comp=' + new URL(r.path, service.url).searchParams.get('comp') : ''}`))

/** The version @actions/cache computes on Linux: sha256(paths | compression | '1.0'). */
const versionFor = (paths: string[], compression: string) => createHash('sha256').update([...paths, compression, '1.0'].join('|')).digest('hex')

test('round trip: the real @actions/cache saves and restores a folder through the fake', async t => {
  const service = await startFakeCacheService()
  t.after(() => service.stop())
  const { ws, data } = makeWorkspace('roundtrip')
  fillData(data)
  const original = snapshot(data)
  const prefix = `fake-cache-${randomUUID().slice(0, 8)}`
  const K = `${prefix}-linux-abc`

  const a = await runChild(service, [
    { op: 'restore', paths: [data], key: K },
    { op: 'save', paths: [data], key: K }
  ], ws)
  assert.deepEqual(a.results[0].undefined, true, 'restore before any save is a miss')
  assert.equal(typeof a.results[1].value, 'number')
  assert.ok((a.results[1].value as number) > 0, `saveCache returned ${JSON.stringify(a.results[1])}`)
  assert.deepEqual(methodsOf(service), ['GetCacheEntryDownloadURL', 'CreateCacheEntry', 'PUT blob', 'FinalizeCacheEntryUpload'])

  const saved = service.entries.get(K)
  assert.ok(saved, 'entry stored under K')
  assert.equal(saved.finalized, true)
  const zstd = saved.data.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))
  const gzip = saved.data.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))
  assert.ok(zstd || gzip, 'stored blob is a zstd or gzip archive')
  assert.equal(saved.version, versionFor([data], zstd ? 'zstd-without-long' : 'gzip'))
  t.diagnostic(`archive: ${zstd ? 'zstd' : 'gzip'}, ${saved.data.length} B, version ${saved.version}`)

  // Restore-key candidates around K: an older finalized entry and a newer unfinalized one; prefix lookup must
  // pick K (newest finalized with the same version).
  service.entries.delete(K)
  service.entries.set(`${prefix}-linux-older`, { version: saved.version, data: Buffer.from('not an archive'), finalized: true })
  service.entries.set(K, saved)
  service.entries.set(`${prefix}-linux-pending`, { version: saved.version, data: Buffer.alloc(0), finalized: false })

  wipe(data)
  assert.deepEqual(snapshot(data), {})
  const before = service.requests.length
  const b = await runChild(service, [
    { op: 'restore', paths: [data], key: K },
    { op: 'restore', paths: [data], key: `${K}-zzz`, restoreKeys: ['no-such-prefix-', `${prefix}-linux-`] },
    { op: 'restore', paths: [data, path.join(ws, 'other')], key: K }, // other paths → other version → miss
    { op: 'restore', paths: [data], key: 'fake-cache-nothing-here' }
  ], ws)
  assert.deepEqual(b.results.map(r => r.value ?? (r.undefined ? 'undefined' : r)), [K, K, 'undefined', 'undefined'])
  assert.deepEqual(b.results.flatMap(warnings), [], 'no warnings on a clean restore')
  assert.ok(visible(b.results[1]).includes(`Cache hit for restore-key: ${K}`))
  assert.deepEqual(methodsOf(service, before), [
    'GetCacheEntryDownloadURL', 'GET blob',
    'GetCacheEntryDownloadURL', 'GET blob',
    'GetCacheEntryDownloadURL',
    'GetCacheEntryDownloadURL'
  ])
  assert.deepEqual(snapshot(data), original)
})

test('wrong token: Twirp answers 401 and restoreCache reports a miss with a warning', async t => {
  const service = await startFakeCacheService({ token: 'the-right-token' })
  t.after(() => service.stop())
  const { ws, data } = makeWorkspace('token')
  const run = await runChild(service, [{ op: 'restore', paths: [data], key: 'k' }], ws, { ACTIONS_RUNTIME_TOKEN: 'a-wrong-token' })
  assert.equal(run.results[0].undefined, true)
  const w = warnings(run.results[0]).join('\n')
  assert.match(w, /^::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Received non-retryable error: Failed request: \(401\) Unauthorized: invalid or missing runtime token/)
  assert.deepEqual(methodsOf(service), ['GetCacheEntryDownloadURL'], '401 is not retried')
})

test('error500: save and restore do not crash, report failure, and store nothing', async t => {
  const service = await startFakeCacheService({ fault: 'error500' })
  t.after(() => service.stop())
  const { ws, data } = makeWorkspace('error500')
  fillData(data)
  // The lib retries 500s 5 times with 3 s → ~10 s sleeps (~25-35 s per call); the child divides sleeps by 100.
  const run = await runChild(service, [
    { op: 'save', paths: [data], key: 'k500' },
    { op: 'restore', paths: [data], key: 'k500' }
  ], ws, { FAKE_CACHE_TIME_SCALE: '100' })
  const [save, restore] = run.results
  t.diagnostic(`save → ${JSON.stringify(save.value ?? save)}; ${visible(save).filter(l => /Failed|Attempt 5/.test(l)).join(' | ')}`)
  t.diagnostic(`restore → ${restore.undefined ? 'undefined' : JSON.stringify(restore)}; ${warnings(restore).join(' | ')}`)
  assert.equal(save.value, -1)
  assert.equal(restore.undefined, true)
  // saveCache only logs core.info (not a warning) for a failed reservation.
  assert.ok(visible(save).includes('Failed to save: Unable to reserve cache with key k500, another job may be creating this cache.'), visible(save).join('\n'))
  assert.ok(visible(save).some(l => l.startsWith('Attempt 4 of 5 failed with error: Failed request: (500) Internal Server Error: fake cache service: injected internal error')))
  assert.match(warnings(restore).join('\n'), /^::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Failed to make request after 5 attempts: Failed request: \(500\) Internal Server Error: fake cache service: injected internal error/)
  assert.deepEqual(methodsOf(service), [...Array(5).fill('CreateCacheEntry'), ...Array(5).fill('GetCacheEntryDownloadURL')])
  assert.equal(service.entries.size, 0)
})

test('hang: the server holds Twirp calls open and stop() still returns promptly', async t => {
  const service = await startFakeCacheService({ fault: 'hang' })
  t.after(() => service.stop())
  const { ws, data } = makeWorkspace('hang')
  const { child, done } = startChild(service, [{ op: 'restore', paths: [data], key: 'khang' }], ws)
  const killer = setTimeout(() => child.kill('SIGKILL'), 12_000)
  try {
    let exited = false
    void done.then(() => (exited = true))
    await new Promise(r => setTimeout(r, 2000))
    assert.equal(exited, false, 'restoreCache must still be waiting after 2 s')
    assert.deepEqual(methodsOf(service), ['GetCacheEntryDownloadURL'], 'the call reached the server (and was not retried)')
    const t0 = Date.now()
    await service.stop()
    const stopMs = Date.now() - t0
    assert.ok(stopMs < 1000, `stop() took ${stopMs} ms`)
    // Destroying the held socket surfaces to the lib as ECONNRESET → a NetworkError → warning + cache miss.
    const run = await done
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.results[0]?.undefined, true, run.stdout)
    assert.match(warnings(run.results[0]).join('\n'), /^::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNRESET/)
    t.diagnostic(`stop() took ${stopMs} ms; child then got: ${warnings(run.results[0])[0]?.slice(0, 110)}`)
  } finally {
    clearTimeout(killer)
    child.kill('SIGKILL')
  }
})

test('deny-write: save is refused (CacheWriteDeniedError → -1 + warning) while restore still works', async t => {
  const service = await startFakeCacheService()
  t.after(() => service.stop())
  const { ws, data } = makeWorkspace('deny')
  fillData(data)
  const original = snapshot(data)
  const first = await runChild(service, [{ op: 'save', paths: [data], key: 'k-existing' }], ws)
  assert.ok((first.results[0].value as number) > 0)

  service.fault = 'deny-write'
  wipe(data)
  const other = path.join(ws, 'other')
  mkdirSync(other)
  writeFileSync(path.join(other, 'x.txt'), 'x')
  const before = service.requests.length
  const run = await runChild(service, [
    { op: 'save', paths: [other], key: 'k-denied' },
    { op: 'restore', paths: [data], key: 'k-existing' }
  ], ws)
  const [save, restore] = run.results
  t.diagnostic(`save → ${JSON.stringify(save.value ?? save)}; ${warnings(save).join(' | ')}`)
  assert.equal(save.value, -1)
  assert.deepEqual(warnings(save), [
    '::warning::Failed to save: Unable to reserve cache with key k-denied. More details: cache write denied: the runtime token is read-only for this run'
  ])
  assert.equal(restore.value, 'k-existing')
  assert.deepEqual(methodsOf(service, before), ['CreateCacheEntry', 'GetCacheEntryDownloadURL', 'GET blob'], 'no upload, no finalize after the denial')
  assert.equal(service.entries.has('k-denied'), false)
  assert.deepEqual(snapshot(data), original)
})

test('truncate: downloads serve half the blob; restore fails (or yields different files)', async t => {
  const service = await startFakeCacheService()
  t.after(() => service.stop())
  const { ws, data } = makeWorkspace('truncate')
  fillData(data)
  const original = snapshot(data)
  const first = await runChild(service, [{ op: 'save', paths: [data], key: 'k-trunc' }], ws)
  assert.ok((first.results[0].value as number) > 0)
  const stored = service.entries.get('k-trunc')!.data

  service.fault = 'truncate'
  // What the blob endpoint now serves, fetched directly: exactly the first half, with a matching Content-Length.
  const lookup = await fetch(service.url + TWIRP + 'GetCacheEntryDownloadURL', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${service.env.ACTIONS_RUNTIME_TOKEN}` },
    body: JSON.stringify({ key: 'k-trunc', version: service.entries.get('k-trunc')!.version })
  })
  const { ok, signed_download_url: url } = (await lookup.json()) as { ok: boolean; signed_download_url: string }
  assert.equal(ok, true)
  const blob = await fetch(url)
  const body = Buffer.from(await blob.arrayBuffer())
  assert.equal(blob.headers.get('content-length'), String(Math.floor(stored.length / 2)))
  assert.ok(body.equals(stored.subarray(0, Math.floor(stored.length / 2))))

  wipe(data)
  const run = await runChild(service, [{ op: 'restore', paths: [data], key: 'k-trunc' }], ws)
  const restore = run.results[0]
  const after = snapshot(data)
  const same = JSON.stringify(after) === JSON.stringify(original)
  t.diagnostic(`restore → ${restore.undefined ? 'undefined' : JSON.stringify(restore.value)}; ${warnings(restore).join(' | ')}`)
  t.diagnostic(`files left behind: ${Object.keys(after).length ? JSON.stringify(Object.keys(after)) : 'none'}; identical to original: ${same}`)
  assert.equal(same, false, 'a half archive cannot reproduce the files')
  assert.equal(restore.undefined, true, 'restoreCache reports a miss for a corrupt archive')
  assert.match(warnings(restore).join('\n'), /^::warning::Failed to restore: "[^"]*tar" failed with error: The process '[^']*tar' failed with exit code \d+/)
})

test('blob endpoint: Azure SDK block uploads (the >128 MiB path) commit in block-list order; Range and HEAD work', async t => {
  const service = await startFakeCacheService()
  t.after(() => service.stop())
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${service.env.ACTIONS_RUNTIME_TOKEN}` }
  const twirp = async (method: string, body: unknown) =>
    (await (await fetch(service.url + TWIRP + method, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as Record<string, any>
  const created = await twirp('CreateCacheEntry', { key: 'k-blocks', version: 'v-blocks' })
  assert.equal(created.ok, true)
  const payload = Buffer.alloc(5000)
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 7) % 251
  const file = path.join(scratch, `blocks-${randomUUID().slice(0, 8)}.bin`)
  writeFileSync(file, payload)
  // Same client and call the lib uses (uploadCacheArchiveSDK), with tiny thresholds so it stages blocks.
  const script = `import { BlobClient } from '@azure/storage-blob'
const [url, file] = process.argv.slice(1)
const r = await new BlobClient(url).getBlockBlobClient().uploadFile(file, { blockSize: 1024, concurrency: 3, maxSingleShotSize: 1024 })
console.log('STATUS ' + r._response.status)`
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, created.signed_upload_url, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', d => (out += d))
  child.stderr.on('data', d => (out += d))
  const code = await new Promise(r => child.on('close', r))
  assert.equal(code, 0, out)
  assert.match(out, /STATUS 201/)
  assert.deepEqual(methodsOf(service), ['CreateCacheEntry', ...Array(5).fill('PUT blob?comp=block'), 'PUT blob?comp=blocklist'])
  assert.ok(service.entries.get('k-blocks')!.data.equals(payload))
  assert.equal((await twirp('FinalizeCacheEntryUpload', { key: 'k-blocks', version: 'v-blocks', size_bytes: '5000' })).ok, true)
  assert.equal((await twirp('CreateCacheEntry', { key: 'k-blocks', version: 'v-blocks' })).code, 'already_exists')

  const found = await twirp('GetCacheEntryDownloadURL', { key: 'k-blocks', version: 'v-blocks' })
  assert.equal(found.matched_key, 'k-blocks')
  assert.equal((await twirp('GetCacheEntryDownloadURL', { key: 'k-blocks', version: 'v-other' })).ok, false)
  const head = await fetch(found.signed_download_url, { method: 'HEAD' })
  assert.equal(head.headers.get('content-length'), '5000')
  const part = await fetch(found.signed_download_url, { headers: { Range: 'bytes=1000-1999' } })
  assert.equal(part.status, 206)
  assert.equal(part.headers.get('content-range'), 'bytes 1000-1999/5000')
  assert.ok(Buffer.from(await part.arrayBuffer()).equals(payload.subarray(1000, 2000)))
  assert.equal((await fetch(created.signed_upload_url)).status, 403, 'an upload URL cannot read')
  assert.equal((await fetch(found.signed_download_url.replace(/sig=[0-9a-f]+/, 'sig=bad'))).status, 403)
})
