import { stagedOutput, type Output } from './output.js'

/** The function's zip: the app, its dependencies (unless they go to a layer) and the shim, written to output.path. */
export function functionZip(outputPath: string): Output {
  return stagedOutput('function-zip', outputPath)
}
