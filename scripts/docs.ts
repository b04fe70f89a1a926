// Regenerates the options table in README.md from src/options.ts (`npm run docs`).
import { readFileSync, writeFileSync } from 'node:fs'
import { withOptionsTable } from '../src/docs.js'

const readme = readFileSync('README.md', 'utf8')
writeFileSync('README.md', withOptionsTable(readme))
