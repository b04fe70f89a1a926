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
  const keys = [...service.entries.keys()]
  assert.equal(keys.length, 1)
  assert.match(keys[0], /^spindrift-deps-v2-python3\.11-x86_64-glibc2\.26-pip[\d.]+-[0-9a-f]{40}$/)
  assert.deepEqual(warnings(first.run.stdout), [])
  reference = first.bytes

  const second = await job('second.zip', { 'package-python': pythonThatRefusesPip() })
  assert.equal(second.run.outputs['cache-hit'], 'true')
  assert.deepEqual(second.bytes, reference)
  assert.match(second.run.summary, /hit: pip did not run/)
})

const faults: [string, 'error500' | 'hang' | 'deny-write' | 'truncate', RegExp][] = [
  // @actions/cache retries a 500 five times over ~30 s; the step's own timeout ends the wait first.
  ['the service answers 500s', 'error500', /::warning::Restoring the dependency cache failed \(no answer within 3 s\)/],
  ['the service hangs', 'hang', /::warning::Restoring the dependency cache failed \(no answer within 3 s\)/],
  ['writes are denied', 'deny-write', /::warning::Failed to save: .*cache write denied[\s\S]*::warning::The dependency layer was not saved/],
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
