import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { SpindriftError } from './errors.js'
import type { Plan } from './plan.js'

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
}

/** pip options that choose the package index, from the plan and from pip's own environment variables. */
export function indexArgs(plan: Plan): string[] {
  const args: string[] = []
  if (plan.indexUrl) args.push('--index-url', plan.indexUrl)
  for (const url of plan.extraIndexUrls) args.push('--extra-index-url', url)
  return args
}

export function gatherRequirements(declared: string[], files: string[]): RequirementSet {
  const lines = [...declared]
  for (const file of files) lines.push(...readRequirementLines(file, new Set()))
  const normalised = [...new Set(lines.map(line => canonicalRequirement(stripCredentials(line))))].sort()
  return { requirements: declared, files, normalised }
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/
const SPECIFIER = /^(~=|===|==|!=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+$/
const MARKER_TOKEN = /\s*(?:"([^"]*)"|'([^']*)'|(<=|>=|==|!=|~=|===|<|>|\(|\))|([A-Za-z0-9_.]+))/y

/** A project or extra name as PEP 503 compares them: lower case, runs of -_. as one -. */
export const canonicalName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-')

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
  const text = readFileSync(resolved, 'utf8').replace(/\\\r?\n/g, ' ')
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
  return line
}

/** https://user:token@host/simple → https://host/simple: credentials never enter keys or logs. */
export function stripCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1')
}
