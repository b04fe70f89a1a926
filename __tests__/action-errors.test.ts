// The bad-input corpus through the action bundle, run as the runner runs it: the step fails with the same
// sentence as an error annotation, sets no outputs, prints no stack trace, and writes nothing.
import assert from 'node:assert/strict'
import path from 'node:path'
import { test } from 'node:test'
import { runAction } from './helpers/action.js'
import { cases, prepareCase } from './helpers/badinputs.js'
import { tempDir, writeTree } from './helpers/run.js'

/** Command-line flags of a corpus case as action inputs, by the naming rule. */
function inputsFor(args: string[], out: string): Record<string, string> {
  const inputs: Record<string, string> = {}
  for (let i = 0; i < args.length; i++) {
    const flag = args[i].replace(/^--/, '')
    const next = args[i + 1]
    if (flag === 'no-cache') inputs.cache = 'false'
    else if (flag === 'file') (inputs['settings-file'] = next), i++
    else if (next === undefined || next.startsWith('--')) inputs[flag] = 'true'
    else (inputs[flag] = inputs[flag] ? `${inputs[flag]}\n${next}` : next === 'OUT' ? out : next), i++
  }
  return inputs
}

for (const c of cases.filter(c => !c.cliOnly)) {
  test(`action, bad input: ${c.name}`, async () => {
    const { dir, out, checkNothingWritten } = prepareCase(c)
    const run = await runAction(dir, inputsFor(c.args, out), { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), PIP_RETRIES: '0', PIP_TIMEOUT: '2', ...c.env })
    assert.equal(run.code, 1, run.stdout)
    const errors = run.stdout.split('\n').filter(line => line.startsWith('::error'))
    assert.equal(errors.length, 1, run.stdout)
    const message = errors[0].replace(/^::error[^:]*::/, 'spindrift: ')
    assert.match(message, c.actionMessage ?? c.message)
    assert.doesNotMatch(run.stdout + run.stderr, /^\s+at .*:\d+:\d+\)?$/m, 'no stack trace')
    assert.deepEqual(run.outputs, {})
    checkNothingWritten()
  })
}

test('action: the project and requirements must lie inside the workspace', async () => {
  const outside = tempDir('spindrift-outside-')
  writeTree(outside, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': '' })
  const ws = tempDir('spindrift-ws-')
  writeTree(ws, { 'handler.py': 'def handler(event, context):\n    return 1\n' })
  const base = { 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'output-path': 'app.zip' }
  const project = await runAction(ws, { ...base, 'package-path': outside }, { SPINDRIFT_CACHE_DIR: tempDir() })
  assert.equal(project.code, 1)
  assert.match(project.stdout, /::error title=spindrift::package\.path .* is outside the workspace .*; package only what the workflow checked out/)
  const requirements = await runAction(ws, { ...base, 'package-requirements': path.join(outside, 'requirements.txt') }, { SPINDRIFT_CACHE_DIR: tempDir() })
  assert.match(requirements.stdout, /::error title=spindrift::package\.requirements .*requirements\.txt is outside the workspace/)
})

test('action: includes, local requirement lines, the settings file and the output path must stay inside the workspace too', async () => {
  const outside = tempDir('spindrift-outside-')
  writeTree(outside, { 'other.txt': 'flask\n', 'lib/setup.py': '', 'settings.yml': 'package:\n  entry: root:x:0:0\n' })
  const ws = tempDir('spindrift-ws-')
  writeTree(ws, { 'handler.py': 'def handler(event, context):\n    return 1\n' })
  const base = { 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'output-path': 'app.zip' }
  const env = { SPINDRIFT_CACHE_DIR: tempDir() }
  const run = async (files: Record<string, string>, inputs: Record<string, string> = {}) => {
    writeTree(ws, files)
    const result = await runAction(ws, { ...base, ...inputs }, env)
    assert.equal(result.code, 1, result.stdout)
    assert.deepEqual(result.outputs, {})
    return result.stdout
  }
  assert.match(await run({ 'requirements.txt': `-r ${path.join(outside, 'other.txt')}\n` }), /::error title=spindrift::A requirements file includes or names .*other\.txt, which is outside the workspace/)
  assert.match(await run({ 'requirements.txt': `${path.relative(ws, path.join(outside, 'lib'))}\n`.replace(/^/, './') }), /::error title=spindrift::A requirements file includes or names .*outside-[^/]+\/lib, which is outside the workspace/)
  writeTree(ws, { 'requirements.txt': '' })
  const settings = await run({}, { 'settings-file': path.join(outside, 'settings.yml') })
  assert.match(settings, /::error title=spindrift::Settings file .*settings\.yml is outside the workspace/)
  assert.doesNotMatch(settings, /root:x:0:0/, 'no text of the foreign file is echoed')
  assert.match(await run({}, { 'output-path': path.join(outside, 'app.zip') }), /::error title=spindrift::output\.path .*app\.zip is outside the workspace .*; write the zip inside the workspace/)
})

test('action: the output may go to RUNNER_TEMP', async () => {
  const ws = tempDir('spindrift-ws-')
  writeTree(ws, { 'handler.py': 'def handler(event, context):\n    return 1\n' })
  const runnerTemp = tempDir('spindrift-runner-temp-')
  const result = await runAction(ws, { 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'output-path': path.join(runnerTemp, 'app.zip'), cache: 'false' }, { RUNNER_TEMP: runnerTemp })
  assert.equal(result.code, 0, result.stdout)
  assert.equal(result.outputs['zip-path'], path.join(runnerTemp, 'app.zip'))
})

test('action: a working-directory that does not exist is named', async () => {
  const ws = tempDir('spindrift-ws-')
  const run = await runAction(ws, { 'working-directory': 'services/missing', 'package-entry': 'handler:handler', 'package-runtime': 'python3.11' }, { SPINDRIFT_CACHE_DIR: tempDir() })
  assert.equal(run.code, 1)
  assert.match(run.stdout, /^::error title=spindrift::Input working-directory "services\/missing" is not a folder in the workspace .*; fix the path/m)
})

test('action: a retired runtime in the settings file is annotated on its line, like the other settings errors', async () => {
  const ws = tempDir('spindrift-ws-')
  writeTree(ws, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'settings.spindrift': '# comment\npackage:\n  entry: handler:handler\n  runtime: python3.8\n' })
  const run = await runAction(ws, { 'settings-file': 'settings.spindrift', 'output-path': 'app.zip' }, { SPINDRIFT_CACHE_DIR: tempDir() })
  assert.equal(run.code, 1)
  assert.match(run.stdout, /^::error title=spindrift settings,file=settings\.spindrift,line=4::package\.runtime "python3\.8" is retired/m)
  // Given as an input, it is the input's fault: no file annotation.
  const input = await runAction(ws, { 'settings-file': 'settings.spindrift', 'package-runtime': 'python3.7', 'output-path': 'app.zip' }, { SPINDRIFT_CACHE_DIR: tempDir() })
  assert.match(input.stdout, /^::error title=spindrift::package\.runtime "python3\.7" is retired/m)
})
