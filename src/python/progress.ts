// What pip and uv are doing, read from their output lines: the step (a package being collected, downloaded,
// built or installed) and how many packages so far, for the faces' progress display.
import type { Logger, Progress } from '../common/log.js'

/** One output line as a step, or undefined for lines that say nothing about progress. */
export function installerStep(line: string): { step: string; newPackage: boolean; total?: number } | undefined {
  const text = line.trim()
  let match = /^Collecting (\S+)/.exec(text)
  if (match) return { step: `collecting ${match[1]}`, newPackage: true }
  // A file:// index or a local wheel: pip says Processing where it would say Collecting.
  match = /^Processing (\S+)/.exec(text)
  if (match) return { step: `collecting ${match[1].replace(/^.*\//, '')}`, newPackage: true }
  match = /^(?:Downloading|Using cached) (\S+)/.exec(text)
  if (match) return { step: `downloading ${match[1].replace(/^https?:\/\/.*\//, '')}`, newPackage: false }
  match = /^Building wheels? for (\S+)/.exec(text) ?? /^Building (\S+)/.exec(text)
  if (match) return { step: `building ${match[1]}`, newPackage: false }
  match = /^Installing collected packages: (.*)$/.exec(text)
  if (match) return { step: `installing ${match[1].split(',').length} packages`, newPackage: false }
  // uv: "Resolved 7 packages in 12ms", "Prepared 7 packages in 1.2s", "Installed 7 packages in 8ms".
  match = /^(Resolved|Prepared|Installed) (\d+) packages?/.exec(text)
  if (match) return { step: `${match[1].toLowerCase()} ${match[2]} packages`, newPackage: false, total: Number(match[2]) }
  match = /^\+ (\S+)/.exec(text)
  if (match) return { step: `installed ${match[1]}`, newPackage: false }
  return undefined
}

/**
 * A logger that also reports the installer's progress: each output line still goes to debug, and the lines
 * that say what it is doing become Progress updates for `task`. Call done() when the installer has finished.
 */
export function withInstallerProgress(logger: Logger, task: string): { logger: Logger; done(): void } {
  const started = Date.now()
  let count = 0
  const report = (update: Omit<Progress, 'task' | 'startedAt'>) => logger.progress?.({ task, startedAt: started, ...update })
  report({ count, step: 'starting' })
  return {
    logger: {
      ...logger,
      debug: line => {
        logger.debug(line)
        const step = installerStep(line)
        if (!step) return
        if (step.newPackage) count++
        // uv says how many at once ("Resolved 7 packages"): that is the count from then on.
        if (step.total !== undefined) count = step.total
        report({ count, step: step.step })
      }
    },
    done: () => report({ count, done: true })
  }
}
