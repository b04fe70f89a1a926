// The action's dependency cache through a fake of GitHub's cache service (v2 protocol, on 127.0.0.1), with the
// real @actions/cache inside the bundle: miss then save, hit without pip, and every fault still gives the right zip.
import assert from 'node:assert/strict'
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { runAction } from './helpers/action.js'
import { startFakeCacheService, type FakeCacheService } from './helpers/cacheservice.js'
import { makeIndex } from './helpers/pyindex.js'
import { pythonThatRefusesPip, tempDir, writeTree } from './helpers/run.js'

const work = tempDir()
const INDEX = makeIndex(path.join(work, 'index'), [
  { name: 'tinydep', version: '2.0', tag: 'py3-none-any', files: { 'tinydep/__init__.py': 'VALUE = 42\n' } }
])
const ws = tempDir('spindrift-ws-')
writeTree(ws, { 'handler.py': 'import tinydep\n\ndef handler(event, context):\n    return tinydep.VALUE\n', 'requirements.txt': 'tinydep==2.0\n' })
const INPUTS = { 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'package-index-url': INDEX }

let service: FakeCacheService
let reference: Buffer

before(async () => {
  service = await startFakeCacheService()
})
after(async () => {
  await service.stop()
})

// The runner's cache folder: the same path on every job (@actions/cache versions entries by the path
// string), emptied before each job as on a fresh runner, so only GitHub's cache can make a hit.
const RUNNER_CACHE = path.join(work, 'home', '.cache', 'spindrift')

async function job(output: string, extraInputs: Record<string, string> = {}, extraEnv: Record<string, string> = {}) {
  rmSync(RUNNER_CACHE, { recursive: true, force: true })
  const run = await runAction(ws, { ...INPUTS, 'output-path': output, ...extraInputs }, {
    ...service.env,
    SPINDRIFT_CACHE_DIR: RUNNER_CACHE,
    SPINDRIFT_CACHE_TIMEOUT_SECONDS: '3',
    ...extraEnv
  })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  return { run, bytes: readFileSync(run.outputs['zip-path']) }
}

const warnings = (stdout: string) => stdout.split('\n').filter(line => line.startsWith('::warning'))

test('first job misses and saves the layer; the next job restores it, runs no pip, and writes the same bytes', async () => {
  service.fault = 'none'
  const first = await job('first.zip')
  assert.equal(first.run.outputs['cache-hit'], 'false')
  // The layer, and (its key missed) the wheels it was assembled from.
  const [keys, wheelKeys] = [[...service.entries.keys()].filter(k => !k.startsWith('spindrift-wheels-')), [...service.entries.keys()].filter(k => k.startsWith('spindrift-wheels-'))]
  assert.equal(keys.length, 1)
  assert.match(keys[0], /^spindrift-deps-v2-python3\.11-x86_64-glibc2\.26-pip[\d.]+-[0-9a-f]{40}$/)
  assert.equal(wheelKeys.length, 1)
  assert.match(wheelKeys[0], /^spindrift-wheels-v1-python3\.11-x86_64-[0-9a-f]{40}$/)
  assert.deepEqual(warnings(first.run.stdout), [])
  reference = first.bytes

  const second = await job('second.zip', { 'package-python': pythonThatRefusesPip() })
  assert.equal(second.run.outputs['cache-hit'], 'true')
  assert.deepEqual(second.bytes, reference)
  assert.match(second.run.summary, /hit: pip did not run/)
})

const faults: [string, 'error500' | 'hang' | 'deny-write' | 'truncate', RegExp][] = [
  // @actions/cache retries a 500 five times over ~30 s; the step's own timeout ends the wait first.
  ['the service answers 500s', 'error500', /::warning title=spindrift::Restoring the dependency cache failed \(no answer within 3 s\)/],
  ['the service hangs', 'hang', /::warning title=spindrift::Restoring the dependency cache failed \(no answer within 3 s\)/],
  ['writes are denied', 'deny-write', /::warning::Failed to save: .*cache write denied[\s\S]*::warning title=spindrift::The dependency layer was not saved/],
  ['the archive is truncated', 'truncate', /::warning::Failed to restore: .*tar/]
]

for (const [label, fault, warning] of faults) {
  test(`when ${label}: a warning, pip installs, and the zip is byte-identical`, async () => {
    assert.ok(reference, 'the first test stored the reference zip')
    service.fault = fault
    const started = Date.now()
    // With no entry for a new key, deny-write is exercised on save; truncate needs the stored entry.
    const result = await job(`${fault}.zip`, fault === 'deny-write' ? { 'package-name': 'denied' } : {}, fault === 'deny-write' ? { PIP_EXTRA_INDEX_URL: 'file:///nonexistent-index-for-a-new-key' } : {})
    assert.equal(result.run.outputs['cache-hit'], 'false')
    assert.match(result.run.stdout, warning)
    assert.deepEqual(result.bytes, reference)
    assert.ok(Date.now() - started < 60_000, 'a hanging service costs the timeout, not the job')
  })
}

test('ACTIONS_CACHE_MODE=read restores but never saves', async () => {
  service.fault = 'none'
  const before = service.entries.size
  const result = await job('readonly.zip', {}, { ACTIONS_CACHE_MODE: 'read', PIP_EXTRA_INDEX_URL: 'file:///another-new-key' })
  assert.equal(result.run.outputs['cache-hit'], 'false')
  assert.equal(service.entries.size, before)
  assert.deepEqual(result.bytes, reference)
})

// The cache controls, each against the fake service. Every job gets a key of its own (a new extra index
// in the env) unless it means to hit an entry saved before.
let keyCounter = 0
const freshKey = () => ({ PIP_EXTRA_INDEX_URL: `file:///nonexistent-index-${++keyCounter}` })

test('cache-key output: the key the layer is saved under; cache-suffix forces a new one', async () => {
  service.fault = 'none'
  const env = freshKey()
  const plain = await job('key-plain.zip', {}, env)
  assert.ok(service.entries.has(plain.run.outputs['cache-key']))
  assert.match(plain.run.summary, new RegExp(`cache key[\\s\\S]*${plain.run.outputs['cache-key']}`))
  const suffixed = await job('key-suffix.zip', { 'cache-suffix': 'rebuild-2' }, env)
  assert.equal(suffixed.run.outputs['cache-key'], `${plain.run.outputs['cache-key']}-rebuild-2`)
  assert.equal(suffixed.run.outputs['cache-hit'], 'false', 'a new suffix does not hit the old entry')
  assert.ok(service.entries.has(suffixed.run.outputs['cache-key']))
  const again = await job('key-suffix-again.zip', { 'cache-suffix': 'rebuild-2', 'package-python': pythonThatRefusesPip() }, env)
  assert.equal(again.run.outputs['cache-hit'], 'true')
})

test('save-cache: false never writes; restore-cache: false never reads', async () => {
  service.fault = 'none'
  const env = freshKey()
  const before = service.entries.size
  const requestsAtStart = service.requests.length
  const unsaved = await job('nosave.zip', { 'save-cache': 'false' }, env)
  assert.equal(service.entries.size, before)
  assert.ok(!service.requests.slice(requestsAtStart).some(r => r.path.includes('CreateCacheEntry')), 'no save was attempted')
  assert.equal(unsaved.run.outputs['cache-hit'], 'false')
  const saved = await job('save.zip', {}, env)
  assert.equal(service.entries.size, before + 1)
  const requestsBefore = service.requests.length
  const unrestored = await job('norestore.zip', { 'restore-cache': 'false', 'save-cache': 'false' }, env)
  assert.equal(unrestored.run.outputs['cache-hit'], 'false', 'the saved entry was not read')
  assert.equal(service.requests.length, requestsBefore, 'no request reached the cache service')
  assert.equal(unrestored.run.outputs['cache-key'], saved.run.outputs['cache-key'])
})

for (const [label, env] of [
  ['a release event', { GITHUB_EVENT_NAME: 'release' }],
  ['a tag push', { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v1.2.0' }],
  ['pull_request_target', { GITHUB_EVENT_NAME: 'pull_request_target' }],
  ['workflow_run', { GITHUB_EVENT_NAME: 'workflow_run' }]
] as const) {
  test(`save-cache auto (the default): no cache write on ${label}, and the log says why; save-cache: true writes`, async () => {
    service.fault = 'none'
    const key = freshKey()
    const before = service.entries.size
    const skipped = await job('auto.zip', {}, { ...env, ...key })
    assert.equal(service.entries.size, before)
    assert.match(skipped.run.stdout, /Not saving the dependency layer to GitHub's cache on .* \(save-cache: auto\); set save-cache: true to save anyway\./)
    await job('forced.zip', { 'save-cache': 'true' }, { ...env, ...key })
    assert.equal(service.entries.size, before + 1)
  })
}

test('the cache lines have their own log group; a bad save-cache or cache-suffix is one sentence', async () => {
  service.fault = 'none'
  const { run } = await job('groups.zip', {}, freshKey())
  assert.match(run.stdout, /^::group::Cache: restore spindrift-deps-[^\n]*\nRestoring the dependency layer from GitHub's cache/m)
  assert.match(run.stdout, /^::group::Cache: save spindrift-deps-/m)
  const bad = await runAction(ws, { ...INPUTS, 'output-path': 'bad.zip', 'save-cache': 'sometimes' }, { ...service.env, SPINDRIFT_CACHE_DIR: RUNNER_CACHE })
  assert.equal(bad.code, 1)
  assert.match(bad.stdout, /^::error title=spindrift::Input save-cache is "sometimes"; set it to true, false or auto\.$/m)
  const comma = await runAction(ws, { ...INPUTS, 'output-path': 'bad.zip', 'cache-suffix': 'a,b' }, { ...service.env, SPINDRIFT_CACHE_DIR: RUNNER_CACHE })
  assert.equal(comma.code, 1)
  assert.match(comma.stdout, /Input cache-suffix "a,b" may hold only letters/)
  assert.match(comma.summary, /spindrift: .* failed[\s\S]*Input cache-suffix/)
})

test('debug channel (RUNNER_DEBUG=1 or ACTIONS_STEP_DEBUG=true): the plan, each cache-key part, pip -v; none without it', async () => {
  service.fault = 'none'
  for (const debugEnv of [{ RUNNER_DEBUG: '1' }, { ACTIONS_STEP_DEBUG: 'true' }] as Record<string, string>[]) {
    const { run } = await job('debug.zip', {}, { ...debugEnv, ...freshKey() })
    assert.match(run.stdout, /^::debug::spindrift plan: \{/m)
    for (const part of ['requirements', 'tags', 'indexUrl', 'installerSettings', 'interpreter']) assert.match(run.stdout, new RegExp(`^::debug::cache key part ${part}: `, 'm'), part)
    assert.match(run.stdout, /^Using pip [\d.]+ from /m, 'pip -v output')
  }
  const { run } = await job('nodebug.zip', {}, freshKey())
  // @actions/cache writes its own ::debug:: lines (the runner hides them); spindrift's stay out.
  assert.doesNotMatch(run.stdout, /^::debug::(spindrift plan|cache key part)/m)
  assert.doesNotMatch(run.stdout, /^Using pip [\d.]+ from /m)
})
