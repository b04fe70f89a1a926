// Dependency confusion: when no wheel fits and spindrift builds a package from source, the source comes from
// the indexes the install used, including those the requirements file names itself; a package the chosen index
// does not have is never fetched from another. Two local indexes: a private one and a "public" one.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { makeIndex } from './helpers/pyindex.js'
import { makeSdist } from './helpers/projects.js'
import { runCli, tempDir, writeTree, zipNames } from './helpers/run.js'

const root = tempDir('spindrift-confusion-')
// The private index has the package, but only a wheel for another platform: the install finds no wheel.
const PRIVATE = makeIndex(path.join(root, 'private'), [{ name: 'internal-lib', version: '1.0', tag: 'cp311-cp311-win_amd64' }])
const PRIVATE_WITH_SOURCE = makeIndex(path.join(root, 'private-src'), [], [{ name: 'internal_lib', version: '1.0' }])
// The public index has a source release of the same name, at a higher version: what an attacker publishes.
const PUBLIC = makeIndex(path.join(root, 'public'), [], [{ name: 'internal_lib', version: '9.9' }])
const HANDLER = { 'handler.py': 'def handler(event, context):\n    return 1\n' }

function pack(requirements: string, env: Record<string, string>) {
  const dir = tempDir('spindrift-confused-')
  writeTree(dir, { ...HANDLER, 'requirements.txt': requirements })
  const out = path.join(tempDir(), 'app.zip')
  const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', out, '--no-cache'], { env: { PIP_RETRIES: '0', ...env } })
  return { run, out }
}

test('--index-url inside the requirements file: the source build never falls back to the default index', () => {
  const { run } = pack(`--index-url ${PRIVATE}\ninternal-lib\n`, { PIP_INDEX_URL: PUBLIC })
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, /spindrift: No wheel of "internal-lib" fits python3\.11 on x86_64/)
  assert.doesNotMatch(run.stderr, /internal_lib-9\.9|Built internal_lib/)
})

test('--index-url inside the requirements file: a source release on that index is built from there', () => {
  const { run, out } = pack(`--index-url ${PRIVATE_WITH_SOURCE}\ninternal-lib\n`, { PIP_INDEX_URL: PUBLIC })
  assert.equal(run.code, 0, run.stderr)
  assert.ok(zipNames(out).includes('internal_lib-1.0.dist-info/METADATA'), zipNames(out).join(' '))
  assert.ok(!zipNames(out).some(n => n.startsWith('internal_lib-9.9')))
})

test('--no-index with --find-links (relative to the requirements file) in the file: only that folder is used', () => {
  const dir = tempDir('spindrift-confused-')
  mkdirSync(path.join(dir, 'wheels'))
  makeSdist(path.join(dir, 'wheels'), { name: 'internal_lib', version: '1.0' })
  writeTree(dir, { ...HANDLER, 'requirements.txt': '--no-index\n--find-links wheels\ninternal-lib\n' })
  const out = path.join(tempDir(), 'app.zip')
  const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', out, '--no-cache'], { env: { PIP_INDEX_URL: PUBLIC } })
  assert.equal(run.code, 0, run.stderr)
  assert.ok(zipNames(out).includes('internal_lib-1.0.dist-info/METADATA'), zipNames(out).join(' '))

  const empty = tempDir('spindrift-confused-')
  writeTree(empty, { ...HANDLER, 'requirements.txt': `--no-index\n--find-links ${pathToFileURL(path.join(empty, 'none')).href}\ninternal-lib\n` })
  const refused = runCli(['package', '--package-path', empty, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', out, '--no-cache'], { env: { PIP_INDEX_URL: PUBLIC } })
  assert.equal(refused.code, 1, refused.stderr)
  assert.doesNotMatch(refused.stderr, /internal_lib-9\.9|Built internal_lib/)
})

test('--extra-index-url in the file is honoured by the source build too', () => {
  const { run, out } = pack(`--index-url ${PRIVATE}\n--extra-index-url ${PRIVATE_WITH_SOURCE}\ninternal-lib\n`, { PIP_INDEX_URL: PUBLIC })
  assert.equal(run.code, 0, run.stderr)
  assert.ok(zipNames(out).includes('internal_lib-1.0.dist-info/METADATA'))
})
