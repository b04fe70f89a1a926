import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { load } from 'js-yaml'
import { actionYml, settingsSchema, withGeneratedSections } from '../src/config/docs.js'
import { ACTION_ONLY_INPUTS, ACTION_OUTPUTS, OPTIONS, dashed } from '../src/config/options.js'
import { ROOT } from './helpers/run.js'

const read = (name: string) => readFileSync(path.join(ROOT, name), 'utf8')

test('README tables, action.yml and settings.schema.json are what src/options.ts generates (run `npm run docs`)', () => {
  const readme = read('README.md')
  assert.equal(readme, withGeneratedSections(readme))
  assert.equal(read('action.yml'), actionYml())
  assert.deepEqual(JSON.parse(read('settings.schema.json')), settingsSchema())
})

test('every option is in all three places by the naming rule', () => {
  const readme = read('README.md')
  const action = load(read('action.yml')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown>; runs: { using: string; main: string } }
  const schema = JSON.parse(read('settings.schema.json'))
  for (const option of OPTIONS) {
    assert.ok(readme.includes(`| \`${option.key}\` | \`--${dashed(option.key)}\``), option.key)
    assert.ok(dashed(option.key) in action.inputs, option.key)
    const [section, name] = option.key.split('.')
    assert.ok(name ? schema.properties[section].properties[name] : schema.properties[section], option.key)
  }
  assert.deepEqual(Object.keys(action.inputs).sort(), [...OPTIONS.map(o => dashed(o.key)), ...ACTION_ONLY_INPUTS.map(i => i.name)].sort())
  assert.deepEqual(Object.keys(action.outputs), ACTION_OUTPUTS.map(o => o.name))
  assert.deepEqual(action.runs, { using: 'node24', main: 'dist/index.js' })
})
