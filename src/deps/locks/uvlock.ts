import path from 'node:path'
import { SpindriftError, quote } from '../../common/errors.js'
import { canonicalName } from '../../common/names.js'
import { holdsOnTarget, normaliseSpecifier, parseRequirement } from '../pep508.js'
import { memberList, workspaceMembers } from '../../config/workspace.js'
import { checkKnown, isFullCommit, list, localSource, noArchiveHash, noCommit, readPyproject, readToml, sha256Of, staleLock, table, text, type LockedPackage, type LockedSource, type LockFormat } from './lock.js'

type Node = Record<string, unknown>

/**
 * uv.lock: a graph of packages whose edges carry the markers. The packages installed are those reached from
 * the project (the workspace member being packaged) along edges whose markers hold on the target, through
 * the extras and dependency groups asked for; the project itself is the app, built by the app stage.
 */
export const uvLock: LockFormat = {
  name: 'uv.lock',
  refresh: 'uv lock',
  relock: 'run "uv lock"',
  matches: fileName => fileName === 'uv.lock',
  read(file, selection) {
    const lock = readToml(file)
    const lockDir = path.dirname(file)
    const packages = list(lock.package).map(table)
    const pyproject = readPyproject(selection.projectDir)
    const projectName = text(table(pyproject?.project).name)
    if (!projectName) {
      const members = workspaceMembers(file).members.keys()
      throw new SpindriftError(`${file} locks a uv workspace, and package.path ${selection.projectDir} is not one of its members (it has no [project] name), so which member to package is ambiguous; set package.member to one of ${memberList(members)}, or point package.path at that member's folder.`)
    }
    const byName = new Map<string, Node[]>()
    for (const p of packages) byName.set(canonicalName(text(p.name) ?? ''), [...(byName.get(canonicalName(text(p.name) ?? '')) ?? []), p])
    const root = (byName.get(canonicalName(projectName)) ?? []).find(p => ['editable', 'virtual', 'directory'].some(k => k in table(p.source)))
    if (!root) throw staleLock(file, `it does not lock the project ${quote(projectName)}`, this.refresh)
    if (pyproject) checkFresh(file, root, pyproject, lockDir === path.resolve(selection.projectDir) ? text(lock['requires-python']) : undefined, this.refresh)

    checkKnown('extra', selection.extras, Object.keys(table(root['optional-dependencies'])), file)
    checkKnown('group', selection.groups, Object.keys(table(root['dev-dependencies'])), file)

    const where = (p: Node) => `${file} (package ${text(p.name)} ${text(p.version) ?? ''})`.replace(' )', ')')
    const find = (edge: Node, from: Node): Node => {
      const candidates = (byName.get(canonicalName(text(edge.name) ?? '')) ?? []).filter(p => !edge.version || p.version === edge.version)
      const fitting = candidates.length > 1 ? candidates.filter(p => list(p['resolution-markers']).length === 0 || list(p['resolution-markers']).some(m => holdsOnTarget(text(m), selection, where(p)))) : candidates
      if (fitting.length !== 1) throw new SpindriftError(`${where(from)} depends on ${text(edge.name)}, which the lock ${fitting.length ? 'holds in several versions for this target' : 'does not hold'}; run "uv lock" again.`)
      return fitting[0]
    }
    const chosen = new Map<Node, Set<string>>()
    const visit = (node: Node, extras: string[]): void => {
      const seen = chosen.get(node)
      const fresh = extras.filter(e => !seen?.has(e))
      if (seen && fresh.length === 0) return
      chosen.set(node, new Set([...(seen ?? []), ...extras]))
      const edges = seen ? [] : list(node.dependencies).map(table)
      for (const extra of fresh) edges.push(...list(table(node['optional-dependencies'])[extra]).map(table))
      if (node === root) for (const group of selection.groups) edges.push(...list(table(node['dev-dependencies'])[group]).map(table))
      for (const edge of edges) {
        if (!holdsOnTarget(text(edge.marker), selection, where(node))) continue
        visit(find(edge, node), list(edge.extra).map(e => canonicalName(String(e))))
      }
    }
    const rootExtras = Object.keys(table(root['optional-dependencies'])).filter(e => selection.extras.some(a => canonicalName(a) === canonicalName(e)))
    visit(root, [])
    if (rootExtras.length) visit(root, rootExtras)

    const locked: LockedPackage[] = []
    for (const node of chosen.keys()) {
      if (node === root) continue
      const source = table(node.source)
      const name = text(node.name) ?? ''
      const version = text(node.version) ?? ''
      if ('virtual' in source) continue
      const hashes = [...list(node.wheels), ...(node.sdist ? [node.sdist] : [])].map(f => sha256Of(table(f).hash)).filter((h): h is string => Boolean(h))
      if ('registry' in source) {
        locked.push({ name, version, hashes })
        continue
      }
      locked.push({ name, version, hashes, source: uvSource(source, lockDir, where(node), this.relock, hashes) })
    }
    return { format: 'uv.lock', file, packages: locked, relock: this.relock }
  }
}

/**
 * A uv.lock source that is not a registry: { git = "URL?subdirectory=…&branch=…#COMMIT" }, { url, subdirectory },
 * { path } (a local archive or folder), { directory } or { editable } (a folder, installed non-editable).
 */
function uvSource(source: Record<string, unknown>, lockDir: string, where: string, relock: string, hashes: string[]): LockedSource {
  const git = text(source.git)
  if (git !== undefined) {
    const [base, commit] = git.split('#', 2)
    const [url, query = ''] = base.split('?', 2)
    const subdirectory = new URLSearchParams(query).get('subdirectory') ?? undefined
    if (!isFullCommit(commit)) throw noCommit(where, url, commit, relock)
    return { kind: 'git', url, commit: commit.toLowerCase(), ...(subdirectory ? { subdirectory } : {}) }
  }
  const url = text(source.url)
  if (url !== undefined) {
    if (hashes.length === 0) throw noArchiveHash(where, url, relock)
    const subdirectory = text(source.subdirectory)
    return { kind: 'url', url, ...(subdirectory ? { subdirectory } : {}) }
  }
  const local = text(source.editable) ?? text(source.directory) ?? text(source.path)
  if (local !== undefined) return localSource(where, path.resolve(lockDir, local), text(source.editable) !== undefined)
  throw new SpindriftError(`${where} comes from ${Object.keys(source)[0] ?? 'an unknown source'} (${JSON.stringify(source)}), which spindrift does not know how to install exactly; publish it to an index, or set package.lock to none.`)
}

/** uv records the requirements it locked for; they must still be the project's (what `uv lock --check` checks). */
function checkFresh(file: string, root: Node, pyproject: Record<string, unknown>, lockRequiresPython: string | undefined, refresh: string): void {
  const project = table(pyproject.project)
  const metadata = table(root.metadata)
  const declared = new Set<string>()
  for (const line of list(project.dependencies)) declared.add(requirementKey(String(line)))
  for (const [extra, lines] of Object.entries(table(project['optional-dependencies']))) {
    for (const line of list(lines)) declared.add(requirementKey(String(line), extra))
  }
  // A [tool.uv.sources] entry is recorded with its source (url = …), which the declared requirement does not carry.
  const sourced = new Set(Object.keys(table(table(table(pyproject.tool).uv).sources)).map(canonicalName))
  const key = (entry: Record<string, unknown>) => lockedKey(entry, sourced)
  const recorded = new Set(list(metadata['requires-dist']).map(table).map(key))
  const missing = [...declared].find(k => !recorded.has(k))
  const extra = [...recorded].find(k => !declared.has(k))
  if (missing || extra) throw staleLock(file, missing ? `the project declares ${missing.split('|')[0]}${missing.split('|')[1]}, which the lock did not record` : `the lock records ${extra?.split('|')[0]}, which the project no longer declares that way`, refresh)
  const groups = table(pyproject['dependency-groups'])
  const recordedGroups = table(metadata['requires-dev'])
  for (const name of new Set([...Object.keys(groups), ...Object.keys(recordedGroups)])) {
    const a = new Set(list(groups[name]).filter(l => typeof l === 'string').map(l => requirementKey(String(l))))
    const b = new Set(list(recordedGroups[name]).map(table).map(key))
    if (a.size !== b.size || [...a].some(k => !b.has(k))) throw staleLock(file, `the dependency group ${quote(name)} changed`, refresh)
  }
  const declaredPython = text(project['requires-python'])
  if (lockRequiresPython !== undefined && declaredPython !== undefined && normaliseSpecifier(declaredPython) !== normaliseSpecifier(lockRequiresPython)) {
    throw staleLock(file, `requires-python is ${quote(declaredPython)} but the lock was made for ${quote(lockRequiresPython)}`, refresh)
  }
}

/** name|specifier|extras|extra: what a requirement is compared by (other markers are uv's to rewrite). */
function requirementKey(line: string, extra?: string): string {
  const parsed = parseRequirement(line)
  if (!parsed) return line
  return `${parsed.name}|${parsed.url ? `@${parsed.url}` : parsed.specifier}|${parsed.extras.sort().join(',')}|${extra ? canonicalName(extra) : markerExtra(parsed.marker)}`
}

function lockedKey(entry: Record<string, unknown>, sourced: Set<string>): string {
  const url = sourced.has(canonicalName(text(entry.name) ?? '')) ? undefined : text(entry.url)
  const spec = url ? `@${url}` : normaliseSpecifier(text(entry.specifier) ?? '')
  const extras = list(entry.extras).map(e => canonicalName(String(e))).sort().join(',')
  return `${canonicalName(text(entry.name) ?? '')}|${spec}|${extras}|${markerExtra(text(entry.marker))}`
}

function markerExtra(marker: string | undefined): string {
  const m = marker && /extra\s*==\s*['"]([^'"]+)['"]/.exec(marker)
  return m ? canonicalName(m[1]) : ''
}
