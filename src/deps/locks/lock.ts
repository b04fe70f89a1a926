import { existsSync, statSync } from 'node:fs'
import { stripCredentials } from '../../common/credentials.js'
import { SpindriftError, quote } from '../../common/errors.js'
import { canonicalName } from '../../common/names.js'
import type { Target } from '../../config/plan.js'

/**
 * Where a locked package comes from when it is not an index: a git commit, an archive URL, a local archive
 * or a local folder. Each is installed exactly as locked and keyed in the cache by what was locked.
 */
export type LockedSource =
  /** The full commit the lock recorded (never a branch name); subdirectory inside the repository. */
  | { kind: 'git'; url: string; commit: string; subdirectory?: string }
  /** An archive (wheel or sdist) at a URL, verified by the lock's hashes (LockedPackage.hashes). */
  | { kind: 'url'; url: string; subdirectory?: string }
  /** A local archive (wheel or sdist): keyed by its bytes, checked against the lock's hashes when it has any. */
  | { kind: 'file'; path: string }
  /** A local folder (a workspace member, a path dependency): built and installed as a package, never editable. */
  | { kind: 'directory'; path: string; editable?: boolean }

/** One distribution a lock pins for the target. */
export interface LockedPackage {
  name: string
  version: string
  /** "sha256:<hex>" of every file the lock records for this version (pip takes any that matches). */
  hashes: string[]
  /** Set when the package does not come from an index. */
  source?: LockedSource
}

/** What a lock yields for the target: the packages to install, and how the user refreshes it. */
export interface LockedSet {
  /** "uv.lock", "poetry.lock", "pylock.toml", "Pipfile.lock", "pinned requirements". */
  format: string
  file: string
  packages: LockedPackage[]
  /** How the user regenerates the lock, as a phrase ('run "uv lock"'): named when what it records no longer holds. */
  relock?: string
}

/** What decides which of a lock's packages are installed: the target and the groups and extras asked for. */
export interface LockSelection extends Pick<Target, 'runtime' | 'architecture'> {
  projectDir: string
  groups: string[]
  extras: string[]
}

/** One lock format: the file names it is found under, and its reader. */
export interface LockFormat {
  name: string
  /** The refresh command named when the lock is stale. */
  refresh: string
  /** The same as a phrase for other sentences ('run "uv lock"'). */
  relock: string
  matches(fileName: string): boolean
  read(file: string, selection: LockSelection): LockedSet
}

import { table, text } from '../../common/tomlfile.js'

export { list, readPyproject, readToml, table, text } from '../../common/tomlfile.js'

/** "sha256:<hex>" from the spellings locks use ("sha256:…", "sha256=…", or { sha256 = "…" }). */
export function sha256Of(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const m = /^sha256[:=]([0-9a-f]{64})$/i.exec(value.trim())
    return m ? `sha256:${m[1].toLowerCase()}` : undefined
  }
  const hex = text(table(value).sha256)
  return hex && /^[0-9a-f]{64}$/i.test(hex) ? `sha256:${hex.toLowerCase()}` : undefined
}

/** The groups and extras a project asked for that the lock does not know: a typo would silently install less. */
export function checkKnown(kind: 'group' | 'extra', asked: string[], known: Iterable<string>, file: string): void {
  const names = new Set([...known].map(canonicalName))
  const missing = asked.filter(a => !names.has(canonicalName(a)))
  if (missing.length === 0) return
  const setting = kind === 'group' ? 'package.groups' : 'package.extras'
  const offered = [...names].sort()
  throw new SpindriftError(`${setting} names the ${kind} ${quote(missing[0])}, which ${file} does not have (it has ${offered.length ? offered.map(n => `"${n}"`).join(', ') : `no ${kind}s`}); fix ${setting}.`)
}

/** A stale lock stops the build, as the lockers' own --frozen/--locked installs do. */
export function staleLock(file: string, why: string, refresh: string, against = 'pyproject.toml'): SpindriftError {
  return new SpindriftError(`${file} no longer matches the project's ${against} (${why}), so it does not say what to install; run "${refresh}" and commit the lock.`, { file })
}

/**
 * Python's json.dumps(value, sort_keys=True) with its default ", " and ": " separators or compact ones, non-ASCII
 * escaped as \uXXXX: what Poetry's content-hash and Pipenv's Pipfile hash are computed over.
 */
export function pythonJson(value: unknown, compact = false): string {
  const [comma, colon] = compact ? [',', ':'] : [', ', ': ']
  const dump = (v: unknown): string => {
    if (v === null || v === undefined) return 'null'
    if (typeof v === 'string') return JSON.stringify(v).replace(/[\u0080-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    if (typeof v === 'boolean') return v ? 'true' : 'false'
    if (typeof v === 'number' || typeof v === 'bigint') return String(v)
    if (Array.isArray(v)) return `[${v.map(dump).join(comma)}]`
    if (v instanceof Date) return dump(v.toISOString())
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, x]) => `${dump(k)}${colon}${dump(x)}`).join(comma)}}`
  }
  return dump(value)
}

/** A 40- (SHA-1) or 64-digit (SHA-256) commit id: what makes a git source exact. */
export function isFullCommit(value: string | undefined): value is string {
  return value !== undefined && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(value)
}

/** The sentence for a git source whose lock does not record the commit it was locked at. */
export function noCommit(where: string, url: string, recorded: string | undefined, relock: string): SpindriftError {
  return new SpindriftError(`${where} comes from the git repository ${url} but the lock records ${recorded ? `only "${recorded}", not a full commit id` : 'no commit'}, so what it installs could change under it; ${relock} so that it records the commit, or publish the package to an index.`)
}

/** The sentence for an archive URL the lock records no sha256 for: it could not be verified. */
export function noArchiveHash(where: string, url: string, relock: string): SpindriftError {
  return new SpindriftError(`${where} comes from the archive ${url} but the lock records no sha256 hash for it, so the file that was locked cannot be told from another; ${relock} so that it records the hash, or publish the package to an index.`)
}

/** A local path the lock names as a folder or an archive, by what is there now (a missing path is a sentence). */
export function localSource(where: string, local: string, editable = false): LockedSource {
  if (!existsSync(local)) throw new SpindriftError(`${where} comes from the local path ${local}, which does not exist; restore it, or relock without it.`)
  return statSync(local).isDirectory() ? { kind: 'directory', path: local, ...(editable ? { editable } : {}) } : { kind: 'file', path: local }
}

/** What a source is, in words, for the log and for sentences. */
export function describeSource(source: LockedSource): string {
  switch (source.kind) {
    case 'git':
      return `git ${stripCredentials(source.url)} at commit ${source.commit}${source.subdirectory ? ` (${source.subdirectory})` : ''}`
    case 'url':
      return `the archive ${stripCredentials(source.url)}`
    case 'file':
      return `the local archive ${source.path}`
    case 'directory':
      return `the local folder ${source.path}`
  }
}
