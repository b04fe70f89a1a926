import * as cache from '@actions/cache'
import type { Environment, Logger } from '../common/log.js'
import type { RemoteCache } from '../pipeline.js'

/** How long one restore or save may take before the build goes on without it. */
const DEFAULT_TIMEOUT_SECONDS = 120

/**
 * GitHub's cache service behind the RemoteCache interface. Unavailable, denied, failing, slow or corrupt:
 * each is a warning and the build goes on (the layer store verifies whatever is restored).
 */
export function githubCache(logger: Logger, env: Environment): RemoteCache | undefined {
  if (!cache.isFeatureAvailable()) {
    logger.info('GitHub\'s cache service is not available here: the dependency layer is cached on this machine only.')
    return undefined
  }
  const seconds = Number(env.SPINDRIFT_CACHE_TIMEOUT_SECONDS) > 0 ? Number(env.SPINDRIFT_CACHE_TIMEOUT_SECONDS) : DEFAULT_TIMEOUT_SECONDS
  // A restore that timed out may still be writing into the folder: never save that folder afterwards.
  let restoreAbandoned = false
  return {
    async restore(folder, key) {
      try {
        const matched = await withTimeout(cache.restoreCache([folder], key), seconds)
        if (matched === key) return true
        logger.info(`No cached dependency layer for ${key} yet.`)
      } catch (error) {
        if (error instanceof TimeoutError) restoreAbandoned = true
        logger.warning(`Restoring the dependency cache failed (${describe(error)}); installing the dependencies instead.`)
      }
      return false
    },
    async save(folder, key) {
      if (restoreAbandoned) return
      try {
        const id = await withTimeout(cache.saveCache([folder], key), seconds)
        if (id === -1) logger.warning(`The dependency layer was not saved to GitHub's cache (see the messages above); the next run will install again.`)
        else logger.info(`Saved the dependency layer to GitHub's cache as ${key}.`)
      } catch (error) {
        logger.warning(`Saving the dependency cache failed (${describe(error)}); the next run will install again.`)
      }
    }
  }
}

class TimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${seconds} s`)), seconds * 1000)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error)
}
