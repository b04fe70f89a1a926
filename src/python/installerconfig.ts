import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
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

/** Is this pip configuration key (`cert`, `timeout`…) one that cannot change which files are installed? */
export function isInertPipKey(key: string): boolean {
  return INERT.has(`PIP_${key.toUpperCase().replace(/-/g, '_')}`)
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

/**
 * The keys pip's configuration files set (`cert`, `index-url`…, spelled with hyphens), in loading order, from
 * every section (pip reads [global] and a section per command).
 */
export function pipConfigKeys(prefix: string | undefined, env: Environment): string[] {
  const keys: string[] = []
  for (const [, file] of pipConfigPaths(prefix, env)) {
    let text: string
    try {
      text = file ? readFileSync(file, 'utf8') : ''
    } catch {
      continue
    }
    for (const line of text.split(/\r?\n/)) {
      const key = /^\s*([A-Za-z0-9_-]+)\s*[=:]/.exec(line)?.[1]
      if (key) keys.push(key.toLowerCase().replace(/_/g, '-'))
    }
  }
  return keys
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
