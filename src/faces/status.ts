// The CLI's progress display: on a terminal one status line, redrawn in place and cleared before any other
// line is printed; elsewhere (a CI log, a pipe) a plain line every few seconds while the work lasts.
import type { Logger, Progress } from '../common/log.js'

interface Stream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

/** How often a plain progress line is printed when stderr is not a terminal. */
const PLAIN_INTERVAL_SECONDS = 10

/** logger with a progress display on stream; `quiet` shows none. */
export function withStatus(logger: Logger, stream: Stream, env: NodeJS.ProcessEnv, quiet: boolean): Logger {
  if (quiet) return { ...logger, interleave: true }
  const tty = Boolean(stream.isTTY)
  const seconds = Number(env.SPINDRIFT_PROGRESS_SECONDS)
  const interval = (Number.isFinite(seconds) && seconds > 0 ? seconds : tty ? 1 : PLAIN_INTERVAL_SECONDS) * 1000
  let current: Progress | undefined
  let shown = false
  let timer: NodeJS.Timeout | undefined

  const text = (p: Progress) => {
    const elapsed = ((Date.now() - p.startedAt) / 1000).toFixed(0)
    const count = p.count === 1 ? '1 package' : `${p.count} packages`
    return `${p.task}: ${p.step ?? 'working'} (${count} so far, ${elapsed} s)`
  }
  const clear = () => {
    if (tty && shown) stream.write('\r\x1b[2K')
    shown = false
  }
  const draw = () => {
    if (!current) return
    if (tty) {
      const width = Math.max(20, (stream.columns || 80) - 1)
      const line = text(current)
      stream.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`)
      shown = true
    } else {
      stream.write(`${text(current)}\n`)
    }
  }
  // Other lines never land inside the status line: clear it, print, draw it again.
  const around = (print: (message: string) => void) => (message: string) => {
    clear()
    print(message)
    if (tty) draw()
  }
  return {
    ...logger,
    interleave: true,
    info: around(logger.info),
    warning: around(logger.warning),
    debug: around(logger.debug),
    progress: update => {
      if (update.done) {
        clearInterval(timer)
        timer = undefined
        clear()
        current = undefined
        return
      }
      current = update
      if (tty) draw()
      if (!timer) {
        timer = setInterval(draw, interval)
        timer.unref()
      }
    }
  }
}
