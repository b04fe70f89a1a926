// package.cooldown-days: refuse distributions uploaded less than N days ago. Resolution leaves them out when the
// installer can (pip 26's --uploaded-prior-to, uv's --exclude-newer, see install.ts); a lock's versions, and what
// an older pip resolved, are checked here against the index's upload times.
import { SpindriftError } from '../common/errors.js'
import { stripCredentials } from '../common/credentials.js'
import type { IndexOptions } from '../config/plan.js'
import type { Installer } from '../python/installer.js'
import { canonicalName } from '../common/names.js'
import { projectFiles, type IndexFile } from './indexpages.js'
import type { LockedSet } from './locks/lock.js'
import { versionOf } from './provenance.js'

/** The first pip release with --uploaded-prior-to. */
const PIP_WITH_UPLOAD_FILTER = [26, 0]

/** Does this pip version have --uploaded-prior-to? */
export function pipFiltersUploads(version: string | undefined): boolean {
  const [major, minor] = (version ?? '0').split('.').map(Number)
  return major > PIP_WITH_UPLOAD_FILTER[0] || (major === PIP_WITH_UPLOAD_FILTER[0] && minor >= PIP_WITH_UPLOAD_FILTER[1])
}

/** Does this installer leave out fresh releases while it resolves? Else what it resolved is checked afterwards. */
export function filtersUploads(installer: Installer): boolean {
  return installer.name !== 'pip' || pipFiltersUploads(installer.version)
}

/**
 * Every locked version must have been uploaded before the cutoff: its files (those whose hashes the lock
 * records, when the index gives hashes) are looked up on the index, one request per package, in parallel.
 */
export async function checkLockedUploads(plan: IndexOptions, locked: LockedSet, indexes: string[]): Promise<void> {
  await checkUploads(plan, locked.packages.filter(p => !p.source), indexes, {
    noTimes: (p, index) => `package.cooldown-days cannot check ${p.name} ${p.version}: the index ${index} gives no upload times (PEP 700's JSON "upload-time", as PyPI gives it); use an index that does, or remove package.cooldown-days.`,
    fresh: (p, uploaded, cutoff) => `${p.name} ${p.version}, which ${locked.file} locks, was uploaded on ${uploaded}, less than package.cooldown-days (${plan.cooldownDays}) days before today (the cutoff is ${cutoff}); lock an older version of ${p.name}, or wait until the cooldown has passed.`
  })
}

/**
 * What a pip older than 26 resolved (resolve.ts's `name==version sha256=…` lines), checked after the fact: that
 * pip cannot leave fresh releases out while it resolves, so one it chose is refused by name and upload date.
 */
export async function checkResolvedUploads(plan: IndexOptions, resolved: string[], indexes: string[], installer: Installer): Promise<void> {
  const packages = resolved.flatMap(line => {
    const m = /^(\S+?)==(\S+)(?: sha256=(\S+))?$/.exec(line)
    return m ? [{ name: m[1], version: m[2], hashes: m[3] ? m[3].split(',') : [] }] : []
  })
  await checkUploads(plan, packages, indexes, {
    noTimes: (_p, index) => `package.cooldown-days cannot be checked against the index ${index}: it gives no upload times (PEP 700's JSON "upload-time", as PyPI gives it), and pip ${installer.version} cannot filter by upload time itself; use an index that gives them, pip 26.0 or later (python -m pip install -U "pip>=26") or package.installer: uv, or remove package.cooldown-days.`,
    fresh: (p, uploaded, cutoff) => `${p.name} ${p.version}, which pip ${installer.version} resolved, was uploaded on ${uploaded}, less than package.cooldown-days (${plan.cooldownDays}) days before today (the cutoff is ${cutoff}); pin an older version (for example "${canonicalName(p.name)}<${p.version}"), or use pip 26.0 or later or package.installer: uv, which leave such releases out while resolving.`
  })
}

interface Checked {
  name: string
  version: string
  hashes: string[]
}

/**
 * Each package's files (those whose hashes are known, when the index gives hashes) are looked up on the
 * index, one request per package, in parallel: the earliest upload must be before the cutoff.
 */
async function checkUploads(plan: IndexOptions, packages: Checked[], indexes: string[], say: { noTimes: (p: Checked, index: string) => string; fresh: (p: Checked, uploaded: string, cutoff: string) => string }): Promise<void> {
  const cutoff = plan.uploadedBefore
  if (!cutoff) return
  const asked = indexes.length ? indexes : ['https://pypi.org/simple']
  const checks = packages.map(async p => {
    let files: IndexFile[] = []
    let index = asked[0]
    for (const candidate of asked) {
      files = (await projectFiles(candidate, p.name)).filter(f => versionOf(f.filename, p.name) === p.version)
      index = candidate
      if (files.length) break
    }
    // Not on any index: the install itself says so.
    if (files.length === 0) return undefined
    const knownHashes = new Set(p.hashes.map(h => h.replace(/^sha256:/, '')))
    const matched = files.filter(f => f.sha256 && knownHashes.has(f.sha256))
    const chosen = matched.length ? matched : files
    if (chosen.some(f => !f.uploadTime)) return say.noTimes(p, stripCredentials(index))
    const uploaded = chosen.map(f => f.uploadTime!).sort((a, b) => Date.parse(a) - Date.parse(b))[0]
    if (Date.parse(uploaded) < Date.parse(cutoff)) return undefined
    return say.fresh(p, uploaded.slice(0, 10), cutoff.slice(0, 10))
  })
  const problems = (await Promise.all(checks)).filter((m): m is string => Boolean(m))
  if (problems.length) throw new SpindriftError(problems[0])
}
