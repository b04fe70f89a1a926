// Bad input through the real CLI: one clear sentence on stderr, a non-zero exit, no stack trace,
// and nothing written (an existing zip at the output path keeps its bytes; no temp files).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cases, prepareCase } from './helpers/badinputs.js'
import { runCli } from './helpers/run.js'

test('the corpus has at least 40 cases', () => {
  assert.ok(cases.length >= 40, String(cases.length))
})

for (const c of cases) {
  test(`bad input: ${c.name}`, () => {
    const { dir, out, checkNothingWritten } = prepareCase(c)
    const run = runCli(['package', ...c.args.map(a => (a === 'OUT' ? out : a))], { cwd: dir, env: { PIP_RETRIES: '0', PIP_TIMEOUT: '2', ...c.env } })
    assert.equal(run.code, c.code ?? 1, run.stderr)
    const lines = run.stderr.trim().split('\n')
    const last = lines.at(-1) as string
    assert.match(last, /^spindrift: /)
    assert.match(last, c.message)
    assert.doesNotMatch(run.stderr, /^\s+at .*:\d+:\d+\)?$/m, 'no stack trace')
    assert.equal(run.stdout, '')
    checkNothingWritten()
  })
}

test('package --help lists every option by the naming rule', () => {
  const run = runCli(['package', '--help'])
  assert.equal(run.code, 0)
  for (const flag of ['--package-name', '--package-type', '--package-entry', '--package-runtime', '--package-architecture', '--package-requirements', '--package-python', '--output-path', '--no-cache', '--file', '--json']) {
    assert.ok(run.stdout.includes(flag), flag)
  }
})
