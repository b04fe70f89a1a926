// Locked packages that do not come from an index, in every lock format: a git commit (a repository made here,
// whose branch has moved on since it was locked), archives served over HTTP on 127.0.0.1 (a wheel and an
// sdist), a local wheel and a local folder (edited between two builds: the second build ships the edit).
// Each is installed exactly as locked and keyed by what was locked; what cannot be exact is one sentence.
import assert from 'node:assert/strict'
import { execFile, execFileSync, spawn } from 'node:child_process'
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { after, before, test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { makeIndex, makeWheel, sha256File, wheelFileName } from './helpers/pyindex.js'
import { makeSdist, writeBuildableProject } from './helpers/projects.js'
import { CLI, ROOT, tempDir, writeTree, zipNames, zipText, type CliRun } from './helpers/run.js'
import { contentHash } from '../src/deps/locks/poetrylock.js'
import { readToml } from '../src/deps/locks/lock.js'

const UV = path.join(ROOT, '.venv-test', 'bin', 'uv')
const work = tempDir()
// The index also holds other files under the names and versions that pylock.toml locates elsewhere.
const elsewhere = (name: string) => ({ name, version: '1.0', tag: 'py3-none-any', files: { [`${name}/__init__.py`]: 'WHERE = "the index"\n' } })
const INDEX = makeIndex(path.join(work, 'index'), [{ name: 'puredep', version: '1.0', tag: 'py3-none-any' }, elsewhere('located'), elsewhere('pathwheel')])
const PUREDEP = `sha256:${sha256File(path.join(work, 'index', 'files', wheelFileName({ name: 'puredep', version: '1.0', tag: 'py3-none-any' })))}`

// The archives the HTTP server serves.
const served = path.join(work, 'served')
const URL_WHEEL = makeWheel(served, { name: 'urlwheel', version: '1.0', tag: 'py3-none-any' })
const URL_SDIST = makeSdist(served, { name: 'urlsdist', version: '1.0' })
const hashOf = (file: string) => `sha256:${sha256File(file)}`

// A git repository whose main branch moved on after commit FIRST was locked.
const repo = path.join(work, 'gitlib-repo')
writeBuildableProject(repo, { name: 'gitlib', dependencies: [], module: 'WORD = "first"\n' })
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8' }).trim()
git('init', '-q', '-b', 'main')
git('add', '-A')
git('commit', '-qm', 'first')
const FIRST = git('rev-parse', 'HEAD')
/** After locking: main moves on to a second commit, which no build may ship. */
function moveBranchOn(): void {
  if (git('rev-parse', 'main') !== FIRST) return
  writeTree(repo, { 'gitlib/handlers.py': 'WORD = "second"\n' })
  git('commit', '-qam', 'second')
}
const REPO_URL = pathToFileURL(repo).href

let base = ''
const server = createServer((request, response) => {
  const file = path.join(served, path.basename(request.url ?? ''))
  if (!existsSync(file)) return void response.writeHead(404).end()
  response.writeHead(200, { 'content-type': 'application/octet-stream' })
  createReadStream(file).pipe(response)
})
before(async () => {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
after(() => server.close())

/** The CLI, without blocking this process (it serves the archives). */
function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, SPINDRIFT_CACHE_DIR: path.join(work, 'unused-cache'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => (stdout += d))
    child.stderr.on('data', d => (stderr += d))
    child.on('close', code => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

function args(dir: string, out: string, ...more: string[]): string[] {
  return ['package', '--package-path', dir, '--package-entry', 'handler:handler', '--package-runtime', 'python3.12', '--package-index-url', INDEX, '--output-path', out, '--json', ...more]
}

function shipped(zip: string): string[] {
  return zipNames(zip).map(n => /^([^/]+)-([^/-]+)\.dist-info\/METADATA$/.exec(n)).filter(m => m !== null).map(m => `${m![1]}==${m![2]}`).sort()
}

const ALL = ['filewheel==1.0', 'folderlib==1.0', 'gitlib==1.0', 'puredep==1.0', 'urlsdist==1.0', 'urlwheel==1.0']
const DEPENDENCIES = ['puredep', 'gitlib', 'urlwheel', 'urlsdist', 'filewheel', 'folderlib']
const HANDLER = 'import filewheel, folderlib.handlers, gitlib.handlers, puredep, urlsdist, urlwheel\n\n\ndef handler(event, context):\n    return [gitlib.handlers.WORD, folderlib.handlers.WORD]\n'

/** A project with a local wheel (vendor/) and a local folder (libs/folderlib) beside its lock. */
function project(files: Record<string, string>): { dir: string; fileWheel: string } {
  const dir = tempDir('spindrift-sources-')
  writeTree(dir, { 'handler.py': HANDLER, ...files })
  const fileWheel = makeWheel(path.join(dir, 'vendor'), { name: 'filewheel', version: '1.0', tag: 'py3-none-any' })
  writeBuildableProject(path.join(dir, 'libs', 'folderlib'), { name: 'folderlib', dependencies: [], module: 'WORD = "before"\n' })
  return { dir, fileWheel }
}

/** Package twice with one cache, editing the local folder in between: both builds exact, the second ships the edit. */
async function buildEditBuild(dir: string, format: RegExp): Promise<void> {
  moveBranchOn()
  const cache = tempDir('spindrift-cache-')
  const out = path.join(dir, 'out.zip')
  const first = await runCli(args(dir, out), { SPINDRIFT_CACHE_DIR: cache })
  assert.equal(first.code, 0, first.stderr)
  assert.match(JSON.parse(first.stdout).dependencySource, format)
  assert.deepEqual(shipped(out), ALL)
  assert.equal(zipText(out, 'gitlib/handlers.py'), 'WORD = "first"\n', 'the locked commit, not the branch that moved on')
  assert.equal(zipText(out, 'folderlib/handlers.py'), 'WORD = "before"\n')
  assert.ok(zipNames(out).includes('urlsdist/__init__.py') && zipNames(out).includes('urlwheel/__init__.py') && zipNames(out).includes('filewheel/__init__.py'))
  assert.ok(!zipNames(out).some(n => n.includes('__editable__') || n.endsWith('.pth') || n.endsWith('direct_url.json') && /editable/.test(zipText(out, n) ?? '')), 'no editable finder')

  writeTree(dir, { 'libs/folderlib/folderlib/handlers.py': 'WORD = "after"\n' })
  const second = await runCli(args(dir, out), { SPINDRIFT_CACHE_DIR: cache })
  assert.equal(second.code, 0, second.stderr)
  assert.equal(JSON.parse(second.stdout).cacheHit, false, 'the edited folder is a new key')
  assert.equal(zipText(out, 'folderlib/handlers.py'), 'WORD = "after"\n')
  assert.equal(zipText(out, 'gitlib/handlers.py'), 'WORD = "first"\n')
  const third = await runCli(args(dir, out), { SPINDRIFT_CACHE_DIR: cache })
  assert.equal(third.code, 0, third.stderr)
  assert.equal(JSON.parse(third.stdout).cacheHit, true, 'nothing changed: what was locked is the same key')
}

/** One sentence on stderr, exit 1, no zip. */
async function refused(dir: string, sentence: RegExp, more: string[] = ['--no-cache']): Promise<void> {
  const out = path.join(dir, 'refused.zip')
  const run = await runCli(args(dir, out, ...more))
  assert.equal(run.code, 1, run.stdout)
  assert.match(run.stderr, sentence)
  assert.equal(run.stderr.trim().split('\n').filter(l => l.startsWith('spindrift: ')).length, 1, run.stderr)
  assert.equal(existsSync(out), false)
}

test('uv.lock made by the real uv: git at the locked commit, URL wheel and sdist by hash, a local wheel, an editable local folder installed non-editable', { skip: !existsSync(UV) && 'no uv in .venv-test' }, async () => {
  const { dir } = project({
    'pyproject.toml': [
      '[project]', 'name = "app"', 'version = "0.1.0"', 'requires-python = ">=3.10"', `dependencies = ${JSON.stringify(DEPENDENCIES)}`, '',
      '[tool.uv.sources]', `gitlib = { git = "${REPO_URL}", branch = "main" }`, `urlwheel = { url = "${base}/${path.basename(URL_WHEEL)}" }`,
      `urlsdist = { url = "${base}/${path.basename(URL_SDIST)}" }`, `filewheel = { path = "vendor/${wheelFileName({ name: 'filewheel', version: '1.0', tag: 'py3-none-any' })}" }`,
      'folderlib = { path = "libs/folderlib", editable = true }', ''
    ].join('\n')
  })
  assert.equal(git('rev-parse', 'main'), FIRST, 'the uv test runs first, before the branch moves on')
  await promisify(execFile)(UV, ['lock', '--index-url', INDEX, '--quiet'], { cwd: dir, env: { ...process.env, UV_CACHE_DIR: path.join(work, 'uv-cache'), UV_PYTHON_DOWNLOADS: 'never' } })
  moveBranchOn()
  const lock = readFileSync(path.join(dir, 'uv.lock'), 'utf8')
  assert.ok(lock.includes(`#${FIRST}"`), lock)
  assert.notEqual(git('rev-parse', 'main'), FIRST, 'the branch moved on after the lock')
  await buildEditBuild(dir, /^uv\.lock /)

  // A git source without its commit cannot be exact.
  writeFileSync(path.join(dir, 'uv.lock'), lock.replace(`#${FIRST}`, ''))
  await refused(dir, /^spindrift: .*uv\.lock \(package gitlib 1\.0\) comes from the git repository file:\/\/.*gitlib-repo but the lock records no commit, so what it installs could change under it; run "uv lock" so that it records the commit, or publish the package to an index\.$/m)
})

/** poetry.lock [[package]] entries for the six packages, with [package.source] tables. */
function poetryLockFor(dir: string, fileWheel: string, overrides: { urlHashes?: boolean } = {}): string {
  const entry = (name: string, files: [string, string][], source?: string[], develop = false) =>
    ['[[package]]', `name = "${name}"`, 'version = "1.0"', 'description = ""', 'optional = false', 'python-versions = "*"', 'groups = ["main"]', `develop = ${develop}`,
      `files = [${files.map(([f, h]) => `{file = "${f}", hash = "${h}"}`).join(', ')}]`, '', ...(source ? ['[package.source]', ...source, ''] : [])].join('\n')
  const urlFiles = (file: string): [string, string][] => (overrides.urlHashes === false ? [] : [[path.basename(file), hashOf(file)]])
  const packages = [
    entry('puredep', [[wheelFileName({ name: 'puredep', version: '1.0', tag: 'py3-none-any' }), PUREDEP]]),
    entry('gitlib', [], ['type = "git"', `url = "${REPO_URL}"`, 'reference = "main"', `resolved_reference = "${FIRST}"`]),
    entry('urlwheel', urlFiles(URL_WHEEL), ['type = "url"', `url = "${base}/${path.basename(URL_WHEEL)}"`]),
    entry('urlsdist', urlFiles(URL_SDIST), ['type = "url"', `url = "${base}/${path.basename(URL_SDIST)}"`]),
    entry('filewheel', [[path.basename(fileWheel), hashOf(fileWheel)]], ['type = "file"', `url = "vendor/${path.basename(fileWheel)}"`]),
    entry('folderlib', [], ['type = "directory"', 'url = "libs/folderlib"'], true)
  ]
  return `${packages.join('\n')}\n[metadata]\nlock-version = "2.1"\npython-versions = ">=3.10"\ncontent-hash = "${contentHash(readToml(path.join(dir, 'pyproject.toml')))}"\n`
}

test('poetry.lock: git (resolved_reference), url, file and directory (develop = true) sources, exactly', async () => {
  const { dir, fileWheel } = project({
    'pyproject.toml': ['[project]', 'name = "papp"', 'version = "0.1.0"', 'requires-python = ">=3.10"', `dependencies = ${JSON.stringify(DEPENDENCIES)}`, '[tool.poetry]', 'package-mode = false', ''].join('\n')
  })
  writeTree(dir, { 'poetry.lock': poetryLockFor(dir, fileWheel) })
  await buildEditBuild(dir, /^poetry\.lock /)

  writeTree(dir, { 'poetry.lock': poetryLockFor(dir, fileWheel, { urlHashes: false }) })
  await refused(dir, /^spindrift: .*poetry\.lock \(package urlwheel\) comes from the archive http:\/\/127\.0\.0\.1:\d+\/urlwheel-1\.0-py3-none-any\.whl but the lock records no sha256 hash for it, so the file that was locked cannot be told from another; run "poetry lock" so that it records the hash, or publish the package to an index\.$/m)
  writeTree(dir, { 'poetry.lock': poetryLockFor(dir, fileWheel).replace(`resolved_reference = "${FIRST}"`, '') })
  await refused(dir, /^spindrift: .*poetry\.lock \(package gitlib\) comes from the git repository .* but the lock records only "main", not a full commit id, so what it installs could change under it; run "poetry lock"/m)
})

function pipfileLockFor(fileWheel: string, urlWheelHash = hashOf(URL_WHEEL)): string {
  return JSON.stringify({
    _meta: { hash: { sha256: 'not checked: no Pipfile beside it' }, 'pipfile-spec': 6, requires: {}, sources: [] },
    default: {
      puredep: { version: '==1.0', hashes: [PUREDEP] },
      gitlib: { git: `git+${REPO_URL}`, ref: FIRST },
      urlwheel: { file: `${base}/${path.basename(URL_WHEEL)}`, hashes: [urlWheelHash] },
      urlsdist: { file: `${base}/${path.basename(URL_SDIST)}`, hashes: [hashOf(URL_SDIST)] },
      filewheel: { path: `./vendor/${path.basename(fileWheel)}`, hashes: [hashOf(fileWheel)] },
      folderlib: { path: './libs/folderlib', editable: true }
    },
    develop: {}
  })
}

test('Pipfile.lock: git with ref, file URLs, and local paths (editable installed non-editable), exactly', async () => {
  const { dir, fileWheel } = project({})
  writeTree(dir, { 'Pipfile.lock': pipfileLockFor(fileWheel) })
  await buildEditBuild(dir, /^Pipfile\.lock /)
  // The server now serves other bytes than were locked.
  writeTree(dir, { 'Pipfile.lock': pipfileLockFor(fileWheel, `sha256:${'1'.repeat(64)}`) })
  await refused(dir, /^spindrift: urlwheel in .*Pipfile\.lock is the archive http:\/\/127\.0\.0\.1:\d+\/urlwheel-1\.0-py3-none-any\.whl, which no longer serves the file that was locked \(its hash differs from the lock's\); if the file really changed, run "pipenv lock"\.$/m)
})

function pylockFor(fileWheel: string, options: { fileHash?: string; commit?: boolean } = {}): string {
  const pkg = (name: string, ...rest: string[]) => ['[[packages]]', `name = "${name}"`, 'version = "1.0"', ...rest, ''].join('\n')
  return [
    'lock-version = "1.0"', 'requires-python = ">=3.10"', 'created-by = "spindrift-tests"', '',
    pkg('puredep', '[[packages.wheels]]', `name = "${wheelFileName({ name: 'puredep', version: '1.0', tag: 'py3-none-any' })}"`, `hashes = { sha256 = "${PUREDEP.slice(7)}" }`),
    pkg('gitlib', '[packages.vcs]', 'type = "git"', `url = "${REPO_URL}"`, 'requested-revision = "main"', ...(options.commit === false ? [] : [`commit-id = "${FIRST}"`])),
    pkg('urlwheel', '[packages.archive]', `url = "${base}/${path.basename(URL_WHEEL)}"`, `hashes = { sha256 = "${hashOf(URL_WHEEL).slice(7)}" }`),
    pkg('urlsdist', '[packages.archive]', `url = "${base}/${path.basename(URL_SDIST)}"`, `hashes = { sha256 = "${hashOf(URL_SDIST).slice(7)}" }`),
    pkg('filewheel', '[packages.archive]', `path = "vendor/${path.basename(fileWheel)}"`, `hashes = { sha256 = "${(options.fileHash ?? hashOf(fileWheel)).slice(7)}" }`),
    pkg('folderlib', '[packages.directory]', 'path = "libs/folderlib"', 'editable = true')
  ].join('\n')
}

test('pylock.toml: vcs (commit-id), archive (url and path) and directory (editable) packages, exactly', async () => {
  const { dir, fileWheel } = project({})
  writeTree(dir, { 'pylock.toml': pylockFor(fileWheel) })
  await buildEditBuild(dir, /^pylock\.toml /)

  writeTree(dir, { 'pylock.toml': pylockFor(fileWheel, { fileHash: `sha256:${'2'.repeat(64)}` }) })
  await refused(dir, /^spindrift: filewheel in .*pylock\.toml is the local archive .*vendor\/filewheel-1\.0-py3-none-any\.whl, whose content \(sha256:[0-9a-f]{64}\) is not what the lock records \(sha256:2{64}\), so it is not the file that was locked; restore that file, or regenerate it with the tool that wrote it/m)
  writeTree(dir, { 'pylock.toml': pylockFor(fileWheel, { commit: false }) })
  await refused(dir, /^spindrift: .*pylock\.toml \(package gitlib 1\.0\) comes from the git repository .* but the lock records only "main", not a full commit id/m)
})

test('the same sources installed by uv (package.installer uv): the wheels made here pass uv\'s hash checks too', { skip: !existsSync(UV) && 'no uv in .venv-test' }, async () => {
  moveBranchOn()
  const { dir, fileWheel } = project({})
  writeTree(dir, { 'Pipfile.lock': pipfileLockFor(fileWheel) })
  const out = path.join(dir, 'uv.zip')
  const run = await runCli(args(dir, out, '--no-cache', '--package-installer', 'uv'), { PATH: `${path.dirname(UV)}${path.delimiter}${process.env.PATH}` })
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(shipped(out), ALL)
  assert.equal(zipText(out, 'gitlib/handlers.py'), 'WORD = "first"\n')
})

test('pylock.toml wheels with a url or a path: the listed file whose tags fit the target, by its hash, never the index\'s file of that name', async () => {
  const dir = tempDir('spindrift-pylock-located-')
  const located = (tag: string) => makeWheel(served, { name: 'located', version: '1.0', tag, files: { 'located/__init__.py': `WHERE = "${tag}"\n` } })
  const wheels = ['cp312-cp312-manylinux_2_17_x86_64', 'cp312-cp312-manylinux_2_17_aarch64', 'cp313-cp313-manylinux_2_17_x86_64'].map(located)
  // The lock lives in locks/: its path entries are relative to that folder, not to the project's.
  const pathWheel = makeWheel(path.join(dir, 'locks', 'wheels'), { name: 'pathwheel', version: '1.0', tag: 'py3-none-any', files: { 'pathwheel/__init__.py': 'WHERE = "beside the lock"\n' } })
  const entry = (key: string, value: string, file: string) => ['[[packages.wheels]]', `name = "${path.basename(file)}"`, `${key} = "${value}"`, `hashes = { sha256 = "${sha256File(file)}" }`]
  const pkg = (name: string, ...rest: string[]) => ['[[packages]]', `name = "${name}"`, 'version = "1.0"', ...rest, ''].join('\n')
  writeTree(dir, {
    'handler.py': 'import located, pathwheel\n\n\ndef handler(event, context):\n    return [located.WHERE, pathwheel.WHERE]\n',
    'locks/pylock.toml': ['lock-version = "1.0"', 'created-by = "spindrift-tests"', '',
      pkg('located', ...wheels.flatMap(w => entry('url', `${base}/${path.basename(w)}`, w))),
      pkg('pathwheel', ...entry('path', `wheels/${path.basename(pathWheel)}`, pathWheel))].join('\n')
  })
  const lock = ['--package-lock', 'locks/pylock.toml', '--no-cache']
  const out = path.join(dir, 'out.zip')
  const x86 = await runCli(args(dir, out, ...lock))
  assert.equal(x86.code, 0, x86.stderr)
  assert.deepEqual(shipped(out), ['located==1.0', 'pathwheel==1.0'])
  assert.equal(zipText(out, 'located/__init__.py'), 'WHERE = "cp312-cp312-manylinux_2_17_x86_64"\n')
  assert.equal(zipText(out, 'pathwheel/__init__.py'), 'WHERE = "beside the lock"\n')
  const arm = await runCli(args(dir, out, ...lock, '--package-architecture', 'arm64'))
  assert.equal(arm.code, 0, arm.stderr)
  assert.equal(zipText(out, 'located/__init__.py'), 'WHERE = "cp312-cp312-manylinux_2_17_aarch64"\n')

  // The served file changed after it was locked: its hash is checked, not the index's file's.
  const before = readFileSync(wheels[0])
  writeFileSync(wheels[0], Buffer.concat([before, Buffer.from('x')]))
  try {
    await refused(dir, /^spindrift: located in .*locks\/pylock\.toml is the archive http:\/\/127\.0\.0\.1:\d+\/located-1\.0-cp312-cp312-manylinux_2_17_x86_64\.whl, which no longer serves the file that was locked/m, lock)
  } finally {
    writeFileSync(wheels[0], before)
  }
  // python3.11: none of the listed wheels fits, and the index's py3-none-any file is not what was locked.
  const out311 = path.join(dir, 'py311.zip')
  const py311 = await runCli([...args(dir, out311, ...lock), '--package-runtime', 'python3.11'])
  assert.equal(py311.code, 1, py311.stdout)
  assert.match(py311.stderr, /^spindrift: .*locks\/pylock\.toml \(package located 1\.0\) lists no wheel that fits python3\.11 on x86_64 \(it lists located-1\.0-cp312-cp312-manylinux_2_17_x86_64\.whl, .*\), so .*pylock\.toml cannot install it for the target; lock it again for Linux, Python 3\.11 and x86_64, or change package\.runtime or package\.architecture\.$/m)
  assert.equal(existsSync(out311), false)
})

test('pylock.toml naming a URL and a hash for every wheel: the layer is those files, fetched and checked, with no resolver and no installer', async () => {
  const dir = tempDir('spindrift-pylock-urls-')
  const wheel = makeWheel(served, { name: 'onlyurls', version: '1.0', tag: 'cp312-cp312-manylinux_2_17_x86_64', files: { 'onlyurls/__init__.py': 'WHERE = "served"\n' } })
  writeTree(dir, {
    'handler.py': 'import onlyurls\n\n\ndef handler(event, context):\n    return onlyurls.WHERE\n',
    'pylock.toml': ['lock-version = "1.0"', 'created-by = "spindrift-tests"', '', '[[packages]]', 'name = "onlyurls"', 'version = "1.0"',
      '[[packages.wheels]]', `name = "${path.basename(wheel)}"`, `url = "${base}/${path.basename(wheel)}"`, `hashes = { sha256 = "${sha256File(wheel)}" }`, ''].join('\n')
  })
  const out = path.join(dir, 'out.zip')
  const run = await runCli(args(dir, out, '--no-cache'))
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /Assembled the dependencies from 1 wheels/)
  assert.doesNotMatch(run.stderr, /Installing with pip/)
  assert.deepEqual(shipped(out), ['onlyurls==1.0'])
  assert.equal(zipText(out, 'onlyurls/__init__.py'), 'WHERE = "served"\n')
  // The served file no longer is the locked one: refused, and the zip stays as it was.
  const before = readFileSync(wheel)
  const zipBefore = readFileSync(out)
  writeFileSync(wheel, Buffer.concat([before, Buffer.from('x')]))
  try {
    const bad = await runCli(args(dir, out, '--no-cache'))
    assert.equal(bad.code, 1, bad.stderr)
    assert.match(bad.stderr, /^spindrift: .*onlyurls-1\.0-cp312-cp312-manylinux_2_17_x86_64\.whl.*sha256/im)
    assert.deepEqual(readFileSync(out), zipBefore)
  } finally {
    writeFileSync(wheel, before)
  }
})
