// `npm run bench`: spindrift against the builds its users would pick instead — the AWS pip recipe, the uv recipe
// from uv's AWS Lambda guide and `sam build` — measured side by side in one run on the same machine, network,
// pip and uv. Not a test: it prints medians, CPU time, peak RSS, ratios against both recipes and issue 18's targets.
//
//   npm run bench -- [--runs N] [--only flask,heavy,many-files,functions] [--sam PATH] [--keep]
//
//   --runs N   timed runs of every build (default 5; the medians need ≥ 5); a warm-up run first is never timed
//   --only …   the workloads to run (default: all; functions implies flask, whose single-function rows it compares with)
//   --sam PATH the AWS SAM CLI to use when `sam` is not on PATH (its rows say "not installed" without one)
//   --keep     keep the temporary workspace (its path is printed)
//
// The markdown report goes to stdout (and, when every workload ran, to docs/benchmarks.md); progress to stderr.
// Needs python3 (3.11 on x86_64 is the target measured) with pip, Info-ZIP `zip`, network access to PyPI once
// (pip's and uv's caches are warm afterwards), ideally GNU time at /usr/bin/time; uv on PATH or in .venv-test/.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { benchFunctions, FUNCTIONS, type FunctionsResult } from './bench/functions.js'
import { findCommand, progress, RUSAGE_SOURCE, setup, timed } from './bench/measure.js'
import { issueTargets, newRow, record, renderTable, renderVerdicts, summaryTable, type Row } from './bench/report.js'
import { benchWorkload, type Tools, type WorkloadResult } from './bench/workload.js'
import { flaskWorkload, plainWorkload, RUNTIME, WORKLOADS, type Workload, type WorkloadName } from './bench/workloads.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CLI = path.join(ROOT, 'dist', 'cli.js')
const REPORT = path.join(ROOT, 'docs', 'benchmarks.md')

interface Options {
  runs: number
  only: Set<WorkloadName | 'functions'>
  sam?: string
  keep: boolean
}

function options(): Options {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, only: { type: 'string' }, sam: { type: 'string' }, keep: { type: 'boolean' } } })
  const runs = Number(values.runs ?? 5)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a positive whole number, not "${values.runs}"`)
  const known = [...WORKLOADS, 'functions'] as const
  const only = new Set((values.only ?? known.join(',')).split(',').map(s => s.trim()).filter(Boolean))
  for (const name of only) if (!(known as readonly string[]).includes(name)) throw new Error(`--only: unknown workload "${name}"; choose from ${known.join(', ')}`)
  if (only.has('functions')) only.add('flask')
  if (values.sam && !existsSync(values.sam)) throw new Error(`--sam ${values.sam}: no such file`)
  return { runs, only: only as Options['only'], sam: values.sam, keep: values.keep ?? false }
}

/**
 * uv and sam for every child process: found on PATH, else uv from .venv-test/ and sam from --sam, linked into a
 * bin folder put first on PATH (only those two commands, so python3 and pip stay the machine's own; see realPythonFolder).
 */
function findTools(bin: string, samOption?: string): Tools {
  mkdirSync(bin, { recursive: true })
  const link = (name: string, target: string) => symlinkSync(target, path.join(bin, name))
  let uv = findCommand(['uv'])
  const local = path.join(ROOT, '.venv-test', 'bin', 'uv')
  if (!uv && existsSync(local)) link('uv', (uv = local))
  let sam = samOption ? path.resolve(samOption) : findCommand(['sam'])
  if (samOption && sam) link('sam', sam)
  if (sam && spawnSync(sam, ['--version'], { stdio: 'ignore' }).status !== 0) sam = undefined
  process.env.PATH = `${[bin, ...realPythonFolder()].join(path.delimiter)}${path.delimiter}${process.env.PATH ?? ''}`
  return { cli: CLI, uv, sam }
}

/**
 * The folder of python3's real executable when python3 on PATH is something else (a pyenv shim, a script that
 * starts another program on every call): put first on PATH for every tool, as actions/setup-python gives it.
 */
function realPythonFolder(): string[] {
  const onPath = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).stdout.trim()
  const real = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim()
  if (!onPath || !real || path.dirname(onPath) === path.dirname(real) || !existsSync(path.join(path.dirname(real), 'python3'))) return []
  progress(`python3 on PATH is ${onPath}; every tool runs ${path.join(path.dirname(real), 'python3')} instead, as on a runner set up by actions/setup-python`)
  return [path.dirname(real)]
}

function ensureBuilt(): void {
  if (existsSync(CLI)) return
  progress('dist/cli.js is missing: npm run build')
  if (spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed')
}

// ───────────────────────────── start-up overhead ─────────────────────────────

function startup(runs: number): Row[] {
  const rows: [Row, string, string[]][] = [
    [newRow('`node dist/cli.js --help`', true), process.execPath, [CLI, '--help']],
    [newRow('`node -e 0` (bare Node)'), process.execPath, ['-e', '0']],
    [newRow('`python3 -c pass` (one Python spawn)'), 'python3', ['-c', 'pass']],
    [newRow("`python3 -m pip --version` (pip's start-up)"), 'python3', ['-m', 'pip', '--version']]
  ]
  for (let i = 0; i < runs; i++) for (const [row, command, args] of rows) {
    try {
      record(row, timed(command, args))
    } catch (error) {
      row.error = (error as Error).message
    }
  }
  return rows.map(([row]) => row)
}

// ───────────────────────────── the report ─────────────────────────────

function machine(tools: Tools): string[] {
  const version = (command: string, args: string[], firstLine = true) => {
    try {
      const out = setup(command, args).trim()
      return firstLine ? out.split('\n')[0] : out
    } catch {
      return `${command}: not found`
    }
  }
  const cpu = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown'
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() || 'unknown'
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${os.cpus().length} CPUs, ${cpu}, ${os.platform()} ${os.arch()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `- Node ${process.version}, ${version('python3', ['--version'])}, ${version('python3', ['-m', 'pip', '--version']).split(' from ')[0]}, ${tools.uv ? version(tools.uv, ['--version']) : 'uv: not installed'}, ${tools.sam ? version(tools.sam, ['--version']) : 'sam: not installed'}, ${/Zip \d[\d.]*/.exec(version('zip', ['-v'], false))?.[0] ?? 'zip'}`,
    `- spindrift: dist/cli.js at commit ${commit}; target ${RUNTIME} x86_64; CPU and peak RSS via ${RUSAGE_SOURCE}`
  ]
}

function report(command: string, info: string[], load: [number, number], runs: number, results: { w: Workload; r: WorkloadResult }[], functions: FunctionsResult | undefined, startupRows: Row[]): string {
  const verdicts = [...issueTargets(results.map(({ r }) => r.rows)), ...(functions?.verdicts ?? [])]
  return [
    '# Benchmarks',
    '',
    `Written by \`${command}\` (scripts/bench.ts): medians of ${runs} timed run${runs === 1 ? '' : 's'} per build after one untimed warm-up run of every build (pip's and uv's own caches warm for every tool), all builds interleaved in one run.`,
    '',
    ...info,
    `- Load average (1 min) at start ${load[0].toFixed(2)}, at end ${load[1].toFixed(2)}: wall times are noisy under load; the CPU column is steadier.`,
    '',
    "## Targets (issue 18's, plus the earlier ones for the functions workload)",
    '',
    ...renderVerdicts(verdicts),
    '',
    '## Summary (median wall seconds; the tables below have CPU, RSS and both ratios)',
    '',
    ...summaryTable(results.map(({ r }) => r.rows)),
    '',
    ...results.flatMap(({ w, r }) => [
      `## ${w.title}`,
      '',
      ...r.tables.flatMap(({ title, table }) => [`${title}:`, '', ...renderTable(table), '']),
      ...r.notes,
      ''
    ]),
    ...(functions ? [`## ${FUNCTIONS} functions over one project (the Flask example)`, '', ...renderTable(functions.table), '', ...functions.notes, ''] : []),
    '## Start-up overhead', '', ...renderTable({ rows: startupRows }), '',
    '## What is measured',
    '',
    '- **AWS pip recipe**: `python3 -m pip install --platform manylinux2014_x86_64 --implementation cp --python-version 3.11 --only-binary=:all: --target packages -r requirements.txt`, `cd packages && zip -r ../package.zip .`, then the app added with `zip -r`. pip compiles `.pyc` files by default, so its zip is larger.',
    "- **uv recipe** (uv's guide, \"Deploying a zip archive\"): `uv pip install --no-installer-metadata --no-compile-bytecode --python-platform x86_64-manylinux2014 --python-version 3.11 --only-binary :all: --target packages -r requirements.txt`, then the same two `zip -r`.",
    '- **`sam build`**: a template with one function (CodeUri = the app plus its requirements.txt), `sam build --build-dir FRESH` without Docker (sam runs the runtime\'s Python on this machine), then `zip -r` of the function folder (`sam deploy` zips on upload). The python-uv row sets `BuildMethod: python-uv` and `SAM_CLI_BETA_PYTHON_UV=1`.',
    '- **spindrift cold**: `node dist/cli.js package … --json` with an empty `SPINDRIFT_CACHE_DIR` every run, with pip (the default) or `--package-installer uv`.',
    '- **spindrift warm**: the same with the cache filled in set-up and one app file changed before every run.',
    "- **locked**: a copy of the workload with a lock written in set-up (Flask: `uv lock`; plain folders: `uv pip compile --generate-hashes` for the target into requirements.txt, which spindrift reads as a lock). The locked recipes install the same hashed pins; the locked rows' ratios are against the locked recipes.",
    '- **warm, unlocked: resolution**: the unlocked warm median minus the locked warm median: what resolving an unlocked set for the cache key costs a warm build (a locked warm build runs no resolver and no installer).',
    `- **${FUNCTIONS} functions**: one settings file with a \`functions:\` section over the Flask example, cold and warm, against ${FUNCTIONS} separate spindrift runs and the recipe run ${FUNCTIONS} times (its ratio column).`,
    '- CPU: user + sys of the build and every process it waited for. Peak RSS: the largest single process (node, pip, uv…).',
    ''
  ].join('\n')
}

// ───────────────────────────── main ─────────────────────────────

async function main(): Promise<void> {
  const opts = options()
  ensureBuilt()
  const work = mkdtempSync(path.join(os.tmpdir(), 'spindrift-bench-'))
  const cleanUp = () => (opts.keep ? progress(`kept ${work}`) : rmSync(work, { recursive: true, force: true }))
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (cleanUp(), process.exit(130)))
  try {
    const tools = findTools(path.join(work, 'bin'), opts.sam)
    const command = `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim().replace(/ --$/, '')
    const load: [number, number] = [os.loadavg()[0], 0]
    const info = machine(tools)
    progress(`workspace ${work}; ${opts.runs} timed runs each; uv ${tools.uv ?? 'not installed'}; sam ${tools.sam ?? 'not installed'}`)
    const results: { w: Workload; r: WorkloadResult }[] = []
    let flask: Workload | undefined
    for (const name of WORKLOADS.filter(n => opts.only.has(n))) {
      const w = name === 'flask' ? (flask = flaskWorkload(ROOT, work)) : plainWorkload(name, work)
      results.push({ w, r: benchWorkload(w, tools, opts.runs, work) })
    }
    let functions: FunctionsResult | undefined
    if (opts.only.has('functions') && flask) {
      const single = results.find(({ w }) => w.name === 'flask')!.r.rows
      functions = benchFunctions(flask, { cold: single.coldPip, warm: single.warm }, CLI, opts.runs, work)
    }
    progress('start-up overhead')
    const startupRows = startup(opts.runs)
    load[1] = os.loadavg()[0]
    const markdown = report(command, info, load, opts.runs, results, functions, startupRows)
    process.stdout.write(markdown)
    if (opts.only.size === WORKLOADS.length + 1) {
      writeFileSync(REPORT, markdown)
      progress(`wrote ${path.relative(ROOT, REPORT)}`)
    }
  } finally {
    cleanUp()
  }
}

main().catch(error => {
  process.stderr.write(`bench: ${(error as Error).message}\n`)
  process.exitCode = 1
})
