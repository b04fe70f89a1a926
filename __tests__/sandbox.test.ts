// `spindrift invoke` as a faithful local Lambda, through the built CLI: the zip's spindrift.json (its target),
// the interpreter chosen for it, the extraction cache, and one function per emulated limit that trips it.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { appendFileSync, chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import AdmZip from 'adm-zip'
import { CLI, ROOT, runCli, tempDir, writeTree, zipText, type CliRun } from './helpers/run.js'

const work = tempDir('spindrift-sandbox-test-')
const cacheDir = path.join(work, 'cache')
const tmp = path.join(work, 'tmp')
mkdirSync(tmp)
const isRoot = process.getuid?.() === 0

function invoke(args: string[], input = '{}'): CliRun & { ms: number } {
  const started = Date.now()
  const result = spawnSync(process.execPath, [CLI, 'invoke', ...args], {
    cwd: ROOT,
    env: { ...process.env, SPINDRIFT_CACHE_DIR: cacheDir, TMPDIR: tmp },
    input,
    encoding: 'utf8'
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started }
}

function packageFn(name: string, files: Record<string, string>, extra: string[] = []): string {
  const dir = path.join(work, 'apps', name)
  writeTree(dir, files)
  const out = path.join(work, `${name}.zip`)
  const runtime = extra.includes('--package-runtime') ? [] : ['--package-runtime', 'python3.11']
  const run = runCli(['package', '--package-path', dir, '--package-type', 'plain', '--package-entry', 'from handler import handler', '--output-path', out, ...runtime, ...extra], {
    env: { SPINDRIFT_CACHE_DIR: cacheDir }
  })
  assert.equal(run.code, 0, run.stderr)
  return out
}

const HANDLER = `import json, os, sys, tempfile, time


def handler(event, context):
    out = {"uid": os.getuid(), "version": "%d.%d" % sys.version_info[:2], "tmpdir": tempfile.gettempdir(),
           "task_root": os.environ["LAMBDA_TASK_ROOT"], "memory": os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"],
           "tmp_files": sorted(os.listdir(tempfile.gettempdir()))}
    for where in ("write_task_root", "write_scratch"):
        if event.get(where):
            folder = os.environ["LAMBDA_TASK_ROOT"] if where == "write_task_root" else tempfile.gettempdir()
            try:
                with open(os.path.join(folder, "written.txt"), "w") as f:
                    f.write("x")
                out[where] = "ok"
            except OSError as error:
                out[where] = "%s %s" % (type(error).__name__, error.errno)
    if event.get("overwrite_module"):
        try:
            with open(os.path.join(os.environ["LAMBDA_TASK_ROOT"], "handler.py"), "a") as f:
                f.write("# changed")
            out["overwrite_module"] = "ok"
        except OSError as error:
            out["overwrite_module"] = "%s %s" % (type(error).__name__, error.errno)
    if event.get("allocate_mb"):
        block = bytearray(event["allocate_mb"] * 1024 * 1024)
        out["allocated"] = len(block)
    if event.get("scratch_mb"):
        chunk = b"x" * (1024 * 1024)
        with open(os.path.join(tempfile.gettempdir(), "big.bin"), "wb") as f:
            for _ in range(event["scratch_mb"]):
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        time.sleep(1)
        out["scratch"] = "written"
    return out
`

const fn311 = packageFn('fn311', { 'handler.py': HANDLER }, ['--package-runtime', 'python3.11'])

test('spindrift.json: the zip records runtime, architecture, app kind and handler, byte for byte the same on every build', () => {
  const expected = '{\n  "format": 1,\n  "runtime": "python3.11",\n  "architecture": "x86_64",\n  "app": "plain",\n  "handler": "index.handler"\n}\n'
  assert.equal(zipText(fn311, 'spindrift.json'), expected)
  const again = packageFn('fn311-again', { 'handler.py': HANDLER }, ['--package-runtime', 'python3.11'])
  assert.equal(zipText(again, 'spindrift.json'), expected)
  const arm = packageFn('fn-arm', { 'handler.py': HANDLER }, ['--package-runtime', 'python3.12', '--package-architecture', 'arm64'])
  assert.deepEqual(JSON.parse(zipText(arm, 'spindrift.json') ?? ''), { format: 1, runtime: 'python3.12', architecture: 'arm64', app: 'plain', handler: 'index.handler' })
})

test('the interpreter: the runtime the zip records, when installed (not the default python3)', () => {
  const run = invoke([fn311, '--event', '-'])
  assert.equal(run.code, 0, run.stderr)
  assert.equal(JSON.parse(run.stdout).version, '3.11')
  const versions = readdirSync(path.join(os.homedir(), '.pyenv', 'versions')).filter(v => /^3\.12\.\d+$/.test(v))
  if (!versions.length && !spawnSync('python3.12', ['-V']).stdout) return
  const fn312 = packageFn('fn312', { 'handler.py': HANDLER }, ['--package-runtime', 'python3.12'])
  const run312 = invoke([fn312, '--event', '-'])
  assert.equal(run312.code, 0, run312.stderr)
  assert.equal(JSON.parse(run312.stdout).version, '3.12')
})

test('the interpreter: another machine, or a minor version not installed, is refused naming both; --python forces it with a warning', () => {
  const arm = path.join(work, 'fn-arm.zip')
  const refused = invoke([arm, '--event', '-'])
  assert.equal(refused.code, 1)
  assert.equal(refused.stdout, '')
  assert.match(refused.stderr, /^spindrift: .*fn-arm\.zip was built for python3\.12 on arm64, but this machine is x86_64 \(.*python3\.12 is Python 3\.12\.\d+ on x86_64\); invoke it on a aarch64 machine, or pass --python to run it here anyway\.\n$/)

  // python3.14 is a runtime nobody installed here: the zip says so, and python3 is named too.
  const fn314 = packageFn('fn314', { 'handler.py': HANDLER }, ['--package-runtime', 'python3.14'])
  const missing = invoke([fn314, '--event', '-'])
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /^spindrift: .*fn314\.zip was built for python3\.14, but no Python 3\.14 is installed here \(.*\), and python3 is Python 3\.\d+\.\d+; install Python 3\.14, or pass --python to run it with another interpreter anyway\.\n$/)

  const forced = invoke([fn314, '--event', '-', '--python', 'python3.11'])
  assert.equal(forced.code, 0, forced.stderr)
  assert.equal(JSON.parse(forced.stdout).version, '3.11')
  assert.match(forced.stderr, /^warning: .*fn314\.zip was built for python3\.14 on x86_64, but --python python3\.11 is Python 3\.11\.\d+ on x86_64; running it anyway, as --python asks, though on Lambda it runs on python3\.14\.$/m)
})

test('a zip written before spindrift.json existed still runs, with python3', () => {
  const old = new AdmZip(fn311)
  old.deleteFile('spindrift.json')
  const file = path.join(work, 'older.zip')
  old.writeZip(file)
  const run = invoke([file, '--event', '-'])
  assert.equal(run.code, 0, run.stderr)
  const python3 = spawnSync('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).stdout.trim()
  assert.equal(JSON.parse(run.stdout).version, python3)
})

function taskFolder(zip: string): string {
  const sha = spawnSync('sha256sum', [zip], { encoding: 'utf8' }).stdout.split(' ')[0]
  return path.join(cacheDir, 'tasks', sha)
}

test('extract once: the task root is kept in the cache by the zip\'s SHA-256, read-only, reused; a changed copy is extracted again', () => {
  const zip = packageFn('cached', { 'handler.py': HANDLER, 'data/big.txt': 'y'.repeat(2_000_000) })
  const first = invoke([zip, '--event', '-'])
  assert.equal(first.code, 0, first.stderr)
  const dir = taskFolder(zip)
  const seen = JSON.parse(first.stdout)
  assert.equal(seen.task_root, path.join(dir, 'root'))
  const handlerFile = path.join(dir, 'root', 'handler.py')
  const before = statSync(handlerFile)
  assert.equal(before.mode & 0o222, 0, 'no write bits on the files')
  assert.equal(statSync(path.join(dir, 'root', 'data')).mode & 0o777, 0o555, 'folders r-x')

  const second = invoke([zip, '--event', '-'])
  assert.equal(second.code, 0, second.stderr)
  assert.equal(statSync(handlerFile).ino, before.ino, 'the same files, not extracted again')
  assert.equal(statSync(handlerFile).mtimeMs, before.mtimeMs)
  assert.deepEqual(readdirSync(path.join(cacheDir, 'tasks')).filter(n => n.startsWith('.tmp-')), [], 'no temp folders left')
  assert.doesNotMatch(second.stderr, /extracting it again/)
  console.log(`second start of a reused extraction: ${second.ms} ms for the whole CLI run`)

  // Corruption: a file changed in place, then a file removed; each run puts the zip's bytes back.
  chmodSync(handlerFile, 0o644)
  appendFileSync(handlerFile, '\nraise RuntimeError("tampered")\n')
  const third = invoke([zip, '--event', '-'])
  assert.equal(third.code, 0, third.stderr)
  assert.match(third.stderr, /^warning: The extracted copy of .*cached\.zip in .* was changed \(handler\.py was modified\); extracting it again\.$/m)
  assert.doesNotMatch(readFileSync(handlerFile, 'utf8'), /tampered/)
  chmodSync(path.join(dir, 'root', 'data'), 0o755)
  writeFileSync(path.join(dir, 'root', 'data', 'extra.txt'), 'not in the zip')
  const fourth = invoke([zip, '--event', '-'])
  assert.equal(fourth.code, 0, fourth.stderr)
  assert.match(fourth.stderr, /was changed \(data\/extra\.txt was added\); extracting it again\./)
  assert.deepEqual(readdirSync(path.join(dir, 'root', 'data')), ['big.txt'])
})

test('read-only task root: the function cannot create or change files in it, as on Lambda', () => {
  const run = invoke([fn311, '--event', '-'], '{"write_task_root": true, "overwrite_module": true}')
  assert.equal(run.code, 0, run.stderr)
  const seen = JSON.parse(run.stdout)
  assert.match(seen.write_task_root, /^PermissionError 13$/)
  assert.match(seen.overwrite_module, /^PermissionError 13$/)
  assert.ok(!readdirSync(seen.task_root).includes('written.txt'))
})

test('unprivileged user: when spindrift runs as root, the function does not', { skip: isRoot ? false : 'spindrift is not running as root here' }, () => {
  const run = invoke([fn311, '--event', '-'])
  assert.equal(run.code, 0, run.stderr)
  assert.equal(JSON.parse(run.stdout).uid, 65534)
})

test('scratch space: TMPDIR is a fresh, writable folder per run, removed afterwards', () => {
  const first = invoke([fn311, '--event', '-'], '{"write_scratch": true}')
  assert.equal(first.code, 0, first.stderr)
  const seen = JSON.parse(first.stdout)
  assert.equal(seen.write_scratch, 'ok')
  assert.ok(seen.tmpdir.startsWith(tmp + path.sep), seen.tmpdir)
  const second = invoke([fn311, '--event', '-'])
  assert.equal(second.code, 0, second.stderr)
  const again = JSON.parse(second.stdout)
  assert.notEqual(again.tmpdir, seen.tmpdir)
  assert.deepEqual(again.tmp_files, [], 'nothing from the run before')
  assert.deepEqual(readdirSync(tmp), [], 'scratch folders are removed')
})

test('scratch space: more than --ephemeral-storage (512 MB by default) in it stops the invocation', () => {
  const run = invoke([fn311, '--event', '-'], '{"scratch_mb": 530}')
  assert.equal(run.code, 1, run.stderr)
  assert.equal(run.stdout, '')
  assert.match(run.stderr, /^spindrift: the function failed with Sandbox\.EphemeralStorageExceeded: The function keeps \d+ MB in its scratch folder \(TMPDIR, Lambda's \/tmp\), more than the ephemeral storage of 512 MB; on Lambda its writes would fail with "No space left on device"\./m)
  const roomier = invoke([fn311, '--event', '-', '--ephemeral-storage', '1024'], '{"scratch_mb": 530}')
  assert.equal(roomier.code, 0, roomier.stderr)
  assert.equal(JSON.parse(roomier.stdout).scratch, 'written')
  assert.deepEqual(readdirSync(tmp), [])
})

test('memory: --memory sets AWS_LAMBDA_FUNCTION_MEMORY_SIZE, and using more ends the invocation as Lambda reports it', () => {
  const run = invoke([fn311, '--event', '-'], '{"allocate_mb": 200}')
  assert.equal(run.code, 1, run.stderr)
  assert.equal(run.stdout, '')
  assert.match(run.stderr, /^RequestId: (\S+) Error: Runtime exited with error: signal: killed\nRuntime\.ExitError\nEND RequestId: \1\nREPORT RequestId: \1\t.*\tMemory Size: 128 MB\tMax Memory Used: 128 MB\t/m)
  assert.match(run.stderr, /^spindrift: the function failed with Runtime\.ExitError: RequestId: \S+ Error: Runtime exited with error: signal: killed$/m)
  const bigger = invoke([fn311, '--event', '-', '--memory', '512'], '{"allocate_mb": 200}')
  assert.equal(bigger.code, 0, bigger.stderr)
  const seen = JSON.parse(bigger.stdout)
  assert.equal(seen.memory, '512')
  assert.equal(seen.allocated, 200 * 1024 * 1024)
  assert.match(bigger.stderr, /\tMemory Size: 512 MB\tMax Memory Used: (2\d\d) MB\t/)
})

test('init: an import that takes longer than Lambda\'s 10 seconds is stopped and reported', () => {
  const slow = packageFn('slow-init', { 'handler.py': 'import time\ntime.sleep(30)\n\n\ndef handler(event, context):\n    return 1\n' })
  const run = invoke([slow, '--event', '-'])
  assert.equal(run.code, 1, run.stderr)
  assert.ok(run.ms < 20_000, `stopped after ${run.ms} ms`)
  assert.match(run.stderr, /^spindrift: the function failed during init with Sandbox\.Timedout: Init timed out after 10\.00 seconds$/m)
})

test('bad input: --memory and --ephemeral-storage outside Lambda\'s range are one sentence, exit 2', () => {
  for (const [flag, value, message] of [
    ['--memory', '64', /--memory "64" is not a memory size Lambda allows: a whole number of MB from 128 to 10240/],
    ['--memory', 'lots', /--memory "lots" is not a memory size Lambda allows/],
    ['--ephemeral-storage', '100', /--ephemeral-storage "100" is not a size Lambda allows: a whole number of MB from 512 to 10240/]
  ] as const) {
    const run = invoke([fn311, '--path', '/', flag, value])
    assert.equal(run.code, 2, run.stderr)
    assert.equal(run.stderr.trim().split('\n').length, 1)
    assert.match(run.stderr, message)
  }
})
