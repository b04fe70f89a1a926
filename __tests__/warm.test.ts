// Warm builds near the floor: the resolution memo (pip's resolver skipped while every page it read is as it was),
// the interpreter facts cache (no Python spawned for a real executable that did not change) and --profile.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { test } from 'node:test'
import { execFileSync } from 'node:child_process'
import { PipPagesReader, pipRedacted, withCredentials } from '../src/deps/pippages.ts'
import { makeIndex, makeWheel, type FakeWheel } from './helpers/pyindex.js'
import { CLI, ROOT, runCli, tempDir, writeTree, zipText } from './helpers/run.js'

const hermetic = { PIP_FIND_LINKS: '', PIP_INDEX_URL: '', PIP_EXTRA_INDEX_URL: '' }
const base: FakeWheel[] = [
  { name: 'demo-lib', version: '1.0', tag: 'py3-none-any', requires: ['puredep>=1'] },
  { name: 'puredep', version: '1.0', tag: 'py3-none-any' }
]

/** A python3 wrapper that appends each call's arguments to a file: whether pip's resolver ran is then plain to see. */
function recordingPython(): { python: string; calls: () => string[] } {
  const dir = tempDir('spindrift-recording-')
  const log = path.join(dir, 'calls.log')
  const python = path.join(dir, 'python3')
  writeFileSync(python, `#!/bin/sh\necho "$*" >> '${log}'\nexec python3 "$@"\n`, { mode: 0o755 })
  return { python, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []) }
}

function rangeApp(): { dir: string; out: string } {
  const dir = tempDir('spindrift-warm-app-')
  writeTree(dir, { 'handler.py': 'def handle(event, context):\n    return 1\n', 'requirements.txt': 'demo-lib>=1.0,<2\n' })
  return { dir, out: path.join(dir, 'out.zip') }
}

const resolverRuns = (calls: string[]) => calls.filter(c => c.includes('--dry-run')).length
const shippedVersion = (zip: string) => /VERSION = "([^"]+)"/.exec(zipText(zip, 'demo_lib/__init__.py') ?? '')?.[1]
const memosIn = (cache: string) => (existsSync(path.join(cache, 'resolutions')) ? readdirSync(path.join(cache, 'resolutions')) : [])

test('an unchanged index: the second build takes the resolution from the memo, pip\'s resolver does not run; a new release inside the range (on the index or in a find-links folder) is picked up', () => {
  const work = tempDir('spindrift-warm-')
  const index = makeIndex(path.join(work, 'index'), base)
  const links = path.join(work, 'links')
  mkdirSync(links)
  const cache = tempDir('spindrift-warm-cache-')
  const { python, calls } = recordingPython()
  const { dir, out } = rangeApp()
  const build = () => {
    const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11', '--package-python', python, '--package-index-url', index, '--output-path', out, '-v'], { env: { ...hermetic, PIP_FIND_LINKS: links, SPINDRIFT_CACHE_DIR: cache } })
    assert.equal(run.code, 0, run.stderr)
    return run.stderr
  }

  const first = build()
  assert.match(first, /Resolving the dependencies/)
  assert.equal(resolverRuns(calls()), 1)
  assert.equal(memosIn(cache).length, 1, 'the resolution is remembered')
  assert.equal(shippedVersion(out), '1.0')

  // Its pages could only be read after pip had read them: the next build with the same pages resolves once
  // more, between two readings, and that confirms the memo.
  const confirming = build()
  assert.match(confirming, /Resolving once more: a remembered resolution is used only once a run between two equal readings of its pages confirms it/)
  assert.equal(resolverRuns(calls()), 2)

  const second = build()
  assert.match(second, /Resolution unchanged: the 2 index pages pip read and 1 find-links location are as they were, so pip's resolver does not run/)
  assert.doesNotMatch(second, /Resolving the dependencies/)
  assert.equal(resolverRuns(calls()), 2, "pip's resolver did not run again")
  assert.equal(shippedVersion(out), '1.0')

  // demo-lib 1.1 is published on the index: its page changes.
  makeIndex(path.join(work, 'index'), [...base, { name: 'demo-lib', version: '1.1', tag: 'py3-none-any', requires: ['puredep>=1'] }])
  const third = build()
  assert.match(third, /Resolving again: file:\/\/.*\/demo-lib\/ changed since the last resolution/)
  assert.equal(resolverRuns(calls()), 3)
  assert.equal(shippedVersion(out), '1.1', 'the new release inside the range ships')
  // The pages were read just before that run too, and read the same after it: confirmed at once.
  assert.match(build(), /Resolution unchanged/)
  assert.equal(resolverRuns(calls()), 3)

  // demo-lib 1.2 appears in the find-links folder: its listing changes.
  makeWheel(links, { name: 'demo-lib', version: '1.2', tag: 'py3-none-any', requires: ['puredep>=1'] })
  build()
  assert.equal(resolverRuns(calls()), 4)
  assert.equal(shippedVersion(out), '1.2')
  build()
  assert.equal(resolverRuns(calls()), 4, 'and that resolution is remembered in turn')
})

test("the resolver's run without pip's per-link lines: modules in the project folder named like the standard library's do not reach pip, and the pages it read are still all known", () => {
  const work = tempDir('spindrift-warm-')
  const index = makeIndex(path.join(work, 'index'), base)
  const cache = tempDir('spindrift-warm-cache-')
  const { python, calls } = recordingPython()
  const { dir, out } = rangeApp()
  // pip runs in the project folder: were it on sys.path there, these would break every import of logging or runpy.
  writeTree(dir, { 'logging.py': 'raise SystemExit("the project\'s logging.py was imported")\n', 'runpy.py': 'raise SystemExit("the project\'s runpy.py was imported")\n' })
  const build = () => {
    const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11', '--package-python', python, '--package-index-url', index, '--output-path', out, '-v'], { env: { ...hermetic, SPINDRIFT_CACHE_DIR: cache } })
    assert.equal(run.code, 0, run.stderr)
    return run.stderr
  }
  assert.match(build(), /Resolving the dependencies/)
  assert.equal(memosIn(cache).length, 1, 'the pages pip read were all named in its output, so the resolution is remembered')
  assert.match(build(), /Resolving the dependencies/, 'the run that confirms the memo')
  assert.match(build(), /Resolution unchanged: the 2 index pages pip read are as they were/)
  assert.equal(resolverRuns(calls()), 2)
  assert.equal(shippedVersion(out), '1.0')
})

test('a release published between pip reading a page and spindrift reading it again is not lost: the memo is used only once a run between two equal readings confirms it', () => {
  const work = tempDir('spindrift-warm-')
  const index = makeIndex(path.join(work, 'index'), base)
  makeIndex(path.join(work, 'later'), [...base, { name: 'demo-lib', version: '1.1', tag: 'py3-none-any', requires: ['puredep>=1'] }])
  const trigger = path.join(work, 'publish-after-next-resolution')
  writeFileSync(trigger, '')
  // pip, then (once) demo-lib 1.1 published on the index: after pip read the page, before spindrift reads it again.
  const dir0 = tempDir('spindrift-racing-python-')
  const python = path.join(dir0, 'python3')
  writeFileSync(python, `#!/bin/sh\npython3 "$@"\nstatus=$?\ncase "$*" in *--dry-run*) if [ -f '${trigger}' ]; then rm -rf '${path.join(work, 'index')}' && cp -r '${path.join(work, 'later')}' '${path.join(work, 'index')}' && rm '${trigger}'; fi;; esac\nexit $status\n`, { mode: 0o755 })
  const cache = tempDir('spindrift-warm-cache-')
  const { dir, out } = rangeApp()
  const build = () => {
    const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11', '--package-python', python, '--package-index-url', index, '--output-path', out], { env: { ...hermetic, SPINDRIFT_CACHE_DIR: cache } })
    assert.equal(run.code, 0, run.stderr)
    return run.stderr
  }
  build()
  assert.equal(shippedVersion(out), '1.0', 'pip read the page before 1.1 was published')
  assert.ok(!existsSync(trigger), '1.1 was published right after pip read the page')
  // The memo pairs 1.0 with the page that lists 1.1; trusting it would ship 1.0 for a day.
  assert.doesNotMatch(build(), /Resolution unchanged/)
  assert.equal(shippedVersion(out), '1.1')
  assert.match(build(), /Resolution unchanged/)
  assert.equal(shippedVersion(out), '1.1')
})

test('a project folder missing from one file:// index is remembered as missing: when it appears there, the set is resolved again', () => {
  const work = tempDir('spindrift-warm-')
  // The main index has demo-lib only; puredep comes from the extra index.
  const main = makeIndex(path.join(work, 'main'), [base[0]])
  const extra = makeIndex(path.join(work, 'extra'), [base[1]])
  const cache = tempDir('spindrift-warm-cache-')
  const { python, calls } = recordingPython()
  const { dir, out } = rangeApp()
  const build = () => {
    const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11', '--package-python', python, '--package-index-url', main, '--package-extra-index-url', extra, '--output-path', out], { env: { ...hermetic, SPINDRIFT_CACHE_DIR: cache } })
    assert.equal(run.code, 0, run.stderr)
    return run.stderr
  }
  build()
  build()
  assert.match(build(), /Resolution unchanged/)
  assert.equal(resolverRuns(calls()), 2)
  const shippedPuredep = () => /VERSION = "([^"]+)"/.exec(zipText(out, 'puredep/__init__.py') ?? '')?.[1]
  assert.equal(shippedPuredep(), '1.0')
  // puredep 2.0 is published on the main index, which had no puredep folder at all.
  // Only that folder is added (demo-lib's page stays byte for byte as it was).
  makeIndex(path.join(work, 'later'), [{ name: 'puredep', version: '2.0', tag: 'py3-none-any' }])
  cpSync(path.join(work, 'later', 'simple', 'puredep'), path.join(work, 'main', 'simple', 'puredep'), { recursive: true })
  cpSync(path.join(work, 'later', 'files'), path.join(work, 'main', 'files'), { recursive: true })
  assert.doesNotMatch(build(), /Resolution unchanged/)
  assert.equal(resolverRuns(calls()), 3)
  assert.equal(shippedPuredep(), '2.0')
})

test('a tampered, malformed, foreign or day-old memo is resolved again, without a word of error', () => {
  const work = tempDir('spindrift-warm-')
  const index = makeIndex(path.join(work, 'index'), base)
  const cache = tempDir('spindrift-warm-cache-')
  const { python, calls } = recordingPython()
  const { dir, out } = rangeApp()
  const build = () => {
    const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11', '--package-python', python, '--package-index-url', index, '--output-path', out], { env: { ...hermetic, SPINDRIFT_CACHE_DIR: cache } })
    assert.equal(run.code, 0, run.stderr)
    assert.doesNotMatch(run.stderr, /warning|error/i)
    assert.equal(shippedVersion(out), '1.0')
    return run.stderr
  }
  build()
  const [name] = memosIn(cache)
  const file = path.join(cache, 'resolutions', name)
  const good = JSON.parse(readFileSync(file, 'utf8'))
  assert.ok(Array.isArray(good.value.lines) && good.value.lines.some((line: string) => line.startsWith('demo-lib==1.0 sha256=')), 'the memo holds the resolved set')
  assert.ok(Array.isArray(good.value.wheels) && good.value.wheels.length === good.value.lines.length, `and the wheels the layer is assembled from: ${JSON.stringify(good.value.wheels)}`)
  const variants: [string, string][] = [
    ['not JSON', '{"format": 1, "key": '],
    ['a value of the wrong shape', JSON.stringify({ ...good, value: 42 })],
    ['a wheel that is not one of the resolved files', JSON.stringify({ ...good, value: { ...good.value, wheels: [{ ...good.value.wheels[0], sha256: 'e'.repeat(64) }] } })],
    ['a page digest that is not one', JSON.stringify({ ...good, sources: [{ ...good.sources[0], digest: 'x' }] })],
    ['another key', JSON.stringify({ ...good, key: 'f'.repeat(40) })],
    ['older than a day', JSON.stringify({ ...good, createdAt: Date.now() - 25 * 60 * 60 * 1000 })]
  ]
  let runs = resolverRuns(calls())
  for (const [what, text] of variants) {
    writeFileSync(file, text)
    const log = build()
    assert.doesNotMatch(log, /Resolution unchanged/, what)
    assert.equal(resolverRuns(calls()), ++runs, `${what}: resolved again`)
  }
  // The memo written by the last of them is good again, once confirmed.
  assert.doesNotMatch(build(), /Resolution unchanged/)
  assert.equal(resolverRuns(calls()), ++runs)
  assert.match(build(), /Resolution unchanged/)
  assert.equal(resolverRuns(calls()), runs)
  // A memo that claims to be confirmed, over pages that are not the ones pip read, is not: the claim is only its own.
  writeFileSync(file, JSON.stringify({ ...good, confirmed: 'yes' }))
  assert.doesNotMatch(build(), /Resolution unchanged/)
  assert.equal(resolverRuns(calls()), ++runs)
  // Another runtime, with the same interpreter and requirements, is another resolution.
  const other = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.12', '--package-python', python, '--package-index-url', index, '--output-path', out], { env: { ...hermetic, SPINDRIFT_CACHE_DIR: cache } })
  assert.equal(other.code, 0, other.stderr)
  assert.doesNotMatch(other.stderr, /Resolution unchanged/)
  assert.equal(resolverRuns(calls()), runs + 1)
})

/** The index tree served over HTTP on 127.0.0.1, behind Basic credentials; it counts what it is asked. */
async function serveIndex(root: string, user: string, password: string): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = []
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  const server = createServer((request, response) => {
    requests.push(request.url ?? '')
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="index"' }).end()
      return
    }
    let file = path.join(root, decodeURIComponent((request.url ?? '/').split('?')[0]))
    if (file.endsWith('/')) file = path.join(file, 'index.html')
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'Content-Type': file.endsWith('.html') ? 'text/html' : 'application/octet-stream' }).end(readFileSync(file))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return { url: `http://${user}:${password}@127.0.0.1:${port}/simple/`, server, requests }
}

/** runCli without blocking this process's event loop (the test's own HTTP index must answer meanwhile). */
function runCliAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('close', code => resolve({ code: code ?? -1, stderr }))
  })
}

test('an HTTP index behind credentials: the pages are read again with the configured credentials, none of them is stored, and the second build runs no resolver', async () => {
  const work = tempDir('spindrift-warm-')
  makeIndex(path.join(work, 'index'), base)
  const index = await serveIndex(path.join(work, 'index'), 'builder', 's3cr3t-token')
  try {
    const cache = tempDir('spindrift-warm-cache-')
    const { python, calls } = recordingPython()
    const { dir, out } = rangeApp()
    const args = ['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11', '--package-python', python, '--package-index-url', index.url, '--output-path', out]
    const first = await runCliAsync(args, { ...hermetic, SPINDRIFT_CACHE_DIR: cache })
    assert.equal(first.code, 0, first.stderr)
    const [memo] = memosIn(cache)
    const text = readFileSync(path.join(cache, 'resolutions', memo), 'utf8')
    assert.doesNotMatch(text, /s3cr3t-token/, 'no credential in the memo')
    assert.match(text, /builder:\*\*\*\*@127\.0\.0\.1/)
    const confirming = await runCliAsync(args, { ...hermetic, SPINDRIFT_CACHE_DIR: cache })
    assert.equal(confirming.code, 0, confirming.stderr)
    assert.equal(resolverRuns(calls()), 2)
    const before = index.requests.length
    const second = await runCliAsync(args, { ...hermetic, SPINDRIFT_CACHE_DIR: cache })
    assert.equal(second.code, 0, second.stderr)
    assert.match(second.stderr, /Resolution unchanged: the 2 index pages pip read are as they were/)
    assert.equal(resolverRuns(calls()), 2)
    // Only the two pages, once each, and no wheel: pip did not run.
    assert.deepEqual(index.requests.slice(before).sort(), ['/simple/demo-lib/', '/simple/puredep/'])
    assert.equal(shippedVersion(out), '1.0')
    // Behind a proxy, what pip saw cannot be read again the same way: no memo is used, and the debug log says why.
    const proxied = await runCliAsync([...args, '-v'], { ...hermetic, SPINDRIFT_CACHE_DIR: cache, HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1' })
    assert.equal(proxied.code, 0, proxied.stderr)
    assert.match(proxied.stderr, /The resolution is not remembered: HTTPS_PROXY is set/)
    assert.equal(resolverRuns(calls()), 3)
  } finally {
    index.server.close()
  }
})

test("pip's -vv lines: the pages and find-links it read, its redacted credentials put back from the configured URLs", () => {
  const reader = new PipPagesReader()
  const lines = [
    'Looking in indexes: https://builder:****@pkgs.example.com/simple, file:///srv/index/simple',
    'Looking in links: /opt/wheels, https://****@links.example.com/wheels/',
    '2 location(s) to search for versions of demo-lib:',
    '* https://builder:****@pkgs.example.com/simple/demo-lib/',
    '* file:///srv/index/simple/demo-lib/',
    'Fetching project page and analyzing links: https://builder:****@pkgs.example.com/simple/demo-lib/',
    "WARNING: Location 'file:///srv/index/simple/puredep/' is ignored: it is neither a file nor a directory.",
    '1 location(s) to search for versions of puredep:',
    '* https://builder:****@pkgs.example.com/simple/puredep/',
    '  Skipping link: none of the wheel\'s tags match: https://x/a.whl'
  ]
  for (const line of lines) reader.line(line)
  const reading = reader.reading()
  assert.equal(reading.lookups, 2)
  assert.equal(reading.fetchFailed, false)
  assert.deepEqual(reading.sources.map(s => `${s.kind} ${s.url}`).sort(), [
    'links /opt/wheels',
    'links https://****@links.example.com/wheels/',
    'page file:///srv/index/simple/demo-lib/',
    'page file:///srv/index/simple/puredep/',
    'page https://builder:****@pkgs.example.com/simple/demo-lib/',
    'page https://builder:****@pkgs.example.com/simple/puredep/'
  ])
  const failing = new PipPagesReader()
  failing.line('Could not fetch URL https://pkgs.example.com/simple/x/: connection error - skipping')
  assert.equal(failing.reading().fetchFailed, true)

  assert.equal(pipRedacted('https://builder:pa55@pkgs.example.com/simple'), 'https://builder:****@pkgs.example.com/simple')
  assert.equal(pipRedacted('https://tok3n@links.example.com/wheels/'), 'https://****@links.example.com/wheels/')
  const configured = ['https://builder:pa55@pkgs.example.com/simple/', 'https://tok3n@links.example.com/wheels', 'https://other.example.com/simple']
  assert.equal(withCredentials('https://builder:****@pkgs.example.com/simple/demo-lib/', configured), 'https://builder:pa55@pkgs.example.com/simple/demo-lib/')
  assert.equal(withCredentials('https://****@links.example.com/wheels/', configured), 'https://tok3n@links.example.com/wheels/')
  assert.equal(withCredentials('https://other.example.com/simple/x/', configured), 'https://other.example.com/simple/x/', 'no credentials: as printed')
  // Credentials pip found elsewhere (a netrc, a keyring): spindrift cannot read the page as pip did.
  assert.equal(withCredentials('https://someone:****@private.example.com/simple/x/', configured), undefined)
  // A configured URL that only shares a prefix of the host is not a match.
  assert.equal(withCredentials('https://builder:****@pkgs.example.com.evil/simple/x/', configured), undefined)
})

test('--profile prints every stage and the total on one line of stderr', () => {
  const work = tempDir('spindrift-warm-')
  const index = makeIndex(path.join(work, 'index'), base)
  const { dir, out } = rangeApp()
  const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11', '--package-index-url', index, '--output-path', out, '--profile', '-q'], { env: { ...hermetic, SPINDRIFT_CACHE_DIR: tempDir('spindrift-warm-cache-') } })
  assert.equal(run.code, 0, run.stderr)
  const lines = run.stderr.split('\n').filter(l => l.startsWith('Profile: '))
  assert.equal(lines.length, 1, run.stderr)
  for (const stage of ['start-up', 'interpreter', 'installer', 'resolution', 'app', 'dependency layer', 'checks and zip', 'write']) {
    assert.match(lines[0], new RegExp(`(: | · )${stage} \\d+ ms · `), stage)
  }
  assert.match(lines[0], / · total \d+ ms$/)
  const total = Number(/total (\d+) ms/.exec(lines[0])?.[1])
  const startUp = Number(/start-up (\d+) ms/.exec(lines[0])?.[1])
  assert.ok(total >= startUp && total > 0)
  // Without --profile, the line is in the verbose log only.
  const quiet = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11', '--package-index-url', index, '--output-path', out, '-q'], { env: { ...hermetic, SPINDRIFT_CACHE_DIR: tempDir('spindrift-warm-cache-') } })
  assert.doesNotMatch(quiet.stderr, /Profile:/)
})

test('interpreter facts: a real executable is asked once and its answer kept; a changed binary is asked again; a script never is kept', () => {
  const real = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim()
  const bin = path.join(tempDir('spindrift-python-copy-'), 'bin')
  mkdirSync(bin)
  const python = path.join(bin, path.basename(real))
  copyFileSync(real, python)
  const cache = tempDir('spindrift-warm-cache-')
  const dir = tempDir('spindrift-warm-app-')
  writeTree(dir, { 'handler.py': 'def handle(event, context):\n    return 1\n' })
  const build = (interpreter: string) => {
    const run = runCli(['package', '--package-path', dir, '--package-entry', 'handler:handle', '--package-runtime', 'python3.11', '--package-python', interpreter, '--output-path', path.join(dir, 'out.zip')], { env: { ...hermetic, SPINDRIFT_CACHE_DIR: cache } })
    assert.equal(run.code, 0, run.stderr)
    return run.stderr
  }
  const factsDir = path.join(cache, 'interpreters')
  const first = build(python)
  const pip = /with pip (\S+)/.exec(first)?.[1]
  assert.ok(pip && pip !== 'missing', first)
  const [file] = readdirSync(factsDir)
  const stored = JSON.parse(readFileSync(path.join(factsDir, file), 'utf8'))
  assert.equal(stored.facts.pip, pip)
  // The kept answer is what the next build uses: changed here, it shows in the log, so no Python was asked.
  writeFileSync(path.join(factsDir, file), JSON.stringify({ ...stored, facts: { ...stored.facts, pip: '0.0.from-the-cache' } }))
  assert.match(build(python), /with pip 0\.0\.from-the-cache /)
  // pip's module (or its site folder) is not as it was (pip upgraded): it is asked again, though the binary is the same.
  writeFileSync(path.join(factsDir, file), JSON.stringify({ ...stored, facts: { ...stored.facts, pip: '0.0.from-the-cache' }, checks: stored.checks.map((c: { file: string }) => ({ ...c, state: '1:1' })) }))
  assert.ok(stored.checks.some((c: { file: string }) => c.file.endsWith(path.join('pip', '__init__.py'))), 'pip\'s module is checked')
  assert.match(build(python), new RegExp(`with pip ${pip.replace(/\./g, '\\.')} `))
  // The binary's modification time changes (a reinstall): it is asked again.
  const later = new Date(Date.now() + 60_000)
  utimesSync(python, later, later)
  assert.match(build(python), new RegExp(`with pip ${pip.replace(/\./g, '\\.')} `))
  assert.equal(readdirSync(factsDir).length, 2, 'a new entry for the changed binary')
  // A wrapper script runs whatever it likes each time: never kept.
  build(recordingPython().python)
  assert.equal(readdirSync(factsDir).length, 2)
})
