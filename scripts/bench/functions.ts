// The multi-function workload: one settings file with ten functions over the Flask example (one project, one
// dependency set), against ten separate spindrift runs and the pip recipe run ten times.
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { progress, timed } from './measure.js'
import { newRow, ratio, record, verdict, type Row, type Table, type Verdict } from './report.js'
import { pipRecipe, spindrift, type CliResult } from './tools.js'
import { RUNTIME, type Workload } from './workloads.js'

export const FUNCTIONS = 10

export interface FunctionsResult {
  table: Table
  notes: string[]
  verdicts: Verdict[]
}

function settingsFile(w: Workload, outDir: string): string {
  return [
    'package:',
    '  type: flask',
    '  entry: from yourwebapp.main import app',
    `  runtime: ${RUNTIME}`,
    `  path: ${w.appDir}`,
    'functions:',
    ...Array.from({ length: FUNCTIONS }, (_, i) => [`  fn${i}:`, '    output:', `      path: ${path.join(outDir, `fn${i}.zip`)}`]).flat(),
    ''
  ].join('\n')
}

const digestOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

/** `single` are the Flask workload's cold (pip) and warm rows: the targets compare with one single-function build. */
export function benchFunctions(flask: Workload, single: { cold?: Row; warm?: Row }, cli: string, runs: number, work: string): FunctionsResult {
  const scratch = path.join(work, 'scratch-functions')
  const outDir = path.join(scratch, 'out')
  mkdirSync(outDir, { recursive: true })
  const settings = path.join(scratch, 'functions.spindrift')
  writeFileSync(settings, settingsFile(flask, outDir))
  const recipes = newRow(`AWS pip recipe ×${FUNCTIONS} (one per function)`)
  const cold = newRow(`${FUNCTIONS} functions, one run, cold`, true)
  const warm = newRow(`${FUNCTIONS} functions, one run, warm (1 app file changed)`, true)
  const separate = newRow(`${FUNCTIONS} separate \`spindrift package\` runs (first cold, the rest warm)`, true)
  const all = (cacheDir: string) => timed(process.execPath, [cli, 'package', '--file', settings, '--json'], { cwd: scratch, env: { ...process.env, SPINDRIFT_CACHE_DIR: cacheDir } })
  const warmCache = path.join(scratch, 'warm-cache')
  let sameAsSingle: boolean | undefined
  const attempt = (row: Row, fn: () => void) => {
    if (row.error) return
    try {
      fn()
    } catch (error) {
      row.error = (error as Error).message.replace(/\s+/g, ' ').slice(0, 300)
    }
  }
  attempt(warm, () => void all(warmCache))
  for (let i = 1; i <= runs; i++) {
    progress(`functions: run ${i}/${runs}`)
    attempt(recipes, () => {
      const each = Array.from({ length: FUNCTIONS }, () => pipRecipe(flask, scratch))
      const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
      record(recipes, { seconds: sum(each.map(b => b.sample.seconds)), cpuSeconds: sum(each.map(b => b.sample.cpuSeconds)) }, each[0].zipBytes)
    })
    attempt(cold, () => {
      const coldCache = mkdtempSync(path.join(scratch, 'cold-cache-'))
      try {
        record(cold, all(coldCache))
      } finally {
        rmSync(coldCache, { recursive: true, force: true })
      }
    })
    attempt(warm, () => {
      writeFileSync(flask.editedFile, `${readFileSync(flask.editedFile, 'utf8')}# functions bench edit ${i}\n`)
      const sample = all(warmCache)
      record(warm, sample)
      const zips = Object.values((JSON.parse(sample.stdout) as { functions: Record<string, CliResult> }).functions).map(r => digestOf(r.path))
      const alone = path.join(scratch, 'alone.zip')
      spindrift(cli, flask, warmCache, alone, true)
      sameAsSingle = (sameAsSingle ?? true) && zips.every(digest => digest === digestOf(alone))
    })
    attempt(separate, () => {
      const cache = mkdtempSync(path.join(scratch, 'separate-cache-'))
      try {
        const each = Array.from({ length: FUNCTIONS }, (_, n) => timed(process.execPath, [cli, ...flask.cliArgs(path.join(outDir, `separate-${n}.zip`))], { cwd: flask.appDir, env: { ...process.env, SPINDRIFT_CACHE_DIR: cache } }))
        record(separate, { seconds: each.reduce((a, s) => a + s.seconds, 0), cpuSeconds: each.reduce((a, s) => a + s.cpuSeconds, 0), rssMb: Math.max(...each.map(s => s.rssMb ?? 0)) })
      } finally {
        rmSync(cache, { recursive: true, force: true })
      }
    })
  }
  rmSync(scratch, { recursive: true, force: true })
  const rows = [recipes, cold, warm, separate, ...(single.cold ? [single.cold] : []), ...(single.warm ? [single.warm] : [])]
  return {
    table: { rows, pipRecipe: recipes },
    notes: [`- Every function zip of a warm run byte-identical to the single-function zip of the same app state: ${sameAsSingle === undefined ? 'not measured' : sameAsSingle ? '**PASS**' : '**FAIL**'}`],
    verdicts: [
      verdict(`${FUNCTIONS} functions: cold ≤ 1.3× one single-function cold build (earlier issue)`, ratio(cold, single.cold), 1.3, '×'),
      verdict(`${FUNCTIONS} functions: warm ≤ 2× one single-function warm build (earlier issue)`, ratio(warm, single.warm), 2, '×')
    ]
  }
}
