import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { SpindriftError } from '../../common/errors.js'
import { holdsOnTarget } from '../pep508.js'
import { checkKnown, list, pythonJson, readToml, sha256Of, staleLock, table, text, type LockedPackage, type LockFormat } from './lock.js'

/**
 * Pipfile.lock (JSON): "default" holds the app's packages, "develop" (and any other category) only when
 * package.groups names it. Each entry has its version ("==1.0"), hashes and markers. With a Pipfile beside
 * it, the lock's _meta hash must be the Pipfile's (as "pipenv install --deploy" checks).
 */
export const pipfileLock: LockFormat = {
  name: 'Pipfile.lock',
  refresh: 'pipenv lock',
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
        if (text(entry.path) !== undefined || text(entry.file) !== undefined) {
          const local = (text(entry.path) ?? text(entry.file)) as string
          locked.set(name, { name, version: '', hashes: [], directory: path.resolve(path.dirname(file), local) })
          continue
        }
        const pinned = /^===?(.+)$/.exec(text(entry.version) ?? '')
        if (!pinned) throw new SpindriftError(`${where} is not pinned to one version (${text(entry.version) ?? (entry.git ? 'a git source' : 'no version')}); spindrift installs only pinned packages from a lock: run "pipenv lock", or publish it to an index.`)
        locked.set(name, { name, version: pinned[1], hashes: list(entry.hashes).map(sha256Of).filter((h): h is string => Boolean(h)) })
      }
    }
    return { format: 'Pipfile.lock', file, packages: [...locked.values()] }
  }
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
