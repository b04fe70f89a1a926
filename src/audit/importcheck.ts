import { rmSync } from 'node:fs'
import { makeWorkFolder } from '../common/cleanup.js'
import { runProcess, stepLimit } from '../common/subprocess.js'
import AdmZip from 'adm-zip'
import { SpindriftError } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import type { AppOptions, PackageType, Target } from '../config/plan.js'
import type { Interpreter } from '../python/interpreter.js'
import { WHEEL_ARCH } from '../config/runtimes.js'

/** The shim's EntryTypeError, printed by the script below as one line: the type it suggests (or "-") and its sentence. */
const MISMATCH = 'SPINDRIFT-TYPE-MISMATCH'
/** Written after the import: a module that calls sys.exit (or os._exit) while imported ends the process without it. */
const IMPORTED = 'SPINDRIFT-IMPORTED'
const SCRIPT = [
  'import os, sys',
  'sys.path.insert(0, sys.argv[1])',
  'try:',
  '    import index',
  'except SystemExit as stop:',
  '    sys.stderr.write("importing it called sys.exit(%r)\\n" % (stop.code,))',
  '    sys.stderr.flush()',
  '    os._exit(4)',
  'except Exception as error:',
  '    if type(error).__name__ != "EntryTypeError":',
  '        raise',
  `    print("${MISMATCH}", getattr(error, "suggested", None) or "-", " ".join(str(error).split()))`,
  '    sys.exit(3)',
  `sys.stdout.write("${IMPORTED}")`
].join('\n')

type Outcome = { kind: 'ok' } | { kind: 'mismatch'; suggested?: PackageType; sentence: string } | { kind: 'failed'; last: string }

function canImport(target: Target, python: Interpreter): boolean {
  return python.minor === target.runtime.pythonVersion && python.machine === WHEEL_ARCH[target.architecture]
}

/** Import index.py (so the entry, and for ASGI its lifespan startup) from the zip (its parts), as Lambda's init phase will. */
async function importArchive(python: Interpreter, archive: readonly Buffer[]): Promise<Outcome> {
  const dir = makeWorkFolder('import')
  try {
    new AdmZip(Buffer.concat(archive)).extractAllTo(dir, true)
    const run = await runProcess(python.command, ['-S', '-E', '-c', SCRIPT, dir], {
      cwd: dir,
      env: { PATH: python.env.PATH ?? '', LANG: 'C.UTF-8', LAMBDA_TASK_ROOT: dir, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' },
      step: 'the import check (package.import-check)',
      limit: stepLimit(python.env)
    })
    if (run.exitCode === 0 && run.stdout.includes(IMPORTED)) return { kind: 'ok' }
    const line = run.stdout.split('\n').find(l => l.startsWith(MISMATCH + ' '))
    if (run.exitCode === 3 && line) {
      const [, suggested, ...words] = line.split(' ')
      const sentence = words.join(' ').replace(/^spindrift: /, '')
      return { kind: 'mismatch', suggested: suggested === '-' ? undefined : (suggested as PackageType), sentence }
    }
    const last = run.stderr.trim().split('\n').filter(Boolean).pop() ?? (run.exitCode === 0 ? 'the interpreter ended before the import finished' : `exit code ${run.exitCode}`)
    return { kind: 'failed', last }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Import index.py (and so the entry) from the assembled zip in an isolated interpreter, as Lambda's init phase
 * will: a missing dependency, or an entry that is not what package.type says, fails the build instead of the
 * first request.
 */
export async function importCheck(target: Target, python: Interpreter, archive: readonly Buffer[]): Promise<void> {
  if (!canImport(target, python)) {
    const machine = WHEEL_ARCH[target.architecture]
    throw new SpindriftError(`package.import-check needs Python ${target.runtime.pythonVersion} on ${machine} to import the package as ${target.runtime.name} would, but ${python.command} is Python ${python.minor} on ${python.machine}; run spindrift on a matching runner or turn package.import-check off.`)
  }
  const outcome = await importArchive(python, archive)
  if (outcome.kind === 'mismatch') throw new SpindriftError(`The import check found that ${outcome.sentence}`)
  if (outcome.kind === 'failed') {
    throw new SpindriftError(`The package fails to import as ${target.runtime.name} would load it (${outcome.last}); add the missing dependency to the project or its requirements, or fix the entry.`)
  }
}

/**
 * When package.type was left out, import the zip built as plain and take the type the shim's check names (a
 * FastAPI app: asgi; a Flask app: wsgi). Only where this Python can import the package as the runtime would;
 * elsewhere the type stays plain and the shim's init check still names a mismatch. Returns the type to rebuild
 * the shim with, or undefined to keep it; says what it chose either way.
 */
export async function inferType(target: Target, app: AppOptions, python: Interpreter, archive: readonly Buffer[], logger: Logger): Promise<PackageType | undefined> {
  if (app.typeGiven) return undefined
  const entry = `${app.entry.module}:${app.entry.attribute}${app.entry.call ? '()' : ''}`
  if (!canImport(target, python)) {
    logger.info(`package.type is not set, so it is plain; spindrift could not look at ${entry} because ${python.command} is Python ${python.minor} on ${python.machine}, not ${target.runtime.name}'s (the shim still checks the entry at init).`)
    return undefined
  }
  const outcome = await importArchive(python, archive)
  if (outcome.kind === 'ok') {
    logger.info(`package.type is not set: ${entry} imports as a plain handler, so the type is plain.`)
    return undefined
  }
  if (outcome.kind === 'mismatch' && outcome.suggested) {
    logger.info(`package.type is not set: ${outcome.sentence.replace(/; set package\.type: \w+\.$/, '')}, so the type is ${outcome.suggested}; set package.type to make that explicit.`)
    return outcome.suggested
  }
  const why = outcome.kind === 'mismatch' ? outcome.sentence : `it does not import (${outcome.last})`
  logger.warning(`package.type is not set, so it is plain; spindrift could not tell the entry's type because ${why.replace(/\.$/, '')}.`)
  return undefined
}
