import type { Environment } from '../common/log.js'
import path from 'node:path'
import { OPTIONS } from './options.js'
import { isInsideFolder, resolvePlan, type Plan } from './plan.js'
import { DEFAULT_SETTINGS_FILE, checkValue, readSettingsFile, settingLine, type SettingValues, type SettingsDocument } from './settings.js'
import { SpindriftError, closest, quote } from '../common/errors.js'

export interface ConfigureInput {
  /** A settings file; when not given, `settings.spindrift` in cwd is read if it exists. */
  settingsFile?: string
  /** Values from flags or inputs (keyed by option key); empty strings mean "not given". */
  overrides: Record<string, unknown>
  /** Where flag paths and the default settings file are looked up. */
  cwd: string
  env: Environment
  /** Set false to ignore a settings.spindrift in cwd when no settingsFile is given (the library does). */
  readDefaultFile?: boolean
  /** Folder the project and requirements must stay inside (the action's workspace). */
  boundary?: string
  /** Only these functions of the settings file's functions: section (--function); all of them when empty. */
  functions?: string[]
}

/** Settings file < flags/inputs, then validation: the one way every face gets its Plan. */
export function configure(input: ConfigureInput): Plan {
  const plans = configureAll(input)
  if (plans.length > 1) {
    throw new SpindriftError(`The settings file defines ${plans.length} functions (${plans.map(p => p.functionName).join(', ')}); build them with packager.packageFunctions (or spindrift package), which can also pick some of them.`)
  }
  return plans[0]
}

/**
 * One Plan per function: defaults < the settings file's top level < the function's own settings < flags. A file
 * without a functions: section is one function, exactly as before.
 */
export function configureAll(input: ConfigureInput): Plan[] {
  const explicit = input.settingsFile !== undefined && input.settingsFile !== ''
  const file = path.resolve(input.cwd, explicit ? (input.settingsFile as string) : DEFAULT_SETTINGS_FILE)
  // Nothing outside the workspace is read, so no text of a foreign file (say /etc/passwd) reaches the log.
  if (explicit && input.boundary && !isInsideFolder(file, input.boundary)) {
    throw new SpindriftError(`Settings file ${file} is outside the workspace ${input.boundary}; keep the settings file in the repository (settings-file is relative to working-directory).`)
  }
  const document: SettingsDocument = explicit || input.readDefaultFile !== false ? readSettingsFile(file, explicit) : { values: {} }
  const fromFlags: SettingValues = {}
  for (const [key, value] of Object.entries(input.overrides)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue
    const spec = OPTIONS.find(o => o.key === key)
    if (!spec) throw new SpindriftError(`Unknown option ${quote(key)}.`)
    fromFlags[key] = checkValue(spec, value, {}, input.cwd)
  }
  const usedFile = Object.keys(document.values).length > 0 || explicit || document.functions !== undefined
  const context = { baseDir: usedFile ? path.dirname(file) : input.cwd, env: input.env, boundary: input.boundary, settingsFile: usedFile ? file : undefined }
  const selected = input.functions ?? []
  // A value checked only when the Plan is made (the runtime) still points at its line when it came from the file.
  const planAt = (values: SettingValues, fileValues: SettingValues, planContext: Parameters<typeof resolvePlan>[1]): Plan => {
    try {
      return resolvePlan(values, planContext)
    } catch (error) {
      const key = error instanceof SpindriftError && !error.file ? /^(package\.runtime) /.exec(error.message)?.[1] : undefined
      if (key && fileValues[key] !== undefined && fromFlags[key] === undefined) throw new SpindriftError((error as Error).message, { file, line: settingLine(file, key) })
      throw error
    }
  }
  if (!document.functions) {
    if (selected.length > 0) {
      throw new SpindriftError(`--function ${selected[0]} was given, but ${usedFile ? file : 'there is no settings file, so it'} defines no functions: section; leave --function out, or list the functions in the settings file.`)
    }
    return [planAt({ ...document.values, ...fromFlags }, document.values, context)]
  }
  const names = document.functions.map(f => f.name)
  for (const name of selected) {
    if (!names.includes(name)) {
      const suggestion = closest(name, names)
      throw new SpindriftError(`--function ${name} is not in ${file}'s functions (${names.join(', ')})${suggestion ? `; did you mean ${suggestion}?` : '; fix the name.'}`)
    }
  }
  const chosen = selected.length ? document.functions.filter(f => selected.includes(f.name)) : document.functions
  const plans = chosen.map(f => planAt({ ...document.values, ...f.values, ...fromFlags }, { ...document.values, ...f.values }, { ...context, functionName: f.name }))
  checkDistinctOutputs(plans)
  return plans
}

/** Two functions writing one zip would overwrite each other; a shared layer path is fine (checked when built). */
function checkDistinctOutputs(plans: Plan[]): void {
  const seen = new Map<string, string>()
  for (const plan of plans) {
    const output = path.resolve(plan.outputPath)
    const other = seen.get(output)
    if (other) {
      throw new SpindriftError(`Functions ${other} and ${plan.functionName} both write ${plan.outputPath}; give each its own output.path (the default is build/<function>.zip).`)
    }
    seen.set(output, plan.functionName ?? '')
  }
  for (const plan of plans) {
    const clash = plan.layerPath ? seen.get(path.resolve(plan.layerPath)) : undefined
    if (clash !== undefined) {
      throw new SpindriftError(`Function ${plan.functionName}'s output.layer-path ${plan.layerPath} is function ${clash}'s output.path; give the layer its own file.`)
    }
  }
}
