import type { Environment } from '../common/log.js'
import { existsSync, realpathSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SpindriftError } from '../common/errors.js'
import { parseEntry } from './entry.js'
import { findRuntime, platformTags, type Architecture, type Runtime } from './runtimes.js'
import type { SettingValues } from './settings.js'
import { checkGlobs } from '../common/globs.js'
import { checkKindSettings, type AppOptions, type PackageType } from './kinds.js'

export type { AppOptions, PackageType } from './kinds.js'

/** The Lambda platform the package is for: what every install, audit and check is decided against. */
export interface Target {
  runtime: Runtime
  architecture: Architecture
  /** pip --platform tags for the target, newest first. */
  platformTags: string[]
}

/** Where packages come from, besides what pip and uv read from their own configuration. */
export interface IndexOptions {
  indexUrl?: string
  extraIndexUrls: string[]
}

/** What is left out of the installed dependencies, and whether bytecode is added: part of the layer's identity. */
export interface TrimOptions {
  exclude: string[]
  stripTests: boolean
  skipRuntimeProvided: boolean
  compile: boolean
}

/** Everything one packaging run needs, validated, with every default resolved; stages take the parts they use. */
export interface Plan extends Target, IndexOptions, TrimOptions, AppOptions {
  name: string
  projectDir: string
  requirementFiles: string[]
  python: string
  installer: 'pip' | 'uv'
  outputPath: string
  /** Globs that bring back files the default excludes leave out (a plain folder's .env.example, say). */
  include: string[]
  importCheck: boolean
  /** Dependency-cache folder; undefined when the cache is off. */
  cacheDir?: string
}

export interface PlanContext {
  /** Folder that relative defaults (project, output) are taken from: the settings file's, else the cwd. */
  baseDir: string
  env: Environment
  /** When set (the action: the workspace), the project and requirements files must lie inside it. */
  boundary?: string
}

/** Turn merged option values into a Plan, or fail with the first problem found. */
export function resolvePlan(values: SettingValues, context: PlanContext): Plan {
  const str = (key: string): string | undefined => {
    const value = values[key]
    return typeof value === 'string' && value !== '' ? value : undefined
  }
  const list = (key: string): string[] | undefined => {
    const value = values[key]
    return Array.isArray(value) ? value : undefined
  }

  const entryText = str('package.entry')
  if (!entryText) {
    throw new SpindriftError('package.entry is not set; set it in settings.spindrift or with --package-entry, for example "from yourapp.main import app".')
  }
  const entry = parseEntry(entryText)

  const runtimeName = str('package.runtime')
  if (!runtimeName) {
    throw new SpindriftError('package.runtime is not set; set it to your function\'s runtime (for example python3.12) in settings.spindrift or with --package-runtime.')
  }
  const runtime = findRuntime(runtimeName)
  const architecture = (str('package.architecture') ?? 'x86_64') as Architecture

  const projectDir = str('package.path') ?? context.baseDir
  if (!existsSync(projectDir)) {
    throw new SpindriftError(`package.path ${projectDir} does not exist; point it at your project folder.`)
  }
  if (!statSync(projectDir).isDirectory()) {
    throw new SpindriftError(`package.path ${projectDir} is a file, not a folder; point it at the folder that holds your project.`)
  }

  const requirementFiles = list('package.requirements') ?? defaultRequirements(projectDir)
  for (const file of requirementFiles) {
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new SpindriftError(`Requirements file ${file} does not exist; fix package.requirements (or --package-requirements).`)
    }
  }
  if (context.boundary) {
    for (const [setting, target] of [['package.path', projectDir], ...requirementFiles.map(f => ['package.requirements', f])]) {
      if (!isInside(realpathSync(target), realpathSync(context.boundary))) {
        throw new SpindriftError(`${setting} ${target} is outside the workspace ${context.boundary}; package only what the workflow checked out (move the files into the repository, or fix the path).`)
      }
    }
  }

  const name = str('package.name') ?? path.basename(projectDir)
  const outputPath = str('output.path') ?? path.join(context.baseDir, 'build', `${name}.zip`)
  if (existsSync(outputPath) && statSync(outputPath).isDirectory()) {
    throw new SpindriftError(`output.path ${outputPath} is a folder; give the path of the .zip file to write, for example ${path.join(outputPath, name + '.zip')}.`)
  }

  const type = (str('package.type') ?? 'plain') as PackageType
  const eventsText = str('package.events-entry')
  const basePathText = str('package.base-path')
  const textMimeTypes = list('package.text-mime-types') ?? []
  const kindSettings: [string, unknown][] = [['package.events-entry', eventsText], ['package.base-path', basePathText], ['package.text-mime-types', textMimeTypes.length]]
  checkKindSettings(type, kindSettings.filter(([, value]) => value).map(([setting]) => setting))
  for (const mime of textMimeTypes) {
    if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/i.test(mime)) {
      throw new SpindriftError(`package.text-mime-types entry "${mime}" is not a content type; write it as "type/subtype" or "type/*".`)
    }
  }

  const exclude = list('package.exclude') ?? []
  const include = list('package.include') ?? []
  checkGlobs(exclude, 'package.exclude')
  checkGlobs(include, 'package.include')

  const cacheOn = values['cache'] !== false
  return {
    name,
    type,
    entry,
    eventsEntry: eventsText ? parseEntry(eventsText, 'package.events-entry') : undefined,
    basePath: basePathText ? normaliseBasePath(basePathText) : undefined,
    textMimeTypes,
    runtime,
    architecture,
    platformTags: platformTags(runtime, architecture),
    projectDir,
    requirementFiles,
    python: str('package.python') ?? 'python3',
    installer: (str('package.installer') ?? 'pip') as 'pip' | 'uv',
    indexUrl: str('package.index-url'),
    extraIndexUrls: list('package.extra-index-url') ?? [],
    outputPath,
    exclude,
    include,
    stripTests: values['package.strip-tests'] === true,
    skipRuntimeProvided: values['package.skip-runtime-provided'] === true,
    compile: values['package.compile'] === true,
    importCheck: values['package.import-check'] === true,
    cacheDir: cacheOn ? defaultCacheDir(context.env) : undefined
  }
}

function isInside(file: string, folder: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep)
}

/** "api/v1/" → "/api/v1"; only plain URL path segments (no query, dots or encoded bytes). */
export function normaliseBasePath(text: string): string {
  const segments = text.split('/').filter(Boolean)
  if (segments.length === 0 || !segments.every(s => /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/.test(s) && s !== '..')) {
    throw new SpindriftError(`package.base-path "${text}" is not a URL path; write it as "/api" or "/api/v1".`)
  }
  return '/' + segments.join('/')
}

function defaultRequirements(projectDir: string): string[] {
  const file = path.join(projectDir, 'requirements.txt')
  return existsSync(file) ? [file] : []
}

/** $SPINDRIFT_CACHE_DIR, else $XDG_CACHE_HOME/spindrift (an absolute one, as the XDG spec says), else ~/.cache/spindrift. */
export function defaultCacheDir(env: Environment): string {
  if (env.SPINDRIFT_CACHE_DIR) return env.SPINDRIFT_CACHE_DIR
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'spindrift')
  return path.join(env.HOME || os.homedir(), '.cache', 'spindrift')
}
