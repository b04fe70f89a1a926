// `spindrift check`: without installing, for each runtime × architecture, the wheel every locked version would
// install, or the newest version that fits; exit 1 when one does not fit. Through the CLI and the library.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { makeIndex, sha256File, wheelFileName } from './helpers/pyindex.js'
import { runCli, tempDir, writeTree } from './helpers/run.js'
import { packager } from '../src/faces/lib.js'

const work = tempDir()
const WHEELS = [
  { name: 'native', version: '0.9', tag: 'cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64' },
  { name: 'native', version: '0.9', tag: 'cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64' },
  { name: 'native', version: '1.0', tag: 'cp311-cp311-manylinux_2_28_x86_64' },
  { name: 'native', version: '1.0', tag: 'cp312-cp312-manylinux_2_28_x86_64' },
  { name: 'native', version: '1.0', tag: 'cp312-cp312-manylinux_2_28_aarch64' },
  { name: 'native', version: '1.0', tag: 'cp312-cp312-macosx_11_0_arm64' },
  { name: 'puredep', version: '1.0', tag: 'py3-none-any' }
]
const INDEX = makeIndex(path.join(work, 'index'), WHEELS)
const hash = (name: string, version: string, tag: string) => sha256File(path.join(work, 'index', 'files', wheelFileName({ name, version, tag })))

function lockedProject(): string {
  const dir = tempDir('spindrift-check-')
  writeTree(dir, {
    'requirements.txt': [
      `native==1.0${WHEELS.filter(w => w.name === 'native' && w.version === '1.0').map(w => ` --hash=sha256:${hash(w.name, w.version, w.tag)}`).join('')}`,
      `puredep==1.0 --hash=sha256:${hash('puredep', '1.0', 'py3-none-any')}`,
      ''
    ].join('\n')
  })
  return dir
}

test('check names the wheel each locked version installs per target, and the newest version that fits where none does (exit 1)', () => {
  const dir = lockedProject()
  const run = runCli(['check', '--package-path', dir, '--package-index-url', INDEX, '--target', 'python3.12', '--target', 'python3.12:arm64', '--target', 'python3.11'])
  assert.equal(run.code, 1, run.stderr)
  const lines = run.stdout.trim().split('\n')
  assert.match(lines[0], /^Checked pinned requirements \(.*requirements\.txt\)$/)
  assert.ok(lines.includes('python3.12/x86_64  native 1.0: native-1.0-cp312-cp312-manylinux_2_28_x86_64.whl (cp312-cp312-manylinux_2_28_x86_64)'), run.stdout)
  assert.ok(lines.includes('python3.12/arm64  native 1.0: native-1.0-cp312-cp312-manylinux_2_28_aarch64.whl (cp312-cp312-manylinux_2_28_aarch64)'), run.stdout)
  assert.ok(lines.includes('python3.12/x86_64  puredep 1.0: puredep-1.0-py3-none-any.whl (py3-none-any)'), run.stdout)
  assert.ok(lines.some(l => /^python3\.11\/x86_64  native 1\.0: DOES NOT FIT: its wheels need glibc 2\.28, python3\.11 has 2\.26 .*; the newest version that fits is 0\.9$/.test(l)), run.stdout)
  assert.equal(lines.at(-1), '1 locked version does not fit: relock with versions that publish wheels for these targets.')
})

test('check exits 0 when every locked version fits; --json and the library give the same report', async () => {
  const dir = lockedProject()
  const run = runCli(['check', '--package-path', dir, '--package-index-url', INDEX, '--target', 'python3.12', '--json'])
  assert.equal(run.code, 0, run.stderr)
  const report = JSON.parse(run.stdout)
  assert.equal(report.ok, true)
  assert.deepEqual(report.lines.map((l: { name: string; tag: string }) => `${l.name} ${l.tag}`), ['native cp312-cp312-manylinux_2_28_x86_64', 'puredep py3-none-any'])
  const fromLibrary = await packager.check({ path: dir, indexUrl: INDEX, targets: ['python3.12'] })
  assert.deepEqual(fromLibrary, report)
})

test('check without a lock says so in one sentence', () => {
  const dir = tempDir('spindrift-check-nolock-')
  writeTree(dir, { 'requirements.txt': 'native>=1\n' })
  const run = runCli(['check', '--package-path', dir, '--package-index-url', INDEX, '--target', 'python3.12'])
  assert.equal(run.code, 1)
  assert.match(run.stderr, /^spindrift: .* has no lock \(uv\.lock, poetry\.lock, pylock\.toml, Pipfile\.lock\) and no requirements file pinned with == and --hash, so there is nothing exact to check; lock the project first \(for example "uv lock"\)\.\n$/)
})

test('check: an sdist-only pin is told pure (builds anywhere), compiled (needs a build) or unknown from its file list; the lock\'s hashes pick the files', () => {
  const root = path.join(work, 'sdist-index')
  const index = makeIndex(root, [{ name: 'native', version: '1.0', tag: 'cp312-cp312-manylinux_2_28_x86_64' }, { name: 'native', version: '1.0', tag: 'cp312-cp312-manylinux_2_28_aarch64' }], [{ name: 'puresrc', version: '1.0' }])
  const files = path.join(root, 'files')
  // An sdist with C sources, and one whose file the index lists but does not serve.
  const staging = tempDir('spindrift-csrc-')
  writeTree(staging, { 'csrc-1.0/pyproject.toml': '[project]\nname = "csrc"\nversion = "1.0"\n', 'csrc-1.0/csrc/__init__.py': '', 'csrc-1.0/csrc/_speed.c': 'int speed(void) { return 1; }\n' })
  execFileSync('tar', ['-czf', path.join(files, 'csrc-1.0.tar.gz'), '-C', staging, 'csrc-1.0'])
  const fake = 'a'.repeat(64)
  const page = (project: string, file: string, sha: string) => writeTree(path.join(root, 'simple'), { [`${project}/index.html`]: `<a href="../../files/${file}#sha256=${sha}">${file}</a>\n` })
  page('csrc', 'csrc-1.0.tar.gz', sha256File(path.join(files, 'csrc-1.0.tar.gz')))
  page('gone', 'gone-1.0.tar.gz', fake)
  const sha = (file: string) => sha256File(path.join(files, file))
  const dir = tempDir('spindrift-check-sdist-')
  const lock = (nativeHash: string) => writeTree(dir, {
    'requirements.txt': [`puresrc==1.0 --hash=sha256:${sha('puresrc-1.0.tar.gz')}`, `csrc==1.0 --hash=sha256:${sha('csrc-1.0.tar.gz')}`, `gone==1.0 --hash=sha256:${fake}`, `native==1.0 --hash=sha256:${nativeHash}`, ''].join('\n')
  })
  // The lock names only native's x86_64 wheel: on arm64, --require-hashes would let no file in.
  lock(sha(wheelFileName({ name: 'native', version: '1.0', tag: 'cp312-cp312-manylinux_2_28_x86_64' })))
  const run = runCli(['check', '--package-path', dir, '--package-index-url', index, '--target', 'python3.12', '--target', 'python3.12:arm64'])
  assert.equal(run.code, 1, run.stderr)
  const lines = run.stdout.trim().split('\n')
  assert.ok(lines.includes('python3.12/x86_64  puresrc 1.0: only an sdist (puresrc-1.0.tar.gz): pure Python sdist, builds anywhere'), run.stdout)
  assert.ok(lines.includes('python3.12/x86_64  csrc 1.0: DOES NOT FIT: only an sdist (csrc-1.0.tar.gz): sdist with compiled code (needs a build for the target); no version on the index fits'), run.stdout)
  assert.ok(lines.includes('python3.12/x86_64  gone 1.0: DOES NOT FIT: only an sdist (gone-1.0.tar.gz): unknown whether it holds compiled code (its file list could not be read); no version on the index fits'), run.stdout)
  assert.ok(lines.includes('python3.12/x86_64  native 1.0: native-1.0-cp312-cp312-manylinux_2_28_x86_64.whl (cp312-cp312-manylinux_2_28_x86_64)'), run.stdout)
  assert.ok(lines.some(l => /^python3\.12\/arm64  native 1\.0: DOES NOT FIT: no wheel for this Python and architecture \(cp312-cp312-manylinux_2_28_x86_64\)/.test(l)), run.stdout)

  lock('b'.repeat(64))
  const changed = runCli(['check', '--package-path', dir, '--package-index-url', index, '--target', 'python3.12'])
  assert.equal(changed.code, 1)
  assert.ok(changed.stdout.includes('python3.12/x86_64  native 1.0: DOES NOT FIT: the index serves no file with a hash the lock records (the files changed, or the lock was made against another index)'), changed.stdout)
})

test('check names the file the install takes, in the installer\'s order: a locked file listed with its hash first, a yanked one only when nothing else fits (said so)', () => {
  const root = path.join(tempDir(), 'index')
  const wheels = [
    { name: 'picky', version: '1.0', tag: 'py3-none-any' },
    { name: 'picky', version: '1.0', tag: 'cp311-cp311-manylinux_2_17_x86_64' },
    { name: 'picky', version: '1.0', tag: 'cp311-abi3-manylinux_2_17_x86_64' },
    { name: 'gone', version: '2.0', tag: 'py3-none-any' }
  ]
  const index = makeIndex(root, wheels)
  const file = (w: { name: string; version: string; tag: string }) => path.join(root, 'files', wheelFileName(w))
  // The best wheel of picky is not locked; gone's only file is yanked.
  const page = path.join(root, 'simple', 'gone', 'index.html')
  writeFileSync(page, readFileSync(page, 'utf8').replace('>gone-2.0-py3-none-any.whl<', ' data-yanked="">gone-2.0-py3-none-any.whl<'))
  const dir = tempDir('spindrift-check-')
  writeTree(dir, { 'requirements.txt': `picky==1.0 --hash=sha256:${sha256File(file(wheels[0]))} --hash=sha256:${sha256File(file(wheels[2]))}\ngone==2.0 --hash=sha256:${sha256File(file(wheels[3]))}\n` })
  const run = runCli(['check', '--package-path', dir, '--package-index-url', index, '--target', 'python3.11'])
  assert.equal(run.code, 0, run.stdout + run.stderr)
  const lines = run.stdout.trim().split('\n')
  assert.ok(lines.includes('python3.11/x86_64  picky 1.0: picky-1.0-cp311-abi3-manylinux_2_17_x86_64.whl (cp311-abi3-manylinux_2_17_x86_64)'), run.stdout)
  assert.ok(lines.includes('python3.11/x86_64  gone 2.0: gone-2.0-py3-none-any.whl (py3-none-any): yanked on the index: installed only because the lock pins this version'), run.stdout)
})
