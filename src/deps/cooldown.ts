// package.cooldown-days: refuse distributions uploaded less than N days ago. Resolution is the installer's job
// (pip 26's --uploaded-prior-to, uv's --exclude-newer, see install.ts); a lock's versions are checked here
// against the index's upload times, whatever the installer.
import { SpindriftError } from '../common/errors.js'
import { stripCredentials } from '../common/credentials.js'
import type { IndexOptions } from '../config/plan.js'
import type { Installer } from '../python/installer.js'
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

/** An unlocked set needs an installer that can filter by upload time: one sentence when pip is too old. */
export function checkCooldownInstaller(plan: IndexOptions, installer: Installer): void {
  if (!plan.uploadedBefore || installer.name !== 'pip' || pipFiltersUploads(installer.version)) return
  throw new SpindriftError(
    `package.cooldown-days needs pip 26.0 or later to leave out releases uploaded after ${plan.uploadedBefore.slice(0, 10)} (pip's --uploaded-prior-to), and this pip is ${installer.version}; upgrade pip in the Python that runs spindrift (python -m pip install -U "pip>=26"), set package.installer: uv, or install from a lock (its versions are checked against the index's upload times).`
  )
}

/**
 * Every locked version must have been uploaded before the cutoff: its files (those whose hashes the lock
 * records, when the index gives hashes) are looked up on the index, one request per package, in parallel.
 */
export async function checkLockedUploads(plan: IndexOptions, locked: LockedSet, indexes: string[]): Promise<void> {
  const cutoff = plan.uploadedBefore
  if (!cutoff) return
  const asked = indexes.length ? indexes : ['https://pypi.org/simple']
  const checks = locked.packages.filter(p => !p.source).map(async p => {
    let files: IndexFile[] = []
    let index = asked[0]
    for (const candidate of asked) {
      files = (await projectFiles(candidate, p.name)).filter(f => versionOf(f.filename, p.name) === p.version)
      index = candidate
      if (files.length) break
    }
    // Not on any index: the install itself says so.
    if (files.length === 0) return undefined
    const lockedHashes = new Set(p.hashes.map(h => h.replace(/^sha256:/, '')))
    const matched = files.filter(f => f.sha256 && lockedHashes.has(f.sha256))
    const chosen = matched.length ? matched : files
    if (chosen.some(f => !f.uploadTime)) {
      return `package.cooldown-days cannot check ${p.name} ${p.version}: the index ${stripCredentials(index)} gives no upload times (PEP 700's JSON "upload-time", as PyPI gives it); use an index that does, or remove package.cooldown-days.`
    }
    const uploaded = chosen.map(f => f.uploadTime!).sort((a, b) => Date.parse(a) - Date.parse(b))[0]
    if (Date.parse(uploaded) < Date.parse(cutoff)) return undefined
    return `${p.name} ${p.version}, which ${locked.file} locks, was uploaded on ${uploaded.slice(0, 10)}, less than package.cooldown-days (${plan.cooldownDays}) days before today (the cutoff is ${cutoff.slice(0, 10)}); lock an older version of ${p.name}, or wait until the cooldown has passed.`
  })
  const problems = (await Promise.all(checks)).filter((m): m is string => Boolean(m))
  if (problems.length) throw new SpindriftError(problems[0])
}
