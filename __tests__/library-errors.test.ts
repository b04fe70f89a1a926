// The library face rejects what it cannot use with one sentence, as the CLI and the settings file do.
import assert from 'node:assert/strict'
import path from 'node:path'
import { test } from 'node:test'
import { ROOT, tempDir } from './helpers/run.js'

const { packager, SpindriftError } = await import(path.join(ROOT, 'dist', 'lib.js'))

test('packager.package(null) is a sentence, not an internal error', async () => {
  await assert.rejects(packager.package(null), (error: Error) => {
    assert.ok(error instanceof SpindriftError)
    assert.match(error.message, /^packager\.package was given null; pass an options object \(\{ entry, runtime, outputPath, … \}\) or the five arguments/)
    return true
  })
})

test('an unknown option key is rejected with the closest valid one', async () => {
  const out = path.join(tempDir(), 'app.zip')
  await assert.rejects(packager.package({ entry: 'handler:handler', runtime: 'python3.11', outputPth: out }), /^SpindriftError: Unknown option "outputPth" given to packager\.package; did you mean "outputPath"\?$/)
  await assert.rejects(packager.package({ entry: 'handler:handler', runtime: 'python3.11', zzzzzzzzzzzz: 1 }), /^SpindriftError: Unknown option "zzzzzzzzzzzz" given to packager\.package; see PackageOptions for the options\.$/)
})
