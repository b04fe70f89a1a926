import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import AdmZip from 'adm-zip'
import { stripCredentials } from '../common/credentials.js'
import { SpindriftError } from '../common/errors.js'
import { makeFolders, removeQuietly } from '../common/fs.js'
import type { Logger } from '../common/log.js'
import type { IndexOptions } from '../config/plan.js'
import { indexArgs, type Installer } from '../python/installer.js'
import { pipTail, runPip, runTool, type Interpreter, type PipRun } from '../python/interpreter.js'
import type { ZipSource } from '../zip/archive.js'
import type { AppLayer } from './applayer.js'
import { applyRecipe, loadRecipe, recipeFromBuild, recipeKey, saveRecipe, withCanonicalRecord } from './recipe.js'

/** What building the project's wheel depends on. */
export type WheelInputs = IndexOptions & { projectDir: string; cacheDir?: string }

/**
 * The project's wheel, built by the installer (`pip wheel`, or `uv build` when package.installer is uv): its
 * files are the app layer, its Requires-Dist the declared dependencies. With the cache on, a wheel is kept
 * under the hash of every source file, so an unchanged project is not rebuilt.
 */
export async function projectWheel(plan: WheelInputs, python: Interpreter, installer: Installer, sources: ZipSource[], logger: Logger): Promise<AppLayer> {
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
function buildWheel(plan: WheelInputs, python: Interpreter, installer: Installer, tree: string, wheelDir: string, logger: Logger): Promise<PipRun> {
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
