import { readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { alive, forgetTemp, registerTemp } from '../common/cleanup.js'
import { SpindriftError } from '../common/errors.js'
import { cannotWrite, makeFolders, replaceFile, tempNameBeside } from '../common/fs.js'

/** A temp file left by a run that was killed outright (SIGKILL) is removed by the next run. */
function removeStaleTemps(dir: string, base: string): void {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const match = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name)
    if (!match || match[1] !== base || alive(Number(match[2]))) continue
    rmSync(path.join(dir, name), { force: true })
  }
}

export interface WrittenZip {
  path: string
  size: number
  sha256: string
  base64Sha256: string
}

/**
 * Write the zip next to its destination under a temporary name, flush it, then rename it into place: a
 * reader never sees half a zip, and a failure leaves any previous zip exactly as it was.
 */
export function writeAtomically(outputPath: string, data: Buffer): WrittenZip {
  const dir = path.dirname(outputPath)
  try {
    makeFolders(dir)
  } catch (error) {
    throw new SpindriftError(`Cannot create the output folder ${dir} (${(error as NodeJS.ErrnoException).code}); choose an output.path in a writable folder.`)
  }
  removeStaleTemps(dir, path.basename(outputPath))
  const temp = tempNameBeside(outputPath)
  registerTemp(temp)
  let digest: Buffer
  try {
    digest = replaceFile(outputPath, data, temp)
  } catch (error) {
    throw new SpindriftError(cannotWrite(`the zip to ${outputPath}`, error, 'choose an output.path in a writable folder'))
  } finally {
    forgetTemp(temp)
  }
  return { path: outputPath, size: data.length, sha256: digest.toString('hex'), base64Sha256: digest.toString('base64') }
}

