import type { Environment } from '../common/log.js'
import path from 'node:path'
import { OPTIONS } from './options.js'
import { resolvePlan, type Plan } from './plan.js'
import { DEFAULT_SETTINGS_FILE, checkValue, readSettingsFile, settingLine, type SettingValues } from './settings.js'
import { SpindriftError } from '../common/errors.js'

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
}

/** Settings file < flags/inputs, then validation: the one way every face gets its Plan. */
export function configure(input: ConfigureInput): Plan {
  const explicit = input.settingsFile !== undefined && input.settingsFile !== ''
  const file = path.resolve(input.cwd, explicit ? (input.settingsFile as string) : DEFAULT_SETTINGS_FILE)
  const fromFile: SettingValues = explicit || input.readDefaultFile !== false ? readSettingsFile(file, explicit) : {}
  const fromFlags: SettingValues = {}
  for (const [key, value] of Object.entries(input.overrides)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue
    const spec = OPTIONS.find(o => o.key === key)
    if (!spec) throw new SpindriftError(`Unknown option "${key}".`)
    fromFlags[key] = checkValue(spec, value, {}, input.cwd)
  }
  const usedFile = Object.keys(fromFile).length > 0 || explicit
  try {
    return resolvePlan({ ...fromFile, ...fromFlags }, { baseDir: usedFile ? path.dirname(file) : input.cwd, env: input.env, boundary: input.boundary })
  } catch (error) {
    // A value checked only here (the runtime) still points at its line when it came from the settings file.
    const key = error instanceof SpindriftError && !error.file ? /^(package\.runtime) /.exec(error.message)?.[1] : undefined
    if (key && fromFile[key] !== undefined && fromFlags[key] === undefined) {
      throw new SpindriftError((error as Error).message, { file, line: settingLine(file, key) })
    }
    throw error
  }
}
