/**
 * spindrift.json at the root of every zip spindrift writes: what the zip was built for (runtime,
 * architecture, app kind, handler), so `invoke`, `serve` and other tools can run it the same way. Small and
 * deterministic: fixed keys in a fixed order, no time stamps, the same bytes for the same target.
 */

/** The file's name at the zip's root. */
export const TARGET_FILE = 'spindrift.json'

export interface TargetFile {
  /** The format's version: readers refuse what they do not know. */
  format: 1
  /** Lambda's runtime identifier, "python3.12". */
  runtime: string
  /** Lambda's architecture, "x86_64" or "arm64". */
  architecture: string
  /** The app kind the shim serves: "plain", "flask"… */
  app: string
  /** Lambda's handler setting, "index.handler". */
  handler: string
}

export function formatTargetFile(target: Omit<TargetFile, 'format'>): string {
  const file: TargetFile = { format: 1, runtime: target.runtime, architecture: target.architecture, app: target.app, handler: target.handler }
  return `${JSON.stringify(file, null, 2)}\n`
}

/** The file's content read back; a sentence (thrown Error) naming what is wrong when it is not one spindrift wrote. */
export function parseTargetFile(text: string): TargetFile {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    throw new Error(`it is not valid JSON (${(error as Error).message})`)
  }
  const record = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined
  if (!record) throw new Error('it is not a JSON object')
  if (record.format !== 1) throw new Error(`its format ${JSON.stringify(record.format)} is not one this spindrift reads (1); use a newer spindrift`)
  for (const key of ['runtime', 'architecture', 'app', 'handler'] as const) {
    if (typeof record[key] !== 'string' || record[key] === '') throw new Error(`its "${key}" is not a non-empty string`)
  }
  if (!/^python3\.\d+$/.test(record.runtime as string)) throw new Error(`its runtime "${record.runtime}" is not a Lambda Python runtime like python3.12`)
  return record as unknown as TargetFile
}
