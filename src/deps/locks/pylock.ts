import path from 'node:path'
import { SpindriftError } from '../../common/errors.js'
import { holdsOnTarget, satisfies } from '../pep508.js'
import { checkKnown, isFullCommit, list, localSource, noArchiveHash, noCommit, readToml, sha256Of, table, text, type LockedPackage, type LockedSource, type LockFormat } from './lock.js'

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
      if (!version && !source) throw new SpindriftError(`${where(p)} has no version; regenerate the lock.`)
      locked.push({ name, version, hashes, ...(source ? { source } : {}) })
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
