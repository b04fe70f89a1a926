// ASGI end to end with the real package index: FastAPI, Starlette and Quart apps packaged by the CLI
// (dist/cli.js) and run through `spindrift invoke` (the real awslambdaric) for every HTTP source; FastAPI on
// every Python 3.10+ this machine has (pyenv), skipped with a message where one is missing.
import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { SOURCES, bodyText, header, invokeEvent, setCookies, type Envelope } from './helpers/httpsources.js'
import { runCli, tempDir, writeTree } from './helpers/run.js'

const work = tempDir('spindrift-asgi-test-')
const cacheEnv = { SPINDRIFT_CACHE_DIR: path.join(work, 'cache') }

// One app per framework, the same routes: /echo (what the app saw), /pixel.png, /cookies, /stream, /bg.
const FASTAPI = `import asyncio, contextlib, os
from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import Response, StreamingResponse

started = []


@contextlib.asynccontextmanager
async def lifespan(app):
    started.append(asyncio.get_running_loop())
    yield


app = FastAPI(lifespan=lifespan)


@app.api_route("/echo", methods=["GET", "POST", "PUT"])
async def echo(request: Request):
    return {
        "framework": "fastapi", "method": request.method, "path": request.url.path, "root_path": request.scope["root_path"],
        "route": request.scope["route"].path, "args": {k: request.query_params.getlist(k) for k in request.query_params},
        "header": request.headers.get("x-test"), "cookies": dict(request.cookies), "body": (await request.body()).decode(),
        "client": request.client.host if request.client else None, "scheme": request.url.scheme, "host": request.url.hostname,
        "lifespan": len(started), "same_loop": started[0] is asyncio.get_running_loop(),
    }


@app.get("/pixel.png")
async def pixel():
    return Response(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00", media_type="image/png")


@app.get("/cookies")
async def cookies():
    response = Response("set")
    response.set_cookie("a", "1")
    response.set_cookie("b", "2")
    return response


@app.get("/stream")
async def stream():
    async def parts():
        for part in ("one ", "two ", "three"):
            await asyncio.sleep(0.01)
            yield part
    return StreamingResponse(parts(), media_type="text/plain")


@app.get("/bg")
async def bg(marker: str, tasks: BackgroundTasks):
    async def later():
        await asyncio.sleep(0.3)
        open(marker, "w").write("done")
    tasks.add_task(later)
    return {"queued": True}
`

const STARLETTE = `import asyncio, contextlib
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

started = []


@contextlib.asynccontextmanager
async def lifespan(app):
    started.append(asyncio.get_running_loop())
    yield {"greeting": "hello from lifespan state"}


async def echo(request):
    return JSONResponse({
        "framework": "starlette", "method": request.method, "path": request.url.path, "root_path": request.scope["root_path"],
        "route": "/echo", "args": {k: request.query_params.getlist(k) for k in request.query_params},
        "header": request.headers.get("x-test"), "cookies": dict(request.cookies), "body": (await request.body()).decode(),
        "client": request.client.host if request.client else None, "scheme": request.url.scheme, "host": request.url.hostname,
        "lifespan": len(started), "same_loop": started[0] is asyncio.get_running_loop(), "state": request.state.greeting,
    })


async def pixel(request):
    return Response(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00", media_type="image/png")


async def cookies(request):
    response = Response("set")
    response.set_cookie("a", "1")
    response.set_cookie("b", "2")
    return response


async def stream(request):
    async def parts():
        for part in ("one ", "two ", "three"):
            await asyncio.sleep(0.01)
            yield part
    return StreamingResponse(parts(), media_type="text/plain")


async def bg(request):
    marker = request.query_params["marker"]

    async def later():
        await asyncio.sleep(0.3)
        open(marker, "w").write("done")
    return JSONResponse({"queued": True}, background=BackgroundTask(later))


app = Starlette(lifespan=lifespan, routes=[
    Route("/echo", echo, methods=["GET", "POST", "PUT"]), Route("/pixel.png", pixel), Route("/cookies", cookies),
    Route("/stream", stream), Route("/bg", bg),
])
`

const QUART = `import asyncio
from quart import Quart, Response, request

started = []


def create_app():
    app = Quart(__name__)

    @app.before_serving
    async def startup():
        started.append(asyncio.get_running_loop())

    @app.route("/echo", methods=["GET", "POST", "PUT"])
    async def echo():
        return {
            "framework": "quart", "method": request.method, "path": request.path, "root_path": request.root_path,
            "route": request.url_rule.rule, "args": request.args.to_dict(flat=False),
            "header": request.headers.get("x-test"), "cookies": dict(request.cookies), "body": (await request.get_data()).decode(),
            "client": request.remote_addr, "scheme": request.scheme, "host": request.host.split(":")[0],
            "lifespan": len(started), "same_loop": bool(started) and started[0] is asyncio.get_running_loop(),
        }

    @app.route("/pixel.png")
    async def pixel():
        return Response(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00", mimetype="image/png")

    @app.route("/cookies")
    async def cookies():
        response = Response("set")
        response.set_cookie("a", "1")
        response.set_cookie("b", "2")
        return response

    @app.route("/stream")
    async def stream():
        async def parts():
            for part in (b"one ", b"two ", b"three"):
                await asyncio.sleep(0.01)
                yield part
        return parts(), 200, {"Content-Type": "text/plain"}

    @app.route("/bg")
    async def bg():
        marker = request.args["marker"]

        async def later():
            await asyncio.sleep(0.3)
            open(marker, "w").write("done")
        app.add_background_task(later)
        return {"queued": True}

    return app
`

const LITESTAR = `import asyncio
from litestar import Litestar, Request, route

started = []


async def on_startup(app):
    started.append(asyncio.get_running_loop())


@route("/echo", http_method=["GET", "POST", "PUT"], status_code=200)
async def echo(request: Request) -> dict:
    return {
        "framework": "litestar", "method": request.method, "path": request.url.path, "root_path": request.scope["root_path"],
        "route": "/echo", "args": {k: request.query_params.getall(k) for k in request.query_params},
        "header": request.headers.get("x-test"), "cookies": dict(request.cookies), "body": (await request.body()).decode(),
        "client": request.client.host if request.client else None, "scheme": request.url.scheme, "host": request.url.hostname,
        "lifespan": len(started), "same_loop": started[0] is asyncio.get_running_loop(),
    }


app = Litestar([echo], on_startup=[on_startup])
`

function packageApp(name: string, files: Record<string, string>, args: string[], python = 'python3', runtime = 'python3.11') {
  const dir = path.join(work, 'apps', name)
  writeTree(dir, files)
  const out = path.join(work, `${name}.zip`)
  const run = runCli(['package', '--package-path', dir, '--package-runtime', runtime, '--package-python', python, '--output-path', out, ...args], { env: cacheEnv })
  return { run, out }
}

function invoke(zip: string, event: unknown, python = 'python3'): Envelope {
  return invokeEvent(zip, event, { work, env: cacheEnv, python })
}

/** Every route of one packaged app through every source. */
function serveEverySource(zip: string, framework: string, python = 'python3', extra: (seen: Record<string, unknown>) => void = () => {}, everyRoute = true) {
  for (const source of SOURCES) {
    const echo = invoke(zip, source.event({ method: 'POST', path: '/echo', query: [['a', '1'], ['a', '2 3']], body: '{"x":1}' }), python)
    assert.equal(echo.statusCode, 200, `${source.label}: ${echo.body}`)
    const seen = JSON.parse(bodyText(echo)) as Record<string, unknown>
    assert.equal(seen.framework, framework)
    assert.deepEqual(
      [seen.method, seen.root_path, seen.route, seen.args, seen.header, seen.cookies, seen.body, seen.client, seen.scheme, seen.lifespan, seen.same_loop],
      ['POST', source.root, '/echo', { a: source.singleQuery ? ['2 3'] : ['1', '2 3'] }, 'yes', { c: 'd' }, '{"x":1}', '198.51.100.7', 'https', 1, true],
      source.label
    )
    assert.equal(seen.path, framework === 'quart' ? '/echo' : `${source.root}/echo`, `${source.label}: path`)
    extra(seen)
    if (!everyRoute) continue

    const pixel = invoke(zip, source.event({ method: 'GET', path: '/pixel.png', query: [] }), python)
    assert.equal(pixel.isBase64Encoded, true, source.label)
    assert.deepEqual(Buffer.from(pixel.body, 'base64'), Buffer.from('89504e470d0a1a0a0000', 'hex'))
    assert.equal(header(pixel, 'content-type'), 'image/png')
    if (source.label.startsWith('ALB')) assert.equal(pixel.statusDescription, '200 OK')

    const cookies = invoke(zip, source.event({ method: 'GET', path: '/cookies', query: [] }), python)
    const set = setCookies(cookies, source.cookies).map(c => c.split(';')[0])
    assert.deepEqual(set, source.cookies === 'single' ? ['b=2'] : ['a=1', 'b=2'], source.label)

    const stream = invoke(zip, source.event({ method: 'GET', path: '/stream', query: [] }), python)
    assert.equal(stream.body, 'one two three', source.label)
  }
  if (!everyRoute) return
  // The function runs as an unprivileged user under spindrift invoke (as on Lambda): give it a folder it may write.
  const markers = path.join(work, 'markers')
  mkdirSync(markers, { recursive: true })
  chmodSync(markers, 0o777)
  const marker = path.join(markers, `bg-${framework}-${path.basename(zip)}`)
  const bg = invoke(zip, SOURCES[2].event({ method: 'GET', path: '/bg', query: [['marker', marker]] }), python)
  assert.equal(bg.statusCode, 200, bg.body)
  assert.equal(readFileSync(marker, 'utf8'), 'done', 'the background task finished before the response was returned')
}

test('FastAPI, package.type left out: inferred as asgi; every HTTP source, binary, Set-Cookie, streaming, background tasks', () => {
  const { run, out } = packageApp('fastapi-app', { 'requirements.txt': 'fastapi>=0.110\n', 'fastapp.py': FASTAPI }, ['--package-entry', 'fastapp:app'])
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /package\.type is not set: package\.entry fastapp:app is an ASGI application \(FastAPI\), so the type is asgi; set package\.type to make that explicit\./)
  serveEverySource(out, 'fastapi')
})

test('Starlette, package.type asgi: lifespan state reaches each request; every HTTP source', () => {
  const { run, out } = packageApp('starlette-app', { 'requirements.txt': 'starlette>=0.37\n', 'starapp.py': STARLETTE }, ['--package-type', 'asgi', '--package-entry', 'from starapp import app', '--package-import-check'])
  assert.equal(run.code, 0, run.stderr)
  serveEverySource(out, 'starlette', 'python3', seen => assert.equal(seen.state, 'hello from lifespan state'))
})

test('Quart from an app factory (quartapp:create_app()), package.type asgi: before_serving runs once at init; every HTTP source', () => {
  const { run, out } = packageApp('quart-app', { 'requirements.txt': 'quart>=0.19\n', 'quartapp.py': QUART }, ['--package-type', 'asgi', '--package-entry', 'quartapp:create_app()'])
  assert.equal(run.code, 0, run.stderr)
  serveEverySource(out, 'quart')
})

test('Litestar, package.type left out: inferred as asgi (Litestar); /echo through every HTTP source', () => {
  const { run, out } = packageApp('litestar-app', { 'requirements.txt': 'litestar>=2\n', 'litapp.py': LITESTAR }, ['--package-entry', 'litapp:app'])
  assert.equal(run.code, 0, run.stderr)
  assert.match(run.stderr, /package\.entry litapp:app is an ASGI application \(Litestar\), so the type is asgi/)
  serveEverySource(out, 'litestar', 'python3', () => {}, false)
})

test('FastAPI packaged as wsgi: --package-import-check stops with one sentence naming the type; without the check, init fails with it', () => {
  const files = { 'requirements.txt': 'fastapi>=0.110\n', 'fastapp.py': FASTAPI }
  const checked = packageApp('fastapi-as-wsgi', files, ['--package-type', 'wsgi', '--package-entry', 'fastapp:app', '--package-import-check'])
  assert.equal(checked.run.code, 1)
  assert.match(checked.run.stderr, /The import check found that package\.entry fastapp:app is an ASGI application \(FastAPI\); set package\.type: asgi\.\n/)
  assert.equal(existsSync(checked.out), false, 'no zip is written')
  const unchecked = packageApp('fastapi-as-flask', files, ['--package-type', 'flask', '--package-entry', 'fastapp:app'])
  assert.equal(unchecked.run.code, 0, unchecked.run.stderr)
  const file = path.join(work, 'init-fail.json')
  writeTree(work, { 'init-fail.json': JSON.stringify(SOURCES[2].event({ method: 'GET', path: '/echo', query: [] })) })
  const run = runCli(['invoke', unchecked.out, '--event', file], { env: cacheEnv })
  assert.equal(run.code, 1)
  assert.match(run.stderr, /failed during init with EntryTypeError: spindrift: package\.entry fastapp:app is an ASGI application \(FastAPI\); set package\.type: asgi\./)
})

// FastAPI on each other Python 3.10+ that pyenv has here (the runtime matching it): inferred type, /echo through every source.
const PYENV = path.join(os.homedir(), '.pyenv', 'versions')
for (const minor of ['3.10', '3.12', '3.13']) {
  const version = existsSync(PYENV) ? readdirSync(PYENV).find(v => v.startsWith(minor + '.')) : undefined
  const python = version && path.join(PYENV, version, 'bin', `python${minor}`)
  test(`FastAPI on Python ${minor} (python${minor} runtime): every HTTP source`, t => {
    if (!python || !existsSync(python)) return t.skip(`Python ${minor} is not installed under ~/.pyenv/versions: skipped`)
    const { run, out } = packageApp(`fastapi-${minor}`, { 'requirements.txt': 'fastapi>=0.110\n', 'fastapp.py': FASTAPI }, ['--package-entry', 'fastapp:app'], python, `python${minor}`)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stderr, /so the type is asgi/)
    serveEverySource(out, 'fastapi', python, () => {}, false)
  })
}
