// The dependency layer assembled straight from wheels (src/deps/wheels/): the same files and bytes pip --target
// installs, .data folders included; byte-reproducible; tampered wheels refused; the wheel cache reused; and the
// installer path taken, with a line saying why, for what is not a plain wheel from an index.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import path from 'node:path'
import { test } from 'node:test'
import AdmZip from 'adm-zip'
import { installedFiles } from '../src/deps/install.ts'
import { fetchWheels, DownloadFailed } from '../src/deps/wheels/download.ts'
import { NotPlainWheel, wheelFiles } from '../src/deps/wheels/wheelzip.ts'
import { buildZip } from '../src/zip/archive.ts'
import { auditFiles } from '../src/audit/audit.ts'
import { muslElf } from './helpers/elf.js'
import { makeIndex, makeWheel, serveIndex, sha256File } from './helpers/pyindex.js'
import { runCli, runCliAsync, tempDir, writeTree, type CliRun } from './helpers/run.js'

const PYTHON = 'python3'
const sha = (data: Buffer) => createHash('sha256').update(data).digest('base64url')

interface WheelFile {
  data: string | Buffer
  mode?: number
  stored?: boolean
}

/** A wheel with control over each entry's mode and compression; RECORD lists every file unless `record` is given. */
function craftWheel(dir: string, name: string, version: string, files: Record<string, WheelFile>, record?: (lines: string[]) => string[]): string {
  const distInfo = `${name}-${version}.dist-info`
  const all: Record<string, WheelFile> = {
    ...files,
    [`${distInfo}/METADATA`]: { data: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n${name === 'fab' ? 'Requires-Dist: dep\n' : ''}` },
    [`${distInfo}/WHEEL`]: { data: 'Wheel-Version: 1.0\nGenerator: spindrift-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n' }
  }
  let lines = Object.entries(all).map(([n, f]) => `${n},sha256=${sha(Buffer.from(f.data))},${Buffer.from(f.data).length}`)
  lines.push(`${distInfo}/RECORD,,`)
  if (record) lines = record(lines)
  all[`${distInfo}/RECORD`] = { data: lines.join('\n') + '\n' }
  const zip = new AdmZip()
  for (const [n, f] of Object.entries(all)) {
    zip.addFile(n, Buffer.from(f.data), '', f.mode ?? 0o644)
    if (f.stored) zip.getEntry(n)!.header.method = 0
  }
  const file = path.join(dir, `${name}-${version}-py3-none-any.whl`)
  zip.writeZip(file)
  return file
}

const FAB: Record<string, WheelFile> = {
  'fab/__init__.py': { data: 'from fabextra import X\n' },
  // Stored in the wheel, and compressible: it is recompressed in the layer.
  'fab/table.txt': { data: 'row,row,row\n'.repeat(500), stored: true },
  'fab/run.sh': { data: '#!/bin/sh\necho fab\n', mode: 0o755 },
  'fab/empty.txt': { data: '' },
  'fab-1.0.dist-info/entry_points.txt': { data: '[console_scripts]\nfab = fab:main\n' },
  'fab-1.0.data/purelib/fabextra/__init__.py': { data: 'X = 1\n' },
  'fab-1.0.data/platlib/fabplat.py': { data: 'Y = 2\n' },
  'fab-1.0.data/scripts/fab-tool': { data: '#!python\nprint("tool")\n', mode: 0o755 },
  'fab-1.0.data/data/share/fab/readme.txt': { data: 'shared data\n' }
}
const DEP: Record<string, WheelFile> = { 'dep.py': { data: 'D = 3\n' } }

function asMap(files: { name: string; data: Buffer; executable?: boolean }[]) {
  return new Map(files.map(f => [f.name, { data: f.data.toString('latin1'), executable: Boolean(f.executable) }]))
}

test('the files and bytes are those pip --target installs: .data/purelib, platlib, scripts and data, modes, RECORD, INSTALLER, REQUESTED', () => {
  const dir = tempDir()
  const fab = craftWheel(dir, 'fab', '1.0', FAB)
  const dep = craftWheel(dir, 'dep', '2.0', DEP)
  const target = path.join(dir, 'target')
  execFileSync(PYTHON, ['-m', 'pip', 'install', '--quiet', '--target', target, '--no-compile', '--no-index', '--find-links', dir, 'fab'], { env: { ...process.env, PIP_FIND_LINKS: '' } })
  const byPip = asMap(installedFiles(target))
  const fast = [...wheelFiles(readFileSync(fab), 'fab', true), ...wheelFiles(readFileSync(dep), 'dep', false)]
  assert.deepEqual([...asMap(fast).keys()].sort(), [...byPip.keys()].sort())
  assert.deepEqual(asMap(fast), byPip)
  // The cases the comparison must cover really are there.
  assert.ok(byPip.has('fabextra/__init__.py') && byPip.has('fabplat.py') && byPip.has('share/fab/readme.txt'))
  assert.equal(byPip.get('fab/run.sh')?.executable, true)
  assert.ok(byPip.has('fab-1.0.dist-info/REQUESTED') && !byPip.has('dep-2.0.dist-info/REQUESTED'))
  // C headers go where pip's own Python version says: left to the installer.
  const headers = craftWheel(tempDir(), 'fab', '1.0', { ...FAB, 'fab-1.0.data/headers/fab.h': { data: '#define FAB 1\n' } })
  assert.throws(() => wheelFiles(readFileSync(headers), 'fab.whl', true), (error: Error) => error instanceof NotPlainWheel && /installs C headers/.test(error.message))
})

test('with uv: the files and bytes are those uv pip install --target installs (INSTALLER, REQUESTED, RECORD as uv writes them)', () => {
  const dir = tempDir()
  const fab = craftWheel(dir, 'fab', '1.0', FAB)
  const dep = craftWheel(dir, 'dep', '2.0', DEP)
  const target = path.join(dir, 'target')
  execFileSync('uv', ['pip', 'install', '--quiet', '--target', target, '--python', PYTHON, '--no-compile', '--no-index', '--find-links', dir, 'fab'], { env: { ...process.env, PIP_FIND_LINKS: '' } })
  // uv notes where a wheel from a local folder came from (the fast path only takes wheels from an index), and its
  // RECORD lists the scripts it wrote into bin/ (never shipped, so the fast path's RECORD leaves them out).
  const unshipped = /^(.*\/uv_cache\.json|bin\/.*),.*\n/gm
  const byUv = asMap(installedFiles(target).filter(f => !f.name.endsWith('/uv_cache.json')).map(f => (f.name.endsWith('/RECORD') ? { ...f, data: Buffer.from(f.data.toString().replace(unshipped, '')) } : f)))
  // uv marks dependencies REQUESTED too.
  const fast = asMap([...wheelFiles(readFileSync(fab), 'fab', true, 'uv'), ...wheelFiles(readFileSync(dep), 'dep', true, 'uv')])
  assert.deepEqual([...fast.keys()].sort(), [...byUv.keys()].sort())
  assert.deepEqual(fast, byUv)
  assert.equal(byUv.get('fab-1.0.dist-info/INSTALLER')?.data, 'uv')
  assert.ok(byUv.has('fabextra/__init__.py') && byUv.has('share/fab/readme.txt') && byUv.has('dep-2.0.dist-info/REQUESTED'))
})

test("a wheel's files hold no inflated copy of their bytes: slices of the wheel and a few bytes of head, inflated again when read", () => {
  const dir = tempDir()
  const big = 'a line of text, deflated in the wheel\n'.repeat(10_000)
  const wheel = readFileSync(craftWheel(dir, 'fab', '1.0', { ...FAB, 'fab/big.txt': { data: big } }))
  const files = wheelFiles(wheel, 'fab', true)
  const file = files.find(f => f.name === 'fab/big.txt')!
  assert.ok(file.packed, 'a deflated entry stays compressed')
  assert.equal(file.data.toString(), big, 'and is inflated when read')
  assert.notEqual(file.data, file.data, 'afresh on each read: nothing keeps the inflated bytes')
  const written = /\.dist-info\/(RECORD|INSTALLER|REQUESTED)$/
  for (const f of files.filter(f => !written.test(f.name))) {
    for (const value of [...Object.values(f), ...Object.values(f.packed ?? {})]) {
      if (Buffer.isBuffer(value)) assert.ok(value.buffer === wheel.buffer || value.length <= 16, `${f.name} holds ${value.length} bytes of its own`)
    }
  }
})

test('an ELF in a wheel is read while it is inflated for the RECORD check: the audit refuses a musl one without inflating it again', () => {
  const wheel = readFileSync(craftWheel(tempDir(), 'fab', '1.0', { ...FAB, 'fab/musl.so': { data: muslElf() } }))
  const files = wheelFiles(wheel, 'fab', true)
  const so = files.find(f => f.name === 'fab/musl.so')!
  assert.ok(so.packed, 'deflated in the wheel, kept compressed')
  Object.defineProperty(so, 'data', { get: () => assert.fail('the audit inflated fab/musl.so again') })
  const audit = auditFiles(files, { architecture: 'x86_64', glibc: [2, 26] })
  assert.deepEqual(audit.problems, [{ file: 'fab/musl.so', problem: 'is linked against musl libc' }])
})

test('the layer zip copies deflated wheel entries as they are, recompresses a stored one, and is the same bytes every time', async () => {
  const dir = tempDir()
  const wheel = readFileSync(craftWheel(dir, 'fab', '1.0', FAB))
  const build = async () => {
    return Buffer.concat((await buildZip(wheelFiles(Buffer.from(wheel), 'fab', true))).parts)
  }
  const first = await build()
  assert.ok(first.equals(await build()), 'the same wheel gives the same zip bytes')
  const entries = new AdmZip(first).getEntries()
  const table = entries.find(e => e.entryName === 'fab/table.txt')!
  assert.equal(table.header.method, 8, 'a compressible stored entry is deflated in the layer')
  const init = entries.find(e => e.entryName === 'fab/__init__.py')!
  const inWheel = new AdmZip(wheel).getEntry('fab/__init__.py')!
  assert.ok(init.getCompressedData().equals(inWheel.getCompressedData()), 'a deflated entry is copied raw')
  assert.equal(entries.find(e => e.entryName === 'fab/run.sh')!.header.attr >>> 16, 0o100755)
})

test('a wheel whose file differs from its RECORD, or whose RECORD lists a missing file, is refused with a sentence', () => {
  const dir = tempDir()
  const lying = craftWheel(dir, 'fab', '1.0', FAB, lines => lines.map(l => (l.startsWith('fab/__init__.py,') ? `fab/__init__.py,sha256=${sha(Buffer.from('other'))},5` : l)))
  assert.throws(() => wheelFiles(readFileSync(lying), 'fab-1.0-py3-none-any.whl', true), /^SpindriftError: Refusing the wheel fab-1\.0-py3-none-any\.whl: fab\/__init__\.py does not match the hash its RECORD lists, so it is damaged or was tampered with; .*\.$/)
  const missing = craftWheel(tempDir(), 'fab', '1.0', FAB, lines => [...lines, 'fab/gone.py,sha256=abc,3'])
  assert.throws(() => wheelFiles(readFileSync(missing), 'fab.whl', true), /its RECORD lists fab\/gone\.py, which the wheel does not hold/)
  const unlisted = craftWheel(tempDir(), 'fab', '1.0', FAB, lines => lines.filter(l => !l.startsWith('fab/run.sh,')))
  assert.throws(() => wheelFiles(readFileSync(unlisted), 'fab.whl', true), /its RECORD does not list fab\/run\.sh/)
})

test('a download whose sha256 differs from the index\'s is refused; a stalled one gives up (then the installer path tries)', async () => {
  const dir = tempDir()
  const file = craftWheel(dir, 'dep', '2.0', DEP)
  const wheel = { name: 'dep', version: '2.0', filename: path.basename(file), url: `file://${file}`, sha256: '0'.repeat(64), requested: true }
  await assert.rejects(fetchWheels([wheel], undefined, []), /^SpindriftError: The download of dep-2\.0-py3-none-any\.whl from file:.* has the sha256 [0-9a-f]{64}, not the 0{64} the index or lock gave, so it is not the file that was chosen; .*\.$/)
  const silent = createServer(() => {})
  await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
  try {
    const port = (silent.address() as { port: number }).port
    await assert.rejects(fetchWheels([{ ...wheel, url: `http://127.0.0.1:${port}/dep.whl` }], undefined, [], 300), (error: Error) => error instanceof DownloadFailed && /received nothing for 0\.3 s/.test(error.message))
  } finally {
    silent.closeAllConnections()
    silent.close()
  }
})

/** The index tree served over HTTP; counts the wheel downloads that are not pip's or uv's own. */
function project(requirements: string): string {
  const dir = tempDir('spindrift-app-')
  writeTree(dir, { 'handler.py': 'import one\ndef handle(event, context):\n    return one.TAG\n', 'requirements.txt': `${requirements}\n` })
  return dir
}

const env = (cache: string, more: Record<string, string> = {}) => ({ SPINDRIFT_CACHE_DIR: cache, PIP_FIND_LINKS: '', ...more })
const packageArgs = (dir: string, index: string, out = 'out.zip') => ['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11', '--package-index-url', index, '--output-path', path.join(dir, out)]

/** A served index of `one` (pure Python, needs `two`) and `two` (a CPython 3.11 x86_64 wheel). */
function serveOneNeedsTwo(): ReturnType<typeof serveIndex> {
  const root = tempDir('spindrift-index-')
  makeIndex(root, [
    { name: 'one', version: '1.0', tag: 'py3-none-any', requires: ['two'] },
    { name: 'two', version: '1.0', tag: 'cp311-cp311-manylinux_2_17_x86_64' }
  ])
  return serveIndex(root)
}

/**
 * Two projects built with one spindrift cache: the first (`one`, which needs `two`) downloads both wheels into
 * first.zip; the second (`one` and `two`) has a new layer but takes both wheels from the wheel cache. The first
 * project's folder.
 */
async function wheelCacheShared(index: { downloads: () => number }, build: (dir: string, out: string, cache: string) => Promise<CliRun>): Promise<string> {
  const cache = tempDir('spindrift-cache-')
  const dir = project('one')
  const first = await build(dir, 'first.zip', cache)
  assert.equal(first.code, 0, first.stderr)
  assert.match(first.stderr, /Assembled the dependencies from 2 wheels \(2 downloaded, 0 from the wheel cache\) without unpacking them/)
  assert.equal(index.downloads(), 2)
  // Another project with the same wheels: its layer is new, its wheels are not.
  const other = project('one\ntwo')
  const second = await build(other, 'second.zip', cache)
  assert.equal(second.code, 0, second.stderr)
  assert.match(second.stderr, /from 2 wheels \(0 downloaded, 2 from the wheel cache\)/)
  assert.equal(index.downloads(), 2, 'no wheel was downloaded again')
  return dir
}

test('spindrift package: a second cold build on the same machine downloads no wheel; two cold builds give the same bytes, equal to the installer path\'s files', async () => {
  const index = await serveOneNeedsTwo()
  try {
    const dir = await wheelCacheShared(index, (dir, out, cache) => runCliAsync(packageArgs(dir, index.url, out), env(cache)))
    const again = await runCliAsync(packageArgs(dir, index.url, 'again.zip'), env(tempDir('spindrift-cache-')))
    assert.equal(again.code, 0, again.stderr)
    assert.ok(readFileSync(path.join(dir, 'first.zip')).equals(readFileSync(path.join(dir, 'again.zip'))), 'two cold builds give the same bytes')
    const installer = await runCliAsync(packageArgs(dir, index.url, 'installer.zip'), env(tempDir('spindrift-cache-'), { SPINDRIFT_WHEEL_PATH: '0' }))
    assert.equal(installer.code, 0, installer.stderr)
    assert.match(installer.stderr, /Installing with pip instead of assembling from the wheels: SPINDRIFT_WHEEL_PATH=0 is set/)
    assert.deepEqual(contents(path.join(dir, 'first.zip')), contents(path.join(dir, 'installer.zip')))
  } finally {
    index.close()
  }
})

test('spindrift package with uv: assembled from the wheels uv resolved, the wheel cache reused by another project, the same files as uv\'s own install', async () => {
  const index = await serveOneNeedsTwo()
  const uv = (cache: string, more: Record<string, string> = {}) => env(cache, { UV_CACHE_DIR: tempDir('uv-cache-'), ...more })
  const uvArgs = (dir: string, out: string) => [...packageArgs(dir, index.url, out), '--package-installer', 'uv']
  try {
    const dir = await wheelCacheShared(index, (dir, out, cache) => runCliAsync(uvArgs(dir, out), uv(cache)))
    const installer = await runCliAsync(uvArgs(dir, 'installer.zip'), uv(tempDir('spindrift-cache-'), { SPINDRIFT_WHEEL_PATH: '0' }))
    assert.equal(installer.code, 0, installer.stderr)
    assert.match(installer.stderr, /Installing with uv instead of assembling from the wheels: SPINDRIFT_WHEEL_PATH=0 is set/)
    const fast = contents(path.join(dir, 'first.zip'))
    assert.equal(fast['one-1.0.dist-info/INSTALLER'], `100644 ${Buffer.from('uv').toString('base64')}`)
    assert.deepEqual(fast, contents(path.join(dir, 'installer.zip')))
  } finally {
    index.close()
  }
})

test('with uv, markers uv leaves in its resolution are decided for the target when every patch release agrees: assembled from the wheels, the same files as uv\'s own install', async () => {
  const root = tempDir('spindrift-index-')
  makeIndex(root, [
    // uv keeps `python_full_version == '3.11.*'` on two in its pylock.toml for Python 3.11.
    { name: 'one', version: '1.0', tag: 'py3-none-any', requires: ['two; python_version == "3.11"', 'three; python_version >= "3.11" and platform_machine == "aarch64"'] },
    { name: 'two', version: '1.0', tag: 'py3-none-any' },
    { name: 'three', version: '1.0', tag: 'py3-none-any' }
  ])
  const { fast, shipped, installed } = await uvBothWays(root)
  assert.match(fast.stderr, /Assembled the dependencies from 2 wheels/)
  assert.doesNotMatch(fast.stderr, /carries a marker/)
  assert.ok(shipped['two/__init__.py'] && !Object.keys(shipped).some(name => name.startsWith('three')), 'two ships; three, for aarch64 only, does not')
  assert.deepEqual(shipped, installed)
})

/** The project `one` over the index at root, built with uv from the wheels (verbose) and by uv's own install: the run and both zips' contents. */
async function uvBothWays(root: string): Promise<{ fast: CliRun; shipped: Record<string, string>; installed: Record<string, string> }> {
  const index = await serveIndex(root)
  const uvEnv = (more: Record<string, string> = {}) => env(tempDir('spindrift-cache-'), { UV_CACHE_DIR: tempDir('uv-cache-'), ...more })
  try {
    const dir = project('one')
    const fast = await runCliAsync([...packageArgs(dir, index.url, 'fast.zip'), '--package-installer', 'uv', '-v'], uvEnv())
    assert.equal(fast.code, 0, fast.stderr)
    const installer = await runCliAsync([...packageArgs(dir, index.url, 'installer.zip'), '--package-installer', 'uv'], uvEnv({ SPINDRIFT_WHEEL_PATH: '0' }))
    assert.equal(installer.code, 0, installer.stderr)
    return { fast, shipped: contents(path.join(dir, 'fast.zip')), installed: contents(path.join(dir, 'installer.zip')) }
  } finally {
    index.close()
  }
}

test('with uv, several wheels of one version fit the target: the one uv installs (its best tag first, as pip ranks them) is assembled', async () => {
  const root = tempDir('spindrift-index-')
  makeIndex(root, ['py3-none-any', 'cp37-abi3-manylinux1_x86_64', 'cp311-cp311-manylinux1_x86_64', 'cp311-abi3-manylinux_2_17_x86_64'].map(tag => ({ name: 'one', version: '1.0', tag })))
  const { fast, shipped, installed } = await uvBothWays(root)
  assert.match(fast.stderr, /Assembled the dependencies from 1 wheels/)
  // The abi-specific wheel, even on the oldest manylinux, ranks before abi3 on a newer one.
  assert.match(Buffer.from((shipped['one-1.0.dist-info/WHEEL'] ?? '').split(' ')[1] ?? '', 'base64').toString(), /Tag: cp311-cp311-manylinux1_x86_64/)
  assert.deepEqual(shipped, installed, 'the same wheel uv installs')
})

test("the layer's manifest lists every file's size and sha256 as the zip holds it (digests taken from the wheels' checked RECORDs)", async () => {
  const index = await serveOneNeedsTwo()
  try {
    const cache = tempDir('spindrift-cache-')
    const dir = project('one')
    const run = await runCliAsync(packageArgs(dir, index.url), env(cache))
    assert.equal(run.code, 0, run.stderr)
    const folder = path.join(cache, 'deps', readdirSync(path.join(cache, 'deps'))[0])
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as { files: { name: string; size: number; sha256: string }[] }
    const inZip = new AdmZip(path.join(folder, 'deps.zip')).getEntries().map(e => ({ name: e.entryName, size: e.getData().length, sha256: createHash('sha256').update(e.getData()).digest('hex') }))
    assert.ok(inZip.length > 4)
    assert.deepEqual(manifest.files, inZip)
  } finally {
    index.close()
  }
})

test('with uv, a package that publishes only source is left to the installer, with one line saying why', () => {
  const root = tempDir('spindrift-index-')
  const url = makeIndex(root, [{ name: 'one', version: '1.0', tag: 'py3-none-any', requires: ['srconly'] }], [{ name: 'srconly', version: '1.0' }])
  const dir = project('one')
  const run = runCli([...packageArgs(dir, url), '--package-installer', 'uv'], { env: env(tempDir('spindrift-cache-'), { UV_CACHE_DIR: tempDir('uv-cache-') }) })
  assert.match(run.stderr, /Installing with uv instead of assembling from the wheels: uv could not resolve the set/)
  assert.doesNotMatch(run.stderr, /Assembled the dependencies/)
})

function contents(zip: string): Record<string, string> {
  return Object.fromEntries(new AdmZip(zip).getEntries().map(e => [e.entryName, `${(e.header.attr >>> 16).toString(8)} ${e.getData().toString('base64')}`]))
}

test('spindrift package refuses a wheel whose RECORD does not match it, with one sentence and nothing written', () => {
  const root = tempDir('spindrift-index-')
  const url = makeIndex(root, [{ name: 'one', version: '1.0', tag: 'py3-none-any' }])
  // Re-made with a RECORD that lies about the module, and re-listed with the new file's hash (the index serves it as it is).
  const files = path.join(root, 'files')
  const wheel = craftWheel(files, 'one', '1.0', { 'one/__init__.py': { data: 'TAG = 1\n' } }, lines => lines.map(l => (l.startsWith('one/__init__.py,') ? `one/__init__.py,sha256=${sha(Buffer.from('x'))},1` : l)))
  const page = path.join(root, 'simple', 'one', 'index.html')
  writeFileSync(page, readFileSync(page, 'utf8').replace(/#sha256=[0-9a-f]+/, `#sha256=${createHash('sha256').update(readFileSync(wheel)).digest('hex')}`))
  const dir = project('one')
  const run = runCli(packageArgs(dir, url), { env: env(tempDir('spindrift-cache-')) })
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, /^spindrift: Refusing the wheel one-1\.0-py3-none-any\.whl: one\/__init__\.py does not match the hash its RECORD lists, so it is damaged or was tampered with; .*\.\n$/m)
  assert.doesNotMatch(run.stderr, /\n\s+at /)
})

test('a package that publishes only source is installed by the installer path, with one line saying why', () => {
  const root = tempDir('spindrift-index-')
  const url = makeIndex(root, [{ name: 'one', version: '1.0', tag: 'py3-none-any', requires: ['srconly'] }], [{ name: 'srconly', version: '1.0' }])
  const dir = project('one')
  const run = runCli(packageArgs(dir, url), { env: env(tempDir('spindrift-cache-')) })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /Installing with pip instead of assembling from the wheels: pip could not resolve the set/)
  assert.ok(new AdmZip(path.join(dir, 'out.zip')).getEntry('srconly/__init__.py'), 'the package built from source ships')
})

test('real wheels from PyPI (pure and compiled): the fast path ships the same files and bytes as pip --target', async t => {
  try {
    await fetch('https://pypi.org/simple/six/', { signal: AbortSignal.timeout(10_000) })
  } catch {
    t.skip('PyPI is not reachable: skipped (offline)')
    return
  }
  const dir = project('six==1.17.0\nmarkupsafe==3.0.2\nattrs==25.3.0')
  writeFileSync(path.join(dir, 'handler.py'), 'def handle(event, context):\n    return 1\n')
  const index = 'https://pypi.org/simple'
  const fast = runCli(packageArgs(dir, index, 'fast.zip'), { env: env(tempDir('spindrift-cache-')) })
  assert.equal(fast.code, 0, fast.stderr)
  assert.match(fast.stderr, /Assembled the dependencies from 3 wheels/)
  const slow = runCli(packageArgs(dir, index, 'slow.zip'), { env: env(tempDir('spindrift-cache-'), { SPINDRIFT_WHEEL_PATH: '0' }) })
  assert.equal(slow.code, 0, slow.stderr)
  const a = contents(path.join(dir, 'fast.zip'))
  assert.ok(Object.keys(a).some(n => n.endsWith('.so')), 'a compiled wheel is among them')
  assert.deepEqual(a, contents(path.join(dir, 'slow.zip')))
})

test('real locked pins from PyPI (every file of each version hashed, as pip-compile writes them): the pick ships the wheel and files pip installs, without pip', async t => {
  const pins: [string, string][] = [['markupsafe', '3.0.2'], ['charset-normalizer', '3.4.2'], ['six', '1.17.0']]
  let lines: string[]
  try {
    lines = await Promise.all(pins.map(async ([name, version]) => {
      const page = await fetch(`https://pypi.org/simple/${name}/`, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' }, signal: AbortSignal.timeout(15_000) })
      const { files } = (await page.json()) as { files: { filename: string; hashes: { sha256: string } }[] }
      const stem = `${name.replace(/-/g, '_')}-${version}`
      const ofVersion = files.filter(f => [`${stem}-`, `${stem}.tar.gz`].some(start => f.filename.toLowerCase().startsWith(start)))
      assert.ok(ofVersion.length > 1, `PyPI lists the files of ${name} ${version}`)
      return `${name}==${version} ${ofVersion.map(f => `--hash=sha256:${f.hashes.sha256}`).join(' ')}`
    }))
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error
    t.skip('PyPI is not reachable: skipped (offline)')
    return
  }
  const dir = project(lines.join('\n'))
  writeFileSync(path.join(dir, 'handler.py'), 'def handle(event, context):\n    return 1\n')
  const index = 'https://pypi.org/simple'
  const fast = await runCliAsync([...packageArgs(dir, index, 'fast.zip'), '--package-python', pythonWithoutPip()], env(tempDir('spindrift-cache-')))
  assert.equal(fast.code, 0, fast.stderr)
  assert.match(fast.stderr, /from the index pages: pip does not run/)
  const slow = await runCliAsync(packageArgs(dir, index, 'slow.zip'), env(tempDir('spindrift-cache-'), { SPINDRIFT_WHEEL_PATH: '0' }))
  assert.equal(slow.code, 0, slow.stderr)
  const picked = contents(path.join(dir, 'fast.zip'))
  assert.ok(Object.keys(picked).some(n => n.startsWith('charset_normalizer/') && n.endsWith('.so')), 'the compiled charset-normalizer wheel, not its pure one')
  assert.deepEqual(picked, contents(path.join(dir, 'slow.zip')))
})

test('a locked set (pinned with hashes) is assembled from the locked files too', () => {
  const root = tempDir('spindrift-index-')
  const url = makeIndex(root, [{ name: 'one', version: '1.0', tag: 'py3-none-any' }])
  const hash = sha256File(path.join(root, 'files', 'one-1.0-py3-none-any.whl'))
  const dir = project(`one==1.0 --hash=sha256:${hash}`)
  const run = runCli(packageArgs(dir, url), { env: env(tempDir('spindrift-cache-')) })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /Dependencies from pinned requirements[\s\S]*Assembled the dependencies from 1 wheels \(1 downloaded, 0 from the wheel cache\)/)
  assert.ok(new AdmZip(path.join(dir, 'out.zip')).getEntry('one-1.0.dist-info/REQUESTED'), 'pip marks every locked package as asked for')
})

test('with uv, a locked set (pinned with hashes) is assembled from the locked files too; a file the lock does not name is left to the installer', () => {
  const root = tempDir('spindrift-index-')
  const url = makeIndex(root, [{ name: 'one', version: '1.0', tag: 'py3-none-any' }])
  const hash = sha256File(path.join(root, 'files', 'one-1.0-py3-none-any.whl'))
  const uvEnv = () => env(tempDir('spindrift-cache-'), { UV_CACHE_DIR: tempDir('uv-cache-') })
  const dir = project(`one==1.0 --hash=sha256:${hash}`)
  const run = runCli([...packageArgs(dir, url), '--package-installer', 'uv'], { env: uvEnv() })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /Dependencies from pinned requirements[\s\S]*Assembled the dependencies from 1 wheels \(1 downloaded, 0 from the wheel cache\)/)
  assert.equal(new AdmZip(path.join(dir, 'out.zip')).getEntry('one-1.0.dist-info/INSTALLER')?.getData().toString(), 'uv')
  const wrong = project(`one==1.0 --hash=sha256:${'1'.repeat(64)}`)
  const refused = runCli([...packageArgs(wrong, url), '--package-installer', 'uv'], { env: uvEnv() })
  assert.match(refused.stderr, /Installing with uv instead of assembling from the wheels: the lock does not name one-1\.0-py3-none-any\.whl, the file uv picks for one/)
  assert.notEqual(refused.code, 0, 'uv refuses the file whose hash the lock does not record')
})

/** A python3 that fails whenever pip is run for anything but its version: proves the installer never ran. */
function pythonWithoutPip(): string {
  const file = path.join(tempDir(), 'python-without-pip')
  writeFileSync(file, '#!/bin/sh\nif [ "$1" = -m ] && [ "$2" = pip ] && [ "$3" != --version ]; then echo "pip ran: $*" >&2; exit 99; fi\nexec python3 "$@"\n', { mode: 0o755 })
  return file
}

/** The tag of the one wheel a zip's `one` came from (its WHEEL file's Tag line). */
const shippedTag = (zip: string) => /Tag: (\S+)/.exec(new AdmZip(zip).getEntry('one-1.0.dist-info/WHEEL')?.getData().toString() ?? '')?.[1]

/**
 * `one` 1.0 in five wheels; the lock (hashed pins) names all but the best one for python3.11 on x86_64. Of the
 * locked ones, the yanked one ranks best and the manylinux_2_28 one needs a newer glibc than the runtime's.
 */
function lockedChoiceIndex(options: { yanked: boolean }): { root: string; requirements: string } {
  const root = tempDir('spindrift-index-')
  const tags = ['py3-none-any', 'cp311-abi3-manylinux_2_17_x86_64', 'cp311-cp311-manylinux1_x86_64', 'cp311-cp311-manylinux_2_17_x86_64', 'cp311-cp311-manylinux_2_28_x86_64']
  makeIndex(root, tags.map(tag => ({ name: 'one', version: '1.0', tag })))
  const hash = (tag: string) => sha256File(path.join(root, 'files', `one-1.0-${tag}.whl`))
  const page = path.join(root, 'simple', 'one', 'index.html')
  if (options.yanked) writeFileSync(page, readFileSync(page, 'utf8').replace('>one-1.0-cp311-cp311-manylinux1_x86_64.whl<', ' data-yanked="">one-1.0-cp311-cp311-manylinux1_x86_64.whl<'))
  const locked = tags.filter(tag => tag !== 'cp311-cp311-manylinux_2_17_x86_64')
  return { root, requirements: `one==1.0 ${locked.map(tag => `--hash=sha256:${hash(tag)}`).join(' ')}` }
}

/**
 * The lockedChoiceIndex project built from the wheels the pick chose (pip refused, for pip) and by the installer
 * itself: the wheel tag each shipped, after checking both zips hold the same files.
 */
async function pickedBothWays(installer: 'pip' | 'uv', yanked: boolean): Promise<string | undefined> {
  const { root, requirements } = lockedChoiceIndex({ yanked })
  const index = await serveIndex(root)
  const more = installer === 'uv' ? ['--package-installer', 'uv'] : []
  const runEnv = (extra: Record<string, string> = {}) => env(tempDir('spindrift-cache-'), { UV_CACHE_DIR: tempDir('uv-cache-'), ...extra })
  try {
    const dir = project(requirements)
    const fast = await runCliAsync([...packageArgs(dir, index.url, 'fast.zip'), ...more, ...(installer === 'pip' ? ['--package-python', pythonWithoutPip()] : [])], runEnv())
    assert.equal(fast.code, 0, fast.stderr)
    assert.match(fast.stderr, new RegExp(`Picked the locked files for python3\\.11 on x86_64 from the index pages: ${installer} does not run`))
    const own = await runCliAsync([...packageArgs(dir, index.url, 'installer.zip'), ...more], runEnv({ SPINDRIFT_WHEEL_PATH: '0' }))
    assert.equal(own.code, 0, own.stderr)
    assert.deepEqual(contents(path.join(dir, 'fast.zip')), contents(path.join(dir, 'installer.zip')), `the same wheel and files ${installer} installs from the lock`)
    return shippedTag(path.join(dir, 'fast.zip'))
  } finally {
    index.close()
  }
}

test('a locked set is picked from the index pages without running pip: of the locked files, not yanked first, then the best tag the runtime takes: the wheel pip installs', async () => {
  assert.equal(await pickedBothWays('pip', true), 'cp311-abi3-manylinux_2_17_x86_64')
})

test('with uv, a locked set is picked from the index pages without running uv: the wheel uv installs from the lock', async () => {
  assert.equal(await pickedBothWays('uv', false), 'cp311-cp311-manylinux1_x86_64')
})

test('a locked pick follows pip: a find-links folder\'s wheel ranks after an index file with a known locked hash, and is taken when only it is locked; a pip setting it cannot follow leaves the choice to pip, with the reason', async () => {
  const { root, requirements } = lockedChoiceIndex({ yanked: false })
  const index = await serveIndex(root)
  try {
    // A locked wheel with the best tag, only in a find-links folder: pip learns its hash only by reading it, so
    // an index file whose listed hash the lock names comes first; locked alone, it is the one taken.
    const links = tempDir('spindrift-links-')
    const local = makeWheel(links, { name: 'one', version: '1.0', tag: 'cp311-cp311-manylinux_2_26_x86_64' })
    const cases: [string, string][] = [[`${requirements} --hash=sha256:${sha256File(local)}`, 'cp311-cp311-manylinux1_x86_64'], [`one==1.0 --hash=sha256:${sha256File(local)}`, 'cp311-cp311-manylinux_2_26_x86_64']]
    for (const [pins, tag] of cases) {
      const dir = project(pins)
      const fast = await runCliAsync([...packageArgs(dir, index.url, 'fast.zip'), '--package-python', pythonWithoutPip()], env(tempDir('spindrift-cache-'), { PIP_FIND_LINKS: links }))
      assert.equal(fast.code, 0, fast.stderr)
      assert.equal(shippedTag(path.join(dir, 'fast.zip')), tag)
      const installer = await runCliAsync(packageArgs(dir, index.url, 'installer.zip'), env(tempDir('spindrift-cache-'), { PIP_FIND_LINKS: links, SPINDRIFT_WHEEL_PATH: '0' }))
      assert.equal(installer.code, 0, installer.stderr)
      assert.equal(shippedTag(path.join(dir, 'installer.zip')), tag, 'the wheel pip installs')
      assert.deepEqual(contents(path.join(dir, 'fast.zip')), contents(path.join(dir, 'installer.zip')))
    }
    const dir = project(requirements)
    // An index in pip's configuration file: pip may find files there, so pip chooses.
    const config = path.join(tempDir(), 'pip.conf')
    writeFileSync(config, `[global]\ntimeout = 30\n[install]\nextra-index-url = ${index.url}\n`)
    const configured = await runCliAsync([...packageArgs(dir, index.url, 'configured.zip'), '-v'], env(tempDir('spindrift-cache-'), { PIP_CONFIG_FILE: config }))
    assert.equal(configured.code, 0, configured.stderr)
    assert.match(configured.stderr, /Asking pip which locked files to install: pip's configuration sets extra-index-url/)
    assert.doesNotMatch(configured.stderr, /pip does not run/)
  } finally {
    index.close()
  }
})

test('with uv, a locked pick follows uv\'s configuration: keys that cannot change the file (link-mode, dev-dependencies) keep it; one that can (index-strategy) leaves the choice to uv, with the reason', async () => {
  const { root, requirements } = lockedChoiceIndex({ yanked: false })
  const index = await serveIndex(root)
  try {
    const dir = project(requirements)
    const config = path.join(tempDir(), 'uv.toml')
    const build = async (toml: string) => {
      writeFileSync(config, toml)
      const run = await runCliAsync([...packageArgs(dir, index.url), '--package-installer', 'uv', '-v'], env(tempDir('spindrift-cache-'), { UV_CACHE_DIR: tempDir('uv-cache-'), UV_CONFIG_FILE: config }))
      assert.equal(run.code, 0, run.stderr)
      return run.stderr
    }
    assert.match(await build('link-mode = "copy"\ndev-dependencies = []\n'), /from the index pages: uv does not run/)
    const strategy = await build('index-strategy = "unsafe-best-match"\n')
    assert.match(strategy, /Asking uv which locked files to install: uv's configuration sets index-strategy/)
    assert.doesNotMatch(strategy, /uv does not run/)
  } finally {
    index.close()
  }
})
