import { writeAtomically } from '../zip/atomic.js'
import type { Output } from './output.js'

/** The function's zip: the app, its dependencies and the shim, written to output.path. */
export function functionZip(outputPath: string): Output {
  return {
    kind: 'function-zip',
    path: outputPath,
    write: (data, { uncompressedSize }) => ({ kind: 'function-zip', ...writeAtomically(outputPath, data), uncompressedSize })
  }
}
