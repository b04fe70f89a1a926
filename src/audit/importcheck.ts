import { runProcess, stepLimit } from '../common/subprocess.js'
import { makeWorkFolder } from '../common/cleanup.js'
import { rmSync } from 'node:fs'
import AdmZip from 'adm-zip'
import { SpindriftError } from '../common/errors.js'
import type { Target } from '../config/plan.js'
import type { Interpreter } from '../python/interpreter.js'
import { WHEEL_ARCH } from '../config/runtimes.js'

const IMPORTED = 'spindrift-import-check: imported'

/**
 * Import index.py (and so the entry) from the assembled zip in an isolated interpreter, as Lambda's init phase
 * will: a missing dependency fails the build instead of the first request.
 */
export async function importCheck(target: Target, python: Interpreter, archive: Buffer): Promise<void> {
  const machine = WHEEL_ARCH[target.architecture]
  if (python.minor !== target.runtime.pythonVersion || python.machine !== machine) {
    throw new SpindriftError(`package.import-check needs Python ${target.runtime.pythonVersion} on ${machine} to import the package as ${target.runtime.name} would, but ${python.command} is Python ${python.minor} on ${python.machine}; run spindrift on a matching runner or turn package.import-check off.`)
  }
  const dir = makeWorkFolder('import')
  try {
    new AdmZip(archive).extractAllTo(dir, true)
    // A module that calls sys.exit (or os._exit) during import ends the process "successfully" without being
    // imported: only the marker written after the import counts as a pass.
    const script = [
      'import os, sys',
      'sys.path.insert(0, sys.argv[1])',
      'try:',
      '    import index',
      'except SystemExit as stop:',
      '    sys.stderr.write("importing it called sys.exit(%r)\\n" % (stop.code,))',
      '    sys.stderr.flush()',
      '    os._exit(3)',
      `sys.stdout.write(${JSON.stringify(IMPORTED)})`
    ].join('\n')
    const run = await runProcess(python.command, ['-S', '-E', '-c', script, dir], {
      cwd: dir,
      env: { PATH: python.env.PATH ?? '', LANG: 'C.UTF-8', LAMBDA_TASK_ROOT: dir, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' },
      step: 'the import check (package.import-check)',
      limit: stepLimit(python.env)
    })
    if (run.exitCode !== 0 || !run.stdout.includes(IMPORTED)) {
      const last = run.stderr.trim().split('\n').filter(Boolean).pop() ?? (run.exitCode === 0 ? 'the interpreter ended before the import finished' : `exit code ${run.exitCode}`)
      throw new SpindriftError(`The package fails to import as ${target.runtime.name} would load it (${last}); add the missing dependency to the project or its requirements, or fix the entry.`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
