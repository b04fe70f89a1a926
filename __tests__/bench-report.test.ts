// The bench's arithmetic and formatting (scripts/bench/report.ts) on made-up numbers: medians, ratios against
// both recipes, the resolution row, failed rows, and the targets' met / missed-by-how-much. No timing here.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { differenceRow, issueTargets, median, newRow, ratio, record, renderTable, renderVerdicts, summaryTable, verdict, type Row } from '../scripts/bench/report.ts'

function row(label: string, walls: number[], extra: { cpu?: number[]; rss?: number[]; spindrift?: boolean } = {}): Row {
  const r = newRow(label, extra.spindrift)
  walls.forEach((seconds, i) => record(r, { seconds, cpuSeconds: extra.cpu?.[i] ?? seconds / 2, rssMb: extra.rss?.[i] }, 1024 * 1024))
  return r
}

test('median of odd and even counts, and of nothing', () => {
  assert.equal(median([5, 1, 3]), 3)
  assert.equal(median([4, 1, 3, 2]), 2.5)
  assert.ok(Number.isNaN(median([])))
})

test('ratio divides medians and is undefined for a row without samples', () => {
  const a = row('a', [2, 9, 4])
  const b = row('b', [8, 8, 1])
  assert.equal(ratio(a, b), 0.5)
  const failed = newRow('failed')
  failed.error = 'not installed'
  assert.equal(ratio(a, failed), undefined)
  assert.equal(ratio(undefined, b), undefined)
})

test('the resolution row is the unlocked warm median minus the locked one', () => {
  const diff = differenceRow('resolution', row('warm', [1.2, 1.0, 1.4], { cpu: [0.9, 0.8, 1.0] }), row('locked warm', [0.3, 0.2, 0.4], { cpu: [0.1, 0.1, 0.1] }))
  assert.ok(Math.abs(diff.wall[0] - 0.9) < 1e-9)
  assert.ok(Math.abs(diff.cpu[0] - 0.8) < 1e-9)
  assert.match(differenceRow('resolution', row('warm', [1]), newRow('locked warm')).error ?? '', /needs both/)
})

test('a table shows ratios against both recipes, the baselines as such, and a failed row with its reason', () => {
  const pip = row('pip recipe', [4])
  const uv = row('uv recipe', [1])
  const cold = row('cold', [2], { rss: [123.4], spindrift: true })
  const sam = newRow('sam')
  sam.error = 'not installed (no | sam)'
  const lines = renderTable({ rows: [pip, uv, cold, sam], pipRecipe: pip, uvRecipe: uv })
  assert.equal(lines[2], '| pip recipe | 4.000 | — | 2.000 | — | 1.0 | 1.00× (baseline) | 4.00× |')
  assert.equal(lines[3], '| uv recipe | 1.000 | — | 0.500 | — | 1.0 | 0.25× | 1.00× (baseline) |')
  assert.equal(lines[4], '| cold | 2.000 | — | 1.000 | 123 | 1.0 | 0.50× | 2.00× |')
  assert.equal(lines[5], '| sam | not installed (no / sam) | | | | | | |')
})

test('a verdict says met, or missed and by how much; a missing value is not measured', () => {
  assert.deepEqual(verdict('t', 0.2, 0.25, '×'), { target: 't', measured: '0.20×', met: true, by: undefined })
  assert.deepEqual(verdict('t', 0.5, 0.25, '×'), { target: 't', measured: '0.50×', met: false, by: '+0.25× (2.0 times the limit)' })
  assert.deepEqual(verdict('t', 0.3, 0.15, ' s'), { target: 't', measured: '0.300 s', met: false, by: '+0.150 s (2.0 times the limit)' })
  assert.deepEqual(verdict('t', undefined, 1, '×'), { target: 't', measured: 'not measured' })
  assert.deepEqual(renderVerdicts([verdict('a', 0.5, 0.25, '×'), verdict('b', 1, 2, '×'), verdict('c', undefined, 1, '×')]).slice(2), [
    '| a | 0.50× | **missed** by +0.25× (2.0 times the limit) |',
    '| b | 1.00× | met |',
    '| c | not measured | — |'
  ])
})

test("issue 18's targets: the small app's limits differ, warm is seconds there and a ratio elsewhere", () => {
  const rows = (name: string, warm: number) => {
    const r = {
      name,
      pipRecipe: row('pip', [10]),
      uvRecipe: row('uv', [2]),
      coldPip: row('cold pip', [2], { rss: [300], spindrift: true }),
      coldUv: row('cold uv', [1.5], { rss: [450], spindrift: true }),
      warm: row('warm', [warm], { spindrift: true }),
      lockedUvRecipe: row('locked uv', [2]),
      lockedColdPip: row('locked cold pip', [0.8], { spindrift: true }),
      lockedColdUv: row('locked cold uv', [1.2], { spindrift: true })
    }
    return { ...r, all: Object.values(r).filter((v): v is Row => typeof v === 'object') }
  }
  const verdicts = issueTargets([rows('flask', 0.1), rows('heavy', 0.4)])
  const byTarget = Object.fromEntries(verdicts.map(v => [v.target, v]))
  assert.equal(byTarget['flask: cold, `package.installer: uv` ≤ 1× uv recipe'].met, true) // 0.75×
  assert.equal(byTarget['heavy: cold, `package.installer: uv` ≤ 0.5× uv recipe'].met, false) // 0.75×
  assert.equal(byTarget['heavy: cold, pip ≤ 0.25× pip recipe'].measured, '0.20×')
  assert.equal(byTarget['heavy: cold, locked, pip ≤ 0.5× uv recipe (locked)'].met, true) // 0.40×
  assert.equal(byTarget['heavy: cold, locked, uv ≤ 0.5× uv recipe (locked)'].by, '+0.10× (1.2 times the limit)')
  assert.equal(byTarget['flask: warm ≤ 0.15 s'].measured, '0.100 s')
  assert.equal(byTarget['heavy: warm ≤ 0.1× uv recipe'].measured, '0.20×')
  assert.equal(byTarget['heavy: peak RSS of every spindrift build ≤ 400 MB'].measured, '450 MB')
  assert.equal(verdicts.length, 12)
})

test('the summary has one line per workload, seconds or why a build is missing', () => {
  const sam = newRow('sam')
  sam.error = 'not installed (no `sam` on PATH)'
  const broken = newRow('cold uv')
  broken.error = 'uv exited 2'
  const lines = summaryTable([{ name: 'heavy', pipRecipe: row('pip', [12.5, 20, 3]), samPip: sam, coldUv: broken, all: [] }])
  assert.equal(lines.length, 3)
  assert.match(lines[0], /^\| workload \| AWS pip recipe \| uv recipe \| `sam build` \|/)
  assert.match(lines[2], /^\| heavy \| 12.50 s \| — \| not installed \| — \| — \| failed \|/)
})
