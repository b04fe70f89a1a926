import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { SpindriftError } from '../common/errors.js'
import { stripCredentials } from '../common/credentials.js'
import { canonicalName } from '../common/names.js'
import { get, type GetResponse } from '../common/http.js'

/** One file a package index lists for a project. */
export interface IndexFile {
  filename: string
  yanked: boolean
  /** The file's Requires-Python, when the index gives it (PEP 503 data-requires-python, PEP 691 requires-python). */
  requiresPython?: string
  /** ISO 8601 upload time, when the index gives it (PEP 700, JSON pages only). */
  uploadTime?: string
  /** Where the file is (absolute), and its sha256 when the index gives one: what a lock's hashes are matched to. */
  url?: string
  sha256?: string
}

/**
 * The files an index lists for a project: PEP 691 JSON when the index speaks it, else the PEP 503 simple
 * HTML page; a file:// index is read from disk. Only file names are needed to tell which wheel fits.
 */
export async function projectFiles(indexUrl: string, project: string, timeoutMs = 30_000): Promise<IndexFile[]> {
  const url = `${indexUrl.replace(/\/+$/, '')}/${canonicalName(project)}/`
  if (url.startsWith('file:')) {
    const dir = fileURLToPath(url)
    for (const name of ['index.json', 'index.html']) {
      const file = `${dir}${name}`
      if (existsSync(file)) return name.endsWith('.json') ? fromJson(readFileSync(file, 'utf8'), url) : fromHtml(readFileSync(file, 'utf8'), url)
    }
    return []
  }
  let response: GetResponse
  try {
    response = await get(url, { headers: { Accept: 'application/vnd.pypi.simple.v1+json, text/html;q=0.1' }, timeoutMs })
  } catch (error) {
    throw new SpindriftError(`Could not read ${stripCredentials(url)} (${(error as Error).message}); check package.index-url and the network.`)
  }
  if (response.status === 404) return []
  if (response.status < 200 || response.status > 299) throw new SpindriftError(`${stripCredentials(url)} answered HTTP ${response.status}; check package.index-url and its credentials.`)
  const body = response.body.toString('utf8')
  return String(response.headers['content-type'] ?? '').includes('json') ? fromJson(body, url) : fromHtml(body, url)
}

/** An href made absolute against the page, or undefined when it is not a URL. */
function absolute(href: string | undefined, page: string): string | undefined {
  try {
    return href ? new URL(href, page).href : undefined
  } catch {
    return undefined
  }
}

function fromJson(text: string, page: string): IndexFile[] {
  const data = JSON.parse(text) as { files?: { filename: string; yanked?: unknown; url?: string; 'requires-python'?: unknown; 'upload-time'?: unknown; hashes?: { sha256?: unknown } }[] }
  return (data.files ?? []).map(f => ({
    filename: f.filename,
    yanked: Boolean(f.yanked),
    url: absolute(f.url, page),
    ...(typeof f['requires-python'] === 'string' && f['requires-python'] && { requiresPython: f['requires-python'] }),
    ...(typeof f['upload-time'] === 'string' && { uploadTime: f['upload-time'] }),
    ...(typeof f.hashes?.sha256 === 'string' && { sha256: f.hashes.sha256.toLowerCase() })
  }))
}

function fromHtml(html: string, page: string): IndexFile[] {
  const files: IndexFile[] = []
  for (const m of html.matchAll(/<a\s([^>]*)>([^<]*)<\/a>/gi)) {
    const name = m[2].trim()
    const requires = /data-requires-python\s*=\s*"([^"]*)"/i.exec(m[1])?.[1]
    const href = /href\s*=\s*["']([^"']*)["']/i.exec(m[1])?.[1]?.replace(/&amp;/g, '&')
    const sha256 = /#(?:.*&)?sha256=([0-9a-f]{64})/i.exec(href ?? '')?.[1]?.toLowerCase()
    if (name) files.push({ filename: decodeURIComponent(name), yanked: /data-yanked/i.test(m[1]), url: absolute(href, page), sha256, ...(requires && { requiresPython: unescapeHtml(requires) }) })
  }
  return files
}

function unescapeHtml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#39);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" })[e] as string)
}
