// TOML files read by spindrift itself (locks, pyproject.toml, workspace manifests): each failure is one sentence naming the file.
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { SpindriftError } from './errors.js'

/** A TOML file's data, or one sentence naming the file. */
export function readToml(file: string): Record<string, unknown> {
  if (existsSync(file) && !statSync(file).isFile()) {
    throw new SpindriftError(`${file} is not a file (a folder?); remove it or make it the project's ${path.basename(file)}.`)
  }
  try {
    return parseToml(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]
    throw new SpindriftError(`${file} is not valid TOML (${message}); fix it, or regenerate it.`)
  }
}

/** The project's pyproject.toml data, or undefined when it has none. */
export function readPyproject(projectDir: string): Record<string, unknown> | undefined {
  const file = path.join(projectDir, 'pyproject.toml')
  return existsSync(file) ? readToml(file) : undefined
}

export function table(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}
