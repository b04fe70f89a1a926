// Glob patterns (package.exclude / package.include) by picomatch behind src/common/globs.ts, unit by unit and
// through the CLI: braces and classes work, an exclude that matches nothing is a warning, and the action
// splits list inputs on newlines only.
import assert from 'node:assert/strict'
import path from 'node:path'
import { test } from 'node:test'
import { compileGlob } from '../src/common/globs.ts'
import { runAction } from './helpers/action.js'
import { runCli, tempDir, writeTree, zipNames } from './helpers/run.js'

const CASES: [glob: string, matches: string[], misses: string[]][] = [
  ['**/*.{md,txt}', ['README.md', 'docs/a.txt', 'pkg/sub/NOTES.md'], ['a.py', 'docs/a.rst']],
  ['[abc].py', ['a.py', 'pkg/b.py'], ['d.py', 'ab.py']],
  ['botocore/data/ec2/**', ['botocore/data/ec2/2016/service.json'], ['botocore/data/s3/x.json', 'other/botocore/data/ec2/x']],
  ['tests', ['tests/test_a.py', 'pkg/tests/conftest.py'], ['pkg/tests_helpers.py']],
  ['*.pyi', ['a.pyi', 'pkg/deep/b.pyi'], ['a.py']],
  ['.hidden/*', ['.hidden/x'], ['visible/x']],
  ['pkg/?.py', ['pkg/a.py'], ['pkg/ab.py', 'a.py']]
]
for (const [glob, matches, misses] of CASES) {
  test(`glob ${glob}`, () => {
    const compiled = compileGlob(glob)
    for (const name of matches) assert.ok(compiled.test(name), `${glob} matches ${name}`)
    for (const name of misses) assert.ok(!compiled.test(name), `${glob} does not match ${name}`)
  })
}

function app(): string {
  const dir = tempDir('spindrift-app-')
  writeTree(dir, {
    'handler.py': 'def handle(event, context):\n    return 1\n',
    'a.py': 'A = 1\n', 'b.py': 'B = 1\n', 'd.py': 'D = 1\n',
    'README.md': '# x\n', 'docs/notes.txt': 'x\n', 'docs/keep.rst': 'x\n'
  })
  return dir
}

const packageArgs = (dir: string, ...excludes: string[]) => [
  'package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11',
  '--output-path', path.join(dir, 'build', 'out.zip'), ...excludes.flatMap(e => ['--package-exclude', e])
]

test('CLI: **/*.{md,txt} and [abc].py leave those files out; an exclude that matches nothing is a warning', () => {
  const dir = app()
  const run = runCli(packageArgs(dir, '**/*.{md,txt}', '[ab].py', 'nothing/here/**'))
  assert.equal(run.code, 0, run.stderr)
  const names = zipNames(path.join(dir, 'build', 'out.zip'))
  for (const gone of ['README.md', 'docs/notes.txt', 'a.py', 'b.py']) assert.ok(!names.includes(gone), `${gone} left out`)
  for (const kept of ['handler.py', 'd.py', 'docs/keep.rst', 'index.py']) assert.ok(names.includes(kept), `${kept} kept`)
  assert.match(run.stderr, /^warning: package\.exclude pattern "nothing\/here\/\*\*" matches no file of the app or its dependencies; check its spelling/m)
  assert.doesNotMatch(run.stderr, /pattern "\*\*\/\*\.\{md,txt\}" matches no file/)
})

test('action: a list input is split on newlines only, so a comma inside a glob stays in the glob', async () => {
  const ws = app()
  const run = await runAction(ws, {
    'package-path': '.', 'package-entry': 'handler:handle', 'package-runtime': 'python3.11', 'output-path': 'build/out.zip',
    'package-exclude': '**/*.{md,txt}\n[ab].py\n'
  }, { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  const names = zipNames(path.join(ws, 'build', 'out.zip'))
  for (const gone of ['README.md', 'docs/notes.txt', 'a.py', 'b.py']) assert.ok(!names.includes(gone), `${gone} left out`)
  assert.ok(names.includes('d.py'))
  assert.doesNotMatch(run.stdout, /matches no file/)
})
