import path from 'node:path'
import type { Logger } from '../common/log.js'

import type { Installer } from '../python/installer.js'
import type { Interpreter } from '../python/interpreter.js'
import type { AppLayer } from './applayer.js'
import { hasPackagingMetadata, walkFolder } from './folder.js'
import { projectWheel, type WheelInputs } from './wheel.js'

/** What the app stage reads: the project folder, what to leave out of the zip, and how to build a wheel. */
export type AppInputs = WheelInputs & { outputPath: string; include: string[] }

export type { AppLayer } from './applayer.js'

/** The app stage: a plain folder's files as they are, or the files of the project's wheel. */
export async function collectApp(plan: AppInputs, python: Interpreter, installer: Installer, logger: Logger, otherOutputs: string[] = []): Promise<AppLayer> {
  // The run's own outputs (this zip, and the other functions' zips and layers) are never app files.
  const sources = walkFolder(plan.projectDir, new Set([plan.outputPath, ...otherOutputs].map(file => path.resolve(file))), plan.include)
  if (!hasPackagingMetadata(plan.projectDir)) return { files: sources, declaredDependencies: [], source: 'folder' }
  return projectWheel(plan, python, installer, sources, logger)
}
