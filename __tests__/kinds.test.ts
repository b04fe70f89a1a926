// App kinds through the real CLI: package.type wsgi/asgi/flask render the shim's configuration from parsed
// parts (factory call, SnapStart warm-up), and inference says what it chose.
import assert from 'node:assert/strict'
import path from 'node:path'
import { test } from 'node:test'
import { parseWarmup } from '../src/config/kinds.js'
import { SpindriftError } from '../src/common/errors.js'
import { runCli, tempDir, writeTree, zipText } from './helpers/run.js'

const work = tempDir('spindrift-kinds-test-')
const app = path.join(work, 'app')
writeTree(app, {
  'web.py': [
    'def create_app():',
    '    def app(environ, start_response):',
    '        start_response("200 OK", [])',
    '        return [b"ok"]',
    '    return app',
    '',
    '',
    'def handler(event, context):',
    '    return event',
    ''
  ].join('\n')
})

function shimConfig(args: string[], runtime = 'python3.11'): { config: Record<string, unknown>; stderr: string } {
  const out = path.join(work, `out-${Math.random().toString(36).slice(2)}.zip`)
  const run = runCli(['package', '--package-path', app, '--package-runtime', runtime, '--output-path', out, '--no-cache', ...args])
  assert.equal(run.code, 0, run.stderr)
  const line = (zipText(out, 'index.py') ?? '').split('\n').find(l => l.startsWith('_CONFIG = ')) ?? ''
  const literal = /^_CONFIG = json\.loads\((.*)\)$/.exec(line)?.[1] ?? '""'
  return { config: JSON.parse(JSON.parse(literal) as string) as Record<string, unknown>, stderr: run.stderr }
}

test('package.type flask is rendered as its honest name wsgi; asgi as asgi', () => {
  assert.equal(shimConfig(['--package-type', 'flask', '--package-entry', 'web:handler']).config.type, 'wsgi')
  assert.equal(shimConfig(['--package-type', 'wsgi', '--package-entry', 'web:handler']).config.type, 'wsgi')
  assert.equal(shimConfig(['--package-type', 'asgi', '--package-entry', 'web:handler']).config.type, 'asgi')
})

test('an app factory is rendered as call: true, from the parsed parts', () => {
  const { config } = shimConfig(['--package-type', 'wsgi', '--package-entry', 'from web import create_app()', '--package-import-check'])
  assert.deepEqual(config, { type: 'wsgi', module: 'web', attribute: 'create_app', call: true })
})

test('package.snapstart-warmup is rendered for the shim; on python3.11 it is a warning', () => {
  const old = shimConfig(['--package-type', 'wsgi', '--package-entry', 'web:create_app()', '--package-snapstart-warmup', 'GET /health?deep=1'])
  assert.deepEqual(old.config.snapstart_warmup, { method: 'GET', path: '/health', query: 'deep=1' })
  assert.match(old.stderr, /warning: package\.snapstart-warmup is set, but Lambda SnapStart needs python3\.12 or later, so on python3\.11 the warm-up request is never sent/)
  const current = shimConfig(['--package-type', 'wsgi', '--package-entry', 'web:create_app()', '--package-snapstart-warmup', '/ready'], 'python3.12')
  assert.deepEqual(current.config.snapstart_warmup, { method: 'GET', path: '/ready', query: '' })
  assert.doesNotMatch(current.stderr, /SnapStart needs/)
})

test('warm-up requests: a method and a path; anything else is one sentence', () => {
  assert.deepEqual(parseWarmup('POST /warm/up?x=1&y=2'), { method: 'POST', path: '/warm/up', query: 'x=1&y=2' })
  for (const bad of ['health', 'GET', 'get /health', 'GET /a b', 'GET http://x/health', 'TRACE /x', 'GET /x#frag']) {
    assert.throws(() => parseWarmup(bad), (e: Error) => e instanceof SpindriftError && e.message.startsWith(`package.snapstart-warmup "${bad}" is not a request`), bad)
  }
})

test('package.type left out: a plain handler imports as plain (said), a WSGI factory too (a WSGI function looks like a handler)', () => {
  const plain = shimConfig(['--package-entry', 'web:handler'])
  assert.equal(plain.config.type, 'plain')
  assert.match(plain.stderr, /package\.type is not set: web:handler imports as a plain handler, so the type is plain\./)
})

test('package.type left out with another Python than the runtime\'s: plain, and it says why', () => {
  const other = shimConfig(['--package-entry', 'web:handler', '--package-python', 'python3'], 'python3.12')
  assert.equal(other.config.type, 'plain')
  assert.match(other.stderr, /package\.type is not set, so it is plain; spindrift could not look at web:handler because python3 is Python 3\.11 on x86_64, not python3\.12's/)
})
