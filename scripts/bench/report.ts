// The bench's numbers turned into markdown: per-workload tables with ratios against both recipes, and the issue's
// targets with met / missed and by how much. Pure functions of the samples, so they are tested on made-up numbers.

/** One timed execution: wall seconds, CPU seconds (user + sys, descendants included), peak RSS of the largest process. */
export interface Sample {
  seconds: number
  cpuSeconds: number
  rssMb?: number
}

/** Every sample of one row of a table, or why it has none. */
export interface Row {
  label: string
  wall: number[]
  cpu: number[]
  rss: number[]
  zipBytes: number[]
  /** Set when the row failed (its first failure) or cannot run here ("not installed"); the other rows go on. */
  error?: string
  /** A spindrift row: its peak RSS counts for the RSS target. */
  spindrift?: boolean
}

export function newRow(label: string, spindrift = false): Row {
  return { label, wall: [], cpu: [], rss: [], zipBytes: [], spindrift }
}

export function record(row: Row, sample: Sample, zipBytes?: number): void {
  row.wall.push(sample.seconds)
  row.cpu.push(sample.cpuSeconds)
  if (sample.rssMb !== undefined) row.rss.push(sample.rssMb)
  if (zipBytes !== undefined) row.zipBytes.push(zipBytes)
}

export function median(values: number[]): number {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** A row's median wall time, or undefined when it has no samples (failed, not installed). */
export function wallOf(row: Row | undefined): number | undefined {
  return row && row.wall.length ? median(row.wall) : undefined
}

/** a / b on medians, undefined when either is missing. */
export function ratio(a: Row | undefined, b: Row | undefined): number | undefined {
  const [x, y] = [wallOf(a), wallOf(b)]
  return x === undefined || y === undefined || y === 0 ? undefined : x / y
}

/**
 * The row "what resolution costs a warm build": the unlocked warm build minus the locked warm build of the
 * same workload (medians), the only difference between them being the resolution that keys an unlocked set.
 */
export function differenceRow(label: string, unlocked: Row | undefined, locked: Row | undefined): Row {
  const row = newRow(label)
  const [a, b] = [wallOf(unlocked), wallOf(locked)]
  if (a === undefined || b === undefined || !unlocked || !locked) {
    row.error = 'needs both the unlocked and the locked warm rows'
    return row
  }
  record(row, { seconds: a - b, cpuSeconds: median(unlocked.cpu) - median(locked.cpu) })
  return row
}

export const secs = (v: number): string => (Math.abs(v) < 10 ? v.toFixed(3) : v.toFixed(2))
const times = (v: number | undefined): string => (v === undefined ? '—' : `${v.toFixed(2)}×`)
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1)

/** One table's rows, and which rows its two ratio columns divide by. */
export interface Table {
  rows: Row[]
  pipRecipe?: Row
  uvRecipe?: Row
}

export const TABLE_HEAD = [
  '| build | median s | min–max s | CPU s | peak RSS MB | zip MB | × pip recipe | × uv recipe |',
  '|---|---:|---:|---:|---:|---:|---:|---:|'
]

/** Text inside a table cell: no pipes, no line breaks. */
const cell = (text: string): string => text.replace(/\s+/g, ' ').replace(/\|/g, '/')

export function tableLine(row: Row, table: Table): string {
  if (!row.wall.length) return `| ${row.label} | ${cell(row.error ?? 'no samples')} | | | | | | |`
  const range = row.wall.length > 1 ? `${secs(Math.min(...row.wall))}–${secs(Math.max(...row.wall))}` : '—'
  const rss = row.rss.length ? Math.max(...row.rss).toFixed(0) : '—'
  const zip = row.zipBytes.length ? mb(median(row.zipBytes)) : '—'
  const against = (base: Row | undefined) => (base === row ? '1.00× (baseline)' : times(ratio(row, base)))
  const failed = row.error ? ` (then failed: ${cell(row.error)})` : ''
  return `| ${row.label}${failed} | ${secs(median(row.wall))} | ${range} | ${secs(median(row.cpu))} | ${rss} | ${zip} | ${against(table.pipRecipe)} | ${against(table.uvRecipe)} |`
}

export function renderTable(table: Table): string[] {
  return [...TABLE_HEAD, ...table.rows.map(row => tableLine(row, table))]
}

// ───────────────────────────── targets ─────────────────────────────

export interface Verdict {
  target: string
  /** The measured value, formatted; "not measured" when a row is missing. */
  measured: string
  met?: boolean
  /** For a miss: by how much, e.g. "+0.31× (2.2 times the limit)". */
  by?: string
}

/** Compare a value with an upper limit ("×" for ratios, " s", " MB"). */
export function verdict(target: string, value: number | undefined, limit: number, unit: string, why = 'not measured'): Verdict {
  if (value === undefined || Number.isNaN(value)) return { target, measured: why }
  const digits = unit === ' MB' ? 0 : unit === ' s' ? 3 : 2
  const format = (v: number) => `${v.toFixed(digits)}${unit}`
  const met = value <= limit
  return { target, measured: format(value), met, by: met ? undefined : `+${format(value - limit)} (${(value / limit).toFixed(1)} times the limit)` }
}

export function renderVerdicts(verdicts: Verdict[]): string[] {
  return [
    '| target | measured | |',
    '|---|---:|---|',
    ...verdicts.map(v => `| ${v.target} | ${v.measured} | ${v.met === undefined ? '—' : v.met ? 'met' : `**missed** by ${v.by}`} |`)
  ]
}

/** The rows of one workload the targets look at (keys as bench.ts fills them). */
export interface WorkloadRows {
  /** "flask", "heavy" or "many-files": the targets differ for the small app. */
  name: string
  pipRecipe?: Row
  uvRecipe?: Row
  coldPip?: Row
  coldUv?: Row
  warm?: Row
  samPip?: Row
  samUv?: Row
  lockedPipRecipe?: Row
  lockedUvRecipe?: Row
  lockedColdPip?: Row
  lockedColdUv?: Row
  lockedWarm?: Row
  resolution?: Row
  /** Every row of the workload, for the RSS target. */
  all: Row[]
}

/** Issue 18's targets, for the workloads that were run. */
export function issueTargets(workloads: WorkloadRows[]): Verdict[] {
  const out: Verdict[] = []
  for (const w of workloads) {
    const small = w.name === 'flask'
    const uvLimit = small ? 1 : 0.5
    out.push(verdict(`${w.name}: cold, \`package.installer: uv\` ≤ ${uvLimit}× uv recipe`, ratio(w.coldUv, w.uvRecipe), uvLimit, '×'))
    out.push(verdict(`${w.name}: cold, pip ≤ 0.25× pip recipe`, ratio(w.coldPip, w.pipRecipe), 0.25, '×'))
    out.push(verdict(`${w.name}: cold, locked, pip ≤ 0.5× uv recipe (locked)`, ratio(w.lockedColdPip, w.lockedUvRecipe), 0.5, '×'))
    out.push(verdict(`${w.name}: cold, locked, uv ≤ 0.5× uv recipe (locked)`, ratio(w.lockedColdUv, w.lockedUvRecipe), 0.5, '×'))
    if (small) out.push(verdict(`${w.name}: warm ≤ 0.15 s`, wallOf(w.warm), 0.15, ' s'))
    else out.push(verdict(`${w.name}: warm ≤ 0.1× uv recipe`, ratio(w.warm, w.uvRecipe), 0.1, '×'))
    const rss = w.all.filter(r => r.spindrift).flatMap(r => r.rss)
    out.push(verdict(`${w.name}: peak RSS of every spindrift build ≤ 400 MB`, rss.length ? Math.max(...rss) : undefined, 400, ' MB'))
  }
  return out
}

/** One line per workload, the issue's table: median seconds of the main rows (a failed row says so). */
export function summaryTable(workloads: WorkloadRows[]): string[] {
  const columns: [string, keyof WorkloadRows][] = [
    ['AWS pip recipe', 'pipRecipe'], ['uv recipe', 'uvRecipe'], ['`sam build`', 'samPip'], ['`sam build` (python-uv beta)', 'samUv'],
    ['spindrift cold (pip)', 'coldPip'], ['spindrift cold (uv)', 'coldUv'], ['spindrift warm', 'warm'],
    ['locked: uv recipe', 'lockedUvRecipe'], ['locked: spindrift cold (pip)', 'lockedColdPip'], ['locked: spindrift cold (uv)', 'lockedColdUv'], ['locked: spindrift warm', 'lockedWarm'],
    ['warm, unlocked: resolution', 'resolution']
  ]
  const value = (row: Row | undefined) => {
    const wall = wallOf(row)
    if (!row) return '—'
    if (wall !== undefined) return `${secs(wall)} s`
    return row?.error?.startsWith('not installed') ? 'not installed' : 'failed'
  }
  return [
    `| workload | ${columns.map(([title]) => title).join(' | ')} |`,
    `|---|${columns.map(() => '---:').join('|')}|`,
    ...workloads.map(w => `| ${w.name} | ${columns.map(([, key]) => value(w[key] as Row | undefined)).join(' | ')} |`)
  ]
}
