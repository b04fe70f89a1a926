// Locks against the real package index: a FastAPI + Mangum application locked by the real uv (uv's own Lambda
// example's layout: [project] with no [build-system]), packaged, and its zip checked against the lock, version
// by version; then the same lock exported as hashed requirements (uv's Lambda guide) gives the same set.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { ROOT, runCli, tempDir, writeTree, zipNames } from './helpers/run.js'
import os from 'node:os'

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
