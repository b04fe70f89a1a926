import path from 'node:path'
import { canonicalName } from '../common/names.js'
import { workspaceMember } from '../config/workspace.js'
import type { Target } from '../config/plan.js'
import { platformTags, WHEEL_ARCH } from '../config/runtimes.js'
import { findLock, type LockOptions } from './locks/detect.js'
import { compareVersions, parseVersion, sameVersion } from './pep508.js'
import { projectFiles, type IndexFile } from './indexpages.js'
import { sdistKind } from './sdistkind.js'
import { bestWheel, parseWheel, type WheelName } from './wheeltags.js'
import { installerChoice } from './wheels/lockedpick.js'
import { SpindriftError } from '../common/errors.js'
import { describeSource } from './locks/lock.js'

/** What `spindrift check` reads: the project's lock and the index, for one or more targets. */
export interface CheckInputs extends LockOptions {
  projectDir: string
  requirementFiles: string[]
  groups: string[]
  extras: string[]
  member?: string
  indexUrl?: string
  targets: Pick<Target, 'runtime' | 'architecture'>[]
}

/** For one locked version on one target: the wheel that would be installed, or why none would. */
export interface CheckLine {
  target: string
  name: string
  version: string
  fits: boolean
  /** The file that would be installed, and its tag. */
  wheel?: string
  tag?: string
  /** When nothing fits: the newest version with a wheel that does, and what the locked version offers. */
  newestFitting?: string
  reason?: string
}

export interface CheckReport {
  lock: string
  ok: boolean
  lines: CheckLine[]
}

/** Read the lock for every target and ask the index which file each pinned version would install; installs nothing. */
export async function checkLock(given: CheckInputs): Promise<CheckReport> {
  // package.member: the named uv workspace member's folder is the project checked.
  const inputs = given.member ? { ...given, projectDir: workspaceMember(given.projectDir, given.member, given.lock).folder, lock: given.lock && given.lock !== 'none' ? path.resolve(given.projectDir, given.lock) : given.lock } : given
  const indexUrl = inputs.indexUrl ?? 'https://pypi.org/simple'
  const pages = new Map<string, Promise<IndexFile[]>>()
  const page = (name: string) => {
    if (!pages.has(name)) pages.set(name, projectFiles(indexUrl, name))
    return pages.get(name) as Promise<IndexFile[]>
  }
  const lines: CheckLine[] = []
  let lockName = ''
  for (const target of inputs.targets) {
    const locked = findLock({ ...inputs, ...target }, inputs.requirementFiles)
    if (!locked) throw new SpindriftError(`${inputs.projectDir} has no lock (uv.lock, poetry.lock, pylock.toml, Pipfile.lock) and no requirements file pinned with == and --hash, so there is nothing exact to check; lock the project first (for example "uv lock").`)
    lockName = `${locked.format} (${locked.file})`
    const label = `${target.runtime.name}/${target.architecture}`
    const files = await Promise.all(locked.packages.map(p => (p.source ? Promise.resolve([]) : page(p.name))))
    for (const [i, p] of locked.packages.entries()) {
      if (p.source) {
        lines.push({ target: label, name: p.name, version: p.version, fits: true, reason: `from ${describeSource(p.source)}, made into a wheel when packaged` })
        continue
      }
      const all = files[i].filter(f => !f.yanked)
      // The files the lock names, by hash, when both the lock and the index give hashes: what --require-hashes lets in.
      const named = p.hashes.length && all.some(f => f.sha256) ? all.filter(f => f.sha256 && p.hashes.includes(`sha256:${f.sha256}`)) : undefined
      if (named && named.length === 0) {
        lines.push({ target: label, name: p.name, version: p.version, fits: false, reason: 'the index serves no file with a hash the lock records (the files changed, or the lock was made against another index)' })
        continue
      }
      const { line, sdist } = judge(p.name, p.version, all, named ?? all, target, { listed: files[i], hashes: named && new Set(p.hashes.map(h => h.replace(/^sha256:/, ''))) })
      if (sdist) {
        const kind = await sdistKind(sdist)
        if (kind === 'pure') Object.assign(line, { fits: true, newestFitting: undefined, reason: `only an sdist (${sdist.filename}): pure Python sdist, builds anywhere` })
        else line.reason = kind === 'compiled' ? `only an sdist (${sdist.filename}): sdist with compiled code (needs a build for the target)` : `only an sdist (${sdist.filename}): unknown whether it holds compiled code (its file list could not be read)`
      }
      lines.push({ target: label, ...line })
    }
  }
  return { lock: lockName, ok: lines.every(l => l.fits), lines }
}

/**
 * The wheel of the locked version that fits (among the files the lock names), or why none does, with the
 * version's sdist when that is all there is (its contents decide whether it builds anywhere).
 */
function judge(name: string, version: string, files: IndexFile[], named: IndexFile[], target: Pick<Target, 'runtime' | 'architecture'>, lock: { listed: IndexFile[]; hashes?: Set<string> }): { line: Omit<CheckLine, 'target'>; sdist?: IndexFile } {
  const platforms = platformTags(target.runtime, target.architecture)
  const wheels = files.map(f => parseWheel(f.filename)).filter((w): w is WheelName => w !== undefined)
  const namedWheels = new Set(named.map(f => f.filename))
  const same = (v: string) => sameVersion(v, version)
  const ofVersion = wheels.filter(w => same(w.version) && namedWheels.has(w.filename))
  // The file the install takes, in the installer's order (a yanked file too: the lock pins its version).
  const chosen = installerChoice(lock.listed.filter(f => same(parseWheel(f.filename)?.version ?? '')), lock.hashes, target, platforms)
  if (chosen) return { line: { name, version, fits: true, wheel: chosen.file.filename, tag: chosen.tag, ...(chosen.file.yanked && { reason: 'yanked on the index: installed only because the lock pins this version' }) } }
  const sdistFile = named.find(f => {
    const m = /^(.+)-([^-]+)\.(tar\.gz|tgz|zip|tar\.bz2)$/.exec(f.filename)
    return m !== null && canonicalName(m[1]) === canonicalName(name) && same(m[2])
  })
  const sdist = sdistFile !== undefined
  // The target's own architecture first: those are the near misses worth naming.
  const arch = WHEEL_ARCH[target.architecture]
  const offered = [...new Set(ofVersion.flatMap(w => w.tags.map(t => `${t.python}-${t.abi}-${t.platform}`)))].sort((a, b) => Number(b.endsWith(arch)) - Number(a.endsWith(arch)))
  const newer = [...new Set(wheels.map(w => w.version))]
    .filter(v => bestWheel(wheels.filter(w => w.version === v), target, platforms))
    .sort((a, b) => compareVersions(parseVersion(b) ?? { epoch: 0, release: [0] }, parseVersion(a) ?? { epoch: 0, release: [0] }))[0]
  const glibc = offered.filter(t => t.endsWith(`_${arch}`) && (t.startsWith(`cp3${target.runtime.pythonVersion.split('.')[1]}-`) || t.includes('-abi3-'))).map(t => /manylinux_(\d+)_(\d+)_/.exec(t)).filter((m): m is RegExpExecArray => m !== null).map(m => Number(m[2]))
  const reason =
    offered.length === 0
      ? files.length === 0
        ? 'the index has no files for it'
        : sdist
          ? 'only an sdist: it fits only if it builds a pure-Python wheel'
          : 'no file of this version on the index'
      : glibc.length && Math.min(...glibc) > target.runtime.glibc[1]
        ? `its wheels need glibc 2.${Math.min(...glibc)}, ${target.runtime.name} has ${target.runtime.glibc.join('.')} (${offered.slice(0, 3).join(', ')})`
        : `no wheel for this Python and architecture (${offered.slice(0, 3).join(', ')}${offered.length > 3 ? '…' : ''})`
  return { line: { name, version, fits: false, newestFitting: newer, reason }, sdist: offered.length === 0 ? sdistFile : undefined }
}
