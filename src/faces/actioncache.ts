import * as cache from '@actions/cache'
import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import type { Environment, Logger } from '../common/log.js'
import type { RemoteCache } from '../pipeline.js'

/** How long one restore or save may take before the build goes on without it. */
const DEFAULT_TIMEOUT_SECONDS = 120

/** The action's cache inputs: restore-cache, save-cache (already decided for this event) and cache-suffix. */
export interface CacheControls {
  restore: boolean
  save: boolean
  suffix: string
}

/** The key in GitHub's cache: the layer's key, with cache-suffix after it. */
export function remoteKey(key: string, suffix: string): string {
  return suffix ? `${key}-${suffix}` : key
}

/**
 * GitHub's cache service behind the RemoteCache interface. Unavailable, denied, failing, slow or corrupt:
 * each is a warning and the build goes on (the layer store verifies whatever is restored). Its lines go in
 * their own log group.
 */
export function githubCache(logger: Logger, env: Environment, controls: CacheControls = { restore: true, save: true, suffix: '' }): RemoteCache | undefined {
  if (!cache.isFeatureAvailable()) {
    logger.info('GitHub\'s cache service is not available here: the dependency layer is cached on this machine only.')
    return undefined
  }
  const seconds = cacheTimeout(env)
  // A restore that timed out may still be writing into the folder: never save that folder afterwards.
  let restoreAbandoned = false
  const state = { abandoned: () => restoreAbandoned }
  return {
    ...wheelMethods(logger, controls, seconds, state),
    async restore(folder, layerKey) {
      const key = remoteKey(layerKey, controls.suffix)
      if (!controls.restore) return false
      return logger.group(`Cache: restore ${key}`, async () => {
        logger.info(`Restoring the dependency layer from GitHub's cache as ${key}`)
        try {
          const matched = await withTimeout(cache.restoreCache([folder], key), seconds)
          if (matched === key) return true
          logger.info(`No cached dependency layer for ${key} yet.`)
        } catch (error) {
          if (error instanceof TimeoutError) restoreAbandoned = true
          logger.warning(`Restoring the dependency cache failed (${describe(error)}); installing the dependencies instead.`)
        }
        return false
      })
    },
    async save(folder, layerKey) {
      const key = remoteKey(layerKey, controls.suffix)
      if (restoreAbandoned || !controls.save) return
      await logger.group(`Cache: save ${key}`, async () => {
        try {
          const id = await withTimeout(cache.saveCache([folder], key), seconds)
          if (id === -1) logger.warning(`The dependency layer was not saved to GitHub's cache (see the messages above); the next run will install again.`)
          else logger.info(`Saved the dependency layer to GitHub's cache as ${key}.`)
        } catch (error) {
          logger.warning(`Saving the dependency cache failed (${describe(error)}); the next run will install again.`)
        }
      })
    }
  }
}

/** Bump when what a wheels entry holds changes meaning. */
const WHEELS_FORMAT = 1

/**
 * The wheel cache folder in GitHub's cache: restored by prefix (the newest entry of the family for this runtime
 * and architecture) before an install, saved under a key naming the set of wheels after a new layer is stored,
 * only when that set differs from what the folder held after the restore. The family carries cache-suffix
 * before the scope, so a suffixed job never restores an unsuffixed entry. restore and save pass the same paths
 * array: @actions/cache versions an entry by its paths.
 */
function wheelMethods(logger: Logger, controls: CacheControls, seconds: number, layer: { abandoned: () => boolean }): Pick<RemoteCache, 'restoreWheels' | 'saveWheels'> {
  const family = (scope: string) => `${remoteKey(`spindrift-wheels-v${WHEELS_FORMAT}`, controls.suffix)}-${scope}-`
  // Per folder: the one restore of this job, and the wheel set known to be in GitHub's cache (restored or saved).
  const restores = new Map<string, Promise<void>>()
  const known = new Map<string, string>()
  let abandoned = false
  let saving: Promise<void> = Promise.resolve()
  const restoreOnce = async (folder: string, scope: string) => {
    const prefix = family(scope)
    // A service that let the layer's restore time out is not asked again: that would cost a second timeout.
    if (controls.restore && layer.abandoned()) logger.info('GitHub\'s cache did not answer the layer\'s restore in time: not restoring the downloaded wheels either.')
    else if (controls.restore) {
      await logger.group(`Cache: restore wheels ${prefix}*`, async () => {
        logger.info(`Restoring downloaded wheels from GitHub's cache (the newest entry starting with ${prefix})`)
        try {
          const matched = await withTimeout(cache.restoreCache([folder], prefix, [prefix]), seconds)
          if (matched) logger.info(`Restored ${wheelFiles(folder).length} wheels from GitHub's cache (${matched}); each is checked by its hash when used.`)
          else logger.info(`No cached wheels for ${prefix}* yet.`)
        } catch (error) {
          if (error instanceof TimeoutError) abandoned = true
          logger.warning(`Restoring the cached wheels failed (${describe(error)}); downloading them instead.`)
        }
      })
    }
    known.set(folder, wheelDigest(wheelFiles(folder)))
  }
  return {
    async restoreWheels(folder, scope) {
      if (!restores.has(folder)) restores.set(folder, restoreOnce(folder, scope))
      await restores.get(folder)
    },
    saveWheels(folder, scope) {
      // One save at a time: a second function's layer may add wheels while the first is archived.
      saving = saving.then(async () => {
        if (!controls.save || abandoned || layer.abandoned()) return
        const files = wheelFiles(folder)
        const digest = wheelDigest(files)
        const key = `${family(scope)}${digest}`
        if (files.length === 0) return
        await logger.group(`Cache: save wheels ${key}`, async () => {
          if (known.get(folder) === digest) {
            logger.info(`GitHub's cache already holds these ${files.length} wheels; not saving them again.`)
            return
          }
          try {
            const id = await withTimeout(cache.saveCache([folder], key), seconds)
            if (id === -1) logger.warning(`The downloaded wheels were not saved to GitHub's cache (see the messages above); the next new layer will download them again.`)
            else {
              known.set(folder, digest)
              logger.info(`Saved ${files.length} wheels to GitHub's cache as ${key}.`)
            }
          } catch (error) {
            logger.warning(`Saving the downloaded wheels failed (${describe(error)}); the next new layer will download them again.`)
          }
        })
      })
      return saving
    }
  }
}

/** The wheel cache's files (named by their SHA-256; a temporary file beside them is not one). */
function wheelFiles(folder: string): string[] {
  try {
    return readdirSync(folder).filter(name => /^[0-9a-f]{64}\.whl$/.test(name)).sort()
  } catch {
    return []
  }
}

/** The set of wheels, as a key part: the same files give the same key on every runner. */
function wheelDigest(files: string[]): string {
  return createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 40)
}

/** How long one restore or save may take (SPINDRIFT_CACHE_TIMEOUT_SECONDS, else two minutes). */
export function cacheTimeout(env: Environment): number {
  return Number(env.SPINDRIFT_CACHE_TIMEOUT_SECONDS) > 0 ? Number(env.SPINDRIFT_CACHE_TIMEOUT_SECONDS) : DEFAULT_TIMEOUT_SECONDS
}

class TimeoutError extends Error {}

export function withTimeout<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${seconds} s`)), seconds * 1000)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error)
}
