import { SpindriftError } from '../common/errors.js'
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
  const names = [...dependencyNames, ...appNames]
  const entries: [string, string | undefined][] = [['package.entry', app.entry.module], ['package.events-entry', app.eventsEntry?.module]]
  for (const [setting, module] of entries) {
    if (!module) continue
    const base = module.replace(/\./g, '/')
    const found = names.some(n => n === `${base}.py` || n.startsWith(`${base}/`) || (n.startsWith(`${base}.`) && /\.so$/.test(n)))
    if (!found) {
      throw new SpindriftError(`${setting} names module "${module}", but neither ${base}.py nor ${base}/__init__.py is in the package built from ${projectDir}; fix ${setting} or package.path.`)
    }
  }
}
