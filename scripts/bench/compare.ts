// The check behind "the same file list and contents as the pip-installed tree": every file pip --target
// installs (no bytecode, no bin/, and not the metadata files an installer writes about itself) must be in
// spindrift's zip with the same bytes.
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import AdmZip from 'adm-zip'

/** Files an installer writes about its own run; they legitimately differ between installers. */
const INSTALLER_FILES = /\.dist-info\/(RECORD|INSTALLER|REQUESTED|direct_url\.json)$/

export interface TreeComparison {
  files: number
  missing: string[]
  different: string[]
}

export function compareWithTree(tree: string, zipPath: string): TreeComparison {
  const entries = new Map(new AdmZip(zipPath).getEntries().map(e => [e.entryName, e]))
  const result: TreeComparison = { files: 0, missing: [], different: [] }
  for (const entry of readdirSync(tree, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const name = path.relative(tree, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
    if (name.startsWith('bin/') || name.includes('__pycache__/') || INSTALLER_FILES.test(name)) continue
    result.files++
    const inZip = entries.get(name)
    if (!inZip) result.missing.push(name)
    else if (!inZip.getData().equals(readFileSync(path.join(tree, name)))) result.different.push(name)
  }
  return result
}

export function describeComparison(c: TreeComparison): string {
  if (!c.missing.length && !c.different.length) return `**PASS** (${c.files} files)`
  const some = (list: string[]) => list.slice(0, 3).join(', ') + (list.length > 3 ? ', …' : '')
  return `**FAIL** of ${c.files} files: ${c.missing.length} missing${c.missing.length ? ` (${some(c.missing)})` : ''}, ${c.different.length} with other bytes${c.different.length ? ` (${some(c.different)})` : ''}`
}
