import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { makeWorkFolder } from '../common/cleanup.js'
import AdmZip from 'adm-zip'
import { type ZipSource } from '../zip/archive.js'
import { SpindriftError, quote } from '../common/errors.js'
import { UNZIPPED_LIMIT } from '../common/limits.js'
import { oversized } from './shippable.js'
import type { Logger } from '../common/log.js'
import type { IndexOptions, Target } from '../config/plan.js'
import { uvPlatform, type Installer } from '../python/installer.js'
import { connectionProblem, pipTail, runPip, runTool, type Interpreter } from '../python/interpreter.js'
import { checkMarkers, interpreterMatches, requirementsSeen } from './markers.js'
import { type RequirementSet } from './requirements.js'
import { describeTags } from '../config/runtimes.js'
import { makeFolders } from '../common/fs.js'
import { indexArgs } from '../python/installer.js'
import { indexOptionLines } from '../common/requirementfiles.js'
import { indexesOf, indexProblem } from './indexprobe.js'
import { lockedRequirements } from './lockedinstall.js'
import { checkInstalledPython } from './requirespython.js'
import { withInstallerProgress } from '../python/progress.js'
import { canonicalName } from '../common/names.js'
import { readPipReport, type WheelOrigin } from './provenance.js'
import { pipFiltersUploads } from './cooldown.js'

/** What an install depends on: the target, the indexes, and the project folder (pip runs there, for relative paths). */
export type InstallInputs = Target & IndexOptions & { projectDir: string }

/** The pip command line that installs for the Lambda target instead of for the machine running it. */
export function pipInstallArgs(plan: InstallInputs, requirements: RequirementSet, target: string, pipVersion: string | undefined): string[] {
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
    // A lock's versions, and what a pip older than 26 resolved, are checked against the cooldown by spindrift (deps/cooldown.ts).
    ...(plan.uploadedBefore && !requirements.locked && pipFiltersUploads(pipVersion) ? ['--uploaded-prior-to', plan.uploadedBefore] : []),
    ...requirements.files.flatMap(file => ['-r', file]),
    ...requirements.requirements
  ]
}

/**
 * uv resolves markers for --python-version/--python-platform itself. Its platform names stop at glibc
 * versions it knows, so AL2 (2.26) is asked for manylinux_2_17: never a too-new wheel, at worst a missing one.
 */
export function uvInstallArgs(plan: InstallInputs, python: Interpreter, requirements: RequirementSet, target: string): string[] {
  return [
    'pip', 'install',
    '--target', target,
    '--python', python.command,
    '--python-version', plan.runtime.pythonVersion,
    '--python-platform', uvPlatform(plan),
    '--only-binary', ':all:',
    ...indexArgs(plan),
    ...(plan.uploadedBefore && !requirements.locked ? ['--exclude-newer', plan.uploadedBefore] : []),
    ...requirements.files.flatMap(file => ['-r', file]),
    ...requirements.requirements
  ]
}

/** The installed files, ready to zip, and what the installer said about where each wheel came from. */
export interface Installed {
  files: ZipSource[]
  /** By canonical name: pip's report of each wheel's URL and hash (uv gives none). */
  origins: Map<string, WheelOrigin>
  /** Canonical names of the distributions built here from source. */
  built: Set<string>
}

/** Install the requirements for the target and return the installed files, ready to zip. */
export async function installDependencies(plan: InstallInputs, python: Interpreter, installer: Installer, given: RequirementSet, logger: Logger): Promise<Installed> {
  const built = new Set<string>()
  if (given.locked ? given.locked.packages.length === 0 : given.requirements.length === 0 && given.files.length === 0) return { files: [], origins: new Map(), built }
  const work = makeWorkFolder('deps')
  // A lock is installed as one generated requirements file, exactly, without resolving anything.
  const locked = given.locked && (await lockedRequirements(plan, python, given.locked, installer.name, work, logger))
  const requirements = locked ? { ...given, files: [locked.file], requirements: [] } : given
  const target = path.join(work, 'target')
  // Wheels built here from source-only packages (pure Python only), offered to the installer on the next try.
  const builtWheels = path.join(work, 'built')
  // pip's account of each file it took (URL, hash): the "why this wheel" report and the SBOM's hashes.
  const report = path.join(work, 'install-report.json')
  try {
    logger.info(`Installing the dependencies for ${plan.runtime.name} on ${plan.architecture} with ${installer.name} ${installer.version}`)
    const progress = withInstallerProgress(logger, 'Installing the dependencies')
    for (let attempt = 0; ; attempt++) {
      const args = installer.name === 'pip' ? pipInstallArgs(plan, requirements, target, installer.version) : uvInstallArgs(plan, python, requirements, target)
      if (locked) args.push(...locked.flags)
      if (attempt > 0) args.push('--find-links', builtWheels)
      if (installer.name === 'pip') args.push('--report', report)
      rmSync(target, { recursive: true, force: true })
      const run = await runTool(installer.command[0], [...installer.command.slice(1), ...args], python.env, progress.logger, plan.projectDir).finally(progress.done)
      if (run.exitCode === 0) break
      const output = `${run.stdout}\n${run.stderr}`
      const missing = missingWheel(output)
      // "No such package" may really be an index that is down, refuses the credentials or does not answer.
      const unusable = missing && (await indexProblem(indexesOf(plan, requirements.files, python.env), missing, python.env))
      if (unusable) throw new SpindriftError(`${installer.name} found no ${quote(missing)} because ${unusable}; check the index URL (package.index-url or the requirements file), the network and the credentials.`)
      // Behind a proxy nothing is probed, but pip's own output says when it could not read an index.
      const unreadable = missing && connectionProblem(output)
      if (unreadable) throw new SpindriftError(`${installer.name} found no ${quote(missing)}, and ${unreadable}; check the index URL (package.index-url or the requirements file), the network, the proxy and the credentials.`)
      if (!missing || attempt >= MAX_SOURCE_BUILDS) throw installFailure(plan, installer, output, pipTail(run), run.signal ? undefined : run.exitCode)
      built.add(canonicalName(await buildPureWheel(plan, python, installer, missing, requirements.files, builtWheels, logger, !given.locked)))
    }
    const files = installedFiles(target)
    checkInstalledPython(plan, files)
    // A lock's markers were decided for the target already, and --no-deps leaves pip none to evaluate.
    if (installer.name === 'pip' && !locked && !interpreterMatches(plan, python)) {
      logger.info(`Checking every dependency marker for ${plan.runtime.name} on ${plan.architecture} (pip evaluated them for Python ${python.minor} on ${python.machine})`)
      await checkMarkers(plan, python, requirementsSeen(requirements.normalised, files))
    }
    return { files, origins: readPipReport(report, { built: builtWheels, local: path.join(work, 'local') }), built }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

/** How many source-only packages one install may build before giving up. */
const MAX_SOURCE_BUILDS = 20

/** The requirement the installer found no wheel for, from its output. */
function missingWheel(output: string): string | undefined {
  const found =
    /No matching distribution found for (\S+)/.exec(output) ??
    /Because (\S+?)(?:==\S+)? has no wheels with a matching/.exec(output) ??
    /Because (\S+) was not found in the package registry/.exec(output)
  return found?.[1]
}

/**
 * A package with no wheel for the target may still publish source: build its wheel here and accept it only
 * if it is pure Python (a compiled one would be for this machine, not for Lambda).
 */
async function buildPureWheel(plan: InstallInputs, python: Interpreter, installer: Installer, requirement: string, requirementFiles: string[], into: string, logger: Logger, resolves: boolean): Promise<string> {
  const name = requirement.split(/[<>=!~;\[ @]/)[0]
  // pip wheel chooses the source release itself: under package.cooldown-days it must leave out fresh ones too.
  const cooldown = plan.uploadedBefore && resolves ? ['--uploaded-prior-to', plan.uploadedBefore] : []
  if (cooldown.length && !pipFiltersUploads(python.pip)) {
    throw new SpindriftError(`No wheel of "${requirement}" fits ${plan.runtime.name} on ${plan.architecture}, so it must be built from source, but pip ${python.pip ?? '(missing)'} in ${python.command} cannot leave out sources uploaded after ${plan.uploadedBefore!.slice(0, 10)} (package.cooldown-days needs pip 26.0 or later); upgrade that pip, pin a version of ${name} that publishes a wheel, or install from a lock.`)
  }
  const attempt = makeWorkFolder('sdist')
  try {
    logger.info(`No wheel of ${requirement} fits ${plan.runtime.name} on ${plan.architecture}: building it from source`)
    // The source comes from the indexes the install used, including those the requirements files name.
    const wanted = path.join(attempt, 'requirement.txt')
    writeFileSync(wanted, [...indexOptionLines(requirementFiles), requirement, ''].join('\n'))
    const run = await runPip(python, ['wheel', '--no-deps', '--no-binary', name, '--wheel-dir', attempt, ...indexArgs(plan), ...cooldown, '-r', wanted], logger, plan.projectDir)
    const built = readdirSync(attempt).filter(f => f.endsWith('.whl'))
    if (run.exitCode !== 0 || built.length !== 1) {
      if (missingWheel(`${run.stdout}\n${run.stderr}`)) throw installFailure(plan, installer, `No matching distribution found for ${requirement}`, '')
      throw new SpindriftError(`No wheel of ${quote(requirement)} fits ${plan.runtime.name} on ${plan.architecture}, and building it from source failed: ${pipTail(run)} Pin a version that publishes a wheel for this platform.`)
    }
    const wheel = built[0]
    const [, version, tag] = /^[^-]+-([^-]+)-(?:\d[^-]*-)?(.+)\.whl$/.exec(wheel) ?? [wheel, '?', '?']
    const compiled = new AdmZip(path.join(attempt, wheel)).getEntries().find(e => /\.(so(\.\d+)*|pyd|dylib)$/.test(e.entryName))
    if (!tag.endsWith('-none-any') || compiled) {
      throw new SpindriftError(
        `${quote(name)} ${version} publishes no wheel for ${plan.runtime.name} on ${plan.architecture} (tried ${triedTags(plan, installer)}), and its source builds a compiled wheel (${tag}${compiled ? `, ${compiled.entryName}` : ''}) for this machine, not for Lambda; pin a version of ${name} that publishes manylinux wheels, or build it in a Lambda-compatible container.`
      )
    }
    makeFolders(into)
    copyFileSync(path.join(attempt, wheel), path.join(into, wheel))
    logger.info(`Built ${wheel} from source: pure Python, so it runs on Lambda as it is`)
    return name
  } finally {
    rmSync(attempt, { recursive: true, force: true })
  }
}

/** The platform tags the installer was given, in words. */
function triedTags(plan: InstallInputs, installer: Installer): string {
  return installer.name === 'pip' ? describeTags(plan.runtime, plan.architecture) : uvPlatform(plan)
}

function installFailure(plan: InstallInputs, installer: Installer, output: string, tail: string, exitCode?: number): SpindriftError {
  if (/DO NOT MATCH THE HASHES|hash mismatch/i.test(output)) {
    // pip: "    name==1.0 from file:///…/name-1.0-py3-none-any.whl#sha256=…:"; uv: "Hash mismatch for `name==1.0`".
    const url = /^\s*\S+==\S+ from (\S+?\.(?:whl|tar\.gz|zip))\b/m.exec(output)?.[1]
    const file = url ? url.split('/').pop() : /Hash mismatch for `?([^`\s]+)/i.exec(output)?.[1]
    return new SpindriftError(`${installer.name} refused ${file ? `${file}, whose` : 'a file whose'} hash differs from what the lock records, so it is not the file that was locked; if the index really changed the file, relock (otherwise the index is not serving what it served before).`)
  }
  const missing = missingWheel(output) ?? /Could not find a version that satisfies the requirement (\S+)/.exec(output)?.[1]
  if (missing) {
    return new SpindriftError(
      `No wheel of ${quote(missing)} fits ${plan.runtime.name} on ${plan.architecture} (tried ${triedTags(plan, installer)}, abi3 and pure-Python wheels), or no such package exists on the index; check the name, or pin a version that publishes a wheel for this platform.`
    )
  }
  // Python's zipfile reads a wheel's flagged entry names as UTF-8: one that is not stops the install there.
  // (zipfile's own frame in the traceback tells this from a setup.py that meets a decoding error.)
  if (/UnicodeDecodeError: 'utf-8' codec can't decode/.test(output) && /zipfile\.py", line \d+, in _RealGetContents/.test(output)) {
    const wheel = [...output.matchAll(/(?:Processing|Downloading|Using cached) (?:\S*\/)?([^/\s]+\.whl)/g)].pop()?.[1]
    return new SpindriftError(`${installer.name} could not install ${wheel ? `the wheel ${wheel}` : 'a wheel'} for ${plan.runtime.name} on ${plan.architecture}: it holds a file name that is not valid UTF-8, which no Lambda zip can carry under the same name; pin a version of that distribution whose file names are UTF-8, or drop it.`)
  }
  const unreadable = connectionProblem(output)
  if (unreadable) {
    return new SpindriftError(`${installer.name} could not install the dependencies for ${plan.runtime.name} on ${plan.architecture}: ${unreadable}; check the index URL (package.index-url or the requirements file), the network, the proxy and the credentials.`)
  }
  if (!tail) {
    return new SpindriftError(`${installer.name} stopped without a word while installing the dependencies for ${plan.runtime.name} on ${plan.architecture} (${typeof exitCode === 'number' ? `exit code ${exitCode}` : 'killed by a signal'}: out of memory?); run the build again, and check the runner's memory.`)
  }
  return new SpindriftError(`${installer.name} could not install the dependencies for ${plan.runtime.name} on ${plan.architecture}: ${tail} Fix the requirement ${installer.name} names.`)
}

/**
 * The files pip put in the target, minus what must not ship: console scripts in bin/ (their shebang names
 * this machine's Python), direct_url.json (it records local paths) and uv's .lock. RECORD files drop those lines too,
 * so the layer is the same bytes on every machine.
 */
export function installedFiles(target: string): ZipSource[] {
  const files: ZipSource[] = []
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name)
      const rel = prefix ? `${prefix}/${name}` : name
      // A name that is not UTF-8 reads as U+FFFD and cannot be opened by it: checkShippable refuses it by name.
      if (name.includes('\uFFFD')) {
        files.push({ name: rel, data: Buffer.alloc(0) })
        continue
      }
      const stat = statSync(full)
      if (stat.isDirectory()) {
        if (name === '__pycache__' || (!prefix && name === 'bin')) continue
        walk(full, rel)
      } else if (stat.isFile()) {
        // uv leaves its lock file for the target folder at the top: not part of any distribution.
        if (/\.dist-info\/direct_url\.json$/.test(rel) || rel.endsWith('.pyc') || rel === '.lock') continue
        // Refused before it is read: a file Lambda could never unzip (or one over the 2 GiB a read can hold).
        if (stat.size > UNZIPPED_LIMIT) throw oversized(rel, stat.size, 'dependencies', records(target))
        let data: Buffer = readFileSync(full)
        if (/^[^/]+\.dist-info\/RECORD$/.test(rel)) data = cleanRecord(data)
        files.push({ name: rel, data, executable: (stat.mode & 0o111) !== 0 })
      }
    }
  }
  walk(target, '')
  return files
}

/** The top-level RECORD files of an install, to name the distribution a file came from. */
function records(target: string): ZipSource[] {
  return readdirSync(target)
    .filter(n => n.endsWith('.dist-info') && existsSync(path.join(target, n, 'RECORD')))
    .map(n => ({ name: `${n}/RECORD`, data: readFileSync(path.join(target, n, 'RECORD')) }))
}

function cleanRecord(record: Buffer): Buffer {
  const kept = record
    .toString('utf8')
    .split('\n')
    .filter(line => !line.startsWith('../') && !/\.dist-info\/direct_url\.json,/.test(line) && !/__pycache__\//.test(line))
  return Buffer.from(kept.join('\n'), 'utf8')
}
