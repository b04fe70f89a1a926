import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import AdmZip from 'adm-zip'
import { SpindriftError } from '../common/errors.js'
import { makeFolders } from '../common/fs.js'
import type { Logger } from '../common/log.js'
import type { IndexOptions, Target } from '../config/plan.js'
import { indexArgs } from '../python/installer.js'
import { pipTail, runPip, type Interpreter } from '../python/interpreter.js'
import { describeSource, type LockedPackage, type LockedSet, type LockedSource } from './locks/lock.js'

type BuildInputs = Target & IndexOptions & { projectDir: string }

/**
 * A locked set as one requirements file for the installer: `name==version --hash=…` per index package; every
 * other source (git commit, archive URL, local archive, local folder) made into a wheel here first, exactly as
 * locked, and pinned by that wheel's hash. It is installed with --no-deps (the lock already chose every
 * dependency) and, when every index package has hashes, --require-hashes: a file whose bytes differ from what
 * was locked stops the install.
 */
export async function lockedRequirements(plan: BuildInputs, python: Interpreter, locked: LockedSet, installer: 'pip' | 'uv', work: string, logger: Logger): Promise<{ file: string; flags: string[] }> {
  const lines: string[] = []
  const unhashed = locked.packages.filter(p => !p.source && p.hashes.length === 0).map(p => p.name)
  const requireHashes = unhashed.length === 0
  if (!requireHashes) logger.info(`${locked.file} records no file hashes for ${unhashed.slice(0, 3).join(', ')}${unhashed.length > 3 ? '…' : ''}: installing the locked versions without hash checks`)
  for (const [i, p] of locked.packages.entries()) {
    if (p.source) {
      const wheel = await wheelOf(plan, python, p, p.source, locked, path.join(work, 'local', String(i)), logger)
      lines.push(requireHashes ? `${wheel} --hash=sha256:${sha256(wheel)}` : wheel)
    } else {
      lines.push(`${p.name}==${p.version}${requireHashes ? p.hashes.map(h => ` --hash=${h}`).join('') : ''}`)
    }
  }
  const file = path.join(work, 'locked-requirements.txt')
  writeFileSync(file, lines.join('\n') + '\n')
  // Requires-Python is checked for the runtime after the install; pip would check it for its own interpreter.
  return { file, flags: ['--no-deps', ...(requireHashes ? ['--require-hashes'] : []), ...(installer === 'pip' ? ['--ignore-requires-python'] : [])] }
}

/** The wheel a non-index package installs from, made exactly from what the lock recorded. */
async function wheelOf(plan: BuildInputs, python: Interpreter, p: LockedPackage, source: LockedSource, locked: LockedSet, out: string, logger: Logger): Promise<string> {
  const what = describeSource(source)
  const relock = locked.relock ?? 'relock'
  makeFolders(out)
  switch (source.kind) {
    case 'directory':
      logger.info(`Building ${p.name} from ${what}${source.editable ? ' (locked as editable: installed as a regular package, so nothing points back at this machine)' : ''}`)
      return build(plan, python, p, locked, what, [source.path], out, logger, `fix its pyproject.toml so that "pip wheel ${source.path}" succeeds`)
    case 'file': {
      const actual = `sha256:${sha256(source.path)}`
      if (p.hashes.length && !p.hashes.includes(actual)) {
        throw new SpindriftError(`${p.name} in ${locked.file} is ${what}, whose content (${actual}) is not what the lock records (${p.hashes[0]}), so it is not the file that was locked; restore that file, or ${relock}.`)
      }
      if (source.path.endsWith('.whl')) return source.path
      logger.info(`Building ${p.name} from ${what}`)
      return build(plan, python, p, locked, what, [source.path], out, logger, `fix the archive, or ${relock}`)
    }
    case 'url': {
      // pip downloads the archive and checks it against the lock's hashes before it builds or saves it.
      const fragment = source.subdirectory ? `#subdirectory=${source.subdirectory}` : ''
      const wanted = path.join(out, 'requirement.txt')
      writeFileSync(wanted, `${p.name} @ ${source.url}${fragment}${p.hashes.map(h => ` --hash=${h}`).join('')}\n`)
      logger.info(`Fetching ${p.name} from ${what}`)
      const fix = `check that the URL still serves the file that was locked, or ${relock}`
      // A wheel is downloaded as it is, judged for the target's platform; an sdist is built here.
      if (!new URL(source.url).pathname.endsWith('.whl')) return build(plan, python, p, locked, what, ['--require-hashes', '-r', wanted], out, logger, fix)
      const targetArgs = ['--only-binary=:all:', ...plan.platformTags.flatMap(tag => ['--platform', tag]), '--implementation', 'cp', '--python-version', plan.runtime.pythonVersion]
      return build(plan, python, p, locked, what, [...targetArgs, '--require-hashes', '-r', wanted], out, logger, fix, 'download')
    }
    case 'git': {
      // The full commit, never the branch the lock may also name: that branch may have moved since.
      const base = source.url.startsWith('git+') ? source.url : path.isAbsolute(source.url) ? `git+${pathToFileURL(source.url).href}` : `git+${source.url}`
      const fragment = source.subdirectory ? `#subdirectory=${source.subdirectory}` : ''
      logger.info(`Building ${p.name} from ${what}`)
      // A bare URL: pip refuses "name @ git+file:///…" (a URL without a host) as a requirement.
      return build(plan, python, p, locked, what, [`${base}@${source.commit}${fragment}`], out, logger, `check that the repository is reachable and still has that commit, or ${relock}`)
    }
  }
}

/**
 * `pip wheel --no-deps` (or `pip download` of a wheel, for the target) into out; a wheel built here must be
 * pure Python, as it would otherwise be for this machine, not for Lambda.
 */
async function build(plan: BuildInputs, python: Interpreter, p: LockedPackage, locked: LockedSet, what: string, args: string[], out: string, logger: Logger, fix: string, command: 'wheel' | 'download' = 'wheel'): Promise<string> {
  const run = await runPip(python, [command, '--no-deps', command === 'wheel' ? '--wheel-dir' : '--dest', out, ...indexArgs(plan), ...args], logger, plan.projectDir)
  const wheels = readdirSafe(out).filter(f => f.endsWith('.whl'))
  if (run.exitCode !== 0 || wheels.length !== 1) {
    const output = `${run.stdout}\n${run.stderr}`
    if (/DO NOT MATCH THE HASHES/i.test(output)) {
      throw new SpindriftError(`${p.name} in ${locked.file} is ${what}, which no longer serves the file that was locked (its hash differs from the lock's); if the file really changed, ${locked.relock ?? 'relock'}.`)
    }
    throw new SpindriftError(`Could not make ${p.name} from ${what}, which ${locked.file} names: ${pipTail(run)} ${fix[0].toUpperCase()}${fix.slice(1)}.`)
  }
  const wheel = path.join(out, wheels[0])
  if (command === 'download') return wheel
  const tag = /-([^-]+-[^-]+-[^-]+)\.whl$/.exec(wheels[0])?.[1] ?? '?'
  const compiled = new AdmZip(wheel).getEntries().find(e => /\.(so(\.\d+)*|pyd|dylib)$/.test(e.entryName))
  if (!tag.endsWith('-none-any') || compiled) {
    throw new SpindriftError(`${p.name} from ${what} (in ${locked.file}) builds a compiled wheel (${tag}${compiled ? `, ${compiled.entryName}` : ''}) for this machine, not for Lambda; lock a version of ${p.name} that publishes manylinux wheels on an index, or build it in a Lambda-compatible container.`)
  }
  return wheel
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}
