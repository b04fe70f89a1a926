// Lambda platform fidelity through the CLI against fabricated indexes: markers resolved for the target.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import AdmZip from 'adm-zip'
import { buildZip } from '../src/zip/archive.js'
import { describeLayer } from '../src/deps/store.js'
import { makeIndex } from './helpers/pyindex.js'
import { extract, invokeExtracted, runCli, tempDir, writeTree, zipBytes, zipNames } from './helpers/run.js'
import { compareNames } from '../src/common/names.js'

const work = tempDir()
const pure = (name: string, requires: string[] = []) => ({ name, version: '1.0', tag: 'py3-none-any', requires })
const INDEX = makeIndex(path.join(work, 'index'), [
  pure('needs-new', ['newonly; python_version >= "3.12"']),
  pure('needs-arm', ['armonly; platform_machine == "aarch64"']),
  pure('linux-only', ['everywhere; sys_platform == "linux"', 'devtool; extra == "dev"']),
  pure('newonly'),
  pure('armonly'),
  pure('everywhere'),
  pure('devtool')
])

function pack(requirement: string, runtime: string, architecture = 'x86_64') {
  const app = tempDir('spindrift-markers-')
  writeTree(app, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': `${requirement}\n` })
  const out = path.join(app, 'out.zip')
  // python3 (3.11 here) runs pip whatever the target: what is checked is what happens when they differ.
  const run = runCli(['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-runtime', runtime, '--package-architecture', architecture, '--package-index-url', INDEX, '--output-path', out, '--no-cache', '--package-python', 'python3'])
  return { run, out }
}

// This machine runs Python 3.11 on x86_64; the cases below make pip's interpreter differ from the target.
const cases: [string, string, string, RegExp | null][] = [
  ['needs-new', 'python3.12', 'x86_64', /pip ran on Python 3\.11 \(x86_64\) but the target is python3\.12 on x86_64, and a dependency marker decides differently there \("newonly; python_version >= \\?"3\.12\\?""?\)/],
  ['needs-arm', 'python3.11', 'arm64', /the target is python3\.11 on arm64, and a dependency marker decides differently there \("armonly; platform_machine == \\?"aarch64\\?""?\).*run spindrift with Python 3\.11 on aarch64/],
  ['linux-only', 'python3.12', 'arm64', null],
  ['needs-new', 'python3.11', 'x86_64', null]
]

for (const [requirement, runtime, architecture, failure] of cases) {
  test(`${requirement} for ${runtime} on ${architecture}: ${failure ? 'refused, a marker decides differently on Lambda' : 'accepted, every marker decides as on Lambda'}`, () => {
    const { run, out } = pack(requirement, runtime, architecture)
    if (failure) {
      assert.equal(run.code, 1, run.stderr)
      assert.match(run.stderr.trim().split('\n').at(-1) as string, failure)
      return
    }
    assert.equal(run.code, 0, run.stderr)
    const names = zipNames(out)
    if (requirement === 'linux-only') {
      assert.ok(names.includes('everywhere/__init__.py'))
      assert.ok(!names.some(n => n.startsWith('devtool')), 'extras are not installed')
      assert.match(run.stderr, /warning: pip runs on Python 3\.11 \(x86_64\) for python3\.12 on arm64: every dependency marker will be checked/)
    } else {
      assert.ok(!names.some(n => n.startsWith('newonly')), 'the marker is false on python3.11, as on Lambda')
      assert.doesNotMatch(run.stderr, /warning/)
    }
  })
}

test('package.installer uv resolves markers for the target itself: the dependency Lambda needs is installed', () => {
  const app = tempDir('spindrift-uv-')
  writeTree(app, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': 'needs-new\nneeds-arm\n' })
  const out = path.join(app, 'out.zip')
  const run = runCli(['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-runtime', 'python3.12', '--package-architecture', 'arm64', '--package-installer', 'uv', '--package-index-url', INDEX, '--output-path', out, '--no-cache'])
  assert.equal(run.code, 0, run.stderr)
  const names = zipNames(out)
  assert.ok(names.includes('newonly/__init__.py'), 'python_version >= "3.12" is true on the target')
  assert.ok(names.includes('armonly/__init__.py'), 'platform_machine == "aarch64" is true on the target')
  assert.ok(names.includes('needs_new-1.0.dist-info/INSTALLER'))
  assert.ok(!names.includes('.lock'), 'uv\'s lock file for the target folder is not shipped')
  assert.doesNotMatch(run.stderr, /warning/)
})

test('package.installer uv never takes a wheel newer than the runtime\'s glibc', () => {
  const index = makeIndex(path.join(work, 'uv-tags'), [{ name: 'demo', version: '1.0', tag: 'cp311-cp311-manylinux_2_28_x86_64' }])
  const app = tempDir('spindrift-uv-')
  writeTree(app, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': 'demo\n' })
  const run = runCli(['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-installer', 'uv', '--package-index-url', index, '--output-path', path.join(app, 'out.zip'), '--no-cache'])
  assert.equal(run.code, 1)
  assert.match(run.stderr, /spindrift: No wheel of "demo" fits python3\.11 on x86_64 \(tried x86_64-manylinux_2_17/)
})

test('size: over 50 MB zipped is a warning (S3 upload needed); over 262,144,000 bytes unzipped is an error naming the largest packages', () => {
  const randomBytes = (n: number) => { const b = Buffer.alloc(n); for (let i = 0; i < n; i += 4) b.writeUInt32LE((Math.imul(i, 2654435761) ^ (i >>> 7)) >>> 0, i); return b }
  const index = makeIndex(path.join(work, 'sizes'), [
    { name: 'noisy', version: '3.0', tag: 'py3-none-any', files: { 'noisy/__init__.py': '', 'noisy/blob.bin': randomBytes(52 * 1024 * 1024) } },
    { name: 'zeros', version: '1.0', tag: 'py3-none-any', files: { 'zeros/__init__.py': '', 'zeros/a.bin': Buffer.alloc(140_000_000), 'zeros/b.bin': Buffer.alloc(130_000_000) } },
    pure('small')
  ])
  const app = tempDir('spindrift-size-')
  writeTree(app, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'big.txt': 'noisy\nsmall\n', 'huge.txt': 'zeros\nsmall\n' })
  const common = ['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', index, '--no-cache']

  const big = runCli([...common, '--package-requirements', path.join(app, 'big.txt'), '--output-path', path.join(app, 'big.zip')])
  assert.equal(big.code, 0, big.stderr)
  assert.match(big.stderr, /warning: The zip is 5\d\.\d MB, over the 50 MB limit for direct upload: deploy it through S3\. The largest parts are noisy 3\.0 52\.0 MB, /)

  const out = path.join(app, 'huge.zip')
  const huge = runCli([...common, '--package-requirements', path.join(app, 'huge.txt'), '--output-path', out])
  assert.equal(huge.code, 1)
  assert.match(huge.stderr, /spindrift: The package unzips to 257\.\d MB, over Lambda's limit of 250 MB \(262144000 bytes\), so python3\.11 cannot run it; the largest parts are zeros 1\.0 257\.5 MB, .*small 1\.0 .*\(your app\)/)
  assert.equal(existsSync(out), false)

  // With the dependencies in a layer, the limit is over function and layer together, and neither zip is written.
  const layer = path.join(app, 'huge-layer.zip')
  const split = runCli([...common, '--package-requirements', path.join(app, 'huge.txt'), '--output-path', out, '--package-layer', '--output-layer-path', layer])
  assert.equal(split.code, 1)
  assert.match(split.stderr, /spindrift: The package unzips to 257\.\d MB, over Lambda's limit of 250 MB/)
  assert.equal(existsSync(out), false)
  assert.equal(existsSync(layer), false)
})

test('source-only packages: a pure one is built and shipped; a compiled one fails naming package, version and tags', () => {
  const index = makeIndex(path.join(work, 'sources'), [pure('wheeled', ['srconly>=1'])], [
    { name: 'srconly', version: '1.2', requires: ['newonly'] },
    { name: 'srcnative', version: '0.9', tag: 'cp311-cp311-linux_x86_64' }
  ])
  const pureApp = tempDir('spindrift-src-')
  writeTree(pureApp, { 'handler.py': 'import srconly\n\ndef handler(event, context):\n    return srconly.BUILT_FROM_SOURCE\n', 'requirements.txt': 'wheeled\n' })
  const out = path.join(pureApp, 'out.zip')
  const ok = runCli(['package', '--package-path', pureApp, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', `${index}`, '--package-extra-index-url', INDEX, '--output-path', out, '--no-cache'])
  assert.equal(ok.code, 0, ok.stderr)
  const names = zipNames(out)
  assert.ok(names.includes('srconly/__init__.py'), 'built from its sdist')
  assert.ok(names.includes('srconly-1.2.dist-info/METADATA'))
  assert.ok(names.includes('newonly/__init__.py'), 'its own dependencies are installed too')
  assert.equal(invokeExtracted(extract(out), {}), true)

  const nativeApp = tempDir('spindrift-src-')
  writeTree(nativeApp, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': 'srcnative\n' })
  const bad = runCli(['package', '--package-path', nativeApp, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', index, '--output-path', path.join(nativeApp, 'out.zip'), '--no-cache'])
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /spindrift: "srcnative" 0\.9 publishes no wheel for python3\.11 on x86_64 \(tried manylinux_2_5…2_26_x86_64 \(and the legacy manylinux names\)\), and its source builds a compiled wheel \(cp311-cp311-linux_x86_64, srcnative\/_speedups\.cpython-311-x86_64-linux-gnu\.so\) for this machine, not for Lambda; pin a version of srcnative that publishes manylinux wheels/)
})

test('trimming: exclude globs, tests folders and runtime-provided packages are left out on request, dist-info never', () => {
  const index = makeIndex(path.join(work, 'trim'), [
    { name: 'bigpkg', version: '1.0', tag: 'py3-none-any', files: { 'bigpkg/__init__.py': '', 'bigpkg/tests/test_x.py': '', 'bigpkg/docs/guide.md': '# guide', 'bigpkg/data/test/keep.txt': 'x' } },
    { name: 'boto3', version: '1.40.0', tag: 'py3-none-any', requires: ['botocore'] },
    { name: 'botocore', version: '1.40.0', tag: 'py3-none-any' }
  ])
  const app = tempDir('spindrift-trim-')
  writeTree(app, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'NOTES.md': 'app notes', 'requirements.txt': 'bigpkg\nboto3\n' })
  const common = ['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', index, '--no-cache']
  const full = path.join(app, 'full.zip')
  assert.equal(runCli([...common, '--output-path', full]).code, 0)
  const all = zipNames(full)
  for (const name of ['bigpkg/tests/test_x.py', 'bigpkg/docs/guide.md', 'boto3/__init__.py', 'botocore/__init__.py', 'NOTES.md']) assert.ok(all.includes(name), name)

  const slim = path.join(app, 'slim.zip')
  const run = runCli([...common, '--output-path', slim, '--package-exclude', '**/*.md', '--package-strip-tests', '--package-skip-runtime-provided'])
  assert.equal(run.code, 0, run.stderr)
  const kept = zipNames(slim)
  for (const gone of ['bigpkg/tests/test_x.py', 'bigpkg/docs/guide.md', 'NOTES.md', 'boto3/__init__.py', 'botocore/__init__.py', 'boto3-1.40.0.dist-info/METADATA']) assert.ok(!kept.includes(gone), gone)
  for (const stays of ['bigpkg/__init__.py', 'bigpkg/data/test/keep.txt', 'bigpkg-1.0.dist-info/METADATA', 'bigpkg-1.0.dist-info/RECORD', 'handler.py', 'index.py']) assert.ok(kept.includes(stays), stays)
})

test('package.compile ships reproducible unchecked-hash bytecode, and only with the runtime\'s exact Python', () => {
  const app = tempDir('spindrift-compile-')
  writeTree(app, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': 'everywhere\n' })
  const common = ['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-index-url', INDEX, '--package-compile', '--no-cache']
  const one = path.join(app, 'one.zip')
  const two = path.join(tempDir(), 'two.zip')
  assert.equal(runCli([...common, '--package-runtime', 'python3.11', '--output-path', one]).code, 0)
  assert.equal(runCli([...common, '--package-runtime', 'python3.11', '--output-path', two], { env: { TZ: 'Asia/Tokyo' } }).code, 0)
  assert.deepEqual(readFileSync(two), readFileSync(one))
  const pyc = zipBytes(one, '__pycache__/handler.cpython-311.pyc')
  assert.ok(pyc, 'the app is compiled')
  assert.equal(pyc.readUInt32LE(4), 0b01, 'hash-based, unchecked')
  assert.ok(zipNames(one).includes('everywhere/__pycache__/__init__.cpython-311.pyc'), 'dependencies are compiled')
  assert.ok(pyc.includes(Buffer.from('/var/task/handler.py')), 'file names as Lambda sees them')

  const wrong = runCli([...common, '--package-runtime', 'python3.12', '--package-python', 'python3', '--output-path', path.join(app, 'wrong.zip')])
  assert.equal(wrong.code, 1)
  assert.match(wrong.stderr, /spindrift: package\.compile needs Python 3\.12 to write bytecode for python3\.12, but python3 is Python 3\.11/)
})

test('package.import-check fails the build on a missing dependency, before anything is written', () => {
  const app = tempDir('spindrift-import-')
  writeTree(app, { 'handler.py': 'import everywhere\nimport notdeclared\n\ndef handler(event, context):\n    return 1\n', 'requirements.txt': 'everywhere\n' })
  const out = path.join(app, 'out.zip')
  const common = ['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-index-url', INDEX, '--package-import-check', '--output-path', out, '--no-cache']
  const run = runCli([...common, '--package-runtime', 'python3.11'])
  assert.equal(run.code, 1)
  assert.match(run.stderr, /spindrift: The package fails to import as python3\.11 would load it \(.*No module named 'notdeclared'\); add the missing dependency/)
  assert.equal(existsSync(out), false)
  writeTree(app, { 'handler.py': 'import everywhere\n\ndef handler(event, context):\n    return 1\n' })
  assert.equal(runCli([...common, '--package-runtime', 'python3.11']).code, 0)
  const mismatch = runCli([...common, '--package-runtime', 'python3.13', '--package-python', 'python3'])
  assert.match(mismatch.stderr, /package\.import-check needs Python 3\.13 on x86_64/)
})

/** A real shared object, compiled here, that needs GLIBC_2.28 (statx). */
function soNeedingGlibc228(): Buffer {
  const dir = tempDir('spindrift-cc-')
  writeFileSync(path.join(dir, 'g.c'), '#define _GNU_SOURCE\n#include <sys/stat.h>\n#include <fcntl.h>\nint probe(void) { struct statx s; return statx(AT_FDCWD, "/", 0, STATX_ALL, &s); }\n')
  execFileSync('gcc', ['-shared', '-fPIC', '-O1', '-o', path.join(dir, 'g.so'), path.join(dir, 'g.c')])
  return readFileSync(path.join(dir, 'g.so'))
}

test('binary audit: a wheel whose .so needs GLIBC_2.28 fails for python3.11 (glibc 2.26) and passes for python3.12 (2.34)', () => {
  const so = soNeedingGlibc228()
  // The tags claim manylinux_2_17: only reading the binary shows what it really needs.
  const index = makeIndex(path.join(work, 'glibc'), ['cp311-cp311-manylinux_2_17_x86_64', 'cp312-cp312-manylinux_2_17_x86_64'].map(tag => ({
    name: 'statxer', version: '1.0', tag, files: { 'statxer/__init__.py': '', 'statxer/_probe.cpython-311-x86_64-linux-gnu.so': so }
  })))
  const app = tempDir('spindrift-audit-')
  writeTree(app, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': 'statxer\n' })
  const common = ['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-index-url', index, '--output-path', path.join(app, 'out.zip')]
  const cache = tempDir('spindrift-cache-')
  const old = runCli([...common, '--package-runtime', 'python3.11'], { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(old.code, 1)
  assert.match(old.stderr, /spindrift: The dependencies hold binaries that cannot run on python3\.11 x86_64: statxer\/_probe\.cpython-311-x86_64-linux-gnu\.so \(from statxer\) needs GLIBC_2\.28, newer than python3\.11's 2\.26; pin versions that publish manylinux wheels/)
  assert.equal(existsSync(path.join(app, 'out.zip')), false)
  assert.equal(existsSync(path.join(cache, 'deps')), false, 'a layer that fails the audit is never cached')
  const current = runCli([...common, '--package-runtime', 'python3.12', '--json'], { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(current.code, 0, current.stderr)
})

test('binary audit: a cached layer is audited on restore; one that fails costs a warning and a reinstall', async () => {
  const app = tempDir('spindrift-audit-')
  writeTree(app, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': 'everywhere\n' })
  const cache = tempDir('spindrift-cache-')
  const args = ['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--output-path', path.join(app, 'out.zip')]
  assert.equal(runCli(args, { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)
  // Rewrite the stored layer as an older spindrift might have left it: a bad binary inside, no audit record.
  const folder = path.join(cache, 'deps', readdirSync(path.join(cache, 'deps'))[0])
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'))
  const files = [...new AdmZip(path.join(folder, 'deps.zip')).getEntries().map(e => ({ name: e.entryName, data: e.getData() })), { name: 'everywhere/_native.so', data: soNeedingGlibc228() }].sort((a, b) => compareNames(a.name, b.name))
  const zip = Buffer.concat((await buildZip(files)).parts)
  writeFileSync(path.join(folder, 'deps.zip'), zip)
  const { audit, ...older } = { ...manifest, ...describeLayer(manifest.key, zip, files) }
  assert.deepEqual(audit, { version: 1 }, 'the stored layer had been audited')
  writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(older))
  const run = runCli(args, { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /warning: Ignoring the cached dependency layer [^ ]+: The cached dependencies hold binaries that cannot run on python3\.11 x86_64: everywhere\/_native\.so needs GLIBC_2\.28.*; reinstalling\./)
  assert.ok(!new AdmZip(path.join(app, 'out.zip')).getEntries().some(e => e.entryName === 'everywhere/_native.so'), 'the reinstalled layer is what the index gives')
})

test('binary audit memo: a warm build restoring the very bytes this machine audited skips the audit and repeats its notes; without the memo (a layer from elsewhere) it audits in full', () => {
  // A Windows executable in a wheel: the audit's note (a warning, never a failure) is what shows it ran.
  const pe = Buffer.alloc(0x80)
  pe.write('MZ', 0, 'latin1')
  pe.writeUInt32LE(0x40, 0x3c)
  pe.writeUInt32BE(0x50450000, 0x40)
  const index = makeIndex(path.join(work, 'pe-index'), [{ name: 'withexe', version: '1.0', tag: 'py3-none-any', files: { 'withexe/__init__.py': '', 'withexe/launcher.exe': pe } }])
  const app = tempDir('spindrift-audit-memo-')
  writeTree(app, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': 'withexe\n' })
  const cache = tempDir('spindrift-cache-')
  const build = () => {
    const run = runCli(['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', index, '--output-path', path.join(app, 'out.zip'), '-v'], { env: { SPINDRIFT_CACHE_DIR: cache } })
    assert.equal(run.code, 0, run.stderr)
    return run.stderr
  }
  const note = /warning: withexe\/launcher\.exe \(withexe\) is a Windows \(PE\) executable, never run on Lambda/
  const cold = build()
  assert.match(cold, note)
  assert.equal(readdirSync(path.join(cache, 'checked')).length, 1, 'what the audit found is recorded')
  const warm = build()
  assert.match(warm, /Dependency layer restored from the cache, the same bytes this machine checked before/)
  assert.match(warm, note, 'the note is shown again')
  // The memo is this machine's: without it (a layer restored from GitHub's cache), the layer is audited again.
  rmSync(path.join(cache, 'checked'), { recursive: true })
  const restored = build()
  assert.match(restored, /Dependency layer restored from the cache: pip does not run/)
  assert.match(restored, note)
  assert.equal(readdirSync(path.join(cache, 'checked')).length, 1)
})
