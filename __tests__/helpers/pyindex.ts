// Hermetic package index for tests: fabricated wheels (any tag), served as a PEP 503 "simple" tree on disk
// that pip reads through a file:// index URL. No network, and every tag case can be pinned down.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import AdmZip from 'adm-zip'
import { makeSdist, type FakeSdist } from './projects.js'

export interface FakeWheel {
  /** Distribution name, e.g. "demo-lib". */
  name: string
  version: string
  /** Compatibility tag triple, e.g. "cp311-cp311-manylinux_2_28_x86_64" or "py3-none-any". */
  tag: string
  /** Requires-Dist lines. */
  requires?: string[]
  /** Requires-Python, when the wheel declares one. */
  requiresPython?: string
  /** More METADATA header lines ("License-Expression: MIT"…). */
  metadata?: string[]
  /** Extra files (name → content); by default one module records the wheel's tag. */
  files?: Record<string, string | Buffer>
}

export const normalise = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-')
const importName = (name: string): string => name.toLowerCase().replace(/[-.]+/g, '_')

export function wheelFileName(wheel: FakeWheel): string {
  return `${importName(wheel.name)}-${wheel.version}-${wheel.tag}.whl`
}

/** Build one wheel file in dir; its module `<name>/__init__.py` says which tag it was built for. */
export function makeWheel(dir: string, wheel: FakeWheel): string {
  const pkg = importName(wheel.name)
  const distInfo = `${pkg}-${wheel.version}.dist-info`
  const files: Record<string, Buffer> = {}
  const content = wheel.files ?? { [`${pkg}/__init__.py`]: `TAG = ${JSON.stringify(wheel.tag)}\nVERSION = ${JSON.stringify(wheel.version)}\n` }
  for (const [name, data] of Object.entries(content)) files[name] = Buffer.isBuffer(data) ? data : Buffer.from(data)
  const metadata = ['Metadata-Version: 2.1', `Name: ${wheel.name}`, `Version: ${wheel.version}`, ...(wheel.requiresPython ? [`Requires-Python: ${wheel.requiresPython}`] : []), ...(wheel.metadata ?? []), ...(wheel.requires ?? []).map(r => `Requires-Dist: ${r}`), '']
  files[`${distInfo}/METADATA`] = Buffer.from(metadata.join('\n'))
  const pure = wheel.tag.endsWith('-none-any')
  files[`${distInfo}/WHEEL`] = Buffer.from(`Wheel-Version: 1.0\nGenerator: spindrift-tests\nRoot-Is-Purelib: ${pure}\nTag: ${wheel.tag}\n`)
  const record = Object.entries(files).map(([name, data]) => `${name},sha256=${createHash('sha256').update(data).digest('base64url')},${data.length}`)
  record.push(`${distInfo}/RECORD,,`)
  files[`${distInfo}/RECORD`] = Buffer.from(record.join('\n') + '\n')
  const zip = new AdmZip()
  for (const [name, data] of Object.entries(files)) zip.addFile(name, data)
  const file = path.join(dir, wheelFileName(wheel))
  mkdirSync(dir, { recursive: true })
  zip.writeZip(file)
  return file
}

/** Write wheels (and sdists) into root/files and a simple index into root/simple; returns the index URL for pip. */
export function makeIndex(root: string, wheels: FakeWheel[], sdists: FakeSdist[] = []): string {
  const filesDir = path.join(root, 'files')
  mkdirSync(filesDir, { recursive: true })
  const byProject = new Map<string, string[]>()
  const add = (name: string, file: string) => byProject.set(normalise(name), [...(byProject.get(normalise(name)) ?? []), file])
  // PEP 503's data-requires-python, as real indexes give it: pip skips such files before downloading them.
  const requiresPython = new Map<string, string>()
  for (const wheel of wheels) {
    const file = makeWheel(filesDir, wheel)
    if (wheel.requiresPython) requiresPython.set(path.basename(file), wheel.requiresPython)
    add(wheel.name, file)
  }
  for (const sdist of sdists) add(sdist.name, makeSdist(filesDir, sdist))
  const simple = path.join(root, 'simple')
  mkdirSync(simple, { recursive: true })
  const links = [...byProject.keys()].map(p => `<a href="${p}/">${p}</a>`)
  writeFileSync(path.join(simple, 'index.html'), `<!DOCTYPE html><html><body>${links.join('\n')}</body></html>\n`)
  for (const [project, files] of byProject) {
    mkdirSync(path.join(simple, project), { recursive: true })
    // The #sha256 fragment is what lockers (uv) record as each file's hash, and what pip verifies.
    const attribute = (f: string) => (requiresPython.has(path.basename(f)) ? ` data-requires-python="${requiresPython.get(path.basename(f))!.replace(/</g, '&lt;').replace(/>/g, '&gt;')}"` : '')
    const anchors = files.map(f => `<a href="../../files/${path.basename(f)}#sha256=${sha256File(f)}"${attribute(f)}>${path.basename(f)}</a>`)
    writeFileSync(path.join(simple, project, 'index.html'), `<!DOCTYPE html><html><body>${anchors.join('\n')}</body></html>\n`)
  }
  return pathToFileURL(simple).href
}

/** Hex SHA-256 of a file: the hash a lock records for it. */
export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

/** The index tree on 127.0.0.1 over HTTP, counting wheel downloads that are not pip's or uv's (the fast path's). */
export async function serveIndex(root: string): Promise<{ url: string; downloads: () => number; close: () => void }> {
  let downloads = 0
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x')
    let file = path.join(root, decodeURIComponent(url.pathname))
    if (file.endsWith('/')) file = path.join(file, 'index.html')
    if (file.endsWith('.whl') && !/^(pip|uv)\//.test(request.headers['user-agent'] ?? '')) downloads++
    try {
      const data = readFileSync(file)
      response.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : 'application/octet-stream' })
      response.end(data)
    } catch {
      response.writeHead(404)
      response.end()
    }
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return { url: `http://127.0.0.1:${port}/simple/`, downloads: () => downloads, close: () => (server.closeAllConnections(), server.close()) }
}
