import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { load, YAMLException } from 'js-yaml'
import { SpindriftError, closest } from '../common/errors.js'
import { OPTIONS, OPTION_KEYS, type OptionSpec } from './options.js'

export type SettingValue = string | string[] | boolean

/** Option values from one source, already made absolute where they are paths. */
export type SettingValues = Partial<Record<string, SettingValue>>

/** Options whose values are paths: relative ones are taken from the settings file's folder, or the cwd for flags. */
const PATH_OPTIONS = new Set(['package.path', 'package.requirements', 'output.path'])

export const DEFAULT_SETTINGS_FILE = 'settings.spindrift'

/** Far above any real settings file; refusing bigger ones keeps a wrong --file from eating memory. */
const MAX_SETTINGS_BYTES = 1024 * 1024

/**
 * Read a settings file. A missing default file means "no settings"; a missing file the user named is an error.
 */
export function readSettingsFile(file: string, explicit: boolean): SettingValues {
  let bytes: Buffer
  try {
    if (statSync(file).isDirectory()) {
      throw new SpindriftError(`Settings file ${file} is a folder; point --file at a settings.spindrift file.`)
    }
    const size = statSync(file).size
    if (size > MAX_SETTINGS_BYTES) {
      throw new SpindriftError(`Settings file ${file} is ${(size / (1024 * 1024)).toFixed(1)} MB; a settings file is a few lines: check that --file points at the right file.`, { file })
    }
    bytes = readFileSync(file)
  } catch (error) {
    if (error instanceof SpindriftError) throw error
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new SpindriftError(`Settings file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? error}); check the path given to --file.`)
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new SpindriftError(`Settings file ${file} is not valid UTF-8 text; save it as UTF-8.`, { file })
  }
  return parseSettings(text, file)
}

/** Parse settings YAML into option values (paths made absolute against the file's folder). */
export function parseSettings(text: string, file: string): SettingValues {
  // js-yaml 5 refuses an empty document; an empty or comment-only settings file simply sets nothing.
  if (!/^\s*[^#\s]/m.test(text)) return {}
  let document: unknown
  try {
    document = load(text, { filename: file })
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark ? error.mark.line + 1 : undefined
      const where = line ? `${file} line ${line}` : file
      throw new SpindriftError(`Settings file ${where} is not valid YAML (${error.reason}); fix that line.`, { file, line })
    }
    throw error
  }
  if (document === null || document === undefined) return {}
  if (!isMap(document)) {
    throw new SpindriftError(`Settings file ${file} must be a map of sections (package:, output:), not ${describe(document)}.`, { file, line: 1 })
  }
  const values: SettingValues = {}
  const baseDir = path.dirname(path.resolve(file))
  for (const [section, body] of Object.entries(document)) {
    const spec = OPTIONS.find(o => o.key === section)
    if (spec) {
      values[spec.key] = checkValue(spec, body, { file, line: findLine(text, section) }, baseDir)
      continue
    }
    const sectionKeys = OPTION_KEYS.filter(k => k.startsWith(section + '.'))
    if (sectionKeys.length === 0) {
      const suggestion = closest(section, [...new Set(OPTION_KEYS.map(k => k.split('.')[0]))])
      throw unknownKey(section, suggestion, { file, line: findLine(text, section) })
    }
    if (body === null) continue
    if (!isMap(body)) {
      throw new SpindriftError(`${section} in ${file} must be a map of keys (for example ${sectionKeys[0]}), not ${describe(body)}.`, { file, line: findLine(text, section) })
    }
    for (const [name, value] of Object.entries(body)) {
      const key = `${section}.${name}`
      const where = { file, line: findLine(text, name, findLine(text, section)) }
      const keySpec = OPTIONS.find(o => o.key === key)
      if (!keySpec) throw unknownKey(key, closest(key, OPTION_KEYS), where)
      if (value === null) continue
      values[key] = checkValue(keySpec, value, where, baseDir)
    }
  }
  return values
}

/** Check one value's type, normalise it and make path values absolute against baseDir. */
export function checkValue(spec: OptionSpec, value: unknown, where: { file?: string; line?: number }, baseDir: string): SettingValue {
  const place = where.file ? ` in ${where.file}${where.line ? ` line ${where.line}` : ''}` : ''
  let checked: SettingValue
  if (spec.kind === 'boolean') {
    if (typeof value !== 'boolean') {
      throw new SpindriftError(`${spec.key}${place} must be true or false, not ${describe(value)}.`, where)
    }
    checked = value
  } else if (spec.kind === 'list') {
    const items = Array.isArray(value) ? value : [value]
    if (!items.every(item => typeof item === 'string' && item.trim() !== '')) {
      throw new SpindriftError(`${spec.key}${place} must be a text value or a list of them, not ${describe(value)}.`, where)
    }
    checked = items.map(item => (item as string).trim())
  } else {
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new SpindriftError(`${spec.key}${place} must be a text value, not ${describe(value)}.`, where)
    }
    checked = String(value).trim()
    if (spec.choices && !spec.choices.includes(checked)) {
      const suggestion = closest(checked, spec.choices)
      throw new SpindriftError(
        `${spec.key}${place} is "${checked}", which is not one of ${spec.choices.map(c => `"${c}"`).join(', ')}` +
          (suggestion ? `; did you mean "${suggestion}"?` : '.'),
        where
      )
    }
  }
  if (spec.key === 'output.path' && /[/\\]$/.test(checked as string)) {
    throw new SpindriftError(`output.path "${checked}"${place} ends with a slash; give the path of the .zip file to write, for example ${checked}app.zip.`, where)
  }
  if (PATH_OPTIONS.has(spec.key)) {
    checked = Array.isArray(checked) ? checked.map(p => path.resolve(baseDir, p)) : path.resolve(baseDir, checked as string)
  }
  return checked
}

function unknownKey(key: string, suggestion: string | undefined, where: { file?: string; line?: number }): SpindriftError {
  const place = where.file ? ` in ${where.file}${where.line ? ` line ${where.line}` : ''}` : ''
  const hint = suggestion ? `did you mean "${suggestion}"?` : `the known settings are ${OPTION_KEYS.join(', ')}.`
  return new SpindriftError(`Unknown setting "${key}"${place}; ${hint}`, where)
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'empty'
  if (typeof value === 'object') return 'a map'
  return `${typeof value} ${JSON.stringify(value)}`
}

/** 1-based line of setting `section.name` in a settings file, for annotating a value found wrong later. */
export function settingLine(file: string, key: string): number | undefined {
  const [section, name] = key.split('.')
  try {
    const text = readFileSync(file, 'utf8')
    const sectionLine = findLine(text, section)
    return name === undefined ? sectionLine : findLine(text, name, sectionLine)
  } catch {
    return undefined
  }
}

/** 1-based line of `key:` in the YAML text, at or after line `after`: for messages and annotations. */
function findLine(text: string, key: string, after = 0): number | undefined {
  const lines = text.split(/\r?\n/)
  const pattern = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`)
  for (let i = Math.max(0, after - 1); i < lines.length; i++) if (pattern.test(lines[i])) return i + 1
  return undefined
}
