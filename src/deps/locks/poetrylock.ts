import { createHash } from 'node:crypto'
import path from 'node:path'
import { SpindriftError } from '../../common/errors.js'
import { canonicalName } from '../../common/names.js'
import { holdsOnTarget, parseRequirement, satisfies } from '../pep508.js'
import { checkKnown, isFullCommit, list, localSource, noArchiveHash, noCommit, pythonJson, readPyproject, readToml, sha256Of, staleLock, table, text, type LockedPackage, type LockedSource, type LockFormat, type LockSelection } from './lock.js'

/** One dependency edge: a name, the marker it applies under, the extras it asks for, and whether it is optional. */
interface Edge {
  name: string
  marker?: string
  python?: string
  extras: string[]
  optional: boolean
}

/**
 * poetry.lock (Poetry 1.x and 2.x): packages with their own dependency tables. The packages installed are
 * those reached from the project's main dependencies (and the groups and extras asked for) along edges whose
 * markers and python constraints hold on the target. content-hash must match pyproject.toml.
 */
export const poetryLock: LockFormat = {
  name: 'poetry.lock',
  refresh: 'poetry lock',
  relock: 'run "poetry lock"',
  matches: fileName => fileName === 'poetry.lock',
  read(file, selection) {
    const lock = readToml(file)
    const pyproject = readPyproject(selection.projectDir)
    if (!pyproject) throw new SpindriftError(`${file} has no pyproject.toml beside it in ${selection.projectDir}; package the folder that holds the Poetry project.`)
    const recorded = text(table(lock.metadata)['content-hash'])
    const actual = contentHash(pyproject)
    if (recorded !== actual) throw staleLock(file, 'its content-hash differs', this.refresh)

    const packages = list(lock.package).map(table)
    // Poetry 1.x before lock-version 2.0 kept the files under [metadata.files].
    const legacyFiles = table(table(lock.metadata).files)
    const byName = new Map(packages.map(p => [canonicalName(text(p.name) ?? ''), p]))
    const roots = rootEdges(pyproject, selection, file)
    const where = (name: string) => `${file} (package ${name})`
    const chosen = new Map<string, Set<string>>()
    const visit = (edge: Edge, from: string, throughExtras: string[] = []): void => {
      if (!holdsOnTarget(edge.marker, selection, from, [], [], throughExtras) || !pythonFits(edge.python, selection)) return
      const name = canonicalName(edge.name)
      const node = byName.get(name)
      if (!node) throw new SpindriftError(`${from} depends on ${edge.name}, which the lock does not hold; run "poetry lock".`)
      const seen = chosen.get(name)
      const fresh = edge.extras.map(canonicalName).filter(e => !seen?.has(e))
      if (seen && fresh.length === 0) return
      chosen.set(name, new Set([...(seen ?? []), ...fresh]))
      // Which of the extras being installed bring in each optional dependency.
      const activated = new Map<string, string[]>()
      for (const [extra, lines] of Object.entries(table(node.extras))) {
        if (!fresh.includes(canonicalName(extra))) continue
        for (const line of list(lines)) {
          const dep = canonicalName(String(line).split(/[\s(<>=!~;[]/)[0])
          activated.set(dep, [...(activated.get(dep) ?? []), extra])
        }
      }
      for (const child of dependencyEdges(table(node.dependencies))) {
        // Optional dependencies come in only through an extra that names them; the rest only on the first visit.
        const through = activated.get(canonicalName(child.name))
        if (child.optional ? !through : seen) continue
        visit(child, where(`${text(node.name)} ${text(node.version)}`), through ?? [])
      }
    }
    for (const edge of roots) visit(edge, `${path.join(selection.projectDir, 'pyproject.toml')}`)

    const locked: LockedPackage[] = []
    for (const name of chosen.keys()) {
      const node = byName.get(name) as Record<string, unknown>
      const source = table(node.source)
      const type = text(source.type)
      const files = node.files !== undefined ? list(node.files) : list(legacyFiles[text(node.name) ?? ''])
      const hashes = files.map(f => sha256Of(table(f).hash)).filter((h): h is string => Boolean(h))
      const entry = { name: text(node.name) ?? name, version: text(node.version) ?? '', hashes }
      if (!type || type === 'legacy') locked.push(entry)
      else locked.push({ ...entry, source: poetrySource(source, node.develop === true, path.dirname(file), where(entry.name), this.relock, hashes) })
    }
    return { format: 'poetry.lock', file, packages: locked, relock: this.relock }
  }
}

/**
 * A [package.source] that is not an index: git (resolved_reference is the commit; reference may be a branch),
 * url (an archive), file (a local archive) or directory (a local folder; develop = true is installed non-editable).
 */
function poetrySource(source: Record<string, unknown>, develop: boolean, lockDir: string, where: string, relock: string, hashes: string[]): LockedSource {
  const type = text(source.type)
  const url = text(source.url) ?? ''
  const subdirectory = text(source.subdirectory)
  if (type === 'git') {
    const commit = text(source.resolved_reference)
    if (!isFullCommit(commit)) throw noCommit(where, url, commit ?? text(source.reference), relock)
    return { kind: 'git', url, commit: commit.toLowerCase(), ...(subdirectory ? { subdirectory } : {}) }
  }
  if (type === 'url') {
    if (hashes.length === 0) throw noArchiveHash(where, url, relock)
    return { kind: 'url', url, ...(subdirectory ? { subdirectory } : {}) }
  }
  if (type === 'file' || type === 'directory') return localSource(where, path.resolve(lockDir, url), develop)
  throw new SpindriftError(`${where} comes from a ${type} source, which spindrift does not know how to install exactly; publish it to an index, or set package.lock to none.`)
}

/** The project's own dependencies: [project] (Poetry 2) or [tool.poetry.dependencies], with groups and extras. */
function rootEdges(pyproject: Record<string, unknown>, selection: LockSelection, file: string): Edge[] {
  const project = table(pyproject.project)
  const poetry = table(table(pyproject.tool).poetry)
  const edges: Edge[] = []
  const pep508 = (line: string, optional = false): Edge | undefined => {
    const parsed = parseRequirement(line)
    return parsed && { name: parsed.name, marker: parsed.marker, extras: parsed.extras, optional }
  }
  const optionalDependencies = table(project['optional-dependencies'])
  const poetryExtras = table(poetry.extras)
  checkKnown('extra', selection.extras, [...Object.keys(optionalDependencies), ...Object.keys(poetryExtras)], file)
  const groups = table(poetry.group)
  const dependencyGroups = table(pyproject['dependency-groups'])
  checkKnown('group', selection.groups, [...Object.keys(groups), ...Object.keys(dependencyGroups)], file)

  if (Array.isArray(project.dependencies)) for (const line of project.dependencies) edges.push(...[pep508(String(line))].filter((e): e is Edge => Boolean(e)))
  const poetryMain = dependencyEdges(table(poetry.dependencies)).filter(e => canonicalName(e.name) !== 'python')
  // Poetry 2 reads [tool.poetry.dependencies] beside [project] only to enrich it; alone, it is the list.
  if (!Array.isArray(project.dependencies)) edges.push(...poetryMain.filter(e => !e.optional))
  const selectedExtras = selection.extras.map(canonicalName)
  for (const [extra, lines] of Object.entries(optionalDependencies)) {
    if (selectedExtras.includes(canonicalName(extra))) for (const line of list(lines)) edges.push(...[pep508(String(line))].filter((e): e is Edge => Boolean(e)))
  }
  for (const [extra, names] of Object.entries(poetryExtras)) {
    if (!selectedExtras.includes(canonicalName(extra))) continue
    for (const name of list(names)) {
      const edge = poetryMain.find(e => canonicalName(e.name) === canonicalName(String(name)))
      if (edge) edges.push({ ...edge, optional: false })
    }
  }
  for (const group of selection.groups) {
    const entry = Object.entries(groups).find(([name]) => canonicalName(name) === canonicalName(group))
    if (entry) edges.push(...dependencyEdges(table(table(entry[1]).dependencies)))
    const pep735 = Object.entries(dependencyGroups).find(([name]) => canonicalName(name) === canonicalName(group))
    if (pep735) for (const line of list(pep735[1])) if (typeof line === 'string') edges.push(...[pep508(line)].filter((e): e is Edge => Boolean(e)))
  }
  return edges
}

/** A Poetry dependency table: name = "^1.0" | { version, markers, python, optional, extras } | [ such tables ]. */
function dependencyEdges(dependencies: Record<string, unknown>): Edge[] {
  const edges: Edge[] = []
  for (const [name, value] of Object.entries(dependencies)) {
    for (const constraint of Array.isArray(value) ? value : [value]) {
      const t = table(constraint)
      edges.push({ name, marker: text(t.markers), python: text(t.python), extras: list(t.extras).map(String), optional: t.optional === true })
    }
  }
  return edges
}

/** Poetry's python constraint ("^3.10", ">=3.8,<3.11", "~3.9", "3.12.*", "a || b") for the runtime's version. */
function pythonFits(constraint: string | undefined, selection: LockSelection): boolean {
  if (!constraint || constraint.trim() === '*') return true
  const version = selection.runtime.pythonVersion
  return constraint.split('||').some(part =>
    part.trim().split(/\s*,\s*|\s+(?=[<>=!~^])/).filter(Boolean).every(clause => {
      const m = /^(\^|~=|~|==|!=|<=|>=|<|>|=)?\s*(\d+(?:\.\d+)*)(\.\*)?$/.exec(clause.trim())
      if (!m) return true
      const [, op = '==', bound, star] = m
      const parts = bound.split('.').map(Number)
      if (op === '^' || op === '~') {
        const upper = op === '^' ? [parts[0] + (parts[0] === 0 ? 0 : 1)] : parts.length > 1 ? [parts[0], parts[1] + 1] : [parts[0] + 1]
        return satisfies(version, `>=${bound},<${upper.join('.')}`) !== false
      }
      if (star || (op === '==' && parts.length <= 2) || op === '=') return satisfies(version, `==${bound}.*`) !== false
      return satisfies(version, `${op}${bound}`) !== false
    })
  )
}

/**
 * Poetry's content-hash: sha256 of the relevant pyproject.toml tables as Python's json.dumps(sort_keys=True)
 * writes them ([project] requires-python, dependencies, optional-dependencies and [tool.poetry] dependencies,
 * source, extras, dev-dependencies, group; Poetry 1.x hashed the [tool.poetry] ones alone, at the top).
 */
export function contentHash(pyproject: Record<string, unknown>): string {
  const legacyKeys = ['dependencies', 'source', 'extras', 'dev-dependencies']
  const project = table(pyproject.project)
  const poetry = table(table(pyproject.tool).poetry)
  const relevantProject: Record<string, unknown> = {}
  for (const key of ['requires-python', 'dependencies', 'optional-dependencies']) if (project[key] !== undefined) relevantProject[key] = project[key]
  const relevantPoetry: Record<string, unknown> = {}
  const hasProject = Object.keys(relevantProject).length > 0
  for (const key of [...legacyKeys, 'group']) {
    const value = poetry[key]
    if (value === undefined && (!legacyKeys.includes(key) || hasProject)) continue
    relevantPoetry[key] = value ?? null
  }
  let content: Record<string, unknown> = relevantPoetry
  if (hasProject) {
    content = { project: relevantProject, tool: { poetry: relevantPoetry } }
    if (pyproject['dependency-groups'] !== undefined) content['dependency-groups'] = pyproject['dependency-groups']
  }
  return createHash('sha256').update(pythonJson(content)).digest('hex')
}
