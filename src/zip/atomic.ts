import { readdirSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import { alive, forgetTemp, registerTemp } from '../common/cleanup.js'
import { SpindriftError } from '../common/errors.js'
import { byteLength, cannotWrite, makeFolders, removeQuietly, stageLargeFile, tempNameBeside, type Bytes } from '../common/fs.js'

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
export async function writeAtomically(outputPath: string, data: Bytes): Promise<WrittenZip> {
  return (await stageAtomically(outputPath, data)).commit()
}

/** A file written, flushed and read back under a temporary name beside its destination, not yet renamed into place. */
export interface StagedFile {
  /** sha256 (hex) of the bytes as read back from the disk. */
  readonly sha256: string
  /** Rename it into place: the one step that replaces a previous file. */
  commit(): WrittenZip
  /** Remove the temporary file: the previous file stays exactly as it was. */
  abort(): void
}

/**
 * The first half of an atomic write: a run that writes several files stages them all, then commits them all,
 * so a failure before the commits (a full disk included) leaves every previous file as it was.
 */
export async function stageAtomically(outputPath: string, data: Bytes, hashed?: (sha256: string) => void): Promise<StagedFile> {
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
    digest = await stageLargeFile(data, temp, { hashed: hashed && (digest => hashed(digest.toString('hex'))) })
  } catch (error) {
    forgetTemp(temp)
    throw new SpindriftError(cannotWrite(`the zip to ${outputPath}`, error, 'choose an output.path in a writable folder'))
  }
  const abort = () => {
    removeQuietly(temp)
    forgetTemp(temp)
  }
  return {
    sha256: digest.toString('hex'),
    commit() {
      try {
        renameSync(temp, outputPath)
      } catch (error) {
        abort()
        throw new SpindriftError(cannotWrite(`the zip to ${outputPath}`, error, 'choose an output.path in a writable folder'))
      }
      forgetTemp(temp)
      return { path: outputPath, size: byteLength(data), sha256: digest.toString('hex'), base64Sha256: digest.toString('base64') }
    },
    abort
  }
}
