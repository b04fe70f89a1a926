import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Environment } from '../common/log.js'
import { stripCredentials } from '../common/credentials.js'
import { isTomlTable, parseToml } from '../common/toml.js'

/**
 * What the installer reads on its own besides our arguments: configuration files and environment variables.
 * An index URL, find-links or a constraint set there changes what gets installed without changing anything
 * spindrift passes, so all of it is part of the cache key. Files count by level and content hash (not path),
 * so runners with other home folders share keys; credentials in variables are stripped.
 */
export function installerSettings(installer: 'pip' | 'uv', projectDir: string, prefix: string | undefined, env: Environment): string[] {
  return [...environmentSettings(env), ...(installer === 'pip' ? pipConfigFiles(prefix, env) : uvConfigFiles(projectDir, env))]
}

/**
 * What uv would read on its own when run from each of these folders: its non-inert variables and its
 * configuration files. Empty means `uv build` and `uv pip install` see only spindrift's arguments.
 */
export function uvOwnSettings(dirs: string[], env: Environment): string[] {
  const variables = environmentSettings(env).filter(setting => setting.startsWith('UV_'))
  return [...new Set([...variables, ...dirs.flatMap(dir => uvConfigFiles(dir, env))])]
}

/** pip and uv variables that cannot change which files are installed: output, network and cache tuning. */
const INERT = new Set([
  'PIP_DEFAULT_TIMEOUT', 'PIP_TIMEOUT', 'PIP_RETRIES', 'PIP_DISABLE_PIP_VERSION_CHECK', 'PIP_CERT', 'PIP_CLIENT_CERT',
  'PIP_NO_COLOR', 'PIP_PROGRESS_BAR', 'PIP_ROOT_USER_ACTION', 'PIP_CACHE_DIR', 'PIP_NO_CACHE_DIR', 'PIP_VERBOSE',
  'PIP_QUIET', 'PIP_LOG', 'PIP_NO_INPUT', 'PIP_PROXY', 'PIP_TRUSTED_HOST', 'PIP_KEYRING_PROVIDER', 'PIP_USE_DEPRECATED',
  'UV_CACHE_DIR', 'UV_NO_CACHE', 'UV_NO_PROGRESS', 'UV_HTTP_TIMEOUT', 'UV_CONCURRENT_DOWNLOADS', 'UV_CONCURRENT_INSTALLS',
  'UV_CONCURRENT_BUILDS', 'UV_NATIVE_TLS', 'UV_LINK_MODE', 'UV_COMPILE_BYTECODE', 'UV_PYTHON_DOWNLOADS', 'UV_NO_WRAP'
])

/**
 * pip options (as configuration keys: lower case, dashes) that change neither which files a `pip install` takes
 * nor how it reaches them: output, timeouts, TLS verification, caches. A proxy is not among them: a request made
 * without pip would not go its way.
 */
const PIP_INERT_KEYS = new Set([
  'timeout', 'default-timeout', 'retries', 'disable-pip-version-check', 'cert', 'client-cert', 'no-color', 'progress-bar',
  'root-user-action', 'cache-dir', 'no-cache-dir', 'verbose', 'quiet', 'log', 'no-input', 'trusted-host', 'keyring-provider'
])

/** Can this pip option be left to pip when spindrift does pip's work itself (it cannot change the outcome)? */
export function isInertPipKey(key: string): boolean {
  return PIP_INERT_KEYS.has(key)
}

/** Every PIP_* and UV_* variable except the inert ones: an unknown one is assumed to matter. */
function environmentSettings(env: Environment): string[] {
  return Object.keys(env)
    .filter(name => /^(PIP|UV)_/.test(name) && !INERT.has(name) && env[name])
    .sort()
    .map(name => `${name}=${stripCredentials(env[name] as string)}`)
}

function home(env: Environment): string {
  return env.HOME || os.homedir()
}

function configDirs(env: Environment): string[] {
  return (env.XDG_CONFIG_DIRS || '/etc/xdg').split(':').filter(Boolean)
}

function userConfigDir(env: Environment): string {
  return env.XDG_CONFIG_HOME || path.join(home(env), '.config')
}

/** pip's files, in the order it loads them (pip's configuration docs): the variable's, global, user, site. */
function pipConfigFiles(prefix: string | undefined, env: Environment): string[] {
  return hashed(pipConfigPaths(prefix, env))
}

/** One setting of a pip configuration file: its section, key (lower case, dashes, as pip names it) and value. */
export interface PipConfigEntry {
  file: string
  section: string
  key: string
  value: string
}

/** Every setting pip's configuration files make, in loading order; an indented line continues the value above. */
export function pipConfigEntries(prefix: string | undefined, env: Environment): PipConfigEntry[] {
  const entries: PipConfigEntry[] = []
  for (const [, file] of pipConfigPaths(prefix, env)) {
    let text: string
    try {
      text = file ? readFileSync(file, 'utf8') : ''
    } catch {
      continue
    }
    let section = ''
    let last: PipConfigEntry | undefined
    for (const line of text.split(/\r?\n/)) {
      if (/^\s*([#;]|$)/.test(line)) continue
      const header = /^\s*\[([^\]]*)\]/.exec(line)
      if (header) {
        section = header[1].trim().toLowerCase()
        last = undefined
      } else if (/^\s/.test(line) && last) {
        last.value = `${last.value} ${line.trim()}`.trim()
      } else {
        const m = /^([^=:]+)[=:](.*)$/.exec(line)
        last = { file: file as string, section, key: (m ? m[1] : line).trim().toLowerCase().replace(/_/g, '-'), value: (m?.[2] ?? '').trim() }
        entries.push(last)
      }
    }
  }
  return entries
}

function pipConfigPaths(prefix: string | undefined, env: Environment): [string, string | undefined][] {
  const named = env.PIP_CONFIG_FILE
  // os.devnull turns every configuration file off.
  if (named === '/dev/null') return []
  return [
    ['PIP_CONFIG_FILE', named],
    ...configDirs(env).map((dir): [string, string] => ['global', path.join(dir, 'pip', 'pip.conf')]),
    ['global', '/etc/pip.conf'],
    ['user', path.join(home(env), '.pip', 'pip.conf')],
    ['user', path.join(userConfigDir(env), 'pip', 'pip.conf')],
    // pip's platformdirs on macOS.
    ...(process.platform === 'darwin' ? [['global', '/Library/Application Support/pip/pip.conf'], ['user', path.join(home(env), 'Library', 'Application Support', 'pip', 'pip.conf')]] as [string, string][] : []),
    ['site', prefix && path.join(prefix, 'pip.conf')]
  ]
}

/** uv's files: the variable's, system, user, and uv.toml or [tool.uv] in the project folder and its parents. */
function uvConfigFiles(projectDir: string, env: Environment): string[] {
  const found: string[] = []
  for (const { level, file, pyproject } of uvConfigPaths(projectDir, env)) {
    if (!pyproject) found.push(...hashed([[level, file]]))
    const section = pyproject && existsSync(file) ? uvSections(readFileSync(file, 'utf8')) : ''
    if (section) found.push(`project [tool.uv]:${digest(Buffer.from(section))}`)
  }
  return found
}

/** The settings uv's configuration files make: each uv.toml's top-level keys and each [tool.uv] table's ("?" for a file that is not TOML). */
export function uvConfigKeys(projectDir: string, env: Environment): string[] {
  return uvConfigPaths(projectDir, env).flatMap(({ file, pyproject }) => {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      return []
    }
    const document = parseToml(text)
    const table = pyproject ? (isTomlTable(document?.tool) ? document.tool.uv : undefined) : document
    if (!document) return ['?']
    return isTomlTable(table) ? Object.keys(table) : table === undefined ? [] : ['?']
  })
}

function uvConfigPaths(projectDir: string, env: Environment): { level: string; file: string; pyproject?: boolean }[] {
  if (env.UV_NO_CONFIG) return []
  const files: { level: string; file: string; pyproject?: boolean }[] = [
    { level: 'UV_CONFIG_FILE', file: env.UV_CONFIG_FILE ?? '' },
    ...configDirs(env).map(dir => ({ level: 'system', file: path.join(dir, 'uv', 'uv.toml') })),
    { level: 'system', file: '/etc/uv/uv.toml' },
    { level: 'user', file: path.join(userConfigDir(env), 'uv', 'uv.toml') }
  ].filter(f => f.file)
  for (let dir = path.resolve(projectDir); ; dir = path.dirname(dir)) {
    files.push({ level: 'project', file: path.join(dir, 'uv.toml') }, { level: 'project', file: path.join(dir, 'pyproject.toml'), pyproject: true })
    if (path.dirname(dir) === dir) break
  }
  return files
}

/**
 * The [tool.uv] table of a pyproject.toml, however it is written (tables, arrays of tables, dotted keys, an
 * inline table), as JSON with sorted keys: the rest (the version, the description) is not uv's. A file that
 * is not valid TOML counts whole, so any edit to it changes the key.
 */
export function uvSections(toml: string): string {
  const document = parseToml(toml)
  if (!document) return toml
  const tool = document.tool
  return isTomlTable(tool) && tool.uv !== undefined ? sortedJson(tool.uv) : ''
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isTomlTable(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v
  )
}

function hashed(files: [string, string | undefined][]): string[] {
  const found: string[] = []
  for (const [level, file] of files) {
    if (!file) continue
    let data: Buffer
    try {
      data = readFileSync(file)
    } catch {
      continue
    }
    found.push(`${level}:${digest(data)}`)
  }
  return found
}

function digest(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 16)
}

/** A find-links entry that is a folder on this machine (a path, relative to base, or a file: URL), else undefined. */
export function findLinksFolder(link: string, base: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(link) && !link.startsWith('file:')) return undefined
  try {
    const folder = link.startsWith('file:') ? fileURLToPath(link) : path.resolve(base, link)
    return statSync(folder).isDirectory() ? folder : undefined
  } catch {
    return undefined
  }
}
