import { rmSync } from 'node:fs'

/** Temp files being written now: removed if the process is told to stop (SIGTERM, SIGINT). */
const pendingTemps = new Set<string>()

export function registerTemp(file: string): void {
  pendingTemps.add(file)
}

export function forgetTemp(file: string): void {
  pendingTemps.delete(file)
}

export function removePendingTemps(): void {
  for (const temp of pendingTemps) rmSync(temp, { force: true })
  pendingTemps.clear()
}
