import { SpindriftError } from '../common/errors.js'
import { UNZIPPED_LIMIT } from '../common/limits.js'
import { sizeOf, type ZipSource } from '../zip/zipformat.js'

/**
 * Installed files that only work on the machine that installed them never ship: pip's editable finders
 * (`__editable__*`, which import the code from the build machine's folder) and `.pth` lines naming a folder
 * outside the zip. The zip would import without error here and fail on Lambda, so this stops the build.
 */
export function checkShippable(files: readonly ZipSource[], what: string): void {
  for (const file of files) {
    // Node reads a name that is not UTF-8 with U+FFFD for each bad byte; a zip would carry it under another name.
    if (file.name.includes('\uFFFD')) {
      throw new SpindriftError(`The ${what} hold ${describeFile(file.name, files)} whose name is not valid UTF-8, which a Lambda zip cannot carry under the same name; pin a version of that distribution whose file names are UTF-8, or drop it.`)
    }
    const size = sizeOf(file)
    if (size > UNZIPPED_LIMIT) throw oversized(file.name, size, what, files)
    const base = file.name.split('/').pop() as string
    if (base.startsWith('__editable__')) {
      throw new SpindriftError(`The ${what} hold ${file.name}, an editable install's link back to a folder on this machine (an "-e" requirement), which cannot work on Lambda; install that requirement without -e (for example "./lib" instead of "-e ./lib").`)
    }
    if (!base.endsWith('.pth')) continue
    for (const line of file.data.toString('utf8').split(/\r?\n/).map(l => l.trim())) {
      // Lines starting with "import" run code; the others are folders added to sys.path, relative to the .pth.
      if (!line || line.startsWith('#')) continue
      if (/^import[\s\t]/.test(line) ? /__editable__/.test(line) : line.startsWith('/') || /^[A-Za-z]:[\\/]/.test(line) || line.split(/[\\/]/).includes('..')) {
        throw new SpindriftError(`The ${what} hold ${file.name}, which points Python at ${clip(line)}, outside the zip (an editable or development install); install that requirement without -e so its code ships in the zip.`)
      }
    }
  }
}

function clip(text: string): string {
  return text.length > 80 ? `"${text.slice(0, 77)}..."` : `"${text}"`
}

/** The sentence for a dependency file over Lambda's unzipped limit, naming its distribution (from the RECORDs). */
export function oversized(name: string, size: number, what: string, files: readonly ZipSource[]): SpindriftError {
  const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`
  return new SpindriftError(`The ${what} hold ${describeFile(name, files)} of ${mb(size)}, over the ${mb(UNZIPPED_LIMIT)} Lambda unzips for a function, so no zip holding it can run; drop that dependency, or move the file to S3 or a container image.`)
}

/** "x/y.bin (from foo 1.2)": the distribution whose RECORD lists the file, when one does. */
function describeFile(name: string, files: readonly ZipSource[]): string {
  for (const file of files) {
    const distInfo = /^([^/]+)\.dist-info\/RECORD$/.exec(file.name)?.[1]
    if (!distInfo) continue
    const listed = file.data.toString('utf8').split(/\r?\n/).some(line => (line.startsWith('"') ? line.slice(1).split('"')[0] : line.split(',')[0]) === name)
    if (listed) return `${name} (from ${distInfo.replace(/-([^-]+)$/, ' $1')})`
  }
  return `${name} (from ${name.split('/')[0]})`
}
