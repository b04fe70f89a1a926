import { existsSync } from 'node:fs'
import path from 'node:path'
import { readUtf8File } from './fs.js'

/** Requirements-file options that say where packages come from. */
const INDEX_OPTION = /^(-i|--index-url|--extra-index-url|--no-index|-f|--find-links|--trusted-host)(?:[ =](.*))?$/

/**
 * The index options written inside requirements files (and the files they include with -r/-c), ready to be
 * written into another requirements file: every download spindrift causes, not just the install, must go to
 * the indexes the project chose. Relative --find-links paths are made absolute, as pip reads them relative to
 * the file that names them.
 */
export function indexOptionLines(files: readonly string[]): string[] {
  return readRequirementFiles(files).indexOptions
}

/**
 * Every file requirements files lead to: the files themselves, those they include (-r/-c), and local paths their
 * lines name (./lib, file:../x.whl): what the action's workspace boundary is checked against.
 */
export function filesNamedBy(files: readonly string[]): string[] {
  const { read, named } = readRequirementFiles(files)
  return [...read, ...named]
}

function readRequirementFiles(files: readonly string[]): { indexOptions: string[]; read: string[]; named: string[] } {
  const lines: string[] = []
  const named: string[] = []
  const seen = new Set<string>()
  const read = (file: string): void => {
    const resolved = path.resolve(file)
    if (seen.has(resolved) || !existsSync(resolved)) return
    seen.add(resolved)
    const dir = path.dirname(resolved)
    for (const raw of readUtf8File(resolved, 'Requirements file').replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim().replace(/\s+/g, ' ')
      const include = /^(-r|--requirement|-c|--constraint)[ =](.+)$/.exec(line)
      if (include) read(path.resolve(dir, include[2].trim()))
      const local = /^(?:-e |--editable[ =])?(?:file:(?:\/\/(?:localhost)?)?)?(\.{1,2}\/\S*|\/\S*|\.|\.\.)(?:\s|;|$)/.exec(line)?.[1]
      if (local && !include) named.push(path.resolve(dir, local.split('#')[0]))
      const option = INDEX_OPTION.exec(line)
      if (!option) continue
      const [, flag, value] = option
      const where = (flag === '-f' || flag === '--find-links') && value && !/^[a-z][a-z0-9+.-]*:/i.test(value) ? path.resolve(dir, value) : value
      lines.push(where === undefined ? flag : `${flag} ${where}`)
    }
  }
  for (const file of files) read(file)
  return { indexOptions: lines, read: [...seen], named }
}
