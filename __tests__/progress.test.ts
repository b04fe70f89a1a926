// Progress while pip runs, through dist/cli.js with a local index: plain periodic lines when stderr is not a
// terminal, one status line redrawn in place on a terminal (a real pseudo-terminal via script(1)), none with -q.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { test } from 'node:test'
import { makeIndex } from './helpers/pyindex.js'
import { writeBuildableProject } from './helpers/projects.js'
import { CLI, runCli, tempDir, writeTree } from './helpers/run.js'

const work = tempDir()
const INDEX = makeIndex(path.join(work, 'index'), [
  { name: 'alpha', version: '1.0', tag: 'py3-none-any', requires: ['beta>=1'] },
  { name: 'beta', version: '1.0', tag: 'py3-none-any', requires: ['gamma>=1'] },
  { name: 'gamma', version: '1.0', tag: 'py3-none-any' }
])
// pip's own progress is what these tests read: the installer path (the wheels path runs no pip install).
const env = { PIP_FIND_LINKS: '', SPINDRIFT_PROGRESS_SECONDS: '0.05', SPINDRIFT_WHEEL_PATH: '0' }
const PROGRESS = /^Installing the dependencies: .+ \((\d+) packages? so far, \d+ s\)$/

function plainApp(): string {
  const dir = tempDir('spindrift-app-')
  writeTree(dir, { 'handler.py': 'import alpha\n\ndef handle(event, context):\n    return 1\n', 'requirements.txt': 'alpha==1.0\n' })
  return dir
}

const args = (app: string, ...more: string[]) => [
  'package', '--package-path', app, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11',
  '--package-index-url', INDEX, '--output-path', path.join(app, 'out.zip'), '--no-cache', ...more
]

test('not a terminal: plain progress lines while pip runs, with the package count, after the "Installing" line', () => {
  const app = plainApp()
  const run = runCli(args(app), { env })
  assert.equal(run.code, 0, run.stderr)
  const lines = run.stderr.split('\n')
  const progress = lines.filter(l => PROGRESS.test(l))
  assert.ok(progress.length > 0, run.stderr)
  assert.ok(Math.max(...progress.map(l => Number(PROGRESS.exec(l)?.[1]))) >= 1, 'the count grows as pip collects packages')
  assert.ok(lines.findIndex(l => l.startsWith('Installing the dependencies for python3.11')) < lines.indexOf(progress[0]))
  assert.doesNotMatch(run.stderr, /\r|\x1b\[/, 'no terminal control codes in a log')
})

test('the dependencies installed while the project builds: "Installing" is printed before their install, not replayed after', () => {
  const project = tempDir('spindrift-project-')
  writeBuildableProject(project, { name: 'proj', dependencies: ['alpha>=1'], module: 'def handle(event, context):\n    return 1\n' })
  const run = runCli(['package', '--package-path', project, '--package-entry', 'proj.handlers:handle', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--output-path', path.join(project, 'out.zip'), '--no-cache'], { env })
  assert.equal(run.code, 0, run.stderr)
  const lines = run.stderr.split('\n')
  const installing = lines.findIndex(l => l.startsWith('Installing the dependencies for python3.11'))
  const firstProgress = lines.findIndex(l => PROGRESS.test(l))
  assert.ok(installing >= 0 && firstProgress >= 0, run.stderr)
  assert.ok(installing < firstProgress, run.stderr)
})

test('-q: no progress and no other line on stderr', () => {
  const app = plainApp()
  const run = runCli(args(app, '-q'), { env })
  assert.equal(run.code, 0, run.stderr)
  assert.equal(run.stderr, '')
})

test('a terminal: one status line redrawn in place (package and count), cleared before the next line', () => {
  const app = plainApp()
  const command = [process.execPath, CLI, ...args(app)].map(a => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
  const run = spawnSync('script', ['-qfec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, ...env, SPINDRIFT_PROGRESS_SECONDS: '0.05', SPINDRIFT_CACHE_DIR: path.join(work, 'cache') } })
  assert.equal(run.status, 0, run.stdout)
  const redraws = run.stdout.split('\r\x1b[2K').slice(1)
  assert.ok(redraws.length >= 2, `the status line is redrawn: ${JSON.stringify(run.stdout)}`)
  assert.ok(redraws.some(r => /^Installing the dependencies: collecting (alpha|beta|gamma)/.test(r)), JSON.stringify(run.stdout))
  assert.doesNotMatch(run.stdout, /^Installing the dependencies: .*so far.*\r?\n/m, 'no status line is left as a line of its own')
  assert.match(run.stdout, /\r\x1b\[2K(?:package\.type is not set|Wrote )/, 'cleared before the next line')
})

test('a terminal, package.installer uv: the status line follows uv (resolved, prepared, installed) with its package count', t => {
  const uv = spawnSync('uv', ['--version'], { encoding: 'utf8' })
  if (uv.status !== 0) {
    t.skip('uv is not on PATH (npm test puts .venv-test/bin first)')
    return
  }
  const app = plainApp()
  const command = [process.execPath, CLI, ...args(app, '--package-installer', 'uv')].map(a => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
  const run = spawnSync('script', ['-qfec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, ...env } })
  assert.equal(run.status, 0, run.stdout)
  const redraws = run.stdout.split('\r\x1b[2K').slice(1)
  assert.ok(redraws.some(r => /^Installing the dependencies: resolved 3 packages \(3 packages so far, \d+ s\)/.test(r)), JSON.stringify(run.stdout))
  assert.match(run.stdout, /\r\x1b\[2K(?:package\.type is not set|Wrote )/)
})
