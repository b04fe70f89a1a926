// `npm run bench`: spindrift against the AWS-documented "pip install --target + zip -r" recipe, measured side by
// side in one run on the same machine, network and pip. Not a test: it prints ratios against that baseline.
//
//   node --import tsx scripts/bench.ts [--runs N] [--quick] [--keep]
//
//   --runs N   repetitions of every measurement (default 5)
//   --quick    smoke test: 2 runs, Flask workload only; docs/benchmarks.md is then left as it is
//   --keep     keep the temporary workspace (its path is printed)
//
// The markdown report goes to stdout and (full runs only) to docs/benchmarks.md; progress goes to stderr.
// Needs python3 with pip (3.11 on x86_64 is the target measured), Info-ZIP `zip`, network access to PyPI
// (pandas and numpy wheels, ~45 MB, once: pip's HTTP cache is warm afterwards), and ideally GNU time at
// /usr/bin/time for peak RSS (`apt-get install -y time`); without it a small python3 wrapper reads
// getrusage(RUSAGE_CHILDREN) instead, which adds python's start-up (~20 ms) to each wall time.
//
// Internal mode, used by the "zip phase" measurement: `bench.ts --zip-phase TREE OUT` zips TREE with
// spindrift's own src/ functions in a fresh Node process and prints its timings as JSON.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { createHash } from 'node:crypto'
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import AdmZip from 'adm-zip'
import { pipInstallArgs } from '../src/deps/install.js'
import { findRuntime, platformTags } from '../src/config/runtimes.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const THIS_FILE = fileURLToPath(import.meta.url)
const CLI = path.join(ROOT, 'dist', 'cli.js')
const ACTION = path.join(ROOT, 'dist', 'index.js')
const REPORT = path.join(ROOT, 'docs', 'benchmarks.md')
const GNU_TIME = '/usr/bin/time'

/** The heavy workload's only dependency: the newest pandas with manylinux2014 (glibc 2.17) wheels for cp311. */
const PANDAS = 'pandas==2.3.2'
/** The target measured: this machine's Python is 3.11 on x86_64, like the python3.11 Lambda runtime. */
const RUNTIME = 'python3.11'
const PYTHON_VERSION = '3.11'
const PLATFORM = 'manylinux2014_x86_64'

/** The issue's targets. */
const TARGETS = { heavyWarmRatio: 0.1, coldRatio: 0.9, zipPhaseRatio: 0.6, peakRssMb: 600, flaskWarmSeconds: 1, functionsColdRatio: 1.3, functionsWarmRatio: 2 }

/** The functions workload: this many functions over the Flask example's one project and dependency set. */
const FUNCTIONS = 10

// ───────────────────────────── measuring one command ─────────────────────────────

/** One timed execution: wall seconds, CPU seconds (user + sys, descendants included), peak RSS of the largest process. */
interface Sample {
  seconds: number
  cpuSeconds: number
  rssMb?: number
  stdout: string
}

/** Every sample of one row of the table. */
interface Row {
  label: string
  wall: number[]
  cpu: number[]
  rss: number[]
  zipBytes: number[]
  /** What the ratio column divides by (the recipe, or zip -r), if anything. */
  baseline?: Row
  /** Show peak RSS for this row (spindrift's own processes). */
  showRss: boolean
  /** This row is what others are divided by. */
  isBaseline?: boolean
}

function newRow(label: string, showRss: boolean, baseline?: Row): Row {
  return { label, wall: [], cpu: [], rss: [], zipBytes: [], baseline, showRss }
}

function baselineRow(label: string): Row {
  return { ...newRow(label, false), isBaseline: true }
}

function record(row: Row, sample: Sample, zipBytes?: number): void {
  row.wall.push(sample.seconds)
  row.cpu.push(sample.cpuSeconds)
  if (sample.rssMb !== undefined) row.rss.push(sample.rssMb)
  if (zipBytes !== undefined) row.zipBytes.push(zipBytes)
}

/**
 * Run a command to completion and time it. Wall time is taken here around the spawn; CPU time and peak RSS
 * come from GNU time (%U %S %M: getrusage of the child, which covers its waited-for descendants such as pip;
 * %M is the peak of the largest single process, not a sum), or from a python3 getrusage wrapper without it.
 * An exit status outside `expected` (default: 0 only) is an error.
 */
function timed(command: string, args: string[], options: SpawnSyncOptions = {}, expected = [0]): Sample {
  const statsFile = path.join(os.tmpdir(), `spindrift-bench-stats-${process.pid}`)
  const [cmd, argv] = existsSync(GNU_TIME)
    ? [GNU_TIME, ['-f', '%M %U %S', '-o', statsFile, command, ...args]]
    : ['python3', ['-c', RUSAGE_WRAPPER, statsFile, command, ...args]]
  const start = process.hrtime.bigint()
  const run = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options })
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (!expected.includes(run.status ?? -1)) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${run.status}): ${String(run.stderr).trim().split('\n').slice(-5).join(' | ')}`)
  }
  const [rssKb, user, sys] = readFileSync(statsFile, 'utf8').trim().split('\n').pop()!.split(/\s+/).map(Number)
  rmSync(statsFile, { force: true })
  return { seconds, cpuSeconds: user + sys, rssMb: rssKb / 1024, stdout: String(run.stdout) }
}

/** Fallback for machines without GNU time: argv = stats file, command…; writes "maxrss_kb user sys" like `-f '%M %U %S'`. */
const RUSAGE_WRAPPER = `import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], 'w').write(f"{u.ru_maxrss} {u.ru_utime} {u.ru_stime}\\n")
sys.exit(code)`

/** Run a command that is set-up, not measured; its output is returned. */
function setup(command: string, args: string[], options: SpawnSyncOptions = {}): string {
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options })
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${run.status}): ${String(run.stderr).trim().split('\n').slice(-5).join(' | ')}`)
  return String(run.stdout)
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`)
}

// ───────────────────────────── the workloads ─────────────────────────────

interface Workload {
  name: string
  /** The app's folder, as spindrift sees it. */
  appDir: string
  /** The dependency set, as a requirements file for the recipe (the same set spindrift installs). */
  requirementsFile: string
  /** App paths (relative to appDir) the recipe copies into its install folder. */
  appFiles: string[]
  /** The file a warm run edits (a comment line appended). */
  editedFile: string
  /** spindrift's command line for an output path. */
  cliArgs(output: string): string[]
}

/** The bundled Flask example, copied without its build products: a pyproject project depending on flask. */
function flaskWorkload(work: string): Workload {
  const example = path.join(ROOT, 'examples', 'flask-app')
  const appDir = path.join(work, 'flask-app')
  for (const name of ['pyproject.toml', 'settings.spindrift', 'yourwebapp']) cpSync(path.join(example, name), path.join(appDir, name), { recursive: true })
  const requirementsFile = path.join(work, 'flask-requirements.txt')
  writeFileSync(requirementsFile, declaredDependencies(path.join(appDir, 'pyproject.toml')).join('\n') + '\n')
  return {
    name: 'flask',
    appDir,
    requirementsFile,
    appFiles: ['yourwebapp'],
    editedFile: path.join(appDir, 'yourwebapp', 'main.py'),
    cliArgs: output => ['package', '--file', path.join(appDir, 'settings.spindrift'), '--package-runtime', RUNTIME, '--output-path', output, '--json']
  }
}

/** pyproject's [project] dependencies (the example's is one line: `dependencies = ["flask>=3,<4"]`). */
function declaredDependencies(pyproject: string): string[] {
  const list = /^dependencies\s*=\s*\[([^\]]*)\]/m.exec(readFileSync(pyproject, 'utf8'))
  if (!list) throw new Error(`no dependencies = [...] line in ${pyproject}`)
  return [...list[1].matchAll(/"([^"]+)"|'([^']+)'/g)].map(m => m[1] ?? m[2])
}

/** A plain folder: handler.py importing pandas, requirements.txt pinning it (~100 MB of dependencies, ~3,800 files). */
function heavyWorkload(work: string): Workload {
  const appDir = path.join(work, 'heavy-app')
  mkdirSync(appDir, { recursive: true })
  writeFileSync(path.join(appDir, 'handler.py'), 'import pandas as pd\n\n\ndef handler(event, context):\n    frame = pd.DataFrame(event.get("rows", []))\n    return {"rows": len(frame)}\n')
  writeFileSync(path.join(appDir, 'requirements.txt'), `${PANDAS}\n`)
  return {
    name: 'heavy (pandas)',
    appDir,
    requirementsFile: path.join(appDir, 'requirements.txt'),
    appFiles: ['handler.py'],
    editedFile: path.join(appDir, 'handler.py'),
    cliArgs: output => ['package', '--package-path', appDir, '--package-name', 'heavy', '--package-type', 'plain', '--package-entry', 'handler:handler', '--package-runtime', RUNTIME, '--package-architecture', 'x86_64', '--output-path', output, '--json']
  }
}

// ───────────────────────────── the measurements ─────────────────────────────

/** The recipe's pip command, as AWS documents it for a .zip with native dependencies. */
function recipePipArgs(target: string, requirementsFile: string, extra: string[] = []): string[] {
  return ['-m', 'pip', 'install', '--platform', PLATFORM, '--implementation', 'cp', '--python-version', PYTHON_VERSION, '--only-binary=:all:', ...extra, '--target', target, '-r', requirementsFile]
}

/**
 * Measurement 1, "recipe": pip install --target a fresh DIR, copy the app in, `cd DIR && zip -r -q ../out.zip .`.
 * One shell script, so the wall time, CPU time and RSS cover the whole recipe. Returns the install folder's
 * dist-info names (read before it is removed) for the same-dependencies check.
 */
function measureRecipe(w: Workload, row: Row, scratch: string): { dists: string[]; tree: { files: number; bytes: number } } {
  const runDir = mkdtempSync(path.join(scratch, 'recipe-'))
  const dir = path.join(runDir, 'package')
  const script = 'set -e; dir="$1"; req="$2"; shift 2; python3 "$@" >/dev/null; cd "$APP" && cp -R $FILES "$dir"/; cd "$dir" && zip -r -q ../out.zip .'
  const sample = timed('sh', ['-c', script, 'sh', dir, w.requirementsFile, ...recipePipArgs(dir, w.requirementsFile)], {
    env: { ...process.env, APP: w.appDir, FILES: w.appFiles.join(' ') }
  })
  const dists = readdirSync(dir).filter(name => name.endsWith('.dist-info')).sort()
  const tree = treeSize(dir)
  record(row, sample, statSync(path.join(runDir, 'out.zip')).size)
  rmSync(runDir, { recursive: true, force: true })
  return { dists, tree }
}

/** What `spindrift package --json` printed. */
interface CliResult {
  path: string
  size: number
  cacheHit: boolean
}

/** One spindrift CLI run with SPINDRIFT_CACHE_DIR = cacheDir; checks it hit (or missed) the dependency cache as expected. */
function runSpindrift(w: Workload, cacheDir: string, output: string, expectHit: boolean, extraArgs: string[] = []): { sample: Sample; result: CliResult } {
  const sample = timed(process.execPath, [CLI, ...w.cliArgs(output), ...extraArgs], { cwd: w.appDir, env: { ...process.env, SPINDRIFT_CACHE_DIR: cacheDir } })
  const result = JSON.parse(sample.stdout) as CliResult
  if (result.cacheHit !== expectHit) throw new Error(`spindrift ${w.name}: expected cacheHit ${expectHit}, got ${result.cacheHit}`)
  return { sample, result }
}

/** Measurement 2, "spindrift cold": an empty SPINDRIFT_CACHE_DIR each run (pip installs, the layer zip is built). */
function measureCold(w: Workload, row: Row | undefined, scratch: string, extraArgs: string[] = []): string {
  const cacheDir = mkdtempSync(path.join(scratch, 'cold-cache-'))
  const output = path.join(scratch, 'cold.zip')
  const { sample, result } = runSpindrift(w, cacheDir, output, false, extraArgs)
  if (row) record(row, sample, result.size)
  const digest = fileSha256(output)
  rmSync(cacheDir, { recursive: true, force: true })
  rmSync(output, { force: true })
  return digest
}

/**
 * What a warm build of an unlocked set spends on resolving it for the target (a locked set skips this): pip's
 * dry run with the very flags spindrift's install and resolution use. pip's HTTP cache is warm by then.
 */
function measureResolution(w: Workload, row: Row, scratch: string): void {
  const runtime = findRuntime(RUNTIME)
  const target = { runtime, architecture: 'x86_64' as const, platformTags: platformTags(runtime, 'x86_64'), extraIndexUrls: [], projectDir: w.appDir }
  const args = [...pipInstallArgs(target, { requirements: [], files: [w.requirementsFile], normalised: [], sources: [] }, path.join(scratch, 'resolve-target')), '--dry-run', '--ignore-installed', '--quiet', '--report', path.join(scratch, 'report.json')]
  record(row, timed('python3', ['-m', 'pip', ...args]))
}

/** Measurement 3, "spindrift warm": the dependency cache is present and one app file changed since the last run. */
function measureWarm(w: Workload, row: Row, warmCache: string, scratch: string, edit: number): string {
  appendFileSync(w.editedFile, `# bench edit ${edit}\n`)
  const output = path.join(scratch, 'warm.zip')
  const { sample, result } = runSpindrift(w, warmCache, output, true)
  record(row, sample, result.size)
  const digest = fileSha256(output)
  rmSync(output, { force: true })
  return digest
}

function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

/** What the --zip-phase child reports. */
interface ZipPhase {
  seconds: number
  cpuSeconds: number
  readSeconds: number
  zipSeconds: number
  writeSeconds: number
  entries: number
}

/**
 * Measurement 4a, "zip phase (spindrift)": read the installed tree the way src/deps/install.ts does (installedFiles),
 * sort it as packager.ts does, buildZip, writeAtomically — in a fresh Node child, so each run starts with a
 * clean heap; the child times itself (its start-up and tsx loading are excluded) and GNU time gives its RSS.
 */
function measureZipPhase(tree: string, row: Row, scratch: string, phases: ZipPhase[]): void {
  const output = path.join(scratch, 'phase.zip')
  const sample = timed(process.execPath, ['--import', 'tsx', THIS_FILE, '--zip-phase', tree, output], { cwd: ROOT })
  const phase = JSON.parse(sample.stdout) as ZipPhase
  phases.push(phase)
  record(row, { ...sample, seconds: phase.seconds, cpuSeconds: phase.cpuSeconds }, statSync(output).size)
  rmSync(output, { force: true })
}

/** The child side of measureZipPhase: imports spindrift's own functions from src/. */
async function zipPhaseChild(tree: string, output: string): Promise<void> {
  const { buildZip } = await import('../src/zip/archive.js')
  const { compareNames } = await import('../src/common/names.js')
  const { writeAtomically } = await import('../src/zip/atomic.js')
  const { installedFiles } = await import('../src/deps/install.js')
  const cpu = process.cpuUsage()
  const t0 = performance.now()
  const files = installedFiles(tree).sort((a, b) => compareNames(a.name, b.name))
  const t1 = performance.now()
  const { zip } = await buildZip(files)
  const t2 = performance.now()
  writeAtomically(output, zip)
  const t3 = performance.now()
  const used = process.cpuUsage(cpu)
  const result: ZipPhase = {
    seconds: (t3 - t0) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    readSeconds: (t1 - t0) / 1000,
    zipSeconds: (t2 - t1) / 1000,
    writeSeconds: (t3 - t2) / 1000,
    entries: files.length
  }
  process.stdout.write(JSON.stringify(result))
}

/** Measurement 4b, "zip -r -q": Info-ZIP at its default level 6 on the same tree (a fresh output each run). */
function measureInfoZip(tree: string, row: Row, scratch: string): void {
  const output = path.join(scratch, 'infozip.zip')
  rmSync(output, { force: true }) // zip -r would otherwise update the existing archive
  const sample = timed('zip', ['-r', '-q', output, '.'], { cwd: tree })
  record(row, sample, statSync(output).size)
  rmSync(output, { force: true })
}

/**
 * Measurement 5, start-up overhead: the CLI doing nothing (--help); the action loading its bundle and reading its
 * inputs (in an empty folder it stops at the missing package.entry, before any Python); bare Node; a python3
 * spawn (a warm run makes one); pip's own start-up (paid by every pip run; none on a warm run).
 */
function measureStartup(rows: StartupRows, emptyDir: string): void {
  record(rows.cli, timed(process.execPath, [CLI, '--help']))
  record(rows.action, timed(process.execPath, [ACTION], { cwd: emptyDir, env: actionEnv(emptyDir) }, [1]))
  record(rows.node, timed(process.execPath, ['-e', '0']))
  record(rows.python, timed('python3', ['-c', 'pass']))
  record(rows.pip, timed('python3', ['-m', 'pip', '--version']))
}

interface StartupRows {
  cli: Row
  action: Row
  node: Row
  python: Row
  pip: Row
}

function startupRows(): StartupRows {
  return {
    cli: newRow('`node dist/cli.js --help`', true),
    action: newRow('`node dist/index.js` (the action: load, read inputs, stop at a missing entry)', true),
    node: newRow('`node -e 0` (bare Node, for reference)', false),
    python: newRow('`python3 -c pass` (one Python spawn)', false),
    pip: newRow('`python3 -m pip --version` (pip\'s start-up)', false)
  }
}

/** The runner's environment minus any INPUT_* and GITHUB_* variables, so the action sees no inputs at all. */
function actionEnv(workspace: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(INPUT_|GITHUB_|RUNNER_)/.test(name)))
  return { ...env, GITHUB_WORKSPACE: workspace }
}

// ───────────────────────────── one workload, all measurements interleaved ─────────────────────────────

interface WorkloadResult {
  workload: Workload
  recipe: Row
  cold: Row
  /** Cold with package.installer uv (which also builds the project's wheel), when uv is installed. */
  coldUv?: Row
  /** What the resolution of an unlocked set costs each warm build (the cache key is the resolved set). */
  resolve: Row
  warm: Row
  zipPhase: Row
  infoZip: Row
  phases: ZipPhase[]
  identical: boolean
  /** Warm runs whose zip equals a cold build of the same app state, of how many. */
  warmMatchesCold: { matching: number; of: number }
  treeFiles: number
  treeBytes: number
  recipeDists: string[]
  /** The recipe's install folder (with pip's .pyc files and bin/). */
  recipeTree: { files: number; bytes: number }
  spindriftDists: string[]
}

/**
 * Set-up (untimed): install the tree for the zip-phase comparison (this also warms pip's HTTP cache for both
 * sides), seed the warm cache with a cold run, and check a warm run with no app change gives the same bytes.
 * Then each iteration runs every measurement once, so background load spreads over all of them alike.
 */
function benchWorkload(w: Workload, runs: number, work: string): WorkloadResult {
  const scratch = path.join(work, `scratch-${w.name.split(' ')[0]}`)
  mkdirSync(scratch, { recursive: true })
  progress(`${w.name}: installing the dependency tree for the zip-phase comparison (warms pip's HTTP cache)`)
  const tree = path.join(work, `tree-${w.name.split(' ')[0]}`)
  setup('python3', recipePipArgs(tree, w.requirementsFile, ['--no-compile']))
  rmSync(path.join(tree, 'bin'), { recursive: true, force: true }) // console scripts: spindrift never ships them
  const { files: treeFiles, bytes: treeBytes } = treeSize(tree)

  progress(`${w.name}: seeding the warm cache with a cold run, then a warm run with no app change`)
  const warmCache = path.join(work, `warm-cache-${w.name.split(' ')[0]}`)
  const reference = path.join(scratch, 'reference-cold.zip')
  const again = path.join(scratch, 'reference-warm.zip')
  runSpindrift(w, warmCache, reference, false)
  runSpindrift(w, warmCache, again, true)
  const identical = readFileSync(reference).equals(readFileSync(again))
  const spindriftDists = distInfos(reference)

  const recipe = baselineRow('recipe (pip --target + zip -r)')
  const infoZip = baselineRow('zip -r -q (Info-ZIP, level 6), same tree')
  const result: WorkloadResult = {
    workload: w,
    recipe,
    cold: newRow('spindrift cold (empty cache)', true, recipe),
    coldUv: uvAvailable() ? newRow('spindrift cold, `--package-installer uv`', true, recipe) : undefined,
    warm: newRow('spindrift warm (cache, 1 app file changed)', true, recipe),
    resolve: newRow('of which: resolving the unlocked set for the key (`pip install --dry-run --report`, target flags)', false, recipe),
    zipPhase: newRow('zip phase (spindrift: read + buildZip + write)', true, infoZip),
    infoZip,
    phases: [],
    identical,
    warmMatchesCold: { matching: 0, of: 0 },
    treeFiles,
    treeBytes,
    recipeDists: [],
    recipeTree: { files: 0, bytes: 0 },
    spindriftDists
  }
  const colds: string[] = []
  const warms: string[] = []
  for (let i = 1; i <= runs; i++) {
    progress(`${w.name}: run ${i}/${runs}`)
    const recipe = measureRecipe(w, result.recipe, scratch)
    result.recipeDists = recipe.dists
    result.recipeTree = recipe.tree
    colds.push(measureCold(w, result.cold, scratch))
    if (result.coldUv) measureCold(w, result.coldUv, scratch, ['--package-installer', 'uv'])
    warms.push(measureWarm(w, result.warm, warmCache, scratch, i))
    measureResolution(w, result.resolve, scratch)
    measureZipPhase(tree, result.zipPhase, scratch, result.phases)
    measureInfoZip(tree, result.infoZip, scratch)
  }
  // Warm run i saw the app as cold run i+1 does (edit i appended before it); one more cold run for the last.
  progress(`${w.name}: one more cold run, to compare with the last warm run`)
  colds.push(measureCold(w, undefined, scratch))
  result.warmMatchesCold = { matching: warms.filter((digest, i) => digest === colds[i + 1]).length, of: warms.length }
  return result
}

/** Ten functions over one project (the Flask example) against one function, ten separate runs and ten recipes. */
interface FunctionsResult {
  single: WorkloadResult
  cold: Row
  warm: Row
  separate: Row
  recipes: Row
  /** Every function zip of a run the same bytes as the single-function zip of the same app state. */
  sameAsSingle: boolean
}

function functionsSettings(w: Workload, outDir: string): string {
  const names = Array.from({ length: FUNCTIONS }, (_, i) => `fn${i}`)
  return [
    'package:',
    '  type: flask',
    '  entry: from yourwebapp.main import app',
    `  runtime: ${RUNTIME}`,
    `  path: ${w.appDir}`,
    'functions:',
    ...names.flatMap(name => [`  ${name}:`, '    output:', `      path: ${path.join(outDir, `${name}.zip`)}`]),
    ''
  ].join('\n')
}

function benchFunctions(flask: Workload, single: WorkloadResult, runs: number, work: string): FunctionsResult {
  const scratch = path.join(work, 'scratch-functions')
  mkdirSync(scratch, { recursive: true })
  const settings = path.join(scratch, 'functions.spindrift')
  const outDir = path.join(scratch, 'out')
  writeFileSync(settings, functionsSettings(flask, outDir))
  const recipes = baselineRow(`recipe ×${FUNCTIONS} (one per function)`)
  const result: FunctionsResult = {
    single,
    recipes,
    cold: newRow(`${FUNCTIONS} functions, one run, cold`, true, recipes),
    warm: newRow(`${FUNCTIONS} functions, one run, warm (1 app file changed)`, true, recipes),
    separate: newRow(`${FUNCTIONS} separate \`spindrift package\` runs (first cold, the rest warm)`, true, recipes),
    sameAsSingle: true
  }
  const all = (cacheDir: string) => timed(process.execPath, [CLI, 'package', '--file', settings, '--json'], { cwd: scratch, env: { ...process.env, SPINDRIFT_CACHE_DIR: cacheDir } })
  const warmCache = path.join(work, 'warm-cache-functions')
  all(warmCache)
  for (let i = 1; i <= runs; i++) {
    progress(`functions: run ${i}/${runs}`)
    measureRecipes(flask, recipes, scratch)
    const coldCache = mkdtempSync(path.join(scratch, 'cold-cache-'))
    let sample = all(coldCache)
    record(result.cold, sample)
    rmSync(coldCache, { recursive: true, force: true })

    appendFileSync(flask.editedFile, `# functions bench edit ${i}\n`)
    sample = all(warmCache)
    record(result.warm, sample)
    const zips = Object.values((JSON.parse(sample.stdout) as { functions: Record<string, CliResult> }).functions).map(r => fileSha256(r.path))
    const alone = path.join(scratch, 'alone.zip')
    runSpindrift(flask, warmCache, alone, true)
    if (!zips.every(digest => digest === fileSha256(alone))) result.sameAsSingle = false

    const separateCache = mkdtempSync(path.join(scratch, 'separate-cache-'))
    const start = process.hrtime.bigint()
    let cpu = 0
    let rss = 0
    for (let n = 0; n < FUNCTIONS; n++) {
      const one = timed(process.execPath, [CLI, ...flask.cliArgs(path.join(outDir, `separate-${n}.zip`))], { cwd: flask.appDir, env: { ...process.env, SPINDRIFT_CACHE_DIR: separateCache } })
      cpu += one.cpuSeconds
      rss = Math.max(rss, one.rssMb ?? 0)
    }
    record(result.separate, { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: cpu, rssMb: rss, stdout: '' })
    rmSync(separateCache, { recursive: true, force: true })
  }
  return result
}

/** The recipe run once per function, timed as one row sample (wall, CPU summed; RSS the largest). */
function measureRecipes(w: Workload, row: Row, scratch: string): void {
  const each = baselineRow('one recipe')
  for (let n = 0; n < FUNCTIONS; n++) measureRecipe(w, each, scratch)
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
  record(row, { seconds: sum(each.wall), cpuSeconds: sum(each.cpu), stdout: '' }, median(each.zipBytes))
}

function functionsSection(f: FunctionsResult): string[] {
  return [
    `### ${FUNCTIONS} functions over one project (the Flask example) and one dependency set`,
    '',
    ...TABLE_HEAD,
    tableRow(f.recipes),
    tableRow(f.cold),
    tableRow(f.warm),
    tableRow(f.separate),
    tableRow(f.single.cold),
    tableRow(f.single.warm),
    '',
    `- ${FUNCTIONS} functions cold: ${(median(f.cold.wall) / median(f.single.cold.wall)).toFixed(2)}× one single-function cold build (target ≤ ${TARGETS.functionsColdRatio}×); warm: ${(median(f.warm.wall) / median(f.single.warm.wall)).toFixed(2)}× one single-function warm build (target ≤ ${TARGETS.functionsWarmRatio}×).`,
    `- Every function zip of a warm run byte-identical to the single-function zip of the same app state: **${f.sameAsSingle ? 'PASS' : 'FAIL'}**`,
    ''
  ]
}

function treeSize(dir: string): { files: number; bytes: number } {
  let files = 0
  let bytes = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    files++
    bytes += statSync(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name)).size
  }
  return { files, bytes }
}

/** uv on PATH (or as `python3 -m uv`): then the cold runs are also measured with package.installer uv. */
function uvAvailable(): boolean {
  return [['uv', '--version'], ['python3', '-m', 'uv', '--version']].some(([command, ...args]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0)
}

/** The "name-version.dist-info" folders in a zip. */
function distInfos(zipPath: string): string[] {
  const names = new Set(new AdmZip(zipPath).getEntries().map(e => e.entryName.split('/')[0]).filter(n => n.endsWith('.dist-info')))
  return [...names].sort()
}

// ───────────────────────────── the report ─────────────────────────────

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const secs = (v: number): string => v.toFixed(v < 10 ? 3 : 2)
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1)

function tableRow(row: Row): string {
  const ratio = row.baseline ? `${(median(row.wall) / median(row.baseline.wall)).toFixed(2)}×` : row.isBaseline ? '1.00× (baseline)' : '—'
  const rss = row.showRss && row.rss.length ? Math.max(...row.rss).toFixed(0) : '—'
  const zip = row.zipBytes.length ? mb(median(row.zipBytes)) : '—'
  return `| ${row.label} | ${secs(median(row.wall))} | ${secs(Math.min(...row.wall))} | ${secs(Math.max(...row.wall))} | ${ratio} | ${secs(median(row.cpu))} | ${rss} | ${zip} |`
}

const TABLE_HEAD = ['| measurement | median s | min s | max s | ratio (median) | CPU s (median) | peak RSS MB | zip MB |', '|---|---:|---:|---:|---:|---:|---:|---:|']

function workloadSection(r: WorkloadResult): string[] {
  const phase = (key: keyof ZipPhase) => secs(median(r.phases.map(p => p[key])))
  const extraDists = r.spindriftDists.filter(d => !r.recipeDists.includes(d))
  const missingDists = r.recipeDists.filter(d => !r.spindriftDists.includes(d))
  const sameDeps = missingDists.length === 0 && extraDists.length <= 1
  return [
    `### ${r.workload.name}`,
    '',
    `Dependencies: ${r.recipeDists.map(d => d.replace(/\.dist-info$/, '')).join(', ')}. Installed tree (pip --no-compile, no bin/): ${r.treeFiles} files, ${mb(r.treeBytes)} MB; the recipe's folder (with pip's .pyc files and the app): ${r.recipeTree.files} files, ${mb(r.recipeTree.bytes)} MB.`,
    '',
    ...TABLE_HEAD,
    tableRow(r.recipe),
    tableRow(r.cold),
    ...(r.coldUv ? [tableRow(r.coldUv)] : []),
    tableRow(r.warm),
    tableRow(r.resolve),
    tableRow(r.zipPhase),
    tableRow(r.infoZip),
    '',
    `Zip phase split (medians): read the tree ${phase('readSeconds')} s, buildZip ${phase('zipSeconds')} s, write ${phase('writeSeconds')} s, ${r.phases[0]?.entries ?? 0} entries.`,
    '',
    `- Cold and warm zips byte-identical (warm run, no app change, vs the cold run that filled the cache): **${r.identical ? 'PASS' : 'FAIL'}**`,
    `- Every timed warm zip byte-identical to a cold build of the same app state (warm run i vs cold run i+1; the last vs one more cold run): **${r.warmMatchesCold.matching === r.warmMatchesCold.of ? 'PASS' : 'FAIL'}** (${r.warmMatchesCold.matching} of ${r.warmMatchesCold.of})`,
    `- Same dependency versions as the recipe: **${sameDeps ? 'PASS' : 'FAIL'}**${extraDists.length ? ` (spindrift also ships ${extraDists.join(', ')}: the project's own metadata)` : ''}${missingDists.length ? `; missing: ${missingDists.join(', ')}` : ''}`,
    ''
  ]
}

interface Verdict {
  target: string
  measured: string
  met: boolean | undefined
  /** A goal of ours rather than one of the issue's targets: shown, but not bolded when missed. */
  ownGoal?: boolean
}

function verdicts(results: WorkloadResult[], allRss: number[], functions?: FunctionsResult): Verdict[] {
  const find = (name: string) => results.find(r => r.workload.name.startsWith(name))
  const ratio = (a: Row, b: Row) => median(a.wall) / median(b.wall)
  const heavy = find('heavy')
  const flask = find('flask')
  const out: Verdict[] = []
  const add = (target: string, value: number | undefined, limit: number, unit: string, { strict = false, ownGoal = false } = {}) =>
    out.push({
      target: ownGoal ? `${target} (our goal; the issue sets none for Flask)` : target,
      measured: value === undefined ? 'not measured (--quick)' : `${value.toFixed(unit === '×' ? 2 : unit === ' MB' ? 0 : 3)}${unit}`,
      met: value === undefined ? undefined : strict ? value < limit : value <= limit,
      ownGoal
    })
  add(`heavy app: warm ≤ ${TARGETS.heavyWarmRatio}× recipe`, heavy && ratio(heavy.warm, heavy.recipe), TARGETS.heavyWarmRatio, '×')
  add(`heavy app: cold ≤ ${TARGETS.coldRatio}× recipe`, heavy && ratio(heavy.cold, heavy.recipe), TARGETS.coldRatio, '×')
  add(`Flask: cold ≤ ${TARGETS.coldRatio}× recipe`, flask && ratio(flask.cold, flask.recipe), TARGETS.coldRatio, '×', { ownGoal: true })
  if (flask?.coldUv) add(`Flask: cold with \`package.installer: uv\` ≤ ${TARGETS.coldRatio}× recipe`, ratio(flask.coldUv, flask.recipe), TARGETS.coldRatio, '×', { ownGoal: true })
  add(`heavy app: zip phase ≤ ${TARGETS.zipPhaseRatio}× Info-ZIP`, heavy && ratio(heavy.zipPhase, heavy.infoZip), TARGETS.zipPhaseRatio, '×')
  add(`Flask: zip phase ≤ ${TARGETS.zipPhaseRatio}× Info-ZIP`, flask && ratio(flask.zipPhase, flask.infoZip), TARGETS.zipPhaseRatio, '×', { ownGoal: true })
  add(`peak RSS of any spindrift CLI run ≤ ${TARGETS.peakRssMb} MB`, allRss.length ? Math.max(...allRss) : undefined, TARGETS.peakRssMb, ' MB')
  add(`Flask: warm < ${TARGETS.flaskWarmSeconds} s wall (median)`, flask && median(flask.warm.wall), TARGETS.flaskWarmSeconds, ' s', { strict: true })
  add(`${FUNCTIONS} functions: cold ≤ ${TARGETS.functionsColdRatio}× one single-function cold build`, functions && median(functions.cold.wall) / median(functions.single.cold.wall), TARGETS.functionsColdRatio, '×')
  add(`${FUNCTIONS} functions: warm ≤ ${TARGETS.functionsWarmRatio}× one single-function warm build`, functions && median(functions.warm.wall) / median(functions.single.warm.wall), TARGETS.functionsWarmRatio, '×')
  return out
}

function machineInfo(): string[] {
  const cpu = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown'
  const python = setup('python3', ['--version']).trim()
  const pip = setup('python3', ['-m', 'pip', '--version']).split(' from ')[0]
  const zip = /Zip (\d[\d.]*)/.exec(setup('zip', ['-v']))?.[0] ?? 'zip'
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() || 'unknown'
  const dirty = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ? ' (with uncommitted changes)' : ''
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${setup('nproc', []).trim()} CPUs (nproc), ${cpu}, ${os.platform()} ${os.arch()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `- Node ${process.version}, ${python}, ${pip}, ${zip}; peak RSS via ${existsSync(GNU_TIME) ? 'GNU time (%M)' : 'python3 getrusage wrapper'}`,
    `- spindrift: dist/cli.js at commit ${commit}${dirty}; target ${RUNTIME} x86_64`
  ]
}

function report(info: string[], runs: number, results: WorkloadResult[], startup: Row[], load: { start: number[]; end: number[] }, functions?: FunctionsResult): string {
  const allRss = results.flatMap(r => [...r.cold.rss, ...(r.coldUv?.rss ?? []), ...r.warm.rss]).concat(functions ? [...functions.cold.rss, ...functions.warm.rss] : [])
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (scripts/bench.ts); times are wall-clock seconds over ' + `${runs} runs each, measured side by side in one run.`,
    '',
    ...info,
    `- Load average (1 min) at start ${load.start[0].toFixed(2)}, at end ${load.end[0].toFixed(2)}: with other work on the machine, wall times are noisy; the CPU column is steadier.`,
    '',
    '## Targets',
    '',
    '| target | measured | |',
    '|---|---:|---|',
    ...verdicts(results, allRss, functions).map(v => `| ${v.target} | ${v.measured} | ${v.met === undefined ? '—' : v.met ? 'met' : v.ownGoal ? 'missed' : '**missed**'} |`),
    '',
    '## Results',
    '',
    ...results.flatMap(workloadSection),
    ...(functions ? functionsSection(functions) : []),
    '### Start-up overhead (once, for both workloads)',
    '',
    ...TABLE_HEAD,
    ...startup.map(tableRow),
    '',
    '## What is measured',
    '',
    `- **recipe**: \`python3 -m pip install --platform ${PLATFORM} --implementation cp --python-version ${PYTHON_VERSION} --only-binary=:all: --target DIR -r requirements.txt\`, the app files copied into DIR, then \`cd DIR && zip -r -q ../out.zip .\`; a fresh DIR each run. For Flask the requirements are the example's declared dependencies (\`flask>=3,<4\`); the project itself is copied, not built. pip compiles .pyc files by default, so the recipe's zip carries \`__pycache__\` (spindrift ships none unless \`package.compile\`).`,
    '- **spindrift cold**: `node dist/cli.js package … --json` with an empty `SPINDRIFT_CACHE_DIR` each run: pip install, the dependency layer zip (stored in the cache), the app layer (for Flask: `pip wheel` of the project, while the dependencies its `pyproject.toml` lists install alongside), the shim, the final zip.',
    "- **spindrift cold, `--package-installer uv`** (when uv is installed): the same with uv installing the dependencies and building the project's wheel (`uv build --wheel`); uv's own cache stays warm across runs, as pip's HTTP cache does.",
    '- **spindrift warm**: the same command with the dependency cache filled beforehand and one app file changed before each run (a comment appended to `handler.py` / `yourwebapp/main.py`).',
    '- **zip phase**: the dependency tree installed once with the recipe\'s pip command plus `--no-compile`, `bin/` removed; spindrift\'s side reads it with `installedFiles` (src/deps/install.ts), sorts it and calls `buildZip` + `writeAtomically` (src/zip/archive.ts, src/zip/atomic.ts) in a fresh Node process that times itself; Info-ZIP\'s side is `zip -r -q` (level 6) on the same tree, its process start included (a few ms; it matters only for the small Flask tree).',
    '- **start-up**: `node dist/cli.js --help`; the action bundle `node dist/index.js` run in an empty folder with no inputs, which loads it, reads its inputs and stops with one sentence at the missing `package.entry`, before any Python; `node -e 0`; `python3 -c pass` (a warm run spawns Python once); `python3 -m pip --version` (every pip run pays this; a warm run runs none).',
    '- Each iteration runs every measurement of a workload once (interleaved), so background load falls on all of them alike. Before timing, one untimed install warms pip\'s HTTP cache, which then stays warm for the recipe and for spindrift alike (same machine, network and pip); so the recipe\'s and the cold runs\' downloads are cache hits.',
    '- Peak RSS: the largest single process of the run (node, or a pip it spawned), from getrusage; the zip-phase RSS includes the Node/tsx baseline of its child process.',
    `- **${FUNCTIONS} functions**: one settings file with a \`functions:\` section of ${FUNCTIONS} functions over the Flask example (one project, one dependency set), \`spindrift package --file … --json\` cold (empty cache) and warm (one app file changed); against ${FUNCTIONS} separate \`spindrift package\` runs of the example sharing one cache that starts empty, and the recipe run ${FUNCTIONS} times; the ratios in the table are against the ${FUNCTIONS} recipes, the targets against one single-function build.`,
    '- Checks: a warm run with no app change must give a zip byte-identical to the cold run that filled the cache; every timed warm run must give the zip a cold build of the same app state gives; spindrift must ship the same dependency versions as the recipe.',
    ''
  ]
  return lines.join('\n')
}

// ───────────────────────────── main ─────────────────────────────

function ensureBuilt(): void {
  if (existsSync(CLI)) return
  progress('dist/cli.js is missing: npm run build')
  const run = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  if (run.status !== 0) throw new Error('npm run build failed')
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { runs: { type: 'string' }, quick: { type: 'boolean' }, keep: { type: 'boolean' }, 'zip-phase': { type: 'boolean' } },
    allowPositionals: true
  })
  if (values['zip-phase']) return zipPhaseChild(positionals[0], positionals[1])
  const runs = values.quick ? 2 : Number(values.runs ?? 5)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`)

  ensureBuilt()
  const load = { start: os.loadavg(), end: [] as number[] }
  const info = machineInfo()
  const work = mkdtempSync(path.join(os.tmpdir(), 'spindrift-bench-'))
  progress(`workspace ${work}; ${runs} runs each${values.quick ? ' (--quick: Flask only)' : ''}`)
  try {
    const workloads = values.quick ? [flaskWorkload(work)] : [flaskWorkload(work), heavyWorkload(work)]
    const results = workloads.map(w => benchWorkload(w, runs, work))
    const functions = benchFunctions(workloads[0], results[0], runs, work)
    const startup = startupRows()
    progress('start-up overhead')
    const emptyDir = mkdtempSync(path.join(work, 'empty-'))
    for (let i = 0; i < runs; i++) measureStartup(startup, emptyDir)
    load.end = os.loadavg()
    const markdown = report(info, runs, results, Object.values(startup), load, functions)
    process.stdout.write(markdown)
    if (values.quick) {
      progress('--quick: docs/benchmarks.md left as it is')
    } else {
      mkdirSync(path.dirname(REPORT), { recursive: true })
      writeFileSync(REPORT, markdown)
      progress(`wrote ${path.relative(ROOT, REPORT)}`)
    }
  } finally {
    if (values.keep) progress(`kept ${work}`)
    else rmSync(work, { recursive: true, force: true })
  }
}

main().catch(error => {
  process.stderr.write(`bench: ${(error as Error).message}\n`)
  process.exitCode = 1
})
