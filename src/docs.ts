import { OPTIONS, dashed } from './options.js'

export const TABLE_START = '<!-- options:start (generated from src/options.ts by `npm run docs`) -->'
export const TABLE_END = '<!-- options:end -->'

/** The README's reference table: one row per option, with its key, flag and action input. */
export function optionsTable(): string {
  const rows = OPTIONS.map(o => {
    const flag = o.kind === 'boolean' ? `\`--${dashed(o.key)}\` / \`--no-${dashed(o.key)}\`` : `\`--${dashed(o.key)}\``
    const choices = o.choices ? ` One of ${o.choices.map(c => `\`${c}\``).join(', ')}.` : ''
    return `| \`${o.key}\` | ${flag} | \`${dashed(o.key)}\` | ${o.defaultText} | ${o.description}${choices} |`
  })
  return ['| settings key | CLI flag | action input | default | what it does |', '|---|---|---|---|---|', ...rows].join('\n')
}

/** README text with the table between its markers replaced by the generated one. */
export function withOptionsTable(readme: string): string {
  const start = readme.indexOf(TABLE_START)
  const end = readme.indexOf(TABLE_END)
  if (start < 0 || end < start) throw new Error('README.md lacks the options table markers')
  return readme.slice(0, start + TABLE_START.length) + '\n' + optionsTable() + '\n' + readme.slice(end)
}
