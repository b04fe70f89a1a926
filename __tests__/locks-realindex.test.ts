// Locks against the real package index: a FastAPI + Mangum application locked by the real uv (uv's own Lambda
// example's layout: [project] with no [build-system]), packaged, and its zip checked against the lock, version
// by version; then the same lock exported as hashed requirements (uv's Lambda guide) gives the same set.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { ROOT, runCli, tempDir, writeTree, zipNames } from './helpers/run.js'
import os from 'node:os'
import { readFileSync } from 'node:fs'

const UV = path.join(ROOT, '.venv-test', 'bin', 'uv')
const uvEnv = { ...process.env, UV_PYTHON_DOWNLOADS: 'never' }
const PY312 = path.join(os.homedir(), '.pyenv', 'versions', '3.12.1', 'bin', 'python3.12')

/** name==version of every distribution in a zip, PEP 503 names. */
function shipped(zip: string): string[] {
  return zipNames(zip).map(n => /^([^/]+)-([^/-]+)\.dist-info\/METADATA$/.exec(n)).filter(m => m !== null).map(m => `${m![1].toLowerCase().replace(/_/g, '-')}==${m![2]}`).sort()
}

test('a uv-locked FastAPI + Mangum app ships exactly the locked versions, and so does its uv export', { skip: (!existsSync(UV) || !existsSync(PY312)) && 'needs uv in .venv-test and a Python 3.12' }, () => {
  const dir = tempDir('spindrift-fastapi-')
  writeTree(dir, {
    'pyproject.toml': '[project]\nname = "fastapi-lambda"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n# the versions of uv\'s example, older than today\'s: what the lock says must win\ndependencies = ["fastapi>=0.115,<0.116", "mangum>=0.19"]\n\n[dependency-groups]\ndev = ["pytest"]\n',
    'app/__init__.py': '',
    'app/main.py': 'from fastapi import FastAPI\nfrom mangum import Mangum\n\napp = FastAPI()\nhandler = Mangum(app)\n'
  })
  execFileSync(UV, ['lock', '--quiet', '--python', PY312], { cwd: dir, env: uvEnv })
  // The oracle: uv itself syncing the lock (no dev group) into an environment of Python 3.12 on this Linux x86_64.
  const venv = path.join(tempDir('spindrift-fastapi-venv-'), 'env')
  execFileSync(UV, ['sync', '--frozen', '--no-dev', '--no-install-project', '--quiet', '--python', PY312], { cwd: dir, env: { ...uvEnv, UV_PROJECT_ENVIRONMENT: venv } })
  const frozen = execFileSync(UV, ['pip', 'freeze', '--python', path.join(venv, 'bin', 'python')], { cwd: dir, env: uvEnv, encoding: 'utf8' })
  const expected = frozen.trim().split('\n').map(l => l.trim().toLowerCase().replace(/_/g, '-')).filter(Boolean).sort()
  const out = path.join(dir, 'out.zip')
  const run = runCli(['package', '--package-path', dir, '--package-entry', 'app.main:handler', '--package-runtime', 'python3.12', '--output-path', out, '--json', '--no-cache'])
  assert.equal(run.code, 0, run.stderr)
  assert.match(JSON.parse(run.stdout).dependencySource, /^uv\.lock /)
  const inZip = shipped(out)
  assert.deepEqual(inZip, expected, 'every locked runtime dependency, at its locked version, and no dev group')
  assert.ok(inZip.some(d => d.startsWith('fastapi==0.115.')), inZip.join(' '))

  // uv's guide: export with hashes, then install; spindrift reads that file as a lock too.
  const exported = tempDir('spindrift-fastapi-export-')
  writeTree(exported, { 'app/__init__.py': '', 'app/main.py': 'from fastapi import FastAPI\nfrom mangum import Mangum\n\napp = FastAPI()\nhandler = Mangum(app)\n' })
  execFileSync(UV, ['export', '--frozen', '--no-dev', '--no-emit-project', '--quiet', '-o', path.join(exported, 'requirements.txt')], { cwd: dir, env: uvEnv })
  const out2 = path.join(exported, 'out.zip')
  const run2 = runCli(['package', '--package-path', exported, '--package-entry', 'app.main:handler', '--package-runtime', 'python3.12', '--output-path', out2, '--json', '--no-cache'])
  assert.equal(run2.code, 0, run2.stderr)
  assert.match(JSON.parse(run2.stdout).dependencySource, /^pinned requirements /)
  assert.deepEqual(shipped(out2), inZip)
})

/** Whether PyPI answers (through the proxy), so a real-index test can say why it skips. */
async function pypiReachable(): Promise<boolean> {
  try {
    return (await fetch('https://pypi.org/simple/six/', { signal: AbortSignal.timeout(30_000) })).ok
  } catch {
    return false
  }
}
const offline = existsSync(PY312) ? ((await pypiReachable()) ? false : 'PyPI is unreachable from this machine') : 'needs a Python 3.12'

test('a Poetry-locked Flask app (locked by the real Poetry, older than today\'s Flask) ships exactly the locked versions', { skip: offline, timeout: 600_000 }, () => {
  // Poetry itself, in a throwaway venv outside the repository: the lock and the oracle are Poetry's own.
  const tools = tempDir('spindrift-poetry-venv-')
  execFileSync(PY312, ['-m', 'venv', path.join(tools, 'venv')])
  execFileSync(path.join(tools, 'venv', 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', 'poetry'], { env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } })
  const poetry = path.join(tools, 'venv', 'bin', 'poetry')
  const dir = tempDir('spindrift-flask-poetry-')
  writeTree(dir, {
    // Flask 2.3 is older than today's; Poetry resolves every group together, so the dev group's caps hold the
    // locked Werkzeug and Click below what the [project] ranges alone would give: a build that drifted from the
    // lock would show the newer ones.
    'pyproject.toml': '[project]\nname = "flask-lambda"\nversion = "0.1.0"\nrequires-python = ">=3.12,<4"\ndependencies = ["flask>=2.3,<3.0"]\n\n[tool.poetry]\npackage-mode = false\n\n[tool.poetry.group.dev.dependencies]\npytest = "*"\nwerkzeug = "<3.1"\nclick = "<8.2"\n',
    'app.py': 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n    return "hello"\n'
  })
  const poetryEnv: NodeJS.ProcessEnv = { ...process.env, POETRY_VIRTUALENVS_IN_PROJECT: 'true', POETRY_CACHE_DIR: path.join(tools, 'cache'), POETRY_PYTHON: PY312 }
  // npm test runs with .venv-test/ activated: Poetry would take that Python (3.11) as the project's, and sync into it.
  delete poetryEnv.VIRTUAL_ENV
  // Poetry asks PyPI for every candidate: a dropped connection fails the lock, so it gets a second try, and a
  // failure shows what Poetry said.
  let locking = spawnSync(poetry, ['lock'], { cwd: dir, env: poetryEnv, encoding: 'utf8' })
  if (locking.status !== 0) locking = spawnSync(poetry, ['lock'], { cwd: dir, env: poetryEnv, encoding: 'utf8' })
  assert.equal(locking.status, 0, `poetry lock failed twice: ${locking.stdout}\n${locking.stderr}`)
  const lock = readFileSync(path.join(dir, 'poetry.lock'), 'utf8')
  assert.match(lock, /name = "flask"\nversion = "2\.3\.\d+"/, 'Poetry locked the older Flask')
  // The oracle: Poetry syncing the main group into a Python 3.12 environment on this Linux x86_64.
  execFileSync(poetry, ['env', 'use', '--quiet', PY312], { cwd: dir, env: poetryEnv })
  execFileSync(poetry, ['sync', '--only', 'main', '--quiet'], { cwd: dir, env: poetryEnv })
  const frozen = execFileSync(UV, ['pip', 'freeze', '--python', path.join(dir, '.venv', 'bin', 'python')], { cwd: dir, env: uvEnv, encoding: 'utf8' })
  // The venv's own seed packages (pip) are not the lock's, unless it names them.
  const seeded = (d: string) => ['pip', 'setuptools', 'wheel'].includes(d.split('==')[0]) && !lock.includes(`name = "${d.split('==')[0]}"`)
  const expected = frozen.trim().split('\n').map(l => l.trim().toLowerCase().replace(/_/g, '-')).filter(d => d && !seeded(d)).sort()
  assert.ok(expected.some(d => d.startsWith('flask==2.3.')), expected.join(' '))
  assert.ok(!expected.some(d => d.startsWith('pytest==')), 'the dev group is not the oracle\'s either')
  assert.ok(expected.some(d => d.startsWith('werkzeug==3.0.')) && expected.some(d => /^click==8\.1\./.test(d)), expected.join(' '))

  const out = path.join(tools, 'out.zip')
  const run = runCli(['package', '--package-path', dir, '--package-entry', 'app:app', '--package-type', 'wsgi', '--package-runtime', 'python3.12', '--output-path', out, '--json', '--no-cache'])
  assert.equal(run.code, 0, run.stderr)
  assert.match(JSON.parse(run.stdout).dependencySource, /^poetry\.lock /)
  assert.deepEqual(shipped(out), expected, 'every locked main dependency, at its locked version, and no dev group')
  // And version by version against the lock file itself.
  for (const dist of shipped(out)) {
    const [name, version] = dist.split('==')
    assert.match(lock, new RegExp(`name = "${name}"\\nversion = "${version.replace(/\./g, '\\.')}"`, 'i'), dist)
  }
})
