import type { Target } from '../config/plan.js'

/** A wheel's file name read as PEP 427 spells it: its version and every python-abi-platform tag it carries. */
export interface WheelName {
  version: string
  tags: { python: string; abi: string; platform: string }[]
  filename: string
}

export function parseWheel(filename: string): WheelName | undefined {
  const m = /^([^-]+)-([^-]+)(?:-\d[^-]*)?-([^-]+)-([^-]+)-([^-]+)\.whl$/.exec(filename)
  if (!m) return undefined
  const tags = m[3].split('.').flatMap(python => m[4].split('.').flatMap(abi => m[5].split('.').map(platform => ({ python, abi, platform }))))
  return { version: m[2], tags, filename }
}

/**
 * Every tag the target's CPython accepts, best first, in the order pip and uv both take from the packaging
 * library: this interpreter's ABI on every platform, then abi3, then no ABI; abi3 of older CPythons; pure
 * Python tags per platform (py3X, py3, py3(X-1)…); and last the "any" platform.
 */
export function supportedTags(target: Pick<Target, 'runtime' | 'architecture'>, platforms: string[]): string[] {
  const [, minor] = target.runtime.pythonVersion.split('.').map(Number)
  const cp = `cp3${minor}`
  const tags: string[] = []
  const onEvery = (python: string, abi: string) => platforms.forEach(platform => tags.push(`${python}-${abi}-${platform}`))
  for (const abi of [cp, 'abi3', 'none']) onEvery(cp, abi)
  for (let older = minor - 1; older >= 2; older--) onEvery(`cp3${older}`, 'abi3')
  const pythons = [`py3${minor}`, 'py3', ...Array.from({ length: minor }, (_, i) => `py3${minor - 1 - i}`)]
  for (const python of pythons) onEvery(python, 'none')
  tags.push(`${cp}-none-any`, ...pythons.map(python => `${python}-none-any`))
  return tags
}

/** The best wheel of a version for the target, as pip would choose it. */
export function bestWheel(wheels: WheelName[], target: Pick<Target, 'runtime' | 'architecture'>, platforms: string[]): { wheel: WheelName; tag: string } | undefined {
  const ranks = new Map(supportedTags(target, platforms).map((tag, i) => [tag, i]))
  let best: { wheel: WheelName; tag: string; rank: number } | undefined
  for (const wheel of wheels) {
    for (const tag of wheel.tags) {
      const name = `${tag.python}-${tag.abi}-${tag.platform}`
      const r = ranks.get(name)
      if (r !== undefined && (!best || r < best.rank)) best = { wheel, tag: name, rank: r }
    }
  }
  return best && { wheel: best.wheel, tag: best.tag }
}
