// `spindrift serve` through real HTTP requests on 127.0.0.1: a Flask app packaged by the CLI (flask from the
// real PyPI) behind every event source, and a plain handler that times out then answers again.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { test } from 'node:test'
import { CLI, ROOT, runCli, tempDir, writeTree } from './helpers/run.js'

const work = tempDir('spindrift-serve-test-')
const cacheDir = path.join(work, 'cache')
/** TMPDIR of every serve: empty again once it stopped. */
const tmp = path.join(work, 'tmp')
mkdirSync(tmp)

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z'
  } catch {
    return false
  }
}

function packageApp(name: string, type: 'plain' | 'flask', entry: string, files: Record<string, string>, extra: string[] = []): string {
  const dir = path.join(work, 'apps', name)
  writeTree(dir, files)
  const out = path.join(work, `${name}.zip`)
  const run = runCli(['package', '--package-path', dir, '--package-type', type, '--package-entry', entry, '--package-runtime', 'python3.11', '--output-path', out, ...extra], {
    env: { SPINDRIFT_CACHE_DIR: cacheDir }
  })
  assert.equal(run.code, 0, run.stderr)
  return out
}

const FLASK_APP = `import base64
from flask import Flask, jsonify, make_response, redirect, request

app = Flask(__name__)
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


@app.route("/echo", methods=["GET", "POST"])
def echo():
    return jsonify(method=request.method, path=request.path, script_root=request.script_root,
                   args=request.args.to_dict(flat=False), cookies=request.cookies.to_dict(),
                   header=request.headers.get("X-Test"), body=request.get_data(as_text=True))


@app.route("/cookies")
def cookies():
    response = make_response("two cookies")
    response.set_cookie("a", "1")
    response.set_cookie("b", "2", httponly=True)
    return response


@app.route("/image.png")
def image():
    return app.response_class(PNG, mimetype="image/png")


@app.route("/upload", methods=["POST"])
def upload():
    data = request.get_data()
    return app.response_class(bytes(reversed(data)), mimetype="application/octet-stream")


@app.route("/go")
def go():
    return redirect("/echo?from=go")


@app.route("/boom")
def boom():
    raise RuntimeError("the app raised")
`

const flaskZip = packageApp('flask-serve', 'flask', 'from webapp import app', { 'requirements.txt': 'flask>=3,<4\n', 'webapp.py': FLASK_APP })

interface Served {
  url: string
  child: ChildProcess
  stderr: () => string
}

/** Start `spindrift serve` on a free port; resolves once it says where it listens. */
function serve(zip: string, args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', zip, '--port', '0', ...args], {
    cwd: ROOT,
    env: { ...process.env, SPINDRIFT_CACHE_DIR: cacheDir, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
      const found = / on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)
      if (found) resolve({ url: found[1], child, stderr: () => stderr })
    })
    child.once('exit', code => reject(new Error(`serve exited with ${code}: ${stderr}`)))
  })
}

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

/** The server's log says it (stderr is a pipe: it may arrive just after the HTTP answer). */
async function logged(served: Served, pattern: RegExp): Promise<void> {
  for (let waited = 0; !pattern.test(served.stderr()) && waited < 5000; waited += 50) await new Promise(resolve => setTimeout(resolve, 50))
  assert.match(served.stderr(), pattern)
}

function stop(served: Served): Promise<number | null> {
  return new Promise(resolve => {
    served.child.once('exit', code => resolve(code))
    served.child.kill('SIGINT')
  })
}

const SOURCES = ['http-v2', 'rest', 'http-v1', 'function-url', 'alb', 'alb-multi'] as const

for (const source of SOURCES) {
  test(`serve --source ${source}: query keys, cookies both ways, binary both ways, redirect, 404, an app that raises`, async () => {
    const served = await serve(flaskZip, ['--source', source])
    try {
      const echo = await request(`${served.url}/echo?a=1&a=2&b=x%20y`, { headers: { 'X-Test': 'yes', Cookie: 's=1; t=2' } })
      assert.equal(echo.status, 200, echo.body.toString())
      assert.match(String(echo.headers['content-type']), /^application\/json/)
      const seen = JSON.parse(echo.body.toString())
      // Without multi-value headers, an ALB keeps only the last value of a repeated query key.
      assert.deepEqual(seen.args, source === 'alb' ? { a: ['2'], b: ['x y'] } : { a: ['1', '2'], b: ['x y'] })
      assert.deepEqual(seen.cookies, { s: '1', t: '2' })
      assert.equal(seen.header, 'yes')
      assert.equal(seen.method, 'GET')
      assert.equal(seen.path, '/echo')

      const posted = await request(`${served.url}/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n": 1}' })
      assert.equal(JSON.parse(posted.body.toString()).body, '{"n": 1}')

      const cookies = await request(`${served.url}/cookies`)
      assert.equal(cookies.status, 200)
      const setCookie = cookies.headers['set-cookie'] ?? []
      // An ALB without multi-value headers sends only the last Set-Cookie (the shim warns about it).
      if (source === 'alb') assert.deepEqual(setCookie.map(c => c.split(';')[0]), ['b=2'])
      else assert.deepEqual(setCookie.map(c => c.split(';')[0]), ['a=1', 'b=2'])

      const image = await request(`${served.url}/image.png`)
      assert.equal(image.status, 200)
      assert.equal(image.headers['content-type'], 'image/png')
      assert.equal(image.body.subarray(0, 8).toString('hex'), '89504e470d0a1a0a')
      assert.equal(image.body.length, 70)

      const bytes = Buffer.from([0, 1, 2, 255, 254, 0x80])
      const upload = await request(`${served.url}/upload`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: bytes })
      assert.equal(upload.status, 200)
      assert.deepEqual([...upload.body], [...bytes].reverse())

      const redirect = await request(`${served.url}/go`)
      assert.equal(redirect.status, 302)
      assert.equal(redirect.headers.location, '/echo?from=go')

      const missing = await request(`${served.url}/nothing-here`)
      assert.equal(missing.status, 404)
      assert.match(missing.body.toString(), /Not Found/)

      const boom = await request(`${served.url}/boom`)
      assert.equal(boom.status, 500)
      await logged(served, /RuntimeError: the app raised/)

      // One warm function: one init for all these requests, and a START/END/REPORT per request.
      await logged(served, /(^REPORT RequestId: .*\n(.*\n)*){8}/m)
      const starts = served.stderr().match(/^START RequestId: /gm) ?? []
      const reports = served.stderr().match(/^REPORT RequestId: .*$/gm) ?? []
      assert.equal(starts.length, 8)
      assert.equal(reports.length, 8)
      assert.equal(reports.filter(r => r.includes('Init Duration')).length, 1, reports.join('\n'))
    } finally {
      assert.equal(await stop(served), 130, 'Ctrl-C stops it, with the shell\'s code for an interrupt')
    }
  })
}

test('serve --stage: URLs carry the stage (the app sees it as its script root), others are Forbidden; --base-path maps one prefix', async () => {
  const rest = await serve(flaskZip, ['--source', 'rest', '--stage', 'prod'])
  try {
    const echo = await request(`${rest.url}/prod/echo`)
    assert.equal(echo.status, 200)
    const seen = JSON.parse(echo.body.toString())
    assert.equal(seen.path, '/echo')
    assert.equal(seen.script_root, '/prod')
    const outside = await request(`${rest.url}/echo`)
    assert.equal(outside.status, 403)
    assert.deepEqual(JSON.parse(outside.body.toString()), { message: 'Forbidden' })
  } finally {
    await stop(rest)
  }
  const mappedZip = packageApp('flask-mapped', 'flask', 'from webapp import app', { 'requirements.txt': 'flask>=3,<4\n', 'webapp.py': FLASK_APP }, ['--package-base-path', '/api'])
  const mapped = await serve(mappedZip, ['--base-path', '/api'])
  try {
    const outside = await request(`${mapped.url}/echo`)
    assert.equal(outside.status, 404)
    assert.deepEqual(JSON.parse(outside.body.toString()), { message: 'Not Found' }, 'API Gateway answers, not the app')
    assert.doesNotMatch(mapped.stderr(), /^START RequestId: /m)
    // The event keeps the full path, as a custom domain sends it; the app's package.base-path moves /api into its script root.
    const inside = await request(`${mapped.url}/api/echo`)
    assert.equal(inside.status, 200)
    const seen = JSON.parse(inside.body.toString())
    assert.equal(seen.path, '/echo')
    assert.equal(seen.script_root, '/api')
  } finally {
    await stop(mapped)
  }
})

const SLOW = `import os, time

COUNT = {"inits": 0}
COUNT["inits"] += 1


def handler(event, context):
    if event.get("rawPath") == "/slow":
        time.sleep(30)
    if event.get("rawPath") == "/crash":
        os._exit(3)
    return {"statusCode": 200, "headers": {"content-type": "text/plain"}, "body": "pid %d" % os.getpid()}
`

test('serve: a function that times out answers 503, and the next request gets a fresh environment; a crash too; concurrent requests queue', async () => {
  const zip = packageApp('slow-serve', 'plain', 'from handler import handler', { 'handler.py': SLOW })
  const served = await serve(zip, ['--timeout', '1'])
  let lastPid = ''
  try {
    const first = await request(`${served.url}/`)
    assert.equal(first.status, 200)
    const pid = first.body.toString()
    assert.equal((await request(`${served.url}/`)).body.toString(), pid, 'warm: the same process')

    // Three at once: answered one after the other by the one process.
    const together = await Promise.all([1, 2, 3].map(() => request(`${served.url}/`)))
    assert.deepEqual(together.map(a => a.body.toString()), [pid, pid, pid])

    const slow = await request(`${served.url}/slow`)
    assert.equal(slow.status, 503)
    assert.deepEqual(JSON.parse(slow.body.toString()), { message: 'Service Unavailable' })
    await logged(served, /Task timed out after 1\.00 seconds/)
    const after = await request(`${served.url}/`)
    assert.equal(after.status, 200)
    assert.notEqual(after.body.toString(), pid, 'a fresh environment after the timeout')

    const crash = await request(`${served.url}/crash`)
    assert.equal(crash.status, 502)
    await logged(served, /Runtime exited with error: exit status 3/)
    const again = await request(`${served.url}/`)
    assert.equal(again.status, 200)
    assert.notEqual(again.body.toString(), after.body.toString())
    lastPid = again.body.toString()
  } finally {
    assert.equal(await stop(served), 130)
  }
  // Stopped cleanly: the runtime is gone, and so is the function's folder (its scratch space).
  assert.equal(alive(Number(lastPid.replace('pid ', ''))), false, 'the runtime is stopped')
  assert.deepEqual(readdirSync(tmp), [])
})

test('serve: bad command lines are one sentence, exit 2', () => {
  for (const [args, message] of [
    [['--source', 'sqs'], /--source "sqs" is not one of rest, http-v2, http-v1, function-url, alb, alb-multi/],
    [['--port', 'x'], /--port "x" is not a TCP port/],
    [['--source', 'alb', '--stage', 'prod'], /--stage belongs to API Gateway, and --source alb has no stages/],
    [['--prot', '3'], /unknown option --prot; did you mean --port\?/]
  ] as const) {
    const run = runCli(['serve', flaskZip, ...args])
    assert.equal(run.code, 2, run.stderr)
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr)
    assert.match(run.stderr, message)
  }
})

test('serveZip from the library: a server on a free port, answers, and close() stops the function', async () => {
  const { serveZip } = await import(path.join(ROOT, 'dist', 'lib.js'))
  const lines: string[] = []
  const logs: string[] = []
  const server = await serveZip({ zip: flaskZip, port: 0, source: 'rest', cacheDir, onRequest: (line: string) => lines.push(line), onLog: (text: string) => logs.push(text) })
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    const echo = await request(`${server.url}/echo?a=1&a=2`)
    assert.equal(echo.status, 200)
    assert.deepEqual(JSON.parse(echo.body.toString()).args, { a: ['1', '2'] })
    assert.deepEqual(lines.map(l => l.replace(/\d+ ms$/, 'N ms')), ['GET /echo?a=1&a=2 200 N ms'])
    assert.match(logs.join(''), /^START RequestId: .*\nEND RequestId: .*\nREPORT RequestId: /m)
  } finally {
    await server.close()
  }
  await assert.rejects(request(`${server.url}/echo`), /ECONNREFUSED/)
})
