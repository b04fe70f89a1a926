// The core packager through the built CLI and library against a fabricated package index on disk:
// which wheel is chosen per runtime × architecture, the app layer, the cache, determinism and atomic writes.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { makeIndex } from './helpers/pyindex.js'
import { writeBuildableProject, type FakeBackend } from './helpers/projects.js'
import { ROOT, copyTree, extract, filesIn, invokeExtracted, pythonThatRefusesPip, runCli, tempDir, writeTree, zipNames, zipText } from './helpers/run.js'

const work = tempDir()
const INDEX = makeIndex(path.join(work, 'index'), [
  { name: 'puredep', version: '1.0', tag: 'py3-none-any', files: { 'puredep/__init__.py': 'def greet():\n    return "hi from puredep"\n' } },
  ...[
    'cp311-cp311-manylinux_2_28_x86_64',
    'cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64',
    'cp311-cp311-manylinux2014_aarch64',
    'cp312-cp312-manylinux_2_28_x86_64',
    'cp311-abi3-manylinux_2_17_aarch64',
    'cp312-cp312-macosx_11_0_arm64',
    'cp312-cp312-musllinux_1_2_aarch64',
    'cp312-cp312-win_amd64',
    'cp310-cp310-manylinux_2_24_x86_64',
    'cp310-cp310-manylinux_2_17_aarch64',
    'cp310-cp310-musllinux_1_1_aarch64',
    'cp313-cp313-manylinux_2_34_x86_64',
    'cp313-cp313-manylinux_2_34_aarch64',
    'cp313-cp313-macosx_14_0_arm64',
    'cp314-cp314-manylinux_2_35_x86_64',
    'cp311-abi3-manylinux_2_17_x86_64'
  ].map(tag => ({ name: 'demo', version: '1.0', tag, requires: ['puredep>=1'] })),
  { name: 'toonew', version: '1.0', tag: 'cp311-cp311-manylinux_2_28_x86_64' },
  { name: 'onlyother', version: '1.0', tag: 'cp311-cp311-macosx_11_0_arm64' },
  { name: 'onlyother', version: '1.0', tag: 'cp311-cp311-musllinux_1_2_x86_64' }
])

const HANDLER = 'import demo, puredep\n\n\ndef handler(event, context):\n    return {"tag": demo.TAG, "greeting": puredep.greet(), "event": event}\n'

/** A plain folder app (handler.py + requirements.txt) in a new temp folder. */
function plainApp(requirements = 'demo==1.0\n'): string {
  const dir = tempDir('spindrift-app-')
  writeTree(dir, { 'handler.py': HANDLER, 'requirements.txt': requirements, 'notes/readme.txt': 'kept\n', '.git/config': 'secret', '__pycache__/x.pyc': 'junk', '.env': 'TOKEN=1' })
  return dir
}

function packageArgs(app: string, out: string, runtime = 'python3.11', architecture = 'x86_64'): string[] {
  return [
    'package', '--package-path', app, '--package-type', 'plain', '--package-entry', 'from handler import handler',
    '--package-runtime', runtime, '--package-architecture', architecture, '--package-index-url', INDEX,
    '--output-path', out, '--json'
  ]
}

// Every runtime × architecture: the best wheel pip may take for it, with too-new glibc, foreign platforms and
// other Python versions on offer as decoys.
const selection: [string, string, string][] = [
  ['python3.10', 'x86_64', 'cp310-cp310-manylinux_2_24_x86_64'],
  ['python3.10', 'arm64', 'cp310-cp310-manylinux_2_17_aarch64'],
  ['python3.13', 'x86_64', 'cp313-cp313-manylinux_2_34_x86_64'],
  ['python3.13', 'arm64', 'cp313-cp313-manylinux_2_34_aarch64'],
  ['python3.14', 'x86_64', 'cp311-abi3-manylinux_2_17_x86_64'],
  ['python3.14', 'arm64', 'cp311-abi3-manylinux_2_17_aarch64'],
  ['python3.11', 'x86_64', 'cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64'],
  ['python3.11', 'arm64', 'cp311-cp311-manylinux2014_aarch64'],
  ['python3.12', 'x86_64', 'cp312-cp312-manylinux_2_28_x86_64'],
  ['python3.12', 'arm64', 'cp311-abi3-manylinux_2_17_aarch64']
]

for (const [runtime, architecture, expected] of selection) {
  test(`${runtime} on ${architecture} installs the ${expected} wheel`, () => {
    const app = plainApp()
    const out = path.join(work, `${runtime}-${architecture}.zip`)
    const run = runCli([...packageArgs(app, out, runtime, architecture), '--no-cache'])
    assert.equal(run.code, 0, run.stderr)
    assert.match(zipText(out, 'demo/__init__.py') as string, new RegExp(`TAG = "${expected.replace(/\./g, '\\.')}"`))
    assert.match(zipText(out, 'demo-1.0.dist-info/WHEEL') as string, new RegExp(`Tag: ${expected.split('.')[0]}`))
    assert.ok(zipNames(out).includes('puredep/__init__.py'), 'the dependency of a dependency is installed')
  })
}

test('a package whose only wheel needs a newer glibc than the runtime fails, naming package and platform', () => {
  const app = plainApp('toonew\n')
  const out = path.join(work, 'toonew.zip')
  const run = runCli(packageArgs(app, out))
  assert.equal(run.code, 1)
  assert.match(run.stderr, /^spindrift: No wheel of "toonew" fits python3\.11 on x86_64 \(tried manylinux_2_5…2_26_x86_64/m)
  assert.equal(existsSync(out), false)
})

test('macOS and musllinux wheels are never taken', () => {
  const run = runCli(packageArgs(plainApp('onlyother\n'), path.join(work, 'other.zip')))
  assert.equal(run.code, 1)
  assert.match(run.stderr, /No wheel of "onlyother" fits python3\.11 on x86_64/)
})

test('a dependency that does not exist fails with one sentence and writes nothing', () => {
  const out = path.join(work, 'missing.zip')
  const run = runCli(packageArgs(plainApp('no-such-package-anywhere==1.0\n'), out))
  assert.equal(run.code, 1)
  assert.match(run.stderr, /No wheel of "no-such-package-anywhere==1\.0" fits python3\.11 on x86_64.*or no such package exists on the index/)
  assert.doesNotMatch(run.stderr, /\n\s+at /)
})

test('a requirement pip rejects fails with pip\'s own words', () => {
  const run = runCli(packageArgs(plainApp('demo[oops\n'), path.join(work, 'rejected.zip')))
  assert.equal(run.code, 1)
  assert.match(run.stderr, /^spindrift: pip could not install the dependencies for python3\.11 on x86_64: .*(Invalid requirement|demo\[oops)/m)
})

test('a plain folder packages its files and its requirements, and the zip runs in a clean interpreter', () => {
  const app = plainApp()
  const out = path.join(work, 'plain.zip')
  const run = runCli([...packageArgs(app, out), '--no-cache'])
  assert.equal(run.code, 0, run.stderr)
  const result = JSON.parse(run.stdout)
  const names = zipNames(out)
  for (const name of ['index.py', 'handler.py', 'notes/readme.txt', 'demo/__init__.py', 'puredep/__init__.py']) assert.ok(names.includes(name), name)
  for (const secret of ['.git/config', '.env', '__pycache__/x.pyc']) assert.ok(!names.includes(secret), secret)
  const dir = extract(out)
  assert.deepEqual(invokeExtracted(dir, { hello: 'world' }), {
    tag: 'cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64',
    greeting: 'hi from puredep',
    event: { hello: 'world' }
  })
  assert.equal(result.handler, 'index.handler')
  assert.equal(result.path, out)
  assert.equal(result.size, statSync(out).size)
  assert.equal(result.cacheHit, false)
})

test('a project with packaging metadata: the wheel pip builds is the app layer and its declared dependencies are installed', () => {
  const project = tempDir('spindrift-project-')
  writeBuildableProject(project, { name: 'hermetic_app', dependencies: ['demo==1.0'], module: HANDLER })
  const out = path.join(work, 'project.zip')
  const run = runCli([
    'package', '--package-path', project, '--package-entry', 'from hermetic_app.handlers import handler as h', '--package-runtime', 'python3.11',
    '--package-index-url', INDEX, '--output-path', out, '--no-cache', '--json'
  ])
  assert.equal(run.code, 0, run.stderr)
  const names = zipNames(out)
  assert.ok(names.includes('hermetic_app/handlers.py'))
  assert.ok(names.includes('hermetic_app-1.0.dist-info/METADATA'))
  assert.ok(names.includes('demo/__init__.py'), 'declared dependency installed')
  assert.ok(!names.some(n => n.startsWith('tests/') || n === 'README.md' || n === 'pyproject.toml' || n.startsWith('_build/')), names.join(' '))
  const response = invokeExtracted(extract(out), { n: 1 }) as { greeting: string }
  assert.equal(response.greeting, 'hi from puredep')
})

test('the dependency cache: a second run restores the layer, runs no pip at all and writes the same bytes', () => {
  const app = plainApp()
  const cache = tempDir('spindrift-cache-')
  const first = path.join(work, 'cache-1.zip')
  const second = path.join(work, 'cache-2.zip')
  const env = { SPINDRIFT_CACHE_DIR: cache }
  const cold = runCli(packageArgs(app, first), { env })
  assert.equal(cold.code, 0, cold.stderr)
  assert.equal(JSON.parse(cold.stdout).cacheHit, false)
  assert.equal(filesIn(path.join(cache, 'deps')).length, 1)

  const noPip = pythonThatRefusesPip()
  const warm = runCli([...packageArgs(app, second), '--package-python', noPip], { env })
  assert.equal(warm.code, 0, warm.stderr)
  assert.equal(JSON.parse(warm.stdout).cacheHit, true)
  assert.deepEqual(readFileSync(second), readFileSync(first))

  const off = runCli([...packageArgs(app, path.join(work, 'cache-3.zip')), '--package-python', noPip, '--no-cache'], { env: { ...env, SPINDRIFT_WHEEL_PATH: '0' } })
  assert.notEqual(off.code, 0, '--no-cache must install again')
  // From the wheels, --no-cache makes the layer again without an install.
  const fromWheels = runCli([...packageArgs(app, path.join(work, 'cache-4.zip')), '--package-python', noPip, '--no-cache'], { env })
  assert.equal(fromWheels.code, 0, fromWheels.stderr)
  assert.equal(JSON.parse(fromWheels.stdout).cacheHit, false)
  assert.match(fromWheels.stderr, /Assembled the dependencies from \d+ wheels/)
  assert.match(off.stderr, /pip install ran on a cache hit|pip could not install/)
})

test('a damaged cache entry is ignored with a warning and the zip is still right', () => {
  const app = plainApp()
  const cache = tempDir('spindrift-cache-')
  const env = { SPINDRIFT_CACHE_DIR: cache }
  const good = path.join(work, 'damaged-1.zip')
  assert.equal(runCli(packageArgs(app, good), { env }).code, 0)
  const layer = path.join(cache, 'deps', filesIn(path.join(cache, 'deps'))[0], 'deps.zip')
  const bytes = readFileSync(layer)
  writeFileSync(layer, bytes.subarray(0, bytes.length - 100))
  const again = path.join(work, 'damaged-2.zip')
  const run = runCli(packageArgs(app, again), { env })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /warning: Ignoring the cached dependency layer .*does not match/)
  assert.equal(JSON.parse(run.stdout).cacheHit, false)
  assert.deepEqual(readFileSync(again), readFileSync(good))
})

test('the same project from two checkout paths, other mtimes, time zones and locales gives identical bytes', () => {
  const a = plainApp()
  const b = path.join(tempDir(), 'elsewhere', 'checkout')
  copyTree(a, b)
  for (const file of ['handler.py', 'requirements.txt', 'notes/readme.txt']) utimesSync(path.join(b, file), new Date('2031-05-06T07:08:09Z'), new Date('2031-05-06T07:08:09Z'))
  const outA = path.join(work, 'det-a.zip')
  const outB = path.join(tempDir(), 'det-b.zip')
  const runA = runCli([...packageArgs(a, outA), '--no-cache'], { env: { TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } })
  const runB = runCli([...packageArgs(b, outB), '--no-cache'], { env: { TZ: 'Pacific/Kiritimati', LANG: 'cs_CZ.UTF-8', LC_ALL: 'cs_CZ.UTF-8' } })
  assert.equal(runA.code, 0, runA.stderr)
  assert.equal(runB.code, 0, runB.stderr)
  assert.deepEqual(readFileSync(outB), readFileSync(outA))
  assert.equal(JSON.parse(runB.stdout).base64Sha256, JSON.parse(runA.stdout).base64Sha256)
})

test('zip entries: byte-ordered names, fixed 1980 timestamp, 0644 files, no directory or absolute entries', () => {
  const out = path.join(work, 'entries.zip')
  assert.equal(runCli([...packageArgs(plainApp(), out), '--no-cache']).code, 0)
  const zipinfo = readFileSync(out)
  const names = zipNames(out)
  assert.ok(names.every(n => !n.startsWith('/') && !n.includes('..') && !n.endsWith('/')))
  // Central directory: every entry dated 1980-01-01 00:00 (DOS date 0x0021, time 0) with mode 0100644.
  let offset = zipinfo.indexOf(Buffer.from('PK\u0001\u0002', 'latin1'))
  let count = 0
  while (offset >= 0) {
    assert.equal(zipinfo.readUInt16LE(offset + 12), 0, 'time')
    assert.equal(zipinfo.readUInt16LE(offset + 14), 0x21, 'date')
    assert.equal(zipinfo.readUInt32LE(offset + 38) >>> 16, 0o100644, 'mode')
    count++
    offset = zipinfo.indexOf(Buffer.from('PK\u0001\u0002', 'latin1'), offset + 46)
  }
  assert.equal(count, names.length)
})

test('SOURCE_DATE_EPOCH sets every entry\'s timestamp, also of dependencies restored from a layer cached without it', () => {
  const app = plainApp()
  const cache = tempDir('spindrift-cache-')
  assert.equal(runCli(packageArgs(app, path.join(work, 'no-epoch.zip')), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)
  const out = path.join(work, 'epoch.zip')
  const run = runCli(packageArgs(app, out), { env: { SPINDRIFT_CACHE_DIR: cache, SOURCE_DATE_EPOCH: '1700000000', TZ: 'Asia/Tokyo' } })
  assert.equal(run.code, 0, run.stderr)
  assert.equal(JSON.parse(run.stdout).cacheHit, true)
  const bytes = readFileSync(out)
  const names = zipNames(out)
  assert.ok(names.some(n => n.startsWith('demo/')) && names.includes('handler.py'), names.join(' '))
  // 2023-11-14 22:13:20 UTC → DOS date ((43<<9)|(11<<5)|14), time ((22<<11)|(13<<5)|10), in every central header.
  let central = bytes.indexOf(Buffer.from('PK\u0001\u0002', 'latin1'))
  let count = 0
  while (central >= 0) {
    assert.equal(bytes.readUInt16LE(central + 14), (43 << 9) | (11 << 5) | 14)
    assert.equal(bytes.readUInt16LE(central + 12), (22 << 11) | (13 << 5) | 10)
    count++
    central = bytes.indexOf(Buffer.from('PK\u0001\u0002', 'latin1'), central + 46)
  }
  assert.equal(count, names.length)
  // The same as a cold build with that epoch.
  const cold = path.join(work, 'epoch-cold.zip')
  assert.equal(runCli([...packageArgs(app, cold), '--no-cache'], { env: { SOURCE_DATE_EPOCH: '1700000000' } }).code, 0)
  assert.ok(readFileSync(cold).equals(bytes))
})

test('a failed run leaves the previous zip exactly as it was and no temp files', () => {
  const outDir = tempDir('spindrift-out-')
  const out = path.join(outDir, 'app.zip')
  writeFileSync(out, 'previous zip bytes')
  const run = runCli(packageArgs(plainApp('no-such-package-anywhere\n'), out))
  assert.equal(run.code, 1)
  assert.equal(readFileSync(out, 'utf8'), 'previous zip bytes')
  assert.deepEqual(filesIn(outDir), ['app.zip'])
})

test('the library: the seed\'s positional call and the options object give the same result shape', async () => {
  const { packager } = await import(path.join(ROOT, 'dist', 'lib.js'))
  const app = plainApp()
  const cwd = process.cwd()
  process.chdir(app)
  try {
    const env = { ...process.env, PIP_INDEX_URL: INDEX, SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') }
    const first = await packager.package({ name: 'plainapp', type: 'plain', entry: 'handler:handler', runtime: 'python3.11', outputPath: path.join(work, 'lib-1.zip'), env })
    assert.deepEqual(Object.keys(first).sort(), ['base64Sha256', 'cacheHit', 'dependencySource', 'distributions', 'handler', 'path', 'sbom', 'sha256', 'size', 'uncompressedSize'])
    assert.equal(first.handler, 'index.handler')
    assert.equal(first.cacheHit, false)
    assert.equal(Buffer.from(first.base64Sha256, 'base64').toString('hex'), first.sha256)
    process.env.PIP_INDEX_URL = INDEX
    const second = await packager.package('plainapp', 'plain', 'from handler import handler', 'python3.11', path.join(work, 'lib-2.zip'))
    assert.equal(second.sha256, first.sha256)
    assert.ok(second.uncompressedSize > second.size)
  } finally {
    delete process.env.PIP_INDEX_URL
    process.chdir(cwd)
  }
})

test('settings.spindrift in the current folder alone is enough, and flags override its values', () => {
  const app = plainApp()
  writeTree(app, {
    'settings.spindrift': `# the seed's keys\npackage:\n  type: plain\n  name: fromfile\n  entry: from handler import handler\n  runtime: python3.12\n  index-url: ${INDEX}\n\noutput:\n  path: dist-zips/fromfile.zip\n`
  })
  const fileOnly = runCli(['package', '--no-cache', '--json'], { cwd: app })
  assert.equal(fileOnly.code, 0, fileOnly.stderr)
  const zipFromFile = path.join(app, 'dist-zips', 'fromfile.zip')
  assert.equal(JSON.parse(fileOnly.stdout).path, zipFromFile)
  assert.match(zipText(zipFromFile, 'demo/__init__.py') as string, /cp312-cp312-manylinux_2_28_x86_64/)

  const overridden = path.join(work, 'overridden.zip')
  const withFlags = runCli(['package', '--no-cache', '--json', '--package-runtime', 'python3.11', '--output-path', overridden], { cwd: app })
  assert.equal(withFlags.code, 0, withFlags.stderr)
  assert.equal(JSON.parse(withFlags.stdout).path, overridden)
  assert.match(zipText(overridden, 'demo/__init__.py') as string, /cp311-cp311-manylinux_2_17_x86_64/)

  const elsewhere = tempDir()
  const viaFile = runCli(['package', '--no-cache', '-f', path.join(app, 'settings.spindrift'), '--output-path', 'rel.zip'], { cwd: elsewhere })
  assert.equal(viaFile.code, 0, viaFile.stderr)
  assert.equal(viaFile.stdout.trim(), path.join(elsewhere, 'rel.zip'), 'a flag path is relative to the current folder')
  assert.ok(!zipNames(path.join(elsewhere, 'rel.zip')).some(n => n.startsWith('dist-zips/')), 'an earlier output inside the project is not packaged')
})

test('flask type with any WSGI app: base path to SCRIPT_NAME, text types, non-HTTP events to the events entry or a clear error', () => {
  const app = tempDir('spindrift-wsgi-')
  writeTree(app, {
    'webapp.py': [
      'import json',
      '',
      'def app(environ, start_response):',
      '    body = json.dumps({"script": environ["SCRIPT_NAME"], "path": environ["PATH_INFO"]}).encode()',
      '    start_response("200 OK", [("Content-Type", "application/x-report")])',
      '    return [body]',
      ''
    ].join('\n'),
    'jobs.py': 'def on_event(event, context):\n    return {"handled": sorted(event)}\n'
  })
  const event = (rawPath: string) => ({ version: '2.0', rawPath, rawQueryString: '', headers: { host: 'api.example.com' }, requestContext: { domainName: 'api.example.com', stage: '$default', http: { method: 'GET', path: rawPath, sourceIp: '1.2.3.4' } }, isBase64Encoded: false })
  const common = ['package', '--package-path', app, '--package-type', 'flask', '--package-entry', 'webapp:app', '--package-runtime', 'python3.11', '--no-cache']

  const withEvents = path.join(work, 'wsgi-events.zip')
  const run = runCli([...common, '--package-base-path', 'api/', '--package-text-mime-types', 'application/x-report', '--package-events-entry', 'from jobs import on_event', '--output-path', withEvents])
  assert.equal(run.code, 0, run.stderr)
  const dir = extract(withEvents)
  const http = invokeExtracted(dir, event('/api/users/7')) as { body: string; isBase64Encoded: boolean }
  assert.deepEqual(JSON.parse(http.body), { script: '/api', path: '/users/7' })
  assert.equal(http.isBase64Encoded, false, 'the configured text type is sent as text')
  assert.deepEqual(invokeExtracted(dir, { Records: [{ eventSource: 'aws:sqs', body: 'x' }] }), { handled: ['Records'] })

  const without = path.join(work, 'wsgi-plain.zip')
  assert.equal(runCli([...common, '--output-path', without]).code, 0)
  const bare = extract(without)
  const binary = invokeExtracted(bare, event('/api/users/7')) as { body: string; isBase64Encoded: boolean }
  assert.equal(binary.isBase64Encoded, true, 'an unknown type is binary by default')
  assert.deepEqual(JSON.parse(Buffer.from(binary.body, 'base64').toString()), { script: '', path: '/api/users/7' })
  assert.throws(() => invokeExtracted(bare, { Records: [{ eventSource: 'aws:sqs', body: 'x' }] }), /UnsupportedEventError: spindrift: received an SQS event, but this function serves a WSGI app and no package\.events-entry is configured/)
})

test('a project whose layout and static metadata are unchanged is not rebuilt: an edited module ships without pip, same bytes as a cold build', () => {
  const project = tempDir('spindrift-recipe-')
  writeBuildableProject(project, { name: 'recipe_app', dependencies: ['demo==1.0'], module: HANDLER })
  const cache = tempDir('spindrift-cache-')
  const args = (out: string, python = 'python3') => ['package', '--package-path', project, '--package-entry', 'recipe_app.handlers:handler', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--package-python', python, '--output-path', out, '--json']
  assert.equal(runCli(args(path.join(work, 'recipe-cold.zip')), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)

  writeTree(project, { 'recipe_app/handlers.py': HANDLER + '\n# edited\n' })
  const warmOut = path.join(work, 'recipe-warm.zip')
  const warm = runCli(args(warmOut, pythonThatRefusesPip()), { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(warm.code, 0, warm.stderr)
  assert.match(warm.stderr, /taken from the sources, without pip/)
  assert.match(zipText(warmOut, 'recipe_app/handlers.py') as string, /# edited/)
  const record = zipText(warmOut, 'recipe_app-1.0.dist-info/RECORD') as string
  const digest = createHash('sha256').update(readFileSync(path.join(project, 'recipe_app', 'handlers.py'))).digest('base64url')
  assert.ok(record.includes(`recipe_app/handlers.py,sha256=${digest},`), 'RECORD describes the edited file')
  const coldOut = path.join(work, 'recipe-fresh.zip')
  assert.equal(runCli(args(coldOut), { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') } }).code, 0)
  assert.deepEqual(readFileSync(warmOut), readFileSync(coldOut))

  // A source that is not shipped verbatim may feed the build (METADATA embeds a readme): edited, it means a rebuild.
  writeTree(project, { 'README.md': '# a new description\n' })
  assert.notEqual(runCli(args(path.join(work, 'recipe-readme.zip'), pythonThatRefusesPip()), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)
  assert.equal(runCli(args(path.join(work, 'recipe-readme.zip')), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)

  // A new file changes the layout: the project is built again (the pip-refusing interpreter proves it).
  writeTree(project, { 'recipe_app/extra.py': 'X = 1\n' })
  const rebuilt = runCli(args(path.join(work, 'recipe-new-file.zip'), pythonThatRefusesPip()), { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.notEqual(rebuilt.code, 0)
  assert.match(rebuilt.stderr, /pip wheel ran on a cache hit|could not build the project/)
})

test('a project with dynamic metadata is always rebuilt after an edit', () => {
  const project = tempDir('spindrift-dynamic-')
  writeBuildableProject(project, { name: 'dyn_app', dependencies: ['demo==1.0'], module: HANDLER })
  writeTree(project, { 'pyproject.toml': readFileSync(path.join(project, 'pyproject.toml'), 'utf8').replace('[project]\n', '[project]\ndynamic = ["readme"]\n') })
  const cache = tempDir('spindrift-cache-')
  const args = (python = 'python3') => ['package', '--package-path', project, '--package-entry', 'dyn_app.handlers:handler', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--package-python', python, '--output-path', path.join(project, 'out.zip')]
  assert.equal(runCli(args(), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)
  writeTree(project, { 'dyn_app/handlers.py': HANDLER + '\n# edited\n' })
  const run = runCli(args(pythonThatRefusesPip()), { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.notEqual(run.code, 0, 'pip had to build it again')
})

test('functions that share a dependency set share the cached layer', () => {
  const cache = tempDir('spindrift-cache-')
  const first = plainApp()
  const second = tempDir('spindrift-second-')
  writeTree(second, { 'worker.py': 'import demo\n\ndef run(event, context):\n    return demo.TAG\n', 'requirements.txt': '# the same dependencies, written differently\ndemo==1.0\n\n' })
  const one = runCli(packageArgs(first, path.join(work, 'fn-1.zip')), { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(JSON.parse(one.stdout).cacheHit, false)
  const two = runCli(['package', '--package-path', second, '--package-entry', 'worker:run', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--output-path', path.join(work, 'fn-2.zip'), '--json', '--package-python', pythonThatRefusesPip()], { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(two.code, 0, two.stderr)
  assert.equal(JSON.parse(two.stdout).cacheHit, true)
})

test('a wheel file that two sources could have supplied makes no recipe: an edit is never taken from the wrong copy', () => {
  const project = tempDir('spindrift-ambiguous-')
  writeBuildableProject(project, { name: 'amb_app', dependencies: ['demo==1.0'], module: HANDLER })
  writeTree(project, { 'docs/amb_app/handlers.py': HANDLER })
  const cache = tempDir('spindrift-cache-')
  const args = (python = 'python3') => ['package', '--package-path', project, '--package-entry', 'amb_app.handlers:handler', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--package-python', python, '--output-path', path.join(project, 'out.zip')]
  assert.equal(runCli(args(), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)
  writeTree(project, { 'amb_app/handlers.py': HANDLER + '\n# edited\n' })
  assert.notEqual(runCli(args(pythonThatRefusesPip()), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0, 'pip had to build it again')
  assert.equal(runCli(args(), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)
  assert.match(zipText(path.join(project, 'out.zip'), 'amb_app/handlers.py') as string, /# edited/)
})

test('a warm run of a locked project starts Python once (to ask its version and machine) and pip never', () => {
  // Fully pinned with hashes (what uv export writes): its own cache key, so nothing is resolved either.
  const files = readdirSync(path.join(work, 'index', 'files'))
  const hashes = (prefix: string) => files.filter(f => f.startsWith(prefix)).map(f => ` --hash=sha256:${createHash('sha256').update(readFileSync(path.join(work, 'index', 'files', f))).digest('hex')}`).join('')
  const app = plainApp(`demo==1.0${hashes('demo-1.0-')}\npuredep==1.0${hashes('puredep-1.0-')}\n`)
  const cache = tempDir('spindrift-cache-')
  assert.equal(runCli([...packageArgs(app, path.join(work, 'spawn-1.zip'))], { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)
  const log = path.join(tempDir(), 'spawns.log')
  const counting = path.join(tempDir(), 'python-counting')
  writeFileSync(counting, `#!/bin/sh\necho "spawn $1" >> ${log}\nexec python3 "$@"\n`, { mode: 0o755 })
  const warm = runCli([...packageArgs(app, path.join(work, 'spawn-2.zip')), '--package-python', counting], { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(warm.code, 0, warm.stderr)
  const spawns = readFileSync(log, 'utf8').trim().split('\n')
  assert.equal(spawns.length, 1, spawns.join(' | '))
  assert.equal(spawns[0], 'spawn -c')
})

test('pip\'s configuration files are part of the cache key: an index set in pip.conf is followed, not a stale layer', () => {
  const otherIndex = makeIndex(path.join(work, 'index-b'), [
    { name: 'puredep', version: '1.0', tag: 'py3-none-any', files: { 'puredep/__init__.py': 'def greet():\n    return "hi"\n' } },
    { name: 'demo', version: '1.0', tag: 'py3-none-any', requires: ['puredep>=1'], files: { 'demo/__init__.py': 'TAG = "from index B"\n' } }
  ])
  const app = plainApp()
  const home = tempDir('spindrift-home-')
  const cache = tempDir('spindrift-cache-')
  const pipConf = (index: string) => writeTree(home, { '.config/pip/pip.conf': `[global]\nindex-url = ${index}\n` })
  const args = packageArgs(app, path.join(app, 'out.zip')).filter((arg, i, all) => arg !== '--package-index-url' && all[i - 1] !== '--package-index-url')
  const run = () => {
    const result = runCli(args, { env: { SPINDRIFT_CACHE_DIR: cache, HOME: home, XDG_CONFIG_HOME: '', PIP_CONFIG_FILE: '' } })
    assert.equal(result.code, 0, result.stderr)
    return { hit: JSON.parse(result.stdout).cacheHit as boolean, tag: zipText(path.join(app, 'out.zip'), 'demo/__init__.py') }
  }
  pipConf(INDEX)
  assert.deepEqual(run(), { hit: false, tag: 'TAG = "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64"\nVERSION = "1.0"\n' })
  assert.equal(run().hit, true)
  pipConf(otherIndex)
  assert.deepEqual(run(), { hit: false, tag: 'TAG = "from index B"\n' })
  assert.equal(run().hit, true)
})

/** A project with static metadata, built by the in-tree backend; returns the CLI arguments that package it. */
function staticProject(name: string, backend: FakeBackend = {}, dependencies = ['demo==1.0']): { project: string; args: (out: string) => string[] } {
  const project = tempDir('spindrift-static-')
  writeBuildableProject(project, { name, dependencies, module: HANDLER, backend })
  const args = (out: string) => ['package', '--package-path', project, '--package-entry', `${name}.handlers:handler`, '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--output-path', out, '--json']
  return { project, args }
}

test('static metadata: the dependencies pyproject.toml lists are installed while the project builds, with the same zip as one step after the other', () => {
  const { args } = staticProject('early_app', {}, ['Demo >= 1.0, < 2'])
  const out = path.join(work, 'early.zip')
  const run = runCli(args(out), { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') } })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /The dependencies pyproject\.toml lists were installed while the project was built/)
  assert.ok(zipNames(out).includes('demo/__init__.py'))
  // The same project made dynamic (so nothing can be predicted) installs after the build: same bytes.
  const { project: dynamicProject, args: dynamicArgs } = staticProject('early_app', {}, ['Demo >= 1.0, < 2'])
  writeFileSync(path.join(dynamicProject, 'pyproject.toml'), readFileSync(path.join(dynamicProject, 'pyproject.toml'), 'utf8').replace('[project]\n', '[project]\ndynamic = ["description"]\n'))
  const sequentialOut = path.join(work, 'early-sequential.zip')
  const sequential = runCli(dynamicArgs(sequentialOut), { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') } })
  assert.equal(sequential.code, 0, sequential.stderr)
  assert.doesNotMatch(sequential.stderr, /while the project was built/)
  assert.ok(readFileSync(out).equals(readFileSync(sequentialOut)))
})

test("pip: spindrift calls the project's build backend itself, with the build requirements installed for it, and ships the same zip as pip wheel", () => {
  const { project, args } = staticProject('frontend_app')
  // The backend imports a build requirement: the build fails unless it was installed for the backend.
  writeFileSync(path.join(project, 'pyproject.toml'), readFileSync(path.join(project, 'pyproject.toml'), 'utf8').replace('requires = []', 'requires = ["puredep>=1"]'))
  writeFileSync(path.join(project, '_build/backend.py'), 'import puredep\n' + readFileSync(path.join(project, '_build/backend.py'), 'utf8'))
  // Installed by pip here: spindrift installing them itself is buildenv.test.ts's subject.
  const direct = runCli([...args(path.join(work, 'frontend-direct.zip')), '--verbose'], { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), SPINDRIFT_DIRECT_BUILD_ENV: '0' } })
  assert.equal(direct.code, 0, direct.stderr)
  assert.match(direct.stderr, /Building the project's wheel with its backend backend, its build requirements \(puredep>=1\) installed by pip/)
  assert.doesNotMatch(direct.stderr, /with pip wheel instead|Building the project's wheel with pip$/m)
  const viaPip = runCli([...args(path.join(work, 'frontend-pip.zip')), '--verbose'], { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), SPINDRIFT_DIRECT_BUILD: '0' } })
  assert.equal(viaPip.code, 0, viaPip.stderr)
  assert.match(viaPip.stderr, /Building the project's wheel with pip$/m)
  assert.ok(readFileSync(path.join(work, 'frontend-direct.zip')).equals(readFileSync(path.join(work, 'frontend-pip.zip'))), 'the same zip bytes either way')
  // The runner's own site-packages are not the build environment: a requirement nobody installed fails the build.
  writeFileSync(path.join(project, 'pyproject.toml'), readFileSync(path.join(project, 'pyproject.toml'), 'utf8').replace('requires = ["puredep>=1"]', 'requires = []'))
  const missing = runCli(args(path.join(work, 'frontend-missing.zip')), { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') } })
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /Building the project's wheel with pip wheel instead: the backend's hooks exited with code 1/)
  assert.match(missing.stderr, /^spindrift: pip could not build the project in .*puredep/m)
})

test('static metadata: when the built wheel declares more than pyproject.toml lists, what it declares is installed', () => {
  const { args } = staticProject('plugin_app', { extraRequires: ['toonew==1.0'] })
  const cache = tempDir('spindrift-cache-')
  const run = runCli(args(path.join(work, 'plugin.zip')), { env: { SPINDRIFT_CACHE_DIR: cache } })
  // toonew's only wheel needs glibc 2.28: the declared list, not the predicted one, decided the outcome.
  assert.equal(run.code, 1)
  assert.match(run.stderr, /The built project declares other dependencies than its pyproject\.toml lists/)
  assert.match(run.stderr, /toonew/)
  const { args: fineArgs } = staticProject('plugin_app', { extraRequires: ['puredep>=1'] }, [])
  const fine = runCli(fineArgs(path.join(work, 'plugin-fine.zip')), { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(fine.code, 0, fine.stderr)
  assert.ok(zipNames(path.join(work, 'plugin-fine.zip')).includes('puredep/__init__.py'), 'the declared dependency is in the zip')
})

test('static metadata: a project that fails to build reports that failure, after the early install has finished and cleaned up', () => {
  const { args } = staticProject('broken_app', { fail: true })
  const tmp = tempDir('spindrift-tmp-')
  const out = path.join(work, 'broken.zip')
  const run = runCli(args(out), { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), TMPDIR: tmp } })
  assert.equal(run.code, 1)
  assert.match(run.stderr, /^spindrift: pip could not build the project in .*the fake backend was told to fail/m)
  assert.equal(run.stderr.trim().split('\n').filter(line => line.startsWith('spindrift:')).length, 1)
  assert.ok(!existsSync(out))
  assert.deepEqual(readdirSync(tmp), [], 'no temp folders left behind')
})

test('package.installer uv builds the project with uv (its build requirements by uv pip, or uv build): the same app files as pip wheel, and a failed build in one sentence', () => {
  const { args } = staticProject('uvbuilt_app')
  const appFiles = (zip: string) => zipNames(zip).filter(n => n.startsWith('uvbuilt_app')).map(n => [n, zipText(zip, n)])
  const withPip = path.join(work, 'uvbuilt-pip.zip')
  assert.equal(runCli(args(withPip), { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') } }).code, 0)
  const withUv = path.join(work, 'uvbuilt-uv.zip')
  const run = runCli([...args(withUv), '--package-installer', 'uv'], { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') } })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /Building the project's wheel with its backend backend/)
  assert.ok(appFiles(withUv).length >= 4)
  assert.deepEqual(appFiles(withUv), appFiles(withPip))
  const { args: brokenArgs } = staticProject('uvbroken_app', { fail: true })
  const broken = runCli([...brokenArgs(path.join(work, 'uvbroken.zip')), '--package-installer', 'uv'], { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') } })
  assert.equal(broken.code, 1)
  // The direct route fails first and hands over to uv build, whose words the error quotes.
  assert.match(broken.stderr, /Building the project's wheel with uv build instead: the backend's hooks exited with code 1/)
  assert.match(broken.stderr, /^spindrift: uv could not build the project in .*the fake backend was told to fail.* so that "uv build --wheel \." succeeds\.$/m)
})

/** staticProject whose backend imports a build requirement (puredep): the build fails unless it was installed for the backend. */
function projectNeedingPuredep(name: string): { project: string; args: (out: string) => string[] } {
  const made = staticProject(name)
  const { project } = made
  writeFileSync(path.join(project, 'pyproject.toml'), readFileSync(path.join(project, 'pyproject.toml'), 'utf8').replace('requires = []', 'requires = ["puredep>=1"]'))
  writeFileSync(path.join(project, '_build/backend.py'), 'import puredep\n' + readFileSync(path.join(project, '_build/backend.py'), 'utf8'))
  return made
}

test("uv: spindrift installs the build requirements with uv pip and calls the backend itself, shipping the same zip as uv build", () => {
  const { args } = projectNeedingPuredep('uvdirect_app')
  const uv = (out: string, env: NodeJS.ProcessEnv = {}) => runCli([...args(path.join(work, out)), '--package-installer', 'uv', '--verbose'], { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), SPINDRIFT_DIRECT_BUILD_ENV: '0', ...env } })
  const direct = uv('uvdirect.zip')
  assert.equal(direct.code, 0, direct.stderr)
  assert.match(direct.stderr, /Building the project's wheel with its backend backend, its build requirements \(puredep>=1\) installed by uv$/m)
  assert.match(direct.stderr, /\+ puredep==1\.0/, "uv pip install's own report of what it installed")
  assert.doesNotMatch(direct.stderr, /with uv build instead|Building the project's wheel with uv$/m)
  const viaUvBuild = uv('uvdirect-uvbuild.zip', { SPINDRIFT_DIRECT_BUILD: '0' })
  assert.equal(viaUvBuild.code, 0, viaUvBuild.stderr)
  assert.match(viaUvBuild.stderr, /Building the project's wheel with uv$/m)
  assert.doesNotMatch(viaUvBuild.stderr, /with its backend/)
  assert.ok(readFileSync(path.join(work, 'uvdirect.zip')).equals(readFileSync(path.join(work, 'uvdirect-uvbuild.zip'))), 'the same zip bytes either way')
  assert.ok(zipNames(path.join(work, 'uvdirect.zip')).includes('uvdirect_app/handlers.py'))
})

test('uv: a backend that asks for more build requirements, or uv settings of its own, are built by uv build', () => {
  // get_requires_for_build_wheel asks for puredep, which build_wheel imports: only uv build installs it.
  const { project, args } = staticProject('uvmore_app')
  const backend = path.join(project, '_build/backend.py')
  writeFileSync(backend, readFileSync(backend, 'utf8').replace('def get_requires_for_build_wheel(config_settings=None):\n    return []', 'def get_requires_for_build_wheel(config_settings=None):\n    return ["puredep>=1"]').replace('    pyproject = _pyproject()\n', '    import puredep\n    pyproject = _pyproject()\n'))
  const more = runCli([...args(path.join(work, 'uvmore.zip')), '--package-installer', 'uv', '--verbose'], { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') } })
  assert.equal(more.code, 0, more.stderr)
  assert.match(more.stderr, /Building the project's wheel with uv build instead: the backend asks for more build requirements \(puredep>=1\)/)
  assert.match(more.stderr, /Building the project's wheel with uv$/m)
  assert.ok(zipNames(path.join(work, 'uvmore.zip')).includes('uvmore_app/handlers.py'))
  // [tool.uv] (here: a build constraint) is read by uv build and not by uv pip install: uv build decides.
  const { project: configured, args: configuredArgs } = projectNeedingPuredep('uvconf_app')
  writeFileSync(path.join(configured, 'pyproject.toml'), readFileSync(path.join(configured, 'pyproject.toml'), 'utf8') + '\n[tool.uv]\nbuild-constraint-dependencies = ["puredep<2"]\n')
  const withSettings = runCli([...configuredArgs(path.join(work, 'uvconf.zip')), '--package-installer', 'uv', '--verbose'], { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') } })
  assert.equal(withSettings.code, 0, withSettings.stderr)
  assert.match(withSettings.stderr, /Building the project's wheel with uv build instead: uv has settings of its own here \(project \[tool\.uv\]\)/)
  assert.doesNotMatch(withSettings.stderr, /with its backend/)
  // So does a uv variable that is not plain output or cache tuning.
  const { args: variableArgs } = projectNeedingPuredep('uvvar_app')
  const withVariable = runCli([...variableArgs(path.join(work, 'uvvar.zip')), '--package-installer', 'uv', '--verbose'], { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), UV_PRERELEASE: 'disallow' } })
  assert.equal(withVariable.code, 0, withVariable.stderr)
  assert.match(withVariable.stderr, /Building the project's wheel with uv build instead: uv has settings of its own here \(UV_PRERELEASE\)/)
})
