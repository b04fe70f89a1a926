import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { makeWorkFolder } from '../common/cleanup.js'
import AdmZip from 'adm-zip'
import { stripCredentials } from '../common/credentials.js'
import { SpindriftError } from '../common/errors.js'
import { isDiskFull, keepCacheFile, makeFolders, removeQuietly, tempNameBeside } from '../common/fs.js'
import type { Logger } from '../common/log.js'
import type { IndexOptions } from '../config/plan.js'
import { indexArgs, type Installer } from '../python/installer.js'
import { pipTail, runPip, runTool, type Interpreter, type PipRun } from '../python/interpreter.js'
import type { ZipSource } from '../zip/archive.js'
import type { AppLayer } from './applayer.js'
import { directBuild } from './frontend.js'
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
    const fromRecipe = loadRecipe(plan.cacheDir, recipe, logger)
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
  const reused = cached && existsSync(cached) ? reuseWheel(cached, logger) : undefined
  if (reused) {
    logger.info('Project unchanged since its last build: reusing its wheel')
    return reused
  }
  const work = makeWorkFolder('wheel')
  const wheelDir = path.join(work, 'wheel')
  try {
    const run = await buildWheel(plan, python, installer, sources, work, wheelDir, logger)
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

/** Both build the wheel in an isolated environment with the project's build backend, through spindrift's own frontend when it applies (frontend.ts). */
async function buildWheel(plan: WheelInputs, python: Interpreter, installer: Installer, sources: ZipSource[], work: string, wheelDir: string, logger: Logger): Promise<PipRun> {
  const copy = path.join(work, 'src')
  makeFolders(wheelDir)
  const direct = await directBuild(plan, python, installer, cleanCopy(plan.projectDir, sources, copy), work, wheelDir, logger)
  if (direct) return direct
  // A failed direct build may have left files behind (a half-built build/, an egg-info): pip and uv start
  // from a fresh copy and an empty wheel folder.
  for (const folder of [wheelDir, copy]) rmSync(folder, { recursive: true, force: true })
  makeFolders(wheelDir)
  const tree = cleanCopy(plan.projectDir, sources, copy)
  if (installer.name === 'pip') {
    logger.info("Building the project's wheel with pip")
    return runPip(python, ['wheel', '--no-deps', '--wheel-dir', wheelDir, ...indexArgs(plan), tree], logger)
  }
  logger.info("Building the project's wheel with uv")
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
  try {
    makeFolders(path.dirname(cached))
    const bytes = readFileSync(built)
    // The hash goes first: a wheel without a matching hash beside it is never reused.
    keepCacheFile(`${cached}.sha256`, Buffer.from(sha256Hex(bytes)), tempNameBeside(`${cached}.sha256`))
    keepCacheFile(cached, bytes, tempNameBeside(cached))
  } catch (error) {
    const why = isDiskFull(error) ? `the disk is full (${(error as NodeJS.ErrnoException).code})` : (error as Error).message
    logger.warning(`Could not keep the project's wheel in ${path.dirname(cached)} (${why}); it will be rebuilt next time.`)
  }
}

/**
 * A cached wheel is an input like any other: it is used only if its bytes match the hash stored beside it and
 * every file matches its RECORD line. Anything else (truncated, replaced, unreadable) costs a rebuild and a warning.
 */
function reuseWheel(cached: string, logger: Logger): AppLayer | undefined {
  let problem: string
  try {
    const bytes = readFileSync(cached)
    const expected = existsSync(`${cached}.sha256`) ? readFileSync(`${cached}.sha256`, 'utf8').trim() : ''
    problem = sha256Hex(bytes) !== expected ? 'it does not match the hash recorded when it was built' : (recordMismatch(new AdmZip(bytes)) ?? '')
    if (!problem) return readWheel(bytes)
  } catch (error) {
    problem = `it cannot be read (${(error as Error).message})`
  }
  logger.warning(`Ignoring the cached project wheel ${cached}: ${problem}; rebuilding it.`)
  removeQuietly(cached)
  removeQuietly(`${cached}.sha256`)
  return undefined
}

/** Why a wheel's files do not match its RECORD (a missing, extra or changed file), or undefined when they do. */
function recordMismatch(zip: AdmZip): string | undefined {
  const entries = zip.getEntries().filter(e => !e.isDirectory)
  const record = entries.find(e => /^[^/]+\.dist-info\/RECORD$/.test(e.entryName))
  if (!record) return 'it has no RECORD'
  const listed = new Map<string, string>()
  for (const line of record.getData().toString('utf8').split(/\r?\n/)) {
    const [name, hash] = line.split(',')
    if (name) listed.set(name.replace(/^"|"$/g, ''), hash ?? '')
  }
  for (const entry of entries) {
    if (entry === record) continue
    const hash = listed.get(entry.entryName)
    if (hash === undefined) return `${entry.entryName} is not in its RECORD`
    if (hash !== `sha256=${createHash('sha256').update(entry.getData()).digest('base64url')}`) return `${entry.entryName} does not match its RECORD`
  }
  return undefined
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** A wheel's files as they land in site-packages (".data/purelib|platlib" unpacked; scripts and headers dropped). */
export function readWheel(wheel: string | Buffer): AppLayer {
  const zip = new AdmZip(wheel)
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
