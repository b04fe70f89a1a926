import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import AdmZip from 'adm-zip'
import { makeFolders, removeQuietly, type ZipSource } from './archive.js'
import { SpindriftError } from './errors.js'
import { SHIM_SIGNATURE } from './shim.js'
import { globToRegExp } from './trim.js'
import { applyRecipe, loadRecipe, recipeFromBuild, recipeKey, saveRecipe, withCanonicalRecord } from './appcache.js'
import type { Logger } from './log.js'
import type { Plan } from './plan.js'
import { staticDependencies } from './pyproject.js'
import type { Installer } from './installer.js'
import { pipTail, runPip, runTool, type Interpreter, type PipRun } from './python.js'
import { indexArgs, stripCredentials } from './requirements.js'

/** The app's own files and the dependencies it declares. */
export interface AppLayer {
  files: ZipSource[]
  /** Requires-Dist lines of a project with packaging metadata; empty for a plain folder. */
  declaredDependencies: string[]
  /** "wheel" when pip built the project, "folder" for a plain folder of Python files. */
  source: 'wheel' | 'folder'
}

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
 * The dependencies a project with static metadata will declare, read from pyproject.toml before its wheel is
 * built; undefined when they cannot be known for sure (no metadata, dynamic metadata, unusual TOML).
 */
export function predictedDependencies(projectDir: string): string[] | undefined {
  const pyproject = path.join(projectDir, 'pyproject.toml')
  try {
    if (!existsSync(pyproject)) return undefined
    // staticDependencies itself asks for a [project] table, which is what makes the folder a project.
    const present = new Set(['setup.py', 'setup.cfg'].filter(name => existsSync(path.join(projectDir, name))))
    return staticDependencies(readFileSync(pyproject, 'utf8'), present)
  } catch {
    // Unreadable: the app stage reports that in its own words.
    return undefined
  }
}

export async function collectApp(plan: Plan, python: Interpreter, installer: Installer, logger: Logger): Promise<AppLayer> {
  const sources = walkFolder(plan.projectDir, new Set([path.resolve(plan.outputPath)]), plan.include)
  if (!hasPackagingMetadata(plan.projectDir)) return { files: sources, declaredDependencies: [], source: 'folder' }
  return projectWheel(plan, python, installer, sources, logger)
}

/**
 * The project's wheel, built by the installer (`pip wheel`, or `uv build` when package.installer is uv): its
 * files are the app layer, its Requires-Dist the declared dependencies. With the cache on, a wheel is kept
 * under the hash of every source file, so an unchanged project is not rebuilt.
 */
async function projectWheel(plan: Plan, python: Interpreter, installer: Installer, sources: ZipSource[], logger: Logger): Promise<AppLayer> {
  const recipe = plan.cacheDir ? recipeKey(plan, python, installer, sources) : undefined
  if (plan.cacheDir && recipe) {
    const fromRecipe = loadRecipe(plan.cacheDir, recipe)
    const app = fromRecipe && applyRecipe(fromRecipe, sources)
    if (app) {
      logger.info('Project layout and metadata unchanged since its last build: its files are taken from the sources, without pip')
      return app
    }
  }
  const hash = createHash('sha256')
  hash.update(JSON.stringify([python.minor, python.pip, installer.name, installer.version, stripCredentials(indexArgs(plan).join(' '))]))
  for (const file of sources) hash.update(`${file.name}\0${file.executable ? 1 : 0}\0${file.data.length}\0`).update(file.data)
  const cached = plan.cacheDir ? path.join(plan.cacheDir, 'app', `${hash.digest('hex').slice(0, 40)}.whl`) : undefined
  if (cached && existsSync(cached)) {
    logger.info('Project unchanged since its last build: reusing its wheel')
    return readWheel(cached)
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'spindrift-wheel-'))
  const wheelDir = path.join(work, 'wheel')
  try {
    const tree = cleanCopy(plan.projectDir, sources, path.join(work, 'src'))
    makeFolders(wheelDir)
    logger.info(`Building the project's wheel with ${installer.name}`)
    const run = await buildWheel(plan, python, installer, tree, wheelDir, logger)
    const wheels = readdirSync(wheelDir).filter(f => f.endsWith('.whl'))
    if (run.exitCode !== 0 || wheels.length !== 1) {
      const command = installer.name === 'uv' ? 'uv build --wheel .' : 'pip wheel .'
      throw new SpindriftError(`${installer.name} could not build the project in ${plan.projectDir}: ${pipTail(run)} Fix the project's pyproject.toml/setup.py so that "${command}" succeeds.`)
    }
    const built = path.join(wheelDir, wheels[0])
    const app = readWheel(built)
    if (cached) keepWheel(built, cached, logger)
    const learnt = plan.cacheDir && recipe ? recipeFromBuild(app, sources) : undefined
    if (plan.cacheDir && recipe && learnt) saveRecipe(plan.cacheDir, recipe, learnt)
    return app
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Both build the wheel in an isolated environment with the project's build backend; uv makes it much faster. */
function buildWheel(plan: Plan, python: Interpreter, installer: Installer, tree: string, wheelDir: string, logger: Logger): Promise<PipRun> {
  if (installer.name === 'pip') return runPip(python, ['wheel', '--no-deps', '--wheel-dir', wheelDir, ...indexArgs(plan), tree], logger)
  const args = ['build', '--wheel', '--out-dir', wheelDir, '--python', python.command, ...indexArgs(plan), tree]
  return runTool(installer.command[0], [...installer.command.slice(1), ...args], python.env, logger)
}

/**
 * The project's sources in a fresh folder: pip builds in place, and setuptools would reuse a stale build/
 * left in the user's tree (and write new ones there). .git is linked, not copied, for version-from-VCS builds.
 */
function cleanCopy(projectDir: string, sources: ZipSource[], target: string): string {
  for (const file of sources) {
    const destination = path.join(target, ...file.name.split('/'))
    makeFolders(path.dirname(destination))
    writeFileSync(destination, file.data, { mode: file.executable ? 0o755 : 0o644 })
  }
  makeFolders(target)
  const git = path.join(projectDir, '.git')
  if (existsSync(git)) symlinkSync(git, path.join(target, '.git'))
  return target
}

/** Copy a built wheel into the cache; a failure only costs a rebuild next time. */
function keepWheel(built: string, cached: string, logger: Logger): void {
  const staging = `${cached}.${randomBytes(4).toString('hex')}.tmp`
  try {
    makeFolders(path.dirname(cached))
    copyFileSync(built, staging)
    renameSync(staging, cached)
  } catch (error) {
    removeQuietly(staging)
    logger.warning(`Could not keep the project's wheel in ${path.dirname(cached)} (${(error as Error).message}); it will be rebuilt next time.`)
  }
}

/** A wheel's files as they land in site-packages (".data/purelib|platlib" unpacked; scripts and headers dropped). */
export function readWheel(wheelPath: string): AppLayer {
  const zip = new AdmZip(wheelPath)
  const files: ZipSource[] = []
  let metadata = ''
  for (const entry of zip.getEntries()) {
    if (entry.isDirectory) continue
    let name = entry.entryName
    const data = entry.getData()
    if (/^[^/]+\.dist-info\/METADATA$/.test(name)) metadata = data.toString('utf8')
    const dataDir = /^[^/]+\.data\/([^/]+)\/(.*)$/.exec(name)
    if (dataDir) {
      if (dataDir[1] !== 'purelib' && dataDir[1] !== 'platlib') continue
      name = dataDir[2]
    }
    const mode = (entry.header.attr >>> 16) & 0o777
    files.push({ name, data, executable: (mode & 0o111) !== 0 })
  }
  const declaredDependencies = metadata
    .split(/\r?\n/)
    .filter(line => line.startsWith('Requires-Dist:'))
    .map(line => line.slice('Requires-Dist:'.length).trim())
  return { files: withCanonicalRecord(files), declaredDependencies, source: 'wheel' }
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
