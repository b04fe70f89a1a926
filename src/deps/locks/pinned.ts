import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { SpindriftError, quote } from '../../common/errors.js'
import { holdsOnTarget, parseRequirement } from '../pep508.js'
import { sha256Of, type LockedPackage, type LockedSet, type LockSelection } from './lock.js'

/** A requirements line read for its pin: the requirement, its --hash values, and where it was read. */
interface PinnedLine {
  requirement: string
  hashes: string[]
  where: string
}

/**
 * Requirements files that pin every requirement with == and a --hash (what "uv export" and
 * "pip-compile --generate-hashes" write) are a lock: exactly those versions are installed, and nothing else.
 * A line naming the project folder itself ("-e ." or ".") is the app, which the app stage builds.
 * Returns undefined when the files are not such a lock (then they are ordinary requirements).
 */
export function readPinnedRequirements(files: string[], selection: LockSelection): LockedSet | undefined {
  if (files.length === 0) return undefined
  const lines = files.flatMap(file => logicalLines(file, new Set()))
  const requirements = lines.filter(line => !isProject(line.requirement, selection.projectDir, line.where))
  if (requirements.length === 0) return undefined
  const pinned = requirements.map(line => ({ line, parsed: parseRequirement(line.requirement) }))
  if (!pinned.every(({ line, parsed }) => parsed && !parsed.url && /^==[^,*]+$/.test(parsed.specifier) && line.hashes.length > 0)) return undefined
  const packages: LockedPackage[] = []
  for (const { line, parsed } of pinned) {
    if (!parsed || !holdsOnTarget(parsed.marker, selection, line.where)) continue
    packages.push({ name: parsed.name, version: parsed.specifier.slice(2), hashes: line.hashes })
  }
  return { format: 'pinned requirements', file: files.join(', '), packages }
}

/** A file's requirement lines, continuation lines joined, comments dropped, -r files followed. */
function logicalLines(file: string, seen: Set<string>): PinnedLine[] {
  const resolved = path.resolve(file)
  if (seen.has(resolved)) return []
  seen.add(resolved)
  const out: PinnedLine[] = []
  const physical = readFileSync(resolved, 'utf8').replace(/\\\r?\n/g, ' ').split(/\r?\n/)
  physical.forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim()
    if (!line) return
    const include = /^(?:-r|--requirement)[ =]\s*(.+)$/.exec(line)
    if (include) {
      const target = path.resolve(path.dirname(resolved), include[1].trim())
      if (existsSync(target)) out.push(...logicalLines(target, seen))
      return
    }
    if (line.startsWith('-') && !/^(-e|--editable)\s/.test(line)) return // global options: --index-url, -c…
    const hashes = [...line.matchAll(/--hash[ =]\s*(\S+)/g)].map(m => sha256Of(m[1]))
    if (hashes.some(h => !h)) throw new SpindriftError(`${file} line ${i + 1} has a --hash that is not sha256:<64 hex digits>; regenerate the file.`)
    out.push({ requirement: line.replace(/\s--hash[ =]\s*\S+/g, '').trim(), hashes: hashes as string[], where: `${file} line ${i + 1}` })
  })
  return out
}

/** "-e ." or "." (uv export without --no-emit-project): the project folder itself, which is the app. */
function isProject(requirement: string, projectDir: string, where: string): boolean {
  const editable = /^(-e|--editable)\s+(.+)$/.exec(requirement)
  const target = (editable ? editable[2] : requirement).trim()
  if (!/^(\.|\/|file:)/.test(target)) {
    if (editable) throw editableRefused(where, requirement)
    return false
  }
  const local = path.resolve(projectDir, target.replace(/^file:(\/\/)?/, ''))
  if (local === path.resolve(projectDir)) return true
  if (editable) throw editableRefused(where, requirement)
  return false
}

export function editableRefused(where: string, requirement: string): SpindriftError {
  return new SpindriftError(`${where} asks for the editable install ${quote(requirement)}, which would ship a finder pointing at this machine's folder; write it without -e so the package itself is installed.`)
}
