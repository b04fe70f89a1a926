// The dependency files straight from the chosen wheels, without running an install: pip or uv resolves (pip's
// report or uv's pylock.toml names each file and its hash), spindrift fetches the wheels (cached by hash), checks them and lays their
// files out as pip --target would, keeping each entry's compressed bytes for the layer zip.
import { rmSync } from 'node:fs'
import { makeWorkFolder } from '../../common/cleanup.js'
import { stripCredentials } from '../../common/credentials.js'
import { SpindriftError } from '../../common/errors.js'
import type { Logger } from '../../common/log.js'
import type { ZipSource } from '../../zip/archive.js'
import type { Installer } from '../../python/installer.js'
import type { Interpreter } from '../../python/interpreter.js'
import { indexesOf } from '../indexprobe.js'
import { type InstallInputs } from '../install.js'
import { lockedRequirements } from '../lockedinstall.js'
import { checkMarkers, interpreterMatches, requirementsSeen } from '../markers.js'
import type { RequirementSet } from '../requirements.js'
import type { LockedPackage, LockedSet } from '../locks/lock.js'
import { byName, canonicalName } from '../../common/names.js'
import { checkInstalledPython } from '../requirespython.js'
import type { WheelOrigin } from '../provenance.js'
import { pipReport, uvCompile } from '../resolve.js'
import { WheelCache } from './cache.js'
import { DownloadFailed, fetchWheels } from './download.js'
import { chooseWheels, unresolved, UNRESOLVED, type ChosenWheel } from './select.js'
import { NotPlainWheel, wheelFiles } from './wheelzip.js'
import { pickLockedWheels } from './lockedpick.js'

/** The environment variable that turns the fast path off (`SPINDRIFT_WHEEL_PATH=0`): the installer then always runs. */
export const WHEEL_PATH_VARIABLE = 'SPINDRIFT_WHEEL_PATH'

export type AssembleInputs = InstallInputs & { cacheDir?: string }

/** The layer's files: those copied as a wheel holds them are PackedSources, with the sha256 the RECORD gave. */
export interface AssembledFiles {
  files: ZipSource[]
  /** By canonical name: where each wheel came from (the "why this wheel" report and the SBOM's hashes). */
  origins: Map<string, WheelOrigin>
  /** Nothing is built from source on this path. */
  built: Set<string>
}

/**
 * The dependency files from wheels, or why the installer must do it instead (`{ fallback }`, a sentence fragment
 * for one log line). A wheel whose bytes or RECORD do not match stops the build: that is never a fallback.
 */
export async function assembleFromWheels(plan: AssembleInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, logger: Logger): Promise<AssembledFiles | { fallback: string }> {
  if (python.env[WHEEL_PATH_VARIABLE] === '0') return { fallback: `${WHEEL_PATH_VARIABLE}=0 is set` }
  const chosen = requirements.wheels ?? (await reportedWheels(plan, python, installer, requirements, logger))
  if (typeof chosen === 'string') return { fallback: chosen }
  let fetched
  try {
    fetched = await fetchWheels(chosen, plan.cacheDir ? new WheelCache(plan.cacheDir) : undefined, indexesOf(plan, requirements.files, python.env))
  } catch (error) {
    if (error instanceof DownloadFailed) return { fallback: error.message }
    throw error
  }
  const files: ZipSource[] = []
  const owner = new Map<string, string>()
  for (const { wheel, data } of fetched) {
    let one
    try {
      one = wheelFiles(data, wheel.filename, wheel.requested, installer.name)
    } catch (error) {
      if (error instanceof NotPlainWheel) return { fallback: error.message }
      throw error
    }
    for (const file of one) {
      // Two wheels writing one file: which one wins is the installer's business.
      const other = owner.get(file.name)
      if (other) return { fallback: `${other} and ${wheel.filename} both install ${file.name}` }
      owner.set(file.name, wheel.filename)
      files.push(file)
    }
  }
  const cached = fetched.filter(f => f.cached).length
  logger.info(`Assembled the dependencies from ${fetched.length} wheels (${fetched.length - cached} downloaded, ${cached} from the wheel cache) without unpacking them`)
  checkInstalledPython(plan, files)
  // The same marker check as after pip's own install, when pip's interpreter is not the target's (uv resolves for the target).
  if (installer.name === 'pip' && !requirements.locked && !interpreterMatches(plan, python)) {
    logger.info(`Checking every dependency marker for ${plan.runtime.name} on ${plan.architecture} (pip evaluated them for Python ${python.minor} on ${python.machine})`)
    await checkMarkers(plan, python, requirementsSeen(requirements.normalised, files))
  }
  const origins = new Map<string, WheelOrigin>(fetched.map(({ wheel }) => [wheel.name, { url: stripCredentials(wheel.url.split('#')[0]), sha256: wheel.sha256 }]))
  return { files, origins, built: new Set() }
}

/**
 * A lock that names every file itself (pylock.toml as uv exports it: a URL and a hash per wheel, chosen for the
 * target when the lock was read) needs no resolver at all: those files are the layer. undefined otherwise.
 */
function lockedWheels(locked: LockedSet): ChosenWheel[] | undefined {
  const wheels: ChosenWheel[] = []
  for (const p of locked.packages) {
    const sha256 = p.hashes.length === 1 ? /^sha256:([0-9a-f]{64})$/.exec(p.hashes[0])?.[1] : undefined
    if (p.source?.kind !== 'url' || p.source.subdirectory || !sha256 || !/^https?:/.test(p.source.url)) return undefined
    const filename = decodeURIComponent(new URL(p.source.url).pathname.split('/').pop() ?? '')
    if (!filename.endsWith('.whl')) return undefined
    // Every line of a lock is asked for by name, so pip writes REQUESTED for each.
    wheels.push({ name: canonicalName(p.name), version: p.version, filename, url: p.source.url, sha256, requested: true })
  }
  return wheels.length ? wheels.sort(byName) : undefined
}

/** The wheels uv would install for a locked set (uv pip compile --no-deps), each one a file the lock names. */
async function uvLockedWheels(plan: AssembleInputs, python: Interpreter, installer: Installer, set: RequirementSet, packages: LockedPackage[], logger: Logger): Promise<ChosenWheel[] | string> {
  const resolution = await uvCompile(plan, python, installer, set, ['--no-deps'], logger)
  if (!resolution) return unresolved('uv')
  if (typeof resolution.wheels === 'string') return resolution.wheels
  const hashes = new Map(packages.map(p => [canonicalName(p.name), p.hashes]))
  // uv pip compile does not check hashes: a file the lock does not name is left to the installer's --require-hashes.
  const unlocked = resolution.wheels.find(w => (hashes.get(w.name)?.length ?? 0) > 0 && !hashes.get(w.name)?.includes(`sha256:${w.sha256}`))
  return unlocked ? `the lock does not name ${unlocked.filename}, the file uv picks for ${unlocked.name}` : resolution.wheels
}

/** The wheels pip would install for this set (a lock: exactly its files), or why none can be used. */
async function reportedWheels(plan: AssembleInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, logger: Logger): Promise<ChosenWheel[] | string> {
  const named = requirements.locked && lockedWheels(requirements.locked)
  if (named) return named
  if (requirements.locked?.packages.some(p => p.source)) return 'the lock names a package by git, a local path or a URL that is not one wheel with its hash, which the installer fetches'
  if (requirements.locked) {
    const picked = await pickLockedWheels(plan, requirements.locked, installer.name, requirements.files, python.prefix, python.env)
    if (typeof picked !== 'string') {
      logger.info(`Picked the locked files for ${plan.runtime.name} on ${plan.architecture} from the index pages: ${installer.name} does not run`)
      return picked
    }
    logger.debug(`Asking ${installer.name} which locked files to install: ${picked}`)
  }
  const work = makeWorkFolder('resolve')
  try {
    let set = requirements
    let extra: string[] = []
    if (requirements.locked) {
      const locked = await lockedRequirements(plan, python, requirements.locked, installer.name, work, logger)
      set = { ...requirements, files: [locked.file], requirements: [] }
      extra = locked.flags
    }
    if (installer.name === 'uv' && requirements.locked) return await uvLockedWheels(plan, python, installer, set, requirements.locked.packages, logger)
    // Unlocked (no resolution ran for the key, as with --no-cache): uv resolves the whole set, dependencies too.
    if (installer.name === 'uv') {
      const resolution = await uvCompile(plan, python, installer, set, [], logger)
      return resolution ? resolution.wheels : unresolved('uv')
    }
    const items = await pipReport(plan, python, installer, set, extra, logger)
    if (!items) return UNRESOLVED
    return chooseWheels(items)
  } catch (error) {
    if (error instanceof SpindriftError) throw error
    return `pip's report could not be read (${(error as Error).message})`
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
