// The apps the bench packages, each as an unlocked project and as a locked copy (a lock generated during set-up).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { setup } from './measure.js'

/** The target measured: this machine's Python is 3.11 on x86_64, like the python3.11 Lambda runtime. */
export const RUNTIME = 'python3.11'
export const PYTHON_VERSION = '3.11'
/** pip's --platform and uv's --python-platform for it (glibc 2.17, within the runtime's Amazon Linux 2). */
export const PIP_PLATFORM = 'manylinux2014_x86_64'
export const UV_PLATFORM = 'x86_64-manylinux2014'

export type WorkloadName = 'flask' | 'heavy' | 'many-files'
export const WORKLOADS: readonly WorkloadName[] = ['flask', 'heavy', 'many-files']

export interface Workload {
  name: WorkloadName
  /** The section title. */
  title: string
  locked: boolean
  /** The app's folder, as spindrift sees it. */
  appDir: string
  /** The dependency set for the recipes and sam: declared requirements, or the lock's hashed pins. */
  requirementsFile: string
  /** App paths (relative to appDir) that the recipes add to the zip. */
  appFiles: string[]
  /** The file a warm run edits (a comment line appended). */
  editedFile: string
  /** The Lambda handler, for sam's template. */
  handler: string
  /** spindrift's command line for an output path. */
  cliArgs(output: string): string[]
}

/** The heavy workload: the newest pandas with manylinux2014 wheels for cp311 (numpy comes with it). */
const HEAVY = ['pandas==2.3.2']
/** Many small files: web framework, validation, ORM, the AWS SDK, crypto, HTTP. */
const MANY_FILES = ['fastapi', 'pydantic', 'sqlalchemy', 'boto3', 'cryptography', 'requests']

const EXAMPLE = (root: string) => path.join(root, 'examples', 'flask-app')

/** The bundled Flask example, copied without its build products: a pyproject project depending on flask. */
export function flaskWorkload(root: string, work: string): Workload {
  const appDir = path.join(work, 'flask')
  for (const name of ['pyproject.toml', 'settings.spindrift', 'yourwebapp']) cpSync(path.join(EXAMPLE(root), name), path.join(appDir, name), { recursive: true })
  const requirementsFile = path.join(work, 'flask-requirements.txt')
  writeFileSync(requirementsFile, declaredDependencies(path.join(appDir, 'pyproject.toml')).join('\n') + '\n')
  return flaskAt(appDir, requirementsFile, false)
}

function flaskAt(appDir: string, requirementsFile: string, locked: boolean): Workload {
  return {
    name: 'flask',
    title: 'small Flask app (the bundled example, a pyproject project)',
    locked,
    appDir,
    requirementsFile,
    appFiles: ['yourwebapp'],
    editedFile: path.join(appDir, 'yourwebapp', 'main.py'),
    handler: 'yourwebapp.main.app',
    cliArgs: output => ['package', '--file', path.join(appDir, 'settings.spindrift'), '--package-runtime', RUNTIME, '--output-path', output, '--json']
  }
}

/** pyproject's [project] dependencies (the example's is one line: `dependencies = ["flask>=3,<4"]`). */
function declaredDependencies(pyproject: string): string[] {
  const list = /^dependencies\s*=\s*\[([^\]]*)\]/m.exec(readFileSync(pyproject, 'utf8'))
  if (!list) throw new Error(`no dependencies = [...] line in ${pyproject}`)
  return [...list[1].matchAll(/"([^"]+)"|'([^']+)'/g)].map(m => m[1] ?? m[2])
}

/** A plain folder: handler.py importing the dependencies, requirements.txt listing them. */
export function plainWorkload(name: 'heavy' | 'many-files', work: string): Workload {
  const appDir = path.join(work, name)
  mkdirSync(appDir, { recursive: true })
  const requirements = name === 'heavy' ? HEAVY : MANY_FILES
  const imports = name === 'heavy' ? 'import pandas' : 'import boto3, cryptography, fastapi, pydantic, requests, sqlalchemy'
  writeFileSync(path.join(appDir, 'handler.py'), `${imports}\n\n\ndef handler(event, context):\n    return {"ok": True}\n`)
  writeFileSync(path.join(appDir, 'requirements.txt'), requirements.join('\n') + '\n')
  return plainAt(name, appDir, false)
}

function plainAt(name: 'heavy' | 'many-files', appDir: string, locked: boolean): Workload {
  return {
    name,
    title: name === 'heavy' ? 'pandas + numpy (heavy)' : `many small files (${MANY_FILES.join(', ')})`,
    locked,
    appDir,
    requirementsFile: path.join(appDir, 'requirements.txt'),
    appFiles: ['handler.py'],
    editedFile: path.join(appDir, 'handler.py'),
    handler: 'handler.handler',
    cliArgs: output => ['package', '--package-path', appDir, '--package-name', name, '--package-type', 'plain', '--package-entry', 'handler:handler', '--package-runtime', RUNTIME, '--package-architecture', 'x86_64', '--output-path', output, '--json']
  }
}

/**
 * The locked copy of a workload, made with uv: the Flask project gets a `uv.lock` (`uv lock`), and its hashed
 * pins for the recipes come from `uv export` as uv's Lambda guide does; a plain folder's requirements.txt is
 * replaced by hashed pins for the target (`uv pip compile --generate-hashes`), which spindrift reads as a lock.
 */
export function lockedCopy(w: Workload, uv: string): Workload {
  const appDir = `${w.appDir}-locked`
  cpSync(w.appDir, appDir, { recursive: true })
  if (w.name === 'flask') {
    setup(uv, ['lock', '--quiet'], { cwd: appDir })
    const pins = path.join(path.dirname(appDir), 'flask-locked-requirements.txt')
    setup(uv, ['export', '--frozen', '--no-dev', '--no-editable', '--no-emit-project', '--quiet', '-o', pins], { cwd: appDir })
    return flaskAt(appDir, pins, true)
  }
  const requirements = path.join(appDir, 'requirements.txt')
  const target = ['--python-platform', UV_PLATFORM, '--python-version', PYTHON_VERSION, '--only-binary', ':all:']
  setup(uv, ['pip', 'compile', '--quiet', '--generate-hashes', '--no-header', ...target, requirements, '-o', requirements], { cwd: appDir })
  return plainAt(w.name, appDir, true)
}
