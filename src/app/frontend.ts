// The project's wheel built by spindrift as a PEP 517 frontend. `pip wheel .` and `uv build` spend most of a cold
// build on process start-ups: pip for itself and for the isolated build environment, uv for a venv, and one Python
// per hook (each importing the backend again). Here the declared build requirements are installed into a fresh
// folder (by spindrift when it provably picks what the installer would, buildenv.ts; else by the installer), and
// one isolated Python calls the backend's hooks.
// The backend and its version are what the installer would choose (same index options, newest satisfying), so the
// wheel is the same; anything unusual returns undefined and the caller builds with `pip wheel` / `uv build` as before.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from '../common/log.js'
import { installBuildRequires } from './buildenv.js'
import { isTomlTable, parseToml } from '../common/toml.js'
import type { IndexOptions } from '../config/plan.js'
import { indexArgs, type Installer } from '../python/installer.js'
import { uvOwnSettings } from '../python/installerconfig.js'
import { runPip, runTool, type Interpreter, type PipRun } from '../python/interpreter.js'

/** Set to 0 to build every project with `pip wheel` or `uv build` (the comparison the tests make, and a way out). */
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
 * (then `pip wheel` or `uv build` builds it, and reports any failure in its own words).
 */
export async function directBuild(plan: IndexOptions & { cacheDir?: string }, python: Interpreter, installer: Installer, tree: string, work: string, wheelDir: string, logger: Logger): Promise<PipRun | undefined> {
  if (python.env[DIRECT_BUILD_VARIABLE] === '0') return undefined
  if (installer.name === 'pip' && !python.pip) return undefined
  const system = buildSystem(tree)
  if (!system) return undefined
  const fallBack = (why: string): undefined => {
    logger.info(`Building the project's wheel with ${installer.name === 'pip' ? 'pip wheel' : 'uv build'} instead: ${why}`)
    return undefined
  }
  if (installer.name === 'uv') {
    // uv build reads [tool.uv] settings (extra build dependencies, constraints, indexes) that uv pip does not, or
    // reads differently: with any uv setting around, uv build alone knows what it would install.
    const own = uvOwnSettings([process.cwd(), tree], python.env)
    if (own.length) return fallBack(`uv has settings of its own here (${own.map(s => s.split(/[=:]/)[0]).join(', ')})`)
  }
  const buildEnv = system.requires.length ? mkdtempSync(path.join(work, 'build-env-')) : ''
  // Installed without the installer when that is provably what it would install (buildenv.ts).
  const direct = buildEnv !== '' && (await installBuildRequires(plan, python, installer, buildEnv, system.requires, logger))
  logger.info(`Building the project's wheel with its backend ${system.backend}${system.requires.length ? `, its build requirements (${system.requires.join(', ')}) installed by ${direct ? 'spindrift' : installer.name}` : ''}`)
  if (buildEnv && !direct) {
    const install = await installRequires(plan, python, installer, buildEnv, system.requires, logger)
    if (install.exitCode !== 0) return fallBack('the build requirements did not install')
  }
  const result = path.join(work, 'hooks.json')
  // -I -S: none of the runner's site-packages, user site or PYTHON* variables, as in pip's isolated build.
  const run = await runTool(python.command, ['-I', '-S', '-c', HOOKS, buildEnv, wheelDir, system.backend, JSON.stringify(system.backendPath), result], python.env, logger, tree)
  if (run.exitCode !== 0 || !existsSync(result)) return fallBack(`the backend's hooks exited with code ${run.exitCode}`)
  const answer = JSON.parse(readFileSync(result, 'utf8')) as { more: string[]; wheel: string | null }
  if (answer.more.length) return fallBack(`the backend asks for more build requirements (${answer.more.join(', ')})`)
  return run
}

/**
 * The build requirements into a fresh folder. --target ignores what the runner's Python has installed: the
 * same isolation pip's build environment and uv's venv give. Nothing is compiled to .pyc (the one Python that
 * runs the hooks compiles only what it imports: setuptools has hundreds of modules it never does), and pip does
 * not check the runner's own packages for conflicts (it reads every installed distribution's metadata for that).
 */
function installRequires(plan: IndexOptions, python: Interpreter, installer: Installer, buildEnv: string, requires: string[], logger: Logger): Promise<PipRun> {
  if (installer.name === 'pip') {
    return runPip(python, ['install', '--target', buildEnv, '--no-user', '--no-compile', '--no-warn-conflicts', '--no-warn-script-location', '--progress-bar', 'off', ...indexArgs(plan), ...requires], logger)
  }
  // The same index arguments uv build gets (wheel.ts), from the same folder: the same versions.
  const args = ['pip', 'install', '--target', buildEnv, '--python', python.command, ...indexArgs(plan), ...requires]
  return runTool(installer.command[0], [...installer.command.slice(1), ...args], python.env, logger)
}
