import type { Logger } from '../common/log.js'
import { SpindriftError } from '../common/errors.js'
import type { Target } from '../config/plan.js'
import type { ZipSource } from '../zip/archive.js'
import { auditFiles, ownersFromRecords, type AuditResult } from './audit.js'

/**
 * Every binary must run on the target: ELF for its machine, glibc symbol versions within the runtime's, no
 * macOS, Windows or musl builds. Any problem stops the build, naming the files and their packages.
 */
export function checkBinaries(target: Target, files: ZipSource[], what: string, logger: Logger): AuditResult {
  const audit = auditFiles(files, { architecture: target.architecture, glibc: target.runtime.glibc, runtime: target.runtime.name }, ownersFromRecords(files))
  for (const note of audit.notes.slice(0, 5)) logger.warning(`${note.file}${note.distribution ? ` (${note.distribution})` : ''} ${note.problem}`)
  if (audit.problems.length > 0) {
    const shown = audit.problems
      .slice(0, 5)
      .map(p => `${p.file}${p.distribution ? ` (from ${p.distribution})` : ''} ${p.problem}`)
      .join('; ')
    const more = audit.problems.length > 5 ? ` and ${audit.problems.length - 5} more` : ''
    throw new SpindriftError(
      `The ${what} hold binaries that cannot run on ${target.runtime.name} ${target.architecture}: ${shown}${more}; pin versions that publish manylinux wheels for this runtime (glibc ${target.runtime.glibc.join('.')}) and architecture.`
    )
  }
  return audit
}
