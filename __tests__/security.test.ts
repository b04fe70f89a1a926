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

const CREDENTIALS = {
  '.aws/credentials': '[default]\naws_secret_access_key = x',
  '.docker/config.json': '{"auths": {"ghcr.io": {"auth": "eA=="}}}',
  '.kube/config': 'apiVersion: v1',
  'kubeconfig': 'apiVersion: v1',
  '.npmrc': '//registry.npmjs.org/:_authToken=x',
  '.pypirc': '[pypi]\npassword = x',
  '.netrc': 'machine x login y password z',
  '.git-credentials': 'https://u:p@github.com',
  'infra/terraform.tfstate': '{}',
  'infra/terraform.tfstate.backup': '{}',
  'infra/prod.tfvars': 'db_password = "x"',
  'infra/prod.tfvars.json': '{}',
  'infra/.terraform/providers/x': '',
  'keys/gcp.json': '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----"}',
  'keys/app.jks': 'x',
  'keys/app.p12': 'x',
  'keys/app.pfx': 'x',
  '.bash_history': 'export TOKEN=x',
  '.zsh_history': 'export TOKEN=x',
  '.python_history': 'token = "x"',
  'myenv/pyvenv.cfg': 'home = /usr/bin',
  'myenv/lib/python3.11/site-packages/x.py': ''
}

test('common credential files, keystores, shell history and any virtualenv (found by its pyvenv.cfg) never enter the zip', () => {
  const dir = tempDir('spindrift-secure-')
  writeTree(dir, { ...CREDENTIALS, 'handler.py': 'def handler(event, context):\n    return 1\n', 'data/config.json': '{"type": "settings"}', 'docker/config.json': '{}' })
  const { run, out } = pack(dir)
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(zipNames(out).sort(), ['data/config.json', 'docker/config.json', 'handler.py', 'index.py', 'spindrift.json'])
})

test('a symlink is judged by what it points at: links to .env, .git/config or a key never ship their content', () => {
  const dir = tempDir('spindrift-links-')
  writeTree(dir, { 'handler.py': 'def handler(event, context):\n    return 1\n', '.env': 'API_KEY=secret', '.git/config': 'token', 'certs/tls.key': 'key', 'real.txt': 'fine' })
  symlinkSync(path.join(dir, '.env'), path.join(dir, 'settings.txt'))
  symlinkSync('.git/config', path.join(dir, 'gitconfig.txt'))
  symlinkSync(path.join(dir, 'certs'), path.join(dir, 'material'))
  symlinkSync(path.join(dir, 'real.txt'), path.join(dir, 'alias.txt'))
  const { run, out } = pack(dir)
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(zipNames(out).sort(), ['alias.txt', 'handler.py', 'index.py', 'real.txt', 'spindrift.json'])
})

test('a requirements file shipped from a plain folder carries no index credentials', () => {
  const dir = tempDir('spindrift-secure-')
  writeTree(dir, {
    'handler.py': 'def handler(event, context):\n    return 1\n',
    'requirements-extra.txt': '--index-url https://deploy:p@ss-w0rd@pypi.example.com/simple\n--extra-index-url https://pypi.example.com/simple?token=s3cr3t-token\nflask\n'
  })
  const { run, out } = pack(dir)
  assert.equal(run.code, 0, run.stderr)
  const shipped = new AdmZip(out).getEntry('requirements-extra.txt')!.getData().toString()
  assert.equal(shipped, '--index-url https://pypi.example.com/simple\n--extra-index-url https://pypi.example.com/simple?token=***\nflask\n')
})

test('package.only: only files matching its globs ship, and the default excludes still apply', () => {
  const dir = tempDir('spindrift-only-')
  writeTree(dir, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'app/core.py': '', 'app/.env': 'x', 'scripts/deploy.sh': '', 'notes.md': '' })
  const { run, out } = pack(dir, ['--package-only', 'handler.py', '--package-only', 'app/**'])
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(zipNames(out).sort(), ['app/core.py', 'handler.py', 'index.py', 'spindrift.json'])
})
