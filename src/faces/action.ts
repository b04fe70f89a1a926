import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import * as core from '@actions/core'
import { githubCache } from './actioncache.js'
import { configure } from '../config/configure.js'
import { SpindriftError } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import { OPTIONS, dashed } from '../config/options.js'
import { UNZIPPED_LIMIT, ZIPPED_LIMIT, runPlan, type BuildReport, type PackageResult } from '../pipeline.js'
import { DEFAULT_SETTINGS_FILE } from '../config/settings.js'
import { removePendingTemps } from '../common/cleanup.js'
import { stripCredentials } from '../common/credentials.js'


const actionsLogger: Logger = {
  info: message => core.info(message),
  warning: message => core.warning(message),
  debug: message => core.info(message),
  group: (title, work) => core.group(title, work)
}

/** The action face: inputs (by the naming rule) and settings.spindrift → Plan → outputs and a job summary. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const workspace = env.GITHUB_WORKSPACE || process.cwd()
  const cwd = path.resolve(workspace, core.getInput('working-directory') || '.')
  try {
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
      throw new SpindriftError(`Input working-directory "${core.getInput('working-directory')}" is not a folder in the workspace ${workspace}; fix the path (it is relative to the repository root).`)
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
    const plan = configure({ settingsFile: settingsFile && settingsFile !== DEFAULT_SETTINGS_FILE ? settingsFile : undefined, overrides, cwd, env, boundary: workspace })
    maskCredentials(plan.indexUrl)
    plan.extraIndexUrls.forEach(maskCredentials)
    const remote = plan.cacheDir ? githubCache(actionsLogger, env) : undefined
    const { result, report } = await runPlan(plan, { logger: actionsLogger, env, remote })
    setOutputs(result)
    await writeSummary(result, report, env)
  } catch (error) {
    if (error instanceof SpindriftError) {
      const file = error.file ? path.relative(workspace, error.file) : undefined
      core.error(error.message, file ? { title: 'spindrift settings', file, startLine: error.line } : { title: 'spindrift' })
      process.exitCode = 1
      return
    }
    core.setFailed(`spindrift: unexpected internal error: ${(error as Error).message}; please report it.`)
  }
}

/** true/false, or undefined when the input is empty (then the settings file or the default decides). */
function booleanInput(name: string): boolean | undefined {
  const value = core.getInput(name).toLowerCase()
  if (value === '') return undefined
  if (value === 'true') return true
  if (value === 'false') return false
  throw new SpindriftError(`Input ${name} is "${value}"; set it to true or false.`)
}

/** An index URL with user:password@ is registered as a secret (whole and the password alone) before anything logs it. */
function maskCredentials(value: unknown): void {
  if (typeof value !== 'string' || value === '') return
  for (const url of value.split(/\s+/)) {
    if (stripCredentials(url) === url) continue
    core.setSecret(url)
    const userinfo = /:\/\/([^/@\s]+)@/.exec(url)?.[1] ?? ''
    // user:password → the password; a lone token → the token. A user name alone is not a secret.
    const secret = userinfo.includes(':') ? userinfo.slice(userinfo.indexOf(':') + 1) : userinfo
    for (const form of [secret, safeDecode(secret)]) if (form) core.setSecret(form)
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function setOutputs(result: PackageResult): void {
  core.setOutput('zip-path', result.path)
  core.setOutput('base64-sha256', result.base64Sha256)
  core.setOutput('sha256', result.sha256)
  core.setOutput('size', String(result.size))
  core.setOutput('uncompressed-size', String(result.uncompressedSize))
  core.setOutput('handler', result.handler)
  core.setOutput('cache-hit', String(result.cacheHit))
}

async function writeSummary(result: PackageResult, report: BuildReport, env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) return
  const share = (size: number, limit: number) => `${mb(size)} of ${mb(limit)} (${((100 * size) / limit).toFixed(1)} %)`
  core.summary
    .addHeading('spindrift: Lambda package', 3)
    .addTable([
      [{ data: 'zip', header: true }, { data: `<code>${escapeHtml(result.path)}</code>` }],
      [{ data: 'runtime', header: true }, { data: `${report.runtime} · ${report.architecture} (built with Python ${report.python})` }],
      [{ data: 'binaries', header: true }, { data: report.maxGlibc ? `audited: need glibc ${report.maxGlibc} at most` : 'audited: none need glibc' }],
      [{ data: 'handler', header: true }, { data: `<code>${result.handler}</code>` }],
      [{ data: 'dependency cache', header: true }, { data: result.cacheHit ? 'hit: pip did not run' : 'miss: installed with pip' }],
      [{ data: 'zipped', header: true }, { data: share(result.size, ZIPPED_LIMIT) + ' direct-upload limit' }],
      [{ data: 'unzipped', header: true }, { data: share(result.uncompressedSize, UNZIPPED_LIMIT) + ' function limit' }],
      [{ data: 'base64 SHA-256', header: true }, { data: `<code>${result.base64Sha256}</code>` }]
    ])
  const largest = report.dependencies.slice(0, 10)
  if (largest.length > 0) {
    core.summary.addHeading('Largest dependencies (unzipped)', 4).addTable([
      [{ data: 'package', header: true }, { data: 'version', header: true }, { data: 'size', header: true }],
      ...largest.map(d => [escapeHtml(d.name), escapeHtml(d.version), mb(d.size)])
    ])
  }
  try {
    await core.summary.write()
  } catch (error) {
    core.warning(`Could not write the job summary (${(error as Error).message}).`)
  }
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)
}

// Cancelled mid-write: leave no temp file beside the output.
process.once('SIGTERM', () => {
  removePendingTemps()
  process.exit(143)
})

// A cache request left hanging after its timeout must not keep the step alive.
run().finally(() => process.exit())
