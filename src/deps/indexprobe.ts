import { existsSync } from 'node:fs'
import { get as httpGet } from 'node:http'
import { get as httpsGet } from 'node:https'
import { fileURLToPath } from 'node:url'
import { stripCredentials } from '../common/credentials.js'
import type { Environment } from '../common/log.js'
import type { IndexOptions } from '../config/plan.js'
import { indexOptionLines } from '../common/requirementfiles.js'
import { canonicalName } from '../common/names.js'

/** The indexes an install was told to use: the plan's, the requirements files' and the installer's variables. */
export function indexesOf(index: IndexOptions, requirementFiles: string[], env: Environment): string[] {
  const lines = indexOptionLines(requirementFiles)
  const fromFiles = lines
    .map(line => /^(?:-i|--index-url|--extra-index-url) (\S+)/.exec(line)?.[1])
    .filter((url): url is string => Boolean(url))
  if (lines.includes('--no-index')) return fromFiles
  const fromEnv = [env.PIP_INDEX_URL, env.UV_INDEX_URL, env.UV_DEFAULT_INDEX, ...(env.PIP_EXTRA_INDEX_URL ?? '').split(/\s+/), ...(env.UV_EXTRA_INDEX_URL ?? '').split(/\s+/)].filter((u): u is string => Boolean(u))
  const chosen = [...(index.indexUrl ? [index.indexUrl] : []), ...index.extraIndexUrls, ...fromFiles, ...fromEnv]
  // With none named, the index may come from a pip.conf: not guessed, so never wrongly blamed.
  return [...new Set(chosen)]
}

/**
 * When an installer finds no such package, ask the indexes ourselves whether they work: an index that is
 * down, refuses the credentials or does not answer is the real cause, not a missing package. Returns what
 * is wrong with the first index that fails, named without its credentials, or undefined when all answer.
 */
export async function indexProblem(urls: string[], requirement: string, env: Environment, seconds = 10): Promise<string | undefined> {
  // Behind a proxy only pip knows the way out: a direct request would blame a working index.
  const proxied = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy'].some(v => env[v])
  const name = canonicalName(requirement.split(/[<>=!~;[ @]/)[0])
  for (const url of urls) {
    const shown = stripCredentials(url)
    if (url.startsWith('file:')) {
      let folder: string
      try {
        folder = fileURLToPath(url)
      } catch {
        return `the index ${shown} is not a valid file URL`
      }
      if (!existsSync(folder)) return `the index folder ${folder} does not exist`
      continue
    }
    let target: URL
    try {
      target = new URL(`${url.replace(/\/+$/, '')}/${name}/`)
    } catch {
      return `the index URL ${shown} is not a valid URL`
    }
    if (!/^https?:$/.test(target.protocol) || proxied) continue
    const answer = await statusOf(target, seconds)
    if (typeof answer === 'string') return `the index ${shown} ${answer}`
    if (answer === 401 || answer === 403) return `the index ${shown} refused the credentials (HTTP ${answer})`
    if (answer >= 500) return `the index ${shown} answered HTTP ${answer} (a server error)`
    if (answer >= 400 && answer !== 404) return `the index ${shown} answered HTTP ${answer}`
  }
  return undefined
}

/** The HTTP status of a GET (redirects are an answer too), or what went wrong in words. */
function statusOf(target: URL, seconds: number): Promise<number | string> {
  return new Promise(resolve => {
    const get = target.protocol === 'https:' ? httpsGet : httpGet
    // Credentials go in the Authorization header, as pip sends them.
    const auth = target.username || target.password ? `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` : undefined
    const request = get(target, { auth, timeout: seconds * 1000 }, response => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    request.on('timeout', () => {
      request.destroy()
      resolve(`did not answer within ${seconds} s`)
    })
    request.on('error', error => resolve(networkFailure(error)))
  })
}

function networkFailure(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ECONNREFUSED') return 'refused the connection (is it running, and is the port right?)'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'cannot be reached: its host name could not be resolved'
  if (code && /CERT|SSL|TLS/.test(code)) return `cannot be reached: its TLS certificate was not accepted (${code})`
  return `cannot be reached (${code ?? error.message})`
}
