// The build requirements installed without the installer, when that is provably what it would install: pip
// (or uv pip) spends ~1 s starting, resolving and unpacking setuptools; reading one index page, downloading one
// wheel and writing its files takes ~0.1 s. Each requirement must resolve to one pure wheel with no dependency
// that applies; anything else (settings of the installer's own, a proxy, several indexes, no hash, a marker that
// cannot be decided) is left to the installer, with one log line saying why.
import { readdirSync, rmSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { SpindriftError } from '../common/errors.js'
import { makeFolders } from '../common/fs.js'
import { proxyVariable } from '../common/http.js'
import type { Logger } from '../common/log.js'
import { canonicalName } from '../common/names.js'
import type { IndexOptions } from '../config/plan.js'
import { projectFiles, type IndexFile } from '../deps/indexpages.js'
import { compareVersions, evaluateMarker, parseRequirement, parseVersion, satisfies, type MarkerEnvironment } from '../deps/pep508.js'
import { DownloadFailed, fetchWheels } from '../deps/wheels/download.js'
import { WheelCache } from '../deps/wheels/cache.js'
import type { ChosenWheel } from '../deps/wheels/select.js'
import { NotPlainWheel, wheelFiles } from '../deps/wheels/wheelzip.js'
import type { Installer } from '../python/installer.js'
import type { Interpreter } from '../python/interpreter.js'
import { findLinksFolder, isInertPipKey, pipConfigEntries } from '../python/installerconfig.js'
import type { ZipSource } from '../zip/archive.js'

/** 0: the installer installs the build requirements (the comparison the tests make, and a way out); 1: spindrift does, with uv too. */
export const BUILD_ENV_VARIABLE = 'SPINDRIFT_DIRECT_BUILD_ENV'

const PYPI = 'https://pypi.org/simple'

/** Why the installer installs them after all: the words of the one log line. */
class Unsure extends Error {}

/**
 * Install `requires` into `buildEnv` as `pip install --target` (or `uv pip install --target`) would; true when
 * done, false (after one log line) when the installer must do it. `buildEnv` is left empty on false.
 */
export async function installBuildRequires(plan: IndexOptions & { cacheDir?: string }, python: Interpreter, installer: Installer, buildEnv: string, requires: string[], logger: Logger): Promise<boolean> {
  try {
    const markers = markerValues(python)
    const wheels = await chooseWheels(plan, python, installer, requires, markers)
    const layout = await unpacked(wheels, plan.indexUrl ?? PYPI, plan.cacheDir, installer, python, markers)
    await writeAll(buildEnv, layout)
    logger.info(`Installed the build requirements as ${installer.name} would, without running it: ${wheels.map(w => `${w.name} ${w.version}`).join(', ') || 'none apply here'}`)
    return true
  } catch (error) {
    if (!(error instanceof Unsure)) throw error
    for (const entry of readdirSync(buildEnv)) rmSync(path.join(buildEnv, entry), { recursive: true, force: true })
    logger.info(`Installing the build requirements with ${installer.name}: ${error.message}`)
    return false
  }
}

/**
 * The files written through the thread pool, a few at a time (each holds a descriptor open): a resolution running
 * meanwhile is not held up by hundreds of sync writes.
 */
async function writeAll(folder: string, files: ZipSource[]): Promise<void> {
  const targets = files.map(file => path.join(folder, ...file.name.split('/')))
  for (const dir of new Set(targets.map(target => path.dirname(target)))) makeFolders(dir)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) await writeFile(targets[i], files[i].data, { mode: files[i].executable ? 0o755 : 0o644 })
  }
  await Promise.all(Array.from({ length: 16 }, worker))
}

/** The one wheel the installer would pick for each requirement that applies here, or Unsure. */
async function chooseWheels(plan: IndexOptions, python: Interpreter, installer: Installer, requires: string[], markers: Record<string, string>): Promise<ChosenWheel[]> {
  const env = python.env
  if (env[BUILD_ENV_VARIABLE] === '0') throw new Unsure(`${BUILD_ENV_VARIABLE}=0 is set`)
  // uv installs from its own cache (index pages kept for their max-age, wheels unpacked) in ~0.3 s, faster than
  // a download of the page and the wheel here (measured on examples/flask-app): only on request.
  if (installer.name === 'uv' && env[BUILD_ENV_VARIABLE] !== '1') throw new Unsure(`uv installs them from its own cache faster (${BUILD_ENV_VARIABLE}=1 has spindrift do it)`)
  // uv's own settings were ruled out by the caller (frontend.ts); pip's are read here.
  if (installer.name === 'pip') {
    const own = pipOwnSettings(python)
    if (own.length) throw new Unsure(`pip has settings of its own here (${own.join(', ')})`)
  }
  if (plan.extraIndexUrls.length) throw new Unsure('there is more than one index (pip merges them, uv takes the first that has the project)')
  const index = plan.indexUrl ?? PYPI
  const proxy = proxyVariable(env)
  if (proxy && !index.startsWith('file:')) throw new Unsure(`${proxy} is set, and only the installer goes through a proxy`)
  const seen = new Set<string>()
  const wheels: ChosenWheel[] = []
  for (const line of requires) {
    const requirement = parseRequirement(line)
    if (!requirement || requirement.url || requirement.extras.length) throw new Unsure(`${line} is not a plain name and version range`)
    if (seen.has(requirement.name)) throw new Unsure(`${requirement.name} is required twice`)
    seen.add(requirement.name)
    if (requirement.marker) {
      const holds = markerHolds(requirement.marker, markers)
      if (holds === undefined) throw new Unsure(`the marker of ${line} cannot be decided here`)
      if (!holds) continue
    }
    wheels.push(await newestWheel(index, requirement.name, requirement.specifier, runningVersion(python)))
  }
  return wheels
}

/** sys.version_info[:3], what pip compares Requires-Python with. */
function runningVersion(python: Interpreter): string {
  return /^\d+\.\d+\.\d+/.exec(python.version)?.[0] ?? python.version
}

/**
 * What pip and uv would pick: the newest final release that satisfies the specifier, among files not yanked
 * whose Requires-Python admits the running interpreter (a pre-release only when no final release fits or the
 * specifier names one: both left to the installer). That version must have exactly one wheel, and a pure one:
 * another wheel could rank higher for this interpreter, and an sdist of it is never preferred to a wheel.
 */
async function newestWheel(index: string, name: string, specifier: string, running: string): Promise<ChosenWheel> {
  if (namesPreRelease(specifier)) throw new Unsure(`${name}${specifier} names a pre-release`)
  let files: IndexFile[]
  try {
    files = await projectFiles(index, name, 10_000)
  } catch (error) {
    throw new Unsure((error as Error).message)
  }
  const candidates: { file: IndexFile; version: string }[] = []
  for (const file of files) {
    if (file.yanked) continue
    const version = fileVersion(file.filename, name)
    // A version that does not parse is never preferred to one that does (older pips sort it first, newer skip it).
    const parsed = version && parseVersion(version)
    if (!version || !parsed || isPreRelease(parsed)) continue
    const fits = satisfies(version, specifier)
    if (fits === undefined) throw new Unsure(`${name}${specifier} is a specifier spindrift does not read`)
    if (!fits) continue
    if (file.requiresPython) {
      const admits = satisfies(running, file.requiresPython)
      if (admits === undefined) throw new Unsure(`${file.filename} has a Requires-Python spindrift does not read (${file.requiresPython})`)
      if (!admits) continue
    }
    candidates.push({ file, version })
  }
  if (!candidates.length) throw new Unsure(`no final release of ${name} on ${index} fits ${specifier || 'the requirement'} here`)
  const newest = candidates.reduce((a, b) => (compareVersions(parseVersion(b.version)!, parseVersion(a.version)!) > 0 ? b : a))
  const same = candidates.filter(c => compareVersions(parseVersion(c.version)!, parseVersion(newest.version)!) === 0)
  if (same.some(c => c.version !== newest.version || /\+/.test(c.version))) throw new Unsure(`${name} ${newest.version} is spelled more than one way on the index`)
  // PEP 440: ">V" matches no post-release of V, a rule pep508.ts's satisfies leaves out.
  if (parseVersion(newest.version)!.post !== undefined && /(^|,)>(?!=)/.test(specifier)) throw new Unsure(`${name} ${newest.version} is a post-release, and ${specifier} an exclusive bound`)
  const wheels = [...new Map(same.filter(c => c.file.filename.endsWith('.whl')).map(c => [c.file.filename, c.file])).values()]
  if (wheels.length !== 1) throw new Unsure(`${name} ${newest.version} has ${wheels.length} wheels, and which one fits is the installer's choice`)
  const [wheel] = wheels
  const tags = wheel.filename.slice(0, -4).split('-')
  if (tags.length !== 5 || !['py3-none-any', 'py2.py3-none-any'].includes(tags.slice(2).join('-'))) throw new Unsure(`${wheel.filename} is not a plain pure-Python wheel`)
  if (!wheel.sha256 || !wheel.url) throw new Unsure(`the index gives no sha256 for ${wheel.filename}`)
  return { name, version: newest.version, filename: wheel.filename, url: wheel.url, sha256: wheel.sha256, requested: true }
}

type Version = NonNullable<ReturnType<typeof parseVersion>>

const isPreRelease = (v: Version): boolean => v.pre !== undefined || v.dev !== undefined

/** Does a clause name a pre-release (">=2.0b1")? Then pip and uv allow pre-releases: left to them. */
function namesPreRelease(specifier: string): boolean {
  return specifier.split(',').some(clause => {
    const version = parseVersion(clause.replace(/^[<>=!~]+/, '').replace(/\.\*$/, ''))
    return version !== undefined && isPreRelease(version)
  })
}

const SDIST = /\.(tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma|zip|tar)$/i

/** The version in a wheel or sdist name of this project; undefined for files pip ignores (eggs, installers, other projects). */
function fileVersion(filename: string, project: string): string | undefined {
  if (filename.endsWith('.whl')) {
    const parts = filename.slice(0, -4).split('-')
    return (parts.length === 5 || parts.length === 6) && canonicalName(parts[0]) === project ? parts[1].replace(/_/g, '-') : undefined
  }
  const stem = filename.replace(SDIST, '')
  if (stem === filename) return undefined
  for (let at = stem.indexOf('-'); at > 0; at = stem.indexOf('-', at + 1)) {
    if (canonicalName(stem.slice(0, at)) === project) return stem.slice(at + 1)
  }
  return undefined
}

/** Every wheel's files as the installer lays them out, after checking each needs nothing more. */
async function unpacked(wheels: ChosenWheel[], index: string, cacheDir: string | undefined, installer: Installer, python: Interpreter, markers: Record<string, string>): Promise<ZipSource[]> {
  let fetched
  try {
    // The index's credentials go with its files, as pip sends them.
    fetched = await fetchWheels(wheels, cacheDir ? new WheelCache(cacheDir) : undefined, [index])
  } catch (error) {
    if (error instanceof DownloadFailed) throw new Unsure(error.message)
    throw error
  }
  const layout = new Map<string, ZipSource>()
  for (const { wheel, data } of fetched) {
    let files: ZipSource[]
    try {
      files = wheelFiles(data, wheel.filename, wheel.requested, installer.name)
    } catch (error) {
      if (error instanceof NotPlainWheel) throw new Unsure(error.message)
      throw error
    }
    checkMetadata(wheel, files, runningVersion(python), markers)
    for (const file of files) {
      // pip refuses a wheel that writes outside the target; so does its error, on the installer's route.
      if (file.name.startsWith('/') || file.name.split('/').includes('..')) throw new Unsure(`${wheel.filename} writes ${file.name}, outside the folder`)
      if (layout.has(file.name)) throw new Unsure(`two build requirements install ${file.name}`)
      layout.set(file.name, file)
    }
  }
  return [...layout.values()]
}

/** The wheel is what its name says, admits this Python, and each Requires-Dist is provably not needed. */
function checkMetadata(wheel: ChosenWheel, files: ZipSource[], running: string, markers: Record<string, string>): void {
  const metadata = files.find(f => /^[^/]+\.dist-info\/METADATA$/.test(f.name))
  if (!metadata) throw new SpindriftError(`Refusing the wheel ${wheel.filename}: it has no METADATA, so it is damaged; check the index that serves it.`)
  // The headers end at the first blank line; the description follows.
  const headers = metadata.data.toString('utf8').split(/\r?\n\r?\n/)[0].split(/\r?\n/)
  const field = (key: string) => headers.filter(h => h.toLowerCase().startsWith(`${key.toLowerCase()}:`)).map(h => h.slice(key.length + 1).trim())
  const [name] = field('Name')
  const [version] = field('Version')
  const parsed = version ? parseVersion(version) : undefined
  if (!name || canonicalName(name) !== wheel.name || !parsed || compareVersions(parsed, parseVersion(wheel.version)!) !== 0) {
    throw new Unsure(`${wheel.filename}'s METADATA names ${name} ${version}`)
  }
  // The resolver checks the metadata's Requires-Python too, and would try an older version.
  const [requiresPython] = field('Requires-Python')
  if (requiresPython && satisfies(running, requiresPython) !== true) throw new Unsure(`${wheel.filename} declares Requires-Python ${requiresPython}`)
  for (const line of field('Requires-Dist')) {
    const marker = parseRequirement(line)?.marker
    const holds = marker ? markerHolds(marker, markers) : true
    if (holds !== false) throw new Unsure(`${wheel.name} ${wheel.version} needs ${line}${holds === undefined ? ' (a marker spindrift cannot decide here)' : ''}`)
  }
}

/**
 * The marker values known for the running interpreter without asking it (the rest, such as implementation_name
 * or platform_release, stay unknown): requirement and Requires-Dist markers are evaluated with no extra.
 */
function markerValues(python: Interpreter): Record<string, string> {
  const values: Record<string, string> = { python_version: python.minor, python_full_version: python.version, platform_machine: python.machine, extra: '' }
  const system = ({ linux: 'Linux', darwin: 'Darwin' } as Record<string, string>)[process.platform]
  if (system) Object.assign(values, { sys_platform: process.platform, platform_system: system, os_name: 'posix' })
  return values
}

const ORDERING = new Set(['<', '<=', '>', '>=', '~='])
const VERSION_VARIABLES = new Set(['python_version', 'python_full_version'])

/**
 * A marker evaluated in three-valued logic: undefined when it depends on a value not known here, or uses a
 * form this evaluator does not read, unless the rest decides it (`extra == "test" and platform_release > "5"`
 * is false whatever platform_release is). Each comparison is evaluated by pep508.ts.
 */
export function markerHolds(marker: string, values: Record<string, string>): boolean | undefined {
  const tokens = marker.match(/"[^"]*"|'[^']*'|[()]|===|[<>=!~]=|[<>]|[A-Za-z0-9_.*-]+|\S/g) ?? []
  let i = 0
  const structural = new Set(['(', ')', 'and', 'or'])
  const disjunction = (): boolean | undefined => {
    let value = conjunction()
    while (tokens[i] === 'or') {
      i++
      const right = conjunction()
      value = value === true || right === true ? true : value === false && right === false ? false : undefined
    }
    return value
  }
  const conjunction = (): boolean | undefined => {
    let value = term()
    while (tokens[i] === 'and') {
      i++
      const right = term()
      value = value === false || right === false ? false : value === true && right === true ? true : undefined
    }
    return value
  }
  const term = (): boolean | undefined => {
    if (tokens[i] === '(') {
      i++
      const value = disjunction()
      if (tokens[i++] !== ')') throw new Error('unclosed parenthesis')
      return value
    }
    const parts: string[] = []
    while (i < tokens.length && !structural.has(tokens[i])) parts.push(tokens[i++])
    return comparison(parts, values)
  }
  try {
    const value = disjunction()
    return i === tokens.length ? value : undefined
  } catch {
    return undefined
  }
}

function comparison(parts: string[], values: Record<string, string>): boolean | undefined {
  const op = parts.length === 4 && parts[1] === 'not' && parts[2] === 'in' ? 'not in' : parts.length === 3 ? parts[1] : undefined
  if (!op) return undefined
  const sides = [parts[0], parts[parts.length - 1]]
  const variables = sides.filter(s => !/^["']/.test(s))
  if (variables.some(v => !(v in values))) return undefined
  // packaging compares any variable as a version when both sides parse as one; pep508.ts only these.
  if (ORDERING.has(op) && !variables.every(v => VERSION_VARIABLES.has(v))) return undefined
  const environment: MarkerEnvironment = { values, extras: new Set(), groups: new Set() }
  try {
    return evaluateMarker(`${sides[0]} ${op} ${sides[1]}`, environment)
  } catch {
    return undefined
  }
}

/** pip settings a `pip install` reads besides its arguments that could change what it installs (PIP_* variables, pip.conf keys). */
function pipOwnSettings(python: Interpreter): string[] {
  const env = python.env
  const found: string[] = []
  for (const name of Object.keys(env).filter(n => n.startsWith('PIP_') && env[n]).sort()) {
    if (name === 'PIP_CONFIG_FILE' || isInertPipKey(name.slice(4).toLowerCase().replace(/_/g, '-'))) continue
    if (name === 'PIP_FIND_LINKS' && (env[name] as string).split(/\s+/).filter(Boolean).every(emptyFolder)) continue
    found.push(name)
  }
  // pip install reads [global] and its own command's section.
  for (const { file, section, key, value } of pipConfigEntries(python.prefix, env)) {
    if (section !== 'global' && section !== 'install') continue
    if (isInertPipKey(key) || (key === 'find-links' && value.split(/\s+/).filter(Boolean).every(emptyFolder))) continue
    found.push(`${key} in ${file}`)
  }
  return found
}

/** A find-links folder with nothing in it offers no file: it cannot change the choice. */
function emptyFolder(entry: string): boolean {
  const folder = findLinksFolder(entry, process.cwd())
  return folder !== undefined && readdirSync(folder).length === 0
}
