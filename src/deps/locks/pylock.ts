import path from 'node:path'
import { SpindriftError } from '../../common/errors.js'
import { platformTags } from '../../config/runtimes.js'
import { holdsOnTarget, satisfies } from '../pep508.js'
import { bestWheel, parseWheel } from '../wheeltags.js'
import { checkKnown, isFullCommit, list, localSource, noArchiveHash, noCommit, readToml, sha256Of, table, text, type LockedPackage, type LockedSource, type LockFormat, type LockSelection } from './lock.js'

/**
 * pylock.toml (PEP 751): a flat list of packages, each with the marker it applies under; markers may test
 * `extras` and `dependency_groups`, which are the extras asked for and the default groups plus those asked for.
 */
export const pylock: LockFormat = {
  name: 'pylock.toml',
  refresh: 'the tool that wrote it (for example "uv export --format pylock.toml -o pylock.toml")',
  relock: 'regenerate it with the tool that wrote it (for example "uv export --format pylock.toml -o pylock.toml")',
  matches: fileName => /^pylock\.([^.]+\.)?toml$/.test(fileName),
  read(file, selection) {
    const lock = readToml(file)
    if (!/^1(\.|$)/.test(text(lock['lock-version']) ?? '')) {
      throw new SpindriftError(`${file} has lock-version "${text(lock['lock-version']) ?? 'missing'}", and spindrift reads version 1 of PEP 751; regenerate it with a current tool.`)
    }
    checkKnown('extra', selection.extras, list(lock.extras).map(String), file)
    checkKnown('group', selection.groups, list(lock['dependency-groups']).map(String), file)
    const requiresPython = text(lock['requires-python'])
    const where = (p: Record<string, unknown>) => `${file} (package ${text(p.name)} ${text(p.version) ?? ''})`.replace(' )', ')')
    const environments = list(lock.environments).map(String)
    if (environments.length && !environments.some(m => holdsOnTarget(m, selection, `${file} (environments)`))) {
      throw new SpindriftError(`${file} was locked for other environments (${environments.join('; ')}), not for ${selection.runtime.name} on ${selection.architecture}; lock it for Linux and Python ${selection.runtime.pythonVersion}.`)
    }
    if (requiresPython && satisfies(selection.runtime.pythonVersion, requiresPython) === false) {
      throw new SpindriftError(`${file} was locked for Python ${requiresPython}, which ${selection.runtime.name} is not; lock it again for Python ${selection.runtime.pythonVersion}, or change package.runtime.`)
    }
    const groups = [...list(lock['default-groups']).map(String), ...selection.groups]
    const locked: LockedPackage[] = []
    for (const p of list(lock.packages).map(table)) {
      if (!holdsOnTarget(text(p.marker), selection, where(p), selection.extras, groups)) continue
      const name = text(p.name) ?? ''
      const version = text(p.version) ?? ''
      const files = [...list(p.wheels), ...(p.sdist ? [p.sdist] : []), ...(p.archive ? [p.archive] : [])].map(table)
      const hashes = files.map(f => sha256Of(f.hashes)).filter((h): h is string => Boolean(h))
      const source = pylockSource(p, path.dirname(file), where(p), this.relock, hashes)
      if (source) {
        locked.push({ name, version, hashes, source })
        continue
      }
      const located = locatedFile(p, path.dirname(file), where(p), this.relock, selection, file)
      if (located) {
        locked.push({ name, version, ...located })
        continue
      }
      if (!version) throw new SpindriftError(`${where(p)} has no version; regenerate the lock.`)
      locked.push({ name, version, hashes })
    }
    return { format: 'pylock.toml', file, packages: locked, relock: this.relock }
  }
}

/**
 * A package's vcs (commit-id is the commit; requested-revision may be a branch), archive (url or path, with
 * hashes) or directory (editable ones installed non-editable) table; undefined for an index package.
 */
function pylockSource(p: Record<string, unknown>, lockDir: string, where: string, relock: string, hashes: string[]): LockedSource | undefined {
  const local = (t: Record<string, unknown>, editable = false) => localSource(where, path.resolve(lockDir, text(t.path) as string), editable)
  if (p.vcs !== undefined) {
    const vcs = table(p.vcs)
    const url = text(vcs.url) ?? text(vcs.path) ?? ''
    if (text(vcs.type) !== 'git') throw new SpindriftError(`${where} comes from a ${text(vcs.type) ?? 'version-control'} repository, and spindrift installs only git ones exactly; publish it to an index, or set package.lock to none.`)
    const commit = text(vcs['commit-id'])
    if (!isFullCommit(commit)) throw noCommit(where, url, commit ?? text(vcs['requested-revision']), relock)
    const subdirectory = text(vcs.subdirectory)
    return { kind: 'git', url: text(vcs.url) ?? path.resolve(lockDir, url), commit: commit.toLowerCase(), ...(subdirectory ? { subdirectory } : {}) }
  }
  if (p.archive !== undefined) {
    const archive = table(p.archive)
    const subdirectory = text(archive.subdirectory)
    if (text(archive.url) === undefined && text(archive.path) !== undefined) return local(archive)
    if (hashes.length === 0) throw noArchiveHash(where, text(archive.url) ?? '(no url)', relock)
    return { kind: 'url', url: text(archive.url) ?? '', ...(subdirectory ? { subdirectory } : {}) }
  }
  const directory = table(p.directory)
  if (text(directory.path) !== undefined) return local(directory, directory.editable === true)
  return undefined
}

/**
 * A package whose wheels or sdist the lock locates (a url, or a path relative to the lock's folder): that very
 * file, never the index's file of the same name. The wheel is the listed one whose tags fit the target best
 * (pip's order); the sdist only when no wheel is listed. Undefined when the lock names files only (an index).
 */
function locatedFile(p: Record<string, unknown>, lockDir: string, where: string, relock: string, selection: LockSelection, lockFile: string): Pick<LockedPackage, 'hashes' | 'source'> | undefined {
  const wheels = list(p.wheels).map(table)
  const sdist = p.sdist === undefined ? undefined : table(p.sdist)
  const place = (f: Record<string, unknown>) => text(f.url) ?? text(f.path)
  if (![...wheels, ...(sdist ? [sdist] : [])].some(f => place(f) !== undefined)) return undefined
  const fileName = (f: Record<string, unknown>) => text(f.name) ?? path.basename(text(f.path) ?? new URL(text(f.url) as string).pathname)
  const named = wheels.filter(w => place(w) !== undefined).flatMap(w => {
    const parsed = parseWheel(fileName(w))
    return parsed ? [{ parsed, w }] : []
  })
  const best = bestWheel(named.map(n => n.parsed), selection, platformTags(selection.runtime, selection.architecture))
  const chosen = best ? named.find(n => n.parsed === best.wheel)?.w : wheels.length === 0 ? sdist : undefined
  if (!chosen || place(chosen) === undefined) {
    const listed = wheels.map(fileName).join(', ')
    throw new SpindriftError(`${where} lists no wheel that fits ${selection.runtime.name} on ${selection.architecture} (it lists ${listed || 'none'})${sdist ? ', and spindrift builds its sdist only when the lock lists no wheel' : ''}, so ${lockFile} cannot install it for the target; lock it again for Linux, Python ${selection.runtime.pythonVersion} and ${selection.architecture}, or change package.runtime or package.architecture.`)
  }
  const hash = sha256Of(chosen.hashes)
  const hashes = hash ? [hash] : []
  const url = text(chosen.url)
  if (url === undefined) return { hashes, source: localSource(where, path.resolve(lockDir, text(chosen.path) as string)) }
  if (!hash) throw noArchiveHash(where, url, relock)
  return { hashes, source: { kind: 'url', url } }
}
