import type { ZipSource } from '../zip/archive.js'
import { compileGlob } from '../common/globs.js'
import { canonicalName } from '../common/names.js'

export interface TrimRules {
  /** Globs (`**`, `*`, `?`) matched against zip entry names. */
  exclude: string[]
  /** Drop test folders (`tests/`, `test/`) inside dependencies. */
  stripTests: boolean
  /** Distributions (normalised names) to leave out, with their dist-info. */
  dropDistributions: string[]
}

/**
 * Apply the rules to installed files. *.dist-info is never removed by a glob or the test rule: importlib.metadata
 * reads it; only a dropped distribution loses its dist-info, along with every file its RECORD lists.
 */
export function trimFiles(files: ZipSource[], rules: TrimRules): { kept: ZipSource[]; removed: number; unmatched: string[] } {
  const patterns = rules.exclude.map(compileGlob)
  const matched = new Set<string>()
  const dropped = new Set<string>()
  const droppedDirs: string[] = []
  if (rules.dropDistributions.length) {
    const drop = new Set(rules.dropDistributions.map(canonicalName))
    for (const file of files) {
      const record = /^(([^/]+)-[^/-]+\.dist-info)\/RECORD$/.exec(file.name)
      if (!record || !drop.has(canonicalName(record[2]))) continue
      droppedDirs.push(`${record[1]}/`)
      for (const line of file.data.toString('utf8').split('\n')) dropped.add(line.split(',')[0])
    }
  }
  // Test suites: a tests/ or test/ folder right under a top-level package, or any such folder that is a package.
  const testDirs = new Set<string>()
  if (rules.stripTests) {
    for (const file of files) {
      const match = /^(?:([^/]+\/tests?\/)|(.+\/tests?\/)__init__\.py$)/.exec(file.name)
      if (match && !/^[^/]+\.dist-info\//.test(file.name)) testDirs.add(match[1] ?? match[2])
    }
  }
  const kept = files.filter(file => {
    if (dropped.has(file.name) || droppedDirs.some(d => file.name.startsWith(d))) return false
    if (/^[^/]+\.dist-info\//.test(file.name)) return true
    if ([...testDirs].some(dir => file.name.startsWith(dir))) return false
    const hits = patterns.filter(p => p.test(file.name))
    for (const hit of hits) matched.add(hit.pattern)
    return hits.length === 0
  })
  // Patterns that left nothing out: the pipeline warns about those that match neither the app nor its dependencies.
  const unmatched = rules.exclude.filter(pattern => !matched.has(pattern))
  return { kept, removed: files.length - kept.length, unmatched }
}
