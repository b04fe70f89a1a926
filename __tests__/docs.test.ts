import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { withOptionsTable } from '../src/docs.js'
import { OPTIONS } from '../src/options.js'
import { ROOT } from './helpers/run.js'

test('the README options table is the one generated from src/options.ts (run `npm run docs` after changing options)', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  assert.equal(readme, withOptionsTable(readme))
  for (const option of OPTIONS) assert.ok(readme.includes(`| \`${option.key}\` |`), option.key)
})
