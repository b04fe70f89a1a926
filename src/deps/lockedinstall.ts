import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { SpindriftError } from '../common/errors.js'
import { makeFolders } from '../common/fs.js'
import type { Logger } from '../common/log.js'
import type { IndexOptions } from '../config/plan.js'
import { indexArgs } from '../python/installer.js'
import { pipTail, runPip, type Interpreter } from '../python/interpreter.js'
import type { LockedSet } from './locks/lock.js'

/**
 * A locked set as one requirements file for the installer: `name==version --hash=…` per package, local
 * folders built into wheels first (installed as packages, never editable) and pinned by their wheel's hash.
 * It is installed with --no-deps (the lock already chose every dependency) and, when every package has
 * hashes, --require-hashes: a file whose bytes differ from what was locked stops the install.
 */
export async function lockedRequirements(plan: IndexOptions & { projectDir: string }, python: Interpreter, locked: LockedSet, installer: 'pip' | 'uv', work: string, logger: Logger): Promise<{ file: string; flags: string[] }> {
  const lines: string[] = []
  const unhashed = locked.packages.filter(p => !p.directory && p.hashes.length === 0).map(p => p.name)
  const requireHashes = unhashed.length === 0
  if (!requireHashes) logger.info(`${locked.file} records no file hashes for ${unhashed.slice(0, 3).join(', ')}${unhashed.length > 3 ? '…' : ''}: installing the locked versions without hash checks`)
  for (const p of locked.packages) {
    if (p.directory) {
      const wheel = await buildLocal(plan, python, p.directory, path.join(work, 'local'), logger)
      lines.push(requireHashes ? `${wheel} --hash=sha256:${createHash('sha256').update(readFileSync(wheel)).digest('hex')}` : wheel)
    } else {
      lines.push(`${p.name}==${p.version}${requireHashes ? p.hashes.map(h => ` --hash=${h}`).join('') : ''}`)
    }
  }
  const file = path.join(work, 'locked-requirements.txt')
  writeFileSync(file, lines.join('\n') + '\n')
  // Requires-Python is checked for the runtime after the install; pip would check it for its own interpreter.
  return { file, flags: ['--no-deps', ...(requireHashes ? ['--require-hashes'] : []), ...(installer === 'pip' ? ['--ignore-requires-python'] : [])] }
}

/** A local package (workspace member, path dependency) built into a wheel, as pip would before installing it. */
async function buildLocal(plan: IndexOptions & { projectDir: string }, python: Interpreter, directory: string, into: string, logger: Logger): Promise<string> {
  const out = path.join(into, String(readdirSafe(into).length))
  makeFolders(out)
  logger.info(`Building the local package ${directory}`)
  const run = await runPip(python, ['wheel', '--no-deps', '--wheel-dir', out, ...indexArgs(plan), directory], logger, plan.projectDir)
  const wheels = readdirSafe(out).filter(f => f.endsWith('.whl'))
  if (run.exitCode !== 0 || wheels.length !== 1) throw new SpindriftError(`Could not build the local package ${directory} that the lock names: ${pipTail(run)} Fix its pyproject.toml so that "pip wheel ${directory}" succeeds.`)
  return path.join(out, wheels[0])
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}
