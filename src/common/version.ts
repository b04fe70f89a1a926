import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** spindrift's own version, from the package.json beside dist/ (bundles) or src/ (tests, scripts). */
export function spindriftVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    const file = fileURLToPath(new URL(relative, import.meta.url))
    if (!existsSync(file)) continue
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }
    if (manifest.name === 'spindrift-lambda' && manifest.version) return manifest.version
  }
  return 'unknown'
}
