// The pull-request comparison's plumbing: which event this is, the base branch's manifests in GitHub's cache
// (saved by push builds of the default branch only, restored by pull_request builds), and the optional comment.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as cache from '@actions/cache'
import type { Environment, Logger } from '../common/log.js'
import { makeFolders, replaceFile } from '../common/fs.js'
import type { FunctionRun } from '../pipeline.js'
import { withTimeout } from './actioncache.js'
import { artefactManifest, compareManifests, limitWarnings, parseArtefactManifest, renderComparison, type Comparison } from './prchanges.js'

/** What this run is for the comparison: a push build of the default branch, a pull request, or neither. */
export type BuildEvent = { kind: 'base-push'; branch: string } | { kind: 'pull-request'; base: string; number?: number } | { kind: 'other' }

export function buildEvent(env: Environment): BuildEvent {
  const payload = eventPayload(env)
  const name = env.GITHUB_EVENT_NAME
  if (name === 'push') {
    const branch = /^refs\/heads\/(.+)$/.exec(env.GITHUB_REF ?? '')?.[1]
    const defaultBranch = text(record(payload.repository).default_branch)
    return branch && branch === defaultBranch ? { kind: 'base-push', branch } : { kind: 'other' }
  }
  if (name === 'pull_request') {
    const pr = record(payload.pull_request)
    const base = env.GITHUB_BASE_REF || text(record(pr.base).ref)
    const number = typeof pr.number === 'number' ? pr.number : typeof payload.number === 'number' ? payload.number : undefined
    return base ? { kind: 'pull-request', base, ...(number !== undefined && { number }) } : { kind: 'other' }
  }
  return { kind: 'other' }
}

/** One function's comparison with the base branch's last build, or why there is none. */
export type BaseComparison = { base: string; comparison: Comparison; html: string } | { base: string; missing: true }

export interface ComparisonInputs {
  runs: FunctionRun[]
  /** The name each run is known by (the function's, or package.name for a single function). */
  names: string[]
  /** Where the manifests are kept on the runner: the same path on every run, as GitHub's cache versions by path. */
  folder: string
  /** save-cache allows writing to GitHub's cache at all. */
  mayWrite: boolean
  seconds: number
  /** This run's id (GITHUB_RUN_ID and attempt): a base build's key must be new. */
  runId: string
}

/**
 * A push build of the default branch saves each function's manifest; a pull_request build restores the base
 * branch's and compares. Anything the cache service does wrong is a warning: the build itself is done.
 */
export async function baseComparisons(event: BuildEvent, inputs: ComparisonInputs, logger: Logger): Promise<(BaseComparison | undefined)[]> {
  if (event.kind === 'other' || !cache.isFeatureAvailable()) return inputs.runs.map(() => undefined)
  const results: (BaseComparison | undefined)[] = []
  for (const [i, run] of inputs.runs.entries()) {
    const branch = event.kind === 'base-push' ? event.branch : event.base
    const prefix = keyPrefix(branch, inputs.names[i], run)
    const folder = path.join(inputs.folder, createHash('sha256').update(prefix).digest('hex').slice(0, 16))
    const file = path.join(folder, 'manifest.json')
    if (event.kind === 'base-push') {
      if (inputs.mayWrite) await saveManifest(folder, file, `${prefix}${inputs.runId}`, run, inputs.seconds, logger)
      results.push(undefined)
      continue
    }
    const base = await restoreManifest(folder, file, prefix, inputs.seconds, logger)
    if (!base) {
      results.push({ base: branch, missing: true })
      continue
    }
    const comparison = compareManifests(base, artefactManifest(run))
    for (const warning of limitWarnings(comparison, inputs.names[i])) logger.warning(warning)
    results.push({ base: branch, comparison, html: renderComparison(comparison, branch) })
  }
  return results
}

/** Keys are immutable in GitHub's cache: each base build saves under prefix + its run, and a restore takes the newest. */
export function keyPrefix(branch: string, name: string, { run }: FunctionRun): string {
  const slug = branch.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60)
  const id = createHash('sha256').update(JSON.stringify([branch, name, run.report.runtime, run.report.architecture])).digest('hex').slice(0, 12)
  return `spindrift-base-v1-${slug}-${run.report.runtime}-${run.report.architecture}-${id}-`
}

async function saveManifest(folder: string, file: string, key: string, run: FunctionRun, seconds: number, logger: Logger): Promise<void> {
  await logger.group(`Cache: save ${key}`, async () => {
    try {
      rmSync(folder, { recursive: true, force: true })
      makeFolders(folder)
      replaceFile(file, Buffer.from(JSON.stringify(artefactManifest(run))), `${file}.tmp`)
      const id = await withTimeout(cache.saveCache([folder], key), seconds)
      if (id === -1) logger.warning('The artefact manifest was not saved to GitHub\'s cache (see the messages above); pull requests will have nothing to compare with until a later build of this branch saves one.')
      else logger.info(`Saved the artefact manifest for pull-request comparisons as ${key}.`)
    } catch (error) {
      logger.warning(`Saving the artefact manifest for pull-request comparisons failed (${describe(error)}).`)
    }
  })
}

async function restoreManifest(folder: string, file: string, prefix: string, seconds: number, logger: Logger) {
  return logger.group(`Cache: restore ${prefix}*`, async () => {
    try {
      // A file left by an earlier job on this runner must not pass for the base branch's.
      rmSync(folder, { recursive: true, force: true })
      const matched = await withTimeout(cache.restoreCache([folder], prefix, [prefix]), seconds)
      if (!matched || !existsSync(file)) {
        logger.info(`No saved build of the base branch for ${prefix}* yet.`)
        return undefined
      }
      const manifest = parseArtefactManifest(readFileSync(file, 'utf8'))
      if (!manifest) logger.info(`The saved base build ${matched} is not a manifest this version of spindrift reads; it is not compared.`)
      else logger.info(`Comparing with the base branch's build ${matched}.`)
      return manifest
    } catch (error) {
      logger.warning(`Restoring the base branch's artefact manifest failed (${describe(error)}); no comparison.`)
      return undefined
    }
  })
}

/** The folder the manifests live in on the runner: beside the dependency cache, else in the temp folder. */
export function manifestFolder(cacheDir: string | undefined): string {
  return path.join(cacheDir ?? path.join(os.tmpdir(), 'spindrift'), 'base-manifests')
}

/** Marks spindrift's own comment, so a later push updates it instead of adding another. */
const MARKER = '<!-- spindrift: pull-request changes -->'

/**
 * Post the comparison on the pull request with the workflow's token (GitHub's REST API), updating the comment
 * an earlier run posted. A refusal is a warning: the job summary has the same.
 */
export async function postComment(env: Environment, number: number, token: string, body: string, logger: Logger): Promise<void> {
  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  const repository = env.GITHUB_REPOSITORY
  if (!repository) return logger.warning('pr-comment is set, but GITHUB_REPOSITORY is not: no comment posted.')
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28', 'Content-Type': 'application/json', 'User-Agent': 'spindrift' }
  const text = `${MARKER}\n${body}`
  try {
    const listed = await fetch(`${api}/repos/${repository}/issues/${number}/comments?per_page=100`, { headers, signal: AbortSignal.timeout(30_000) })
    if (!listed.ok) throw new Error(`listing the comments answered HTTP ${listed.status}`)
    const ours = ((await listed.json()) as { id: number; body?: string }[]).find(c => c.body?.startsWith(MARKER))
    const url = ours ? `${api}/repos/${repository}/issues/comments/${ours.id}` : `${api}/repos/${repository}/issues/${number}/comments`
    const sent = await fetch(url, { method: ours ? 'PATCH' : 'POST', headers, body: JSON.stringify({ body: text }), signal: AbortSignal.timeout(30_000) })
    if (!sent.ok) throw new Error(`${ours ? 'updating' : 'posting'} the comment answered HTTP ${sent.status}`)
    logger.info(`${ours ? 'Updated' : 'Posted'} the size and dependency changes on pull request #${number}.`)
  } catch (error) {
    logger.warning(`Could not comment on pull request #${number} (${describe(error)}); give the job "pull-requests: write" permission, or set pr-comment: false. The job summary has the comparison.`)
  }
}

function eventPayload(env: Environment): Record<string, unknown> {
  const file = env.GITHUB_EVENT_PATH
  if (!file || !existsSync(file)) return {}
  try {
    return record(JSON.parse(readFileSync(file, 'utf8')))
  } catch {
    return {}
  }
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error)
}
