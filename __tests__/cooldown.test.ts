// package.cooldown-days: a quarantine against fresh releases. A local index in PEP 691 JSON form (served on
// 127.0.0.1) holds files uploaded 60 and 2 days ago: uv's --exclude-newer takes the older version, the cutoff is
// part of the cache key, a lock's too-fresh version is refused by name and upload date, and a pip without
// --uploaded-prior-to is told so in one sentence.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { makeIndex, makeWheel, normalise, sha256File, type FakeWheel } from './helpers/pyindex.js'
import { runCliAsync, tempDir, writeTree, type CliRun } from './helpers/run.js'
import { makeSdist } from './helpers/projects.js'
import { cooldownCutoff } from '../src/config/plan.ts'

const DAY = 86_400_000
const work = tempDir()
const uploaded = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY).toISOString()
const WHEELS: (FakeWheel & { uploaded: string })[] = [
  { name: 'fresh', version: '1.0', tag: 'py3-none-any', uploaded: uploaded(60) },
  { name: 'fresh', version: '2.0', tag: 'py3-none-any', uploaded: uploaded(2) },
  { name: 'steady', version: '1.0', tag: 'py3-none-any', uploaded: uploaded(400) }
]
const files = [
  ...WHEELS.map(w => ({ ...w, file: makeWheel(path.join(work, 'files'), w) })),
  // Source only: the fallback builds it (pure Python) when no wheel fits.
  { name: 'srconly', version: '0.5', file: makeSdist(path.join(work, 'files'), { name: 'srconly', version: '0.5' }), uploaded: uploaded(30) }
]

let server: http.Server
let INDEX: string
before(async () => {
  server = http.createServer((req, res) => {
    const project = /^\/simple\/([^/]+)\/$/.exec(req.url ?? '')?.[1]
    if (project) {
      const listed = files.filter(f => normalise(f.name) === project)
      if (!listed.length) return res.writeHead(404).end()
      const body = JSON.stringify({
        meta: { 'api-version': '1.1' },
        name: project,
        versions: [...new Set(listed.map(f => f.version))],
        files: listed.map(f => ({ filename: path.basename(f.file), url: `/files/${path.basename(f.file)}`, hashes: { sha256: sha256File(f.file) }, 'upload-time': f.uploaded, size: readFileSync(f.file).length }))
      })
      res.writeHead(200, { 'Content-Type': 'application/vnd.pypi.simple.v1+json' })
      return res.end(body)
    }
    const file = files.find(f => req.url === `/files/${path.basename(f.file)}`)
    if (!file) return res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
    res.end(readFileSync(file.file))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  INDEX = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple`
})
after(() => new Promise(resolve => server.close(resolve)))

/** The CLI in a child process, asynchronously: the index answers from this process. */
const cli = (args: string[], env: Record<string, string>): Promise<CliRun> => runCliAsync(args, { PIP_FIND_LINKS: '', ...env })

function project(requirements: string): string {
  const dir = tempDir('spindrift-cooldown-')
  writeTree(dir, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': requirements })
  return dir
}

const args = (dir: string, extra: string[], index = INDEX) => ['package', '--package-path', dir, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', index, '--output-path', path.join(dir, 'out.zip'), '--json', ...extra]
const version = (stdout: string, name: string) => JSON.parse(stdout).distributions.find((d: { name: string }) => d.name === name)?.version

test('the cutoff: that many days before today\'s midnight UTC, the same all day', () => {
  assert.equal(cooldownCutoff(7, new Date('2026-12-02T15:04:05Z')), '2026-11-25T00:00:00Z')
  assert.equal(cooldownCutoff(7, new Date('2026-12-02T23:59:59Z')), '2026-11-25T00:00:00Z')
  assert.equal(cooldownCutoff(1, new Date('2026-03-01T00:00:00Z')), '2026-02-28T00:00:00Z')
})

test('uv: the release uploaded 2 days ago is left out with a 7-day cooldown, taken without one; the cutoff is part of the cache key', async () => {
  const dir = project('fresh\n')
  const env = { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') }
  const plain = await cli(args(dir, ['--package-installer', 'uv']), env)
  assert.equal(plain.code, 0, plain.stderr)
  assert.equal(version(plain.stdout, 'fresh'), '2.0')
  const cooled = await cli(args(dir, ['--package-installer', 'uv', '--package-cooldown-days', '7']), env)
  assert.equal(cooled.code, 0, cooled.stderr)
  assert.equal(version(cooled.stdout, 'fresh'), '1.0')
  const again = await cli(args(dir, ['--package-installer', 'uv', '--package-cooldown-days', '7']), env)
  assert.equal(JSON.parse(again.stdout).cacheHit, true, 'the same cutoff: a cache hit')
  // 8 days resolves to the same 1.0, but another cutoff is another key.
  const other = await cli(args(dir, ['--package-installer', 'uv', '--package-cooldown-days', '8']), env)
  assert.equal(other.code, 0, other.stderr)
  assert.equal(version(other.stdout, 'fresh'), '1.0')
  assert.equal(JSON.parse(other.stdout).cacheHit, false)
})

test('a lock whose version was uploaded 2 days ago is refused by name and upload date; an older one passes', async () => {
  const [old, fresh] = files
  const lockedFresh = project(`fresh==2.0 --hash=sha256:${sha256File(fresh.file)}\n`)
  const refused = await cli(args(lockedFresh, ['--package-cooldown-days', '7']), { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') })
  assert.equal(refused.code, 1)
  assert.equal(refused.stderr.trim().split('\n').at(-1), `spindrift: fresh 2.0, which ${path.join(lockedFresh, 'requirements.txt')} locks, was uploaded on ${fresh.uploaded.slice(0, 10)}, less than package.cooldown-days (7) days before today (the cutoff is ${cooldownCutoff(7, new Date()).slice(0, 10)}); lock an older version of fresh, or wait until the cooldown has passed.`)
  const lockedOld = project(`fresh==1.0 --hash=sha256:${sha256File(old.file)}\n`)
  const passed = await cli(args(lockedOld, ['--package-cooldown-days', '7']), { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') })
  assert.equal(passed.code, 0, passed.stderr)
  assert.equal(version(passed.stdout, 'fresh'), '1.0')
  // Why this wheel names the index without its credentials.
  const withCredentials = await cli(args(lockedOld, ['--package-cooldown-days', '7'], INDEX.replace('http://', 'http://reader:s3cret@')), { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') })
  assert.equal(withCredentials.code, 0, withCredentials.stderr)
  const fresh1 = JSON.parse(withCredentials.stdout).distributions.find((d: { name: string }) => d.name === 'fresh')
  assert.equal(fresh1.from, INDEX)
  assert.equal(fresh1.chosenBy, 'pin')
  assert.doesNotMatch(withCredentials.stdout, /s3cret/)
})

test('pip older than 26.0 with an unlocked set: what it resolved is checked on the index; a fresh release is refused by name, version and upload date', async () => {
  const env = { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') }
  const refused = await cli(args(project('fresh\nsteady\n'), ['--package-cooldown-days', '7']), env)
  assert.equal(refused.code, 1)
  const fresh = files.find(f => f.name === 'fresh' && f.version === '2.0')!
  assert.match(refused.stderr.trim().split('\n').at(-1)!, new RegExp(`^spindrift: fresh 2\\.0, which pip 2[0-5]\\.[\\d.]+ resolved, was uploaded on ${fresh.uploaded.slice(0, 10)}, less than package\\.cooldown-days \\(7\\) days before today \\(the cutoff is ${cooldownCutoff(7, new Date()).slice(0, 10)}\\); pin an older version \\(for example "fresh<2\\.0"\\), or use pip 26\\.0 or later or package\\.installer: uv, which leave such releases out while resolving\\.$`))
  assert.doesNotMatch(refused.stderr, /at .*\.js:\d+/, 'no stack trace')
  // Pinned below the fresh release, or without the cooldown: it builds.
  const pinned = await cli(args(project('fresh<2.0\nsteady\n'), ['--package-cooldown-days', '7']), env)
  assert.equal(pinned.code, 0, pinned.stderr)
  assert.equal(version(pinned.stdout, 'fresh'), '1.0')
  assert.equal(version(pinned.stdout, 'steady'), '1.0')
  const plain = await cli(args(project('fresh\n'), []), env)
  assert.equal(plain.code, 0, plain.stderr)
  assert.equal(version(plain.stdout, 'fresh'), '2.0')
})

test('pip older than 26.0 against an index that gives no upload times (HTML only): one sentence saying the cooldown cannot be checked there; a bad value is one sentence', async () => {
  const html = makeIndex(path.join(work, 'html'), [{ name: 'steady', version: '1.0', tag: 'py3-none-any' }])
  const dir = project('steady\n')
  const run = await cli(args(dir, ['--package-cooldown-days', '7'], html), { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') })
  assert.equal(run.code, 1)
  assert.equal(run.stderr.trim().split('\n').at(-1)!.replace(/pip [\d.]+ cannot/, 'pip X cannot'), `spindrift: package.cooldown-days cannot be checked against the index ${html}: it gives no upload times (PEP 700's JSON "upload-time", as PyPI gives it), and pip X cannot filter by upload time itself; use an index that gives them, pip 26.0 or later (python -m pip install -U "pip>=26") or package.installer: uv, or remove package.cooldown-days.`)
  const bad = await cli(args(dir, ['--package-cooldown-days', 'soon']), {})
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /package\.cooldown-days is "soon"; set it to a whole number of days between 1 and 3650, for example 7\./)
})

// pip 26's --uploaded-prior-to, with a Python whose pip has it (SPINDRIFT_TEST_PIP26_PYTHON; skipped without one:
// the test environment's pip is older).
const PIP26 = process.env.SPINDRIFT_TEST_PIP26_PYTHON
test('pip 26 or later: --uploaded-prior-to leaves the fresh release out', { skip: PIP26 ? false : 'SPINDRIFT_TEST_PIP26_PYTHON names no Python with pip 26' }, async () => {
  const dir = project('fresh\nsrconly\n')
  const run = await cli(args(dir, ['--package-python', PIP26!, '--package-cooldown-days', '7']), { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') })
  assert.equal(run.code, 0, run.stderr)
  assert.equal(version(run.stdout, 'fresh'), '1.0')
  // The source-build fallback (pip wheel) under the same filter: the 30-day-old sdist passes it.
  assert.equal(version(run.stdout, 'srconly'), '0.5')
  const strict = await cli(args(project('srconly\n'), ['--package-python', PIP26!, '--package-cooldown-days', '40']), { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') })
  assert.equal(strict.code, 1, 'a 40-day cooldown leaves the 30-day-old sdist out')
  assert.match(strict.stderr, /"srconly"/)
  const plain = await cli(args(dir, ['--package-python', PIP26!]), { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') })
  assert.equal(version(plain.stdout, 'fresh'), '2.0')
})

