import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { makeWorkFolder } from '../common/cleanup.js'
import { type ZipSource } from '../zip/archive.js'
import { SpindriftError } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import type { Target } from '../config/plan.js'
import { runTool, type Interpreter } from './interpreter.js'
import { makeFolders } from '../common/fs.js'

/** Bytecode is only valid for the exact minor version that wrote it: anything else would be ignored or worse. */
export function checkCompiler(target: Target, python: Interpreter): void {
  if (python.minor !== target.runtime.pythonVersion) {
    throw new SpindriftError(`package.compile needs Python ${target.runtime.pythonVersion} to write bytecode for ${target.runtime.name}, but ${python.command} is Python ${python.minor}; run spindrift with Python ${target.runtime.pythonVersion} (for example actions/setup-python) or turn package.compile off.`)
  }
}

/**
 * Add __pycache__/*.pyc for every .py file. unchecked-hash pycs carry no timestamp, and file names are recorded
 * as Lambda will see them (/var/task/…), so the bytes do not depend on this machine's paths or clocks.
 */
export async function compileFiles(target: Target, python: Interpreter, files: ZipSource[], logger: Logger): Promise<ZipSource[]> {
  checkCompiler(target, python)
  const dir = makeWorkFolder('compile')
  try {
    for (const file of files) {
      const destination = path.join(dir, ...file.name.split('/'))
      makeFolders(path.dirname(destination))
      writeFileSync(destination, file.data)
    }
    const run = await runTool(python.command, ['-m', 'compileall', '-q', '-j', '1', '--invalidation-mode', 'unchecked-hash', '-s', dir, '-p', '/var/task', dir], { ...python.env, SOURCE_DATE_EPOCH: '315532800', PYTHONHASHSEED: '0' }, logger)
    // compileall exits 1 when a file does not compile (e.g. Python 2 code in a dependency): keep what did.
    if (run.exitCode > 1) throw new SpindriftError(`Byte-compiling with ${python.command} failed: ${run.stderr.trim().split('\n').pop()}; turn package.compile off.`)
    const compiled: ZipSource[] = []
    const walk = (folder: string, prefix: string): void => {
      for (const name of readdirSync(folder)) {
        const full = path.join(folder, name)
        const rel = `${prefix}${name}`
        if (statSync(full).isDirectory()) walk(full, `${rel}/`)
        else if (name.endsWith('.pyc')) compiled.push({ name: rel, data: readFileSync(full) })
      }
    }
    walk(dir, '')
    warnUncompiled(files, compiled, logger)
    return [...files, ...compiled]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A .py file that got no .pyc did not compile (a syntax error): it still ships, and fails when imported. */
function warnUncompiled(files: ZipSource[], compiled: ZipSource[], logger: Logger): void {
  const done = new Set(compiled.map(f => f.name.replace(/__pycache__\/([^/]+)\.[^./]+\.pyc$/, '$1.py')))
  const failed = files.filter(f => f.name.endsWith('.py') && !done.has(f.name)).map(f => f.name)
  if (failed.length === 0) return
  const more = failed.length > 5 ? ` and ${failed.length - 5} more` : ''
  logger.warning(`package.compile: ${failed.slice(0, 5).join(', ')}${more} did not compile (a syntax error for this Python?); they ship as source and will fail when imported.`)
}
