// Several functions and dependency layers from one settings file, through the CLI: shared and distinct
// dependency sets, the layer layout imported for real, hash stability across app edits, --function, and each
// invalid form of the functions: section.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { makeIndex } from './helpers/pyindex.js'
import { ROOT as ROOT_DIR, extract, runCli, tempDir, writeTree, zipNames } from './helpers/run.js'

const work = tempDir()
const INDEX = makeIndex(path.join(work, 'index'), [
  { name: 'demo', version: '1.0', tag: 'py3-none-any', files: { 'demo/__init__.py': 'TAG = "demo 1.0"\n' } },
  { name: 'other', version: '2.0', tag: 'py3-none-any', files: { 'other/__init__.py': 'TAG = "other 2.0"\n' } }
])

const handler = (module: string, word: string) => `import ${module}\n\n\ndef handler(event, context):\n    return {"from": ${JSON.stringify(word)}, "dep": ${module}.TAG}\n`

/** A repository with two project folders: api/ (api and worker functions, needing demo) and jobs/ (needing other). */
function repository(settings: string): string {
  const repo = tempDir('spindrift-functions-')
  writeTree(repo, {
    'api/api.py': handler('demo', 'api'),
    'api/worker.py': handler('demo', 'worker'),
    'api/requirements.txt': 'demo==1.0\n',
    'jobs/job.py': handler('other', 'job'),
    'jobs/requirements.txt': 'other==2.0\n',
    'settings.spindrift': settings
  })
  return repo
}

const THREE_FUNCTIONS = `package:
  runtime: python3.11
  index-url: ${INDEX}
functions:
  api:
    package:
      path: api
      entry: api:handler
  worker:
    package:
      path: api
      entry: worker:handler
  job:
    package:
      path: jobs
      entry: job:handler
    output:
      path: out/nightly-job.zip
`

/** Call index.handler with the function zip at the task root and, when given, the layer's python/ on sys.path. */
function callHandler(zip: string, layer?: string): { from: string; dep: string } {
  const root = extract(zip)
  const opt = layer ? path.join(extract(layer), 'python') : undefined
  const script = ['import json, sys', `sys.path[:0] = ${JSON.stringify([root, ...(opt ? [opt] : [])])}`, 'import index', 'print(json.dumps(index.handler({}, None)))'].join('\n')
  return JSON.parse(execFileSync('python3', ['-S', '-E', '-c', script], { encoding: 'utf8', cwd: root }).trim().split('\n').pop() as string)
}

const cacheEnv = () => ({ SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') })

test('three functions over two projects: one install per dependency set, each zip whole and its own', () => {
  const repo = repository(THREE_FUNCTIONS)
  const run = runCli(['package', '--json'], { cwd: repo, env: cacheEnv() })
  assert.equal(run.code, 0, run.stderr)
  const summary = JSON.parse(run.stdout)
  assert.deepEqual(Object.keys(summary.functions), ['api', 'worker', 'job'])
  assert.deepEqual(summary.layers, [])
  assert.equal((run.stderr.match(/Installing the dependencies|Assembled the dependencies/g) ?? []).length, 2, 'api and worker share one install; job has its own')
  assert.equal(summary.functions.api.path, path.join(repo, 'build', 'api.zip'))
  assert.equal(summary.functions.job.path, path.join(repo, 'out', 'nightly-job.zip'))
  assert.deepEqual(callHandler(summary.functions.api.path), { from: 'api', dep: 'demo 1.0' })
  assert.deepEqual(callHandler(summary.functions.worker.path), { from: 'worker', dep: 'demo 1.0' })
  assert.deepEqual(callHandler(summary.functions.job.path), { from: 'job', dep: 'other 2.0' })
  for (const result of Object.values(summary.functions) as { path: string; size: number; base64Sha256: string; sha256: string }[]) {
    assert.equal(readFileSync(result.path).length, result.size)
    assert.equal(Buffer.from(result.base64Sha256, 'base64').toString('hex'), result.sha256)
  }
  assert.ok(!zipNames(summary.functions.job.path).includes('demo/__init__.py'), 'a function gets only its own project\'s dependencies')

  const plain = runCli(['package'], { cwd: repo, env: cacheEnv() })
  assert.equal(plain.code, 0, plain.stderr)
  assert.deepEqual(plain.stdout.trim().split('\n'), [summary.functions.api.path, summary.functions.worker.path, summary.functions.job.path])
})

test('--function builds only the functions named; an unknown one is one sentence and nothing is written', () => {
  const repo = repository(THREE_FUNCTIONS)
  const run = runCli(['package', '--function', 'worker', '--function', 'job', '--json'], { cwd: repo, env: cacheEnv() })
  assert.equal(run.code, 0, run.stderr)
  assert.deepEqual(Object.keys(JSON.parse(run.stdout).functions), ['worker', 'job'])
  assert.equal(existsSync(path.join(repo, 'build', 'api.zip')), false)

  const fresh = repository(THREE_FUNCTIONS)
  const unknown = runCli(['package', '--function', 'wroker'], { cwd: fresh, env: cacheEnv() })
  assert.equal(unknown.code, 1)
  assert.match(unknown.stderr, /^spindrift: --function wroker is not in .*settings\.spindrift's functions \(api, worker, job\); did you mean worker\?$/m)
  assert.equal(existsSync(path.join(fresh, 'build')), false)

  const noSection = runCli(['package', '--function', 'api', '--package-entry', 'api:handler', '--package-runtime', 'python3.11', '--package-path', path.join(repo, 'api')], { cwd: tempDir(), env: cacheEnv() })
  assert.equal(noSection.code, 1)
  assert.match(noSection.stderr, /--function api was given, but there is no settings file, so it defines no functions: section/)
})

test('a shared dependency layer: one layer zip for two functions, function zips hold only the app and the shim, and only the app zip changes on an edit', () => {
  const settings = THREE_FUNCTIONS.replace('package:\n  runtime', 'output:\n  layer-path: build/api-deps.zip\npackage:\n  layer: true\n  runtime').replace(
    '      entry: job:handler\n',
    '      entry: job:handler\n    output:\n      layer-path: build/job-deps.zip\n'
  ).replace('    output:\n      path: out/nightly-job.zip\n', '')
  const repo = repository(settings)
  const env = cacheEnv()
  const first = runCli(['package', '--json'], { cwd: repo, env })
  assert.equal(first.code, 0, first.stderr)
  const summary = JSON.parse(first.stdout)
  const apiLayer = path.join(repo, 'build', 'api-deps.zip')
  assert.deepEqual(summary.layers.map((l: { path: string; functions: string[] }) => [l.path, l.functions]), [[apiLayer, ['api', 'worker']], [path.join(repo, 'build', 'job-deps.zip'), ['job']]])
  assert.equal(summary.layers[0].compatibleRuntime, 'python3.11')
  assert.equal(summary.layers[0].compatibleArchitecture, 'x86_64')
  assert.deepEqual(zipNames(summary.functions.api.path), ['api.py', 'index.py', 'requirements.txt', 'spindrift.json', 'worker.py'])
  assert.ok(zipNames(apiLayer).includes('python/demo/__init__.py'))
  assert.ok(zipNames(apiLayer).every(name => name.startsWith('python/')), 'Lambda layer layout: everything under python/')
  assert.equal(summary.functions.api.layer.path, apiLayer)
  assert.equal(summary.functions.worker.layer.sha256, summary.functions.api.layer.sha256)
  // Imported the way Lambda does it: the function at the task root, the layer's python/ (/opt/python) on sys.path.
  assert.deepEqual(callHandler(summary.functions.api.path, apiLayer), { from: 'api', dep: 'demo 1.0' })
  assert.deepEqual(callHandler(summary.functions.job.path, summary.functions.job.layer.path), { from: 'job', dep: 'other 2.0' })
  assert.throws(() => callHandler(summary.functions.api.path), /ModuleNotFoundError: No module named 'demo'/, 'without the layer the dependency is missing')
  // And under spindrift invoke, the real runtime interface client with the layer given as Lambda would mount it.
  const event = path.join(repo, 'event.json')
  writeTree(repo, { 'event.json': '{}' })
  const invoked = runCli(['invoke', summary.functions.worker.path, '--layer', apiLayer, '--event', event], { env })
  assert.equal(invoked.code, 0, invoked.stderr)
  assert.deepEqual(JSON.parse(invoked.stdout), { from: 'worker', dep: 'demo 1.0' })
  const without = runCli(['invoke', summary.functions.worker.path, '--event', event], { env })
  assert.equal(without.code, 1)
  assert.match(without.stderr, /No module named 'demo'/)

  writeTree(repo, { 'api/api.py': handler('demo', 'api, edited') })
  const second = runCli(['package', '--json'], { cwd: repo, env })
  assert.equal(second.code, 0, second.stderr)
  const after = JSON.parse(second.stdout)
  assert.notEqual(after.functions.api.sha256, summary.functions.api.sha256, 'the edited function zip changes')
  assert.equal(after.functions.api.layer.sha256, summary.functions.api.layer.sha256, 'the layer does not')
  assert.notEqual(after.functions.worker.sha256, summary.functions.worker.sha256, 'worker ships the same project folder, so the edit is in its zip too')
  assert.equal(after.functions.job.sha256, summary.functions.job.sha256, 'a function of another project is the same bytes')
  assert.equal(after.functions.job.layer.sha256, summary.functions.job.layer.sha256)
  assert.deepEqual(callHandler(after.functions.api.path, apiLayer), { from: 'api, edited', dep: 'demo 1.0' })
})

test('one function with package.layer: --json keeps the single result and adds its layer', () => {
  const repo = repository('')
  const out = path.join(repo, 'dist', 'api.zip')
  const run = runCli(['package', '--package-path', 'api', '--package-entry', 'api:handler', '--package-runtime', 'python3.12', '--package-architecture', 'arm64', '--package-index-url', INDEX, '--package-layer', '--output-path', out, '--json'], { cwd: repo, env: cacheEnv() })
  assert.equal(run.code, 0, run.stderr)
  const result = JSON.parse(run.stdout)
  assert.equal(result.path, out)
  assert.equal(result.layer.path, path.join(repo, 'build', 'api-layer.zip'))
  assert.equal(result.layer.compatibleRuntime, 'python3.12')
  assert.equal(result.layer.compatibleArchitecture, 'arm64')
  assert.equal(readFileSync(result.layer.path).length, result.layer.size)
  assert.deepEqual(zipNames(out).filter(n => n.startsWith('demo')), [])
})

const invalid: [string, string, RegExp][] = [
  ['two functions writing one zip', 'functions:\n  a:\n    package: { entry: "api:handler", path: api, runtime: python3.11 }\n    output: { path: same.zip }\n  b:\n    package: { entry: "worker:handler", path: api, runtime: python3.11 }\n    output: { path: same.zip }\n', /Functions a and b both write .*same\.zip; give each its own output\.path/],
  ['a per-function key without its section', 'package:\n  runtime: python3.11\nfunctions:\n  api:\n    entry: api:handler\n', /Unknown setting "entry" for function api in .*settings\.spindrift line 5; did you mean "package\.entry"\?/],
  ['a run-wide key inside a function', 'functions:\n  api:\n    cache: false\n    package: { entry: "api:handler", path: api, runtime: python3.11 }\n', /cache in .*line 3 \(function api\) applies to the whole run; move it to the top level/],
  ['functions that is not a map', 'functions:\n  - api\n', /functions in .*line 1 must be a map of function names to their package: and output: settings, not a list/],
  ['a function name that is not a file name', 'functions:\n  "my api":\n    package: { entry: "api:handler", path: api, runtime: python3.11 }\n', /Function name "my api" in .* is not usable as a file name/],
  ['a function without an entry', 'package:\n  runtime: python3.11\nfunctions:\n  api:\n    package: { path: api }\n', /package\.entry is not set for function api; set it under functions: api: package: entry:/],
  ['two different layers on one path', `package:\n  runtime: python3.11\n  layer: true\n  index-url: ${INDEX}\noutput:\n  layer-path: deps.zip\nfunctions:\n  api:\n    package: { entry: "api:handler", path: api }\n  job:\n    package: { entry: "job:handler", path: jobs }\n`, /Two functions share output\.layer-path .*deps\.zip but need different dependency layers/],
  ['a layer path that is the function zip', 'package:\n  runtime: python3.11\n  layer: true\n  path: api\n  entry: api:handler\noutput:\n  path: x.zip\n  layer-path: x.zip\n', /output\.layer-path and output\.path are both .*x\.zip; give the layer zip its own file/]
]

for (const [name, settings, message] of invalid) {
  test(`invalid functions settings: ${name} is one sentence, exit 1, and no zip is written`, () => {
    const repo = repository(settings)
    const run = runCli(['package'], { cwd: repo, env: cacheEnv() })
    assert.equal(run.code, 1, run.stderr)
    assert.match(run.stderr, message)
    assert.equal(run.stderr.trim().split('\n').filter(l => l.startsWith('spindrift:')).length, 1)
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at /)
    for (const file of ['build/api.zip', 'same.zip', 'deps.zip', 'x.zip']) assert.equal(existsSync(path.join(repo, file)), false, file)
  })
}

test('the action bundle: an artefacts output with every function and the shared layer; the function input picks one and keeps the single outputs', async () => {
  const { runAction } = await import('./helpers/action.js')
  const settings = THREE_FUNCTIONS.replace('package:\n  runtime', 'output:\n  layer-path: build/deps.zip\npackage:\n  layer: true\n  runtime').replace('      entry: job:handler\n', '      entry: job:handler\n      layer: false\n')
  const repo = repository(settings)
  const env = cacheEnv()
  const all = await runAction(repo, { 'settings-file': 'settings.spindrift', 'working-directory': '.' }, env)
  assert.equal(all.code, 0, all.stdout + all.stderr)
  const artefacts = JSON.parse(all.outputs['artefacts'])
  assert.deepEqual(Object.keys(artefacts.functions), ['api', 'worker', 'job'])
  assert.deepEqual(artefacts.layers.map((l: { path: string; functions: string[] }) => [l.path, l.functions]), [[path.join(repo, 'build', 'deps.zip'), ['api', 'worker']]])
  assert.equal(artefacts.functions.job.layer, undefined)
  assert.equal(all.outputs['zip-path'], undefined, 'several functions: no single-function outputs')
  assert.match(all.summary, /function api[\s\S]*layer zip[\s\S]*function job/)

  const one = await runAction(repo, { 'settings-file': 'settings.spindrift', 'working-directory': '.', function: 'worker' }, env)
  assert.equal(one.code, 0, one.stdout + one.stderr)
  assert.equal(one.outputs['zip-path'], path.join(repo, 'build', 'worker.zip'))
  assert.equal(one.outputs['layer-zip-path'], path.join(repo, 'build', 'deps.zip'))
  assert.equal(one.outputs['layer-base64-sha256'], artefacts.layers[0].base64Sha256, 'the same layer bytes when built alone')
  assert.equal(one.outputs['cache-hit'], 'true')
})

test('the library: packager.packageFunctions gives the same structure; packager.package names the functions it cannot choose between', async () => {
  const repo = repository(THREE_FUNCTIONS)
  const { packager } = await import(path.join(ROOT_DIR, 'dist', 'lib.js'))
  const env = { ...process.env, ...cacheEnv() }
  const summary = await packager.packageFunctions({ settingsFile: path.join(repo, 'settings.spindrift'), functions: ['api', 'job'], env })
  assert.deepEqual(Object.keys(summary.functions), ['api', 'job'])
  assert.equal(readFileSync(summary.functions.job.path).length, summary.functions.job.size)
  await assert.rejects(packager.package({ settingsFile: path.join(repo, 'settings.spindrift'), env }), /The settings file defines 3 functions \(api, worker, job\); build them with packager\.packageFunctions \(or spindrift package\), which can also pick some of them\./)
})
