// Regenerates README.md's tables, action.yml and settings.schema.json from src/options.ts (`npm run docs`).
import { readFileSync, writeFileSync } from 'node:fs'
import { actionYml, settingsSchema, withGeneratedSections } from '../src/config/docs.js'

writeFileSync('README.md', withGeneratedSections(readFileSync('README.md', 'utf8')))
writeFileSync('action.yml', actionYml())
writeFileSync('settings.schema.json', JSON.stringify(settingsSchema(), null, 2) + '\n')
