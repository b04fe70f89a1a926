// What a pull request changes in an artefact: its sizes and distributions against the manifest the last build of
// the base branch saved. Pure functions: the action face saves and restores the manifests and shows the result.
import { UNZIPPED_LIMIT, ZIPPED_LIMIT, type FunctionRun } from '../pipeline.js'
import { canonicalName } from '../common/names.js'

/** Bump when the saved manifest changes shape: an older base manifest is then ignored. */
export const ARTEFACT_MANIFEST_FORMAT = 1

/** What a build of one function saves for later comparisons. */
export interface ArtefactManifest {
  format: number
  /** The function zip's size, plus its layer zip's when it has one. */
  zipped: number
  /** What Lambda counts against 250 MB: the function and its layer, extracted. */
  unzipped: number
  distributions: { name: string; version: string; size: number }[]
}

export function artefactManifest({ run }: FunctionRun): ArtefactManifest {
  const { result } = run
  return {
    format: ARTEFACT_MANIFEST_FORMAT,
    zipped: result.size + (result.layer?.size ?? 0),
    unzipped: result.uncompressedSize + (result.layer?.uncompressedSize ?? 0),
    distributions: (result.layer?.distributions ?? result.distributions).map(({ name, version, size }) => ({ name, version, size }))
  }
}

/** A saved manifest, or undefined when it is not one this version wrote. */
export function parseArtefactManifest(text: string): ArtefactManifest | undefined {
  try {
    const value = JSON.parse(text) as ArtefactManifest
    if (value.format !== ARTEFACT_MANIFEST_FORMAT || typeof value.zipped !== 'number' || typeof value.unzipped !== 'number' || !Array.isArray(value.distributions)) return undefined
    return value
  } catch {
    return undefined
  }
}

export interface DistributionChange {
  name: string
  before?: { version: string; size: number }
  after?: { version: string; size: number }
}

export interface Comparison {
  zipped: [number, number]
  unzipped: [number, number]
  added: DistributionChange[]
  removed: DistributionChange[]
  /** Another version, or the same version at another size (other trim settings). */
  changed: DistributionChange[]
}

export function compareManifests(before: ArtefactManifest, after: ArtefactManifest): Comparison {
  const index = (m: ArtefactManifest) => new Map(m.distributions.map(d => [canonicalName(d.name), d]))
  const [old, now] = [index(before), index(after)]
  const names = [...new Set([...old.keys(), ...now.keys()])].sort()
  const comparison: Comparison = { zipped: [before.zipped, after.zipped], unzipped: [before.unzipped, after.unzipped], added: [], removed: [], changed: [] }
  for (const key of names) {
    const [b, a] = [old.get(key), now.get(key)]
    const change: DistributionChange = { name: (a ?? b)!.name, ...(b && { before: { version: b.version, size: b.size } }), ...(a && { after: { version: a.version, size: a.size } }) }
    if (!b) comparison.added.push(change)
    else if (!a) comparison.removed.push(change)
    else if (a.version !== b.version || a.size !== b.size) comparison.changed.push(change)
  }
  return comparison
}

/** Share of a limit above which a pull request is told it is close. */
const NEAR = 0.9

/** A warning for each Lambda limit the pull request crosses or comes within 10 % of (sizes that grew only). */
export function limitWarnings(comparison: Comparison, label: string): string[] {
  const warnings: string[] = []
  const check = ([before, after]: [number, number], limit: number, what: string) => {
    if (after <= before || after <= NEAR * limit) return
    const share = `${((100 * after) / limit).toFixed(1)} %`
    warnings.push(after > limit
      ? `${label}: this change takes the ${what} size to ${size(after)}, over Lambda's ${size(limit)} limit (it was ${size(before)}); the deploy will fail.`
      : `${label}: this change takes the ${what} size to ${size(after)}, ${share} of Lambda's ${size(limit)} limit (it was ${size(before)}).`)
  }
  check(comparison.unzipped, UNZIPPED_LIMIT, 'unzipped')
  check(comparison.zipped, ZIPPED_LIMIT, 'zipped')
  return warnings
}

/** The comparison as HTML for the job summary and a pull-request comment (GitHub renders both the same). */
export function renderComparison(comparison: Comparison, base: string): string {
  const row = (cells: string[]) => `<tr>${cells.map(c => `<td>${c}</td>`).join('')}</tr>`
  const head = (cells: string[]) => `<tr>${cells.map(c => `<th>${c}</th>`).join('')}</tr>`
  const sizes = [
    head(['', `before (${escapeHtml(base)})`, 'after', 'change']),
    row(['zipped', size(comparison.zipped[0]), size(comparison.zipped[1]), change(comparison.zipped)]),
    row(['unzipped', size(comparison.unzipped[0]), size(comparison.unzipped[1]), change(comparison.unzipped)])
  ]
  const parts = [`<table>${sizes.join('')}</table>`]
  const { added, removed, changed } = comparison
  if (added.length + removed.length + changed.length === 0) {
    parts.push('<p>The same distributions at the same versions and sizes.</p>')
    return parts.join('\n')
  }
  const lines = [head(['', 'distribution', 'version', 'size'])]
  for (const d of added) lines.push(row(['added', escapeHtml(d.name), escapeHtml(d.after!.version), `+${size(d.after!.size)}`]))
  for (const d of removed) lines.push(row(['removed', escapeHtml(d.name), escapeHtml(d.before!.version), `−${size(d.before!.size)}`]))
  for (const d of changed) {
    const version = d.before!.version === d.after!.version ? escapeHtml(d.after!.version) : `${escapeHtml(d.before!.version)} → ${escapeHtml(d.after!.version)}`
    lines.push(row(['changed', escapeHtml(d.name), version, change([d.before!.size, d.after!.size])]))
  }
  parts.push(`<table>${lines.join('')}</table>`)
  return parts.join('\n')
}

/** "+1.20 MB (+25.0 %)", "−3.4 KB (−1.0 %)" or "no change". */
function change([before, after]: [number, number]): string {
  if (before === after) return 'no change'
  const sign = after > before ? '+' : '−'
  const percent = before > 0 ? ` (${sign}${((100 * Math.abs(after - before)) / before).toFixed(1)} %)` : ''
  return `${sign}${size(Math.abs(after - before))}${percent}`
}

export function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(2)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} B`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)
}
