import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import AdmZip from 'adm-zip'
import { parse as parseToml } from 'smol-toml'
import { SpindriftError } from '../common/errors.js'
import { globToRegExp } from '../common/globs.js'
import type { ZipSource } from '../zip/archive.js'
import { SHIM_SIGNATURE } from './shim.js'

/** Names never taken from a plain folder: tool state, virtualenvs, VCS data and secrets. */
const EXCLUDED_NAMES = new Set(['.git', '.hg', '.svn', '.venv', 'venv', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.idea', '.vscode', '.DS_Store', '.github', 'settings.spindrift'])
/** Build products at the project's top level: setuptools writes build/ and *.egg-info into the source tree. */
const EXCLUDED_TOP_LEVEL = new Set(['build', 'dist'])
const EXCLUDED_PATTERNS = [/\.egg-info$/, /^\.env(\..*)?$/, /\.pyc$/, /\.pem$/, /\.key$/, /^id_(rsa|dsa|ecdsa|ed25519)/, /^\..*\.spindrift-.*\.tmp$/, /\.\d+\.[0-9a-f]{8}\.tmp$/]

/**
 * The dependencies of a project that is not a package, or undefined when it is one (or not a project):
 * Poetry's `package-mode = false`, or a [project] table without [build-system] (uv's application layout).
 * Its files ship as a plain folder; there is no wheel to build.
 */
export function nonPackageDependencies(projectDir: string): string[] | undefined {
  const pyproject = path.join(projectDir, 'pyproject.toml')
  if (existsSync(path.join(projectDir, 'setup.py')) || !existsSync(pyproject)) return undefined
  let data: Record<string, unknown>
  try {
    data = parseToml(readFileSync(pyproject, 'utf8')) as Record<string, unknown>
  } catch (error) {
    throw new SpindriftError(`${pyproject} is not valid TOML (${(error as Error).message.split('\n')[0]}); fix it.`, { file: pyproject })
  }
  const field = (value: unknown, key: string): unknown => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined)
  const project = field(data, 'project')
  const packageMode = field(field(field(data, 'tool'), 'poetry'), 'package-mode')
  if (packageMode !== false && (project === undefined || field(data, 'build-system') !== undefined)) return undefined
  const dependencies = field(project, 'dependencies')
  return Array.isArray(dependencies) ? dependencies.map(String) : []
}

export function hasPackagingMetadata(projectDir: string): boolean {
  if (existsSync(path.join(projectDir, 'setup.py'))) return true
  const pyproject = path.join(projectDir, 'pyproject.toml')
  if (!existsSync(pyproject)) return false
  // A pyproject.toml that only configures tools (ruff, pytest) does not make a folder buildable.
  return /^\s*\[(project|build-system)\]/m.test(readFileSync(pyproject, 'utf8'))
}

/**
 * Every file of a plain folder except the excluded ones. Symlinks are followed only when they resolve inside
 * the folder; one pointing outside would smuggle foreign files (or secrets) into the zip.
 */
export function walkFolder(root: string, excludedPaths: Set<string>, include: string[] = []): ZipSource[] {
  const realRoot = realpathSync(root)
  const files: ZipSource[] = []
  const included = include.map(globToRegExp)
  // The literal start of each include glob: an excluded folder is entered only when a glob names a path in it.
  const reaches = include.map(glob => glob.split(/[*?]/)[0]).filter(Boolean)
  const visit = (dir: string, prefix: string, seen: Set<string>, excludedScope: boolean): void => {
    for (const name of readdirSync(dir).sort()) {
      const rel = prefix ? `${prefix}/${name}` : name
      const excludedByDefault = excludedScope || EXCLUDED_NAMES.has(name) || EXCLUDED_PATTERNS.some(p => p.test(name)) || (!prefix && EXCLUDED_TOP_LEVEL.has(name))
      const full = path.join(dir, name)
      if (excludedPaths.has(full)) continue
      if (excludedByDefault && !included.some(p => p.test(rel)) && !reaches.some(r => r.startsWith(`${rel}/`) || `${rel}/`.startsWith(r))) continue
      let stat = lstatSync(full)
      if (stat.isSymbolicLink()) {
        const target = realpathSafe(full)
        if (!target || (target !== realRoot && !target.startsWith(realRoot + path.sep))) {
          throw new SpindriftError(`${full} is a symlink to ${target ?? 'a missing file'}, outside the project; replace it with a real file or remove it.`)
        }
        stat = statSync(full)
        if (stat.isDirectory() && seen.has(target)) {
          throw new SpindriftError(`${full} is a symlink loop back to ${target}; remove the link.`)
        }
      }
      if (stat.isDirectory()) {
        const real = realpathSync(full)
        visit(full, rel, new Set([...seen, real]), excludedByDefault && !included.some(p => p.test(rel)))
      } else if (stat.isFile()) {
        if (excludedByDefault && !included.some(p => p.test(rel))) continue
        const data = readFileSync(full)
        if (name.endsWith('.zip') && isSpindriftZip(data)) continue
        files.push({ name: rel, data, executable: (stat.mode & 0o111) !== 0 })
      }
    }
  }
  visit(root, '', new Set([realRoot]), false)
  return files
}

/** A zip this tool wrote (its index.py is our shim): an earlier output left in the project, never app data. */
function isSpindriftZip(data: Buffer): boolean {
  try {
    const shim = new AdmZip(data).getEntry('index.py')
    return shim !== null && shim.getData().toString('utf8').startsWith(SHIM_SIGNATURE)
  } catch {
    return false
  }
}

function realpathSafe(file: string): string | undefined {
  try {
    return realpathSync(file)
  } catch {
    return undefined
  }
}
