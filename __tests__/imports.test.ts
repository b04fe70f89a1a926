// The import rules CI enforces (scripts/check-imports.ts): no circles between files or folders, thin faces.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'
import { checkImports, findCycle } from '../scripts/check-imports.js'

const graphOf = (edges: Record<string, string[]>) => ({ files: Object.keys(edges), imports: (file: string) => edges[file] })

test('a circle between files is found and named in import order', () => {
  const cycle = findCycle(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', []]]))
  assert.deepEqual(cycle, ['a.ts', 'b.ts', 'c.ts', 'a.ts'])
  assert.equal(findCycle(new Map([['a.ts', ['b.ts']], ['b.ts', []]])), undefined)
})

test('a circle between folders is a problem even when the files form none', () => {
  const { files, imports } = graphOf({ 'deps/x.ts': ['app/y.ts'], 'app/y.ts': [], 'app/z.ts': ['deps/w.ts'], 'deps/w.ts': [] })
  assert.deepEqual(checkImports(files, imports), ['import circle between folders: app → deps → app'])
})

test('a face that imports a stage directly is a problem; the pipeline and config are allowed', () => {
  const { files, imports } = graphOf({ 'faces/cli.ts': ['pipeline.ts', 'config/plan.ts', 'deps/install.ts'], 'pipeline.ts': ['deps/install.ts'], 'config/plan.ts': [], 'deps/install.ts': [] })
  assert.deepEqual(checkImports(files, imports), ['faces/cli.ts is a face but imports the stage internals deps/install.ts; go through pipeline.ts or config/'])
})

test('src/ itself keeps the rules', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check-imports.ts'], { encoding: 'utf8' })
  assert.equal(run.status, 0, run.stderr)
  assert.match(run.stdout, /^imports: \d+ files in src\/, no circles/)
})
