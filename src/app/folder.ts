import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import AdmZip from 'adm-zip'
import { parse as parseToml } from 'smol-toml'
import { SpindriftError } from '../common/errors.js'
import { compileGlob } from '../common/globs.js'
import type { ZipSource } from '../zip/archive.js'
import { SHIM_SIGNATURE } from './shim.js'
import { stripCredentials } from '../common/credentials.js'
import { UNZIPPED_LIMIT } from '../common/limits.js'

/** Names never taken from a plain folder: tool state, virtualenvs, VCS data and secrets. */
const EXCLUDED_NAMES = new Set([
  '.git', '.hg', '.svn', '.venv', 'venv', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.idea', '.vscode', '.DS_Store', '.github', 'settings.spindrift',
  // Credentials of the common tools: AWS, Kubernetes, Terraform's working folder, npm, PyPI, netrc, git.
  '.aws', '.kube', 'kubeconfig', '.terraform', '.npmrc', '.pypirc', '.netrc', '_netrc', '.git-credentials', '.gnupg', '.ssh',
  // Shell and REPL history.
  '.bash_history', '.zsh_history', '.sh_history', '.history', '.python_history', '.node_repl_history', '.psql_history', '.mysql_history'
])
/** Build products at the project's top level: setuptools writes build/ and *.egg-info into the source tree. */
const EXCLUDED_TOP_LEVEL = new Set(['build', 'dist'])
const EXCLUDED_PATTERNS = [
  /\.egg-info$/, /^\.env(\..*)?$/, /\.pyc$/, /\.pem$/, /\.key$/, /^id_(rsa|dsa|ecdsa|ed25519)/, /^\..*\.spindrift-.*\.tmp$/, /\.\d+\.[0-9a-f]{8}\.tmp$/,
  // Terraform state and variables, keystores.
  /\.tfstate(\..*)?$/, /\.tfvars(\.json)?$/, /\.(jks|p12|pfx|keystore)$/
]
/** Files whose folder makes them secret: Docker's credential store. */
const EXCLUDED_IN_FOLDER: [string, string][] = [['.docker', 'config.json']]

/** A default exclude by one path part (name), its folder, and whether it is at the top. */
function excludedByName(name: string, folder: string, topLevel: boolean): boolean {
  return EXCLUDED_NAMES.has(name) || EXCLUDED_PATTERNS.some(p => p.test(name)) || (topLevel && EXCLUDED_TOP_LEVEL.has(name)) || EXCLUDED_IN_FOLDER.some(([f, n]) => f === folder && n === name)
}

/** A project-relative path any part of which the defaults exclude (what a symlink points at is judged by this). */
function excludedPath(rel: string): boolean {
  const parts = rel.split(path.sep)
  return parts.some((part, i) => excludedByName(part, parts[i - 1] ?? '', i === 0))
}

/** A folder holding pyvenv.cfg is a virtualenv, whatever its name. */
function isVirtualenv(dir: string): boolean {
  return existsSync(path.join(dir, 'pyvenv.cfg'))
}

/** A Google Cloud service-account key (JSON with "type": "service_account" and a private key). */
function isServiceAccountKey(name: string, data: Buffer): boolean {
  if (!name.endsWith('.json') || data.length > 64 * 1024) return false
  const text = data.toString('utf8')
  return /"type"\s*:\s*"service_account"/.test(text) && /"private_key"\s*:/.test(text)
}

/** Requirements files ship, but never with index credentials (https://user:token@host, ?token=…). */
function withoutIndexCredentials(name: string, data: Buffer): Buffer {
  if (!/(^|\/)((requirements|constraints)[^/]*|requirements\/[^/]+)\.(txt|in)$/.test(name)) return data
  const text = data.toString('utf8')
  const clean = stripCredentials(text)
  return clean === text ? data : Buffer.from(clean, 'utf8')
}

/**
 * The dependencies of a project that is not a package, or undefined when it is one (or not a project):
 * Poetry's `package-mode = false`, or a [project] table without [build-system] (uv's application layout).
 * Its files ship as a plain folder; there is no wheel to build.
 */
export function nonPackageDependencies(projectDir: string): string[] | undefined {
  const pyproject = path.join(projectDir, 'pyproject.toml')
  // A pyproject.toml that is not a file (a folder, say) is named as such by the app stage.
  if (existsSync(path.join(projectDir, 'setup.py')) || !existsSync(pyproject) || !statSync(pyproject).isFile()) return undefined
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
  if (!statSync(pyproject).isFile()) throw new SpindriftError(`${pyproject} is not a file (a folder?); remove it or make it the project's pyproject.toml.`)
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
  let total = 0
  const found: { rel: string; full: string; name: string; mode: number }[] = []
  const visit = (dir: string, prefix: string, seen: Set<string>, excludedScope: boolean): void => {
    for (const name of textNames(dir, excludedScope)) {
      const rel = prefix ? `${prefix}/${name}` : name
      const full = path.join(dir, name)
      let excludedByDefault = excludedScope || excludedByName(name, path.basename(dir), !prefix)
      if (excludedPaths.has(full)) continue
      if (excludedByDefault && !included.some(p => p.test(rel)) && !reaches.some(r => r.startsWith(`${rel}/`) || `${rel}/`.startsWith(r))) continue
      let stat = lstatSync(full)
      if (stat.isSymbolicLink()) {
        const target = realpathSafe(full)
        if (!target || (target !== realRoot && !target.startsWith(realRoot + path.sep))) {
          throw new SpindriftError(`${full} is a symlink to ${target ?? 'a missing file'}, outside the project; replace it with a real file or remove it.`)
        }
        // A link is judged by what it points at: alias.txt → .env is a secret under another name.
        excludedByDefault ||= excludedPath(path.relative(realRoot, target))
        if (excludedByDefault && !included.some(p => p.test(rel))) continue
        stat = statSync(full)
        if (stat.isDirectory() && seen.has(target)) {
          throw new SpindriftError(`${full} is a symlink loop back to ${target}; remove the link.`)
        }
      }
      if (stat.isDirectory()) {
        const real = realpathSync(full)
        const venv = isVirtualenv(full) && !included.some(p => p.test(rel))
        if (venv && !reaches.some(r => r.startsWith(`${rel}/`))) continue
        visit(full, rel, new Set([...seen, real]), (excludedByDefault || venv) && !included.some(p => p.test(rel)))
      } else if (stat.isFile()) {
        if (excludedByDefault && !included.some(p => p.test(rel))) continue
        if (stat.size > UNZIPPED_LIMIT) {
          throw new SpindriftError(`${full} is ${megabytes(stat.size)}, over the ${megabytes(UNZIPPED_LIMIT)} Lambda unzips for a function, so no zip holding it can run; exclude it (package.exclude) or move it to S3.`)
        }
        // An earlier spindrift zip left in the project is skipped once read, so it does not count here.
        if (!name.endsWith('.zip')) total += stat.size
        if (total > UNZIPPED_LIMIT) {
          throw new SpindriftError(`The project's files reach ${megabytes(total)} at ${full}, over the ${megabytes(UNZIPPED_LIMIT)} Lambda unzips for a function; exclude large files (package.exclude, package.only) or move them to S3.`)
        }
        found.push({ rel, full, name, mode: stat.mode })
      }
    }
  }
  visit(root, '', new Set([realRoot]), false)
  // Only now is anything read: sizes were checked first, so a 3 GB file is refused without being loaded.
  for (const { rel, full, name, mode } of found) {
    const data = readFileSync(full)
    if ((name.endsWith('.zip') && isSpindriftZip(data)) || (name.endsWith('.cdx.json') && isSpindriftSbom(data))) continue
    if (isServiceAccountKey(name, data) && !included.some(p => p.test(rel))) continue
    files.push({ name: rel, data: withoutIndexCredentials(rel, data), executable: (mode & 0o111) !== 0 })
  }
  return files
}

/** A zip this tool wrote (its index.py is our shim): an earlier output left in the project, never app data. */
/** An SBOM this tool wrote beside an earlier output: never app data either. */
function isSpindriftSbom(data: Buffer): boolean {
  try {
    const bom = JSON.parse(data.toString('utf8')) as { bomFormat?: string; metadata?: { tools?: { components?: { name?: string }[] } } }
    return bom.bomFormat === 'CycloneDX' && bom.metadata?.tools?.components?.[0]?.name === 'spindrift'
  } catch {
    return false
  }
}

function isSpindriftZip(data: Buffer): boolean {
  try {
    const shim = new AdmZip(data).getEntry('index.py')
    return shim !== null && shim.getData().toString('utf8').startsWith(SHIM_SIGNATURE)
  } catch {
    return false
  }
}

/**
 * A folder's names, sorted. A name that is not UTF-8 is refused: a zip entry name is either UTF-8 (the flag
 * set) or read as CP437 by Python's zipfile and most unzip tools, so its raw bytes would arrive under
 * another name and an import of it would fail on Lambda. Inside an excluded folder (.git, a virtualenv) it
 * would not ship anyway, so there it is skipped.
 */
function textNames(dir: string, excludedScope: boolean): string[] {
  const names: string[] = []
  for (const raw of readdirSync(dir, { encoding: 'buffer' })) {
    const name = utf8Name(raw)
    if (name !== undefined) names.push(name)
    else if (!excludedScope) {
      throw new SpindriftError(`${path.join(dir, escapedName(raw))} has a file name that is not valid UTF-8, which a Lambda zip cannot carry under the same name; rename it, or exclude it with package.exclude.`)
    }
  }
  return names.sort()
}

/** A file name as text, or undefined when its bytes are not UTF-8 (Linux allows any bytes but / and NUL). */
function utf8Name(raw: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw)
  } catch {
    return undefined
  }
}

/** A name that is not UTF-8, printable: its ASCII as is, every other byte as \xNN. */
function escapedName(raw: Buffer): string {
  return [...raw].map(b => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('')
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

function realpathSafe(file: string): string | undefined {
  try {
    return realpathSync(file)
  } catch {
    return undefined
  }
}
