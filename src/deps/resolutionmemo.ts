// The resolution memo: an unlocked set's resolution is kept under <cacheDir>/resolutions/<key>.json with a digest
// of every index page and find-links location pip read for it. A later build that finds every one of them as it
// was (and the memo under a day old) takes the resolution from the memo instead of running pip's resolver: what
// pip reads is all that decides what it picks, so the answer would be the same. Anything changed, unreadable or
// unexpected means resolving again, never an error.
// The digests can only be taken after pip has read the pages: a release published in between would pair the
// old answer with the new page. So a memo is trusted only once confirmed: pip resolved while every page read
// the same just before and just after it ran. A first resolution is kept unconfirmed; the next build with
// unchanged pages resolves once more, and that run confirms it.
import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Environment, Logger } from '../common/log.js'
import { makeFolders, replaceFile } from '../common/fs.js'
import { get, proxyVariable } from '../common/http.js'
import { markUsed } from './maintenance.js'
import { indexesOf } from './indexprobe.js'
import { indexOptionLines } from '../common/requirementfiles.js'
import type { IndexOptions } from '../config/plan.js'
import { PipPagesReader, withCredentials, type PipSource } from './pippages.js'

/** Bump when the memo's shape or meaning changes: older memos then stop matching. */
const MEMO_FORMAT = 2
/** A memo older than this is resolved again whatever the pages say (a last guard against what pages cannot show). */
export const MEMO_MAX_AGE_MS = 24 * 60 * 60 * 1000
/** pip's own Accept header for index pages (pip/_internal/index/collector.py), so the index answers as it did to pip. */
const PIP_ACCEPT = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'

interface SourceDigest extends PipSource {
  /** sha256 (hex) of what was read, or "missing" (HTTP 404, no such file or folder). */
  digest: string
}

interface Memo<T> {
  format: number
  key: string
  createdAt: number
  sources: SourceDigest[]
  /** True when the pages read the same just before and just after the pip run that gave `value`. */
  confirmed: boolean
  value: T
}

export interface MemoInputs {
  cacheDir?: string
  installer: 'pip' | 'uv'
  /** Everything the resolution depends on besides what pip reads: the requirement set's key parts, interpreter, installer. */
  keyParts: unknown
  /** Requirement lines as normalised for the key: a direct URL among them is read outside any index page. */
  normalised: readonly string[]
  /** Index and find-links URLs as configured, credentials included: put back into pip's redacted URLs. */
  configuredUrls: readonly string[]
  env: Environment
  logger: Logger
}

/**
 * The resolution `resolve` gives, or the memo's when nothing pip read has changed since. `resolve` is handed a
 * line observer for pip's -vv output; `isValue` says whether a memo's stored value has the expected shape.
 */
export async function rememberedResolution<T>(inputs: MemoInputs, resolve: (onLine?: (line: string) => void) => Promise<T | undefined>, isValue: (value: unknown) => value is T): Promise<T | undefined> {
  // Nothing to resolve: nothing to remember either.
  if (inputs.normalised.length === 0) return resolve()
  const why = notRememberable(inputs)
  if (why) {
    inputs.logger.debug(`The resolution is not remembered: ${why}.`)
    return resolve()
  }
  const key = createHash('sha256').update(JSON.stringify([MEMO_FORMAT, inputs.keyParts])).digest('hex').slice(0, 40)
  const file = path.join(inputs.cacheDir as string, 'resolutions', `${key}.json`)
  const memo = readMemo(file, key, isValue)
  // The pages as read just before pip runs, when a memo says which: read the same after it, they confirm its answer.
  let before: SourceDigest[] | undefined
  if (memo) {
    const { changed, now } = await readAgain(memo.sources, inputs.configuredUrls)
    before = now
    if (!changed && !memo.confirmed) {
      inputs.logger.debug('Resolving once more: a remembered resolution is used only once a run between two equal readings of its pages confirms it.')
    } else if (!changed) {
      markUsed(file)
      const pages = memo.sources.filter(s => s.kind === 'page').length
      const links = memo.sources.length - pages
      const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
      inputs.logger.info(`Resolution unchanged: the ${counted(pages, 'index page')} pip read${links ? ` and ${counted(links, 'find-links location')}` : ''} are as they were, so pip's resolver does not run`)
      return memo.value
    } else inputs.logger.debug(`Resolving again: ${changed} changed since the last resolution.`)
  }
  const reader = new PipPagesReader()
  const value = await resolve(line => reader.line(line))
  if (value === undefined) return value
  const reading = reader.reading()
  if (reading.fetchFailed) inputs.logger.debug('The resolution is not remembered: pip could not read an index page.')
  // No page read (pip's wording changed, or only local packages without dependencies): nothing to check it by.
  else if (reading.lookups === 0 || reading.sources.length === 0) inputs.logger.debug("The resolution is not remembered: pip's output named no index page it read.")
  else await remember(file, key, reading.sources, value, before, inputs)
  return value
}

/** The index and find-links URLs an install is told about, with their credentials (pip prints them redacted). */
export function configuredUrls(index: IndexOptions, requirementFiles: string[], env: Environment): string[] {
  const findLinks = indexOptionLines(requirementFiles)
    .map(line => /^(?:-f|--find-links) (\S+)/.exec(line)?.[1])
    .filter((url): url is string => Boolean(url))
  return [...new Set([...indexesOf(index, requirementFiles, env), ...findLinks, ...(env.PIP_FIND_LINKS ?? '').split(/\s+/).filter(Boolean)])]
}

/** Why this resolution cannot be checked by its pages, or undefined when it can. */
function notRememberable(inputs: MemoInputs): string | undefined {
  if (!inputs.cacheDir) return 'no cache folder'
  if (inputs.installer !== 'pip') return 'only resolutions by pip are remembered (uv does not say which pages it read)'
  const proxy = proxyVariable(inputs.env)
  if (proxy) return `${proxy} is set, and what pip saw through the proxy cannot be read again the same way`
  const direct = inputs.normalised.find(line => !/^(-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host)\b/.test(line) && /[a-z][a-z0-9+.-]*:\/\//i.test(line))
  if (direct) return `"${direct.split(/\s/)[0]}" is read from its URL, not from an index page`
  return undefined
}

function readMemo<T>(file: string, key: string, isValue: (value: unknown) => value is T): Memo<T> | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
  const memo = parsed as Partial<Memo<unknown>> | null
  if (!memo || typeof memo !== 'object' || memo.format !== MEMO_FORMAT || memo.key !== key) return undefined
  const age = Date.now() - Number(memo.createdAt)
  if (!Number.isFinite(age) || age < 0 || age >= MEMO_MAX_AGE_MS) return undefined
  const sourceOk = (s: unknown): s is SourceDigest => {
    const source = s as Partial<SourceDigest> | null
    return Boolean(source) && (source?.kind === 'page' || source?.kind === 'links') && typeof source?.url === 'string' && typeof source?.digest === 'string' && /^([0-9a-f]{64}|missing)$/.test(source.digest)
  }
  if (!Array.isArray(memo.sources) || !memo.sources.every(sourceOk) || typeof memo.confirmed !== 'boolean' || !isValue(memo.value)) return undefined
  return memo as Memo<T>
}

/**
 * Store what pip read with the resolution; nothing is stored when a page cannot be read back. Confirmed when
 * `before` (the pages as read just before pip ran) names the same sources with the same digests.
 */
async function remember<T>(file: string, key: string, sources: PipSource[], value: T, before: SourceDigest[] | undefined, inputs: MemoInputs): Promise<void> {
  const digests = await Promise.all(sources.map(async source => ({ ...source, digest: await digestOf(source, inputs.configuredUrls) })))
  const unreadable = digests.find(d => d.digest === undefined)
  if (unreadable) {
    inputs.logger.debug(`The resolution is not remembered: ${unreadable.url} cannot be read back as pip read it.`)
    return
  }
  const read = digests as SourceDigest[]
  const asRead = (list: SourceDigest[]) => list.map(s => `${s.kind} ${s.url} ${s.digest}`).sort().join('\n')
  const confirmed = before !== undefined && asRead(before) === asRead(read)
  const memo: Memo<T> = { format: MEMO_FORMAT, key, createdAt: Date.now(), sources: read, confirmed, value }
  try {
    makeFolders(path.dirname(file))
    replaceFile(file, Buffer.from(JSON.stringify(memo)), `${file}.${randomBytes(4).toString('hex')}.tmp`)
  } catch {
    // A read-only or full cache: the next build resolves again.
  }
}

/**
 * Every source read again at once: the first whose digest differs now (undefined when none does), and the
 * digests now (undefined when one cannot be read).
 */
async function readAgain(sources: SourceDigest[], configured: readonly string[]): Promise<{ changed?: string; now?: SourceDigest[] }> {
  const now = await Promise.all(sources.map(source => digestOf(source, configured)))
  const index = sources.findIndex((source, i) => now[i] !== source.digest)
  const readable = now.every((digest): digest is string => digest !== undefined)
  return { changed: index < 0 ? undefined : sources[index].url, now: readable ? sources.map((source, i) => ({ ...source, digest: now[i] as string })) : undefined }
}

/** sha256 of what pip would read at a source now, "missing", or undefined when it cannot be read as pip would. */
async function digestOf(source: PipSource, configured: readonly string[]): Promise<string | undefined> {
  if (/^https?:\/\//i.test(source.url)) return pageDigest(source.url, configured)
  let local: string
  try {
    local = source.url.startsWith('file:') ? fileURLToPath(source.url) : source.url
  } catch {
    return undefined
  }
  if (!path.isAbsolute(local)) return undefined
  const stat = statOf(local)
  if (!stat) return 'missing'
  if (stat.isFile()) return fileDigest(local)
  if (!stat.isDirectory()) return 'missing'
  // An index's project folder is read as its index.html; a find-links folder as the files in it.
  if (source.kind === 'page') return fileDigest(path.join(local, 'index.html'))
  const listing = readdirSync(local)
    .sort()
    .map(name => {
      const entry = statOf(path.join(local, name))
      return `${name}\0${entry?.size ?? -1}\0${entry?.mtimeMs ?? -1}`
    })
  return sha256(Buffer.from(listing.join('\n')))
}

async function pageDigest(printed: string, configured: readonly string[]): Promise<string | undefined> {
  const full = withCredentials(printed, configured)
  if (!full) return undefined
  try {
    // The memo's answer must be the page pip read: pip's Accept, and no cached copy from the way.
    const response = await get(full, { headers: { Accept: PIP_ACCEPT, 'Cache-Control': 'max-age=0' }, timeoutMs: 15_000 })
    if (response.status === 404) return 'missing'
    if (response.status < 200 || response.status > 299) return undefined
    return sha256(response.body)
  } catch {
    return undefined
  }
}

function fileDigest(file: string): string {
  try {
    return sha256(readFileSync(file))
  } catch {
    return 'missing'
  }
}

function statOf(file: string) {
  try {
    return statSync(file)
  } catch {
    return undefined
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}
