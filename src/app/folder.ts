import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import AdmZip from 'adm-zip'
import { SpindriftError } from '../common/errors.js'
import { compileGlob } from '../common/globs.js'
import type { ZipSource } from '../zip/archive.js'
import { SHIM_SIGNATURE } from './shim.js'

/** Names never taken from a plain folder: tool state, virtualenvs, VCS data and secrets. */
const EXCLUDED_NAMES = new Set(['.git', '.hg', '.svn', '.venv', 'venv', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.idea', '.vscode', '.DS_Store', '.github', 'settings.spindrift'])
/** Build products at the project's top level: setuptools writes build/ and *.egg-info into the source tree. */
const EXCLUDED_TOP_LEVEL = new Set(['build', 'dist'])
const EXCLUDED_PATTERNS = [/\.egg-info$/, /^\.env(\..*)?$/, /\.pyc$/, /\.pem$/, /\.key$/, /^id_(rsa|dsa|ecdsa|ed25519)/, /^\..*\.spindrift-.*\.tmp$/, /\.\d+\.[0-9a-f]{8}\.tmp$/]

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
  const included = include.map(compileGlob)
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
