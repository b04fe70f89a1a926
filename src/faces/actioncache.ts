import * as cache from '@actions/cache'
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
  return {
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
