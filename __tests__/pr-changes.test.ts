// Changes on every pull request: a push build of the default branch saves each artefact's manifest in GitHub's
// cache (the fake service); a pull_request build restores it and shows sizes before → after and the distributions
// added, removed and changed in the job summary, and with pr-comment posts them through GitHub's REST API (a fake
// server on 127.0.0.1). Through the action bundle, as the runner runs it.
import assert from 'node:assert/strict'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { closeSync, ftruncateSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { runAction } from './helpers/action.js'
import { startFakeCacheService, type FakeCacheService } from './helpers/cacheservice.js'
import { makeIndex } from './helpers/pyindex.js'
import { tempDir, writeTree } from './helpers/run.js'
import { compareManifests, limitWarnings, renderComparison } from '../src/faces/prchanges.ts'

const work = tempDir()
const INDEX = makeIndex(path.join(work, 'index'), [
  { name: 'keep', version: '1.0', tag: 'py3-none-any' },
  { name: 'gone', version: '1.0', tag: 'py3-none-any' },
  { name: 'upd', version: '1.0', tag: 'py3-none-any' },
  { name: 'upd', version: '2.0', tag: 'py3-none-any', files: { 'upd/__init__.py': `VERSION = "2.0"\nDATA = ${JSON.stringify('x'.repeat(5000))}\n` } },
  { name: 'newdep', version: '1.0', tag: 'py3-none-any' }
])
const RUNNER_CACHE = path.join(work, 'home', '.cache', 'spindrift')

interface ApiRequest {
  method: string
  url: string
  authorization?: string
  body?: { body: string }
}

let service: FakeCacheService
let api: http.Server
let apiUrl: string
const apiRequests: ApiRequest[] = []
const comments: { id: number; body: string }[] = []

before(async () => {
  service = await startFakeCacheService()
  api = http.createServer((req, res) => {
    let data = ''
    req.on('data', chunk => (data += chunk))
    req.on('end', () => {
      const request: ApiRequest = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, ...(data && { body: JSON.parse(data) }) }
      apiRequests.push(request)
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      if (request.authorization !== 'Bearer pr-token') return reply(401, { message: 'Bad credentials' })
      if (req.method === 'GET' && request.url.startsWith('/repos/acme/shop/issues/7/comments')) return reply(200, comments)
      if (req.method === 'POST' && request.url === '/repos/acme/shop/issues/7/comments') {
        comments.push({ id: 100 + comments.length, body: request.body!.body })
        return reply(201, comments.at(-1))
      }
      const patch = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(request.url)
      if (req.method === 'PATCH' && patch) {
        const comment = comments.find(c => c.id === Number(patch[1]))!
        comment.body = request.body!.body
        return reply(200, comment)
      }
      reply(404, { message: 'Not Found' })
    })
  })
  await new Promise<void>(resolve => api.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
})
after(async () => {
  await service.stop()
  await new Promise(resolve => api.close(resolve))
})

function workspace(requirements: string): string {
  const ws = tempDir('spindrift-pr-ws-')
  writeTree(ws, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': requirements })
  return ws
}

function eventFile(payload: unknown): string {
  const file = path.join(tempDir('spindrift-event-'), 'event.json')
  writeFileSync(file, JSON.stringify(payload))
  return file
}

const INPUTS = { 'package-name': 'shop', 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'package-index-url': INDEX, 'output-path': 'build/shop.zip' }

async function build(ws: string, env: Record<string, string>, inputs: Record<string, string> = {}) {
  const run = await runAction(ws, { ...INPUTS, ...inputs }, { ...service.env, SPINDRIFT_CACHE_DIR: RUNNER_CACHE, SPINDRIFT_CACHE_TIMEOUT_SECONDS: '10', GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: apiUrl, ...env })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  return run
}

const baseKeys = () => [...service.entries.keys()].filter(k => k.startsWith('spindrift-base-'))
const PUSH_MAIN = () => ({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_RUN_ID: '501', GITHUB_EVENT_PATH: eventFile({ repository: { default_branch: 'main' } }) })
const PULL_REQUEST = () => ({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge', GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: 'feature', GITHUB_RUN_ID: '502', GITHUB_EVENT_PATH: eventFile({ number: 7, pull_request: { number: 7, base: { ref: 'main' } } }) })

test('a pull request before any base build says there is nothing to compare with yet', async () => {
  const run = await build(workspace('keep\n'), PULL_REQUEST())
  assert.match(run.summary, /Changes against main[\s\S]*No build of main saved yet to compare with/)
  assert.deepEqual(baseKeys(), [], 'a pull request never writes the base manifest')
})

test('only a push build of the default branch saves the manifest; a push to another branch does not', async () => {
  const ws = workspace('keep\ngone\nupd==1.0\n')
  await build(ws, { ...PUSH_MAIN(), GITHUB_REF: 'refs/heads/feature' })
  assert.deepEqual(baseKeys(), [])
  const run = await build(ws, PUSH_MAIN())
  assert.equal(baseKeys().length, 1)
  assert.match(baseKeys()[0], /^spindrift-base-v1-main-python3\.11-x86_64-[0-9a-f]{12}-501-1$/)
  assert.match(run.stdout, /Saved the artefact manifest for pull-request comparisons as spindrift-base-v1-main-/)
  assert.doesNotMatch(run.summary, /Changes against/, 'the base build compares with nothing')
})

test('the pull request: sizes before → after, one distribution added, one removed, one upgraded; the comment is posted, then updated', async () => {
  const ws = workspace('keep\nupd==2.0\nnewdep\n')
  const first = await build(ws, PULL_REQUEST(), { 'pr-comment': 'true', 'github-token': 'pr-token' })
  const summary = first.summary
  assert.match(summary, /Changes against main/)
  assert.match(summary, /<tr><td>zipped<\/td><td>[\d.]+ KB<\/td><td>[\d.]+ KB<\/td><td>\+[\d.]+ (KB|B) \(\+[\d.]+ %\)<\/td><\/tr>/)
  assert.match(summary, /<tr><td>unzipped<\/td><td>[\d.]+ KB<\/td><td>[\d.]+ KB<\/td><td>\+[\d.]+ KB \(\+[\d.]+ %\)<\/td><\/tr>/)
  assert.match(summary, /<tr><td>added<\/td><td>newdep<\/td><td>1\.0<\/td><td>\+\d+ B<\/td><\/tr>/)
  assert.match(summary, /<tr><td>removed<\/td><td>gone<\/td><td>1\.0<\/td><td>−\d+ B<\/td><\/tr>/)
  assert.match(summary, /<tr><td>changed<\/td><td>upd<\/td><td>1\.0 → 2\.0<\/td><td>\+[\d.]+ KB \(\+[\d.]+ %\)<\/td><\/tr>/)
  assert.doesNotMatch(summary, /<td>(added|removed|changed)<\/td><td>keep<\/td>/, 'an unchanged distribution is not listed')
  assert.deepEqual(baseKeys().length, 1, 'the pull request saved no base manifest')
  const posted = apiRequests.filter(r => r.method === 'POST')
  assert.equal(posted.length, 1)
  assert.equal(posted[0].url, '/repos/acme/shop/issues/7/comments')
  assert.equal(posted[0].authorization, 'Bearer pr-token')
  assert.match(posted[0].body!.body, /^<!-- spindrift: pull-request changes -->\n### spindrift: size and dependency changes against main[\s\S]*<td>added<\/td><td>newdep<\/td>/)
  assert.match(first.stdout, /Posted the size and dependency changes on pull request #7\./)

  await build(ws, PULL_REQUEST(), { 'pr-comment': 'true', 'github-token': 'pr-token' })
  assert.equal(apiRequests.filter(r => r.method === 'POST').length, 1, 'no second comment')
  const patched = apiRequests.filter(r => r.method === 'PATCH')
  assert.equal(patched.length, 1)
  assert.equal(patched[0].url, `/repos/acme/shop/issues/comments/${comments[0].id}`)
  assert.equal(comments.length, 1)
})

test('pr-comment is off by default; a refused token is a warning, the build still passes', async () => {
  const ws = workspace('keep\nnewdep\n')
  const before = apiRequests.length
  await build(ws, PULL_REQUEST())
  assert.equal(apiRequests.length, before, 'no request to the API without pr-comment')
  const refused = await build(ws, PULL_REQUEST(), { 'pr-comment': 'true', 'github-token': 'wrong' })
  assert.match(refused.stdout, /::warning title=spindrift::Could not comment on pull request #7 \(listing the comments answered HTTP 401\)/)
  assert.match(refused.summary, /<td>added<\/td><td>newdep<\/td>/)
})

test('limit warnings: crossing 90 % of 250 MB unzipped warns, as does going over; shrinking or staying low does not', () => {
  const MB = 1024 * 1024
  const manifest = (unzipped: number, zipped = 10 * MB) => ({ format: 1, zipped, unzipped, distributions: [] })
  assert.deepEqual(limitWarnings(compareManifests(manifest(200 * MB), manifest(230 * MB)), 'shop'), ["shop: this change takes the unzipped size to 230.00 MB, 92.0 % of Lambda's 250.00 MB limit (it was 200.00 MB)."])
  assert.match(limitWarnings(compareManifests(manifest(240 * MB), manifest(260 * MB)), 'shop')[0], /over Lambda's 250\.00 MB limit \(it was 240\.00 MB\); the deploy will fail\./)
  assert.match(limitWarnings(compareManifests(manifest(10 * MB, 40 * MB), manifest(10 * MB, 48 * MB)), 'shop')[0], /zipped size to 48\.00 MB, 96\.0 % of Lambda's 50\.00 MB limit/)
  assert.deepEqual(limitWarnings(compareManifests(manifest(240 * MB), manifest(230 * MB)), 'shop'), [], 'a change that shrinks it')
  assert.deepEqual(limitWarnings(compareManifests(manifest(100 * MB), manifest(200 * MB)), 'shop'), [], 'below 90 %')
  const same = compareManifests({ ...manifest(5), distributions: [{ name: 'a', version: '1', size: 5 }] }, { ...manifest(5), distributions: [{ name: 'A', version: '1', size: 5 }] })
  assert.match(renderComparison(same, 'main'), /The same distributions at the same versions and sizes/)
})

test('through the action: a pull request that takes the unzipped size past 90 % of 250 MB shows before → after and a warning annotation naming the limit', async () => {
  const inputs = { 'package-name': 'bulky' }
  const ws = workspace('keep\n')
  await build(ws, { ...PUSH_MAIN(), GITHUB_RUN_ID: '601' }, inputs)
  // 230 MB of zeros: a sparse file, written in no time, that deflates to almost nothing.
  const big = path.join(ws, 'model.bin')
  const fd = openSync(big, 'w')
  ftruncateSync(fd, 230 * 1024 * 1024)
  closeSync(fd)
  try {
    const run = await build(ws, { ...PULL_REQUEST(), GITHUB_RUN_ID: '602' }, inputs)
    assert.match(run.summary, /<tr><td>unzipped<\/td><td>[\d.]+ KB<\/td><td>230\.\d\d MB<\/td><td>\+230\.\d\d MB/)
    assert.match(run.summary, /<tr><td>zipped<\/td><td>[\d.]+ KB<\/td><td>[\d.]+ KB<\/td>/, 'zeros compress to almost nothing')
    assert.match(run.stdout, /::warning title=spindrift::bulky: this change takes the unzipped size to 230\.\d\d MB, 9[2-3]\.\d %25 of Lambda's 250\.00 MB limit \(it was [\d.]+ KB\)\./)
    assert.doesNotMatch(run.stdout, /::warning[^\n]*the zipped size to/, 'the zipped size is far from its limit')
  } finally {
    rmSync(big, { force: true })
  }
})
