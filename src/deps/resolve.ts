import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { makeWorkFolder } from '../common/cleanup.js'
import path from 'node:path'
import type { Logger } from '../common/log.js'
import { canonicalName } from '../common/names.js'
import type { Installer } from '../python/installer.js'
import { runTool, type Interpreter } from '../python/interpreter.js'
import { pipForPageReading } from './pippages.js'
import { pipInstallArgs, uvInstallArgs, type InstallInputs } from './install.js'
import type { RequirementSet } from './requirements.js'
import { pylockResolution } from './wheels/pylock.js'
import { chooseWheels, resolvedHashes, resolvedLine, type ChosenWheel, type PipReportItem } from './wheels/select.js'

/** A resolution: the lines the cache key is made of and, from pip's report, the wheels it chose (or why none). */
export interface Resolution {
  lines: string[]
  wheels?: ChosenWheel[] | string
}

/**
 * What an unlocked set resolves to for the target, now: `name==version sha256=…` per distribution, sorted.
 * The cache key is made from this, not from the requirement text, so a release inside a range is picked up
 * by the next build. pip resolves with `install --dry-run --report` and the very flags of the real install;
 * uv with `pip compile` for the same Python version and platform. undefined when resolution fails: the
 * install then fails with the installer's own words. `onLine` sees each line of pip's -vv output (where it
 * looked: see resolutionmemo.ts); only pip's warnings and errors go on to the debug log.
 */
export async function resolveForTarget(plan: InstallInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, logger: Logger, onLine?: (line: string) => void): Promise<Resolution | undefined> {
  if (requirements.requirements.length === 0 && requirements.files.length === 0) return { lines: [], wheels: [] }
  logger.info(`Resolving the dependencies for ${plan.runtime.name} on ${plan.architecture} (the cache key is the resolved set)`)
  if (installer.name === 'pip') {
    const items = await pipReport(plan, python, installer, requirements, [], logger, onLine)
    return items && { lines: items.map(describe).sort(), wheels: chooseWheels(items) }
  }
  return uvCompile(plan, python, installer, requirements, [], logger)
}

/**
 * What uv would install, from `uv pip compile --format pylock.toml` for the target's Python version and platform
 * (with `extra` flags); undefined when uv fails. pylock.toml names the one file uv installs per package: the
 * key's lines and the wheels come from this one call.
 */
export async function uvCompile(plan: InstallInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, extra: string[], logger: Logger): Promise<Required<Resolution> | undefined> {
  const work = makeWorkFolder('resolve')
  try {
    const input = path.join(work, 'requirements.in')
    writeFileSync(input, requirements.requirements.join('\n') + '\n')
    const install = uvInstallArgs(plan, python, { ...requirements, requirements: [], files: [] }, path.join(work, 'target'))
    // uv pip compile takes pip install's target options (not --target) and its requirements files as sources.
    const options = install.slice(2).filter((arg, i, all) => arg !== '--target' && all[i - 1] !== '--target')
    const sources = [input, ...requirements.files]
    const run = await runTool(installer.command[0], [...installer.command.slice(1), 'pip', 'compile', '--quiet', '--no-header', '--format', 'pylock.toml', ...options, ...extra, ...sources], python.env, logger, plan.projectDir)
    if (run.exitCode !== 0) return undefined
    return pylockResolution(run.stdout, plan)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/**
 * What pip would install, from `install --dry-run --report` with the real install's flags (and `extra`);
 * undefined when pip fails. With `onLine`, pip runs with -vv and every line goes to it instead of the log.
 */
export async function pipReport(plan: InstallInputs, python: Interpreter, installer: Installer, requirements: RequirementSet, extra: string[], logger: Logger, onLine?: (line: string) => void): Promise<PipReportItem[] | undefined> {
  const work = makeWorkFolder('resolve')
  try {
    const report = path.join(work, 'report.json')
    const args = [...pipInstallArgs(plan, requirements, path.join(work, 'target'), installer.version), ...extra, '--dry-run', '--ignore-installed', onLine ? '-vv' : '--quiet', '--report', report]
    // pip's -vv chatter stays out of the log, but its warnings and errors do not, nor anything when the user asked for pip's verbose output.
    const verbose = Boolean(python.env.PIP_VERBOSE)
    const observer: Logger = onLine ? { ...logger, debug: line => { onLine(line); if (verbose || /^(ERROR|WARNING):/.test(line)) logger.debug(line) } } : logger
    // Asked for pip's verbose output, the user gets all of it; otherwise the per-link lines are not even printed.
    const command = onLine && !verbose ? pipForPageReading(installer.command) : installer.command
    const run = await runTool(command[0], [...command.slice(1), ...args], python.env, observer, plan.projectDir)
    if (run.exitCode !== 0) return undefined
    return (JSON.parse(readFileSync(report, 'utf8')) as { install?: PipReportItem[] }).install ?? []
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** Whether a remembered value (resolutionmemo.ts) has the shape resolveForTarget gives, and its wheels are the resolved lines' files. */
export function isResolution(value: unknown): value is Resolution {
  if (typeof value !== 'object' || value === null) return false
  const { lines, wheels } = value as { lines?: unknown; wheels?: unknown }
  if (!Array.isArray(lines) || !lines.every(line => typeof line === 'string')) return false
  if (wheels === undefined || typeof wheels === 'string') return true
  if (!Array.isArray(wheels)) return false
  const hashes = resolvedHashes(lines)
  return wheels.every(w => typeof w === 'object' && w !== null && ['name', 'version', 'filename', 'url', 'sha256'].every(k => typeof w[k] === 'string') && typeof w.requested === 'boolean' && hashes.has(w.sha256))
}

function describe(item: PipReportItem): string {
  const archive = item.download_info?.archive_info
  const hash = archive?.hashes?.sha256 ?? archive?.hash?.replace(/^sha256[=:]/, '')
  return resolvedLine(canonicalName(item.metadata.name), item.metadata.version, hash ? [hash] : [])
}
