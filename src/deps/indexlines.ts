import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** Requirements-file options that say where packages come from. */
const INDEX_OPTION = /^(-i|--index-url|--extra-index-url|--no-index|-f|--find-links|--trusted-host)(?:[ =](.*))?$/

/**
 * The index options written inside requirements files (and the files they include with -r/-c), ready to be
 * written into another requirements file: every download spindrift causes, not just the install, must go to
 * the indexes the project chose. Relative --find-links paths are made absolute, as pip reads them relative to
 * the file that names them.
 */
export function indexOptionLines(files: readonly string[]): string[] {
  const lines: string[] = []
  const seen = new Set<string>()
  const read = (file: string): void => {
    const resolved = path.resolve(file)
    if (seen.has(resolved) || !existsSync(resolved)) return
    seen.add(resolved)
    const dir = path.dirname(resolved)
    for (const raw of readFileSync(resolved, 'utf8').replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim().replace(/\s+/g, ' ')
      const include = /^(-r|--requirement|-c|--constraint)[ =](.+)$/.exec(line)
      if (include) read(path.resolve(dir, include[2].trim()))
      const option = INDEX_OPTION.exec(line)
      if (!option) continue
      const [, flag, value] = option
      const local = (flag === '-f' || flag === '--find-links') && value && !/^[a-z][a-z0-9+.-]*:/i.test(value) ? path.resolve(dir, value) : value
      lines.push(local === undefined ? flag : `${flag} ${local}`)
    }
  }
  for (const file of files) read(file)
  return lines
}
