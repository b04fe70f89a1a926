import { SpindriftError, quote } from '../common/errors.js'
import { TARGET_FILE } from '../common/targetfile.js'
import type { AppOptions } from '../config/kinds.js'

/** The shim owns index.py, and each entry module must be somewhere in the zip (app files or dependencies). */
export function checkContents(app: AppOptions, projectDir: string, dependencyNames: string[], appNames: string[]): void {
  if (appNames.includes('index.py')) {
    throw new SpindriftError(`The project in ${projectDir} has its own index.py at its root, which spindrift's handler shim (index.handler) must replace; rename that module and point package.entry at the new name.`)
  }
  if (appNames.includes(TARGET_FILE)) {
    throw new SpindriftError(`The project in ${projectDir} has its own ${TARGET_FILE} at its root, where spindrift records the zip's runtime and architecture; rename or move that file.`)
  }
  // Python imports a package index/ or an extension index.*.so before index.py: only the shim may be "index".
  const hijack = appNames.find(providesIndex)
  if (hijack) {
    throw new SpindriftError(`The project in ${projectDir} ships ${hijack}, which Python would import as "index" instead of spindrift's handler shim (index.handler); rename it.`)
  }
  checkDependencyNames(dependencyNames, 'dependencies')
  checkModuleClashes(projectDir, dependencyNames, appNames)
  const names = [...dependencyNames, ...appNames]
  const entries: [string, string | undefined][] = [['package.entry', app.entry.module], ['package.events-entry', app.eventsEntry?.module]]
  for (const [setting, module] of entries) {
    if (!module) continue
    const base = module.replace(/\./g, '/')
    const found = names.some(n => n === `${base}.py` || n.startsWith(`${base}/`) || (n.startsWith(`${base}.`) && /\.so$/.test(n)))
    if (!found) {
      throw new SpindriftError(`${setting} names module ${quote(module)}, but neither ${base}.py nor ${base}/__init__.py is in the package built from ${projectDir}; fix ${setting} or package.path.`)
    }
  }
}

/** What the dependencies (fresh or cached) may not ship: anything Python would import as "index". */
export function checkDependencyNames(names: string[], what: string): void {
  const hijack = names.find(n => n === 'index.py' || providesIndex(n))
  if (hijack) {
    throw new SpindriftError(`The ${what} ship ${hijack}, which Python would import as "index" instead of spindrift's handler shim (index.handler); remove the dependency that provides it, or pin a version without a top-level "index" module.`)
  }
}

/** A name Python would find for "import index", other than the shim's index.py. */
function providesIndex(name: string): boolean {
  return name.startsWith('index/') || name === 'index.pyc' || /^index(\.[^/]*)?\.so$/.test(name)
}

/**
 * The project's modules and the dependencies' modules share one folder in the zip: a top-level name both
 * provide means one silently replaces or hides the other (a package wins over a module of the same name).
 */
function checkModuleClashes(projectDir: string, dependencyNames: string[], appNames: string[]): void {
  const dependencyFiles = new Set(dependencyNames)
  const same = appNames.find(n => dependencyFiles.has(n) && !/^[^/]+\.dist-info\//.test(n))
  if (same) {
    throw new SpindriftError(`Both the project in ${projectDir} and a dependency ship ${same}, and one would silently replace the other; rename the project's module, or drop the dependency that provides it.`)
  }
  const appModules = topLevelModules(appNames)
  for (const [name, kind] of topLevelModules(dependencyNames)) {
    const mine = appModules.get(name)
    if (mine && (mine === 'module' || kind === 'module')) {
      throw new SpindriftError(`The project in ${projectDir} has a ${mine} ${quote(name)} and a dependency ships a ${kind} of the same name, so Python would import only one of them; rename the project's ${mine}, or drop the dependency that provides it.`)
    }
  }
}

/** Top-level import names: name.py / name.*.so (modules) and folders holding Python files (packages). */
function topLevelModules(names: string[]): Map<string, 'module' | 'package'> {
  const modules = new Map<string, 'module' | 'package'>()
  for (const name of names) {
    const parts = name.split('/')
    if (parts.length === 1) {
      const module = /^([A-Za-z_][A-Za-z0-9_]*)(\.py|(\.[^/]*)?\.so)$/.exec(name)?.[1]
      if (module && !modules.has(module)) modules.set(module, 'module')
    } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(parts[0]) && /\.(py|so)$/.test(name)) {
      modules.set(parts[0], 'package')
    }
  }
  return modules
}
