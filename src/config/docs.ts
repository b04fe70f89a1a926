// Everything generated from src/options.ts: the README tables, action.yml and the settings JSON schema.
// `npm run docs` writes them; a test fails when a committed copy drifts.
import { ACTION_ONLY_INPUTS, ACTION_OUTPUTS, OPTIONS, dashed, type OptionSpec } from './options.js'
import { RUNTIMES } from './runtimes.js'

/** Where editors fetch the settings schema from (its `$id`). */
export const SCHEMA_URL = 'https://raw.githubusercontent.com/spindrift/action/main/settings.schema.json'

export const TABLE_START = '<!-- options:start (generated from src/options.ts by `npm run docs`) -->'
export const TABLE_END = '<!-- options:end -->'
export const OUTPUTS_START = '<!-- outputs:start (generated from src/options.ts by `npm run docs`) -->'
export const OUTPUTS_END = '<!-- outputs:end -->'

/** The README's reference table: one row per option, with its key, flag and action input. */
export function optionsTable(): string {
  const rows = OPTIONS.map(o => {
    const flag = o.kind === 'boolean' ? `\`--${dashed(o.key)}\` / \`--no-${dashed(o.key)}\`` : `\`--${dashed(o.key)}\``
    return `| \`${o.key}\` | ${flag} | \`${dashed(o.key)}\` | ${o.defaultText} | ${o.description}${choicesText(o)} |`
  })
  const actionOnly = ACTION_ONLY_INPUTS.map(i => `| — | — | \`${i.name}\` | ${i.default ? `\`${i.default}\`` : 'none'} | ${i.description} |`)
  return ['| settings key | CLI flag | action input | default | what it does |', '|---|---|---|---|---|', ...rows, ...actionOnly].join('\n')
}

export function outputsTable(): string {
  return ['| output | value |', '|---|---|', ...ACTION_OUTPUTS.map(o => `| \`${o.name}\` | ${o.description} |`)].join('\n')
}

function choicesText(o: OptionSpec): string {
  return o.choices ? ` One of ${o.choices.map(c => `\`${c}\``).join(', ')}.` : ''
}

/** README text with every generated section replaced. */
export function withGeneratedSections(readme: string): string {
  return replaceBetween(replaceBetween(readme, TABLE_START, TABLE_END, optionsTable()), OUTPUTS_START, OUTPUTS_END, outputsTable())
}

function replaceBetween(text: string, start: string, end: string, body: string): string {
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} … ${end}`)
  return text.slice(0, from + start.length) + '\n' + body + '\n' + text.slice(to)
}

const plain = (markdown: string): string => markdown.replace(/`/g, '')

/** action.yml: one input per option by the naming rule (no defaults: empty means "not given"), outputs. */
export function actionYml(): string {
  const quote = (text: string): string => JSON.stringify(text)
  const lines = [
    '# Generated from src/options.ts by `npm run docs`: edit that file, not this one.',
    'name: spindrift',
    'description: Package a Python app (plain Lambda handler or Flask/WSGI) into a byte-reproducible AWS Lambda zip, dependencies cached.',
    'author: spindrift',
    'branding:',
    '  icon: package',
    '  color: blue',
    'inputs:'
  ]
  for (const o of OPTIONS) {
    lines.push(`  ${dashed(o.key)}:`, `    description: ${quote(`${plain(o.description)}${plain(choicesText(o))} ${defaultSentence(o)}`)}`, '    required: false')
  }
  for (const i of ACTION_ONLY_INPUTS) {
    lines.push(`  ${i.name}:`, `    description: ${quote(i.description)}`, '    required: false', `    default: ${quote(i.default)}`)
  }
  lines.push('outputs:')
  for (const o of ACTION_OUTPUTS) lines.push(`  ${o.name}:`, `    description: ${quote(o.description)}`)
  lines.push('runs:', '  using: node24', '  main: dist/index.js', '')
  return lines.join('\n')
}

/** JSON schema of settings.spindrift, for editors (yaml-language-server) and reviewers. */
export function settingsSchema(): object {
  const sections = new Map<string, Record<string, object>>()
  const topLevel: Record<string, object> = {}
  for (const o of OPTIONS) {
    const type =
      o.kind === 'boolean'
        ? { type: 'boolean' }
        : o.kind === 'list'
          ? { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] }
          : o.choices
            ? { type: 'string', enum: [...o.choices] }
            : o.key === 'package.runtime'
              ? { type: 'string', enum: RUNTIMES.map(r => r.name) }
              : { type: 'string' }
    const property = { description: `${plain(o.description)} ${defaultSentence(o)}`, ...type }
    const [section, name] = o.key.split('.')
    if (!name) {
      topLevel[section] = property
      continue
    }
    sections.set(section, { ...(sections.get(section) ?? {}), [name]: property })
  }
  for (const [section, properties] of sections) topLevel[section] = { type: ['object', 'null'], additionalProperties: false, properties }
  // functions: name → that function's own package: and output: sections (the run-wide `cache` stays at the top).
  const perFunction = Object.fromEntries([...sections.keys()].map(section => [section, topLevel[section]]))
  topLevel.functions = {
    description: 'Several functions in one run: each name maps to its own package: and output: settings, over the top-level ones.',
    type: 'object',
    minProperties: 1,
    propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' },
    additionalProperties: { type: 'object', additionalProperties: false, properties: perFunction }
  }
  // Draft-07: what the YAML language server (VS Code's YAML extension and others) validates with.
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_URL,
    title: 'settings.spindrift',
    type: 'object',
    additionalProperties: false,
    properties: topLevel
  }
}

function defaultSentence(o: OptionSpec): string {
  return o.defaultText === 'required' ? 'Required.' : `Default: ${plain(o.defaultText)}.`
}
