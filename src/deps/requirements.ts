import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { stripCredentials } from '../common/credentials.js'
import { SpindriftError } from '../common/errors.js'
import { readUtf8File } from '../common/fs.js'
import { canonicalName } from '../common/names.js'
import type { LockedPackage, LockedSet } from './locks/lock.js'
import { editableRefused } from './locks/pinned.js'
import type { ChosenWheel } from './wheels/select.js'

/** Requirements one source yields, with what they were read from. */
export interface SourcedRequirements {
  /** The kind of source, in words: "project metadata", "requirements files". */
  source: string
  /** What the requirements were read from, files mostly (for the log, --json and the summary). */
  readFrom: string[]
  /** Requirement strings given to the installer as arguments. */
  requirements: string[]
  /** Requirements files given to the installer with -r. */
  files: string[]
  /** Set when a lock says what to install: exactly these packages, without their dependencies. */
  locked?: LockedSet
}

/** What pip is asked to install, and everything that decides what it will pick. */
export interface RequirementSet {
  /** Requirement strings given to pip as arguments (the project's Requires-Dist). */
  requirements: string[]
  /** Requirements files given to pip with -r. */
  files: string[]
  /**
   * The normalised form hashed into the cache key: requirement lines (files followed through -r/-c, comments
   * and blank lines dropped, credentials removed, local files replaced by their hash), sorted and de-duplicated.
   */
  normalised: string[]
  /** Which sources the set came from, and what each read. */
  sources: { source: string; readFrom: string[] }[]
  /** The locked packages for the target, when a lock is the source. */
  locked?: LockedSet
  /** An unlocked set as resolved for the target (deps/resolve.ts): what the cache key is made of, when known. */
  resolved?: string[]
  /** The wheels that resolution chose (deps/wheels/), or why they cannot be used: not part of the cache key. */
  wheels?: ChosenWheel[] | string
}

/** One set from what the dependency sources read (deps/sources.ts), with its normalised form for the cache key. */
export function gatherRequirements(readings: SourcedRequirements[]): RequirementSet {
  const locked = readings.find(r => r.locked)?.locked
  if (locked) {
    // A locked set is its own key: exact versions and file hashes, local folders by their content.
    const normalised = locked.packages.map(lockedKeyLine).sort()
    return { requirements: [], files: [], normalised, sources: readings.map(({ source, readFrom }) => ({ source, readFrom })), locked }
  }
  const requirements = readings.flatMap(r => r.requirements)
  const files = readings.flatMap(r => r.files)
  const lines = [...requirements]
  for (const file of files) lines.push(...readRequirementLines(file, new Set()))
  const normalised = [...new Set(lines.map(line => canonicalRequirement(stripCredentials(line))))].sort()
  return { requirements, files, normalised, sources: readings.map(({ source, readFrom }) => ({ source, readFrom })) }
}

/**
 * One locked package as it enters the cache key, by what was locked: name, version and file hashes; a git
 * source's URL and commit; an archive URL and its hashes; a local archive's bytes; a local folder's content.
 */
function lockedKeyLine(p: LockedPackage): string {
  const name = canonicalName(p.name)
  const hashes = [...p.hashes].sort().join(' ')
  const source = p.source
  if (!source) return `${name}==${p.version} ${hashes}`.trim()
  const sub = 'subdirectory' in source && source.subdirectory ? ` subdirectory=${source.subdirectory}` : ''
  switch (source.kind) {
    case 'git':
      return `${name} @ git+${stripCredentials(source.url)}@${source.commit}${sub}`
    case 'url':
      return `${name} @ ${stripCredentials(source.url)}${sub} ${hashes}`
    case 'file':
      return `${name} @ ${path.basename(source.path)} sha256=${createHash('sha256').update(readFileSync(source.path)).digest('hex')}`
    case 'directory':
      return `${name} @ ${path.basename(source.path)} content=${folderHash(source.path)}`
  }
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/
const SPECIFIER = /^(~=|===|==|!=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+$/
const MARKER_TOKEN = /\s*(?:"([^"]*)"|'([^']*)'|(<=|>=|==|!=|~=|===|<|>|\(|\))|([A-Za-z0-9_.]+))/y

/**
 * One spelling of a simple PEP 508 requirement, for the cache key: the same requirement written by a person in
 * pyproject.toml ("Flask >= 3, <4") and by a build backend in METADATA ("flask<4,>=3") must give one key.
 * Names and extras are normalised, specifiers sorted, a marker re-spaced and double-quoted. Anything else (URLs,
 * options, hashes) is returned unchanged: a different spelling then only means a different key.
 */
export function canonicalRequirement(line: string): string {
  const name = NAME.exec(line)
  if (!name || line.includes('@')) return line
  let rest = line.slice(name[0].length)
  let extras = ''
  const extrasMatch = /^\[([^\]]*)\]\s*/.exec(rest)
  if (extrasMatch) {
    const list = extrasMatch[1].split(',').map(e => e.trim()).filter(Boolean)
    if (list.some(e => !/^[A-Za-z0-9._-]+$/.test(e))) return line
    extras = list.length ? `[${[...new Set(list.map(canonicalName))].sort().join(',')}]` : ''
    rest = rest.slice(extrasMatch[0].length)
  }
  const semicolon = rest.indexOf(';')
  let specifierText = (semicolon < 0 ? rest : rest.slice(0, semicolon)).trim()
  if (specifierText.startsWith('(') && specifierText.endsWith(')')) specifierText = specifierText.slice(1, -1)
  const specifiers = specifierText ? specifierText.split(',').map(s => s.replace(/\s+/g, '')) : []
  if (specifiers.some(s => !SPECIFIER.test(s))) return line
  let marker = ''
  if (semicolon >= 0) {
    const tokens = markerTokens(rest.slice(semicolon + 1))
    if (!tokens) return line
    marker = `; ${tokens.join(' ')}`
  }
  return `${canonicalName(name[1])}${extras}${[...specifiers].sort().join(',')}${marker}`
}

/** A marker's tokens with strings double-quoted, or undefined if it holds anything unexpected. */
function markerTokens(marker: string): string[] | undefined {
  const tokens: string[] = []
  MARKER_TOKEN.lastIndex = 0
  while (MARKER_TOKEN.lastIndex < marker.length) {
    if (/^\s*$/.test(marker.slice(MARKER_TOKEN.lastIndex))) break
    const match = MARKER_TOKEN.exec(marker)
    if (!match) return undefined
    const quoted = match[1] ?? match[2]
    if (quoted !== undefined && quoted.includes('"')) return undefined
    tokens.push(quoted !== undefined ? `"${quoted}"` : match[3] ?? match[4])
  }
  return tokens.length ? tokens : undefined
}

/** A requirements file's logical lines, with included files expanded and local files pinned by content hash. */
function readRequirementLines(file: string, seen: Set<string>): string[] {
  const resolved = path.resolve(file)
  if (seen.has(resolved)) return []
  seen.add(resolved)
  const dir = path.dirname(resolved)
  const text = readUtf8File(resolved, 'Requirements file').replace(/\\\r?\n/g, ' ')
  const out: string[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim().replace(/\s+/g, ' ')
    if (!line) continue
    const include = /^(-r|--requirement|-c|--constraint)[ =](.+)$/.exec(line)
    if (include) {
      const target = path.resolve(dir, include[2].trim())
      if (!existsSync(target)) {
        throw new SpindriftError(`${file} includes ${include[2].trim()}, which does not exist; fix the ${include[1]} line.`)
      }
      out.push(...readRequirementLines(target, seen))
      continue
    }
    // pip's editable install ships a finder (or .pth) pointing at this machine's folder: never on Lambda.
    if (/^(-e|--editable)[ =]/.test(line)) throw editableRefused(file, line)
    out.push(pinLocalFile(line, dir))
  }
  return out
}

/** A line naming a local wheel or archive is keyed by that file's content, so editing the file is a new key. */
function pinLocalFile(line: string, dir: string): string {
  const candidate = line.startsWith('file:') ? line.slice(5).replace(/^\/\/(localhost)?/, '') : line
  if (!/^(\.|\/|~)/.test(candidate) && !line.startsWith('file:')) return line
  const local = path.resolve(dir, candidate.split(/\s|;/)[0])
  if (existsSync(local) && statSync(local).isFile()) {
    return `${path.basename(local)} sha256=${createHash('sha256').update(readFileSync(local)).digest('hex')}`
  }
  if (existsSync(local) && statSync(local).isDirectory()) return `${path.basename(local)} content=${folderHash(local)}`
  return line
}

/** Files never part of a local package's identity: build products, caches and VCS data. */
const UNHASHED = new Set(['.git', '.hg', '.svn', '__pycache__', 'build', 'dist', '.venv', 'venv', 'node_modules', '.tox', '.nox', '.pytest_cache', '.mypy_cache', '.ruff_cache'])

/** A local folder's content (names, modes and bytes of its files), so an edit is a new cache key. */
export function folderHash(dir: string): string {
  const hash = createHash('sha256')
  const walk = (folder: string, prefix: string): void => {
    for (const name of readdirSync(folder).sort()) {
      if (UNHASHED.has(name) || name.endsWith('.egg-info') || name.endsWith('.pyc')) continue
      const full = path.join(folder, name)
      const stat = statSync(full)
      if (stat.isDirectory()) walk(full, `${prefix}${name}/`)
      else if (stat.isFile()) hash.update(`${prefix}${name}\0${stat.mode & 0o111 ? 1 : 0}\0${stat.size}\0`).update(readFileSync(full))
    }
  }
  if (existsSync(dir) && statSync(dir).isDirectory()) walk(dir, '')
  return hash.digest('hex').slice(0, 32)
}
