import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SpindriftError } from '../../common/errors.js'
import { holdsOnTarget } from '../pep508.js'
import { checkKnown, isFullCommit, list, localSource, noArchiveHash, noCommit, pythonJson, readToml, sha256Of, staleLock, table, text, type LockedPackage, type LockedSource, type LockFormat } from './lock.js'

/**
 * Pipfile.lock (JSON): "default" holds the app's packages, "develop" (and any other category) only when
 * package.groups names it. Each entry has its version ("==1.0"), hashes and markers. With a Pipfile beside
 * it, the lock's _meta hash must be the Pipfile's (as "pipenv install --deploy" checks).
 */
export const pipfileLock: LockFormat = {
  name: 'Pipfile.lock',
  refresh: 'pipenv lock',
  relock: 'run "pipenv lock"',
  matches: fileName => fileName === 'Pipfile.lock',
  read(file, selection) {
    let lock: Record<string, unknown>
    try {
      lock = table(JSON.parse(readFileSync(file, 'utf8')))
    } catch (error) {
      throw new SpindriftError(`${file} is not valid JSON (${(error as Error).message.split('\n')[0]}); regenerate it with "pipenv lock".`)
    }
    const pipfile = path.join(path.dirname(file), 'Pipfile')
    if (existsSync(pipfile) && text(table(table(lock._meta).hash).sha256) !== pipfileHash(readToml(pipfile))) throw staleLock(file, 'its hash of the Pipfile differs', this.refresh, 'Pipfile')
    const categories = Object.keys(lock).filter(k => k !== '_meta')
    checkKnown('group', selection.groups, categories.filter(c => c !== 'default'), file)
    if (selection.extras.length) throw new SpindriftError(`package.extras is set, but ${file} has no extras (Pipenv locks categories); use package.groups to name a category.`)
    const locked = new Map<string, LockedPackage>()
    for (const category of ['default', ...selection.groups]) {
      for (const [name, value] of Object.entries(table(lock[category]))) {
        const entry = table(value)
        const where = `${file} (${category}: ${name})`
        if (!holdsOnTarget(text(entry.markers), selection, where)) continue
        const hashes = list(entry.hashes).map(sha256Of).filter((h): h is string => Boolean(h))
        const source = pipfileSource(entry, path.dirname(file), where, this.relock, hashes)
        const pinned = /^===?(.+)$/.exec(text(entry.version) ?? '')
        if (!pinned && !source) throw new SpindriftError(`${where} is not pinned to one version (${text(entry.version) ?? 'no version'}); spindrift installs only pinned packages from a lock: run "pipenv lock", or publish it to an index.`)
        locked.set(name, { name, version: pinned?.[1] ?? '', hashes, ...(source ? { source } : {}) })
      }
    }
    return { format: 'Pipfile.lock', file, packages: [...locked.values()], relock: this.relock }
  }
}

/**
 * An entry's git (with ref, the commit Pipenv locked), file (a URL, or a local archive or folder) or path
 * (a local archive or folder; editable ones installed non-editable); undefined for an index package.
 */
function pipfileSource(entry: Record<string, unknown>, lockDir: string, where: string, relock: string, hashes: string[]): LockedSource | undefined {
  const subdirectory = text(entry.subdirectory)
  const git = text(entry.git)
  if (git !== undefined) {
    const url = git.replace(/^git\+/, '')
    const ref = text(entry.ref)
    if (!isFullCommit(ref)) throw noCommit(where, url, ref, relock)
    return { kind: 'git', url, commit: ref.toLowerCase(), ...(subdirectory ? { subdirectory } : {}) }
  }
  const local = text(entry.path) ?? text(entry.file)
  if (local === undefined) return undefined
  if (/^https?:\/\//i.test(local)) {
    if (hashes.length === 0) throw noArchiveHash(where, local, relock)
    return { kind: 'url', url: local, ...(subdirectory ? { subdirectory } : {}) }
  }
  const filePath = local.startsWith('file:') ? fileURLToPath(local.startsWith('file://') ? local : `file://${local.slice(5)}`) : local
  return localSource(where, path.resolve(lockDir, filePath), entry.editable === true)
}

const PIPFILE_SECTIONS = new Set(['source', 'packages', 'dev-packages', 'requires', 'scripts', 'pipfile', 'pipenv', 'default', 'develop'])
const DEFAULT_SOURCE = [{ name: 'pypi', url: 'https://pypi.org/simple', verify_ssl: true }]

/** Pipenv's hash of a Pipfile (plette's get_hash): its sources, requires and package categories as compact JSON. */
export function pipfileHash(pipfile: Record<string, unknown>): string {
  const data: Record<string, unknown> = {
    _meta: { sources: pipfile.source ?? DEFAULT_SOURCE, requires: pipfile.requires ?? {} },
    default: pipfile.packages ?? {},
    develop: pipfile['dev-packages'] ?? {}
  }
  for (const [category, values] of Object.entries(pipfile)) if (!PIPFILE_SECTIONS.has(category)) data[category] = values
  return createHash('sha256').update(pythonJson(data, true)).digest('hex')
}
