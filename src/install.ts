import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ZipSource } from './archive.js'
import { SpindriftError } from './errors.js'
import type { Logger } from './log.js'
import type { Plan } from './plan.js'
import { uvPlatform, type Installer } from './installer.js'
import { pipTail, runTool, type Interpreter } from './python.js'
import { checkMarkers, interpreterMatches, requirementsSeen } from './markers.js'
import { indexArgs, type RequirementSet } from './requirements.js'
import { describeTags } from './runtimes.js'

/** The pip command line that installs for the Lambda target instead of for the machine running it. */
export function pipInstallArgs(plan: Plan, requirements: RequirementSet, target: string): string[] {
  return [
    'install',
    '--target', target,
    ...plan.platformTags.flatMap(tag => ['--platform', tag]),
    '--implementation', 'cp',
    '--python-version', plan.runtime.pythonVersion,
    '--only-binary=:all:',
    '--no-compile',
    '--no-warn-script-location',
    '--progress-bar', 'off',
    ...indexArgs(plan),
    ...requirements.files.flatMap(file => ['-r', file]),
    ...requirements.requirements
  ]
}

/**
 * uv resolves markers for --python-version/--python-platform itself. Its platform names stop at glibc
 * versions it knows, so AL2 (2.26) is asked for manylinux_2_17: never a too-new wheel, at worst a missing one.
 */
export function uvInstallArgs(plan: Plan, python: Interpreter, requirements: RequirementSet, target: string): string[] {
  return [
    'pip', 'install',
    '--target', target,
    '--python', python.command,
    '--python-version', plan.runtime.pythonVersion,
    '--python-platform', uvPlatform(plan),
    '--only-binary', ':all:',
    ...indexArgs(plan),
    ...requirements.files.flatMap(file => ['-r', file]),
    ...requirements.requirements
  ]
}

/** Install the requirements for the target and return the installed files, ready to zip. */
export async function installDependencies(plan: Plan, python: Interpreter, installer: Installer, requirements: RequirementSet, logger: Logger): Promise<ZipSource[]> {
  if (requirements.requirements.length === 0 && requirements.files.length === 0) return []
  const target = mkdtempSync(path.join(os.tmpdir(), 'spindrift-deps-'))
  try {
    logger.info(`Installing the dependencies for ${plan.runtime.name} on ${plan.architecture} with ${installer.name} ${installer.version}`)
    const args = installer.name === 'pip' ? pipInstallArgs(plan, requirements, target) : uvInstallArgs(plan, python, requirements, target)
    const run = await runTool(installer.command[0], [...installer.command.slice(1), ...args], python.env, logger, plan.projectDir)
    if (run.exitCode !== 0) throw installFailure(plan, installer, `${run.stdout}\n${run.stderr}`, pipTail(run))
    const files = installedFiles(target)
    if (installer.name === 'pip' && !interpreterMatches(plan, python)) {
      logger.info(`Checking every dependency marker for ${plan.runtime.name} on ${plan.architecture} (pip evaluated them for Python ${python.minor} on ${python.machine})`)
      await checkMarkers(plan, python, requirementsSeen(requirements.normalised, files))
    }
    return files
  } finally {
    rmSync(target, { recursive: true, force: true })
  }
}

function installFailure(plan: Plan, installer: Installer, output: string, tail: string): SpindriftError {
  const missing =
    /No matching distribution found for (\S+)/.exec(output) ??
    /Could not find a version that satisfies the requirement (\S+)/.exec(output) ??
    /Because (\S+?)(?:==\S+)? has no wheels with a matching/.exec(output) ??
    /Because (\S+) was not found in the package registry/.exec(output)
  if (missing) {
    const tags = installer.name === 'pip' ? describeTags(plan.runtime, plan.architecture) : uvPlatform(plan)
    return new SpindriftError(
      `No wheel of "${missing[1]}" fits ${plan.runtime.name} on ${plan.architecture} (tried ${tags}, abi3 and pure-Python wheels), or no such package exists on the index; check the name, or pin a version that publishes a wheel for this platform.`
    )
  }
  return new SpindriftError(`${installer.name} could not install the dependencies for ${plan.runtime.name} on ${plan.architecture}: ${tail} Fix the requirement ${installer.name} names.`)
}

/**
 * The files pip put in the target, minus what must not ship: console scripts in bin/ (their shebang names
 * this machine's Python) and direct_url.json (it records local paths). RECORD files drop those lines too,
 * so the layer is the same bytes on every machine.
 */
export function installedFiles(target: string): ZipSource[] {
  const files: ZipSource[] = []
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name)
      const rel = prefix ? `${prefix}/${name}` : name
      const stat = statSync(full)
      if (stat.isDirectory()) {
        if (name === '__pycache__' || (!prefix && name === 'bin')) continue
        walk(full, rel)
      } else if (stat.isFile()) {
        if (/\.dist-info\/direct_url\.json$/.test(rel) || rel.endsWith('.pyc')) continue
        let data: Buffer = readFileSync(full)
        if (/^[^/]+\.dist-info\/RECORD$/.test(rel)) data = cleanRecord(data)
        files.push({ name: rel, data, executable: (stat.mode & 0o111) !== 0 })
      }
    }
  }
  walk(target, '')
  return files
}

function cleanRecord(record: Buffer): Buffer {
  const kept = record
    .toString('utf8')
    .split('\n')
    .filter(line => !line.startsWith('../') && !/\.dist-info\/direct_url\.json,/.test(line) && !/__pycache__\//.test(line))
  return Buffer.from(kept.join('\n'), 'utf8')
}
