// What of pip's and uv's own configuration goes into the cache key (src/installerconfig.ts).
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { installerSettings, isInertPipKey, pipConfigEntries, uvSections } from '../src/python/installerconfig.js'
import { tempDir, writeTree } from './helpers/run.js'

const EMPTY_HOME = { HOME: '/nonexistent-home', XDG_CONFIG_DIRS: '/nonexistent-xdg' }

test('variables: every PIP_/UV_ one counts except output, network and cache tuning; credentials are stripped', () => {
  const env = { ...EMPTY_HOME, PIP_DEFAULT_TIMEOUT: '180', PIP_CERT: '/etc/ssl/x.pem', PIP_ONLY_BINARY: ':all:', PIP_INDEX_URL: 'https://user:secret@pypi.example/simple', UV_CACHE_DIR: '/tmp/uv', UV_INDEX: 'https://idx.example/simple', PATH: '/usr/bin' }
  const settings = installerSettings('pip', '/nonexistent-project', undefined, env)
  assert.deepEqual(settings.filter(s => !s.startsWith('global:')), ['PIP_INDEX_URL=https://pypi.example/simple', 'PIP_ONLY_BINARY=:all:', 'UV_INDEX=https://idx.example/simple'])
})

test('pip files: the variable\'s file, user and site files count by level and content; /dev/null turns them off', () => {
  const home = tempDir('spindrift-home-')
  const prefix = tempDir('spindrift-prefix-')
  writeTree(home, { '.pip/pip.conf': '[global]\nindex-url = a\n' })
  writeTree(prefix, { 'pip.conf': '[install]\nno-binary = :all:\n' })
  const base = { HOME: home, XDG_CONFIG_DIRS: '/nonexistent-xdg' }
  const first = installerSettings('pip', home, prefix, base).filter(s => !s.startsWith('global:'))
  assert.deepEqual(first.map(s => s.split(':')[0]), ['user', 'site'])
  writeTree(home, { '.config/pip/pip.conf': '[global]\nfind-links = b\n' })
  assert.equal(installerSettings('pip', home, prefix, base).filter(s => s.startsWith('user:')).length, 2)
  writeTree(home, { '.pip/pip.conf': '[global]\nindex-url = c\n' })
  assert.notDeepEqual(installerSettings('pip', home, prefix, base).filter(s => s.startsWith('user:'))[0], first[0])
  assert.deepEqual(installerSettings('pip', home, prefix, { ...base, PIP_CONFIG_FILE: '/dev/null' }), ['PIP_CONFIG_FILE=/dev/null'])
})

test('uv files: [tool.uv] of the project and its parents counts, the rest of pyproject.toml does not', () => {
  const root = tempDir('spindrift-uvproj-')
  const project = path.join(root, 'app')
  const pyproject = (version: string, index: string) => `[project]\nname = "app"\nversion = "${version}"\n\n[tool.uv]\nindex-url = "${index}"\n\n[tool.ruff]\nline-length = 100\n`
  writeTree(project, { 'pyproject.toml': pyproject('1.0', 'https://a.example/simple') })
  const settings = () => installerSettings('uv', project, undefined, EMPTY_HOME).filter(s => s.startsWith('project'))
  const first = settings()
  assert.equal(first.length, 1)
  writeTree(project, { 'pyproject.toml': pyproject('2.0', 'https://a.example/simple') })
  assert.deepEqual(settings(), first, 'a version bump keeps the key')
  writeTree(project, { 'pyproject.toml': pyproject('2.0', 'https://b.example/simple') })
  assert.notDeepEqual(settings(), first, 'another index changes it')
  writeTree(root, { 'uv.toml': 'no-index = true\n' })
  assert.equal(settings().length, 2, 'a uv.toml in a parent folder counts too')
  assert.deepEqual(installerSettings('uv', project, undefined, { ...EMPTY_HOME, UV_NO_CONFIG: '1' }).filter(s => s.startsWith('project')), [])
})

const SECTIONS: [string, string, string][] = [
  ['no uv table', '[project]\nname = "x"\n', ''],
  ['uv and its sub-tables, up to the next table', '[tool.uv]\na = 1\n[tool.uv.pip]\nb = 2\n[tool.ruff]\nc = 3\n', '{"a":1,"pip":{"b":2}}'],
  ['arrays of tables', '[[tool.uv.index]]\nurl = "u"\n[project]\n', '{"index":[{"url":"u"}]}'],
  ['dotted keys at the top level', 'tool.uv.index-url = "https://x.example/simple"\n', '{"index-url":"https://x.example/simple"}'],
  ['an inline table under [tool]', '[tool]\nuv = { no-index = true }\n', '{"no-index":true}'],
  ['key order and comments do not matter', '[tool.uv]\n# why\nb = 1\na = 2\n', '{"a":2,"b":1}'],
  ['a longer name that merely starts with uv', '[tool.uvicorn]\nx = 1\n', '']
]
for (const [label, toml, expected] of SECTIONS) {
  test(`uvSections: ${label}`, () => assert.equal(uvSections(toml), expected))
}

test('pip options spindrift may leave to pip when it does pip\'s work: output, timeouts, TLS and caches, never a proxy, an index or find-links; pip.conf read by section, continued lines joined', () => {
  assert.ok(['cert', 'timeout', 'cache-dir', 'trusted-host'].every(isInertPipKey))
  assert.ok(!['proxy', 'index-url', 'extra-index-url', 'find-links', 'use-deprecated', 'pre'].some(isInertPipKey))
  const dir = tempDir()
  const file = path.join(dir, 'pip.conf')
  writeFileSync(file, '[global]\ntimeout = 30\nfind-links =\n    /a\n    /b\n; a comment\n[install]\nno_binary: :all:\n')
  const entries = pipConfigEntries(undefined, { PIP_CONFIG_FILE: file, HOME: dir, XDG_CONFIG_DIRS: dir, XDG_CONFIG_HOME: dir }).filter(e => e.file === file)
  assert.deepEqual(entries.map(e => [e.section, e.key, e.value]), [['global', 'timeout', '30'], ['global', 'find-links', '/a /b'], ['install', 'no-binary', ':all:']])
})
