import path from 'node:path'
import { SpindriftError } from '../../common/errors.js'
import { holdsOnTarget, satisfies } from '../pep508.js'
import { checkKnown, list, readToml, sha256Of, table, text, type LockedPackage, type LockFormat } from './lock.js'

/**
 * pylock.toml (PEP 751): a flat list of packages, each with the marker it applies under; markers may test
 * `extras` and `dependency_groups`, which are the extras asked for and the default groups plus those asked for.
 */
export const pylock: LockFormat = {
  name: 'pylock.toml',
  refresh: 'the tool that wrote it (for example "uv export --format pylock.toml -o pylock.toml")',
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
      const directory = table(p.directory)
      if (text(directory.path) !== undefined) {
        locked.push({ name, version, hashes: [], directory: path.resolve(path.dirname(file), text(directory.path) as string) })
        continue
      }
      if (p.vcs !== undefined || p.archive !== undefined) {
        throw new SpindriftError(`${where(p)} comes from a ${p.vcs !== undefined ? 'version-control' : 'archive URL'} source, which spindrift does not install from a lock; publish it to an index, or set package.lock to none.`)
      }
      if (!version) throw new SpindriftError(`${where(p)} has no version; regenerate the lock.`)
      const files = [...list(p.wheels), ...(p.sdist ? [p.sdist] : [])].map(table)
      locked.push({ name, version, hashes: files.map(f => sha256Of(f.hashes)).filter((h): h is string => Boolean(h)) })
    }
    return { format: 'pylock.toml', file, packages: locked }
  }
}
