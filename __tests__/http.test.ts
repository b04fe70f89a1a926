// The GET client index pages and wheels are read with (src/common/http.ts), against local servers: decoded
// gzip bodies, redirects that drop credentials on a host change, stalls and refusals in node's words, 404s,
// and a few kept-alive sockets per host that do not keep the process alive.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import path from 'node:path'
import { test } from 'node:test'
import { gzipSync, deflateSync } from 'node:zlib'
import { get, MAX_SOCKETS } from '../src/common/http.ts'
import { projectFiles } from '../src/deps/indexpages.ts'

interface Local {
  server: Server
  url: string
  connections: () => number
  close: () => void
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Local> {
  const server = createServer(handler)
  let connections = 0
  server.on('connection', () => connections++)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () => {
      server.closeAllConnections()
      server.close()
    },
  }
}

test('a gzip or deflate body is decoded to the bytes the server meant, and gzip is asked for', async () => {
  const page = Buffer.from(JSON.stringify({ files: Array.from({ length: 200 }, (_, i) => ({ filename: `dep-${i}.0-py3-none-any.whl` })) }))
  let asked = ''
  const local = await serve((req, res) => {
    asked = String(req.headers['accept-encoding'])
    const deflate = req.url === '/deflate'
    res.writeHead(200, { 'Content-Type': 'application/vnd.pypi.simple.v1+json', 'Content-Encoding': deflate ? 'deflate' : 'gzip' })
    res.end(deflate ? deflateSync(page) : gzipSync(page))
  })
  try {
    const gz = await get(`${local.url}/gzip`)
    assert.equal(asked, 'gzip, deflate')
    assert.equal(gz.status, 200)
    assert.ok(gz.body.equals(page))
    assert.ok((await get(`${local.url}/deflate`)).body.equals(page))
    // Through the index reader: the decoded JSON page is what it lists.
    const files = await projectFiles(`${local.url}/simple`, 'dep')
    assert.equal(files.length, 200)
    assert.equal(files[7].filename, 'dep-7.0-py3-none-any.whl')
  } finally {
    local.close()
  }
})

test('redirects are followed; Authorization (from user:password in the URL) is kept on the host and dropped when the port changes', async () => {
  const seen: Array<[string, string | undefined]> = []
  const far = await serve((req, res) => {
    seen.push([`far${req.url}`, req.headers.authorization])
    res.end('arrived')
  })
  const near = await serve((req, res) => {
    seen.push([`near${req.url}`, req.headers.authorization])
    if (req.url === '/start') res.writeHead(302, { Location: '/hop' }).end()
    else if (req.url === '/hop') res.writeHead(307, { Location: `${far.url}/end` }).end()
    else res.writeHead(500).end()
  })
  try {
    const url = near.url.replace('http://', 'http://alice:s%3Acret@')
    const answer = await get(`${url}/start`, { headers: { Accept: 'text/html' } })
    assert.equal(answer.status, 200)
    assert.equal(answer.body.toString(), 'arrived')
    assert.equal(answer.url, `${far.url}/end`)
    const basic = `Basic ${Buffer.from('alice:s:cret').toString('base64')}`
    assert.deepEqual(seen, [['near/start', basic], ['near/hop', basic], ['far/end', undefined]])
  } finally {
    near.close()
    far.close()
  }
})

test('a redirect loop ends after ten hops with the last redirect as the answer', async () => {
  let hops = 0
  const local = await serve((_req, res) => {
    hops++
    res.writeHead(301, { Location: '/again' }).end()
  })
  try {
    const answer = await get(`${local.url}/loop`)
    assert.equal(answer.status, 301)
    assert.equal(hops, 11)
  } finally {
    local.close()
  }
})

test('a stalled body gives up with "received nothing for N s"; a slow answer hits the overall limit; a refused port reads like node', async () => {
  const local = await serve((req, res) => {
    if (req.url === '/slow') return
    res.writeHead(200, { 'Content-Length': '100' })
    res.write('only part')
  })
  try {
    const started = Date.now()
    await assert.rejects(get(`${local.url}/stall`, { idleMs: 300 }), /^Error: received nothing for 0\.3 s$/)
    assert.ok(Date.now() - started < 3000)
    await assert.rejects(get(`${local.url}/slow`, { timeoutMs: 300 }), /^Error: no answer within 0\.3 s$/)
  } finally {
    local.close()
  }
  const port = new URL(local.url).port
  await assert.rejects(get(`${local.url}/gone`), new RegExp(`^Error: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}$`))
  await assert.rejects(projectFiles(`${local.url}/simple`, 'dep'), new RegExp(`^SpindriftError: Could not read http://127\\.0\\.0\\.1:${port}/simple/dep/ \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\); check package\\.index-url and the network\\.$`))
})

test('a 404 is an answer, not an error; the index reader takes it as no files and a 500 as a failure', async () => {
  const local = await serve((req, res) => {
    res.writeHead(req.url === '/simple/broken/' ? 500 : 404).end('nope')
  })
  try {
    const answer = await get(`${local.url}/missing`)
    assert.equal(answer.status, 404)
    assert.equal(answer.body.toString(), 'nope')
    assert.deepEqual(await projectFiles(`${local.url}/simple`, 'missing'), [])
    await assert.rejects(projectFiles(`${local.url}/simple`, 'broken'), /^SpindriftError: http:\/\/127\.0\.0\.1:\d+\/simple\/broken\/ answered HTTP 500; check package\.index-url and its credentials\.$/)
  } finally {
    local.close()
  }
})

test('many requests to one host share at most MAX_SOCKETS kept-alive connections, and later ones reuse them', async () => {
  const local = await serve((req, res) => {
    setTimeout(() => res.end(`page ${req.url}`), 20)
  })
  try {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => get(`${local.url}/${i}`)))
    assert.deepEqual(answers.map(a => a.body.toString()), Array.from({ length: 20 }, (_, i) => `page /${i}`))
    const opened = local.connections()
    assert.ok(opened >= 1 && opened <= MAX_SOCKETS, `${opened} connections`)
    for (let i = 0; i < 5; i++) await get(`${local.url}/again${i}`)
    assert.equal(local.connections(), opened)
  } finally {
    local.close()
  }
})

test('a kept-alive socket does not keep the process alive after its request', async () => {
  const local = await serve((_req, res) => res.end('ok'))
  try {
    const client = path.resolve('src/common/http.ts')
    const started = Date.now()
    // Asynchronously: the server answers from this process.
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `const { get } = await import(${JSON.stringify(client)}); const a = await get(${JSON.stringify(`${local.url}/x`)}); console.log(a.status, a.body.toString())`], {
      encoding: 'utf8',
      timeout: 20_000,
    })
    assert.equal(run.stderr, '')
    assert.equal(run.stdout.trim(), '200 ok')
    // The server keeps the socket open 5 s; the child must not wait for it.
    assert.equal(local.connections(), 1)
    assert.ok(Date.now() - started < 4500, `${Date.now() - started} ms`)
  } finally {
    local.close()
  }
})
