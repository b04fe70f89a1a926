import type { ZipSource } from '../zip/archive.js'
import type { AppOptions, Target } from '../config/plan.js'
import { formatTargetFile, TARGET_FILE } from '../common/targetfile.js'
import { HANDLER } from './shim.js'

/** spindrift.json for the zip: the target it was built for, beside the shim (see common/targetfile.ts). */
export function renderTargetFile(target: Pick<Target, 'runtime' | 'architecture'>, app: Pick<AppOptions, 'type'>): ZipSource {
  const text = formatTargetFile({ runtime: target.runtime.name, architecture: target.architecture, app: app.type, handler: HANDLER })
  return { name: TARGET_FILE, data: Buffer.from(text, 'utf8') }
}
