// The command line itself, through dist/cli.js: version, usage, help per command wrapped to the width,
// exit codes documented, and the -q / -v levels.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { OPTIONS, dashed } from '../src/config/options.ts'
import { ROOT, runCli, tempDir, writeTree } from './helpers/run.js'

const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version

test('--version and -V print the package version, alone on stdout', () => {
  for (const flag of ['--version', '-V']) {
    const run = runCli([flag])
    assert.equal(run.code, 0)
    assert.equal(run.stdout, `${version}\n`)
    assert.equal(run.stderr, '')
  }
})

test('bare spindrift prints the usage: every command, the global flags and every exit code', () => {
  const run = runCli([])
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stdout, /^Usage: spindrift COMMAND \[options\]/)
  for (const command of ['package', 'invoke', 'serve', 'check', 'cache', 'help']) assert.match(run.stdout, new RegExp(`^  ${command} +\\S`, 'm'), command)
  for (const flag of ['-V, --version', '-h, --help']) assert.ok(run.stdout.includes(flag), flag)
  for (const code of [0, 1, 2, 70, 130, 143]) assert.match(run.stdout, new RegExp(`^  ${code} +\\S`, 'm'), `exit code ${code}`)
  assert.equal(runCli(['--help']).stdout, run.stdout)
})

test('spindrift package --help: every option with its value name, choices and default, wrapped to COLUMNS', () => {
  const run = runCli(['package', '--help'], { env: { COLUMNS: '60' } })
  assert.equal(run.code, 0, run.stderr)
  const lines = run.stdout.trimEnd().split('\n')
  const long = lines.filter(l => l.length > 60)
  assert.deepEqual(long, [], 'no line wider than 60 columns')
  for (const o of OPTIONS) assert.ok(run.stdout.includes(o.kind === 'boolean' ? `--[no-]${dashed(o.key)}` : `--${dashed(o.key)} `), o.key)
  assert.match(run.stdout, /--package-type plain\|wsgi\|asgi\|flask/)
  assert.match(run.stdout, /--output-path PATH/)
  assert.match(run.stdout, /--package-requirements FILE/)
  assert.match(run.stdout, /One of: python3\.10, python3\.11,\s+python3\.12, python3\.13, python3\.14\./)
  assert.match(run.stdout, /Default: x86_64\./)
  assert.match(run.stdout, /Repeatable\./)
  assert.match(run.stdout, /-q, --quiet/)
  assert.match(run.stdout, /-v, --verbose/)
  for (const code of [70, 130, 143]) assert.match(run.stdout, new RegExp(`^  ${code} `, 'm'))

  const wide = runCli(['package', '--help'], { env: { COLUMNS: '140' } })
  assert.ok(wide.stdout.split('\n').some(l => l.length > 80), 'a wide terminal gets wider lines')
  assert.ok(wide.stdout.split('\n').every(l => l.length <= 140))
})

test('spindrift help invoke is spindrift invoke --help, wrapped, with its own exit codes', () => {
  const help = runCli(['help', 'invoke'], { env: { COLUMNS: '50' } })
  assert.equal(help.code, 0, help.stderr)
  assert.equal(runCli(['invoke', '--help'], { env: { COLUMNS: '50' } }).stdout, help.stdout)
  assert.deepEqual(help.stdout.split('\n').filter(l => l.length > 50), [])
  assert.match(help.stdout, /^Usage: spindrift invoke ZIP --event FILE/)
  assert.match(help.stdout, /--timeout SECONDS/)
  assert.match(help.stdout, /Default: 30\./)
  assert.match(help.stdout, /^  1 +the function raised/m)
  assert.equal(runCli(['help', 'package']).stdout, runCli(['package', '--help']).stdout)
})

test('an unknown command is exit 2 with a suggestion; help for an unknown command too', () => {
  const run = runCli(['pakage'])
  assert.equal(run.code, 2)
  assert.equal(run.stderr, 'spindrift: unknown command "pakage"; did you mean "package"?\n')
  const help = runCli(['help', 'nope'])
  assert.equal(help.code, 2)
  assert.match(help.stderr, /no command "nope" to show help for; the commands are package, invoke, serve, check, cache, help/)
})

const project = tempDir()
writeTree(project, { 'handler.py': 'def handle(event, context):\n    return event\n' })
const packageArgs = ['--package-runtime', 'python3.11', '--package-entry', 'handler:handle', '--output-path', path.join(project, 'out.zip')]

test('-q prints nothing but the result; the default prints progress; -v adds the stages', () => {
  const quiet = runCli(['package', '-q', ...packageArgs], { cwd: project })
  assert.equal(quiet.code, 0, quiet.stderr)
  assert.equal(quiet.stderr, '')
  assert.equal(quiet.stdout, `${path.join(project, 'out.zip')}\n`)

  const normal = runCli(['package', ...packageArgs], { cwd: project })
  assert.equal(normal.code, 0, normal.stderr)
  assert.match(normal.stderr, /^Python \d+\.\d+/m)
  assert.match(normal.stderr, /^Wrote /m)
  assert.doesNotMatch(normal.stderr, /^── /m)

  const verbose = runCli(['package', '--verbose', ...packageArgs], { cwd: project })
  assert.equal(verbose.code, 0, verbose.stderr)
  assert.match(verbose.stderr, /^── App: /m)
  assert.match(verbose.stderr, /^── Zip: /m)

  const both = runCli(['package', '-q', '-v', ...packageArgs], { cwd: project })
  assert.equal(both.code, 2)
  assert.match(both.stderr, /--quiet and --verbose cannot be used together/)
})

test('the seed form with flags before the command still works', () => {
  const run = runCli([...packageArgs, 'package', '-q'], { cwd: project })
  assert.equal(run.code, 0, run.stderr)
  assert.equal(run.stdout, `${path.join(project, 'out.zip')}\n`)
})
