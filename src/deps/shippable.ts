import { SpindriftError } from '../common/errors.js'
import type { ZipSource } from '../zip/archive.js'

/**
 * Installed files that only work on the machine that installed them never ship: pip's editable finders
 * (`__editable__*`, which import the code from the build machine's folder) and `.pth` lines naming a folder
 * outside the zip. The zip would import without error here and fail on Lambda, so this stops the build.
 */
export function checkShippable(files: readonly ZipSource[], what: string): void {
  for (const file of files) {
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
