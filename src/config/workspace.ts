import { existsSync } from 'node:fs'
import path from 'node:path'
import { SpindriftError } from '../common/errors.js'
import { canonicalName } from '../common/names.js'
import { list, readPyproject, readToml, table, text } from '../common/tomlfile.js'

/** A uv workspace's members, by name, with their folders: what package.member chooses from. */
export interface WorkspaceMembers {
  lock: string
  members: Map<string, string>
}

/** The members a uv.lock records ([manifest] members, each with its virtual/editable/directory source). */
export function workspaceMembers(lock: string): WorkspaceMembers {
  const data = readToml(lock)
  const packages = list(data.package).map(table)
  const members = new Map<string, string>()
  for (const name of list(table(data.manifest).members).map(String)) {
    const entry = packages.find(p => canonicalName(text(p.name) ?? '') === canonicalName(name))
    const source = table(entry?.source)
    const folder = text(source.virtual) ?? text(source.editable) ?? text(source.directory)
    if (folder !== undefined) members.set(name, path.resolve(path.dirname(lock), folder))
  }
  // A single project's lock has no [manifest]: the project at the lock's folder is its one member.
  if (members.size === 0) {
    const root = packages.find(p => ['virtual', 'editable'].some(k => text(table(p.source)[k]) === '.'))
    if (root) members.set(text(root.name) ?? '', path.dirname(lock))
  }
  return { lock, members }
}

/** "a, b and c", each quoted. */
export function memberList(members: Iterable<string>): string {
  const names = [...members].sort().map(n => `"${n}"`)
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('')
}

/** The workspace member being packaged: its folder (the project), its name (from its pyproject.toml), and the workspace's uv.lock. */
export interface WorkspaceMember {
  folder: string
  name: string
  lock: string
}

/**
 * The workspace member package.member names, found in the uv.lock of projectDir (or of the workspace above
 * it). One sentence when there is no workspace lock, or no such member.
 */
export function workspaceMember(projectDir: string, member: string, lock?: string): WorkspaceMember {
  const file = lock && lock !== 'none' ? path.resolve(projectDir, lock) : findWorkspaceLock(projectDir)
  if (!file || path.basename(file) !== 'uv.lock') {
    throw new SpindriftError(`package.member is "${member}", but ${projectDir} is not in a uv workspace with a uv.lock (package.member names a uv workspace member); run "uv lock" in the workspace, or remove package.member.`)
  }
  const { members } = workspaceMembers(file)
  const found = [...members].find(([name]) => canonicalName(name) === canonicalName(member))
  if (!found) throw new SpindriftError(`package.member is "${member}", which ${file} does not have as a workspace member (it has ${memberList(members.keys())}); fix package.member.`)
  const [name, folder] = found
  return { folder, name: text(table(readPyproject(folder)?.project).name) ?? name, lock: file }
}

/** projectDir's own uv.lock, else that of the nearest folder above whose pyproject.toml has [tool.uv.workspace]. */
export function findWorkspaceLock(projectDir: string): string | undefined {
  let dir = path.resolve(projectDir)
  for (;;) {
    const lock = path.join(dir, 'uv.lock')
    if (existsSync(lock) && (dir === path.resolve(projectDir) || table(table(readPyproject(dir)?.tool).uv).workspace !== undefined)) return lock
    if (existsSync(path.join(dir, '.git'))) return undefined
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
