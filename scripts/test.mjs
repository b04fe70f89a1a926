// `npm test`: the Python the tests need (pytest, flask, hypothesis, uv) goes into a project-local virtual
// environment, .venv-test/, made once and remade only when shim/requirements-test.txt or python3 changes; then
// the Node tests and the shim's pytest suite run with that environment first on PATH. Nothing has to be
// installed by hand first. `node scripts/test.mjs node` or `… python` runs one half.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const VENV = path.join(ROOT, '.venv-test')
const REQUIREMENTS = path.join(ROOT, 'shim', 'requirements-test.txt')
const STAMP = path.join(VENV, 'spindrift-stamp')

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options })
  if (result.error) throw new Error(`${command} could not be started (${result.error.message})`)
  return result.status ?? 1
}

function basePython() {
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.executable); print(sys.version)'], { encoding: 'utf8' })
  if (probe.status !== 0) throw new Error('python3 is not on PATH: install Python 3 with pip, then run npm test again')
  return probe.stdout
}

/** The folder whose bin/ holds python3, pytest and uv for the tests, and the variables that select it. */
function testEnvironment() {
  const stamp = createHash('sha256').update(readFileSync(REQUIREMENTS)).update(basePython()).digest('hex')
  if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== stamp) {
    process.stderr.write('npm test: setting up .venv-test/ (pytest, flask, hypothesis, uv) from shim/requirements-test.txt\n')
    rmSync(VENV, { recursive: true, force: true })
    if (run('python3', ['-m', 'venv', VENV]) !== 0) {
      // Debian's python3 without python3-venv has no ensurepip: fall back to a plain target folder.
      rmSync(VENV, { recursive: true, force: true })
      process.stderr.write('npm test: python3 -m venv is not available here; installing into .venv-test/ with pip --target instead\n')
      const install = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', path.join(VENV, 'site'), '-r', REQUIREMENTS]
      if (run('python3', install) !== 0) throw new Error('installing the test requirements failed (see pip\'s message above)')
    } else {
      const install = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS]
      if (run(path.join(VENV, 'bin', 'python'), install) !== 0) throw new Error('installing the test requirements failed (see pip\'s message above)')
    }
    writeFileSync(STAMP, stamp)
  }
  const site = path.join(VENV, 'site')
  if (existsSync(site)) {
    return { python: 'python3', env: { ...process.env, PATH: `${path.join(site, 'bin')}${path.delimiter}${process.env.PATH}`, PYTHONPATH: site } }
  }
  const bin = path.join(VENV, 'bin')
  return { python: path.join(bin, 'python'), env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, VIRTUAL_ENV: VENV } }
}

function main(which) {
  const { python, env } = testEnvironment()
  let failed = 0
  if (which === 'all' || which === 'node') {
    const tests = readdirSync(path.join(ROOT, '__tests__')).filter(f => f.endsWith('.test.ts')).sort().map(f => path.join('__tests__', f))
    failed |= run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...tests], { env })
  }
  if (which === 'all' || which === 'python') failed |= run(python, ['-m', 'pytest', 'shim/tests', '-q'], { env })
  return failed ? 1 : 0
}

try {
  process.exitCode = main(process.argv[2] ?? 'all')
} catch (error) {
  process.stderr.write(`npm test: ${error.message}\n`)
  process.exitCode = 1
}
