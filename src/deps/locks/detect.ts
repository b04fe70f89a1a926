import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { SpindriftError } from '../../common/errors.js'
import { readPinnedRequirements } from './pinned.js'
import { pipfileLock } from './pipfilelock.js'
import { poetryLock } from './poetrylock.js'
import { pylock } from './pylock.js'
import { uvLock } from './uvlock.js'
import { list, readPyproject, table, type LockedSet, type LockFormat, type LockSelection } from './lock.js'
import { canonicalName } from '../../common/names.js'
import { holdsOnTarget, parseRequirement } from '../pep508.js'

export type { LockedPackage, LockedSet, LockSelection } from './lock.js'

/** The lock formats in the order they are looked for in the project folder (the documented precedence). */
export const LOCK_FORMATS: readonly LockFormat[] = [uvLock, poetryLock, pylock, pipfileLock]

/** What package.lock says: a path to a lock, "none" to ignore locks, or unset to look for one. */
export interface LockOptions {
  lock?: string
}

/**
 * The lock that says what to install, or undefined when there is none: package.lock when set; else, in the
 * project folder, uv.lock, poetry.lock, pylock.toml, Pipfile.lock in that order; else the uv.lock of a uv
 * workspace the project belongs to (the nearest folder above whose pyproject.toml has [tool.uv.workspace]);
 * else requirements files that pin every requirement with == and --hash.
 */
export function findLock(options: LockOptions & LockSelection, requirementFiles: string[]): LockedSet | undefined {
  const locked = lockFor(options, requirementFiles)
  if (locked && (locked.format === 'pylock.toml' || locked.format === 'pinned requirements')) checkCovers(locked, options)
  return locked
}

/**
 * pylock.toml and hashed requirements record nothing of what they were made from: at least every dependency
 * the project's pyproject.toml declares for the target must be among what they pin, or they are stale.
 */
function checkCovers(locked: LockedSet, selection: LockSelection): void {
  const declared = list(table(readPyproject(selection.projectDir)?.project).dependencies)
  const pinned = new Set(locked.packages.map(p => canonicalName(p.name)))
  for (const line of declared) {
    const parsed = parseRequirement(String(line))
    if (!parsed || pinned.has(parsed.name) || !holdsOnTarget(parsed.marker, selection, path.join(selection.projectDir, 'pyproject.toml'))) continue
    throw new SpindriftError(`${path.join(selection.projectDir, 'pyproject.toml')} declares ${parsed.name}, which ${locked.file} does not pin for ${selection.runtime.name} on ${selection.architecture}, so the lock is stale; regenerate it (for example "uv export --frozen --no-dev -o requirements.txt").`)
  }
}

function lockFor(options: LockOptions & LockSelection, requirementFiles: string[]): LockedSet | undefined {
  if (options.lock === 'none') return undefined
  if (options.lock) {
    const file = path.resolve(options.projectDir, options.lock)
    const format = LOCK_FORMATS.find(f => f.matches(path.basename(file)))
    if (format) return format.read(file, options)
    const pinned = readPinnedRequirements([file], options)
    if (pinned) return pinned
    throw new SpindriftError(`package.lock ${options.lock} is neither a lock file spindrift reads (uv.lock, poetry.lock, pylock.toml, Pipfile.lock) nor a requirements file that pins every requirement with == and --hash; name one of those, or set package.lock to none.`)
  }
  for (const format of LOCK_FORMATS) {
    const file = path.join(options.projectDir, format.name)
    if (existsSync(file)) return format.read(file, options)
  }
  const workspace = workspaceLock(options.projectDir)
  if (workspace) return uvLock.read(workspace, options)
  return readPinnedRequirements(requirementFiles, options)
}

/** The uv.lock of the workspace above projectDir, if projectDir lies in one (stops at a repository's top). */
function workspaceLock(projectDir: string): string | undefined {
  let dir = path.resolve(projectDir)
  while (!existsSync(path.join(dir, '.git'))) {
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
    const pyproject = path.join(dir, 'pyproject.toml')
    const lock = path.join(dir, 'uv.lock')
    if (existsSync(lock) && existsSync(pyproject) && statSync(pyproject).isFile() && /^\s*\[tool\.uv\.workspace\]/m.test(readFileSync(pyproject, 'utf8'))) return lock
  }
  return undefined
}
