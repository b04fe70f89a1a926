// End to end with the real package index: the bundled examples packaged by the CLI and by the library from
// another Node project, extracted, and run in a clean Python 3.11 (no site-packages) as Lambda would.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { ROOT, SHARED_EVENTS, copyTree, extract, invokeExtracted, runCli, tempDir } from './helpers/run.js'

const work = tempDir()
const cacheEnv = { SPINDRIFT_CACHE_DIR: path.join(work, 'cache') }

function packageFlaskExample(): { dir: string; result: { path: string; cacheHit: boolean } } {
  const out = path.join(work, 'yourwebapp.zip')
  // The seed's settings file, with only the output moved; the example is copied so its tree stays clean.
  const project = path.join(work, 'flask-app')
  if (!existsSync(project)) copyTree(path.join(ROOT, 'examples', 'flask-app'), project)
  const run = runCli(['package', '--file', path.join(project, 'settings.spindrift'), '--output-path', out, '--json'], { env: cacheEnv })
  assert.equal(run.code, 0, run.stderr)
  return { dir: extract(out), result: JSON.parse(run.stdout) }
}

const flask = packageFlaskExample()

interface Envelope {
  statusCode: number
  body: string
  isBase64Encoded: boolean
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  cookies?: string[]
}

const restEvent = (method: string, pathWithStage: { stage: string; path: string }, query: Record<string, string[]>, body: string | null) => ({
  resource: '/{proxy+}',
  path: pathWithStage.path,
  httpMethod: method,
  headers: { Host: 'abc123.execute-api.eu-west-1.amazonaws.com', 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https' },
  multiValueHeaders: { Host: ['abc123.execute-api.eu-west-1.amazonaws.com'], 'Content-Type': ['application/json'], 'X-Forwarded-Proto': ['https'] },
  queryStringParameters: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.at(-1)])),
  multiValueQueryStringParameters: Object.keys(query).length ? query : null,
  requestContext: {
    stage: pathWithStage.stage,
    path: `/${pathWithStage.stage}${pathWithStage.path}`,
    httpMethod: method,
    identity: { sourceIp: '198.51.100.7' },
    domainName: 'abc123.execute-api.eu-west-1.amazonaws.com'
  },
  body,
  isBase64Encoded: false
})

const httpV2Event = (method: string, rawPath: string, rawQueryString: string, body: string | null, cookies?: string[]) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath,
  rawQueryString,
  cookies,
  headers: { host: 'xyz.execute-api.eu-west-1.amazonaws.com', 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
  requestContext: { domainName: 'xyz.execute-api.eu-west-1.amazonaws.com', stage: '$default', http: { method, path: rawPath, sourceIp: '203.0.113.9' } },
  body,
  isBase64Encoded: false
})

test('the Flask example: REST v1 GET with a stage answers in the multiValueHeaders envelope', () => {
  const response = invokeExtracted(flask.dir, restEvent('GET', { stage: 'prod', path: '/hello' }, { name: ['lambda'] }, null)) as Envelope
  assert.equal(response.statusCode, 200)
  assert.equal(response.body, 'Hello, lambda!\n')
  assert.equal(response.isBase64Encoded, false)
  assert.deepEqual(response.multiValueHeaders?.['Content-Type'], ['text/html; charset=utf-8'])
})

test('the Flask example: REST v1 POST with JSON, repeated query keys, stage as script root, two Set-Cookie', () => {
  const response = invokeExtracted(flask.dir, restEvent('POST', { stage: 'prod', path: '/things/42' }, { tag: ['a', 'b'] }, '{"x": 1}')) as Envelope
  assert.equal(response.statusCode, 200)
  const seen = JSON.parse(response.body)
  assert.equal(seen.method, 'POST')
  assert.equal(seen.path, '/things/42')
  assert.equal(seen.script_root, '/prod')
  assert.equal(seen.hello_url, '/prod/hello')
  assert.deepEqual(seen.args, { tag: ['a', 'b'] })
  assert.equal(seen.body, '{"x": 1}')
  assert.equal(seen.remote_addr, '198.51.100.7')
  assert.equal(response.multiValueHeaders?.['Set-Cookie']?.length, 2)
})

test('the Flask example: HTTP API v2 GET and POST with cookies answer in the v2 envelope', () => {
  const get = invokeExtracted(flask.dir, httpV2Event('GET', '/hello', 'name=v2', null)) as Envelope
  assert.equal(get.statusCode, 200)
  assert.equal(get.body, 'Hello, v2!\n')
  assert.equal(get.headers?.['Content-Type'], 'text/html; charset=utf-8')
  const post = invokeExtracted(flask.dir, httpV2Event('POST', '/orders', 'a=1&a=2&b=3', '{"n": 2}', ['session=abc', 'theme=dark'])) as Envelope
  const seen = JSON.parse(post.body)
  assert.deepEqual(seen.args, { a: ['1', '2'], b: ['3'] })
  assert.deepEqual(seen.cookies, { session: 'abc', theme: 'dark' })
  assert.equal(seen.body, '{"n": 2}')
  assert.equal(seen.remote_addr, '203.0.113.9')
  assert.deepEqual(post.cookies?.map(c => c.split(';')[0]).sort(), ['path=/orders', 'seen=1'])
  assert.equal(post.multiValueHeaders, undefined)
})

test('the Flask example answers published AWS events (REST v1 and HTTP API v2) from ../shared/events', t => {
  if (!existsSync(SHARED_EVENTS)) {
    t.skip('../shared/events not found: conformance over published AWS events skipped')
    return
  }
  const read = (file: string) => JSON.parse(readFileSync(path.join(SHARED_EVENTS, file), 'utf8').replace(/^\uFEFF/, ''))
  const rest = invokeExtracted(flask.dir, read('aws-lambda-go/apigw-request.json')) as Envelope
  const restSeen = JSON.parse(rest.body)
  assert.equal(rest.statusCode, 200)
  assert.equal(restSeen.method, 'POST')
  assert.equal(restSeen.script_root, '/testStage')
  assert.equal(restSeen.path, '/hello/world')
  assert.deepEqual(restSeen.args, { name: ['me'] })
  assert.equal(restSeen.body, '{\r\n\t"a": 1\r\n}')
  assert.ok(rest.multiValueHeaders)

  const v2 = invokeExtracted(flask.dir, read('powertools-lambda-python/apiGatewayProxyV2Event.json')) as Envelope
  const v2Seen = JSON.parse(v2.body)
  assert.equal(v2.statusCode, 200)
  assert.equal(v2Seen.path, '/my/path')
  assert.deepEqual(v2Seen.args, { parameter1: ['value1', 'value2'], parameter2: ['value'] })
  // The event's cookies array is ["cookie1", "cookie2"]: joined with "; ", Werkzeug reads two valueless cookies.
  assert.deepEqual(v2Seen.cookies, { cookie1: '', cookie2: '' })
  assert.ok(Array.isArray(v2.cookies))
})

test('the Flask example zip: app from its wheel, Flask and its dependencies, the shim; a rerun is a cache hit with the same bytes', () => {
  assert.equal(flask.result.cacheHit, false)
  for (const name of ['index.py', 'yourwebapp/main.py', 'flask/__init__.py', 'werkzeug/__init__.py', 'jinja2/__init__.py']) {
    assert.ok(existsSync(path.join(flask.dir, name)), name)
  }
  assert.equal(existsSync(path.join(flask.dir, 'settings.spindrift')), false)
  assert.equal(existsSync(path.join(flask.dir, 'bin')), false, 'console scripts never ship')
  const first = readFileSync(flask.result.path)
  const again = packageFlaskExample()
  assert.equal(again.result.cacheHit, true)
  assert.deepEqual(readFileSync(again.result.path), first)
})

test('the plain example: requirements.txt installed, handler called with (event, context)', () => {
  const out = path.join(work, 'plain.zip')
  const run = runCli(['package', '--file', path.join(ROOT, 'examples', 'plain-handler', 'settings.spindrift'), '--output-path', out, '--json'], { env: cacheEnv })
  assert.equal(run.code, 0, run.stderr)
  const response = invokeExtracted(extract(out), { ping: 1 }) as { received: string; requests_version: string }
  assert.equal(response.received, '{"ping": 1}')
  assert.match(response.requests_version, /^2\.\d+/)
})

test('from another Node project: npm install <checkout>, import { packager } from "spindrift-lambda", typed', () => {
  const consumer = path.join(work, 'consumer')
  copyTree(path.join(ROOT, 'examples', 'flask-app'), path.join(consumer, 'app'))
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', ROOT], { cwd: consumer, stdio: 'pipe' })
  const script = [
    "import { packager } from 'spindrift-lambda'",
    "process.chdir('app')",
    "const positional = await packager.package('yourwebapp', 'flask', 'from yourwebapp.main import app', 'python3.11', '../out/positional.zip')",
    "const options = await packager.package({ name: 'yourwebapp', type: 'flask', entry: 'yourwebapp.main:app', runtime: 'python3.11', outputPath: '../out/options.zip' })",
    'console.log(JSON.stringify({ positional, options }))'
  ].join('\n')
  writeFileSync(path.join(consumer, 'use.mjs'), script)
  const out = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: consumer, encoding: 'utf8', env: { ...process.env, ...cacheEnv } }))
  for (const result of [out.positional, out.options]) {
    assert.equal(result.handler, 'index.handler')
    assert.equal(Buffer.from(result.base64Sha256, 'base64').toString('hex'), result.sha256)
    assert.equal(readFileSync(result.path).length, result.size)
  }
  assert.equal(out.positional.path, path.join(consumer, 'out', 'positional.zip'))
  assert.equal(out.options.sha256, out.positional.sha256, 'both forms package the same app identically')

  // The shipped types check a typed consumer (and catch a wrong call).
  writeFileSync(path.join(consumer, 'typed.ts'), [
    "import { packager, serveZip, invokeZip, type PackageResult, type Server } from 'spindrift-lambda'",
    "const r: PackageResult = await packager.package({ name: 'a', type: 'flask', entry: 'a:b', runtime: 'python3.12', outputPath: 'x.zip' })",
    'const hash: string = r.base64Sha256',
    'const hit: boolean = r.cacheHit',
    "const server: Server = await serveZip({ zip: 'x.zip', port: 0, source: 'alb-multi', memorySize: 256 })",
    "const url: string = server.url",
    "const answered: string | undefined = (await invokeZip({ zip: 'x.zip', event: {} })).target?.runtime",
    'export { hash, hit, url, answered }'
  ].join('\n'))
  writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: [] }, files: ['typed.ts'] }))
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer, stdio: 'pipe' })
  writeFileSync(path.join(consumer, 'typed.ts'), "import { packager } from 'spindrift-lambda'\nawait packager.package({ type: 'django' })\n")
  assert.throws(() => execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer, stdio: 'pipe' }), /Command failed/)
})

// Every HTTP source, through `spindrift invoke` (the real Lambda runtime interface client).
const host = 'abc123.execute-api.eu-west-1.amazonaws.com'
const sources: [string, Record<string, unknown>, (r: Envelope) => void][] = [
  ['REST API v1', { ...restEvent('GET', { stage: 'prod', path: '/pixel.png' }, {}, null) }, r => {
    assert.deepEqual(r.multiValueHeaders?.['Content-Type'], ['image/png'])
  }],
  ['HTTP API payload 1.0', { version: '1.0', resource: '$default', path: '/pixel.png', httpMethod: 'GET', headers: { Host: host }, multiValueHeaders: { Host: [host] }, queryStringParameters: null, multiValueQueryStringParameters: null, requestContext: { stage: '$default', domainName: host, identity: { sourceIp: '10.1.1.1' } }, body: null, isBase64Encoded: false }, r => {
    assert.deepEqual(r.multiValueHeaders?.['Content-Type'], ['image/png'])
  }],
  ['HTTP API payload 2.0', httpV2Event('GET', '/pixel.png', '', null), r => {
    assert.equal(r.headers?.['Content-Type'], 'image/png')
  }],
  ['Function URL', { ...httpV2Event('GET', '/pixel.png', '', null), headers: { host: 'abcdefgh.lambda-url.eu-west-1.on.aws' }, requestContext: { domainName: 'abcdefgh.lambda-url.eu-west-1.on.aws', stage: '$default', http: { method: 'GET', path: '/pixel.png', sourceIp: '10.1.1.1' } } }, r => {
    assert.equal(r.headers?.['Content-Type'], 'image/png')
  }],
  ['ALB, single-value headers', { requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/t/1' } }, httpMethod: 'GET', path: '/pixel.png', queryStringParameters: {}, headers: { host: 'alb.example.com' }, body: '', isBase64Encoded: false }, r => {
    assert.equal(r.headers?.['Content-Type'], 'image/png')
    assert.equal((r as unknown as { statusDescription: string }).statusDescription, '200 OK')
  }],
  ['ALB, multi-value headers', { requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/t/1' } }, httpMethod: 'GET', path: '/pixel.png', multiValueQueryStringParameters: {}, multiValueHeaders: { host: ['alb.example.com'] }, body: '', isBase64Encoded: false }, r => {
    assert.deepEqual(r.multiValueHeaders?.['Content-Type'], ['image/png'])
  }]
]

for (const [label, event, check] of sources) {
  test(`spindrift invoke, ${label}: a binary response comes back base64-encoded in the source's envelope`, () => {
    const file = path.join(work, `${label.replace(/\W+/g, '-')}.json`)
    writeFileSync(file, JSON.stringify(event))
    const run = runCli(['invoke', flask.result.path, '--event', file], { env: cacheEnv })
    assert.equal(run.code, 0, run.stderr)
    const response = JSON.parse(run.stdout) as Envelope
    assert.equal(response.statusCode, 200)
    assert.equal(response.isBase64Encoded, true)
    assert.equal(Buffer.from(response.body, 'base64').subarray(1, 4).toString(), 'PNG')
    check(response)
  })
}

test('spindrift invoke, quick form: text response, cookies set and received, query and body as sent', () => {
  const run = runCli(['invoke', flask.result.path, '--method', 'PUT', '--path', '/items/9', '--query', 'x=1&x=2', '--cookie', 'session=s1', '--header', 'Content-Type: text/plain', '--body', 'hello'], { env: cacheEnv })
  assert.equal(run.code, 0, run.stderr)
  const response = JSON.parse(run.stdout) as Envelope
  assert.equal(response.isBase64Encoded, false)
  const seen = JSON.parse(response.body)
  assert.deepEqual([seen.method, seen.path, seen.args, seen.cookies, seen.body], ['PUT', '/items/9', { x: ['1', '2'] }, { session: 's1' }, 'hello'])
  assert.deepEqual(response.cookies?.map(c => c.split(';')[0]).sort(), ['path=/items/9', 'seen=1'])
})

test('spindrift invoke, a non-HTTP event without package.events-entry: the clear error, exit 1', () => {
  const file = path.join(work, 'sqs.json')
  writeFileSync(file, JSON.stringify({ Records: [{ eventSource: 'aws:sqs', messageId: '1', body: 'x' }] }))
  const run = runCli(['invoke', flask.result.path, '--event', file], { env: cacheEnv })
  assert.equal(run.code, 1)
  assert.match(run.stderr, /UnsupportedEventError/)
  assert.match(run.stderr, /received an SQS event, but this function serves a WSGI app and no package\.events-entry is configured/)
})
