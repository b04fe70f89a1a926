// `spindrift invoke` through the built CLI: zips packaged by the CLI itself run under the real awslambdaric
// against spindrift's Runtime API. Plain handlers need no index; the Flask app needs the real PyPI (flask).
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { CLI, ROOT, pythonThatRefusesPip, runCli, tempDir, writeTree, type CliRun } from './helpers/run.js'

const work = tempDir('spindrift-invoke-test-')
const cacheDir = path.join(work, 'cache')
/** TMPDIR of every invoke run: empty again after each one proves the extracted folders are removed. */
const tmp = path.join(work, 'tmp')
mkdirSync(tmp)

function invoke(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, 'invoke', ...args], {
    cwd: ROOT,
    env: { ...process.env, SPINDRIFT_CACHE_DIR: cacheDir, TMPDIR: tmp, ...options.env },
    input: options.input ?? '',
    encoding: 'utf8'
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}

function packageApp(name: string, type: 'plain' | 'flask', entry: string, files: Record<string, string>): string {
  const dir = path.join(work, 'apps', name)
  writeTree(dir, files)
  const out = path.join(work, `${name}.zip`)
  const run = runCli(
    ['package', '--package-path', dir, '--package-type', type, '--package-entry', entry, '--package-runtime', 'python3.11', '--output-path', out, '--json'],
    { env: { SPINDRIFT_CACHE_DIR: cacheDir } }
  )
  assert.equal(run.code, 0, run.stderr)
  return out
}

function eventFile(name: string, event: unknown): string {
  const file = path.join(work, `${name}.json`)
  writeFileSync(file, JSON.stringify(event))
  return file
}

function assertTempClean(): void {
  assert.deepEqual(readdirSync(tmp), [], 'temp folders are removed')
}

/** Running, not a zombie waiting for init to reap it (a killed orphan can be one for a moment). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z'
  } catch {
    return false
  }
}

const HANDLER = `import json, os, subprocess, sys, time


def handler(event, context):
    print("printed by the handler")
    if event.get("raise"):
        raise ValueError("boom: " + event["raise"])
    if event.get("sleep"):
        child = subprocess.Popen(["sleep", "60"])
        with open(event["pids"], "w") as f:
            json.dump([os.getpid(), child.pid], f)
        time.sleep(event["sleep"])
    if event.get("inspect"):
        return {
            "sys_path": sys.path,
            "site_imported": "site" in sys.modules,
            "awslambdaric": "awslambdaric.bootstrap" in sys.modules and "runtime_client" in sys.modules,
            "env": dict(os.environ),
            "cwd": os.getcwd(),
            "function_name": context.function_name,
            "request_id": context.aws_request_id,
            "arn": context.invoked_function_arn,
            "remaining_ms": context.get_remaining_time_in_millis(),
        }
    return {"greeting": "hello " + str(event.get("name")), "event": event, "n": 42}
`

const plainZip = packageApp('plain-fn', 'plain', 'from handler import handler', { 'handler.py': HANDLER })

test('a plain handler with --event FILE: stdout is exactly what it returned, pretty; its print() goes to stderr', () => {
  const event = { name: 'world', list: [1, 2], nested: { ok: true } }
  const run = invoke([plainZip, '--event', eventFile('world', event)])
  assert.equal(run.code, 0, run.stderr)
  assert.equal(run.stdout, `${JSON.stringify({ greeting: 'hello world', event, n: 42 }, null, 2)}\n`)
  assert.match(run.stderr, /printed by the handler/)
  assert.doesNotMatch(run.stdout, /printed by the handler/)
  // Lambda's own lines around the function's, as CloudWatch shows them.
  const lines = run.stderr.split('\n')
  const start = lines.findIndex(l => /^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/.test(l))
  const printed = lines.findIndex(l => l.includes('printed by the handler'))
  const end = lines.findIndex(l => /^END RequestId: [0-9a-f-]{36}$/.test(l))
  const report = /^REPORT RequestId: ([0-9a-f-]{36})\tDuration: (\d+\.\d\d) ms\tBilled Duration: (\d+) ms\tMemory Size: 128 MB\tMax Memory Used: (\d+) MB\tInit Duration: (\d+\.\d\d) ms$/.exec(lines[end + 1] ?? '')
  assert.ok(start >= 0 && start < printed && printed < end && report, run.stderr)
  assert.equal(report[1], lines[start].split(' ')[2], 'one request id')
  assert.equal(Number(report[3]), Math.max(1, Math.ceil(Number(report[2]))))
  assert.ok(Number(report[4]) >= 5 && Number(report[4]) < 500, `max memory ${report[4]} MB`)
  assert.ok(Number(report[5]) > 0)
  assertTempClean()
})

test('the function runs as on Lambda: awslambdaric, task root first on sys.path, no site-packages, Lambda variables, none of the caller\'s', () => {
  const run = invoke([plainZip, '--event', '-'], { input: '{"inspect": true}', env: { PYTHONPATH: '/caller/pythonpath', CALLER_SECRET: 'leak' } })
  assert.equal(run.code, 0, run.stderr)
  const seen = JSON.parse(run.stdout)
  const env = seen.env as Record<string, string>
  assert.equal(seen.awslambdaric, true)
  assert.equal(seen.sys_path[0], env.LAMBDA_TASK_ROOT)
  assert.match(seen.sys_path[1], /[/\\]ric[/\\][^/\\]+-py3\.\d+$/)
  assert.ok(seen.sys_path[1].startsWith(cacheDir), seen.sys_path[1])
  assert.equal(seen.site_imported, false)
  assert.ok(!seen.sys_path.some((p: string) => /site-packages|caller/.test(p)), seen.sys_path.join(' '))
  assert.equal(seen.cwd, env.LAMBDA_TASK_ROOT)
  assert.ok(env.LAMBDA_TASK_ROOT.startsWith(path.join(cacheDir, 'tasks') + path.sep), 'extracted once into the cache')
  assert.ok(existsSync(path.join(env.LAMBDA_TASK_ROOT, 'handler.py')), 'and kept for the next run')
  assert.equal(env.PYTHONPATH, undefined)
  assert.equal(env.CALLER_SECRET, undefined)
  assert.match(env.AWS_LAMBDA_RUNTIME_API, /^127\.0\.0\.1:\d+$/)
  assert.equal(env._HANDLER, 'index.handler')
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'plain-fn')
  assert.equal(env.AWS_LAMBDA_FUNCTION_VERSION, '$LATEST')
  assert.equal(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, '128')
  assert.equal(env.AWS_LAMBDA_LOG_GROUP_NAME, '/aws/lambda/plain-fn')
  assert.match(env.AWS_LAMBDA_LOG_STREAM_NAME, /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/)
  assert.equal(env.AWS_REGION, 'us-east-1')
  assert.equal(env.AWS_DEFAULT_REGION, 'us-east-1')
  assert.equal(env.TZ, ':UTC')
  assert.equal(env.LANG, 'en_US.UTF-8')
  assert.match(env._X_AMZN_TRACE_ID, /^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/)
  assert.equal(seen.function_name, 'plain-fn')
  assert.match(seen.request_id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  assert.equal(seen.arn, 'arn:aws:lambda:us-east-1:123456789012:function:plain-fn')
  assert.ok(seen.remaining_ms > 20_000 && seen.remaining_ms <= 30_000, `remaining ${seen.remaining_ms} ms of the default 30 s`)
  assertTempClean()
})

test('--env gives the function its variables (Lambda\'s own win, as on Lambda); --handler calls another handler than the shim', () => {
  const run = invoke([plainZip, '--event', '-', '--env', 'GREETING=hi there', '--env', 'EMPTY=', '--env', 'WITH_EQUALS=a=b', '--env', 'AWS_LAMBDA_FUNCTION_NAME=mine'], { input: '{"inspect": true}' })
  assert.equal(run.code, 0, run.stderr)
  const env = JSON.parse(run.stdout).env as Record<string, string>
  assert.equal(env.GREETING, 'hi there')
  assert.equal(env.EMPTY, '')
  assert.equal(env.WITH_EQUALS, 'a=b')
  assert.equal(env.AWS_LAMBDA_FUNCTION_NAME, 'plain-fn')
  assert.equal(env._HANDLER, 'index.handler')
  const direct = invoke([plainZip, '--event', '-', '--handler', 'handler.handler'], { input: '{"inspect": true}' })
  assert.equal(direct.code, 0, direct.stderr)
  assert.equal(JSON.parse(direct.stdout).env._HANDLER, 'handler.handler')
  const missing = invoke([plainZip, '--event', '-', '--handler', 'handler.nothing'], { input: '{}' })
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /failed during init with Runtime\.HandlerNotFound/)
  assertTempClean()
})

test('the quick form builds an HTTP API payload 2.0 event', () => {
  const before = Date.now()
  const run = invoke([
    plainZip, '--method', 'post', '--path', '/items/7', '--query', 'a=1&a=2&b=x%20y', '--header', 'X-Test: yes',
    '--header', 'Cookie: s=1; t=2', '--cookie', 'c=d', '--body', '{"x":1}'
  ])
  assert.equal(run.code, 0, run.stderr)
  const event = JSON.parse(run.stdout).event
  assert.equal(event.version, '2.0')
  assert.equal(event.routeKey, '$default')
  assert.equal(event.rawPath, '/items/7')
  assert.equal(event.rawQueryString, 'a=1&a=2&b=x%20y')
  assert.deepEqual(event.queryStringParameters, { a: '1,2', b: 'x y' })
  assert.deepEqual(event.cookies, ['s=1', 't=2', 'c=d'])
  assert.equal(event.headers['x-test'], 'yes')
  assert.equal(event.headers.cookie, undefined, 'cookies move to the cookies list')
  assert.equal(event.headers['content-length'], '7')
  assert.equal(event.headers['x-forwarded-proto'], 'https')
  assert.ok(Object.keys(event.headers).every(k => k === k.toLowerCase()), Object.keys(event.headers).join(' '))
  assert.equal(event.headers.host, event.requestContext.domainName)
  assert.match(event.headers.host, /\.execute-api\.us-east-1\.amazonaws\.com$/)
  const rc = event.requestContext
  assert.deepEqual({ ...rc.http, userAgent: undefined }, { method: 'POST', path: '/items/7', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: undefined })
  assert.equal(rc.stage, '$default')
  assert.equal(rc.routeKey, '$default')
  assert.match(rc.requestId, /^\S{8,}$/)
  assert.match(rc.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/)
  assert.ok(rc.timeEpoch >= before - 1000 && rc.timeEpoch <= Date.now(), String(rc.timeEpoch))
  assert.equal(event.body, '{"x":1}')
  assert.equal(event.isBase64Encoded, false)
})

test('a Flask app with the quick form answers in the v2 envelope, and saw method, path, args, header, cookie and body', () => {
  const zip = packageApp('flask-fn', 'flask', 'from webapp import app', {
    'requirements.txt': 'flask>=3,<4\n',
    'webapp.py': [
      'from flask import Flask, jsonify, request',
      '',
      'app = Flask(__name__)',
      '',
      '',
      '@app.route("/echo", methods=["GET", "POST"])',
      'def echo():',
      '    return jsonify(method=request.method, path=request.path, args=request.args.to_dict(flat=False),',
      '                   header=request.headers.get("X-Test"), cookies=request.cookies.to_dict(),',
      '                   body=request.get_data(as_text=True), scheme=request.scheme)',
      ''
    ].join('\n')
  })
  const run = invoke([zip, '--method', 'POST', '--path', '/echo', '--query', 'a=1&a=2', '--header', 'X-Test: yes', '--cookie', 'c=d', '--body', '{"x":1}'])
  assert.equal(run.code, 0, run.stderr)
  const envelope = JSON.parse(run.stdout)
  assert.equal(envelope.statusCode, 200)
  assert.equal(envelope.isBase64Encoded, false)
  const contentType = Object.entries(envelope.headers as Record<string, string>).find(([k]) => k.toLowerCase() === 'content-type')?.[1]
  assert.equal(contentType, 'application/json')
  assert.deepEqual(JSON.parse(envelope.body), {
    method: 'POST',
    path: '/echo',
    args: { a: ['1', '2'] },
    header: 'yes',
    cookies: { c: 'd' },
    body: '{"x":1}',
    scheme: 'https'
  })
  assertTempClean()
})

test('a handler that raises: exit 1, the error type, message and traceback on stderr, nothing on stdout', () => {
  const run = invoke([plainZip, '--event', eventFile('raise', { raise: 'bad input' })])
  assert.equal(run.code, 1)
  assert.equal(run.stdout, '')
  assert.match(run.stderr, /^spindrift: the function failed with ValueError: boom: bad input$/m)
  assert.match(run.stderr, /^Traceback \(most recent call last\):\n(.*\n)*\s+File ".*handler\.py", line \d+, in handler\n\s+raise ValueError/m)
  assertTempClean()
})

test('a module that raises at import: the init error is reported, exit 1', () => {
  const zip = packageApp('broken-fn', 'plain', 'from broken import handler', {
    'broken.py': 'raise RuntimeError("cannot start: no config")\n\n\ndef handler(event, context):\n    return 1\n'
  })
  const run = invoke([zip, '--event', eventFile('empty', {})])
  assert.equal(run.code, 1)
  assert.equal(run.stdout, '')
  assert.match(run.stderr, /^spindrift: the function failed during init with RuntimeError: cannot start: no config$/m)
  assert.match(run.stderr, /File ".*broken\.py", line 1, in <module>/)
  assertTempClean()
})

test('--timeout: a handler that runs too long is stopped, with what it started, and reported as timed out', () => {
  // A folder anyone may write to: the function runs as an unprivileged user when the tests run as root.
  const pidsDir = path.join(work, 'pids')
  mkdirSync(pidsDir)
  chmodSync(pidsDir, 0o777)
  const pids = path.join(pidsDir, 'pids.json')
  const started = Date.now()
  const run = invoke([plainZip, '--event', eventFile('sleep', { sleep: 30, pids }), '--timeout', '1'])
  assert.equal(run.code, 1, run.stderr)
  assert.ok(Date.now() - started < 15_000, 'did not wait for the handler')
  assert.equal(run.stdout, '')
  assert.match(run.stderr, /^spindrift: the function failed with Sandbox\.Timedout: RequestId: \S+ Error: Task timed out after 1\.00 seconds$/m)
  const [runtimePid, childPid] = JSON.parse(readFileSync(pids, 'utf8')) as number[]
  assert.equal(alive(runtimePid), false, 'the runtime is stopped')
  assert.equal(alive(childPid), false, 'what the function started is stopped')
  assertTempClean()
})

const notZip = path.join(work, 'notes.zip')
writeFileSync(notZip, 'just text\n')
const badJson = path.join(work, 'bad.json')
writeFileSync(badJson, '{"a": 1,}')

const badInputs: { name: string; args: () => string[]; input?: string; code: number; message: RegExp }[] = [
  { name: 'missing zip', args: () => [path.join(work, 'nowhere.zip'), '--event', eventFile('ok', {})], code: 1, message: /Zip file .*nowhere\.zip does not exist; give the path of a zip written by spindrift package\./ },
  { name: 'not a zip', args: () => [notZip, '--event', eventFile('ok', {})], code: 1, message: /notes\.zip is not a zip file \(.*\); give the path of a zip written by spindrift package\./ },
  { name: 'invalid JSON event', args: () => [plainZip, '--event', badJson], code: 1, message: /Event file .*bad\.json is not valid JSON \(.*\); fix it/ },
  { name: 'missing event file', args: () => [plainZip, '--event', path.join(work, 'none.json')], code: 1, message: /Event file .*none\.json cannot be read \(ENOENT\); check the path given to --event\./ },
  { name: 'empty event on stdin', args: () => [plainZip, '--event', '-'], input: '', code: 1, message: /The event read from stdin is not valid JSON \(it is empty\)/ },
  { name: 'both --event and --method', args: () => [plainZip, '--event', badJson, '--method', 'GET'], code: 2, message: /--event and --method cannot be used together/ },
  { name: 'no event at all', args: () => [plainZip], code: 2, message: /give the event with --event FILE/ },
  { name: 'no zip', args: () => ['--event', badJson], code: 2, message: /give the zip to invoke/ },
  { name: 'unknown option', args: () => [plainZip, '--evnt', badJson], code: 2, message: /unknown option --evnt; did you mean --event\?/ },
  { name: 'timeout that is not a number', args: () => [plainZip, '--path', '/', '--timeout', 'soon'], code: 2, message: /--timeout "soon" is not a positive number of seconds/ },
  { name: '--env without =', args: () => [plainZip, '--path', '/', '--env', 'GREETING'], code: 2, message: /--env "GREETING" is not NAME=VALUE/ },
  { name: '--env with a bad name', args: () => [plainZip, '--path', '/', '--env', '1X=2'], code: 2, message: /--env "1X=2" is not NAME=VALUE/ },
  { name: '--handler without a function', args: () => [plainZip, '--path', '/', '--handler', 'index'], code: 2, message: /--handler "index" is not a Lambda handler setting like index\.handler/ },
  { name: 'path without a leading slash', args: () => [plainZip, '--path', 'hello'], code: 2, message: /--path "hello" must start with "\/"/ }
]

for (const c of badInputs) {
  test(`bad input: ${c.name} → exit ${c.code}, one sentence`, () => {
    const run = invoke(c.args(), { input: c.input })
    assert.equal(run.code, c.code, run.stderr)
    assert.equal(run.stdout, '')
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr)
    assert.match(run.stderr, /^spindrift: /)
    assert.match(run.stderr, c.message)
    assert.doesNotMatch(run.stderr, /^\s+at .*:\d+:\d+\)?$/m, 'no stack trace')
  })
}

test('awslambdaric is installed once into the cache and reused: the second run never calls pip', () => {
  const cache = path.join(work, 'reuse-cache')
  const event = eventFile('reuse', { name: 'again' })
  const first = invoke([plainZip, '--event', event], { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(first.code, 0, first.stderr)
  assert.match(first.stderr, /Installing awslambdaric \d+\.\d+\.\d+ for Python 3\.\d+/)
  const entries = readdirSync(path.join(cache, 'ric'))
  assert.equal(entries.length, 1, `one folder, no temp leftovers: ${entries.join(' ')}`)
  assert.match(entries[0], /^\d+\.\d+\.\d+-py3\.\d+$/)
  const folder = path.join(cache, 'ric', entries[0])
  const inode = statSync(folder).ino

  const second = invoke([plainZip, '--event', event, '--python', pythonThatRefusesPip()], { env: { SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(second.code, 0, second.stderr)
  assert.doesNotMatch(second.stderr, /Installing awslambdaric/)
  assert.equal(second.stdout, first.stdout)
  assert.equal(statSync(folder).ino, inode, 'the same folder, not a new install')
  assert.deepEqual(readdirSync(path.join(cache, 'ric')), entries)
  assertTempClean()
})
