// "Why this wheel": --json lists, per distribution in the zip, the wheel file, its tags, what chose it and where
// it came from, with one line for what was special (built from source, held below the newest version by the
// runtime's glibc ceiling or Requires-Python); warm builds report the same from the layer's manifest; the SBOM
// carries each wheel file's SHA-256.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { makeIndex, sha256File, wheelFileName } from './helpers/pyindex.js'
import { runCli, tempDir, writeTree } from './helpers/run.js'

const work = tempDir()
const root = path.join(work, 'index')
const INDEX = makeIndex(
  root,
  [
    { name: 'glibcdep', version: '1.0', tag: 'cp311-cp311-manylinux_2_17_x86_64' },
    { name: 'glibcdep', version: '2.0', tag: 'cp311-cp311-manylinux_2_28_x86_64' },
    { name: 'newpy', version: '1.0', tag: 'py3-none-any' },
    { name: 'newpy', version: '2.0', tag: 'py3-none-any', requiresPython: '>=3.12' },
    { name: 'pinned', version: '1.0', tag: 'py3-none-any' },
    { name: 'pinned', version: '1.1', tag: 'py3-none-any' },
    { name: 'capped', version: '1.0', tag: 'py3-none-any' },
    { name: 'capped', version: '3.0', tag: 'py3-none-any' }
  ],
  [{ name: 'srconly', version: '0.5' }]
)

function project(requirements = 'glibcdep\nnewpy\npinned==1.0\ncapped<2\n'): string {
  const dir = tempDir('spindrift-why-')
  writeTree(dir, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': requirements })
  return dir
}

const args = (dir: string, out: string) => ['package', '--package-path', dir, '--package-name', 'why', '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--output-path', out, '--json']

test('--json: each distribution with its wheel file, tags, what chose it, the index, its hash, and a note when special; warm builds say the same', () => {
  const dir = project()
  const env = { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), PIP_FIND_LINKS: '' }
  const cold = runCli(args(dir, path.join(dir, 'cold.zip')), { env })
  assert.equal(cold.code, 0, cold.stderr)
  const result = JSON.parse(cold.stdout)
  const by = Object.fromEntries(result.distributions.map((d: { name: string }) => [d.name, d]))
  assert.deepEqual(Object.keys(by).sort(), ['capped', 'glibcdep', 'newpy', 'pinned'])
  const glibc = by.glibcdep
  assert.equal(glibc.version, '1.0')
  assert.equal(glibc.file, wheelFileName({ name: 'glibcdep', version: '1.0', tag: 'cp311-cp311-manylinux_2_17_x86_64' }))
  assert.deepEqual(glibc.tags, ['cp311-cp311-manylinux_2_17_x86_64'])
  assert.equal(glibc.chosenBy, 'resolution')
  assert.equal(glibc.from, INDEX)
  assert.equal(glibc.sha256, sha256File(path.join(root, 'files', glibc.file)))
  assert.ok(glibc.size > 0)
  assert.equal(glibc.note, "below the newest 2.0: it needs glibc 2.28 (its x86_64 wheels), above python3.11's glibc 2.26")
  assert.equal(by.newpy.version, '1.0')
  assert.equal(by.newpy.note, 'below the newest 2.0: it requires Python >=3.12, and python3.11 runs Python 3.11')
  assert.equal(by.pinned.chosenBy, 'pin')
  assert.equal(by.pinned.note, undefined, 'a pin is the user\'s choice: nothing to explain')
  assert.equal(by.capped.note, 'below the newest 3.0: another requirement (yours or a dependency\'s) holds it back')

  const bom = JSON.parse(readFileSync(result.sbom, 'utf8'))
  const component = bom.components.find((c: { name: string }) => c.name === 'glibcdep')
  assert.deepEqual(component.hashes, [{ alg: 'SHA-256', content: glibc.sha256 }])
  assert.deepEqual(component.properties.find((p: { name: string }) => p.name === 'spindrift:chosen-by'), { name: 'spindrift:chosen-by', value: 'resolution' })

  const warm = runCli(args(dir, path.join(dir, 'warm.zip')), { env })
  assert.equal(warm.code, 0, warm.stderr)
  assert.match(warm.stderr, /restored from the cache/)
  assert.deepEqual(JSON.parse(warm.stdout).distributions, result.distributions)
})

test('a lock: chosen by the lock, the locked hash on the SBOM component', () => {
  const dir = tempDir('spindrift-why-lock-')
  const wheel = path.join(root, 'files', wheelFileName({ name: 'pinned', version: '1.1', tag: 'py3-none-any' }))
  writeTree(dir, {
    'handler.py': 'def handler(event, context):\n    return 1\n',
    'pyproject.toml': '[project]\nname = "lockedapp"\nversion = "1.0"\nrequires-python = ">=3.11"\ndependencies = ["pinned"]\n',
    'pylock.toml': `lock-version = "1.0"\ncreated-by = "test"\nrequires-python = ">=3.11"\n\n[[packages]]\nname = "pinned"\nversion = "1.1"\n\n[[packages.wheels]]\nurl = "${INDEX.replace(/simple$/, 'files')}/${path.basename(wheel)}"\nhashes = { sha256 = "${sha256File(wheel)}" }\n`
  })
  const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--output-path', path.join(dir, 'out.zip'), '--json'], { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), PIP_FIND_LINKS: '' } })
  assert.equal(run.code, 0, run.stderr)
  const result = JSON.parse(run.stdout)
  const pinned = result.distributions.find((d: { name: string }) => d.name === 'pinned')
  assert.equal(pinned.chosenBy, 'lock')
  assert.equal(pinned.version, '1.1')
  assert.equal(pinned.sha256, sha256File(wheel))
  assert.equal(pinned.note, undefined)
  const bom = JSON.parse(readFileSync(result.sbom, 'utf8'))
  assert.deepEqual(bom.components.find((c: { name: string }) => c.name === 'pinned').hashes, [{ alg: 'SHA-256', content: sha256File(wheel) }])
})

test('a distribution built from source says so', () => {
  const dir = project('srconly\n')
  const run = runCli(args(dir, path.join(dir, 'src.zip')), { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), PIP_FIND_LINKS: '' } })
  assert.equal(run.code, 0, run.stderr)
  const [srconly] = JSON.parse(run.stdout).distributions
  assert.equal(srconly.from, 'built from source')
  assert.match(srconly.note, /^built from source: no published wheel of srconly 0\.5 fits the target/)
  assert.equal(srconly.file, 'srconly-0.5-py3-none-any.whl')
  assert.equal(srconly.chosenBy, 'resolution')
})

test('the note explains the next release up when none of the newer ones fits, and names the newest that fits when one does', async () => {
  const { heldBelowNewest } = await import('../src/deps/provenance.ts')
  const { findRuntime } = await import('../src/config/runtimes.ts')
  const index = makeIndex(path.join(work, 'ladder'), [
    { name: 'ladder', version: '1.0', tag: 'py3-none-any' },
    { name: 'ladder', version: '1.5', tag: 'py3-none-any', requiresPython: '>=3.12' },
    { name: 'ladder', version: '2.0', tag: 'cp311-cp311-manylinux_2_28_x86_64' },
    { name: 'ladder', version: '2.1rc1', tag: 'py3-none-any' },
    { name: 'rung', version: '1.0', tag: 'py3-none-any' },
    { name: 'rung', version: '1.2', tag: 'cp311-abi3-manylinux2014_x86_64' },
    { name: 'rung', version: '2.0', tag: 'cp311-cp311-manylinux_2_28_x86_64' }
  ])
  const target = { runtime: findRuntime('python3.11'), architecture: 'x86_64' as const }
  assert.equal(await heldBelowNewest({ name: 'ladder', version: '1.0' }, index, target), 'below the newest 2.0: 1.5 (the next release) requires Python >=3.12, and python3.11 runs Python 3.11')
  assert.equal(await heldBelowNewest({ name: 'rung', version: '1.0' }, index, target), "below the newest that fits the target 1.2: another requirement (yours or a dependency's) holds it back")
  assert.equal(await heldBelowNewest({ name: 'rung', version: '2.0' }, index, target), undefined, 'the newest: nothing to say')
  assert.equal(await heldBelowNewest({ name: 'rung', version: '1.0' }, index, { runtime: findRuntime('python3.11'), architecture: 'arm64' }), 'below the newest 2.0: 1.2 (the next release) publishes no wheel for python3.11 on arm64')
})

test('uv: the hash of the chosen file comes from its resolution (one file of that version, or the one the index lists under that wheel name), on --json and the SBOM', () => {
  const uvRoot = path.join(work, 'uv-index')
  const wheels = [
    { name: 'twofile', version: '1.0', tag: 'py3-none-any' },
    { name: 'twofile', version: '1.0', tag: 'cp311-cp311-manylinux_2_17_x86_64' },
    { name: 'single', version: '1.0', tag: 'py3-none-any' }
  ]
  const index = makeIndex(uvRoot, wheels)
  const dir = project('twofile\nsingle\n')
  const run = runCli(['package', '--package-path', dir, '--package-name', 'why', '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', index, '--package-installer', 'uv', '--output-path', path.join(dir, 'uv.zip'), '--json'], { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), PIP_FIND_LINKS: '' } })
  assert.equal(run.code, 0, run.stderr)
  const result = JSON.parse(run.stdout)
  const by = Object.fromEntries(result.distributions.map((d: { name: string }) => [d.name, d]))
  const hashOf = (w: (typeof wheels)[number]) => sha256File(path.join(uvRoot, 'files', wheelFileName(w)))
  assert.equal(by.single.sha256, hashOf(wheels[2]))
  // uv takes the most specific wheel for the target: the manylinux one, whose hash is one of two resolved.
  assert.deepEqual(by.twofile.tags, ['cp311-cp311-manylinux_2_17_x86_64'])
  assert.equal(by.twofile.file, wheelFileName(wheels[1]))
  assert.equal(by.twofile.sha256, hashOf(wheels[1]))
  assert.notEqual(by.twofile.sha256, hashOf(wheels[0]))
  const bom = JSON.parse(readFileSync(result.sbom, 'utf8'))
  assert.deepEqual(bom.components.find((c: { name: string }) => c.name === 'twofile').hashes, [{ alg: 'SHA-256', content: hashOf(wheels[1]) }])
  assert.deepEqual(bom.components.find((c: { name: string }) => c.name === 'single').hashes, [{ alg: 'SHA-256', content: hashOf(wheels[2]) }])
})
