// The local cache: where it is (SPINDRIFT_CACHE_DIR, XDG_CACHE_HOME, ~/.cache), `spindrift cache dir|prune|clean`
// through dist/cli.js, and the size bound that evicts the least recently used layers.
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { readFileHashed } from '../src/common/fs.ts'
import { bufferedLogger } from '../src/common/log.ts'
import { enforceBound } from '../src/deps/maintenance.ts'
import { LayerStore, describeLayer } from '../src/deps/store.ts'
import { buildZip } from '../src/zip/archive.ts'
import { makeIndex } from './helpers/pyindex.js'
import { runCli, tempDir, writeTree } from './helpers/run.js'

const work = tempDir()
const INDEX = makeIndex(path.join(work, 'index'), [
  { name: 'one', version: '1.0', tag: 'py3-none-any' },
  { name: 'two', version: '1.0', tag: 'py3-none-any' }
])
const noCacheVars = { SPINDRIFT_CACHE_DIR: '', XDG_CACHE_HOME: '', PIP_FIND_LINKS: '' }

function packageWith(requirement: string, env: Record<string, string>) {
  const dir = tempDir('spindrift-app-')
  writeTree(dir, { 'handler.py': 'def handle(event, context):\n    return 1\n', 'requirements.txt': `${requirement}\n` })
  return runCli(['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--output-path', path.join(dir, 'out.zip')], { env })
}

const layersIn = (cache: string) => (existsSync(path.join(cache, 'deps')) ? readdirSync(path.join(cache, 'deps')) : [])

test('cache dir: SPINDRIFT_CACHE_DIR, else an absolute XDG_CACHE_HOME/spindrift, else ~/.cache/spindrift', () => {
  const home = tempDir('spindrift-home-')
  const xdg = tempDir('spindrift-xdg-')
  assert.equal(runCli(['cache', 'dir'], { env: { ...noCacheVars, SPINDRIFT_CACHE_DIR: '/x/y' } }).stdout, '/x/y\n')
  assert.equal(runCli(['cache', 'dir'], { env: { ...noCacheVars, XDG_CACHE_HOME: xdg, HOME: home } }).stdout, `${path.join(xdg, 'spindrift')}\n`)
  assert.equal(runCli(['cache', 'dir'], { env: { ...noCacheVars, XDG_CACHE_HOME: 'relative/cache', HOME: home } }).stdout, `${path.join(home, '.cache', 'spindrift')}\n`)
  assert.equal(runCli(['cache', 'dir'], { env: { ...noCacheVars, HOME: home } }).stdout, `${path.join(home, '.cache', 'spindrift')}\n`)
})

test('spindrift package keeps its layers under XDG_CACHE_HOME when only that is set', () => {
  const xdg = tempDir('spindrift-xdg-')
  const run = packageWith('one==1.0', { ...noCacheVars, XDG_CACHE_HOME: xdg })
  assert.equal(run.code, 0, run.stderr)
  assert.equal(layersIn(path.join(xdg, 'spindrift')).length, 1)
})

test('cache prune --days N removes only what was not used for N days; clean removes all of spindrift\'s, nothing else', () => {
  const cache = tempDir('spindrift-cache-')
  const env = { ...noCacheVars, SPINDRIFT_CACHE_DIR: cache }
  assert.equal(packageWith('one==1.0', env).code, 0)
  assert.equal(packageWith('two==1.0', env).code, 0)
  const [first, second] = layersIn(cache)
  const old = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000)
  utimesSync(path.join(cache, 'deps', first), old, old)
  writeFileSync(path.join(cache, 'not-spindrifts.txt'), 'keep me')

  const prune = runCli(['cache', 'prune', '--days', '30'], { env })
  assert.equal(prune.code, 0, prune.stderr)
  assert.match(prune.stderr, /^Removed 1 cached items not used for 30 days \(\d+\.\d MB\) from .*; \d+ left/)
  assert.deepEqual(layersIn(cache), [second])

  const clean = runCli(['cache', 'clean'], { env })
  assert.equal(clean.code, 0, clean.stderr)
  assert.deepEqual(layersIn(cache), [])
  assert.ok(existsSync(path.join(cache, 'not-spindrifts.txt')), 'a file spindrift did not write stays')

  assert.equal(runCli(['cache', 'prune', '--days', 'soon'], { env }).code, 2)
  assert.equal(runCli(['cache', 'nuke'], { env }).code, 2)
  assert.match(runCli(['help', 'cache']).stdout, /cache prune \[--days DAYS\]/)
})

test('a layer used by a warm run counts as recently used: prune keeps it', () => {
  const cache = tempDir('spindrift-cache-')
  const env = { ...noCacheVars, SPINDRIFT_CACHE_DIR: cache }
  assert.equal(packageWith('one==1.0', env).code, 0)
  const [layer] = layersIn(cache)
  const old = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000)
  utimesSync(path.join(cache, 'deps', layer), old, old)
  const warm = packageWith('one==1.0', env)
  assert.match(warm.stderr, /restored from the cache/)
  runCli(['cache', 'prune', '--days', '30'], { env })
  assert.deepEqual(layersIn(cache), [layer])
})

test('the size bound: a new layer evicts the least recently used others (SPINDRIFT_CACHE_MAX_MB)', () => {
  const cache = tempDir('spindrift-cache-')
  const tiny = { ...noCacheVars, SPINDRIFT_CACHE_DIR: cache, SPINDRIFT_CACHE_MAX_MB: '0.001' }
  assert.equal(packageWith('one==1.0', tiny).code, 0)
  const [first] = layersIn(cache)
  const second = packageWith('two==1.0', tiny)
  assert.equal(second.code, 0, second.stderr)
  assert.match(second.stderr, /Removed \d+ least recently used dependency layers and wheels/)
  assert.equal(layersIn(cache).length, 1)
  assert.notEqual(layersIn(cache)[0], first, 'the new layer stays, the old one went')

  const unbounded = { ...tiny, SPINDRIFT_CACHE_MAX_MB: '0' }
  assert.equal(packageWith('one==1.0', unbounded).code, 0)
  assert.equal(layersIn(cache).length, 2)
})

test('enforceBound removes the oldest layers first and never the one just stored', () => {
  const cache = tempDir('spindrift-cache-')
  const days = (n: number) => new Date(Date.now() - n * 24 * 60 * 60 * 1000)
  for (const [key, age] of [['a', 3], ['b', 2], ['c', 1], ['new', 5]] as const) {
    mkdirSync(path.join(cache, 'deps', key), { recursive: true })
    writeFileSync(path.join(cache, 'deps', key, 'deps.zip'), Buffer.alloc(1000))
    utimesSync(path.join(cache, 'deps', key), days(age), days(age))
  }
  const removed = enforceBound(cache, 2500, path.join(cache, 'deps', 'new'))
  assert.deepEqual(removed, { count: 2, bytes: 2000 })
  assert.deepEqual(layersIn(cache).sort(), ['c', 'new'])
})

test('a stored layer is used only when every byte matches its hash: one flipped byte anywhere (either side of a read chunk) or a cut-short zip is refused and removed', async () => {
  // Random bytes are stored, not deflated: the zip is a little over 3 MB, three read chunks and a bit.
  const files = [{ name: 'a/big.bin', data: randomBytes(3 * (1 << 20)) }, { name: 'a/small.py', data: Buffer.from('x = 1\n') }]
  const { parts, entries } = await buildZip(files)
  const zip = Buffer.concat(parts)
  const layer = { entries, manifest: describeLayer('k', zip, files) }
  const damages: [string, (bytes: Buffer) => Buffer][] = [
    ['none', bytes => bytes],
    ...[100, (1 << 20) - 1, 1 << 20, 2 * (1 << 20) + 5, zip.length - 30].map(at => [`byte ${at} flipped`, (bytes: Buffer) => {
      const copy = Buffer.from(bytes)
      copy[at] ^= 0x40
      return copy
    }] as [string, (bytes: Buffer) => Buffer]),
    ['cut short', bytes => bytes.subarray(0, bytes.length - 1)]
  ]
  for (const [damage, damaged] of damages) {
    const log = bufferedLogger()
    const warnings: string[] = []
    const store = new LayerStore(tempDir('spindrift-cache-'), { ...log.logger, warning: message => warnings.push(message) })
    assert.ok(store.put(layer, zip))
    const file = path.join(store.folder('k'), 'deps.zip')
    writeFileSync(file, damaged(readFileSync(file)))
    const restored = await store.get('k')
    if (damage === 'none') {
      assert.deepEqual(restored?.entries.map(e => [e.name, e.size]), entries.map(e => [e.name, e.size]), damage)
      assert.deepEqual(warnings, [])
      continue
    }
    assert.equal(restored, undefined, damage)
    assert.match(warnings.join('\n'), /^Ignoring the cached dependency layer k: deps\.zip does not match the hash in its manifest; reinstalling\.$/, damage)
    assert.equal(existsSync(store.folder('k')), false, `${damage}: removed`)
  }
})

test('readFileHashed: every size around the read chunk gives the bytes and the sha256 of exactly those bytes', async () => {
  const dir = tempDir('spindrift-read-')
  for (const size of [0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 2 * (1 << 20), 3.5 * (1 << 20)]) {
    const data = randomBytes(size)
    const file = path.join(dir, `file-${size}`)
    writeFileSync(file, data)
    const read = await readFileHashed(file)
    assert.ok(read.data.equals(data), `${size} bytes`)
    assert.equal(read.sha256, createHash('sha256').update(data).digest('hex'), `${size} bytes`)
  }
})
