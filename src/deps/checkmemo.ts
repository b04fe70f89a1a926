// What this machine's own checks found for a dependency layer, kept under <cacheDir>/checked/: a warm build that
// restores the very bytes it checked before (deps.zip's sha256, verified on every read) for the same key and
// target does not inflate every binary again to audit it. The memo sits outside the layer's folder, so a layer
// restored from GitHub's cache, which this machine never checked, is always checked in full.
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Target } from '../config/plan.js'
import { makeFolders, replaceFile } from '../common/fs.js'
import { markUsed } from './maintenance.js'

/** Bump when the checks on a restored layer change: older memos then stop matching. */
const CHECK_MEMO_FORMAT = 1

export interface CheckOutcome {
  /** The newest GLIBC version an ELF needs, as the audit found it. */
  maxGlibc?: string
  /** The audit's notes as they were logged (warnings that never fail the build), logged again on reuse. */
  warnings: string[]
}

export interface CheckMemoInputs {
  cacheDir: string
  key: string
  zipSha256: string
  /** The audit's rules version: new rules mean checking again. */
  auditVersion: number
  target: Target
}

function memoFile(inputs: CheckMemoInputs): string {
  const { cacheDir, key, zipSha256, auditVersion, target } = inputs
  const id = createHash('sha256').update(JSON.stringify([CHECK_MEMO_FORMAT, auditVersion, key, zipSha256, target.architecture, target.runtime.name, target.runtime.glibc])).digest('hex').slice(0, 40)
  return path.join(cacheDir, 'checked', `${id}.json`)
}

/** The outcome recorded for these bytes, key and target, or undefined (none, unreadable or malformed: check again). */
export function checkedBefore(inputs: CheckMemoInputs): CheckOutcome | undefined {
  const file = memoFile(inputs)
  try {
    const memo = JSON.parse(readFileSync(file, 'utf8')) as Partial<CheckOutcome> & { zipSha256?: unknown }
    const wellFormed = memo.zipSha256 === inputs.zipSha256 && Array.isArray(memo.warnings) && memo.warnings.every(w => typeof w === 'string') && (memo.maxGlibc === undefined || (typeof memo.maxGlibc === 'string' && /^\d+\.\d+$/.test(memo.maxGlibc)))
    if (!wellFormed) return undefined
    markUsed(file)
    return { maxGlibc: memo.maxGlibc, warnings: memo.warnings as string[] }
  } catch {
    return undefined
  }
}

/** Record what the checks found; a failure to write only costs the full checks next time. */
export function recordChecked(inputs: CheckMemoInputs, outcome: CheckOutcome): void {
  const file = memoFile(inputs)
  try {
    makeFolders(path.dirname(file))
    replaceFile(file, Buffer.from(JSON.stringify({ zipSha256: inputs.zipSha256, ...outcome })), `${file}.${randomBytes(4).toString('hex')}.tmp`)
  } catch {
    // A read-only or full cache: the next warm build checks in full.
  }
}
