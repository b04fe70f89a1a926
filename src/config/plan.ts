import type { Environment } from '../common/log.js'
import { closeSync, existsSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SpindriftError, quote } from '../common/errors.js'
import { parseEntry } from './entry.js'
import { findRuntime, platformTags, type Architecture, type Runtime } from './runtimes.js'
import type { SettingValues } from './settings.js'
import { checkGlobs } from '../common/globs.js'
import { filesNamedBy } from '../common/requirementfiles.js'
import { checkKindSettings, packageType, parseWarmup, type AppOptions } from './kinds.js'
import { workspaceMember } from './workspace.js'

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
  /** package.cooldown-days: only distributions uploaded before this instant (ISO 8601, midnight UTC). */
  uploadedBefore?: string
  cooldownDays?: number
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
  /** package.lock: a lock file's path, "none", or undefined to look for one. */
  lock?: string
  groups: string[]
  extras: string[]
  /** package.member: the uv workspace member packaged (projectDir is its folder, lock the workspace's uv.lock). */
  member?: string
  /** package.python; undefined: look for the runtime's own Python (python/discover.ts). */
  python?: string
  installer: 'pip' | 'uv'
  outputPath: string
  /** Write a CycloneDX SBOM beside each zip (output.sbom). */
  sbom: boolean
  /** With package.layer: the dependencies go to a layer zip here, the function zip holds the app and the shim. */
  layerPath?: string
  /** The function's name under the settings file's functions: section; undefined for a single-function file. */
  functionName?: string
  /** Globs that bring back files the default excludes leave out (a plain folder's .env.example, say). */
  include: string[]
  /** A plain folder's allow-list: when not empty, only files matching one of these globs ship. */
  only: string[]
  importCheck: boolean
  /** Seconds an external step may run before it is stopped (package.timeout). */
  timeout: number
  /** Dependency-cache folder; undefined when the cache is off. */
  cacheDir?: string
}

export interface PlanContext {
  /** Folder that relative defaults (project, output) are taken from: the settings file's, else the cwd. */
  baseDir: string
  env: Environment
  /** When set (the action: the workspace), the project and requirements files must lie inside it. */
  boundary?: string
  /** The settings file the values came from, if any: the output may not replace it. */
  settingsFile?: string
  /** The function being planned, under a settings file's functions: section. */
  functionName?: string
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
    if (context.functionName) throw new SpindriftError(`package.entry is not set for function ${context.functionName}; set it under functions: ${context.functionName}: package: entry:, for example "from yourapp.main import app".`)
    throw new SpindriftError('package.entry is not set; set it in settings.spindrift or with --package-entry, for example "from yourapp.main import app".')
  }
  const entry = parseEntry(entryText)

  const runtimeName = str('package.runtime')
  if (!runtimeName) {
    throw new SpindriftError('package.runtime is not set; set it to your function\'s runtime (for example python3.12) in settings.spindrift or with --package-runtime.')
  }
  const runtime = findRuntime(runtimeName)
  const architecture = (str('package.architecture') ?? 'x86_64') as Architecture

  const givenDir = str('package.path') ?? context.baseDir
  if (!existsSync(givenDir)) {
    throw new SpindriftError(`package.path ${givenDir} does not exist; point it at your project folder.`)
  }
  if (!statSync(givenDir).isDirectory()) {
    throw new SpindriftError(`package.path ${givenDir} is a file, not a folder; point it at the folder that holds your project.`)
  }
  // package.member: that uv workspace member's folder is the project for everything (its name, its requirements,
  // its sources); the workspace's uv.lock is its lock, unless package.lock says none.
  const givenLock = str('package.lock')
  const member = str('package.member')
  const workspace = member ? workspaceMember(givenDir, member, givenLock) : undefined
  const projectDir = workspace?.folder ?? givenDir

  const requirementFiles = list('package.requirements') ?? defaultRequirements(projectDir)
  for (const file of requirementFiles) {
    if (!existsSync(file)) {
      throw new SpindriftError(`Requirements file ${file} does not exist; fix package.requirements (or --package-requirements).`)
    }
    if (!statSync(file).isFile()) {
      throw new SpindriftError(`Requirements file ${file} is ${statSync(file).isDirectory() ? 'a folder' : 'not a regular file'}; point package.requirements (or --package-requirements) at a requirements file.`)
    }
  }
  if (context.boundary) {
    const inside = (target: string) => isInside(realpathOrSelf(target), realpathSync(context.boundary as string))
    for (const [setting, target] of [['package.path', projectDir], ...requirementFiles.map(f => ['package.requirements', f])]) {
      if (!inside(target)) {
        throw new SpindriftError(`${setting} ${target} is outside the workspace ${context.boundary}; package only what the workflow checked out (move the files into the repository, or fix the path).`)
      }
    }
    // What the requirements files include or name (-r ../x.txt, ./lib, file:/elsewhere) must stay inside too.
    const outside = filesNamedBy(requirementFiles).find(file => !inside(file))
    if (outside) {
      throw new SpindriftError(`A requirements file includes or names ${outside}, which is outside the workspace ${context.boundary}; package only what the workflow checked out (move it into the repository, or fix the line).`)
    }
  }

  const lock = workspace && givenLock !== 'none' ? workspace.lock : givenLock
  if (lock && lock !== 'none' && !(existsSync(path.resolve(projectDir, lock)) && statSync(path.resolve(projectDir, lock)).isFile())) {
    throw new SpindriftError(`package.lock ${lock} does not exist in ${projectDir}; name the lock file (uv.lock, poetry.lock, pylock.toml, Pipfile.lock or a requirements file pinned with --hash), or set it to none.`)
  }

  const name = str('package.name') ?? context.functionName ?? workspace?.name ?? path.basename(projectDir)
  const fileBase = context.functionName ?? name
  const outputPath = str('output.path') ?? path.join(context.baseDir, 'build', `${fileBase}.zip`)
  const layerPath = values['package.layer'] === true ? str('output.layer-path') ?? path.join(context.baseDir, 'build', `${fileBase}-layer.zip`) : undefined
  if (existsSync(outputPath) && statSync(outputPath).isDirectory()) {
    throw new SpindriftError(`output.path ${outputPath} is a folder; give the path of the .zip file to write, for example ${path.join(outputPath, name + '.zip')}.`)
  }
  // The action writes inside its workspace, or in the runner's temp folder (RUNNER_TEMP) meant for such files.
  const writable = [context.boundary, context.env.RUNNER_TEMP].filter((dir): dir is string => Boolean(dir) && existsSync(dir as string))
  if (context.boundary && !writable.some(dir => isInside(realpathOrSelf(outputPath), realpathSync(dir)))) {
    throw new SpindriftError(`output.path ${outputPath} is outside the workspace ${context.boundary}; write the zip inside the workspace (for example build/${name}.zip) or under RUNNER_TEMP.`)
  }
  checkOutputIsNotAnInput(outputPath, projectDir, [...(context.settingsFile ? [{ what: 'the settings file', file: context.settingsFile }] : []), ...requirementFiles.map(file => ({ what: 'a requirements file', file }))])

  if (layerPath && path.resolve(layerPath) === path.resolve(outputPath)) {
    throw new SpindriftError(`output.layer-path and output.path are both ${outputPath}; give the layer zip its own file, for example ${outputPath.replace(/\.zip$/, '')}-layer.zip.`)
  }
  if (layerPath && existsSync(layerPath) && statSync(layerPath).isDirectory()) {
    throw new SpindriftError(`output.layer-path ${layerPath} is a folder; give the path of the layer .zip file to write, for example ${path.join(layerPath, fileBase + '-layer.zip')}.`)
  }

  const typeText = str('package.type')
  const type = packageType(typeText ?? 'plain')
  const eventsText = str('package.events-entry')
  const basePathText = str('package.base-path')
  const textMimeTypes = list('package.text-mime-types') ?? []
  const warmupText = str('package.snapstart-warmup')
  const kindSettings: [string, unknown][] = [['package.events-entry', eventsText], ['package.base-path', basePathText], ['package.text-mime-types', textMimeTypes.length], ['package.snapstart-warmup', warmupText]]
  checkKindSettings(type, kindSettings.filter(([, value]) => value).map(([setting]) => setting))
  for (const mime of textMimeTypes) {
    if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/i.test(mime)) {
      throw new SpindriftError(`package.text-mime-types entry ${quote(mime)} is not a content type; write it as "type/subtype" or "type/*".`)
    }
  }

  const exclude = list('package.exclude') ?? []
  const include = list('package.include') ?? []
  checkGlobs(exclude, 'package.exclude')
  checkGlobs(include, 'package.include')
  const only = list('package.only') ?? []
  checkGlobs(only, 'package.only')

  const timeoutText = str('package.timeout') ?? '900'
  const timeout = Number(timeoutText)
  if (!/^\d+(\.\d+)?$/.test(timeoutText) || !(timeout > 0) || timeout > 86_400) {
    throw new SpindriftError(`package.timeout is ${quote(timeoutText)}; set it to a number of seconds between 1 and 86400, for example 900.`)
  }

  const cooldownText = str('package.cooldown-days')
  const cooldownDays = cooldownText === undefined ? undefined : Number(cooldownText)
  if (cooldownText !== undefined && (!/^\d+$/.test(cooldownText) || cooldownDays! < 1 || cooldownDays! > 3650)) {
    throw new SpindriftError(`package.cooldown-days is "${cooldownText.slice(0, 40)}"; set it to a whole number of days between 1 and 3650, for example 7.`)
  }

  const cacheOn = values['cache'] !== false
  return {
    name,
    type,
    typeGiven: typeText !== undefined,
    entry,
    eventsEntry: eventsText ? parseEntry(eventsText, 'package.events-entry', false) : undefined,
    basePath: basePathText ? normaliseBasePath(basePathText) : undefined,
    textMimeTypes,
    snapstartWarmup: warmupText ? parseWarmup(warmupText) : undefined,
    runtime,
    architecture,
    platformTags: platformTags(runtime, architecture),
    projectDir,
    requirementFiles,
    lock,
    groups: list('package.groups') ?? [],
    extras: list('package.extras') ?? [],
    member,
    python: str('package.python'),
    installer: (str('package.installer') ?? 'pip') as 'pip' | 'uv',
    indexUrl: str('package.index-url'),
    extraIndexUrls: list('package.extra-index-url') ?? [],
    ...(cooldownDays !== undefined && { cooldownDays, uploadedBefore: cooldownCutoff(cooldownDays, new Date()) }),
    outputPath,
    layerPath,
    sbom: values['output.sbom'] !== false,
    functionName: context.functionName,
    exclude,
    include,
    only,
    stripTests: values['package.strip-tests'] === true,
    skipRuntimeProvided: values['package.skip-runtime-provided'] === true,
    compile: values['package.compile'] === true,
    importCheck: values['package.import-check'] === true,
    timeout,
    cacheDir: cacheOn ? defaultCacheDir(context.env) : undefined
  }
}

/** Names that are code wherever they sit in the project: an output there would become a module of the next run. */
const CODE_FILE = /\.(py|pyw|pyi|pyc|pth|so)$/

/**
 * Refuse an output path that would replace one of the project's inputs (the settings file, a requirements
 * file, a file of the project that is not a zip) or something that is not a regular file (a FIFO, a device):
 * checked before anything is written, so the mistake costs nothing.
 */
/** Whether file (resolved through links, even if it does not exist yet) lies inside folder. */
export function isInsideFolder(file: string, folder: string): boolean {
  return isInside(realpathOrSelf(file), realpathOrSelf(folder))
}

export function checkOutputIsNotAnInput(outputPath: string, projectDir: string, inputs: { what: string; file: string }[]): void {
  const real = realpathOrSelf(outputPath)
  const existing = lstatOrUndefined(outputPath)
  if (existing && !existing.isFile() && !existing.isSymbolicLink()) {
    throw new SpindriftError(`output.path ${outputPath} exists and is not a regular file (${kindOf(existing)}); give the path of the .zip file to write.`)
  }
  if (existing?.isSymbolicLink() && existsSync(outputPath) && !statSync(outputPath).isFile()) {
    throw new SpindriftError(`output.path ${outputPath} is a link to something that is not a regular file; give the path of the .zip file to write.`)
  }
  for (const { what, file } of inputs) {
    if (realpathOrSelf(file) === real) throw new SpindriftError(`output.path ${outputPath} is ${what} of this run; writing the zip there would destroy it: choose another output.path, such as build/app.zip.`)
  }
  const project = realpathOrSelf(projectDir)
  if (!isInside(real, project) || real === project) return
  const isZip = existing ? startsLikeZip(outputPath) || outputPath.endsWith('.zip') : !CODE_FILE.test(outputPath)
  if (!isZip) {
    throw new SpindriftError(`output.path ${outputPath} is one of the project's own files (${path.relative(project, real)}); writing the zip there would destroy it: choose another output.path, such as build/app.zip.`)
  }
}

function realpathOrSelf(file: string): string {
  const resolved = path.resolve(file)
  try {
    return realpathSync(resolved)
  } catch {
    // Not there yet: resolve its folder, so a link in the path still compares equal.
    const dir = path.dirname(resolved)
    return dir === resolved ? resolved : path.join(realpathOrSelf(dir), path.basename(resolved))
  }
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file)
  } catch {
    return undefined
  }
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO'
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device'
  if (stat.isSocket()) return 'a socket'
  return 'not a file'
}

function startsLikeZip(file: string): boolean {
  try {
    const fd = openSync(file, 'r')
    try {
      const head = Buffer.alloc(4)
      readSync(fd, head, 0, 4, 0)
      return head.equals(Buffer.from('PK\x03\x04', 'latin1')) || head.equals(Buffer.from('PK\x05\x06', 'latin1'))
    } finally {
      closeSync(fd)
    }
  } catch {
    return false
  }
}

function isInside(file: string, folder: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep)
}

/** "api/v1/" → "/api/v1"; only plain URL path segments (no query, dots or encoded bytes). */
export function normaliseBasePath(text: string): string {
  const segments = text.split('/').filter(Boolean)
  if (segments.length === 0 || !segments.every(s => /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/.test(s) && s !== '..')) {
    throw new SpindriftError(`package.base-path ${quote(text)} is not a URL path; write it as "/api" or "/api/v1".`)
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

/** N days before today's midnight UTC: the same cutoff (and cache key) all day. */
export function cooldownCutoff(days: number, now: Date): string {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return new Date(midnight - days * 86_400_000).toISOString().replace('.000Z', 'Z')
}
