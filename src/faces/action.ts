import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { cacheTimeout, githubCache, remoteKey, type CacheControls } from './actioncache.js'
import { baseComparisons, buildEvent, manifestFolder, postComment, type BaseComparison, type BuildEvent } from './basebuild.js'
import { configureAll } from '../config/configure.js'
import { SpindriftError, asUserError, quote } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import { OPTIONS, dashed } from '../config/options.js'
import { UNZIPPED_LIMIT, ZIPPED_LIMIT, runPlans, summariseRuns, type DistributionReport, type FunctionRun, type PackageResult } from '../pipeline.js'
import type { Plan } from '../config/plan.js'
import { DEFAULT_SETTINGS_FILE } from '../config/settings.js'
import { removePendingTemps } from '../common/cleanup.js'
import { secretsOf, stripCredentials } from '../common/credentials.js'
import { cannotWrite } from '../common/fs.js'
import { StageClock } from '../common/profile.js'


/** RUNNER_DEBUG (the runner's "debug logging") or ACTIONS_STEP_DEBUG: the resolved plan, the cache key's parts, pip -v, stacks. */
export function debugEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.RUNNER_DEBUG === '1' || env.ACTIONS_STEP_DEBUG === 'true'
}

/**
 * @actions/core behind the Logger: a group opens only when its first line comes (no empty groups), warnings
 * carry a title, and a group inside a group (the cache's) closes the outer one and reopens it afterwards,
 * since the runner's groups do not nest.
 */
function actionsLogger(): Logger {
  const stack: string[] = []
  let open: string | undefined
  const ensureOpen = () => {
    const want = stack.at(-1)
    if (want === undefined || open === want) return
    if (open !== undefined) core.endGroup()
    core.startGroup(want)
    open = want
  }
  const close = () => {
    if (open !== undefined) core.endGroup()
    open = undefined
  }
  return {
    info: message => {
      ensureOpen()
      core.info(message)
    },
    warning: message => {
      ensureOpen()
      core.warning(message, { title: 'spindrift' })
    },
    debug: message => {
      ensureOpen()
      core.info(message)
    },
    group: async (title, work) => {
      if (open !== undefined) close()
      stack.push(title)
      try {
        return await work()
      } finally {
        if (open === title) close()
        stack.pop()
      }
    }
  }
}

/** The events whose caches a later run on another ref could restore: save-cache auto does not write there. */
function autoSaveBlocked(env: NodeJS.ProcessEnv): string | undefined {
  const event = env.GITHUB_EVENT_NAME ?? ''
  if (['release', 'pull_request_target', 'workflow_run'].includes(event)) return `a ${event} event`
  if ((env.GITHUB_REF ?? '').startsWith('refs/tags/')) return `a tag push (${env.GITHUB_REF})`
  return undefined
}

/** The cache inputs, checked. */
function cacheControls(env: NodeJS.ProcessEnv, logger: Logger): CacheControls {
  const restore = booleanInput('restore-cache') ?? true
  const saveText = core.getInput('save-cache').toLowerCase()
  let save: boolean
  if (saveText === '' || saveText === 'auto') {
    const blocked = autoSaveBlocked(env)
    if (blocked) logger.info(`Not saving the dependency layer to GitHub's cache on ${blocked} (save-cache: auto); set save-cache: true to save anyway.`)
    save = !blocked
  } else {
    save = booleanInput('save-cache', 'true, false or auto') as boolean
  }
  const suffix = core.getInput('cache-suffix')
  if (suffix && !/^[A-Za-z0-9._-]{1,100}$/.test(suffix)) {
    throw new SpindriftError(`Input cache-suffix ${quote(suffix)} may hold only letters, digits, ".", "_" and "-" (at most 100): a cache key cannot hold commas or spaces.`)
  }
  return { restore, save, suffix }
}

/** The plan with index credentials removed, for the debug channel. */
function describePlan(plan: Plan): string {
  return JSON.stringify({ ...plan, indexUrl: plan.indexUrl && stripCredentials(plan.indexUrl), extraIndexUrls: plan.extraIndexUrls.map(stripCredentials) }, null, 2)
}

/** The action face: inputs (by the naming rule) and settings.spindrift → Plan → outputs and a job summary. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const started = Date.now()
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const cwd = path.resolve(workspace, core.getInput('working-directory') || '.')
  const debug = debugEnabled(env)
  const logger = actionsLogger()
  let name: string | undefined
  try {
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
      throw new SpindriftError(`Input working-directory ${quote(core.getInput('working-directory'))} is not a folder in the workspace ${workspace}; fix the path (it is relative to the repository root).`)
    }
    const overrides: Record<string, unknown> = {}
    for (const spec of OPTIONS) {
      const name = dashed(spec.key)
      // One item a line, never split on commas: a glob like **/*.{md,txt} holds them.
      if (spec.kind === 'list') overrides[spec.key] = core.getMultilineInput(name).map(s => s.trim()).filter(Boolean)
      else if (spec.kind === 'boolean') overrides[spec.key] = booleanInput(name)
      else overrides[spec.key] = core.getInput(name)
    }
    for (const value of [overrides['package.index-url'], ...((overrides['package.extra-index-url'] as string[]) ?? []), env.PIP_INDEX_URL, env.PIP_EXTRA_INDEX_URL]) {
      maskCredentials(value)
    }
    // action.yml's default name counts as "not given": a missing default file means inputs only.
    const settingsFile = core.getInput('settings-file')
    const functions = core.getMultilineInput('function').map(s => s.trim()).filter(Boolean)
    const plans = configureAll({ settingsFile: settingsFile && settingsFile !== DEFAULT_SETTINGS_FILE ? settingsFile : undefined, overrides, cwd, env, boundary: workspace, functions })
    name = plans.length === 1 ? plans[0].name : plans.map(plan => plan.functionName).join(', ')
    for (const plan of plans) {
      maskCredentials(plan.indexUrl)
      plan.extraIndexUrls.forEach(maskCredentials)
      if (debug) core.debug(`spindrift plan${plan.functionName ? ` (function ${plan.functionName})` : ''}: ${describePlan(plan)}`)
    }
    const controls = cacheControls(env, logger)
    // Read before the build: a bad value must not fail the step after the zip is written.
    const prComment = booleanInput('pr-comment') ?? false
    const remote = plans.some(plan => plan.cacheDir) && (controls.restore || controls.save) ? githubCache(logger, env, controls) : undefined
    // pip -v for the debug channel; PIP_VERBOSE is not part of the cache key.
    const runEnv = debug ? { ...env, PIP_VERBOSE: '1' } : env
    const clock = new StageClock()
    const runs = await runPlans(plans, { logger, env: runEnv, remote, clock })
    // Where the time went, stage by stage (the CLI's --profile line).
    core.debug(clock.line())
    if (debug) for (const { run } of runs) for (const [part, value] of Object.entries(run.report.cacheKeyParts)) core.debug(`cache key part ${part}: ${JSON.stringify(value)}`)
    // One function (the seed's case, or one picked with the function input): the single outputs as always.
    if (runs.length === 1) setOutputs(runs[0].run.result, remoteKey(runs[0].run.report.cacheKey, controls.suffix), env)
    core.setOutput('artefacts', JSON.stringify(summariseRuns(runs)))
    const names = runs.map(({ functionName }, i) => functionName ?? plans[i].name)
    const event = buildEvent(env)
    const comparisons = await baseComparisons(event, { runs, names, folder: manifestFolder(plans[0].cacheDir), mayWrite: controls.save, seconds: cacheTimeout(env), runId: `${env.GITHUB_RUN_ID ?? Date.now()}-${env.GITHUB_RUN_ATTEMPT ?? '1'}` }, logger)
    if (prComment) await commentOnPullRequest(event, runs, names, comparisons, env, logger)
    await writeSummary({ runs, name, suffix: controls.suffix, workspace, seconds: (Date.now() - started) / 1000, comparisons }, env)
  } catch (caught) {
    const error = asUserError(caught)
    if (error) {
      const file = error.file ? path.relative(workspace, error.file) : undefined
      core.error(error.message, file ? { title: 'spindrift settings', file, startLine: error.line } : { title: 'spindrift' })
      process.exitCode = 1
      await writeFailureSummary(name, error.message, env)
      return
    }
    if (debug) core.debug(`spindrift internal error: ${(caught as Error).stack ?? String(caught)}`)
    const message = `spindrift: unexpected internal error: ${(caught as Error).message}; please report it.`
    core.setFailed(message)
    await writeFailureSummary(name, message, env)
  }
}

/** true/false, or undefined when the input is empty (then the settings file or the default decides). */
function booleanInput(name: string, allowed = 'true or false'): boolean | undefined {
  const value = core.getInput(name).toLowerCase()
  if (value === '') return undefined
  if (value === 'true') return true
  if (value === 'false') return false
  throw new SpindriftError(`Input ${name} is ${quote(value)}; set it to ${allowed}.`)
}

/** An index URL with credentials (user:password@, ?token=) is registered as a secret, whole and each secret alone, before anything logs it. */
function maskCredentials(value: unknown): void {
  if (typeof value !== 'string' || value === '') return
  for (const url of value.split(/\s+/)) {
    if (stripCredentials(url) === url) continue
    core.setSecret(url)
    for (const secret of secretsOf(url)) for (const form of [secret, safeDecode(secret)]) if (form) core.setSecret(form)
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The step's outputs go to the GITHUB_OUTPUT file; a file that cannot take them (full disk, missing, read-only) is one sentence. */
function setOutputs(result: PackageResult, cacheKey: string, env: NodeJS.ProcessEnv): void {
  try {
    writeOutputs(result, cacheKey)
  } catch (error) {
    const what = `the step's outputs to the GITHUB_OUTPUT file ${env.GITHUB_OUTPUT ?? ''}`.trimEnd()
    throw new SpindriftError(cannotWrite(what, error, 'check the runner\'s disk and that GITHUB_OUTPUT names a writable file').replace(' (any previous file there is unchanged)', ` (the zip ${result.path} was written)`))
  }
}

function writeOutputs(result: PackageResult, cacheKey: string): void {
  core.setOutput('zip-path', result.path)
  core.setOutput('base64-sha256', result.base64Sha256)
  core.setOutput('sha256', result.sha256)
  core.setOutput('size', String(result.size))
  core.setOutput('uncompressed-size', String(result.uncompressedSize))
  core.setOutput('handler', result.handler)
  core.setOutput('cache-hit', String(result.cacheHit))
  core.setOutput('cache-key', cacheKey)
  core.setOutput('subject-name', path.basename(result.path))
  core.setOutput('subject-digest', `sha256:${result.sha256}`)
  if (result.sbom) core.setOutput('sbom-path', result.sbom)
  if (result.layer) {
    core.setOutput('layer-zip-path', result.layer.path)
    core.setOutput('layer-base64-sha256', result.layer.base64Sha256)
  }
}

interface SummaryFacts {
  runs: FunctionRun[]
  /** Per run: the comparison with the base branch's last build, on a pull request. */
  comparisons: (BaseComparison | undefined)[]
  name: string
  /** cache-suffix, added to each layer's key in GitHub's cache. */
  suffix: string
  workspace: string
  seconds: number
}

/** A path inside the workspace as the repository shows it; others stay absolute. */
function shown(file: string, workspace: string): string {
  const relative = path.relative(workspace, file)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
}

async function writeSummary({ runs, name, suffix, workspace, seconds, comparisons }: SummaryFacts, env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) return
  const share = (size: number, limit: number) => `${mb(size)} of ${mb(limit)} (${((100 * size) / limit).toFixed(1)} %)`
  core.summary.addHeading(`spindrift: ${escapeHtml(name)}`, 3)
  for (const [index, { functionName, run }] of runs.entries()) {
    const { result, report } = run
    if (functionName) core.summary.addHeading(`function ${escapeHtml(functionName)}`, 4)
    const compared = comparisons[index]
    if (compared) {
      core.summary.addHeading(`Changes against ${escapeHtml(compared.base)}`, 4)
      core.summary.addRaw('missing' in compared ? `<p>No build of ${escapeHtml(compared.base)} saved yet to compare with: the next push build of ${escapeHtml(compared.base)} saves one.</p>` : compared.html, true)
    }
    const rows = [
      [{ data: 'zip', header: true }, { data: `<code>${escapeHtml(shown(result.path, workspace))}</code>` }],
      [{ data: 'runtime', header: true }, { data: `${report.runtime} · ${report.architecture} (built with Python ${report.python})` }],
      [{ data: 'binaries', header: true }, { data: report.maxGlibc ? `audited: need glibc ${report.maxGlibc} at most` : 'audited: none need glibc' }],
      [{ data: 'handler', header: true }, { data: `<code>${result.handler}</code>` }],
      [{ data: 'dependencies from', header: true }, { data: escapeHtml(result.dependencySource) }],
      [{ data: 'dependency cache', header: true }, { data: result.cacheHit ? 'hit: pip did not run' : 'miss: installed with pip' }],
      [{ data: 'cache key', header: true }, { data: `<code>${escapeHtml(remoteKey(report.cacheKey, suffix))}</code>` }],
      [{ data: 'zipped', header: true }, { data: share(result.size, ZIPPED_LIMIT) + ' direct-upload limit' }],
      [{ data: 'unzipped', header: true }, { data: share(result.uncompressedSize + (result.layer?.uncompressedSize ?? 0), UNZIPPED_LIMIT) + ' function limit' + (result.layer ? ' (function and layer)' : '') }],
      [{ data: 'base64 SHA-256', header: true }, { data: `<code>${result.base64Sha256}</code>` }]
    ]
    if (result.layer) {
      rows.push([{ data: 'layer zip', header: true }, { data: `<code>${escapeHtml(shown(result.layer.path, workspace))}</code> · ${mb(result.layer.size)} · base64 SHA-256 <code>${result.layer.base64Sha256}</code>` }])
    }
    core.summary.addTable(rows)
    const largest = report.dependencies.slice(0, 10)
    if (largest.length > 0) {
      core.summary.addHeading('Largest dependencies (unzipped)', 4).addTable([
        [{ data: 'package', header: true }, { data: 'version', header: true }, { data: 'size', header: true }],
        ...largest.map(d => [escapeHtml(d.name), escapeHtml(d.version), mb(d.size)])
      ])
    }
    const why = result.layer?.distributions ?? result.distributions
    if (why.length > 0) core.summary.addDetails(`Why these wheels (${why.length} distributions)`, whyTable(why))
  }
  core.summary.addTable([[{ data: 'duration', header: true }, { data: `${seconds.toFixed(1)} s` }]])
  await writeOut()
}

/** pr-comment: the comparisons as one comment on the pull request, with github-token. */
async function commentOnPullRequest(event: BuildEvent, runs: FunctionRun[], names: string[], comparisons: (BaseComparison | undefined)[], env: NodeJS.ProcessEnv, logger: Logger): Promise<void> {
  if (event.kind !== 'pull-request') return
  const token = core.getInput('github-token')
  if (!token) return logger.warning('pr-comment is true, but github-token is empty: no comment posted (the job summary has the comparison).')
  if (event.number === undefined) return logger.warning('pr-comment is true, but the event names no pull request number: no comment posted.')
  const parts = comparisons.flatMap((compared, i) => {
    if (!compared) return []
    const heading = runs.length > 1 || runs[i].functionName ? `#### ${escapeHtml(names[i])}\n` : ''
    return [`${heading}${'missing' in compared ? `No build of ${escapeHtml(compared.base)} saved yet to compare with.` : compared.html}`]
  })
  if (parts.length === 0) return
  await postComment(env, event.number, token, [`### spindrift: size and dependency changes against ${escapeHtml(event.base)}`, ...parts].join('\n\n'), logger)
}

/** Per distribution: the wheel file, its tags, what chose it and where it came from, and any note. */
function whyTable(distributions: DistributionReport[]): string {
  const cell = (text: string | undefined) => `<td>${escapeHtml(text ?? '')}</td>`
  const rows = distributions.map(d => `<tr>${cell(d.name)}${cell(d.version)}<td>${d.file ? `<code>${escapeHtml(d.file)}</code>` : 'not recorded'}</td>${cell(d.tags?.join(' '))}${cell(d.chosenBy)}${cell(d.from)}${cell(d.note)}</tr>`)
  return `\n\n<table><tr><th>package</th><th>version</th><th>wheel</th><th>tags</th><th>chosen by</th><th>from</th><th>note</th></tr>${rows.join('')}</table>\n\n`
}

/** On failure the summary says so, with the one sentence that also went to the log. */
async function writeFailureSummary(name: string | undefined, message: string, env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) return
  core.summary.addHeading(`spindrift: ${escapeHtml(name ?? 'packaging')} failed`, 3).addRaw(`<p>${escapeHtml(message)}</p>`, true)
  await writeOut()
}

async function writeOut(): Promise<void> {
  try {
    await core.summary.write()
  } catch (error) {
    core.warning(`Could not write the job summary (${(error as Error).message}).`, { title: 'spindrift' })
  }
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)
}

// Cancelled (the runner sends SIGINT first, then SIGTERM): stop the running step, leave no temp file or work folder.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    removePendingTemps()
    process.exit(signal === 'SIGTERM' ? 143 : 130)
  })
}

// A cache request left hanging after its timeout must not keep the step alive.
run().finally(() => process.exit())
