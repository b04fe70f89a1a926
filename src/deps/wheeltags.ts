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

/** The rank of a tag on the target (lower is better), or undefined when it does not fit; pip's order. */
function rank(tag: WheelName['tags'][number], target: Pick<Target, 'runtime' | 'architecture'>, platforms: string[]): number | undefined {
  const [, minor] = target.runtime.pythonVersion.split('.').map(Number)
  const platformRank = tag.platform === 'any' ? platforms.length : platforms.indexOf(tag.platform)
  if (platformRank < 0) return undefined
  const py = /^(cp|py)3(\d*)$/.exec(tag.python)
  if (!py) return undefined
  const pyMinor = py[2] === '' ? undefined : Number(py[2])
  let abiRank: number
  if (tag.abi === `cp3${minor}`) {
    if (tag.python !== `cp3${minor}`) return undefined
    abiRank = 0
  } else if (tag.abi === 'abi3') {
    if (py[1] !== 'cp' || pyMinor === undefined || pyMinor > minor) return undefined
    abiRank = 1
  } else if (tag.abi === 'none') {
    if (pyMinor !== undefined && pyMinor > minor) return undefined
    if (py[1] === 'cp' && pyMinor !== minor) return undefined
    abiRank = 2
  } else return undefined
  return platformRank * 3 + abiRank
}

/** The best wheel of a version for the target, as pip would choose it. */
export function bestWheel(wheels: WheelName[], target: Pick<Target, 'runtime' | 'architecture'>, platforms: string[]): { wheel: WheelName; tag: string } | undefined {
  let best: { wheel: WheelName; tag: string; rank: number } | undefined
  for (const wheel of wheels) {
    for (const tag of wheel.tags) {
      const r = rank(tag, target, platforms)
      if (r !== undefined && (!best || r < best.rank)) best = { wheel, tag: `${tag.python}-${tag.abi}-${tag.platform}`, rank: r }
    }
  }
  return best && { wheel: best.wheel, tag: best.tag }
}
