// The runtime's own Python: when package.python is not set, an interpreter of the runtime's exact minor
// version is looked for (PATH without pyenv's shims, pyenv's versions, the GitHub tool cache, uv-managed
// Pythons) before python3, and the log names the one chosen and why.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { makeIndex } from './helpers/pyindex.js'
import { runCli, tempDir, writeTree, zipNames } from './helpers/run.js'

const PYENV = path.join(os.homedir(), '.pyenv')
const have = (version: string) => existsSync(path.join(PYENV, 'versions', version, 'bin', `python${version.split('.').slice(0, 2).join('.')}`))
const work = tempDir()
const INDEX = makeIndex(path.join(work, 'index'), [
  { name: 'newpy', version: '1.0', tag: 'py3-none-any' },
  { name: 'needs312', version: '1.0', tag: 'py3-none-any', requires: ['newpy; python_version >= "3.12"'] }
])

/** A PATH whose python3.12 is a pyenv-style shim that fails (as it does when pyenv selects another version). */
function pathWithBrokenShim(): string {
  const shims = path.join(tempDir(), 'shims')
  mkdirSync(shims)
  writeFileSync(path.join(shims, 'python3.12'), '#!/bin/sh\necho "pyenv: python3.12: command not found" >&2\nexit 127\n', { mode: 0o755 })
  return `${shims}${path.delimiter}${process.env.PATH}`
}

function project(requirements = 'needs312\n'): string {
  const dir = tempDir('spindrift-interp-')
  writeTree(dir, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': requirements })
  return dir
}

const args = (dir: string, runtime: string) => ['package', '--package-path', dir, '--package-entry', 'handler:handler', '--package-runtime', runtime, '--package-index-url', INDEX, '--output-path', path.join(dir, 'out.zip'), '--json', '--no-cache']

test('pyenv: the versioned python3.12 is called directly (its shim fails), and its markers are the runtime\'s', { skip: !have('3.12.1') && 'no pyenv 3.12.1 here' }, () => {
  const dir = project()
  const run = runCli(args(dir, 'python3.12'), { env: { PATH: pathWithBrokenShim(), PYENV_ROOT: PYENV } })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, new RegExp(`Using ${path.join(PYENV, 'versions', '3.12.1', 'bin', 'python3.12').replace(/[./]/g, '\\$&')} \\(Python 3\\.12\\.1, pyenv\\): the runtime's Python 3\\.12, since package\\.python is not set`))
  assert.doesNotMatch(run.stderr, /pip runs on Python 3\.11/)
  assert.ok(zipNames(path.join(dir, 'out.zip')).includes('newpy/__init__.py'), 'the python_version >= 3.12 marker held')
})

test('the GitHub tool cache: $RUNNER_TOOL_CACHE/Python/3.13.*/x64/bin/python3', { skip: !have('3.13.0') && 'no pyenv 3.13.0 here' }, () => {
  const cache = tempDir('spindrift-toolcache-')
  mkdirSync(path.join(cache, 'Python', '3.13.0', 'x64', 'bin'), { recursive: true })
  symlinkSync(path.join(PYENV, 'versions', '3.13.0', 'bin', 'python3.13'), path.join(cache, 'Python', '3.13.0', 'x64', 'bin', 'python3'))
  const dir = project()
  const run = runCli(args(dir, 'python3.13'), { env: { PATH: pathWithBrokenShim(), PYENV_ROOT: path.join(cache, 'no-pyenv'), RUNNER_TOOL_CACHE: cache } })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /Using .*Python\/3\.13\.0\/x64\/bin\/python3 \(Python 3\.13\.0, the GitHub tool cache\)/)
})

test('no Python of the runtime\'s version: python3, and the log says what was looked for', () => {
  const dir = project('newpy\n')
  const run = runCli(args(dir, 'python3.14'), { env: { PYENV_ROOT: path.join(work, 'no-pyenv'), RUNNER_TOOL_CACHE: '', UV_PYTHON_INSTALL_DIR: path.join(work, 'no-uv') } })
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /No Python 3\.14 found \(looked for python3\.14 on PATH, in pyenv, the GitHub tool cache and uv's Pythons\): using python3 \(Python 3\.\d+\.\d+\)/)
})

test('package.python set: that interpreter, no search', () => {
  const dir = project()
  const run = runCli([...args(dir, 'python3.12'), '--package-python', 'python3'], { env: { PATH: pathWithBrokenShim(), PYENV_ROOT: PYENV } })
  assert.doesNotMatch(run.stderr, /Using .*since package\.python is not set/)
})
