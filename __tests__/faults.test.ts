// Faults: pip killed, a cache that cannot be written, the process killed while writing, two runs at once.
// Each ends in a correct zip or a clear failure; never a corrupt zip at the output path.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import AdmZip from 'adm-zip'
import { makeIndex } from './helpers/pyindex.js'
import { CLI, filesIn, runCli, tempDir, writeTree } from './helpers/run.js'

const work = tempDir()
const noise = (n: number) => { const b = Buffer.alloc(n); for (let i = 0; i < n; i += 4) b.writeUInt32LE((Math.imul(i + 7, 2654435761) ^ (i >>> 5)) >>> 0, i); return b }
const INDEX = makeIndex(path.join(work, 'index'), [
  { name: 'heavy', version: '1.0', tag: 'py3-none-any', files: { 'heavy/__init__.py': '', 'heavy/a.bin': noise(12_000_000), 'heavy/b.bin': noise(12_000_000) } }
])
const app = tempDir('spindrift-faults-')
writeTree(app, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': 'heavy\n' })
const args = (out: string) => ['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--output-path', out]

const reference = (() => {
  const out = path.join(work, 'reference.zip')
  const run = runCli([...args(out), '--no-cache'])
  assert.equal(run.code, 0, run.stderr)
  return readFileSync(out)
})()

test('pip killed mid-install: one clear sentence, the previous zip untouched', () => {
  const killer = path.join(work, 'python-killed-during-install')
  writeFileSync(killer, '#!/bin/sh\nfor a in "$@"; do [ "$a" = install ] && kill -9 $$; done\nexec python3 "$@"\n', { mode: 0o755 })
  const outDir = tempDir()
  const out = path.join(outDir, 'app.zip')
  writeFileSync(out, 'previous')
  const run = runCli([...args(out), '--no-cache', '--package-python', killer])
  assert.equal(run.code, 1)
  assert.match(run.stderr, /spindrift: pip stopped without a word while installing the dependencies for python3\.11 on x86_64 \(killed by a signal: out of memory\?\)/)
  assert.equal(readFileSync(out, 'utf8'), 'previous')
  assert.deepEqual(filesIn(outDir), ['app.zip'])
})

test('a cache folder that cannot be written costs a warning, never the build', () => {
  const blocker = path.join(work, 'not-a-folder')
  writeFileSync(blocker, 'a file where the cache folder should be')
  const out = path.join(work, 'nocache.zip')
  const run = runCli(args(out), { env: { SPINDRIFT_CACHE_DIR: path.join(blocker, 'cache') } })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /warning: Could not save the dependency layer to .*not-a-folder\/cache .*; the next run will reinstall\./)
  assert.deepEqual(readFileSync(out), reference)
})

/** A CLI run in the background, with its exit awaited from the start (it may end before anyone asks). */
function startCli(out: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, ...args(out)], { env: { ...process.env, ...env }, stdio: 'ignore' })
  const done = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))
  return Object.assign(child, { done })
}

const exited = (child: ReturnType<typeof startCli>) => child.done

test('killed (SIGKILL or SIGTERM) at any moment: the output is the old zip or the complete new one, and no temp file survives the next run', async () => {
  const cache = tempDir('spindrift-cache-')
  const outDir = tempDir('spindrift-out-')
  const out = path.join(outDir, 'app.zip')
  writeFileSync(out, 'previous')
  // Warm the cache so runs spend their time assembling and writing the zip.
  assert.equal(runCli(args(path.join(work, 'warm.zip')), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)
  const started = Date.now()
  const full = startCli(out, { SPINDRIFT_CACHE_DIR: cache })
  assert.equal(await exited(full), 0)
  const duration = Date.now() - started
  writeFileSync(out, 'previous')

  for (const [i, signal] of (['SIGKILL', 'SIGTERM', 'SIGKILL', 'SIGTERM', 'SIGKILL', 'SIGKILL', 'SIGTERM', 'SIGKILL'] as const).entries()) {
    const child = startCli(out, { SPINDRIFT_CACHE_DIR: cache })
    await new Promise(resolve => setTimeout(resolve, Math.round((duration * (i + 1)) / 9)))
    child.kill(signal)
    await exited(child)
    const bytes = readFileSync(out)
    assert.ok(bytes.toString() === 'previous' || bytes.equals(reference), `after ${signal} at ${i}: neither the old zip nor the complete new one`)
    // The SBOM beside the zip (app.cdx.json) is committed right after it; no temp file of either may stay.
    if (signal === 'SIGTERM') assert.deepEqual(filesIn(outDir).filter(f => f !== 'app.cdx.json'), ['app.zip'], 'SIGTERM removes its temp files')
    if (bytes.equals(reference)) writeFileSync(out, 'previous')
  }
  assert.equal(runCli(args(out), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)
  assert.deepEqual(filesIn(outDir), ['app.cdx.json', 'app.zip'], 'stale temp files of killed runs are gone')
  assert.deepEqual(readFileSync(out), reference)
  const sbom = JSON.parse(readFileSync(path.join(outDir, 'app.cdx.json'), 'utf8'))
  assert.equal(sbom.metadata.component.hashes[0].content, createHash('sha256').update(reference).digest('hex'), 'the SBOM describes the zip beside it')
})

test('two packagings at once, same cache folder and same output: both succeed and the zip is whole', async () => {
  const cache = tempDir('spindrift-cache-')
  const outDir = tempDir('spindrift-out-')
  const out = path.join(outDir, 'app.zip')
  const codes = await Promise.all([exited(startCli(out, { SPINDRIFT_CACHE_DIR: cache })), exited(startCli(out, { SPINDRIFT_CACHE_DIR: cache }))])
  assert.deepEqual(codes, [0, 0])
  assert.deepEqual(readFileSync(out), reference)
  assert.equal(new AdmZip(out).getEntries().length > 0, true)
  assert.deepEqual(filesIn(outDir), ['app.cdx.json', 'app.zip'])
  assert.equal(filesIn(path.join(cache, 'deps')).length, 1, 'one layer, no staging leftovers')
})
