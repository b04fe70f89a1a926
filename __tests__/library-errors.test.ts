// The library face rejects what it cannot use with one sentence, as the CLI and the settings file do.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { asUserError, quote } from '../src/common/errors.js'
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

test('a file-system error the user can fix rejects as a sentence naming the path, not as an errno error', async () => {
  const dir = tempDir()
  writeFileSync(path.join(dir, 'handler.py'), 'def handler(event, context):\n    return 1\n')
  execFileSync('python3', ['-c', 'import os, sys\nos.chdir(sys.argv[1])\nfor _ in range(22):\n    os.mkdir("d" * 200)\n    os.chdir("d" * 200)\nopen("x.py", "w").close()', dir])
  const removeDeep = () => execFileSync('rm', ['-rf', path.join(dir, 'd'.repeat(200))])
  await assert.rejects(packager.package({ path: dir, entry: 'handler:handler', runtime: 'python3.11', outputPath: path.join(tempDir(), 'app.zip'), cache: false }), (error: Error) => {
    assert.ok(error instanceof SpindriftError, String(error))
    assert.match(error.message, /^Cannot (read|list) .*….*: its name, or the whole path, is longer than the file system allows \(ENAMETOOLONG\); use a shorter name or a shallower folder\.$/)
    return true
  }).finally(removeDeep)
})

test('every user-fixable errno maps to a sentence with the path and the cause; other errors stay internal', () => {
  for (const code of ['ENAMETOOLONG', 'EACCES', 'EROFS', 'ENOSPC', 'ELOOP', 'EMFILE', 'ENOTDIR', 'EISDIR']) {
    const error = Object.assign(new Error(`${code}: x`), { code, syscall: 'open', path: '/some/where.py' })
    assert.match(asUserError(error)?.message ?? '', new RegExp(`^Cannot open /some/where\\.py: .+ \\(${code}\\); .+\\.$`), code)
  }
  assert.match(asUserError(Object.assign(new RangeError('File size (3221225472) is greater than 2 GiB'), { code: 'ERR_FS_FILE_TOO_LARGE' }))?.message ?? '', /over 2 GiB.*\(ERR_FS_FILE_TOO_LARGE\); exclude it/)
  assert.equal(asUserError(Object.assign(new Error('gone'), { code: 'ENOENT', path: '/x' })), undefined)
  assert.equal(asUserError(new TypeError('a bug')), undefined)
})

test('a quoted value is capped at 80 characters', () => {
  assert.equal(quote('x'.repeat(200)), `"${'x'.repeat(80)}…"`)
  assert.equal(quote('a\nb'), '"a\\nb"')
})
