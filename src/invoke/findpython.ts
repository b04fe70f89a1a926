/**
 * Where a Python of one minor version is installed: python3.X on PATH (pyenv's shims skipped: they pick a
 * version from the caller's pyenv settings, not the one asked for), then pyenv's and uv's own installs,
 * newest patch release first. One small module, so it can merge with the packager's interpreter search.
 */
import { accessSync, constants, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Environment } from '../common/log.js'

/** Executables that may be Python `minor` ("3.12"), most likely first; the caller probes them to be sure. */
export function pythonCandidates(minor: string, env: Environment): string[] {
  const found: string[] = []
  const add = (file: string) => {
    if (!found.includes(file) && executable(file)) found.push(file)
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && !isPyenvShims(dir)) add(path.join(dir, `python${minor}`))
  }
  const home = env.HOME || os.homedir()
  const pyenvRoot = env.PYENV_ROOT || path.join(home, '.pyenv')
  for (const name of newestFirst(listDir(path.join(pyenvRoot, 'versions')), new RegExp(`^${escape(minor)}\\.(\\d+)$`))) {
    add(path.join(pyenvRoot, 'versions', name, 'bin', `python${minor}`))
  }
  const uvRoot = env.UV_PYTHON_INSTALL_DIR || path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'uv', 'python')
  for (const name of newestFirst(listDir(uvRoot), new RegExp(`^cpython-${escape(minor)}\\.(\\d+)-`))) {
    add(path.join(uvRoot, name, 'bin', `python${minor}`))
  }
  return found
}

function isPyenvShims(dir: string): boolean {
  return path.basename(dir) === 'shims' && /pyenv/i.test(dir)
}

/** The file exists and this process may run it. */
export function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

/** The names matching `pattern` (its first group the patch number), highest patch first. */
function newestFirst(names: string[], pattern: RegExp): string[] {
  return names
    .map(name => ({ name, patch: Number(pattern.exec(name)?.[1]) }))
    .filter(entry => Number.isInteger(entry.patch))
    .sort((a, b) => b.patch - a.patch)
    .map(entry => entry.name)
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
