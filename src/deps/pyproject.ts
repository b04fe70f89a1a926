/**
 * What can be known of a project from its pyproject.toml without building it: whether its metadata is static
 * (PEP 621: no setup.py or setup.cfg, a [project] table, nothing `dynamic`), and then its dependency list.
 * The file is read by a real TOML parser (smol-toml); a file it cannot parse answers "unknown", never a guess.
 * Callers use the answers to start work early and check them against the built wheel.
 */
import { isTomlTable as isTable, parseToml, type TomlTable as Table } from '../common/toml.js'

/** The [project] table of a project with static metadata, or undefined. */
function staticProject(toml: string, fileNames: Set<string>): Table | undefined {
  if (fileNames.has('setup.py') || fileNames.has('setup.cfg')) return undefined
  const project = parseToml(toml)?.project
  if (!isTable(project)) return undefined
  // PEP 621: `dynamic` lists the fields the backend computes; an empty list computes none.
  const dynamic = project.dynamic
  if (dynamic !== undefined && !(Array.isArray(dynamic) && dynamic.length === 0)) return undefined
  return project
}

/** True when the project's metadata is static: the build backend may not compute any of it. */
export function hasStaticMetadata(toml: string, fileNames: Set<string>): boolean {
  return staticProject(toml, fileNames) !== undefined
}

/**
 * The [project] dependencies of a project with static metadata, or undefined when they cannot be known for
 * sure: dynamic metadata, or optional dependencies (they reach the wheel as "extra" markers in the backend's
 * own wording), or a dependencies value that is not a list of strings.
 */
export function staticDependencies(toml: string, fileNames: Set<string>): string[] | undefined {
  const project = staticProject(toml, fileNames)
  if (!project || project['optional-dependencies'] !== undefined) return undefined
  const dependencies = project.dependencies
  if (dependencies === undefined) return []
  return Array.isArray(dependencies) && dependencies.every(d => typeof d === 'string') ? (dependencies as string[]) : undefined
}
