// What may ship from the dependencies, the project and the caches: no editable links to this machine, nothing
// but the shim named "index", no file/folder or module clashes, and cached layers checked like fresh installs.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import AdmZip from 'adm-zip'
import { makeIndex, sha256File } from './helpers/pyindex.js'
import { writeBuildableProject } from './helpers/projects.js'
import { muslElf } from './helpers/elf.js'
import { runCli, tempDir, writeTree, zipNames, zipText } from './helpers/run.js'

const HANDLER = { 'handler.py': 'def handler(event, context):\n    return 1\n' }
const INDEX = makeIndex(path.join(tempDir(), 'index'), [
  { name: 'good', version: '1.0', tag: 'py3-none-any' },
  { name: 'editable-lib', version: '1.0', tag: 'py3-none-any', files: { '__editable___editable_lib_1_0_finder.py': 'MAPPING = {"lib": "/home/dev/lib"}\n', '__editable__.editable_lib-1.0.pth': 'import __editable___editable_lib_1_0_finder; __editable___editable_lib_1_0_finder.install()\n' } },
  { name: 'dev-path', version: '1.0', tag: 'py3-none-any', files: { 'dev_path.pth': '/home/dev/src\n', 'dev_path_mod.py': '' } },
  { name: 'precedence', version: '1.0', tag: 'py3-none-any', files: { 'distutils-precedence.pth': "import os; var = 'SETUPTOOLS_USE_DISTUTILS'\n", 'precedence/__init__.py': '' } },
  { name: 'index-pkg', version: '1.0', tag: 'py3-none-any', files: { 'index/__init__.py': 'def handler(e, c):\n    return "hijacked"\n' } },
  { name: 'index-module', version: '1.0', tag: 'py3-none-any', files: { 'index.py': 'def handler(e, c):\n    return "hijacked"\n' } },
  { name: 'index-ext', version: '1.0', tag: 'py3-none-any', files: { 'index.cpython-311-x86_64-linux-gnu.so': 'not really ELF' } },
  { name: 'handler-too', version: '1.0', tag: 'py3-none-any', files: { 'handler.py': 'def handler(e, c):\n    return "replaced"\n' } },
  { name: 'handler-pkg', version: '1.0', tag: 'py3-none-any', files: { 'handler/__init__.py': 'def handler(e, c):\n    return "shadowed"\n' } },
  { name: 'file-folder', version: '1.0', tag: 'py3-none-any', files: { 'data.txt/inner.txt': 'x' } }
])

function pack(files: Record<string, string>, extra: string[] = [], env: Record<string, string> = {}) {
  const dir = tempDir('spindrift-ship-')
  writeTree(dir, files)
  const out = path.join(tempDir(), 'app.zip')
  const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--output-path', out, ...extra], { env })
  return { run, out, dir }
}

test('an editable finder from the dependencies never ships: one sentence naming the -e requirement', () => {
  const { run } = pack({ ...HANDLER, 'requirements.txt': 'editable-lib\n' }, ['--no-cache'])
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, /spindrift: The dependencies hold __editable__[^ ]*, an editable install's link back to a folder on this machine \(an "-e" requirement\), which cannot work on Lambda; install that requirement without -e/)
})

test('a .pth naming a folder outside the zip never ships; a .pth that only imports does', () => {
  const bad = pack({ ...HANDLER, 'requirements.txt': 'dev-path\n' }, ['--no-cache'])
  assert.equal(bad.run.code, 1, bad.run.stderr)
  assert.match(bad.run.stderr, /spindrift: The dependencies hold dev_path\.pth, which points Python at "\/home\/dev\/src", outside the zip/)
  const fine = pack({ ...HANDLER, 'requirements.txt': 'precedence\n' }, ['--no-cache'])
  assert.equal(fine.run.code, 0, fine.run.stderr)
  assert.ok(zipNames(fine.out).includes('distutils-precedence.pth'))
})

for (const [name, file] of [['index-pkg', 'index/__init__.py'], ['index-module', 'index.py'], ['index-ext', 'index.cpython-311-x86_64-linux-gnu.so']]) {
  test(`a dependency that ships ${file} cannot replace the handler shim`, () => {
    const { run } = pack({ ...HANDLER, 'requirements.txt': `${name}\n` }, ['--no-cache'])
    assert.equal(run.code, 1, run.stderr)
    assert.match(run.stderr, new RegExp(`spindrift: The dependencies ship ${file.replace(/\./g, '\\.')}, which Python would import as "index" instead of spindrift's handler shim`))
  })
}

test('a project package index/ or extension index.so cannot replace the handler shim', () => {
  for (const file of ['index/__init__.py', 'index.abi3.so']) {
    const { run } = pack({ ...HANDLER, [file]: '' }, ['--no-cache'])
    assert.equal(run.code, 1, run.stderr)
    assert.match(run.stderr, new RegExp(`spindrift: The project in .* ships ${file.replace(/\./g, '\\.')}, which Python would import as "index" instead of spindrift's handler shim`))
  }
})

test('a dependency module that clashes with the project\'s is a sentence, not a silent replacement', () => {
  const same = pack({ ...HANDLER, 'requirements.txt': 'handler-too\n' }, ['--no-cache'])
  assert.equal(same.run.code, 1, same.run.stderr)
  assert.match(same.run.stderr, /spindrift: Both the project in .* and a dependency ship handler\.py, and one would silently replace the other/)
  const shadow = pack({ ...HANDLER, 'requirements.txt': 'handler-pkg\n' }, ['--no-cache'])
  assert.equal(shadow.run.code, 1, shadow.run.stderr)
  assert.match(shadow.run.stderr, /spindrift: The project in .* has a module "handler" and a dependency ships a package of the same name, so Python would import only one of them/)
})

test('a name that is both a file and a folder (data.txt and data.txt/inner.txt) is refused', () => {
  const { run } = pack({ ...HANDLER, 'data.txt': 'x', 'requirements.txt': 'file-folder\n' }, ['--no-cache'])
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, /spindrift: Refusing to store both the file "data\.txt" and "data\.txt\/inner\.txt" in the zip: one name cannot be a file and a folder/)
})

const ESCAPE = '../../escape.py'
const PLACEHOLDER = 'zzzzzzescape.py'

/** Rewrite a cached layer as someone with write access to the cache could: new zip, matching manifest. */
function poisonLayer(cache: string, change: (zip: AdmZip) => void): void {
  const folder = path.join(cache, 'deps', readdirSync(path.join(cache, 'deps'))[0])
  const zip = new AdmZip(path.join(folder, 'deps.zip'))
  change(zip)
  // adm-zip cleans "../" out of names it is given: write a placeholder of the same length, then patch the bytes.
  const bytes = Buffer.from(zip.toBuffer().toString('latin1').replaceAll(PLACEHOLDER, ESCAPE), 'latin1')
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'))
  const entries = new AdmZip(zip.toBuffer()).getEntries()
  manifest.zipSha256 = createHash('sha256').update(bytes).digest('hex')
  manifest.files = entries.map(e => ({ name: e.entryName.replace(PLACEHOLDER, ESCAPE), size: e.getData().length, sha256: createHash('sha256').update(e.getData()).digest('hex') }))
  writeFileSync(path.join(folder, 'deps.zip'), bytes)
  writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest))
}

for (const [route, change, expected] of [
  ['an index/ package', (zip: AdmZip) => zip.addFile('index/__init__.py', Buffer.from('def handler(e, c):\n    return "hijacked"\n')), /The cached dependencies ship index\/__init__\.py/],
  ['an editable finder', (zip: AdmZip) => zip.addFile('__editable___x_finder.py', Buffer.from('')), /The cached dependencies hold __editable___x_finder\.py/],
  ['an entry name that climbs out', (zip: AdmZip) => zip.addFile(PLACEHOLDER, Buffer.from('x = 1\n')), /deps\.zip holds the entry name "\.\.\/\.\.\/escape\.py", which is not a relative path inside the package/],
  ['a manifest that says the audit passed, over a musl binary', (zip: AdmZip) => zip.addFile('good/musl.so', muslElf()), /hold binaries that cannot run on python3\.11/]
] as const) {
  test(`a cached layer holding ${route} costs a warning and a reinstall, never the zip`, () => {
    const cache = tempDir('spindrift-cache-')
    const first = pack({ ...HANDLER, 'requirements.txt': 'good\n' }, [], { SPINDRIFT_CACHE_DIR: cache })
    assert.equal(first.run.code, 0, first.run.stderr)
    poisonLayer(cache, zip => {
      change(zip)
    })
    if (route.startsWith('a manifest')) {
      const folder = path.join(cache, 'deps', readdirSync(path.join(cache, 'deps'))[0])
      const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'))
      manifest.audit = { version: 1 }
      writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest))
    }
    const second = pack({ ...HANDLER, 'requirements.txt': 'good\n' }, ['--json'], { SPINDRIFT_CACHE_DIR: cache })
    assert.equal(second.run.code, 0, second.run.stderr)
    assert.match(second.run.stderr, /warning: Ignoring the cached dependency layer [^ ]+: /)
    assert.match(second.run.stderr, expected)
    assert.equal(JSON.parse(second.run.stdout).cacheHit, false)
    assert.deepEqual(zipNames(second.out).sort(), zipNames(first.out).sort(), 'the zip holds what a fresh install gives')
  })
}

test('compile meets a syntax error: a warning naming the file, which still ships as source', () => {
  const { run, out } = pack({ ...HANDLER, 'legacy.py': 'print "python 2"\n' }, ['--no-cache', '--package-compile'])
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /warning: package\.compile: legacy\.py did not compile \(a syntax error for this Python\?\); they ship as source and will fail when imported\./)
  assert.ok(zipNames(out).includes('legacy.py'))
})

test('import check: a module that calls sys.exit while being imported fails the check', () => {
  for (const exit of ['import sys\nsys.exit(0)\n', 'import os\nos._exit(0)\n']) {
    const { run } = pack({ 'handler.py': `${exit}def handler(event, context):\n    return 1\n` }, ['--no-cache', '--package-import-check'])
    assert.equal(run.code, 1, run.stderr)
    assert.match(run.stderr, /spindrift: The package fails to import as python3\.11 would load it \((importing it called sys\.exit\(0\)|the interpreter ended before the import finished)\)/)
  }
})

/** A buildable project whose wheel the cache keeps; the recipe (the warm path without pip) removed when asked. */
function cachedProject() {
  const project = tempDir('spindrift-appcache-')
  writeBuildableProject(project, { name: 'cached_app', dependencies: [], module: 'def handler(event, context):\n    return "real"\n' })
  const cache = tempDir('spindrift-cache-')
  const out = path.join(tempDir(), 'app.zip')
  const args = ['package', '--package-path', project, '--package-entry', 'cached_app.handlers:handler', '--package-runtime', 'python3.11', '--output-path', out]
  const first = runCli(args, { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(first.code, 0, first.stderr)
  const appDir = path.join(cache, 'app')
  const wheel = path.join(appDir, readdirSync(appDir).find(f => f.endsWith('.whl')) as string)
  const recipe = path.join(appDir, readdirSync(appDir).find(f => f.endsWith('.recipe.json')) as string)
  return { args, cache, out, wheel, recipe, again: () => runCli(args, { env: { SPINDRIFT_CACHE_DIR: cache } }) }
}

test('a replaced cached project wheel is detected and rebuilt with a warning', () => {
  const c = cachedProject()
  rmSync(c.recipe)
  const zip = new AdmZip(c.wheel)
  zip.updateFile('cached_app/handlers.py', Buffer.from('def handler(event, context):\n    return "replaced"\n'))
  zip.writeZip(c.wheel)
  const run = c.again()
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /warning: Ignoring the cached project wheel .*\.whl: it does not match the hash recorded when it was built; rebuilding it\./)
  assert.match(zipText(c.out, 'cached_app/handlers.py') as string, /"real"/)
})

test('a truncated cached project wheel costs a warning and a rebuild, never an internal error', () => {
  const c = cachedProject()
  rmSync(c.recipe)
  const half = readFileSync(c.wheel).subarray(0, 200)
  writeFileSync(c.wheel, half)
  // Even with a hash that matches the damaged bytes, the wheel must still be readable and match its RECORD.
  writeFileSync(`${c.wheel}.sha256`, createHash('sha256').update(half).digest('hex'))
  const run = c.again()
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /warning: Ignoring the cached project wheel .*\.whl: it cannot be read \(.*\); rebuilding it\./)
  assert.doesNotMatch(run.stderr, /internal error/)
  assert.match(zipText(c.out, 'cached_app/handlers.py') as string, /"real"/)
})

test('a rewritten build recipe that ships one file under another name is refused with a warning', () => {
  const c = cachedProject()
  const recipe = JSON.parse(readFileSync(c.recipe, 'utf8'))
  recipe.copies = recipe.copies.map((copy: { name: string; source: string }) => (copy.name === 'cached_app/handlers.py' ? { ...copy, source: 'README.md' } : copy))
  writeFileSync(c.recipe, JSON.stringify(recipe))
  const run = c.again()
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /warning: Ignoring the cached build recipe .*\.recipe\.json: it maps a file onto a source of another name; building the project's wheel again\./)
  assert.match(zipText(c.out, 'cached_app/handlers.py') as string, /"real"/)
})

/** A wheel in its own index whose entry name ASCII placeholder is patched to raw bytes afterwards (adm-zip writes only text). */
function indexWithPatchedName(name: string, files: Record<string, string | Buffer>, from: string, to: string): string {
  const root = tempDir('spindrift-badname-index-')
  const url = makeIndex(root, [{ name, version: '1.0', tag: 'py3-none-any', files }])
  const wheel = path.join(root, 'files', readdirSync(path.join(root, 'files'))[0])
  const before = sha256File(wheel)
  writeFileSync(wheel, Buffer.from(readFileSync(wheel).toString('latin1').replaceAll(from, to), 'latin1'))
  const page = path.join(root, 'simple', name, 'index.html')
  writeFileSync(page, readFileSync(page, 'utf8').replace(before, sha256File(wheel)))
  return url
}

test('a dependency wheel with a file name that is not UTF-8 is one sentence naming the wheel', () => {
  const url = indexWithPatchedName('badname', { 'badname/__init__.py': '', 'badname/QQ.txt': 'x' }, 'QQ.txt', '\xff\xfe.txt')
  const { run } = pack({ ...HANDLER, 'requirements.txt': 'badname\n' }, ['--no-cache', '--package-index-url', url])
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, /spindrift: pip could not install the wheel badname-1\.0-py3-none-any\.whl for python3\.11 on x86_64: it holds a file name that is not valid UTF-8/)
  assert.doesNotMatch(run.stderr, /Fix the requirement/)
})

/** Over Lambda's 250 MB unzipped limit; zeros, so the wheel itself stays small. */
const HUGE = Buffer.alloc(262_144_001)

test('a dependency file over Lambda\'s unzipped limit is one sentence naming the distribution and the file', () => {
  const url = makeIndex(tempDir('spindrift-huge-index-'), [{ name: 'hugedata', version: '2.0', tag: 'py3-none-any', files: { 'hugedata/__init__.py': '', 'hugedata/blob.bin': HUGE } }])
  const { run } = pack({ ...HANDLER, 'requirements.txt': 'hugedata\n' }, ['--no-cache', '--package-index-url', url])
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, /spindrift: The dependencies hold hugedata\/blob\.bin \(from hugedata 2\.0\) of 262\.1 MB, over the 262\.1 MB Lambda unzips for a function/)
})

for (const [route, change, expected] of [
  ['a file name that is not UTF-8', (zip: AdmZip) => zip.addFile('good/QQ.txt', Buffer.from('x')), /The cached dependencies hold good\/\uFFFD\uFFFD\.txt \(from good\) whose name is not valid UTF-8/],
  ['a file over the unzipped limit', (zip: AdmZip) => zip.addFile('good/blob.bin', HUGE), /The cached dependencies hold good\/blob\.bin \(from good\) of 262\.1 MB, over the 262\.1 MB Lambda unzips/]
] as const) {
  test(`a cached layer holding ${route} costs a warning and a reinstall`, () => {
    const cache = tempDir('spindrift-cache-')
    const first = pack({ ...HANDLER, 'requirements.txt': 'good\n' }, [], { SPINDRIFT_CACHE_DIR: cache })
    assert.equal(first.run.code, 0, first.run.stderr)
    const folder = path.join(cache, 'deps', readdirSync(path.join(cache, 'deps'))[0])
    const zip = new AdmZip(path.join(folder, 'deps.zip'))
    change(zip)
    const bytes = Buffer.from(zip.toBuffer().toString('latin1').replaceAll('good/QQ.txt', 'good/\xff\xfe.txt'), 'latin1')
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'))
    manifest.zipSha256 = createHash('sha256').update(bytes).digest('hex')
    manifest.files = new AdmZip(bytes).getEntries().map(e => ({ name: e.entryName, size: e.getData().length, sha256: createHash('sha256').update(e.getData()).digest('hex') }))
    writeFileSync(path.join(folder, 'deps.zip'), bytes)
    writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest))
    const second = pack({ ...HANDLER, 'requirements.txt': 'good\n' }, ['--json'], { SPINDRIFT_CACHE_DIR: cache })
    assert.equal(second.run.code, 0, second.run.stderr)
    assert.match(second.run.stderr, /warning: Ignoring the cached dependency layer [^ ]+: /)
    assert.match(second.run.stderr, expected)
    assert.deepEqual(zipNames(second.out).sort(), zipNames(first.out).sort(), 'the zip holds what a fresh install gives')
  })
}
