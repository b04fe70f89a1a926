import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { staticDependencies } from './pyproject.js'
import { gatherRequirements, type RequirementSet, type SourcedRequirements } from './requirements.js'
import { findLock, type LockOptions, type LockSelection } from './locks/detect.js'

export type { SourcedRequirements } from './requirements.js'

/** What a dependency source reads: the project folder, its requirements files and, once built, what it declares. */
export interface ProjectFacts {
  projectDir: string
  requirementFiles: string[]
  /** The built project's Requires-Dist; undefined before the app stage has run. */
  declaredDependencies?: string[]
  /** package.lock, the target the lock's markers are decided for, and the groups and extras asked for. */
  locks?: LockOptions & Omit<LockSelection, 'projectDir'>
}

/** 'none': nothing to install from this source; 'not-yet': only the built project can tell. */
export type SourceReading = SourcedRequirements | 'none' | 'not-yet'

/** One kind of input that says what to install: requirements files, project metadata (next: each lock format). */
export interface DependencySource {
  readonly name: string
  read(project: ProjectFacts): SourceReading
}

/**
 * A lock (deps/locks/): when there is one, it alone says what to install, for the target; the project's
 * metadata and requirements files are then not installed from (uv and Poetry locks are checked against them).
 */
export const lockFile: DependencySource = {
  name: 'lock',
  read(project) {
    if (!project.locks) return 'none'
    const locked = findLock({ ...project.locks, projectDir: project.projectDir }, project.requirementFiles)
    if (!locked) return 'none'
    return { source: locked.format, readFrom: locked.file.split(', '), requirements: [], files: [], locked }
  }
}

/** Requires-Dist of the project: the built wheel's, or before the build the static list in pyproject.toml. */
export const projectMetadata: DependencySource = {
  name: 'project metadata',
  read(project) {
    if (project.declaredDependencies !== undefined) {
      if (project.declaredDependencies.length === 0) return 'none'
      return { source: this.name, readFrom: [`${project.projectDir} (the built wheel's METADATA)`], requirements: project.declaredDependencies, files: [] }
    }
    const predicted = predictedDependencies(project.projectDir)
    if (predicted === undefined) return 'not-yet'
    return { source: this.name, readFrom: [path.join(project.projectDir, 'pyproject.toml')], requirements: predicted, files: [] }
  }
}

/** The requirements files package.requirements names (requirements.txt by default), handed to the installer with -r. */
export const requirementsFiles: DependencySource = {
  name: 'requirements files',
  read(project) {
    if (project.requirementFiles.length === 0) return 'none'
    return { source: this.name, readFrom: project.requirementFiles, requirements: [], files: project.requirementFiles }
  }
}

/** Every source, in the order their requirements are given to the installer. */
export const DEPENDENCY_SOURCES: readonly DependencySource[] = [lockFile, projectMetadata, requirementsFiles]

/** The requirement set the sources yield together, or undefined while one of them needs the built project. */
export function requirementsFrom(project: ProjectFacts, sources: readonly DependencySource[] = DEPENDENCY_SOURCES): RequirementSet | undefined {
  const readings: SourcedRequirements[] = []
  for (const source of sources) {
    const reading = source.read(project)
    if (reading === 'not-yet') return undefined
    // A lock is the whole answer: what it pins is what ships.
    if (reading !== 'none' && reading.locked) return gatherRequirements([reading])
    if (reading !== 'none') readings.push(reading)
  }
  return gatherRequirements(readings)
}

/**
 * The dependencies a project with static metadata will declare, read from pyproject.toml before its wheel is
 * built; undefined when they cannot be known for sure (no metadata, dynamic metadata, unusual TOML).
 */
export function predictedDependencies(projectDir: string): string[] | undefined {
  const pyproject = path.join(projectDir, 'pyproject.toml')
  try {
    if (!existsSync(pyproject)) return undefined
    // staticDependencies itself asks for a [project] table, which is what makes the folder a project.
    const present = new Set(['setup.py', 'setup.cfg'].filter(name => existsSync(path.join(projectDir, name))))
    return staticDependencies(readFileSync(pyproject, 'utf8'), present)
  } catch {
    // Unreadable: the app stage reports that in its own words.
    return undefined
  }
}
