// The chosen wheels' bytes: from the wheel cache, or downloaded a few at a time, each checked against the
// sha256 the index (or the lock) gave before it is used or cached.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { SpindriftError } from '../../common/errors.js'
import { stripCredentials } from '../../common/credentials.js'
import { basicAuth, get } from '../../common/http.js'
import type { WheelCache } from './cache.js'
import type { ChosenWheel } from './select.js'

/** Downloads at once: enough to fill the line from a CDN, few enough for a small runner. */
const PARALLEL = 6

/** A download that receives nothing for this long is given up (the installer path then tries). */
const STALL_MS = 30_000

/** A download that failed for a reason the installer may overcome (network, credentials it finds in .netrc). */
export class DownloadFailed extends Error {}

export interface Fetched {
  wheel: ChosenWheel
  data: Buffer
  /** True when the bytes came from the wheel cache. */
  cached: boolean
}

/**
 * Every wheel's bytes, in the order given. `indexes` are the index URLs the installer was told about: a file
 * URL on one of their hosts gets that index's credentials, as pip sends them.
 */
export async function fetchWheels(wheels: ChosenWheel[], cache: WheelCache | undefined, indexes: string[], stallMs = STALL_MS): Promise<Fetched[]> {
  const credentials = credentialsByHost(indexes)
  const results: Fetched[] = new Array(wheels.length)
  let next = 0
  const worker = async () => {
    while (next < wheels.length) {
      const i = next++
      const wheel = wheels[i]
      const hit = cache?.get(wheel.sha256)
      if (hit) {
        results[i] = { wheel, data: hit, cached: true }
        continue
      }
      const data = await download(wheel.url, credentials, stallMs)
      const actual = createHash('sha256').update(data).digest('hex')
      if (actual !== wheel.sha256) {
        throw new SpindriftError(`The download of ${wheel.filename} from ${stripCredentials(wheel.url)} has the sha256 ${actual}, not the ${wheel.sha256} the index or lock gave, so it is not the file that was chosen; run the build again, and if it persists check the index (or relock).`)
      }
      cache?.put(wheel.sha256, data)
      results[i] = { wheel, data, cached: false }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, wheels.length) }, worker))
  return results
}

function credentialsByHost(indexes: string[]): Map<string, string> {
  const byHost = new Map<string, string>()
  for (const index of indexes) {
    try {
      const url = new URL(index)
      if (url.username || url.password) byHost.set(url.host, basicAuth(url))
    } catch {
      // not a URL: nothing to send
    }
  }
  return byHost
}

async function download(address: string, credentials: Map<string, string>, stallMs: number): Promise<Buffer> {
  if (address.startsWith('file:')) {
    try {
      return readFileSync(fileURLToPath(address))
    } catch (error) {
      throw new DownloadFailed(`${stripCredentials(address)} cannot be read (${(error as NodeJS.ErrnoException).code})`)
    }
  }
  const url = new URL(address)
  // A file URL on an index's host gets that index's credentials (its own user:password win, in get).
  const headers: Record<string, string> = {}
  if (!url.username && !url.password && credentials.has(url.host)) headers.Authorization = credentials.get(url.host) as string
  let response
  try {
    response = await get(url, { headers, idleMs: stallMs })
  } catch (error) {
    throw new DownloadFailed(`${stripCredentials(address)} could not be downloaded (${(error as Error).message})`)
  }
  if (response.status < 200 || response.status > 299) throw new DownloadFailed(`${stripCredentials(address)} answered HTTP ${response.status}`)
  return response.body
}
