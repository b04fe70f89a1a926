// Which file to fetch for each distribution of a resolved set: pip's installation report names the exact
// file it would install, with its URL and sha256. Anything but a wheel from an index is left to the installer.
import { byName, canonicalName } from '../../common/names.js'

/** One wheel the layer is assembled from. JSON-serialisable: it travels with the resolution. */
export interface ChosenWheel {
  name: string
  version: string
  filename: string
  url: string
  sha256: string
  /** Asked for directly (not only a dependency of something asked for): pip then writes REQUESTED. */
  requested: boolean
}

/**
 * One line of a resolution (the cache key is made of these): `name==version sha256=a,b`, or `name==version`
 * when no hash is known. pip's report (resolve.ts) and uv's pylock.toml (pylock.ts) both write it here.
 */
export const resolvedLine = (name: string, version: string, hashes: string[]): string => `${name}==${version}${hashes.length ? ` sha256=${hashes.join(',')}` : ''}`

/** Every sha256 the resolved lines name (a line without one gives ''): what a remembered resolution's wheels are checked against. */
export const resolvedHashes = (lines: string[]): Set<string> => new Set(lines.flatMap(line => (/ sha256=(\S+)$/.exec(line)?.[1] ?? '').split(',')))

/** Why there are no wheels when the installer's resolution failed: the installer then runs, and says what is wrong. */
export const unresolved = (installer: string) => `${installer} could not resolve the set here, so the installer reports why`
export const UNRESOLVED = unresolved('pip')

/** One item of `pip install --dry-run --report`'s "install" list. */
export interface PipReportItem {
  metadata: { name: string; version: string }
  is_direct?: boolean
  requested?: boolean
  download_info?: { url?: string; archive_info?: { hash?: string; hashes?: Record<string, string> }; dir_info?: unknown; vcs_info?: unknown }
}

/** The wheels of a report, or why the fast path does not apply (a sentence fragment for the log line). */
export function chooseWheels(items: PipReportItem[]): ChosenWheel[] | string {
  const wheels: ChosenWheel[] = []
  for (const item of items) {
    const name = canonicalName(item.metadata.name)
    const info = item.download_info
    const url = info?.url
    if (!url || item.is_direct || !info.archive_info) return `${name} comes from a URL, a folder or version control, not from an index`
    const filename = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '')
    if (!filename.endsWith('.whl')) return `${name} is a source distribution (${filename}), not a wheel`
    const sha256 = info.archive_info.hashes?.sha256 ?? /^sha256[=:]([0-9a-f]{64})$/.exec(info.archive_info.hash ?? '')?.[1]
    if (!sha256) return `the index gives no sha256 for ${filename}`
    wheels.push({ name, version: item.metadata.version, filename, url, sha256, requested: item.requested === true })
  }
  return wheels.sort(byName)
}
