import { stageAtomically } from '../zip/atomic.js'
import type { Output } from './output.js'

/** The function's zip: the app, its dependencies (unless they go to a layer) and the shim, written to output.path. */
export function functionZip(outputPath: string): Output {
  return {
    kind: 'function-zip',
    path: outputPath,
    stage(data, { uncompressedSize }) {
      const staged = stageAtomically(outputPath, data)
      return { path: outputPath, commit: () => ({ kind: 'function-zip', ...staged.commit(), uncompressedSize }), abort: staged.abort }
    }
  }
}
