import path from 'node:path'
import { SpindriftError, quote } from '../common/errors.js'
import type { Target } from '../config/plan.js'
import type { ZipSource } from '../zip/archive.js'
import { readPyproject, table, text } from './locks/lock.js'
import { satisfies } from './pep508.js'

/** Does a Requires-Python admit the runtime? Lambda runs a late patch release, so any patch that fits counts. */
function admits(target: Pick<Target, 'runtime'>, requires: string): boolean {
  return ['0', '99'].some(patch => satisfies(`${target.runtime.pythonVersion}.${patch}`, requires) !== false)
}

/** The project's requires-python must admit the runtime's Python: the project says it would not run there. */
export function checkProjectPython(projectDir: string, target: Pick<Target, 'runtime'>): void {
  const requires = text(table(readPyproject(projectDir)?.project)['requires-python'])
  if (!requires || admits(target, requires)) return
  throw new SpindriftError(`${path.join(projectDir, 'pyproject.toml')} says requires-python = ${quote(requires)}, but package.runtime ${target.runtime.name} runs Python ${target.runtime.pythonVersion}; set package.runtime to a runtime the project supports, or widen requires-python.`)
}

/**
 * Every installed distribution's Requires-Python must admit the runtime's Python: pip checks it against the
 * interpreter that runs it (pip 23.2), which may not be the runtime's, and a lock install skips the check.
 */
export function checkInstalledPython(target: Pick<Target, 'runtime'>, files: ZipSource[]): void {
  for (const file of files) {
    if (!/^[^/]+\.dist-info\/METADATA$/.test(file.name)) continue
    const header = file.data.toString('utf8').split(/\r?\n\r?\n/)[0]
    const requires = /^Requires-Python:\s*(.+)$/m.exec(header)?.[1].trim()
    if (!requires || admits(target, requires)) continue
    const [, name, version] = /^([^/]+)-([^/-]+)\.dist-info\//.exec(file.name) ?? ['', file.name, '']
    throw new SpindriftError(`${name} ${version} requires Python ${requires}, but ${target.runtime.name} runs Python ${target.runtime.pythonVersion}; pin a version of ${name} that supports Python ${target.runtime.pythonVersion} (or relock), or change package.runtime.`)
  }
}
