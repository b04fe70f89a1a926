import { parse } from 'smol-toml'

export type TomlTable = Record<string, unknown>

export const isTomlTable = (value: unknown): value is TomlTable =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

/** A TOML document parsed by smol-toml, or undefined when it is not valid TOML (the tool that reads it says why). */
export function parseToml(toml: string): TomlTable | undefined {
  try {
    return parse(toml) as TomlTable
  } catch {
    return undefined
  }
}
