import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { load, YAMLException } from 'js-yaml'
import { SpindriftError, closest, quote } from '../common/errors.js'
import { OPTIONS, OPTION_KEYS, type OptionSpec } from './options.js'

export type SettingValue = string | string[] | boolean

/** Option values from one source, already made absolute where they are paths. */
export type SettingValues = Partial<Record<string, SettingValue>>

/** One entry of a settings file's `functions:` map: its own package.* and output.* values. */
export interface FunctionSettings {
  name: string
  values: SettingValues
  /** Where the function is named in the file, for messages. */
  file: string
  line?: number
}

/** A settings file: the values for the whole run, and the functions when it has a `functions:` section. */
export interface SettingsDocument {
  values: SettingValues
  functions?: FunctionSettings[]
}

/** What a settings file's top level may hold: the sections, the run-wide keys and functions. */
const TOP_LEVEL_KEYS = [...new Set([...OPTION_KEYS.map(k => k.split('.')[0]), 'functions'])]

/** Keys that apply to the whole run, never to one function. */
const RUN_ONLY_KEYS = new Set(['cache'])
/** A function's name is a file name (build/<name>.zip), a JSON key and a matrix value. */
const FUNCTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

/** Options whose values are paths: relative ones are taken from the settings file's folder, or the cwd for flags. */
const PATH_OPTIONS = new Set(['package.path', 'package.requirements', 'output.path', 'output.layer-path'])

export const DEFAULT_SETTINGS_FILE = 'settings.spindrift'

/** Far above any real settings file; refusing bigger ones keeps a wrong --file from eating memory. */
const MAX_SETTINGS_BYTES = 1024 * 1024

/**
 * Read a settings file. A missing default file means "no settings"; a missing file the user named is an error.
 */
export function readSettingsFile(file: string, explicit: boolean): SettingsDocument {
  let bytes: Buffer
  try {
    if (statSync(file).isDirectory()) {
      throw new SpindriftError(`Settings file ${file} is a folder; point --file at a settings.spindrift file.`)
    }
    // A FIFO would block the read and /dev/zero would never end it: only a regular file is read.
    if (!statSync(file).isFile()) {
      throw new SpindriftError(`Settings file ${file} is not a regular file (a device, FIFO or socket); point --file at a settings.spindrift file.`)
    }
    const size = statSync(file).size
    if (size > MAX_SETTINGS_BYTES) {
      throw new SpindriftError(`Settings file ${file} is ${(size / (1024 * 1024)).toFixed(1)} MB; a settings file is a few lines: check that --file points at the right file.`, { file })
    }
    bytes = readFileSync(file)
  } catch (error) {
    if (error instanceof SpindriftError) throw error
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return { values: {} }
    throw new SpindriftError(`Settings file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? error}); check the path given to --file.`)
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new SpindriftError(`Settings file ${file} is not valid UTF-8 text; save it as UTF-8.`, { file })
  }
  return parseSettingsDocument(text, file)
}

/** Parse settings YAML into option values (paths made absolute against the file's folder). */
export function parseSettings(text: string, file: string): SettingValues {
  const document = parseSettingsDocument(text, file)
  if (document.functions) {
    throw new SpindriftError(`Settings file ${file} has a functions: section, which only spindrift package reads; package each function with it.`, { file, line: findLine(text, 'functions') })
  }
  return document.values
}

/** Parse settings YAML: the run's values and, when there is a functions: section, each function's own. */
export function parseSettingsDocument(text: string, file: string): SettingsDocument {
  // js-yaml 5 refuses an empty document; an empty or comment-only settings file simply sets nothing.
  if (!/^\s*[^#\s]/m.test(text)) return { values: {} }
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
  if (document === null || document === undefined) return { values: {} }
  // Not a settings file at all (--file /etc/passwd): say so without quoting a word of it.
  if (!isMap(document)) {
    throw new SpindriftError(`Settings file ${file} is not a spindrift settings file: it holds ${kindOf(document)}, not a map of sections (package:, output:); check the path given to --file.`, { file, line: 1 })
  }
  if (!Object.keys(document).some(key => TOP_LEVEL_KEYS.includes(key) || closest(key, TOP_LEVEL_KEYS) !== undefined)) {
    throw new SpindriftError(`Settings file ${file} is not a spindrift settings file: none of its top-level keys is ${TOP_LEVEL_KEYS.join(', ')} or close to one; check the path given to --file.`, { file, line: 1 })
  }
  const { functions: functionsBody, ...sections } = document
  const values = sectionValues(sections, text, file, 0)
  if (functionsBody === undefined || functionsBody === null) return { values }
  const at = findLine(text, 'functions')
  if (!isMap(functionsBody) || Object.keys(functionsBody).length === 0) {
    throw new SpindriftError(`functions in ${file}${at ? ` line ${at}` : ''} must be a map of function names to their package: and output: settings, not ${describe(functionsBody)}.`, { file, line: at })
  }
  const functions: FunctionSettings[] = []
  for (const [name, body] of Object.entries(functionsBody)) {
    const line = findLine(text, name, at)
    const where = ` in ${file}${line ? ` line ${line}` : ''}`
    if (!FUNCTION_NAME.test(name)) {
      throw new SpindriftError(`Function name ${quote(name)}${where} is not usable as a file name; use letters, digits, - and _ (at most 64).`, { file, line })
    }
    if (!isMap(body)) {
      throw new SpindriftError(`Function ${name}${where} must be a map with package: and output: sections (for example package.entry), not ${describe(body)}.`, { file, line })
    }
    for (const section of Object.keys(body)) {
      if (section === 'functions' || RUN_ONLY_KEYS.has(section)) {
        const sectionLine = findLine(text, section, line)
        throw new SpindriftError(`${section} in ${file}${sectionLine ? ` line ${sectionLine}` : ''} (function ${name}) applies to the whole run; move it to the top level of the settings file.`, { file, line: sectionLine })
      }
    }
    functions.push({ name, values: sectionValues(body, text, file, line ?? 0, name), file, line })
  }
  return { values, functions }
}

/** The option values of a map of sections (the file's top level, or one function's), checked key by key. */
function sectionValues(document: Record<string, unknown>, text: string, file: string, after: number, functionName?: string): SettingValues {
  const values: SettingValues = {}
  const baseDir = path.dirname(path.resolve(file))
  const lineOf = (key: string, from = after) => findLine(text, key, from)
  for (const [section, body] of Object.entries(document)) {
    const spec = OPTIONS.find(o => o.key === section)
    if (spec) {
      const line = lineOf(section)
      values[spec.key] = checkValue(spec, body, { file, line, written: writtenValue(text, line) }, baseDir)
      continue
    }
    const sectionKeys = OPTION_KEYS.filter(k => k.startsWith(section + '.'))
    if (sectionKeys.length === 0) {
      // A key written without its section (entry: instead of package: entry:) is the usual slip.
      const suggestion = OPTION_KEYS.find(k => k.endsWith(`.${section}`)) ?? closest(section, [...new Set(OPTION_KEYS.map(k => k.split('.')[0])), ...(functionName ? [] : ['functions'])])
      throw unknownKey(section, suggestion, { file, line: lineOf(section) }, functionName)
    }
    if (body === null) continue
    if (!isMap(body)) {
      throw new SpindriftError(`${section} in ${file} must be a map of keys (for example ${sectionKeys[0]}), not ${describe(body)}.`, { file, line: lineOf(section) })
    }
    for (const [name, value] of Object.entries(body)) {
      const key = `${section}.${name}`
      const line = findLine(text, name, lineOf(section))
      const where = { file, line, written: writtenValue(text, line) }
      const keySpec = OPTIONS.find(o => o.key === key)
      if (!keySpec) throw unknownKey(key, closest(key, OPTION_KEYS), where, functionName)
      if (value === null) continue
      values[key] = checkValue(keySpec, value, where, baseDir)
    }
  }
  return values
}

/** Check one value's type, normalise it and make path values absolute against baseDir. */
export function checkValue(spec: OptionSpec, value: unknown, where: { file?: string; line?: number; written?: string }, baseDir: string): SettingValue {
  const place = where.file ? ` in ${where.file}${where.line ? ` line ${where.line}` : ''}` : ''
  // YAML reads an unquoted 3.10 as the number 3.1 (a version losing its trailing zero): name that, since the
  // value a later message would show is not what was typed.
  if (typeof value === 'number' && spec.kind === 'string' && where.written !== undefined && /^\d+\.\d*0$/.test(where.written)) {
    const name = spec.key.split('.').at(-1)
    const meant = spec.key === 'package.runtime' && /^\d+\.\d+$/.test(where.written) ? `python${where.written}` : where.written
    throw new SpindriftError(`${name}: ${where.written.slice(0, 40)}${place} was read as the number ${value}; quote it: ${name}: "${meant.slice(0, 40)}".`, { file: where.file, line: where.line })
  }
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
        `${spec.key}${place} is ${quote(checked)}, which is not one of ${spec.choices.map(c => `"${c}"`).join(', ')}` +
          (suggestion ? `; did you mean "${suggestion}"?` : '.'),
        where
      )
    }
  }
  if ((spec.key === 'output.path' || spec.key === 'output.layer-path') && /[/\\]$/.test(checked as string)) {
    throw new SpindriftError(`${spec.key} ${quote(checked)}${place} ends with a slash; give the path of the .zip file to write, for example ${(checked as string).length > 80 ? 'build/app.zip' : `${checked}app.zip`}.`, where)
  }
  if (PATH_OPTIONS.has(spec.key)) {
    checked = Array.isArray(checked) ? checked.map(p => path.resolve(baseDir, p)) : path.resolve(baseDir, checked as string)
  }
  return checked
}

function unknownKey(key: string, suggestion: string | undefined, where: { file?: string; line?: number }, functionName?: string): SpindriftError {
  const place = where.file ? ` in ${where.file}${where.line ? ` line ${where.line}` : ''}` : ''
  // No close match: a short pointer, never the whole list (it grows with every option).
  const known = functionName ? 'a function takes package: and output: sections' : 'settings are package.* and output.* keys and cache; run "spindrift package --help" for every one'
  const hint = suggestion ? `did you mean "${suggestion}"?` : `${known}.`
  return new SpindriftError(`Unknown setting ${quote(key)}${functionName ? ` for function ${functionName}` : ''}${place}; ${hint}`, where)
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'empty'
  if (typeof value === 'object') return 'a map'
  return `${typeof value} ${typeof value === 'string' ? quote(value) : String(value).slice(0, 40)}`
}

/** What a document that is not a map holds, in words and without its content. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'string') return 'plain text'
  return `a ${typeof value}`
}

/** The value as written on a `key: value` line (before YAML typed it), when it is a plain scalar. */
function writtenValue(text: string, line: number | undefined): string | undefined {
  if (line === undefined) return undefined
  const match = /:\s*([^\s#'"[{][^#]*?)\s*(#.*)?$/.exec(text.split(/\r?\n/)[line - 1] ?? '')
  return match?.[1]
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
