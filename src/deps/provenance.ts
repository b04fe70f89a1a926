// "Why this wheel": for each installed distribution, the file the installer chose, its tags, where it came from,
// and one line for anything special (built from source, or below the newest version because of the runtime's
// glibc ceiling or Requires-Python). Recorded when the layer is built and kept in its manifest.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripCredentials } from '../common/credentials.js'
import type { Distribution, DistributionReport, WheelChoice } from '../common/report.js'
import { canonicalName } from '../common/names.js'
import type { Target } from '../config/plan.js'
import { WHEEL_ARCH } from '../config/runtimes.js'
import type { ZipSource } from '../zip/archive.js'
import { projectFiles, type IndexFile } from './indexpages.js'
import { compareVersions, parseVersion, satisfies } from './pep508.js'
import type { RequirementSet } from './requirements.js'

/** What the installer's report says about one distribution it installed. */
export interface WheelOrigin {
  /** The file's URL (credentials and fragment removed). */
  url: string
  sha256?: string
  /** Built here from its source distribution. */
  built?: boolean
  /** Built here from a local folder a lock names. */
  local?: boolean
}

/**
 * pip's `--report` JSON: each installed item's download URL and hash. A local file pip knows no hash for is
 * hashed here (the work folder holding built wheels is gone afterwards).
 */
export function readPipReport(file: string, work: { built: string; local: string }): Map<string, WheelOrigin> {
  const origins = new Map<string, WheelOrigin>()
  if (!existsSync(file)) return origins
  const report = JSON.parse(readFileSync(file, 'utf8')) as { install?: { metadata: { name: string }; download_info?: { url?: string; archive_info?: { hash?: string; hashes?: Record<string, string> } } }[] }
  for (const item of report.install ?? []) {
    const url = item.download_info?.url
    if (!url) continue
    const archive = item.download_info?.archive_info
    let sha256 = archive?.hashes?.sha256 ?? /^sha256[=:]([0-9a-f]{64})$/.exec(archive?.hash ?? '')?.[1]
    let localPath: string | undefined
    if (url.startsWith('file:')) {
      try {
        localPath = fileURLToPath(url.split('#')[0])
      } catch {
        localPath = undefined
      }
      if (!sha256 && localPath && existsSync(localPath)) sha256 = createHash('sha256').update(readFileSync(localPath)).digest('hex')
    }
    const within = (dir: string) => Boolean(localPath && !path.relative(dir, localPath).startsWith('..'))
    origins.set(canonicalName(item.metadata.name), {
      url: stripCredentials(url.split('#')[0]),
      ...(sha256 && { sha256 }),
      ...(within(work.built) && { built: true }),
      ...(within(work.local) && { local: true })
    })
  }
  return origins
}

/** What the report needs besides the installed files. */
export interface ChoiceInputs {
  target: Pick<Target, 'runtime' | 'architecture'>
  requirements: RequirementSet
  /** The indexes the install used (credentials kept: they are needed to ask the index; never shown). */
  indexes: string[]
  /** find-links folders or pages the installer also looked in. */
  findLinks: string[]
  /** Distributions (canonical names) built from source during the install, for an installer without a report. */
  built: Set<string>
  origins: Map<string, WheelOrigin>
}

const DEFAULT_INDEX = 'https://pypi.org/simple'

/**
 * One WheelChoice per distribution left in the layer, sorted by name. For what the installer chose within
 * ranges, one index request per distribution (in parallel, failures ignored) tells whether a newer version
 * exists and why it was not taken.
 */
export async function wheelChoices(files: ZipSource[], inputs: ChoiceInputs): Promise<WheelChoice[]> {
  const indexes = inputs.indexes.length ? inputs.indexes : [DEFAULT_INDEX]
  const choices = distInfos(files).map(d => {
    const key = canonicalName(d.name)
    const origin = inputs.origins.get(key)
    const built = origin?.built || inputs.built.has(key)
    const choice: WheelChoice = {
      name: d.name,
      version: d.version,
      file: origin && !origin.built && !origin.local ? decodeURIComponent(origin.url.split('/').pop() ?? '') : wheelName(d.dirName, d.tags),
      tags: d.tags,
      chosenBy: chosenBy(key, d.version, inputs.requirements)
    }
    const from = built ? 'built from source' : origin?.local ? 'built from a local folder' : origin ? whereFrom(origin.url, indexes, inputs.findLinks) : stripCredentials(indexes[0])
    if (from) choice.from = from
    if (origin?.sha256) choice.sha256 = origin.sha256
    else {
      const locked = inputs.requirements.locked?.packages.find(p => canonicalName(p.name) === key && p.version === d.version)
      // One hash recorded for that version is that file's; with several, only the installer's report can tell which.
      if (locked?.hashes.length === 1) choice.sha256 = locked.hashes[0].replace(/^sha256:/, '')
    }
    if (built) choice.note = `built from source: no published wheel of ${d.name} ${d.version} fits the target, and its source builds a pure-Python one`
    // uv reports no files: its resolution's hashes (uv pip compile --generate-hashes) stand in for them.
    const resolvedHashes = !built && !choice.sha256 ? hashesResolved(inputs.requirements.resolved, key, d.version) : []
    if (resolvedHashes.length === 1) choice.sha256 = resolvedHashes[0]
    return { choice, index: !built && (choice.chosenBy === 'resolution' || resolvedHashes.length > 1) ? indexToAsk(origin?.url, indexes) : undefined, resolvedHashes }
  })
  await inParallel(choices, 8, async ({ choice, index, resolvedHashes }) => {
    if (!index) return
    // Several files of that version: the one installed is the index's file of that wheel name (or its tags), else unknown.
    if (resolvedHashes.length > 1) {
      const file = await installedFile(choice, index, resolvedHashes).catch(() => undefined)
      if (file) Object.assign(choice, { file: file.filename, sha256: file.sha256 })
    }
    if (choice.chosenBy !== 'resolution') return
    const note = await heldBelowNewest(choice, index, inputs.target).catch(() => undefined)
    if (note) choice.note = note
  })
  return choices.map(c => c.choice)
}

/** The sha256 hashes a resolved line (resolve.ts's `name==version sha256=a,b`) gives for this version. */
function hashesResolved(resolved: string[] | undefined, key: string, version: string): string[] {
  const line = resolved?.find(l => l.startsWith(`${key}==${version} `) || l === `${key}==${version}`)
  return /\ssha256=(\S+)$/.exec(line ?? '')?.[1].split(',') ?? []
}

/** The index's file of this wheel (same name, or same set of tags) whose hash is one of the resolved ones. */
async function installedFile(choice: Pick<WheelChoice, 'name' | 'version' | 'file' | 'tags'>, index: string, hashes: string[]): Promise<IndexFile | undefined> {
  const tags = [...choice.tags].sort().join(' ')
  const files = (await projectFiles(index, choice.name)).filter(f => f.sha256 && hashes.includes(f.sha256) && versionOf(f.filename, choice.name) === choice.version && f.filename.endsWith('.whl'))
  return files.find(f => f.filename === choice.file) ?? files.find(f => wheelTags(f.filename).sort().join(' ') === tags)
}

interface DistInfo {
  dirName: string
  name: string
  version: string
  tags: string[]
}

function distInfos(files: ZipSource[]): DistInfo[] {
  const byDir = new Map<string, { metadata?: string; wheel?: string }>()
  for (const file of files) {
    const m = /^([^/]+\.dist-info)\/(METADATA|WHEEL)$/.exec(file.name)
    if (!m) continue
    const entry = byDir.get(m[1]) ?? {}
    entry[m[2] === 'METADATA' ? 'metadata' : 'wheel'] = file.data.toString('utf8')
    byDir.set(m[1], entry)
  }
  const found: DistInfo[] = []
  for (const [dir, { metadata, wheel }] of byDir) {
    const [, dirName, dirVersion] = /^(.+)-([^-]+)\.dist-info$/.exec(dir) ?? [dir, dir, '']
    const header = (name: string) => new RegExp(`^${name}:\\s*(.+?)\\s*$`, 'mi').exec((metadata ?? '').split(/\r?\n\r?\n/)[0])?.[1]
    const tags = [...(wheel ?? '').matchAll(/^Tag:\s*(\S+)/gm)].map(m => m[1])
    found.push({ dirName: `${dirName}-${dirVersion}`, name: header('Name') ?? dirName, version: header('Version') ?? dirVersion, tags })
  }
  return found.sort((a, b) => (canonicalName(a.name) < canonicalName(b.name) ? -1 : 1))
}

/** name-version-py-abi-platform.whl with each tag part's values joined by "." (the wheel naming rule). */
function wheelName(base: string, tags: string[]): string {
  if (tags.length === 0) return `${base}.whl`
  const parts = [0, 1, 2].map(i => [...new Set(tags.map(t => t.split('-')[i]))].join('.'))
  return `${base}-${parts.join('-')}.whl`
}

function chosenBy(name: string, version: string, requirements: RequirementSet): WheelChoice['chosenBy'] {
  if (requirements.locked) return requirements.locked.format === 'pinned requirements' ? 'pin' : 'lock'
  const pinned = requirements.normalised.some(line => {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?===?([^,;\s]+)(?:;|$)/.exec(line)
    return m && canonicalName(m[1]) === name && m[2] === version
  })
  return pinned ? 'pin' : 'resolution'
}

/** The index (or find-links folder) a file URL belongs to, named without credentials. */
function whereFrom(url: string, indexes: string[], findLinks: string[]): string {
  if (url.startsWith('file:')) {
    const file = safePath(url)
    const folder = findLinks.find(dir => file && path.dirname(file) === path.resolve(safePath(dir) ?? dir))
    if (folder) return `find-links ${folder}`
    const index = indexes.find(i => i.startsWith('file:') && file && !path.relative(path.dirname(safePath(i) ?? ''), file).startsWith('..'))
    return stripCredentials(index ?? `file:${path.dirname(file ?? '')}`)
  }
  return stripCredentials(indexToAsk(url, indexes) ?? new URL(url).origin)
}

/** The index whose project page lists this file: same host, PyPI for its files host, or the only web index. */
function indexToAsk(url: string | undefined, indexes: string[]): string | undefined {
  if (!url) return indexes[0]
  if (url.startsWith('file:')) {
    const file = safePath(url)
    return indexes.find(i => i.startsWith('file:') && file && !path.relative(path.dirname(safePath(i) ?? ''), file).startsWith('..'))
  }
  const host = hostOf(url)
  const web = indexes.filter(i => /^https?:/.test(i))
  return web.find(i => hostOf(i) === host) ?? (host === 'files.pythonhosted.org' ? web.find(i => hostOf(i) === 'pypi.org') : undefined) ?? (web.length === 1 ? web[0] : undefined)
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host
  } catch {
    return undefined
  }
}

function safePath(url: string): string | undefined {
  try {
    return url.startsWith('file:') ? fileURLToPath(url) : url
  } catch {
    return undefined
  }
}

/**
 * When the index has newer final releases than the one installed, why they were not taken: one of them fits the
 * target (then another requirement holds it back), or the next one up requires another Python, needs a newer
 * glibc than the runtime's, or has no wheel for the target.
 */
export async function heldBelowNewest(choice: Pick<WheelChoice, 'name' | 'version'>, index: string, target: Pick<Target, 'runtime' | 'architecture'>): Promise<string | undefined> {
  const chosen = parseVersion(choice.version)
  if (!chosen) return undefined
  const byVersion = new Map<string, IndexFile[]>()
  for (const file of await projectFiles(index, choice.name, 10_000)) {
    const version = versionOf(file.filename, choice.name)
    if (!version || file.yanked) continue
    byVersion.set(version, [...(byVersion.get(version) ?? []), file])
  }
  const allowPre = Boolean(chosen.pre || chosen.dev !== undefined)
  const newer = [...byVersion.keys()]
    .map(text => ({ text, version: parseVersion(text)! }))
    .filter(v => v.version && (allowPre || (!v.version.pre && v.version.dev === undefined)) && compareVersions(v.version, chosen) > 0)
    .sort((a, b) => compareVersions(b.version, a.version))
  if (newer.length === 0) return undefined
  const newest = newer[0].text
  const fitting = newer.find(v => whyUnfit(byVersion.get(v.text)!, target) === undefined)
  if (fitting) return `below the newest${fitting.text === newest ? '' : ` that fits the target`} ${fitting.text}: another requirement (yours or a dependency's) holds it back`
  const next = newer[newer.length - 1].text
  const reason = whyUnfit(byVersion.get(next)!, target)!
  return `below the newest ${newest}: ${next === newest ? 'it' : `${next} (the next release)`} ${reason}`
}

/** Why no file of a release fits the target, or undefined when one does. */
function whyUnfit(files: IndexFile[], target: Pick<Target, 'runtime' | 'architecture'>): string | undefined {
  const py = target.runtime.pythonVersion
  const excluded = files.filter(f => f.requiresPython && ['0', '99'].every(patch => satisfies(`${py}.${patch}`, f.requiresPython!) === false))
  if (excluded.length === files.length) return `requires Python ${files[0].requiresPython}, and ${target.runtime.name} runs Python ${py}`
  const [major, minor] = target.runtime.glibc
  const arch = WHEEL_ARCH[target.architecture]
  const needs = files
    .filter(f => f.filename.endsWith('.whl') && !excluded.includes(f))
    .flatMap(f => wheelTags(f.filename).filter(tag => pythonFits(tag, py)).map(tag => platformGlibc(tag.split('-')[2], arch)))
  if (needs.some(n => n === 'any' || (Array.isArray(n) && (n[0] < major || (n[0] === major && n[1] <= minor))))) return undefined
  const glibcs = needs.filter((n): n is [number, number] => Array.isArray(n)).sort((a, b) => a[0] - b[0] || a[1] - b[1])
  if (glibcs.length) return `needs glibc ${glibcs[0].join('.')} (its ${arch} wheels), above ${target.runtime.name}'s glibc ${major}.${minor}`
  return `publishes no wheel for ${target.runtime.name} on ${target.architecture}`
}

/** The version in a wheel or sdist file name of this project, or undefined for another project's file. */
export function versionOf(filename: string, project: string): string | undefined {
  const wheel = /^([^-]+)-([^-]+)-.+\.whl$/.exec(filename)
  if (wheel) return canonicalName(wheel[1]) === canonicalName(project) ? wheel[2] : undefined
  const sdist = /^(.+)-([^-]+)\.(?:tar\.gz|zip|tar\.bz2)$/.exec(filename)
  return sdist && canonicalName(sdist[1]) === canonicalName(project) ? sdist[2] : undefined
}

/** The tag triples of a wheel file name, its compressed sets expanded. */
function wheelTags(filename: string): string[] {
  const parts = filename.replace(/\.whl$/, '').split('-')
  const [pys, abis, plats] = parts.slice(-3).map(p => p.split('.'))
  return pys.flatMap(py => abis.flatMap(abi => plats.map(plat => `${py}-${abi}-${plat}`)))
}

/** Can CPython at pythonVersion load a wheel with this tag's interpreter and ABI? */
function pythonFits(tag: string, pythonVersion: string): boolean {
  const [py, abi] = tag.split('-')
  const minor = Number(pythonVersion.split('.')[1])
  const cp = `cp3${minor}`
  if (abi === 'none') return ['py3', `py3${minor}`, cp].includes(py) || /^py3$/.test(py)
  if (abi === 'abi3') return /^cp3(\d+)$/.test(py) && Number(py.slice(3)) <= minor
  return py === cp && (abi === cp || abi === `${cp}m`)
}

/** The glibc a platform tag needs for this architecture: "any", [major, minor], or undefined when it never fits. */
function platformGlibc(platform: string, arch: string): 'any' | [number, number] | undefined {
  if (platform === 'any') return 'any'
  const modern = new RegExp(`^manylinux_(\\d+)_(\\d+)_${arch}$`).exec(platform)
  if (modern) return [Number(modern[1]), Number(modern[2])]
  const legacy: Record<string, [number, number]> = { manylinux2014: [2, 17], manylinux2010: [2, 12], manylinux1: [2, 5] }
  const old = /^(manylinux2014|manylinux2010|manylinux1)_(.+)$/.exec(platform)
  return old && old[2] === arch ? legacy[old[1]] : undefined
}

async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** Each distribution's size with why its wheel was chosen (when the layer recorded it), sorted by name. */
export function distributionReports(distributions: Distribution[], wheels: WheelChoice[] | undefined): DistributionReport[] {
  return distributions
    .map(d => {
      const wheel = wheels?.find(w => canonicalName(w.name) === canonicalName(d.name) && w.version === d.version)
      if (!wheel) return { ...d }
      const { name, version, ...why } = wheel
      return { ...d, name, version, ...why }
    })
    .sort((a, b) => (canonicalName(a.name) < canonicalName(b.name) ? -1 : canonicalName(a.name) > canonicalName(b.name) ? 1 : 0))
}
