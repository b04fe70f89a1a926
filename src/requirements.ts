import type { Environment } from './log.js'
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
  const normalised = [...new Set(lines.map(stripCredentials))].sort()
  return { requirements: declared, files, normalised }
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
