import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { type ZipSource } from '../zip/archive.js'
import type { IndexOptions } from '../config/plan.js'
import type { AppLayer } from './applayer.js'
import type { Installer } from '../python/installer.js'
import type { Interpreter } from '../python/interpreter.js'
import { hasStaticMetadata } from '../deps/pyproject.js'
import { compareNames } from '../common/names.js'
import { makeFolders, removeQuietly, replaceFile, tempNameBeside } from '../common/fs.js'
import type { Logger } from '../common/log.js'
import { stripCredentials } from '../common/credentials.js'
import { indexArgs } from '../python/installer.js'

/**
 * How a project's wheel maps onto its sources. While the build's inputs keep their shape (the same pyproject.toml,
 * the same file names), a changed file's new content is taken straight from the source: no pip, no rebuild.
 * Only for builds that copy sources verbatim and whose metadata is static; anything else is rebuilt every time.
 */
interface AppRecipe {
  format: 1
  declaredDependencies: string[]
  /** Wheel files that are verbatim copies of a source file: only these may change without a rebuild. */
  copies: { name: string; source: string }[]
  /** Everything else (the .dist-info files), kept as built. */
  kept: { name: string; data: string; executable: boolean }[]
  /**
   * Hash of every source that is not shipped verbatim (README, LICENSE, build scripts…): the build may have read
   * them (METADATA embeds the readme), so a change to any of them means building again.
   */
  others: string
}

const METADATA_FILES = ['pyproject.toml', 'MANIFEST.in']

/** The recipe's key, or undefined when the project's build may depend on more than its file layout. */
export function recipeKey(index: IndexOptions, python: Interpreter, installer: Installer, sources: ZipSource[]): string | undefined {
  const pyproject = sources.find(s => s.name === 'pyproject.toml')?.data.toString('utf8')
  // A dynamic version or dependency list is computed by the build backend (from git, from code): not static.
  if (pyproject === undefined || !hasStaticMetadata(pyproject, new Set(sources.map(s => s.name)))) return undefined
  const hash = createHash('sha256').update(JSON.stringify([1, python.minor, python.pip, installer.name, installer.version, stripCredentials(indexArgs(index).join(' '))]))
  for (const file of sources) {
    hash.update(`${file.name}\0${file.executable ? 1 : 0}\0`)
    if (METADATA_FILES.includes(file.name)) hash.update(file.data)
  }
  return hash.digest('hex').slice(0, 40)
}

/**
 * A recipe for a fresh build, or undefined unless every file of the wheel is a verbatim copy of exactly one
 * source file: a name that two sources could supply (pkg/x.py and src/pkg/x.py) would make an edit ambiguous.
 */
export function recipeFromBuild(app: AppLayer, sources: ZipSource[]): AppRecipe | undefined {
  const copies: AppRecipe['copies'] = []
  const kept: AppRecipe['kept'] = []
  for (const file of app.files) {
    if (/^[^/]+\.dist-info\//.test(file.name)) {
      kept.push({ name: file.name, data: file.data.toString('base64'), executable: Boolean(file.executable) })
      continue
    }
    const candidates = sources.filter(s => s.name === file.name || s.name.endsWith(`/${file.name}`))
    const source = candidates.length === 1 ? candidates[0] : undefined
    if (!source || !source.data.equals(file.data) || Boolean(source.executable) !== Boolean(file.executable)) return undefined
    copies.push({ name: file.name, source: source.name })
  }
  return { format: 1, declaredDependencies: app.declaredDependencies, copies, kept, others: othersHash(sources, copies) }
}

function othersHash(sources: ZipSource[], copies: AppRecipe['copies']): string {
  const copied = new Set(copies.map(c => c.source))
  const hash = createHash('sha256')
  for (const source of sources) if (!copied.has(source.name)) hash.update(`${source.name}\0${source.data.length}\0`).update(source.data)
  return hash.digest('hex')
}

/** The app layer from a recipe and the current sources. */
export function applyRecipe(recipe: AppRecipe, sources: ZipSource[]): AppLayer | undefined {
  if (othersHash(sources, recipe.copies) !== recipe.others) return undefined
  const byName = new Map(sources.map(s => [s.name, s]))
  const files: ZipSource[] = []
  for (const copy of recipe.copies) {
    const source = byName.get(copy.source)
    if (!source) return undefined
    files.push({ name: copy.name, data: source.data, executable: source.executable })
  }
  for (const file of recipe.kept) files.push({ name: file.name, data: Buffer.from(file.data, 'base64'), executable: file.executable })
  return { files: withCanonicalRecord(files), declaredDependencies: recipe.declaredDependencies, source: 'wheel' }
}

/** The cached recipe, if it is whole and well formed; a damaged one is removed with a warning (a rebuild follows). */
export function loadRecipe(cacheDir: string, key: string, logger: Logger): AppRecipe | undefined {
  const file = path.join(cacheDir, 'app', `${key}.recipe.json`)
  if (!existsSync(file)) return undefined
  let problem: string
  try {
    const recipe: unknown = JSON.parse(readFileSync(file, 'utf8'))
    problem = recipeProblem(recipe) ?? ''
    if (!problem) return recipe as AppRecipe
  } catch (error) {
    problem = `it cannot be read (${(error as Error).message})`
  }
  logger.warning(`Ignoring the cached build recipe ${file}: ${problem}; building the project's wheel again.`)
  removeQuietly(file)
  return undefined
}

/**
 * A recipe is checked as strictly as a build's result: only .dist-info files are kept as data, and each copy
 * takes a source of the same name (pkg/x.py from pkg/x.py or src/pkg/x.py), so a rewritten recipe cannot ship
 * one file under another's name.
 */
function recipeProblem(value: unknown): string | undefined {
  const r = value as Partial<AppRecipe>
  const strings = (list: unknown) => Array.isArray(list) && list.every(x => typeof x === 'string')
  if (typeof r !== 'object' || r === null || r.format !== 1 || typeof r.others !== 'string' || !strings(r.declaredDependencies)) return 'it is not a recipe of this version'
  if (!Array.isArray(r.copies) || !Array.isArray(r.kept)) return 'it is not a recipe of this version'
  for (const copy of r.copies) {
    if (typeof copy?.name !== 'string' || typeof copy.source !== 'string' || (copy.source !== copy.name && !copy.source.endsWith(`/${copy.name}`))) return `it maps a file onto a source of another name`
  }
  for (const kept of r.kept) {
    if (typeof kept?.name !== 'string' || !/^[^/]+\.dist-info\/./.test(kept.name) || typeof kept.data !== 'string') return 'it keeps a file that is not wheel metadata'
  }
  return undefined
}

/** Best effort: a recipe that cannot be stored only means the next run builds again. */
export function saveRecipe(cacheDir: string, key: string, recipe: AppRecipe): void {
  const file = path.join(cacheDir, 'app', `${key}.recipe.json`)
  try {
    makeFolders(path.dirname(file))
    replaceFile(file, Buffer.from(JSON.stringify(recipe)), tempNameBeside(file))
  } catch {
    // replaceFile removed its temp file; the cached recipe, if any, is as it was.
  }
}

/**
 * The app's RECORD written from its files, in byte order: the same bytes whether the files came from a fresh
 * wheel or from a recipe, and always true to the content that ships.
 */
export function withCanonicalRecord(files: ZipSource[]): ZipSource[] {
  const record = files.find(f => /^[^/]+\.dist-info\/RECORD$/.test(f.name))
  if (!record) return files
  const others = files.filter(f => f !== record).sort((a, b) => compareNames(a.name, b.name))
  const lines = others.map(f => `${csv(f.name)},sha256=${createHash('sha256').update(f.data).digest('base64url')},${f.data.length}`)
  lines.push(`${csv(record.name)},,`)
  return [...others, { ...record, data: Buffer.from(lines.join('\n') + '\n', 'utf8') }]
}

function csv(name: string): string {
  return /[",\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name
}
