// A full disk: the zip, the cache and the action's outputs. A small tmpfs is mounted by each test (root only);
// every write is complete or fails with a sentence naming the full disk, and the previous file keeps its bytes.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, test } from 'node:test'
import { runAction } from './helpers/action.js'
import { makeIndex } from './helpers/pyindex.js'
import { filesIn, runCli, tempDir, writeTree } from './helpers/run.js'

const SKIP = process.getuid?.() !== 0 ? 'needs root to mount a 1 MB tmpfs; run the tests as root to check full-disk behaviour' : undefined
if (SKIP) console.log(`# skipped: ${SKIP}`)

/** A freshly mounted 1 MB tmpfs; the test is skipped with the reason when mounting fails. */
function smallDisk(t: { skip: (why: string) => void }): string | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindrift-fulldisk-'))
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { encoding: 'utf8' })
  if (mounted.status !== 0) {
    t.skip(`mount -t tmpfs failed (${mounted.stderr.trim() || mounted.error?.message}); full-disk behaviour not checked`)
    return undefined
  }
  after(() => {
    spawnSync('umount', ['-l', dir])
    rmSync(dir, { recursive: true, force: true })
  })
  return dir
}

const HANDLER = { 'handler.py': 'def handler(event, context):\n    return 1\n' }
const args = (app: string, out: string) => ['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', out]

test('CLI: a zip that does not fit on the disk fails with a sentence, and the previous zip keeps its bytes', { skip: SKIP }, t => {
  const disk = smallDisk(t)
  if (!disk) return
  const app = tempDir()
  writeTree(app, HANDLER)
  // Random bytes do not compress: the zip is about 2 MB on a 1 MB disk.
  writeFileSync(path.join(app, 'blob.bin'), randomBytes(2_000_000))
  const out = path.join(disk, 'app.zip')
  writeFileSync(out, 'previous zip')
  const run = runCli([...args(app, out), '--no-cache'])
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, /^spindrift: Cannot write the zip to .*app\.zip: the disk is full \(ENOSPC\); free some space or choose an output\.path in a writable folder \(any previous file there is unchanged\)\.\n$/m)
  assert.equal(readFileSync(out, 'utf8'), 'previous zip')
  assert.deepEqual(filesIn(disk), ['app.zip'], 'no temp file left')
})

test('CLI: a cache on a full disk costs a warning naming the full disk, never the build; no half layer stays in it', { skip: SKIP }, t => {
  const disk = smallDisk(t)
  if (!disk) return
  const index = makeIndex(path.join(tempDir(), 'index'), [{ name: 'bulky', version: '1.0', tag: 'py3-none-any', files: { 'bulky/__init__.py': '', 'bulky/blob.bin': randomBytes(1_500_000) } }])
  const app = tempDir()
  writeTree(app, { ...HANDLER, 'requirements.txt': 'bulky\n' })
  const out = path.join(tempDir(), 'app.zip')
  const run = runCli([...args(app, out), '--package-index-url', index], { env: { SPINDRIFT_CACHE_DIR: path.join(disk, 'cache') } })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /warning: Could not save the dependency layer to .*cache \(the disk is full \(ENOSPC\)\); the next run will reinstall\./)
  assert.ok(readFileSync(out).length > 1_500_000, 'the zip was written whole elsewhere')
  assert.deepEqual(filesIn(path.join(disk, 'cache', 'deps')), [], 'no staging folder or half layer left in the cache')
})

test('action: a zip that does not fit fails as one error annotation, sets no outputs, keeps the previous zip', { skip: SKIP }, async t => {
  const disk = smallDisk(t)
  if (!disk) return
  writeTree(disk, HANDLER)
  writeFileSync(path.join(disk, 'blob.bin'), randomBytes(700_000))
  writeFileSync(path.join(disk, 'app.zip'), 'previous zip')
  const run = await runAction(disk, { 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'output-path': 'app.zip', cache: 'false' })
  assert.equal(run.code, 1, run.stdout)
  const errors = run.stdout.split('\n').filter(line => line.startsWith('::error'))
  assert.equal(errors.length, 1, run.stdout)
  assert.match(errors[0], /Cannot write the zip to .*app\.zip: the disk is full \(ENOSPC\)/)
  assert.deepEqual(run.outputs, {})
  assert.equal(readFileSync(path.join(disk, 'app.zip'), 'utf8'), 'previous zip')
  assert.deepEqual(filesIn(disk).filter(f => f.endsWith('.tmp')), [])
})

test('action: a GITHUB_OUTPUT file on a full disk is one sentence, not an internal error', { skip: SKIP }, async t => {
  const disk = smallDisk(t)
  if (!disk) return
  const workspace = tempDir()
  writeTree(workspace, HANDLER)
  const output = path.join(disk, 'output')
  writeFileSync(output, '')
  // Fill the disk to the last byte.
  spawnSync('dd', ['if=/dev/zero', `of=${path.join(disk, 'filler')}`, 'bs=64k'], { encoding: 'utf8' })
  const run = await runAction(workspace, { 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'output-path': 'app.zip', cache: 'false' }, { GITHUB_OUTPUT: output })
  assert.equal(run.code, 1, run.stdout)
  assert.match(run.stdout, /::error title=spindrift::Cannot write the step's outputs to the GITHUB_OUTPUT file .*output: the disk is full \(ENOSPC\); free some space or check the runner's disk and that GITHUB_OUTPUT names a writable file \(the zip .*app\.zip was written\)\./)
  assert.doesNotMatch(run.stdout, /internal error/)
})

test('action: a GITHUB_OUTPUT that names a missing file is one sentence', async () => {
  const workspace = tempDir()
  writeTree(workspace, HANDLER)
  const run = await runAction(workspace, { 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'output-path': 'app.zip', cache: 'false' }, { GITHUB_OUTPUT: path.join(workspace, 'no', 'such', 'output') })
  assert.equal(run.code, 1, run.stdout)
  assert.match(run.stdout, /::error title=spindrift::Cannot write the step's outputs to the GITHUB_OUTPUT file .*no\/such\/output \(.*\); check the runner's disk/)
})

test('a staged file is read back in chunks: every size around the chunk boundary gives the digest of the bytes written, and the file holds them', async () => {
  const { stageFile } = await import('../src/common/fs.ts')
  const { createHash } = await import('node:crypto')
  const dir = tempDir('spindrift-stage-')
  for (const size of [0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3.5 * (1 << 20)]) {
    const data = randomBytes(size)
    const temp = path.join(dir, `staged-${size}`)
    const digest = stageFile(data, temp)
    assert.equal(digest.toString('hex'), createHash('sha256').update(data).digest('hex'), `${size} bytes`)
    assert.ok(readFileSync(temp).equals(data))
    // The same bytes as parts (as a zip is written: small headers, empty entries, large ones) give the same file.
    const cuts = [0, 0, 30, 31, 100, 300_000, 1 << 20, (1 << 20) + 5, 2 << 20].filter(cut => cut <= size)
    const parts = [...cuts, size].slice(1).map((end, i) => data.subarray(cuts[i], end))
    const fromParts = path.join(dir, `parts-${size}`)
    assert.ok(stageFile(parts, fromParts).equals(digest), `${size} bytes in ${parts.length} parts`)
    assert.ok(readFileSync(fromParts).equals(data))
  }
})

test('a large staged file (the zips) is read back in chunks too: every size around the chunk boundary gives the digest of the bytes written, and the file holds them', async () => {
  const { stageLargeFile } = await import('../src/common/fs.ts')
  const { createHash } = await import('node:crypto')
  const dir = tempDir('spindrift-stage-')
  for (const size of [0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3.5 * (1 << 20)]) {
    const data = randomBytes(size)
    const temp = path.join(dir, `staged-${size}`)
    const digest = await stageLargeFile(data, temp)
    assert.equal(digest.toString('hex'), createHash('sha256').update(data).digest('hex'), `${size} bytes`)
    assert.ok(readFileSync(temp).equals(data))
  }
})

test('a read-back that differs from the bytes written fails the staging (EIO) and leaves no temp file, for both ways of staging', async () => {
  const fs = (await import('node:fs')).default
  const { syncBuiltinESMExports } = await import('node:module')
  const { stageFile, stageLargeFile } = await import('../src/common/fs.ts')
  const dir = tempDir('spindrift-stage-')
  const data = randomBytes(3 * (1 << 20))
  const readSync = fs.readSync
  // The file system hands back one flipped bit in the second chunk, as a faulty disk or driver would.
  let reads = 0
  fs.readSync = ((...args: Parameters<typeof readSync>) => {
    const read = readSync(...args)
    if (++reads === 2 && read > 0) (args[1] as Buffer)[7] ^= 1
    return read
  }) as typeof readSync
  syncBuiltinESMExports()
  try {
    reads = 0
    assert.throws(() => stageFile(data, path.join(dir, 'sync')), (error: NodeJS.ErrnoException) => error.code === 'EIO' && /differ from byte 1048576/.test(error.message))
    reads = 0
    await assert.rejects(stageLargeFile(data, path.join(dir, 'large')), (error: NodeJS.ErrnoException) => error.code === 'EIO' && /differ from byte 1048576/.test(error.message))
  } finally {
    fs.readSync = readSync
    syncBuiltinESMExports()
  }
  assert.deepEqual(filesIn(dir), [])
})

/** Staging with one file's read-back made to differ: fs.readSync flips a bit in what it reads from files `damaged` names. */
async function withDamagedReadBack(damaged: RegExp, work: () => Promise<void>): Promise<void> {
  const fs = (await import('node:fs')).default
  const { syncBuiltinESMExports } = await import('node:module')
  const { openSync, readSync, closeSync } = fs
  const fds = new Set<number>()
  fs.openSync = ((file: string, ...rest: unknown[]) => {
    const fd = (openSync as (...args: unknown[]) => number)(file, ...rest)
    if (damaged.test(path.basename(String(file)))) fds.add(fd)
    return fd
  }) as typeof openSync
  fs.readSync = ((fd: number, buffer: Buffer, ...rest: unknown[]) => {
    const read = (readSync as (...args: unknown[]) => number)(fd, buffer, ...rest)
    if (fds.has(fd) && read > 0) buffer[0] ^= 1
    return read
  }) as typeof readSync
  fs.closeSync = ((fd: number) => {
    fds.delete(fd)
    closeSync(fd)
  }) as typeof closeSync
  syncBuiltinESMExports()
  try {
    await work()
  } finally {
    Object.assign(fs, { openSync, readSync, closeSync })
    syncBuiltinESMExports()
  }
}

test('the zip and its SBOM are staged together: when either read-back fails the run fails, neither temp file stays, the previous files keep their bytes', async () => {
  const { packager } = await import('../src/faces/lib.ts')
  const app = tempDir()
  writeTree(app, HANDLER)
  for (const damaged of [/^\.app\.zip\..*\.tmp$/, /^\.app\.cdx\.json\..*\.tmp$/]) {
    const out = tempDir()
    writeFileSync(path.join(out, 'app.zip'), 'previous zip')
    writeFileSync(path.join(out, 'app.cdx.json'), 'previous sbom')
    await withDamagedReadBack(damaged, () =>
      assert.rejects(packager.package({ path: app, entry: 'handler:handler', runtime: 'python3.11', outputPath: path.join(out, 'app.zip'), cache: false, logger: { info() {}, warn() {}, debug() {} } }), /^SpindriftError: Cannot write the zip to .*\(EIO\)/, String(damaged))
    )
    assert.deepEqual(filesIn(out), ['app.cdx.json', 'app.zip'], String(damaged))
    assert.equal(readFileSync(path.join(out, 'app.zip'), 'utf8'), 'previous zip')
    assert.equal(readFileSync(path.join(out, 'app.cdx.json'), 'utf8'), 'previous sbom')
  }
  const out = tempDir()
  await packager.package({ path: app, entry: 'handler:handler', runtime: 'python3.11', outputPath: path.join(out, 'app.zip'), cache: false, logger: { info() {}, warn() {}, debug() {} } })
  assert.deepEqual(filesIn(out), ['app.cdx.json', 'app.zip'], 'both written when nothing fails')
})
