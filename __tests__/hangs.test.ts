// Steps that hang and runs that are killed: every external step has a time limit that ends in one sentence
// naming it; SIGTERM/SIGINT leave no work folder and no running child; the next run removes what a SIGKILL left.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import path from 'node:path'
import { after, test } from 'node:test'
import { runAction } from './helpers/action.js'
import { CLI, runCli, tempDir, writeTree } from './helpers/run.js'

const HANDLER = { 'handler.py': 'def handler(event, context):\n    return 1\n' }
const work = tempDir('spindrift-hangs-')

/** A python3 wrapper that, when asked to run `pip <verb>`, records its pid and sleeps instead (in a child). */
function pythonThatHangsOn(verb: string): { python: string; pidFile: string } {
  const pidFile = path.join(tempDir(), 'sleeper.pid')
  const python = path.join(tempDir(), `python-hangs-on-${verb}`)
  writeFileSync(python, `#!/bin/sh\nfor a in "$@"; do [ "$a" = ${verb} ] && { sleep 300 & echo $! > ${pidFile}; wait; }; done\nexec python3 "$@"\n`, { mode: 0o755 })
  return { python, pidFile }
}

/** Running (a zombie waiting for a container's pid 1 to reap it counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : ''
  return !/^State:\s+Z/m.test(status)
}

/** The work folders spindrift left in a private TMPDIR. */
const leftovers = (tmp: string) => readdirSync(tmp).filter(n => /^spindrift-(deps|wheel|sdist|compile|import|resolve|invoke)-/.test(n))

/** Live processes whose command line names folder: what a run started there and what those started. */
function processesUsing(folder: string): string[] {
  const found: string[] = []
  for (const pid of readdirSync('/proc').filter(n => /^\d+$/.test(n))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
      if (cmdline.includes(folder) && alive(Number(pid))) found.push(`${pid}: ${cmdline.slice(0, 120)}`)
    } catch {
      // gone meanwhile
    }
  }
  return found
}

async function until(condition: () => boolean, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 10; i++) {
    if (condition()) return true
    await new Promise(r => setTimeout(r, 100))
  }
  return condition()
}

function project(files: Record<string, string> = { ...HANDLER, 'requirements.txt': 'anything\n' }): string {
  const dir = tempDir('spindrift-hang-app-')
  writeTree(dir, files)
  return dir
}

const args = (dir: string, out: string, ...extra: string[]) => ['package', '--package-path', dir, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', out, '--no-cache', ...extra]

test('a pip install that hangs is stopped at package.timeout with one sentence, and what it started dies with it', () => {
  const { python, pidFile } = pythonThatHangsOn('install')
  const tmp = tempDir('spindrift-tmp-')
  const started = Date.now()
  const run = runCli(args(project(), path.join(work, 'a.zip'), '--package-python', python, '--package-timeout', '2'), { env: { TMPDIR: tmp } })
  assert.equal(run.code, 1, run.stderr)
  assert.ok(Date.now() - started < 60_000, 'stopped near its limit')
  assert.match(run.stderr, /^spindrift: The step "pip install" did not finish within 2 s \(package\.timeout\), so it was stopped; check what it waits for \(an index that does not answer, a setup\.py or an import that hangs\), or raise package\.timeout\.$/m)
  assert.ok(!alive(Number(readFileSync(pidFile, 'utf8'))), 'the sleeping grandchild was stopped too')
  assert.deepEqual(leftovers(tmp), [], 'no work folder left')
})

test('an interpreter that never answers is stopped with a sentence naming the interpreter check', () => {
  const python = path.join(tempDir(), 'python-silent')
  writeFileSync(python, '#!/bin/sh\nexec sleep 300\n', { mode: 0o755 })
  const run = runCli(args(project(HANDLER), path.join(work, 'b.zip'), '--package-python', python, '--package-timeout', '2'))
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, /^spindrift: The step "the interpreter check \(.*python-silent -c …\)" did not finish within 2 s \(package\.timeout\)/m)
})

test('an import check that blocks is stopped with a sentence naming the import check', () => {
  const dir = project({ 'handler.py': 'import time\ntime.sleep(300)\ndef handler(event, context):\n    return 1\n' })
  const run = runCli(args(dir, path.join(work, 'c.zip'), '--package-import-check', '--package-timeout', '3'))
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, /^spindrift: The step "the import check \(package\.import-check\)" did not finish within 3 s \(package\.timeout\)/m)
})

/** An index that accepts connections and never says a word. */
function silentIndex(): Promise<{ url: string; server: Server }> {
  return new Promise(resolve => {
    const sockets: import('node:net').Socket[] = []
    const server = createServer(socket => sockets.push(socket))
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      after(() => {
        for (const s of sockets) s.destroy()
        server.close()
      })
      resolve({ url: `http://127.0.0.1:${port}/simple`, server })
    })
  })
}

test('an index that accepts connections and never answers: the install is stopped at the limit', async () => {
  const { url } = await silentIndex()
  const out = path.join(work, 'd.zip')
  const child = spawn(process.execPath, [CLI, ...args(project(), out, '--package-index-url', url, '--package-timeout', '4')], { env: { ...process.env, PIP_TIMEOUT: '60' }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', chunk => (stderr += chunk))
  const code = await new Promise(resolve => child.on('close', resolve))
  assert.equal(code, 1, stderr)
  assert.match(stderr, /The step "pip install" did not finish within 4 s \(package\.timeout\)/)
})

/** Start a CLI run that hangs in pip install; resolve once pip's stand-in is running. */
async function startHangingRun(tmp: string) {
  const { python, pidFile } = pythonThatHangsOn('install')
  // The installer path: its install step is the one these tests interrupt (the wheels path runs no install).
  const child = spawn(process.execPath, [CLI, ...args(project(), path.join(work, 'e.zip'), '--package-python', python)], { env: { ...process.env, TMPDIR: tmp, SPINDRIFT_WHEEL_PATH: '0' }, stdio: 'ignore' })
  const done = new Promise(resolve => child.on('exit', resolve))
  for (let i = 0; i < 300 && !existsSync(pidFile); i++) await new Promise(r => setTimeout(r, 100))
  await new Promise(r => setTimeout(r, 200))
  return { child, done, sleeper: () => Number(readFileSync(pidFile, 'utf8')) }
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} during an install: no work folder survives and no child keeps running`, async () => {
    const tmp = tempDir('spindrift-tmp-')
    const run = await startHangingRun(tmp)
    assert.ok(leftovers(tmp).length > 0, 'the run had made its work folder')
    run.child.kill(signal)
    await run.done
    await new Promise(r => setTimeout(r, 200))
    assert.deepEqual(leftovers(tmp), [])
    assert.ok(!alive(run.sleeper()), 'the step and what it started are gone')
  })
}

test('SIGKILL leaves a work folder; the next run removes it, and keeps the folders of live runs', async () => {
  const tmp = tempDir('spindrift-tmp-')
  const run = await startHangingRun(tmp)
  run.child.kill('SIGKILL')
  await run.done
  assert.ok(await until(() => !alive(run.sleeper()), 3), 'the watchdog stopped the step that the killed run had started')
  const stale = leftovers(tmp)
  assert.equal(stale.length, 1, 'a SIGKILL cannot clean up')
  const live = path.join(tmp, `spindrift-deps-${process.pid}-abcdef`)
  mkdirSync(live)
  const next = runCli(args(project(HANDLER), path.join(work, 'f.zip')), { env: { TMPDIR: tmp } })
  assert.equal(next.code, 0, next.stderr)
  assert.deepEqual(leftovers(tmp), [path.basename(live)], 'the dead run\'s folder is gone; the live one stays')
})

/** A setup.py that records its pid and its parent's (pip's), then sleeps: a slow source build. */
const SLOW_SETUP = `import os, time
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'pids'), 'w') as f:
    f.write(f"{os.getpid()} {os.getppid()}")
time.sleep(300)
`

test('SIGKILL during a slow setup.py: pip and the setup.py die with spindrift, and the next run removes the stale work folder', async () => {
  const tmp = tempDir('spindrift-tmp-')
  const dir = project({ ...HANDLER, 'requirements.txt': './slowpkg\n', 'slowpkg/setup.py': SLOW_SETUP })
  const pids = path.join(dir, 'pids')
  const child = spawn(process.execPath, [CLI, ...args(dir, path.join(work, 'g.zip'))], { cwd: dir, env: { ...process.env, TMPDIR: tmp }, stdio: 'ignore' })
  const done = new Promise(resolve => child.on('exit', resolve))
  assert.ok(await until(() => existsSync(pids) && readFileSync(pids, 'utf8').includes(' '), 90), 'the setup.py started')
  const [setup, pip] = readFileSync(pids, 'utf8').split(' ').map(Number)
  assert.ok(alive(setup) && alive(pip), 'pip and its setup.py run')
  assert.ok(processesUsing(tmp).length > 0, 'the run has steps working in its TMPDIR')
  child.kill('SIGKILL')
  await done
  assert.ok(await until(() => !alive(setup) && !alive(pip) && processesUsing(tmp).length === 0, 2), `still running: ${processesUsing(tmp).join('; ')}`)
  assert.ok(leftovers(tmp).length > 0, 'a SIGKILL cannot remove the work folder itself')
  const next = runCli(args(project(HANDLER), path.join(work, 'h.zip')), { env: { TMPDIR: tmp } })
  assert.equal(next.code, 0, next.stderr)
  assert.deepEqual(leftovers(tmp), [], 'the next run removed the stale work folder')
})

test('every kind of work folder, resolve included, is matched by the stale-folder pattern', async () => {
  const { WORK_FOLDER } = await import('../src/common/cleanup.js')
  for (const kind of ['deps', 'wheel', 'sdist', 'compile', 'import', 'resolve', 'invoke']) assert.match(`spindrift-${kind}-123-abcDE1`, WORK_FOLDER, kind)
  assert.doesNotMatch('spindrift-invoke-abcDE1', WORK_FOLDER, 'a folder without its owner\'s pid is not ours to judge')
  assert.doesNotMatch('spindrift-other-123-abcDE1', WORK_FOLDER)
})

/** A handler that, for {"sleep": true}, says so and sleeps: an invocation still running. */
const SLEEPY = `import os, time
def handler(event, context):
    if event.get('sleep'):
        print('sleeping', os.getpid(), flush=True)
        time.sleep(300)
    return 'awake'
`

test('SIGKILL during spindrift invoke: the function dies with it, and the next invoke removes its work folder', async () => {
  const tmp = tempDir('spindrift-tmp-')
  const cache = tempDir('spindrift-invoke-cache-')
  const dir = project({ 'handler.py': SLEEPY })
  const zip = path.join(work, 'sleepy.zip')
  const env = { TMPDIR: tmp, SPINDRIFT_CACHE_DIR: cache }
  const built = runCli(['package', '--package-path', dir, '--package-type', 'plain', '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', zip], { env })
  assert.equal(built.code, 0, built.stderr)
  const events = tempDir()
  writeFileSync(path.join(events, 'sleep.json'), '{"sleep": true}')
  writeFileSync(path.join(events, 'quick.json'), '{}')
  const child = spawn(process.execPath, [CLI, 'invoke', zip, '--event', path.join(events, 'sleep.json'), '--timeout', '600'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', chunk => (stderr += chunk))
  const done = new Promise(resolve => child.on('exit', resolve))
  let sleeper = 0
  try {
    assert.ok(await until(() => /sleeping \d+/.test(stderr), 240), `the function started: ${stderr}`)
    sleeper = Number(/sleeping (\d+)/.exec(stderr)![1])
    const stale = leftovers(tmp)
    assert.equal(stale.length, 1, `the invocation has its work folder: ${readdirSync(tmp).join(', ')}`)
    assert.match(stale[0], new RegExp(`^spindrift-invoke-${child.pid}-`), 'named with the owner\'s pid')
    child.kill('SIGKILL')
    await done
    assert.ok(await until(() => !alive(sleeper), 3), 'the function\'s process died with spindrift (the watchdog)')
    assert.deepEqual(leftovers(tmp), stale, 'a SIGKILL cannot clean up')
    const next = spawnSync(process.execPath, [CLI, 'invoke', zip, '--event', path.join(events, 'quick.json')], { env: { ...process.env, ...env }, encoding: 'utf8' })
    assert.equal(next.status, 0, next.stderr)
    assert.match(next.stdout, /awake/)
    assert.deepEqual(leftovers(tmp), [], 'the next invoke removed the stale work folder (and its own)')
  } finally {
    child.kill('SIGKILL')
    if (sleeper && alive(sleeper)) process.kill(sleeper, 'SIGKILL')
  }
})

test('action: a hanging install is stopped at package-timeout with an error annotation', async () => {
  const { python } = pythonThatHangsOn('install')
  const dir = project()
  const run = await runAction(dir, { 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'package-python': python, 'package-timeout': '2', 'output-path': 'app.zip', cache: 'false' })
  assert.equal(run.code, 1, run.stdout)
  assert.match(run.stdout, /::error title=spindrift::The step "pip install" did not finish within 2 s \(package\.timeout\)/)
})
