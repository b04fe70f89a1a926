// settings.schema.json for editors, checked with a real JSON-schema validator (ajv, draft-07 as the YAML
// language server uses): every example settings file and the README's sample pass; retired runtimes, unknown
// keys and wrong types fail.
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { Ajv } from 'ajv'
import { load } from 'js-yaml'
import { SCHEMA_URL } from '../src/config/docs.ts'
import { RUNTIMES } from '../src/config/runtimes.ts'
import { ROOT } from './helpers/run.js'

const schema = JSON.parse(readFileSync(path.join(ROOT, 'settings.schema.json'), 'utf8')) as { $schema: string; $id: string }
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema)
const valid = (settings: unknown) => validate(settings) as boolean

test('draft-07 with an $id, the URL the modeline in the examples and the README points at', () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#')
  assert.equal(schema.$id, SCHEMA_URL)
  const modeline = `# yaml-language-server: $schema=${SCHEMA_URL}`
  assert.ok(readFileSync(path.join(ROOT, 'README.md'), 'utf8').includes(modeline))
  for (const example of readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true }).filter(e => e.isDirectory()).map(e => e.name)) {
    assert.ok(readFileSync(path.join(ROOT, 'examples', example, 'settings.spindrift'), 'utf8').startsWith(modeline + '\n'), example)
  }
})

test('every example settings file, and the README sample, validate', () => {
  for (const example of readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true }).filter(e => e.isDirectory()).map(e => e.name)) {
    const settings = load(readFileSync(path.join(ROOT, 'examples', example, 'settings.spindrift'), 'utf8'))
    assert.ok(valid(settings), `${example}: ${JSON.stringify(validate.errors)}`)
  }
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const sample = /A settings file, `settings\.spindrift`[^\n]*\n\n```yaml\n([\s\S]*?)```/.exec(readme)?.[1]
  assert.ok(sample, 'the README has its sample')
  assert.ok(valid(load(sample)), JSON.stringify(validate.errors))
})

test('closed sets are enumerated: every runtime spindrift takes passes, a retired one fails; architectures and types too', () => {
  for (const runtime of RUNTIMES) assert.ok(valid({ package: { runtime: runtime.name } }), runtime.name)
  for (const retired of ['python3.8', 'python3.6', 'python2.7']) assert.ok(!valid({ package: { runtime: retired } }), retired)
  assert.ok(valid({ package: { architecture: 'arm64', type: 'flask' } }))
  assert.ok(!valid({ package: { architecture: 'aarch64' } }))
  assert.ok(!valid({ package: { type: 'django' } }))
})

test('unknown keys and wrong types fail; lists take one text or several', () => {
  assert.ok(!valid({ package: { runtim: 'python3.12' } }))
  assert.ok(!valid({ packages: {} }))
  assert.ok(!valid({ package: { 'strip-tests': 'yes' } }))
  assert.ok(valid({ package: { requirements: 'requirements.txt', exclude: ['**/*.md', 'tests'] }, cache: false }))
  assert.ok(valid({ package: null }), 'an empty section is allowed, as the parser allows it')
})
