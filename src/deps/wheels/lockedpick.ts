// A lock already names every file it allows (a sha256 per file, per package), so which wheel to ship needs no
// resolver: the index page of each package says which of those files are wheels and for which tags, and the
// one ranking first on the target is the one pip or uv would install. No installer runs; every file is still
// checked against the lock's hash when it is fetched (download.ts). Anything this cannot decide exactly as the
// installer would is left to the installer's own route, with the reason.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { stripCredentials } from '../../common/credentials.js'
import { proxyVariable } from '../../common/http.js'
import type { Environment } from '../../common/log.js'
import { indexOptionLines } from '../../common/requirementfiles.js'
import { SpindriftError } from '../../common/errors.js'
import { byName, canonicalName } from '../../common/names.js'
import type { IndexOptions, Target } from '../../config/plan.js'
import { findLinksFolder, installerSettings, isInertPipKey, pipConfigEntries, uvConfigKeys } from '../../python/installerconfig.js'
import { projectFiles, type IndexFile } from '../indexpages.js'
import { indexesOf } from '../indexprobe.js'
import type { LockedPackage, LockedSet } from '../locks/lock.js'
import { sameVersion } from '../pep508.js'
import { versionOf } from '../provenance.js'
import { parseWheel, supportedTags } from '../wheeltags.js'
import type { ChosenWheel } from './select.js'

export type PickInputs = Target & IndexOptions & { projectDir: string }

/** The installer's index variables that indexesOf reads, pip's find-links (read here too) and the configuration file variables (whose files' keys are checked). */
const FOLLOWED = /^(PIP_INDEX_URL|PIP_EXTRA_INDEX_URL|PIP_FIND_LINKS|PIP_CONFIG_FILE|UV_INDEX_URL|UV_DEFAULT_INDEX|UV_EXTRA_INDEX_URL|UV_CONFIG_FILE|UV_NO_CONFIG)=/

/**
 * uv settings (uv.toml keys, [tool.uv] keys) that cannot change which file of a locked version uv installs:
 * the project's layout, resolution-only inputs (the lock already holds the outcome), cache and output tuning.
 * Anything else (indexes, find-links, no-binary, exclude-newer, a [pip] table…) leaves the choice to uv.
 */
const UV_INERT_KEYS = new Set([
  'dev-dependencies', 'default-groups', 'package', 'workspace', 'managed', 'conflicts', 'required-version', 'sources',
  'environments', 'required-environments', 'constraint-dependencies', 'override-dependencies', 'build-constraint-dependencies',
  'build-backend', 'cache-keys', 'cache-dir', 'no-cache', 'python-preference', 'python-downloads', 'link-mode',
  'compile-bytecode', 'native-tls', 'concurrent-downloads', 'concurrent-builds', 'concurrent-installs', 'preview'
])

/** Where the installer looks for files: its indexes (pip: all of them; uv: the first that has the package) and pip's local find-links folders. */
interface Places {
  indexes: string[]
  folders: string[]
}

/**
 * The wheel of every locked package for the target, read from the indexes, or why the installer must choose
 * (a sentence fragment for one log line).
 */
export async function pickLockedWheels(plan: PickInputs, locked: LockedSet, installer: 'pip' | 'uv', files: string[], prefix: string | undefined, env: Environment): Promise<ChosenWheel[] | string> {
  if (locked.packages.some(p => p.source || p.hashes.length === 0)) return 'the lock names a package without file hashes, or one that does not come from an index'
  const places = placesOf(plan, installer, files, prefix, env)
  if (typeof places === 'string') return places
  try {
    const picks = await Promise.all(locked.packages.map(p => pickOne(plan, p, places, installer)))
    const why = picks.find((pick): pick is string => typeof pick === 'string')
    return why ?? (picks as ChosenWheel[]).sort(byName)
  } catch (error) {
    // An index that cannot be read here: the installer reads it its own way (.netrc, keyring) or says what is wrong.
    if (error instanceof SpindriftError) return error.message.replace(/\.$/, '')
    throw error
  }
}

/** Where the installer would look, or why that cannot be known here: a setting of its own this route does not follow. */
function placesOf(plan: PickInputs, installer: 'pip' | 'uv', files: string[], prefix: string | undefined, env: Environment): Places | string {
  const proxy = proxyVariable(env)
  if (proxy) return `${proxy} is set, and only ${installer} goes through the proxy`
  const settings = installerSettings(installer, plan.projectDir, prefix, env)
  const variable = settings.find(setting => /^[A-Z0-9_]+=/.test(setting) && !FOLLOWED.test(setting))
  if (variable) return `${installer} has the setting ${variable.replace(/=.*/, '')} of its own`
  if (installer === 'pip') {
    const entry = pipConfigEntries(prefix, env).find(e => !isInertPipKey(e.key))
    if (entry) return `pip's configuration sets ${entry.key}`
  } else {
    const key = uvConfigKeys(plan.projectDir, env).find(k => !UV_INERT_KEYS.has(k))
    if (key) return `uv's configuration sets ${key}`
  }
  const lines = indexOptionLines(files)
  const option = lines.find(line => !/^(?:-i|--index-url|--extra-index-url|-f|--find-links) \S+$/.test(line))
  if (option) return `the requirements files set ${option.split(' ')[0]}`
  const links = [...lines.flatMap(line => /^(?:-f|--find-links) (\S+)$/.exec(line)?.[1] ?? []), ...(installer === 'pip' ? (env.PIP_FIND_LINKS ?? '').split(/\s+/).filter(Boolean) : [])]
  const folders: string[] = []
  for (const link of links) {
    const folder = findLinksFolder(link, plan.projectDir)
    if (!folder || installer !== 'pip') return `${installer} also looks for files at ${stripCredentials(link)}`
    folders.push(folder)
  }
  const named = indexesOf(plan, files, env)
  return { indexes: named.length ? named : ['https://pypi.org/simple'], folders }
}

/** A file the installer may take; `local` when it sits in a find-links folder, whose hash pip learns only by reading it. */
export type ListedFile = IndexFile & { local?: boolean }

/** The files of one version of a project in a find-links folder, hashed here (the lock must name the one taken). */
function folderFiles(folder: string, project: string, version: string): ListedFile[] {
  return readdirSync(folder)
    .filter(name => ofVersion(name, project, version))
    .map(name => {
      const file = path.join(folder, name)
      return { filename: name, yanked: false, local: true, url: pathToFileURL(file).href, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') }
    })
}

async function pickOne(plan: PickInputs, p: LockedPackage, places: Places, installer: 'pip' | 'uv'): Promise<ChosenWheel | string> {
  const locked = new Set(p.hashes.map(h => h.replace(/^sha256:/, '')))
  const listed: ListedFile[] = places.folders.flatMap(folder => folderFiles(folder, p.name, p.version))
  for (const index of places.indexes) {
    const files = (await projectFiles(index, p.name)).filter(f => ofVersion(f.filename, p.name, p.version))
    listed.push(...files)
    if (installer === 'uv' && files.length) break
  }
  if (listed.length === 0) return `no index lists ${p.name} ${p.version}`
  const best = installerChoice(listed, locked, plan, plan.platformTags)?.file
  if (!best) return `none of the files of ${p.name} ${p.version} the lock allows is a wheel for the target`
  if (!best.sha256 || !locked.has(best.sha256) || !best.url) return `${best.filename} comes first for the target, and its hash is not known before it is fetched`
  // Every line of a lock is asked for by name, so pip writes REQUESTED for each (uv does for every package).
  return { name: canonicalName(p.name), version: p.version, filename: best.filename, url: best.url, sha256: best.sha256, requested: true }
}

/**
 * The file the installer takes among one version's, as pip orders them under hashes: a file whose index-given
 * hash the lock names before one whose hash is not known yet (a find-links file, an index without hashes), a
 * file with another hash left out; then not yanked before yanked (a pin lets a yanked file in), the best-ranked
 * tag on the target, the higher build number. Without `locked` (no hashes to go by) every file counts. With
 * the tag it is taken for; undefined when no wheel fits.
 */
export function installerChoice<F extends ListedFile>(files: F[], locked: Set<string> | undefined, target: Pick<Target, 'runtime' | 'architecture'>, platforms: string[]): { file: F; tag: string } | undefined {
  const ranks = supportedTags(target, platforms)
  const rankOf = new Map(ranks.map((tag, i) => [tag, i]))
  const scored = files.flatMap(file => {
    const allowed = !locked || (!file.local && file.sha256 !== undefined && locked.has(file.sha256))
    if (locked && !file.local && file.sha256 !== undefined && !allowed) return []
    const wheel = parseWheel(file.filename)
    const rank = wheel ? Math.min(...wheel.tags.map(t => rankOf.get(`${t.python}-${t.abi}-${t.platform}`) ?? Infinity)) : Infinity
    return rank === Infinity ? [] : [{ file, allowed, rank, build: buildNumber(file.filename) }]
  })
  scored.sort((a, b) => Number(b.allowed) - Number(a.allowed) || Number(a.file.yanked) - Number(b.file.yanked) || a.rank - b.rank || b.build - a.build)
  return scored[0] && { file: scored[0].file, tag: ranks[scored[0].rank] }
}

/** A wheel's optional build tag (`name-1.0-2-py3-none-any.whl`), by its leading number; 0 without one. */
function buildNumber(filename: string): number {
  const parts = filename.replace(/\.whl$/, '').split('-')
  return parts.length === 6 ? Number(/^\d+/.exec(parts[2])?.[0] ?? 0) : 0
}

/** Is this file one of the project's, of the locked version? */
function ofVersion(filename: string, project: string, version: string): boolean {
  const found = versionOf(filename, project)
  return found !== undefined && sameVersion(found, version)
}
