// The wheel cache through GitHub's cache (the fake service, the real action bundle): when the layer key misses,
// the newest wheels entry for the runtime and architecture is restored by prefix, so a changed requirement set
// downloads only its new wheels; the folder is saved again only when it holds other wheels.
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { runAction } from './helpers/action.js'
import { startFakeCacheService, type FakeCacheService } from './helpers/cacheservice.js'
import { makeIndex, serveIndex, sha256File, wheelFileName, type FakeWheel } from './helpers/pyindex.js'
import { tempDir, writeTree } from './helpers/run.js'

const work = tempDir()
const PACKAGES: FakeWheel[] = ['alpha', 'beta', 'gamma', 'delta'].map(name => ({ name, version: '1.0', tag: 'py3-none-any', files: { [`${name}/__init__.py`]: `NAME = ${JSON.stringify(name)}\n` } }))
const INDEX_ROOT = path.join(work, 'index')
makeIndex(INDEX_ROOT, PACKAGES)
const RUNNER_CACHE = path.join(work, 'home', '.cache', 'spindrift')
const WHEELS_KEY = /^spindrift-wheels-v1-python3\.11-x86_64-[0-9a-f]{40}$/

let service: FakeCacheService
let index: Awaited<ReturnType<typeof serveIndex>>

before(async () => {
  service = await startFakeCacheService()
  index = await serveIndex(INDEX_ROOT)
})
after(async () => {
  index.close()
  await service.stop()
})

/** One job on a fresh runner (empty cache folder, optionally seeded) for these requirements: its zip and how many wheels it downloaded. */
async function job(packages: string[], inputs: Record<string, string> = {}, env: Record<string, string> = {}, seed?: (wheels: string) => void) {
  rmSync(RUNNER_CACHE, { recursive: true, force: true })
  if (seed) {
    mkdirSync(path.join(RUNNER_CACHE, 'wheels'), { recursive: true })
    seed(path.join(RUNNER_CACHE, 'wheels'))
  }
  const ws = tempDir('spindrift-ws-')
  writeTree(ws, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': packages.map(p => `${p}==1.0\n`).join('') })
  const downloadsBefore = index.downloads()
  const run = await runAction(ws, { 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'package-index-url': index.url, 'output-path': 'out.zip', ...inputs }, {
    ...service.env,
    SPINDRIFT_CACHE_DIR: RUNNER_CACHE,
    SPINDRIFT_CACHE_TIMEOUT_SECONDS: '5',
    PIP_FIND_LINKS: '',
    ...env
  })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  return { run, bytes: readFileSync(run.outputs['zip-path']), downloads: index.downloads() - downloadsBefore }
}

/** The same requirements built with no GitHub cache at all: what every other job must write. */
const cold = (packages: string[]) => job(packages, { 'restore-cache': 'false', 'save-cache': 'false' })
const wheelKeys = () => [...service.entries.keys()].filter(key => key.startsWith('spindrift-wheels-'))
const layerKeys = () => [...service.entries.keys()].filter(key => key.startsWith('spindrift-deps-'))
const warnings = (stdout: string) => stdout.split('\n').filter(line => line.startsWith('::warning'))

test('a cold job saves the layer and its wheels; a changed requirement set restores the wheels by prefix and downloads only the new one', async () => {
  const first = await job(['alpha', 'beta'])
  assert.equal(first.downloads, 2)
  assert.equal(layerKeys().length, 1)
  assert.equal(wheelKeys().length, 1)
  assert.match(wheelKeys()[0], WHEELS_KEY)
  assert.match(first.run.stdout, /^::group::Cache: restore wheels spindrift-wheels-v1-python3\.11-x86_64-\*\n/m)
  assert.match(first.run.stdout, /No cached wheels for spindrift-wheels-v1-python3\.11-x86_64-\* yet\./)
  assert.match(first.run.stdout, /^::group::Cache: save wheels spindrift-wheels-v1-python3\.11-x86_64-[0-9a-f]{40}\nSaved 2 wheels/m)
  assert.deepEqual(warnings(first.run.stdout), [])

  const reference = await cold(['alpha', 'beta', 'gamma'])
  assert.equal(reference.downloads, 3)
  const changed = await job(['alpha', 'beta', 'gamma'])
  assert.equal(changed.run.outputs['cache-hit'], 'false')
  assert.match(changed.run.stdout, new RegExp(`Restored 2 wheels from GitHub's cache \\(${wheelKeys()[0]}\\)`))
  assert.equal(changed.downloads, 1, 'only gamma was downloaded')
  assert.deepEqual(changed.bytes, reference.bytes)
  assert.deepEqual(warnings(changed.run.stdout), [])
  // The folder now holds three wheels: a new entry, which the next prefix restore picks (the newest).
  assert.equal(wheelKeys().length, 2)
  assert.equal(layerKeys().length, 2)
})

test('the same wheels as restored are not saved again (no duplicate-key attempt)', async () => {
  const entries = service.entries.size
  const requestsBefore = service.requests.length
  const subset = await job(['alpha', 'gamma'])
  assert.equal(subset.downloads, 0, 'every wheel came from the restored entry')
  assert.match(subset.run.stdout, /GitHub's cache already holds these 3 wheels; not saving them again\./)
  assert.equal(service.entries.size, entries + 1, 'only the new layer was saved')
  const creates = service.requests.slice(requestsBefore).filter(r => r.path.includes('CreateCacheEntry'))
  assert.equal(creates.length, 1)
  assert.deepEqual(warnings(subset.run.stdout), [])
  assert.deepEqual(subset.bytes, (await cold(['alpha', 'gamma'])).bytes)
})

test('ACTIONS_CACHE_MODE=read and save-cache: false restore the wheels but never save them', async () => {
  const wheelsBefore = wheelKeys().length
  const readOnly = await job(['alpha', 'delta'], {}, { ACTIONS_CACHE_MODE: 'read' })
  assert.equal(readOnly.downloads, 1, 'delta only')
  assert.equal(wheelKeys().length, wheelsBefore)
  const requestsBefore = service.requests.length
  const unsaved = await job(['beta', 'delta'], { 'save-cache': 'false' })
  assert.equal(unsaved.downloads, 1, 'delta only')
  assert.equal(wheelKeys().length, wheelsBefore)
  assert.ok(!service.requests.slice(requestsBefore).some(r => r.path.includes('CreateCacheEntry')), 'no save was attempted')
  assert.deepEqual(unsaved.bytes, (await cold(['beta', 'delta'])).bytes)
})

test('a wheels entry holding a damaged wheel, or a truncated archive, costs only downloads', async () => {
  // A runner whose wheel folder held bytes under delta's name that are not delta: saved (restore-cache: false)
  // as the newest entry of the family, which the next job restores.
  const delta = wheelFileName(PACKAGES[3])
  const deltaSha = sha256File(path.join(INDEX_ROOT, 'files', delta))
  const damaged = await job(['alpha'], { 'restore-cache': 'false' }, {}, wheels => writeFileSync(path.join(wheels, `${deltaSha}.whl`), 'not a wheel'))
  assert.equal(damaged.downloads, 1)
  const newest = wheelKeys().at(-1)!
  const reference = await cold(['alpha', 'delta'])
  const restored = await job(['alpha', 'delta'], { 'save-cache': 'false' })
  assert.match(restored.run.stdout, new RegExp(`Restored 2 wheels from GitHub's cache \\(${newest}\\)`))
  assert.equal(restored.downloads, 1, 'delta again, its cached bytes refused by their hash; alpha from the entry')
  assert.deepEqual(restored.bytes, reference.bytes)

  service.fault = 'truncate'
  try {
    const truncated = await job(['alpha', 'delta'], { 'save-cache': 'false' })
    assert.match(truncated.run.stdout, /::warning::Failed to restore: /)
    assert.ok(truncated.downloads <= 2)
    assert.deepEqual(truncated.bytes, reference.bytes)
  } finally {
    service.fault = 'none'
  }
})

test('a service that hangs on the layer restore is not asked for the wheels, and nothing is saved', async () => {
  const wheelsBefore = wheelKeys().length
  const reference = await cold(['gamma', 'delta'])
  service.fault = 'hang'
  try {
    const started = Date.now()
    const hung = await job(['gamma', 'delta'])
    assert.match(hung.run.stdout, /not restoring the downloaded wheels either/)
    assert.doesNotMatch(hung.run.stdout, /Cache: (restore|save) wheels/)
    assert.equal(hung.downloads, 2)
    assert.deepEqual(hung.bytes, reference.bytes)
    assert.ok(Date.now() - started < 30_000, 'one timeout, not one for the layer and one for the wheels')
  } finally {
    service.fault = 'none'
  }
  assert.equal(wheelKeys().length, wheelsBefore)
})

test('cache-suffix starts a wheels family of its own: no unsuffixed entry is restored', async () => {
  const suffixed = await job(['alpha', 'beta'], { 'cache-suffix': 'rebuild-2' })
  assert.equal(suffixed.downloads, 2, 'the unsuffixed entries holding alpha and beta were not restored')
  assert.ok(wheelKeys().some(key => /^spindrift-wheels-v1-rebuild-2-python3\.11-x86_64-[0-9a-f]{40}$/.test(key)))
  const again = await job(['alpha', 'beta', 'gamma'], { 'cache-suffix': 'rebuild-2' })
  assert.equal(again.downloads, 1, 'the suffixed family is restored by its own prefix')
})
