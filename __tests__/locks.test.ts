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
import { writeBuildableProject } from './helpers/projects.js'
import { contentHash } from '../src/deps/locks/poetrylock.js'
import { readToml } from '../src/deps/locks/lock.js'
import { pipfileHash } from '../src/deps/locks/pipfilelock.js'

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
  // The same Python both times (the interpreter is part of the key); the wrapper below execs python3.
  assert.equal(runCli(args(dir, path.join(work, 'warm-1.zip'), '--package-python', 'python3'), { env: { SPINDRIFT_CACHE_DIR: cache } }).code, 0)
  const log = path.join(tempDir(), 'spawns.log')
  const counting = path.join(tempDir(), 'python-counting')
  writeFileSync(counting, `#!/bin/sh\necho "spawn $1" >> ${log}\nexec python3 "$@"\n`, { mode: 0o755 })
  const warm = runCli(args(dir, path.join(work, 'warm-2.zip'), '--package-python', counting), { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(warm.code, 0, warm.stderr)
  assert.equal(JSON.parse(warm.stdout).cacheHit, true)
  assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), ['spawn -c'])
})

test('Poetry content-hash is computed as Poetry 2.5.1 computes it ([project] and [tool.poetry] layouts)', () => {
  // Both hashes were written by the real `poetry lock` (2.5.1) for these pyproject.toml files.
  const vectors: [string, string][] = [
    ['[tool.poetry]\nname = "p1app"\nversion = "0.1.0"\ndescription = ""\nauthors = ["x <x@example.com>"]\npackage-mode = false\n[tool.poetry.dependencies]\npython = "^3.11"\nsix = "^1.16"\nidna = { version = "*", markers = "python_version < \'3.12\'" }\n[tool.poetry.group.dev.dependencies]\niniconfig = "*"\n', '740646855c59f9088555a55d4e3fa21e483c8a82c5283f77022f9e3f5396fcd1'],
    ['[project]\nname = "p2app"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = ["six>=1.16", "idna; python_version < \'3.12\'"]\n[project.optional-dependencies]\ncli = ["click>=8"]\n[tool.poetry]\npackage-mode = false\n[tool.poetry.group.dev.dependencies]\niniconfig = "*"\n', '7f1a82533fea84c020d50743e209d9227f131434e039921abb756708a6c2f204']
  ]
  for (const [toml, hash] of vectors) {
    const file = path.join(tempDir(), 'pyproject.toml')
    writeFileSync(file, toml)
    assert.equal(contentHash(readToml(file)), hash)
  }
})

/** A poetry.lock [[package]] entry with the index's real file hash. */
function poetryPackage(name: string, version: string, extra: string[] = [], dependencies: string[] = []): string {
  const file = wheelFileName({ name, version, tag: 'py3-none-any' })
  return [
    '[[package]]', `name = "${name}"`, `version = "${version}"`, 'description = ""', ...extra, `files = [\n    {file = "${file}", hash = "${hashOf(name, version)}"},\n]`, '',
    ...(dependencies.length ? ['[package.dependencies]', ...dependencies, ''] : [])
  ].join('\n')
}

function poetryProject(pyproject: string, packages: string[], lockVersion: string): string {
  const dir = tempDir('spindrift-poetry-')
  writeTree(dir, { 'pyproject.toml': pyproject, 'handler.py': HANDLER })
  const hash = contentHash(readToml(path.join(dir, 'pyproject.toml')))
  writeTree(dir, { 'poetry.lock': `${packages.join('\n')}\n[metadata]\nlock-version = "${lockVersion}"\npython-versions = ">=3.10"\ncontent-hash = "${hash}"\n` })
  return dir
}

const DEMO_DEPENDENCIES = ['puredep = ">=1"', 'armonly = {version = "*", markers = "platform_machine == \\"aarch64\\""}']

test('poetry.lock (Poetry 2, package-mode = false): main dependencies only, markers for the target, extras and groups on request', () => {
  const dir = poetryProject(
    ['[project]', 'name = "papp"', 'version = "0.1.0"', 'requires-python = ">=3.10"', 'dependencies = ["demo-lib>=1.0", "oldpy; python_version < \'3.12\'"]', '[project.optional-dependencies]', 'cli = ["extra-lib"]', '[tool.poetry]', 'package-mode = false', '[tool.poetry.group.dev.dependencies]', 'devtool = "*"', ''].join('\n'),
    [
      poetryPackage('demo-lib', '1.0', ['optional = false', 'python-versions = "*"', 'groups = ["main"]'], DEMO_DEPENDENCIES),
      poetryPackage('puredep', '1.0', ['optional = false', 'groups = ["main"]']),
      poetryPackage('armonly', '1.0', ['optional = false', 'groups = ["main"]', 'markers = "platform_machine == \\"aarch64\\""']),
      poetryPackage('oldpy', '1.0', ['optional = false', 'groups = ["main"]', 'markers = "python_version < \\"3.12\\""']),
      poetryPackage('extra-lib', '1.0', ['optional = true', 'groups = ["main"]', 'markers = "extra == \\"cli\\""']),
      poetryPackage('devtool', '1.0', ['optional = false', 'groups = ["dev"]'])
    ],
    '2.1'
  )
  const out = path.join(work, 'poetry2.zip')
  const run = runCli(args(dir, out, '--no-cache'))
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'puredep==1.0'])
  assert.match(JSON.parse(run.stdout).dependencySource, /^poetry\.lock /)
  const all = path.join(work, 'poetry2-all.zip')
  assert.equal(runCli(args(dir, all, '--no-cache', '--package-runtime', 'python3.11', '--package-architecture', 'arm64', '--package-extras', 'cli', '--package-groups', 'dev')).code, 0)
  assert.deepEqual(shipped(all), ['armonly==1.0', 'demo_lib==1.0', 'devtool==1.0', 'extra_lib==1.0', 'oldpy==1.0', 'puredep==1.0'])
})

test('poetry.lock (Poetry 1.x, [tool.poetry.dependencies], hashes under [metadata.files]); a changed pyproject.toml stops with "poetry lock"', () => {
  const legacy = (name: string, version: string, dependencies: string[] = []) =>
    ['[[package]]', `name = "${name}"`, `version = "${version}"`, 'description = ""', 'category = "main"', 'optional = false', 'python-versions = "*"', '', ...(dependencies.length ? ['[package.dependencies]', ...dependencies, ''] : [])].join('\n')
  const files = (name: string, version: string) => `"${name}" = [\n    {file = "${wheelFileName({ name, version, tag: 'py3-none-any' })}", hash = "${hashOf(name, version)}"},\n]`
  const dir = poetryProject(
    ['[tool.poetry]', 'name = "papp"', 'version = "0.1.0"', 'description = ""', 'authors = []', '', '[tool.poetry.dependencies]', 'python = "^3.10"', 'demo-lib = "^1.0"', 'oldpy = { version = "*", python = "<3.12" }', '', '[build-system]', 'requires = ["poetry-core"]', 'build-backend = "poetry.core.masonry.api"', '', '[tool.spindrift-test]', 'x = 1', ''].join('\n'),
    [legacy('demo-lib', '1.0', DEMO_DEPENDENCIES), legacy('puredep', '1.0'), legacy('armonly', '1.0'), legacy('oldpy', '1.0')],
    '1.1'
  )
  const lock = path.join(dir, 'poetry.lock')
  writeFileSync(lock, readFileSync(lock, 'utf8') + `\n[metadata.files]\n${[['demo-lib', '1.0'], ['puredep', '1.0'], ['armonly', '1.0'], ['oldpy', '1.0']].map(([n, v]) => files(n, v)).join('\n')}\n`)
  // Poetry 1.x projects have a [build-system]; package-mode = false makes this one a folder without poetry-core.
  const pyproject = path.join(dir, 'pyproject.toml')
  writeFileSync(pyproject, readFileSync(pyproject, 'utf8').replace('authors = []\n', 'authors = []\npackage-mode = false\n'))
  const out = path.join(work, 'poetry1.zip')
  const run = runCli(args(dir, out, '--no-cache', '--package-runtime', 'python3.11'))
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'oldpy==1.0', 'puredep==1.0'])
  writeFileSync(pyproject, readFileSync(pyproject, 'utf8').replace('demo-lib = "^1.0"', 'demo-lib = "^1.1"'))
  const stale = runCli(args(dir, path.join(work, 'poetry1-stale.zip')))
  assert.equal(stale.code, 1)
  assert.match(stale.stderr, /^spindrift: .*poetry\.lock no longer matches the project's pyproject\.toml \(its content-hash differs\), so it does not say what to install; run "poetry lock" and commit the lock\.$/m)
  assert.equal(existsSync(path.join(work, 'poetry1-stale.zip')), false)
})

test('pylock.toml (PEP 751): package markers on extras, dependency groups, Python version and machine', () => {
  const entry = (name: string, version: string, marker?: string) =>
    ['[[packages]]', `name = "${name}"`, `version = "${version}"`, ...(marker ? [`marker = '${marker}'`] : []), '[[packages.wheels]]', `name = "${wheelFileName({ name, version, tag: 'py3-none-any' })}"`, `hashes = { sha256 = "${hashOf(name, version).slice(7)}" }`, ''].join('\n')
  const dir = tempDir('spindrift-pylock-')
  writeTree(dir, {
    'handler.py': HANDLER,
    'pylock.toml': ['lock-version = "1.0"', 'requires-python = ">=3.10"', 'extras = ["cli"]', 'dependency-groups = ["dev"]', 'default-groups = []', 'created-by = "spindrift-tests"', '',
      entry('demo-lib', '1.0'), entry('puredep', '1.0'), entry('armonly', '1.0', 'platform_machine == "aarch64"'), entry('oldpy', '1.0', 'python_version < "3.12"'),
      entry('extra-lib', '1.0', '"cli" in extras'), entry('devtool', '1.0', '"dev" in dependency_groups')].join('\n')
  })
  const out = path.join(work, 'pylock.zip')
  const run = runCli(args(dir, out, '--no-cache'))
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'puredep==1.0'])
  assert.match(JSON.parse(run.stdout).dependencySource, /^pylock\.toml /)
  const all = path.join(work, 'pylock-all.zip')
  assert.equal(runCli(args(dir, all, '--no-cache', '--package-architecture', 'arm64', '--package-extras', 'cli', '--package-groups', 'dev')).code, 0)
  assert.deepEqual(shipped(all), ['armonly==1.0', 'demo_lib==1.0', 'devtool==1.0', 'extra_lib==1.0', 'puredep==1.0'])
})

test('Pipfile.lock: "default" only unless package.groups names "develop"; markers for the target', () => {
  const entry = (name: string, version: string, markers?: string) => [name, { version: `==${version}`, hashes: [hashOf(name, version)], ...(markers ? { markers } : {}) }]
  const dir = tempDir('spindrift-pipenv-')
  writeTree(dir, {
    'handler.py': HANDLER,
    'Pipfile.lock': JSON.stringify({
      _meta: { hash: { sha256: 'x' }, 'pipfile-spec': 6, requires: { python_version: '3.12' }, sources: [] },
      default: Object.fromEntries([entry('demo-lib', '1.0'), entry('puredep', '1.0'), entry('armonly', '1.0', "platform_machine == 'aarch64'"), entry('oldpy', '1.0', "python_version < '3.12'")]),
      develop: Object.fromEntries([entry('devtool', '1.0')])
    })
  })
  const out = path.join(work, 'pipenv.zip')
  const run = runCli(args(dir, out, '--no-cache'))
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'puredep==1.0'])
  assert.equal(runCli(args(dir, out, '--no-cache', '--package-groups', 'develop')).code, 0)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'devtool==1.0', 'puredep==1.0'])
})

test('requirements pinned with == and --hash (uv export): exactly the pins for the target, "-e ." left to the app stage', () => {
  const dir = tempDir('spindrift-pinned-')
  writeTree(dir, {
    'handler.py': HANDLER,
    'requirements.txt': ['# uv export --frozen --no-dev', '-e .', `demo-lib==1.0 \\\n    --hash=${hashOf('demo-lib', '1.0')}`, `puredep==1.0 --hash=${hashOf('puredep', '1.0')}`, `armonly==1.0 ; platform_machine == 'aarch64' --hash=${hashOf('armonly', '1.0')}`, ''].join('\n')
  })
  const out = path.join(work, 'pinned.zip')
  const run = runCli(args(dir, out, '--no-cache'))
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'puredep==1.0'])
  assert.match(JSON.parse(run.stdout).dependencySource, /^pinned requirements /)

  // A dependency pyproject.toml declares that the pins do not cover: the file is stale.
  writeTree(dir, { 'pyproject.toml': '[project]\nname = "app"\nversion = "1"\ndependencies = ["demo-lib", "devtool", "armonly; platform_machine == \'aarch64\'"]\n' })
  const stale = runCli(args(dir, path.join(work, 'pinned-stale.zip')))
  assert.equal(stale.code, 1)
  assert.match(stale.stderr, /^spindrift: .*pyproject\.toml declares devtool, which .*requirements\.txt does not pin for python3\.12 on x86_64, so the lock is stale; regenerate it/m)
  assert.equal(existsSync(path.join(work, 'pinned-stale.zip')), false)
})

test('an editable requirement is refused with one sentence: its finder would point at this machine', () => {
  const dir = tempDir('spindrift-editable-')
  writeTree(dir, { 'handler.py': HANDLER, 'requirements.txt': 'demo-lib>=1.0\n-e ./lib\n', 'lib/pyproject.toml': '[project]\nname = "lib"\nversion = "1"\n' })
  const out = path.join(work, 'editable.zip')
  const run = runCli(args(dir, out))
  assert.equal(run.code, 1)
  assert.match(run.stderr, /^spindrift: .*requirements\.txt line 2 asks for the editable install "-e \.\/lib", which would ship a finder pointing at this machine's folder; write it without -e so the package itself is installed\.$/m)
  assert.equal(existsSync(out), false)
})

test('requires-python: the project\'s against package.runtime, and each installed distribution\'s against the runtime', () => {
  const dir = tempDir('spindrift-requires-')
  writeTree(dir, { 'handler.py': HANDLER, 'pyproject.toml': '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.13"\ndependencies = []\n' })
  const out = path.join(work, 'requires.zip')
  const project = runCli(args(dir, out))
  assert.equal(project.code, 1)
  assert.match(project.stderr, /^spindrift: .*pyproject\.toml says requires-python = ">=3\.13", but package\.runtime python3\.12 runs Python 3\.12; set package\.runtime to a runtime the project supports, or widen requires-python\.$/m)
  writeTree(dir, { 'pyproject.toml': '[project]\nname = "app"\nversion = "1"\nrequires-python = "<3.12"\ndependencies = []\n' })
  assert.match(runCli(args(dir, out)).stderr, /requires-python = "<3\.12", but package\.runtime python3\.12/)

  const pinned = tempDir('spindrift-requires-dist-')
  writeTree(pinned, { 'handler.py': HANDLER, 'requirements.txt': `modern==2.0 --hash=${hashOf('modern', '2.0')}\n` })
  const dist = runCli(args(pinned, out, '--no-cache'))
  assert.equal(dist.code, 1)
  assert.match(dist.stderr, /^spindrift: modern 2\.0 requires Python >=3\.13, but python3\.12 runs Python 3\.12; pin a version of modern that supports Python 3\.12 \(or relock\), or change package\.runtime\.$/m)
  assert.equal(existsSync(out), false)
  assert.equal(runCli(args(pinned, out, '--no-cache', '--package-runtime', 'python3.13')).code, 0)
})

test('a uv workspace: the member being packaged and the local member it depends on, keyed by that member\'s content', () => {
  const root = tempDir('spindrift-workspace-')
  writeTree(root, {
    'pyproject.toml': '[project]\nname = "root"\nversion = "0"\nrequires-python = ">=3.10"\ndependencies = []\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
    'packages/app/pyproject.toml': '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = ["mylib", "demo-lib>=1.0"]\n\n[tool.uv.sources]\nmylib = { workspace = true }\n',
    'packages/app/handler.py': 'import mylib.handlers, demo_lib\n\n\ndef handler(event, context):\n    return mylib.handlers.WORD\n'
  })
  writeBuildableProject(path.join(root, 'packages', 'mylib'), { name: 'mylib', dependencies: ['puredep>=1'], module: 'WORD = "first"\n' })
  uvLock(root)
  const app = path.join(root, 'packages', 'app')
  const cache = tempDir('spindrift-cache-')
  const out = path.join(work, 'workspace.zip')
  const build = () => {
    const run = runCli(args(app, out), { env: { SPINDRIFT_CACHE_DIR: cache } })
    assert.equal(run.code, 0, run.stderr)
    return JSON.parse(run.stdout)
  }
  const first = build()
  assert.match(first.dependencySource, /^uv\.lock \(.*spindrift-workspace-[^/]+\/uv\.lock\)$/)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'mylib==1.0', 'puredep==1.0'])
  assert.ok(!zipNames(out).some(n => n.includes('__editable__') || n.endsWith('.pth')), 'no editable finder')
  assert.match(zipText(out, 'mylib/handlers.py') as string, /first/)
  assert.equal(build().cacheHit, true)
  writeTree(root, { 'packages/mylib/mylib/handlers.py': 'WORD = "second"\n' })
  assert.equal(build().cacheHit, false, 'an edit of the local member is a new key')
  assert.match(zipText(out, 'mylib/handlers.py') as string, /second/)
})

for (const installer of ['pip', 'uv']) test(`an unpinned range is resolved for the target (${installer}) before the cache is asked: a release inside the range is picked up by the next cached build`, () => {
  const root = path.join(work, `growing-index-${installer}`)
  const index = makeIndex(root, WHEELS.filter(w => w.name !== 'demo-lib' || w.version === '1.0'))
  const dir = tempDir('spindrift-range-')
  writeTree(dir, { 'handler.py': HANDLER, 'requirements.txt': 'demo-lib>=1.0\n' })
  const cache = tempDir('spindrift-cache-')
  const out = path.join(work, 'range.zip')
  const build = () => {
    const run = runCli([...args(dir, out), '--package-index-url', index, '--package-installer', installer], { env: { SPINDRIFT_CACHE_DIR: cache, PATH: `${path.dirname(UV)}${path.delimiter}${process.env.PATH}` } })
    assert.equal(run.code, 0, run.stderr)
    return JSON.parse(run.stdout).cacheHit as boolean
  }
  assert.equal(build(), false)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'puredep==1.0'])
  assert.equal(build(), true, 'nothing new: the resolved set is the same, so the layer is reused')
  makeIndex(root, WHEELS)
  assert.equal(build(), false, 'demo-lib 1.1 is out: a new resolved set')
  assert.deepEqual(shipped(out), ['demo_lib==1.1', 'puredep==1.0'])
})

test('poetry.lock: a dependency\'s extra brings in its optional dependency, whose marker tests that extra', () => {
  const dir = poetryProject(
    ['[project]', 'name = "papp"', 'version = "0.1.0"', 'dependencies = ["demo-lib[fast]>=1.0"]', '[tool.poetry]', 'package-mode = false', ''].join('\n'),
    [
      poetryPackage('demo-lib', '1.0', ['optional = false', 'groups = ["main"]'], ['puredep = ">=1"', 'extra-lib = {version = ">=1", optional = true, markers = "extra == \\"fast\\""}', '', '[package.extras]', 'fast = ["extra-lib (>=1)"]']),
      poetryPackage('puredep', '1.0', ['optional = false', 'groups = ["main"]']),
      poetryPackage('extra-lib', '1.0', ['optional = false', 'groups = ["main"]'])
    ],
    '2.1'
  )
  const out = path.join(work, 'poetry-extra.zip')
  const run = runCli(args(dir, out, '--no-cache'))
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'extra_lib==1.0', 'puredep==1.0'])
})

test('uv.lock installed by uv (package.installer uv): the same locked set, hashes required', { skip: !existsSync(UV) && 'no uv in .venv-test' }, () => {
  const dir = uvProject()
  const out = path.join(work, 'uv-installer.zip')
  const run = runCli(args(dir, out, '--no-cache', '--package-installer', 'uv'), { env: { PATH: `${path.dirname(UV)}${path.delimiter}${process.env.PATH}` } })
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(shipped(out), ['demo_lib==1.0', 'puredep==1.0'])
})

test('Pipfile.lock: the Pipfile\'s hash as Pipenv computes it, and a changed Pipfile stops with "pipenv lock"', () => {
  // The hash the real `pipenv lock` (2026) wrote for this Pipfile.
  const pipfile = '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n\n[packages]\nsix = ">=1.16"\nidna = {version = "*", markers = "python_version < \'3.12\'"}\n\n[dev-packages]\niniconfig = "*"\n\n[requires]\npython_version = "3.11"\n'
  const dir = tempDir('spindrift-pipfile-')
  writeTree(dir, { Pipfile: pipfile, 'handler.py': HANDLER })
  assert.equal(pipfileHash(readToml(path.join(dir, 'Pipfile'))), 'a79c59d8ec0c6cbb917e9cd270e7a129342d132f8529ec3770e5431f39b19032')
  const lock = (hash: string) => JSON.stringify({ _meta: { hash: { sha256: hash } }, default: { 'demo-lib': { version: '==1.0', hashes: [hashOf('demo-lib', '1.0')] }, puredep: { version: '==1.0', hashes: [hashOf('puredep', '1.0')] } }, develop: {} })
  writeTree(dir, { 'Pipfile.lock': lock(pipfileHash(readToml(path.join(dir, 'Pipfile')))) })
  const out = path.join(work, 'pipfile.zip')
  assert.equal(runCli(args(dir, out, '--no-cache')).code, 0)
  writeTree(dir, { Pipfile: pipfile.replace('six = ">=1.16"', 'six = ">=1.17"') })
  const stale = runCli(args(dir, path.join(work, 'pipfile-stale.zip')))
  assert.equal(stale.code, 1)
  assert.match(stale.stderr, /^spindrift: .*Pipfile\.lock no longer matches the project's Pipfile \(its hash of the Pipfile differs\), so it does not say what to install; run "pipenv lock" and commit the lock\.$/m)
  assert.equal(existsSync(path.join(work, 'pipfile-stale.zip')), false)
})

test('a uv workspace whose root is not a member: without package.member one sentence lists the members; with it, that member and the local member it depends on', () => {
  const root = tempDir('spindrift-virtual-workspace-')
  const member = (name: string, dependencies: string[]) => ({
    [`packages/${name}/pyproject.toml`]: `[project]\nname = "${name}"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = ${JSON.stringify(dependencies)}\n\n[tool.uv.sources]\ncommon = { workspace = true }\n`,
    [`packages/${name}/handler.py`]: `import common.handlers\n\n\ndef handler(event, context):\n    return "${name}"\n`
  })
  writeTree(root, { 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n', ...member('api', ['common', 'demo-lib>=1.0']), ...member('worker', ['common', 'devtool']) })
  writeBuildableProject(path.join(root, 'packages', 'common'), { name: 'common', dependencies: ['puredep>=1'], module: 'WORD = "shared"\n' })
  uvLock(root)
  assert.match(readFileSync(path.join(root, 'uv.lock'), 'utf8'), /\[manifest\]\nmembers = \[/, 'a workspace lock, made by uv')

  const out = path.join(work, 'virtual-workspace.zip')
  const ambiguous = runCli(args(root, out))
  assert.equal(ambiguous.code, 1)
  assert.match(ambiguous.stderr, /^spindrift: .*uv\.lock locks a uv workspace, and package\.path .* is not one of its members \(it has no \[project\] name\), so which member to package is ambiguous; set package\.member to one of "api", "common" and "worker", or point package\.path at that member's folder\.\n$/m)
  assert.equal(existsSync(out), false)

  const worker = runCli(args(root, out, '--no-cache', '--package-member', 'worker'))
  assert.equal(worker.code, 0, worker.stderr)
  assert.match(worker.stderr, /Packaging the uv workspace member "worker" \(.*packages\/worker\)/)
  assert.deepEqual(shipped(out), ['common==1.0', 'devtool==1.0', 'puredep==1.0'])
  assert.match(zipText(out, 'handler.py') as string, /return "worker"/)
  const api = runCli(args(root, out, '--no-cache', '--package-member', 'api'))
  assert.equal(api.code, 0, api.stderr)
  assert.deepEqual(shipped(out), ['common==1.0', 'demo_lib==1.0', 'puredep==1.0'])

  const unknown = runCli(args(root, path.join(work, 'no-member.zip'), '--package-member', 'web'))
  assert.equal(unknown.code, 1)
  assert.match(unknown.stderr, /^spindrift: package\.member is "web", which .*uv\.lock does not have as a workspace member \(it has "api", "common" and "worker"\); fix package\.member\.\n$/m)
  const check = runCli(['check', '--package-path', root, '--package-member', 'worker', '--package-index-url', INDEX, '--target', 'python3.12', '--json'])
  assert.equal(check.code, 0, check.stderr)
  assert.deepEqual(JSON.parse(check.stdout).lines.map((l: { name: string }) => l.name).sort(), ['common', 'devtool', 'puredep'])
})

test('package.member: the member\'s folder is the project for everything (its name, its requirements), the workspace root\'s uv.lock its lock', () => {
  const root = tempDir('spindrift-member-project-')
  writeTree(root, {
    'pyproject.toml': '[tool.uv.workspace]\nmembers = ["services/*"]\n',
    // The root's requirements.txt is not the member's: it must never be installed for it.
    'requirements.txt': 'devtool\n',
    'services/orders-svc/pyproject.toml': '[project]\nname = "orders"\nversion = "0.1.0"\nrequires-python = ">=3.10"\ndependencies = ["puredep>=1"]\n',
    'services/orders-svc/requirements.txt': 'extra-lib\n',
    'services/orders-svc/handler.py': 'import puredep\n\n\ndef handler(event, context):\n    return "orders"\n'
  })
  uvLock(root)
  // No output path: the default is build/<name>.zip under the folder spindrift runs in, named after the member's pyproject.
  const cwd = tempDir('spindrift-member-cwd-')
  const run = (...more: string[]) => runCli(['package', '--package-path', root, '--package-member', 'orders', '--package-entry', 'handler:handler', '--package-runtime', 'python3.12', '--package-index-url', INDEX, '--no-cache', '--json', ...more], { cwd })
  const out = path.join(cwd, 'build', 'orders.zip')
  const locked = run()
  assert.equal(locked.code, 0, locked.stderr)
  assert.equal(JSON.parse(locked.stdout).zipPath ?? out, out)
  assert.ok(existsSync(out), `${out} is named after the member's pyproject.toml`)
  assert.match(locked.stderr, new RegExp(`Packaging the uv workspace member "orders" \\(.*services/orders-svc\\), locked by ${path.join(root, 'uv.lock').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  assert.match(JSON.parse(locked.stdout).dependencySource, /^uv\.lock /)
  assert.deepEqual(shipped(out), ['puredep==1.0'])
  assert.match(zipText(out, 'handler.py') as string, /return "orders"/)
  assert.equal(JSON.parse(readFileSync(path.join(cwd, 'build', 'orders.cdx.json'), 'utf8')).metadata.component.name, 'orders')

  // With the lock set aside: the member's own requirements.txt and pyproject.toml, not the root's requirements.txt.
  const unlocked = run('--package-lock', 'none')
  assert.equal(unlocked.code, 0, unlocked.stderr)
  assert.deepEqual(shipped(out), ['extra_lib==1.0', 'puredep==1.0'])
})
