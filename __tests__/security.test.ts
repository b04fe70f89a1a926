// What goes into the zip is safe: default excludes (overridable by package.include), symlinks, modes.
import assert from 'node:assert/strict'
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import AdmZip from 'adm-zip'
import { runCli, tempDir, writeTree, zipNames } from './helpers/run.js'

const SECRETS_AND_TOOLS = {
  '.git/config': '[remote] url = https://token@example.com/x',
  '.env': 'API_KEY=1',
  '.env.local': 'API_KEY=2',
  '.env.example': 'API_KEY=',
  '.venv/lib/site.py': '',
  'venv/bin/python': '',
  'node_modules/x/index.js': '',
  '__pycache__/handler.cpython-311.pyc': '',
  '.pytest_cache/v/cache': '',
  '.mypy_cache/3.11/x.json': '',
  '.github/workflows/ci.yml': '',
  'server.pem': '-----BEGIN PRIVATE KEY-----',
  'certs/tls.key': 'key',
  'id_rsa': 'key',
  'id_ed25519.pub': 'ssh-ed25519 AAAA',
  'settings.spindrift': 'package:\n  runtime: python3.11\n',
  'mypkg.egg-info/PKG-INFO': '',
  'build/old.txt': '',
  'dist/old.whl': ''
}

function pack(dir: string, extra: string[] = []) {
  const out = path.join(tempDir(), 'app.zip')
  const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', out, ...extra])
  return { run, out }
}

test('secrets, VCS data, virtualenvs, caches and build leftovers never enter the zip', () => {
  const dir = tempDir('spindrift-secure-')
  writeTree(dir, { ...SECRETS_AND_TOOLS, 'handler.py': 'def handler(event, context):\n    return 1\n', 'lib/util.py': '', 'data/config.json': '{}' })
  const { run, out } = pack(dir)
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(zipNames(out).sort(), ['data/config.json', 'handler.py', 'index.py', 'lib/util.py', 'spindrift.json'])
})

test('package.include brings back what the defaults leave out, and only that', () => {
  const dir = tempDir('spindrift-secure-')
  writeTree(dir, { ...SECRETS_AND_TOOLS, 'handler.py': 'def handler(event, context):\n    return 1\n' })
  const { run, out } = pack(dir, ['--package-include', '.env.example', '--package-include', 'certs/*.key'])
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(zipNames(out).sort(), ['.env.example', 'certs/tls.key', 'handler.py', 'index.py', 'spindrift.json'])
})

test('a symlink inside the project is stored as the file it points to; a loop is refused', () => {
  const dir = tempDir('spindrift-links-')
  writeTree(dir, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'real/data.txt': 'content' })
  symlinkSync(path.join(dir, 'real', 'data.txt'), path.join(dir, 'alias.txt'))
  const { run, out } = pack(dir)
  assert.equal(run.code, 0, run.stderr)
  const zip = new AdmZip(out)
  assert.equal(zip.getEntry('alias.txt')?.getData().toString(), 'content')
  assert.equal((zip.getEntry('alias.txt')!.header.attr >>> 16) & 0o170000, 0o100000, 'a regular file, not a link')

  mkdirSync(path.join(dir, 'loop'))
  symlinkSync(dir, path.join(dir, 'loop', 'back'))
  const looped = pack(dir)
  assert.equal(looped.run.code, 1)
  assert.match(looped.run.stderr, /spindrift: .*loop\/back is a symlink loop back to .*; remove the link\./)
})

test('modes are normalised: private files become 0644, executables 0755', () => {
  const dir = tempDir('spindrift-modes-')
  writeTree(dir, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'private.cfg': 'x', 'tool.sh': '#!/bin/sh\n' })
  chmodSync(path.join(dir, 'private.cfg'), 0o600)
  chmodSync(path.join(dir, 'tool.sh'), 0o700)
  const { run, out } = pack(dir)
  assert.equal(run.code, 0, run.stderr)
  const mode = (name: string) => (new AdmZip(out).getEntry(name)!.header.attr >>> 16) & 0o7777
  assert.equal(mode('private.cfg'), 0o644)
  assert.equal(mode('tool.sh'), 0o755)
  assert.equal(mode('handler.py'), 0o644)
})
