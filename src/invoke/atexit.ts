/**
 * Cleanups that must also run when the process exits mid-way (a face's signal handler may call
 * process.exit): each runs once, at the latest on 'exit'. Returns the cleanup, to run it now.
 */
const atExit = new Set<() => void>()

export function onProcessExit(cleanup: () => void): () => void {
  if (atExit.size === 0) process.on('exit', runAtExit)
  let done = false
  const once = () => {
    if (done) return
    done = true
    atExit.delete(once)
    if (atExit.size === 0) process.removeListener('exit', runAtExit)
    cleanup()
  }
  atExit.add(once)
  return once
}

function runAtExit(): void {
  for (const cleanup of [...atExit]) cleanup()
}
