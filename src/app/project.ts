import path from 'node:path'
import type { Logger } from '../common/log.js'

import type { Installer } from '../python/installer.js'
import type { Interpreter } from '../python/interpreter.js'
import type { AppLayer } from './applayer.js'
import { hasPackagingMetadata, nonPackageDependencies, walkFolder } from './folder.js'
import { projectWheel, type WheelInputs } from './wheel.js'
import { compileGlob } from '../common/globs.js'
import type { ZipSource } from '../zip/archive.js'

/** What the app stage reads: the project folder, what to leave out of the zip, and how to build a wheel. */
export type AppInputs = WheelInputs & { outputPath: string; include: string[]; only: string[] }

export type { AppLayer } from './applayer.js'

/** The app stage: a plain folder's files as they are, or the files of the project's wheel. */
export async function collectApp(plan: AppInputs, python: Interpreter, installer: Installer, logger: Logger, otherOutputs: string[] = []): Promise<AppLayer> {
  // The run's own outputs (this zip, and the other functions' zips and layers) are never app files.
  const sources = walkFolder(plan.projectDir, new Set([plan.outputPath, ...otherOutputs].map(file => path.resolve(file))), plan.include)
  const nonPackage = nonPackageDependencies(plan.projectDir)
  if (nonPackage) {
    logger.info(`${path.join(plan.projectDir, 'pyproject.toml')} describes a project that is not a package: its files ship as they are, without a wheel build`)
    return { files: allowed(sources, plan.only), declaredDependencies: nonPackage, source: 'folder' }
  }
  if (!hasPackagingMetadata(plan.projectDir)) return { files: allowed(sources, plan.only), declaredDependencies: [], source: 'folder' }
  return projectWheel(plan, python, installer, sources, logger)
}

/** package.only: the plain folder's files that match one of its globs, or all of them when it is empty. */
function allowed(files: ZipSource[], only: string[]): ZipSource[] {
  if (only.length === 0) return files
  const patterns = only.map(compileGlob)
  return files.filter(file => patterns.some(p => p.test(file.name)))
}
