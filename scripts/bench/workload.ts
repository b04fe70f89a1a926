// One workload, every build of it: set-up (the pip tree, the locked copy, sam's projects, the warm caches), a
// warm-up round that is not timed (pip's and uv's caches warm for every tool), then `runs` timed rounds with
// every build once per round, so background load falls on all of them alike. A failing build marks its row
// with the reason and the others go on.
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { compareWithTree, describeComparison } from './compare.js'
import { progress, setup } from './measure.js'
import { differenceRow, newRow, record, type Row, type Table, type WorkloadRows } from './report.js'
import { pipRecipe, pipRecipeInstall, samBuild, samProject, spindrift, spindriftCold, spindriftWarm, uvRecipe, type Built } from './tools.js'
import { lockedCopy, type Workload } from './workloads.js'

export interface Tools {
  /** dist/cli.js */
  cli: string
  uv?: string
  sam?: string
}

export interface WorkloadResult {
  rows: WorkloadRows
  tables: { title: string; table: Table }[]
  /** Dependency summary lines and PASS/FAIL checks, as markdown bullets. */
  notes: string[]
}

const oneLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 300)

interface Build {
  row: Row
  /** Builds once; round 0 is the warm-up. */
  run(round: number): Built
}

export function benchWorkload(w: Workload, tools: Tools, runs: number, work: string): WorkloadResult {
  const scratch = path.join(work, `scratch-${w.name}`)
  mkdirSync(scratch, { recursive: true })
  const notes: string[] = []
  const missing = (what: string) => (row: Row) => ((row.error = `not installed (${what})`), row)
  const unavailable = (reason: string) => (row: Row) => ((row.error = reason), row)

  progress(`${w.name}: set-up: pip --target tree (--no-compile) for the file comparison`)
  const tree = path.join(scratch, 'pip-tree')
  let treeError: string | undefined
  try {
    const [command, ...args] = pipRecipeInstall(tree, w.requirementsFile, ['--no-compile'])
    setup(command, args)
  } catch (error) {
    treeError = oneLine(error)
  }

  let locked: Workload | undefined
  let lockError = 'needs uv to write the lock'
  if (tools.uv) {
    progress(`${w.name}: set-up: the locked copy`)
    try {
      locked = lockedCopy(w, tools.uv)
    } catch (error) {
      lockError = `writing the lock failed: ${oneLine(error)}`
    }
  }

  const rows = {
    pipRecipe: newRow('AWS pip recipe (`pip install --platform … --target` + `zip -r`)'),
    uvRecipe: newRow("uv recipe (uv's Lambda guide: `uv pip install --python-platform … --target` + `zip -r`)"),
    samPip: newRow('`sam build` (python_pip workflow, no Docker) + `zip -r`'),
    samUv: newRow('`sam build`, BuildMethod python-uv (beta) + `zip -r`'),
    coldPip: newRow('spindrift cold (pip)', true),
    coldUv: newRow('spindrift cold (`package.installer: uv`)', true),
    warm: newRow('spindrift warm (layer cached, 1 app file changed)', true),
    lockedPipRecipe: newRow('locked: AWS pip recipe (hashed pins)'),
    lockedUvRecipe: newRow('locked: uv recipe (hashed pins)'),
    lockedColdPip: newRow('locked: spindrift cold (pip)', true),
    lockedColdUv: newRow('locked: spindrift cold (`package.installer: uv`)', true),
    lockedWarm: newRow('locked: spindrift warm (layer cached, 1 app file changed)', true)
  }
  const builds: Build[] = []
  const add = (row: Row, run: (round: number) => Built) => builds.push({ row, run })
  const { cli, uv, sam } = tools

  add(rows.pipRecipe, () => pipRecipe(w, scratch))
  if (uv) add(rows.uvRecipe, () => uvRecipe(w, scratch, uv))
  else missing('no `uv` on PATH')(rows.uvRecipe)
  for (const [row, method] of [[rows.samPip, 'pip'], [rows.samUv, 'uv']] as const) {
    if (!sam) missing('no `sam` on PATH; `--sam PATH` names one')(row)
    else if (method === 'uv' && !uv) missing('the python-uv build method needs `uv` on PATH')(row)
    else {
      const project = samProject(w, scratch, method)
      add(row, () => samBuild(sam, project, scratch, method))
    }
  }
  add(rows.coldPip, () => spindriftCold(cli, w, scratch))
  if (uv) add(rows.coldUv, () => spindriftCold(cli, w, scratch, ['--package-installer', 'uv']))
  else missing('no `uv` on PATH')(rows.coldUv)
  const warmDigests = { unlocked: [] as string[], locked: [] as string[] }
  const warmCache = seededCache(cli, w, path.join(scratch, 'warm-cache'), rows.warm)
  if (warmCache) add(rows.warm, round => withDigest(spindriftWarm(cli, w, warmCache, scratch, round), warmDigests.unlocked))

  const lockedRows = [rows.lockedPipRecipe, rows.lockedUvRecipe, rows.lockedColdPip, rows.lockedColdUv, rows.lockedWarm]
  if (!locked || !uv) lockedRows.forEach(unavailable(lockError))
  else {
    const l = locked
    add(rows.lockedPipRecipe, () => pipRecipe(l, scratch))
    add(rows.lockedUvRecipe, () => uvRecipe(l, scratch, uv))
    add(rows.lockedColdPip, () => spindriftCold(cli, l, scratch))
    add(rows.lockedColdUv, () => spindriftCold(cli, l, scratch, ['--package-installer', 'uv']))
    const lockedCache = seededCache(cli, l, path.join(scratch, 'locked-warm-cache'), rows.lockedWarm)
    if (lockedCache) add(rows.lockedWarm, round => withDigest(spindriftWarm(cli, l, lockedCache, scratch, round), warmDigests.locked))
  }

  for (let round = 0; round <= runs; round++) {
    progress(`${w.name}: ${round === 0 ? 'warm-up round (not timed)' : `run ${round}/${runs}`}`)
    for (const build of builds) {
      if (build.row.error) continue
      try {
        const built = build.run(round)
        if (round > 0) record(build.row, built.sample, built.zipBytes)
      } catch (error) {
        build.row.error = `${round === 0 ? 'in the warm-up: ' : ''}${oneLine(error)}`
        progress(`${w.name}: ${build.row.label}: ${build.row.error}`)
      }
    }
  }

  progress(`${w.name}: checks: a cold build of the last warm state; its files against pip's tree`)
  notes.push(...checks(cli, w, scratch, warmDigests.unlocked, tree, treeError))
  if (locked) notes.push(...checks(cli, locked, scratch, warmDigests.locked))
  rmSync(scratch, { recursive: true, force: true })

  const resolution = differenceRow('warm, unlocked: resolution (warm − locked warm)', rows.warm, rows.lockedWarm)
  const all = [...Object.values(rows), resolution]
  return {
    rows: { name: w.name, ...rows, resolution, all },
    tables: [
      { title: 'as declared (ranges, no lock)', table: { rows: [rows.pipRecipe, rows.uvRecipe, rows.samPip, rows.samUv, rows.coldPip, rows.coldUv, rows.warm, resolution], pipRecipe: rows.pipRecipe, uvRecipe: rows.uvRecipe } },
      { title: `locked (${w.name === 'flask' ? '`uv.lock`; the recipes install `uv export`\'s hashed pins' : 'requirements.txt of hashed pins from `uv pip compile --generate-hashes`'})`, table: { rows: lockedRows, pipRecipe: rows.lockedPipRecipe, uvRecipe: rows.lockedUvRecipe } }
    ],
    notes
  }
}

function withDigest(built: Built & { digest: string }, digests: string[]): Built {
  digests.push(built.digest)
  return built
}

/** A cache filled by one cold build (set-up); undefined, with the row marked, when that build fails. */
function seededCache(cli: string, w: Workload, cacheDir: string, row: Row): string | undefined {
  try {
    spindrift(cli, w, cacheDir, path.join(cacheDir, '..', `seed-${w.locked ? 'locked' : 'unlocked'}.zip`), false)
    return cacheDir
  } catch (error) {
    row.error = `filling the cache failed: ${oneLine(error)}`
    return undefined
  }
}

/** The last warm zip against a cold build of the same app state; for the unlocked set, that zip against pip's tree. */
function checks(cli: string, w: Workload, scratch: string, warmDigests: string[], tree?: string, treeError?: string): string[] {
  const kind = w.locked ? 'locked' : 'unlocked'
  try {
    const cold = spindriftCold(cli, w, scratch)
    const last = warmDigests.at(-1)
    const lines = [`- ${kind}: last warm zip byte-identical to a cold build of the same app state: ${last === undefined ? 'not measured (no warm build)' : last === cold.digest ? '**PASS**' : '**FAIL**'}`]
    if (tree) lines.push(`- ${kind}: every file pip --target installs (no .pyc, bin/, RECORD/INSTALLER) in spindrift's zip with the same bytes: ${treeError ? `not measured (${treeError})` : describeComparison(compareWithTree(tree, cold.zip))}`)
    rmSync(cold.zip, { force: true })
    return lines
  } catch (error) {
    return [`- ${kind}: checks not run: the cold build failed: ${oneLine(error)}`]
  }
}
