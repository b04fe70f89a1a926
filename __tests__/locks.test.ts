// Lock files as dependency sources, through the built CLI against a fabricated index: exactly the locked
// versions for the target (markers decided for the runtime and architecture, not this machine), groups and
// extras, workspaces, stale locks, hash mismatches, non-package projects, and the runtime's Python.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { makeIndex, sha256File, wheelFileName } from './helpers/pyindex.js'
import { ROOT, runCli, tempDir, writeTree, zipNames, zipText } from './helpers/run.js'
import { contentHash } from '../src/deps/locks/poetrylock.js'
import { readToml } from '../src/deps/locks/lock.js'

const UV = path.join(ROOT, '.venv-test', 'bin', 'uv')
const work = tempDir()
const WHEELS = [
  { name: 'demo-lib', version: '1.0', tag: 'py3-none-any', requires: ['puredep>=1', 'armonly; platform_machine == "aarch64"'] },
  { name: 'demo-lib', version: '1.1', tag: 'py3-none-any', requires: ['puredep>=1'] },
  { name: 'puredep', version: '1.0', tag: 'py3-none-any' },
  { name: 'armonly', version: '1.0', tag: 'py3-none-any' },
  { name: 'oldpy', version: '1.0', tag: 'py3-none-any' },
  { name: 'devtool', version: '1.0', tag: 'py3-none-any' },
  { name: 'extra-lib', version: '1.0', tag: 'py3-none-any' },
  { name: 'modern', version: '2.0', tag: 'py3-none-any', requiresPython: '>=3.13' }
]
const INDEX = makeIndex(path.join(work, 'index'), WHEELS)
const FILES = path.join(work, 'index', 'files')
// The index as it was before demo-lib 1.1 was published (same files): what the locks were made against.
const OLD_INDEX = (() => {
  const old = path.join(work, 'index', 'simple-old')
  cpSync(path.join(work, 'index', 'simple'), old, { recursive: true })
  const page = path.join(old, 'demo-lib', 'index.html')
  writeFileSync(page, readFileSync(page, 'utf8').split('\n').filter(line => !line.includes('demo_lib-1.1')).join('\n'))
  return pathToFileURL(old).href
})()
const hashOf = (name: string, version: string) => `sha256:${sha256File(path.join(FILES, wheelFileName({ name, version, tag: 'py3-none-any' })))}`

const HANDLER = 'import demo_lib, puredep\n\n\ndef handler(event, context):\n    return demo_lib.VERSION\n'

function uvLock(dir: string): void {
  execFileSync(UV, ['lock', '--index-url', OLD_INDEX, '--quiet'], { cwd: dir, env: { ...process.env, UV_CACHE_DIR: path.join(work, 'uv-cache'), UV_PYTHON_DOWNLOADS: 'never' } })
}

/** uv's application layout: [project] without [build-system], locked by the real uv against the local index. */
function uvProject(dependencies = ['demo-lib>=1.0', "oldpy; python_version < '3.12'"]): string {
  const dir = tempDir('spindrift-uvapp-')
  writeTree(dir, {
    'pyproject.toml': [
      '[project]', 'name = "app"', 'version = "0.1.0"', 'requires-python = ">=3.10"', `dependencies = ${JSON.stringify(dependencies)}`, '',
      '[project.optional-dependencies]', 'cli = ["extra-lib"]', '', '[dependency-groups]', 'dev = ["devtool"]', ''
    ].join('\n'),
    'handler.py': HANDLER
  })
  uvLock(dir)
  return dir
}

function args(dir: string, out: string, ...more: string[]): string[] {
  return ['package', '--package-path', dir, '--package-entry', 'handler:handler', '--package-runtime', 'python3.12', '--package-index-url', INDEX, '--output-path', out, '--json', ...more]
}

/** The distributions in a zip, as name==version, sorted. */
function shipped(zip: string): string[] {
  return zipNames(zip).map(n => /^([^/]+)-([^/-]+)\.dist-info\/METADATA$/.exec(n)).filter(m => m !== null).map(m => `${m![1]}==${m![2]}`).sort()
}

test('uv.lock: the locked versions for the target, markers decided for python3.12 (not the 3.11 running pip) and for arm64', () => {
  const dir = uvProject()
  // A newer demo-lib (1.1) is on the index: the lock's 1.0 is what ships.
  const out = path.join(work, 'uv-x86.zip')
  const run = runCli(args(dir, out, '--no-cache'))
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'puredep==1.0'])
  assert.match(JSON.parse(run.stdout).dependencySource, /^uv\.lock \(.*uv\.lock\)$/)
  assert.match(run.stderr, /not a package: its files ship as they are/)
  assert.ok(zipNames(out).includes('handler.py'))

  const arm = path.join(work, 'uv-arm.zip')
  assert.equal(runCli(args(dir, arm, '--no-cache', '--package-architecture', 'arm64')).code, 0)
  assert.deepEqual(shipped(arm), ['armonly==1.0', 'demo_lib==1.0', 'puredep==1.0'])

  const old = path.join(work, 'uv-311.zip')
  const run311 = runCli(args(dir, old, '--no-cache', '--package-runtime', 'python3.11'))
  assert.equal(run311.code, 0, run311.stderr)
  assert.deepEqual(shipped(old), ['demo_lib==1.0', 'oldpy==1.0', 'puredep==1.0'])
})

test('uv.lock: extras and groups only when asked for; an unknown group is one sentence and nothing is written', () => {
  const dir = uvProject()
  const out = path.join(work, 'uv-extras.zip')
  const run = runCli(args(dir, out, '--no-cache', '--package-extras', 'cli', '--package-groups', 'dev'))
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'devtool==1.0', 'extra_lib==1.0', 'puredep==1.0'])
  const bad = path.join(work, 'uv-badgroup.zip')
  const failed = runCli(args(dir, bad, '--package-groups', 'docs'))
  assert.equal(failed.code, 1)
  assert.match(failed.stderr, /^spindrift: package\.groups names the group "docs", which .*uv\.lock does not have \(it has "dev"\); fix package\.groups\.\n$/m)
  assert.equal(existsSync(bad), false)
})

test('uv.lock that no longer matches pyproject.toml stops with "uv lock" and writes nothing', () => {
  const dir = uvProject()
  const pyproject = path.join(dir, 'pyproject.toml')
  writeFileSync(pyproject, readFileSync(pyproject, 'utf8').replace('"demo-lib>=1.0"', '"demo-lib>=1.0", "devtool"'))
  const out = path.join(work, 'uv-stale.zip')
  const run = runCli(args(dir, out))
  assert.equal(run.code, 1)
  assert.match(run.stderr, /^spindrift: .*uv\.lock no longer matches the project's pyproject\.toml \(the project declares devtool, which the lock did not record\).*run "uv lock" and commit the lock\.\n$/m)
  assert.equal(existsSync(out), false)
})

test('a file whose hash differs from the lock\'s is refused by the installer: one sentence, nothing written', () => {
  const dir = uvProject()
  const lock = path.join(dir, 'uv.lock')
  writeFileSync(lock, readFileSync(lock, 'utf8').replace(hashOf('puredep', '1.0'), `sha256:${'0'.repeat(64)}`))
  const out = path.join(work, 'uv-hash.zip')
  const run = runCli(args(dir, out, '--no-cache'))
  assert.equal(run.code, 1)
  assert.match(run.stderr, /^spindrift: pip refused .*puredep-1\.0-py3-none-any\.whl, whose hash differs from what the lock records/m)
  assert.equal(existsSync(out), false)
})

test('a locked project\'s warm build starts Python once and never the installer', () => {
  const dir = uvProject()
  const cache = tempDir('spindrift-cache-')
  assert.equal(runCli(args(dir, path.join(work, 'warm-1.zip')), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)
  const log = path.join(tempDir(), 'spawns.log')
  const counting = path.join(tempDir(), 'python-counting')
  writeFileSync(counting, `#!/bin/sh\necho "spawn $1" >> ${log}\nexec python3 "$@"\n`, { mode: 0o755 })
  const warm = runCli(args(dir, path.join(work, 'warm-2.zip'), '--package-python', counting), { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(warm.code, 0, warm.stderr)
  assert.equal(JSON.parse(warm.stdout).cacheHit, true)
  assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), ['spawn -c'])
})
