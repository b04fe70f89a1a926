// The project's wheel built by spindrift as a PEP 517 frontend, for the pip installer. `pip wheel .` spends most
// of a cold build on process start-ups: one pip for itself, one for the isolated build environment, and one Python
// per hook (each importing the backend again). Here pip runs once, to install the declared build requirements
// into a fresh folder, and one isolated Python calls the backend's hooks.
// The backend and its version are what pip would choose (same index options, newest satisfying), so the wheel is
// the same; anything unusual returns undefined and the caller builds with `pip wheel` as before.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from '../common/log.js'
import { isTomlTable, parseToml } from '../common/toml.js'
import type { IndexOptions } from '../config/plan.js'
import { indexArgs } from '../python/installer.js'
import { runPip, runTool, type Interpreter, type PipRun } from '../python/interpreter.js'

/** Set to 0 to build every project with `pip wheel` (the comparison the tests make, and a way out). */
export const DIRECT_BUILD_VARIABLE = 'SPINDRIFT_DIRECT_BUILD'

/** The build-system table, when it names a backend in the form this frontend handles. */
export interface BuildSystem {
  requires: string[]
  backend: string
  backendPath: string[]
}

export function buildSystem(tree: string): BuildSystem | undefined {
  const file = path.join(tree, 'pyproject.toml')
  if (!existsSync(file)) return undefined
  const table = parseToml(readFileSync(file, 'utf8'))?.['build-system']
  if (!isTomlTable(table)) return undefined
  const { requires, 'build-backend': backend, 'backend-path': backendPath = [] } = table
  const strings = (list: unknown): list is string[] => Array.isArray(list) && list.every(x => typeof x === 'string')
  if (!strings(requires) || typeof backend !== 'string' || !/^[\w.]+(:[\w.]+)?$/.test(backend) || !strings(backendPath)) return undefined
  // PEP 517: backend-path stays inside the source tree.
  if (backendPath.some(p => path.isAbsolute(p) || path.relative(tree, path.resolve(tree, p)).startsWith('..'))) return undefined
  return { requires, backend, backendPath }
}

// argv: build-env folder ("" for none), wheel folder, backend, backend-path (JSON), result file.
const HOOKS = String.raw`
import importlib, json, os, site, sys
env, wheel_dir, spec, backend_path, result = sys.argv[1:6]
if env:
    site.addsitedir(env)
sys.path[:0] = [os.path.abspath(p) for p in json.loads(backend_path)]
module, _, attrs = spec.partition(":")
backend = importlib.import_module(module)
for attr in filter(None, attrs.split(".")):
    backend = getattr(backend, attr)
hook = getattr(backend, "get_requires_for_build_wheel", None)
more = list(hook(None) if hook else [])
name = None if more else backend.build_wheel(os.path.abspath(wheel_dir), None)
with open(result, "w") as f:
    json.dump({"more": more, "wheel": name}, f)
`

/**
 * Build the wheel in `tree` into `wheelDir`; undefined when this frontend does not apply or did not succeed
 * (then `pip wheel` builds it, and reports any failure in pip's words).
 */
export async function directBuild(plan: IndexOptions, python: Interpreter, tree: string, work: string, wheelDir: string, logger: Logger): Promise<PipRun | undefined> {
  if (python.env[DIRECT_BUILD_VARIABLE] === '0' || !python.pip) return undefined
  const system = buildSystem(tree)
  if (!system) return undefined
  logger.info(`Building the project's wheel with its backend ${system.backend}${system.requires.length ? `, its build requirements (${system.requires.join(', ')}) installed by pip` : ''}`)
  const buildEnv = system.requires.length ? mkdtempSync(path.join(work, 'build-env-')) : ''
  if (buildEnv) {
    // --target ignores what the runner's Python has installed: the same isolation pip's build environment gives.
    const install = await runPip(python, ['install', '--target', buildEnv, '--no-user', '--no-warn-script-location', ...indexArgs(plan), ...system.requires], logger)
    if (install.exitCode !== 0) return fallBack(logger, 'the build requirements did not install')
  }
  const result = path.join(work, 'hooks.json')
  // -I -S: none of the runner's site-packages, user site or PYTHON* variables, as in pip's isolated build.
  const run = await runTool(python.command, ['-I', '-S', '-c', HOOKS, buildEnv, wheelDir, system.backend, JSON.stringify(system.backendPath), result], python.env, logger, tree)
  if (run.exitCode !== 0 || !existsSync(result)) return fallBack(logger, `the backend's hooks exited with code ${run.exitCode}`)
  const answer = JSON.parse(readFileSync(result, 'utf8')) as { more: string[]; wheel: string | null }
  if (answer.more.length) return fallBack(logger, `the backend asks for more build requirements (${answer.more.join(', ')})`)
  return run
}

function fallBack(logger: Logger, why: string): undefined {
  logger.info(`Building the project's wheel with pip wheel instead: ${why}`)
  return undefined
}
