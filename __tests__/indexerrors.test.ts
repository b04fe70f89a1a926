// Index failures are named as such: an index that refuses the credentials, answers a server error or does not
// answer at all is the cause the user reads, not "no such package"; the index is named without credentials.
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { after, test } from 'node:test'
import { runAction } from './helpers/action.js'
import { CLI, tempDir, writeTree } from './helpers/run.js'
import { spawn } from 'node:child_process'

/** An HTTP index that answers every request with one status (or never, for 0). */
function index(status: number): Promise<string> {
  return new Promise(resolve => {
    const server: Server = createServer((_, response) => {
      if (status === 0) return
      response.writeHead(status, { 'content-length': '0' })
      response.end()
    })
    server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as { port: number }).port}`))
    after(() => {
      server.closeAllConnections()
      server.close()
    })
  })
}

/** The CLI, run asynchronously: the indexes live in this process and must keep answering meanwhile. */
function pack(indexUrl: string, installer = 'pip'): Promise<{ code: number | null; stderr: string }> {
  const dir = tempDir('spindrift-index-')
  writeTree(dir, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': 'anything\n' })
  const args = ['package', '--package-path', dir, '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', indexUrl, '--output-path', path.join(tempDir(), 'app.zip'), '--no-cache', '--package-installer', installer]
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, PIP_RETRIES: '0', PIP_TIMEOUT: '2', UV_HTTP_RETRIES: '0' }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', chunk => (stderr += chunk))
  return new Promise(resolve => child.on('close', code => resolve({ code, stderr })))
}

test('an index that refuses the credentials (401) is named as such, without the password', async () => {
  const host = await index(401)
  const run = await pack(`http://deploy:t0p-secret@${host}/simple`)
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, new RegExp(`spindrift: pip found no "anything" because the index http://${host}/simple refused the credentials \\(HTTP 401\\); check the index URL`))
  assert.doesNotMatch(run.stderr, /t0p-secret/)
})

test('an index that answers a server error (500) is named as such', async () => {
  const host = await index(500)
  const run = await pack(`http://${host}/simple`)
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, new RegExp(`because the index http://${host}/simple answered HTTP 500 \\(a server error\\)`))
})

test('an index that never answers is named as such', async () => {
  const host = await index(0)
  const run = await pack(`http://${host}/simple`)
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, new RegExp(`because the index http://${host}/simple did not answer within 10 s`))
})

/** A port on 127.0.0.1 that refuses connections: one that was just listened on and closed. */
function refusingPort(): Promise<number> {
  return new Promise(resolve => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

test('uv: an index that refuses the connection is named with the cause, without the password', async () => {
  const port = await refusingPort()
  const run = await pack(`http://deploy:t0p-secret@127.0.0.1:${port}/simple`, 'uv')
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, new RegExp(`spindrift: uv could not install the dependencies for python3\\.11 on x86_64: the index http://127\\.0\\.0\\.1:${port}/simple could not be read: it refused the connection; check the index URL`))
  assert.doesNotMatch(run.stderr, /t0p-secret|Fix the requirement/)
})

test('uv: an index whose host cannot be resolved is named with the cause', async () => {
  const run = await pack('http://deploy:t0p-secret@nonexistent.invalid/simple', 'uv')
  assert.equal(run.code, 1, run.stderr)
  assert.match(run.stderr, /spindrift: uv could not install the dependencies for python3\.11 on x86_64: the index http:\/\/nonexistent\.invalid\/simple could not be read: its host name could not be resolved; check the index URL/)
  assert.doesNotMatch(run.stderr, /t0p-secret|Fix the requirement/)
})

test('action: an index that refuses the credentials is one error annotation naming it', async () => {
  const host = await index(403)
  const dir = tempDir('spindrift-index-')
  writeTree(dir, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': 'anything\n' })
  const run = await runAction(dir, { 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'package-index-url': `http://${host}/simple`, 'output-path': 'app.zip', cache: 'false' }, { PIP_RETRIES: '0', PIP_TIMEOUT: '2' })
  assert.equal(run.code, 1, run.stdout)
  assert.match(run.stdout, new RegExp(`::error title=spindrift::pip found no "anything" because the index http://${host}/simple refused the credentials \\(HTTP 403\\)`))
})
