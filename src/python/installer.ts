import { runProcess } from '../common/subprocess.js'
import { SpindriftError } from '../common/errors.js'
import type { IndexOptions, Plan, Target } from '../config/plan.js'
import type { Interpreter } from './interpreter.js'
import { WHEEL_ARCH } from '../config/runtimes.js'

/** The program that installs dependencies: pip (through the interpreter) or uv. */
export interface Installer {
  name: 'pip' | 'uv'
  version: string
  /** Command and leading arguments: [python, -m, pip] or [uv] / [python, -m, uv]. */
  command: string[]
}

/** Find the installer the plan asks for; uv is taken from PATH, else from the interpreter (`pip install uv`). */
export async function findInstaller(plan: Pick<Plan, 'installer'>, python: Interpreter): Promise<Installer> {
  if (plan.installer === 'pip') return { name: 'pip', version: python.pip ?? 'none', command: [python.command, '-m', 'pip'] }
  for (const command of [['uv'], [python.command, '-m', 'uv']]) {
    try {
      const run = await runProcess(command[0], [...command.slice(1), '--version'], { env: python.env })
      const version = /^uv (\d[^\s]*)/m.exec(run.stdout)?.[1]
      if (run.exitCode === 0 && version) return { name: 'uv', version, command }
    } catch (error) {
      if (error instanceof SpindriftError) throw error
      // not on PATH: try the next way
    }
  }
  throw new SpindriftError('package.installer is uv, but uv is not installed; install it (astral-sh/setup-uv, or "pip install uv") or set package.installer to pip.')
}

/** uv's --python-platform names the glibc versions it knows; take the newest one the runtime's glibc covers. */
const UV_MANYLINUX_MINORS = [17, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]

export function uvPlatform(target: Target): string {
  const [, ceiling] = target.runtime.glibc
  const minor = Math.max(...UV_MANYLINUX_MINORS.filter(m => m <= ceiling))
  return `${WHEEL_ARCH[target.architecture]}-manylinux_2_${minor}`
}

/** Installer options that choose the package index (pip and uv also read their own variables and files). */
export function indexArgs(index: IndexOptions): string[] {
  const args: string[] = []
  if (index.indexUrl) args.push('--index-url', index.indexUrl)
  for (const url of index.extraIndexUrls) args.push('--extra-index-url', url)
  return args
}
