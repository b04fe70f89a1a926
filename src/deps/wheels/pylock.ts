// Which file uv would install for each distribution: `uv pip compile --format pylock.toml` for one Python
// version and platform lists, per package, the one wheel uv picks (URL and sha256). The same document gives the
// resolved lines of the cache key, so one uv call does both.
import { byName, canonicalName } from '../../common/names.js'
import { isTomlTable, parseToml, type TomlTable } from '../../common/toml.js'
import { holdsOnTarget } from '../pep508.js'
import { parseWheel, supportedTags } from '../wheeltags.js'
import { platformTags } from '../../config/runtimes.js'
import type { Target } from '../../config/plan.js'
import { resolvedLine, type ChosenWheel } from './select.js'

/** What a package's environment marker is decided by: the runtime's Python and the architecture. */
type MarkerTarget = Pick<Target, 'runtime' | 'architecture'>

/**
 * The resolution a pylock.toml describes: `name==version sha256=…` per package (the hash of the file uv
 * installs), and its wheels, or why the fast path does not apply. undefined when the document is not a pylock
 * uv writes. uv marks every package it installs REQUESTED, dependencies too, so every wheel is "requested".
 */
export function pylockResolution(text: string, target?: MarkerTarget): { lines: string[]; wheels: ChosenWheel[] | string } | undefined {
  const doc = parseToml(text)
  const packages = doc?.packages
  if (!Array.isArray(packages) || !packages.every(isTomlTable)) return undefined
  const lines: string[] = []
  const wheels: ChosenWheel[] = []
  let why: string | undefined
  for (const p of packages) {
    if (typeof p.name !== 'string') return undefined
    const name = canonicalName(p.name)
    const version = typeof p.version === 'string' ? p.version : ''
    const files = Array.isArray(p.wheels) ? p.wheels.filter(isTomlTable) : []
    const sdist = isTomlTable(p.sdist) ? p.sdist : undefined
    // One wheel: its hash. Several (uv picks at install time): all of them, so the key still names the files
    // and the "why this wheel" report can match the installed one against the index.
    const hashes = files.length ? files.map(sha256Of).filter((h): h is string => Boolean(h)).sort() : [sdist && sha256Of(sdist)].filter((h): h is string => Boolean(h))
    lines.push(resolvedLine(name, version, hashes))
    why ??= wheelOf(name, version, files, sdist, p, wheels, target)
  }
  return { lines: lines.sort(), wheels: why ?? wheels.sort(byName) }
}

/** Adds the package's one wheel to `wheels`, or says why there is none to use. */
function wheelOf(name: string, version: string, files: TomlTable[], sdist: TomlTable | undefined, p: TomlTable, wheels: ChosenWheel[], target?: MarkerTarget): string | undefined {
  if (files.length === 0) return sdist ? `${name} is a source distribution, not a wheel` : `${name} comes from a URL, a folder or version control, not from an index`
  // Several wheels: uv takes the one whose best tag ranks first on the target, as pip would; without a clear first, uv decides.
  const file = files.length === 1 ? files[0] : target && firstByTags(files, target)
  if (!file) return `uv lists ${files.length} wheels of ${name} for the target`
  const url = file.url
  if (typeof url !== 'string') return `${name} comes from a local folder or file, not from an index`
  const filename = fileNameOf(url)
  const sha256 = sha256Of(file)
  if (!filename.endsWith('.whl')) return `${name}'s file ${filename} is not a wheel`
  if (!sha256) return `the index gives no sha256 for ${filename}`
  if (p.marker !== undefined) {
    // uv keeps markers such as python_full_version == '3.11.*' that the target decides: decided here, the same
    // for every patch release of its Python, or left to uv.
    const holds = typeof p.marker === 'string' && target ? decidedOn(p.marker, target) : undefined
    if (holds === undefined) return `${name} carries a marker uv left to install time`
    // Not for this target: uv installs nothing of it.
    if (!holds) return undefined
  }
  wheels.push({ name, version, filename, url, sha256, requested: true })
  return undefined
}

function fileNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '')
}

/** The wheel whose best tag ranks first among the target's tags; undefined when one is not understood or two tie. */
function firstByTags(files: TomlTable[], target: MarkerTarget): TomlTable | undefined {
  const ranks = new Map(supportedTags(target, platformTags(target.runtime, target.architecture)).map((tag, i) => [tag, i]))
  const ranked = files.map(file => {
    const parsed = typeof file.url === 'string' ? parseWheel(fileNameOf(file.url)) : undefined
    const best = parsed ? Math.min(...parsed.tags.map(t => ranks.get(`${t.python}-${t.abi}-${t.platform}`) ?? Infinity)) : Infinity
    return { file, best }
  })
  if (ranked.some(r => r.best === Infinity)) return undefined
  ranked.sort((a, b) => a.best - b.best)
  return ranked[0].best < ranked[1].best ? ranked[0].file : undefined
}

function decidedOn(marker: string, target: MarkerTarget): boolean | undefined {
  // Extras and groups are what the install asks for, not the target: those markers stay uv's to decide.
  if (/\b(extra|extras|dependency_groups)\b/.test(marker)) return undefined
  try {
    return holdsOnTarget(marker, target, 'uv\'s resolution')
  } catch {
    return undefined
  }
}

function sha256Of(file: TomlTable): string | undefined {
  const hashes = file.hashes
  const sha = isTomlTable(hashes) ? hashes.sha256 : undefined
  return typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha) ? sha : undefined
}
