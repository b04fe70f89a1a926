// The zip writer (src/zipformat.ts, used through src/archive.ts): what other readers make of its bytes
// (Python's zipfile, Info-ZIP's unzip, adm-zip), pieces of large files, stored vs deflated, modes, merges,
// and the same bytes whatever the concurrency.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { deflateRawSync } from 'node:zlib'
import AdmZip from 'adm-zip'
import { buildZip, dosTimestamp, mergeIntoZip } from '../src/zip/archive.js'
import { SpindriftError } from '../src/common/errors.js'
import { packSources, packedEntriesOf, writeEntries, type ZipSource } from '../src/zip/zipformat.js'
import { tempDir } from './helpers/run.js'

/** What Python's zipfile reads from a zip: per entry, method, mode, time, flags and a hash of the bytes. */
function pythonView(zip: Buffer): { name: string; method: number; mode: string; time: number[]; utf8: boolean; sha256: string }[] {
  const file = path.join(tempDir(), 'view.zip')
  writeFileSync(file, zip)
  const script = `
import hashlib, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps([{"name": i.filename, "method": i.compress_type, "mode": oct(i.external_attr >> 16), "time": list(i.date_time),
        "utf8": bool(i.flag_bits & 0x800), "sha256": hashlib.sha256(z.read(i)).hexdigest()} for i in z.infolist()]))
`
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }))
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Compressible text that is not one repeated line: a deflate of it spans many blocks. */
function text(bytes: number, seed: number): Buffer {
  const lines: string[] = []
  let length = 0
  for (let i = 0; length < bytes; i++) {
    const line = `def function_${seed}_${i}(value):\n    return value * ${(i * 7919 + seed) % 1000} + ${i % 13}\n`
    lines.push(line)
    length += line.length
  }
  return Buffer.from(lines.join('')).subarray(0, bytes)
}

/** Sizes around the writer's thresholds: empty, small, just over the small-file limit, several 1 MiB pieces. */
const SOURCES: ZipSource[] = [
  { name: 'empty.txt', data: Buffer.alloc(0) },
  { name: 'pkg/__init__.py', data: text(300, 1) },
  { name: 'pkg/random.bin', data: randomBytes(5000) },
  { name: 'pkg/over_small.py', data: text(16 * 1024 + 1, 2) },
  { name: 'pkg/one_piece_exactly.py', data: text(1024 * 1024, 3) },
  { name: 'pkg/pieces.so', data: Buffer.concat([text(1_500_000, 4), randomBytes(700_000), text(900_000, 5)]), executable: true },
  { name: 'pkg/random_large.bin', data: randomBytes(2_200_000) },
  { name: 'pkg/ünïcode.py', data: text(100, 6) }
]

test('Python, unzip and adm-zip read back every file byte for byte, with its mode, time and method', async () => {
  const timeval = dosTimestamp({ SOURCE_DATE_EPOCH: '1700000000' })
  const zip = Buffer.concat((await buildZip(SOURCES, timeval)).parts)
  const view = pythonView(zip)
  assert.deepEqual(view.map(e => e.name), [...SOURCES.map(s => s.name)].sort())
  for (const entry of view) {
    const source = SOURCES.find(s => s.name === entry.name)!
    assert.equal(entry.sha256, sha256(source.data), entry.name)
    assert.equal(entry.mode, source.executable ? '0o100755' : '0o100644', entry.name)
    assert.deepEqual(entry.time, [2023, 11, 14, 22, 13, 20], entry.name)
    assert.equal(entry.utf8, entry.name === 'pkg/ünïcode.py', entry.name)
  }
  const method = (name: string) => view.find(e => e.name === name)!.method
  assert.equal(method('empty.txt'), 0, 'nothing to deflate: stored')
  assert.equal(method('pkg/random.bin'), 0, 'incompressible: stored')
  assert.equal(method('pkg/random_large.bin'), 0, 'incompressible, in pieces: stored')
  assert.equal(method('pkg/pieces.so'), 8)
  assert.equal(method('pkg/over_small.py'), 8)

  const file = path.join(tempDir(), 'test.zip')
  writeFileSync(file, zip)
  const unzip = spawnSync('unzip', ['-t', file], { encoding: 'utf8' })
  assert.equal(unzip.status, 0, unzip.stdout + unzip.stderr)
  assert.match(unzip.stdout, /No errors detected/)
  for (const entry of new AdmZip(zip).getEntries()) {
    assert.ok(entry.getData().equals(SOURCES.find(s => s.name === entry.entryName)!.data), entry.entryName)
  }
})

test('a file deflated in pieces is as small as one deflated whole', async () => {
  const large = SOURCES.find(s => s.name === 'pkg/pieces.so')!
  const whole = deflateRawSync(large.data, { level: 6 })
  const [entry] = await packSources([large])
  assert.ok(entry.compressed.length <= whole.length * 1.002, `${entry.compressed.length} vs ${whole.length}`)
})

test('the bytes do not depend on how many deflate jobs run at once', async () => {
  const saved = process.env.UV_THREADPOOL_SIZE
  try {
    const zips: string[] = []
    for (const jobs of ['1', '2', '4']) {
      process.env.UV_THREADPOOL_SIZE = jobs
      zips.push(sha256(Buffer.concat((await buildZip(SOURCES)).parts)))
    }
    assert.equal(new Set(zips).size, 1)
  } finally {
    if (saved === undefined) delete process.env.UV_THREADPOOL_SIZE
    else process.env.UV_THREADPOOL_SIZE = saved
  }
})

test('merging into a layer: copied entries keep their bytes, take the new time, and sources replace or join in name order', async () => {
  const layer = await buildZip(SOURCES.slice(0, 6), dosTimestamp({ SOURCE_DATE_EPOCH: '1700000000' }))
  const copied = packedEntriesOf(Buffer.concat(layer.parts))
  assert.deepEqual(copied.map(e => e.compressed), layer.entries.map(e => e.compressed), 'read back as stored')
  const replacement = { name: 'pkg/__init__.py', data: Buffer.from('REPLACED = True\n') }
  const added = { name: 'app.py', data: Buffer.from('def handler(event, context):\n    return 1\n') }
  const merged = Buffer.concat(await mergeIntoZip(copied, [replacement, added]))
  const view = pythonView(merged)
  assert.deepEqual(view.map(e => e.name), ['app.py', 'empty.txt', 'pkg/__init__.py', 'pkg/one_piece_exactly.py', 'pkg/over_small.py', 'pkg/pieces.so', 'pkg/random.bin'])
  assert.equal(view.find(e => e.name === 'pkg/__init__.py')!.sha256, sha256(replacement.data))
  assert.equal(view.find(e => e.name === 'pkg/pieces.so')!.mode, '0o100755', 'mode copied from the layer')
  assert.ok(view.every(e => e.time.join() === '1980,1,1,0,0,0'), 'every entry has this run\'s timestamp')
  // The same files zipped from scratch give the same bytes: copying is only a shortcut.
  const scratch = await buildZip([...SOURCES.slice(0, 6).filter(s => s.name !== replacement.name), replacement, added])
  assert.ok(merged.equals(Buffer.concat(scratch.parts)))
})

test('more entries than a zip without Zip64 holds is refused with a sentence', () => {
  const entry = { name: 'x', method: 0 as const, crc: 0, size: 0, compressed: Buffer.alloc(0), executable: false }
  assert.throws(() => writeEntries(Array.from({ length: 65_536 }, () => entry), 0), (error: unknown) => error instanceof SpindriftError && /65,535/.test(error.message))
  assert.doesNotThrow(() => writeEntries(Array.from({ length: 65_535 }, () => entry), 0))
})
