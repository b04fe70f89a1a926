// One description per command and flag: the parser's options, `--help`, `spindrift help CMD` and the bare
// usage are all made from it, so a command or flag added to a table shows up everywhere at once.
import type { ParseArgsConfig } from 'node:util'

export interface FlagSpec {
  /** Long name without the dashes: `package-runtime`. */
  name: string
  short?: string
  /** Name of the value in help (`PATH`, `SECONDS`); none for a boolean flag. */
  value?: string
  /** May be given more than once. */
  repeatable?: boolean
  /** A boolean option with a --no- form. */
  negatable?: boolean
  choices?: readonly string[]
  /** In words, as the help shows it. */
  defaultText?: string
  description: string
}

export interface CommandSpec {
  name: string
  /** One line for the command list. */
  summary: string
  /** Usage lines after `spindrift `: `package [options]`. */
  synopsis: readonly string[]
  /** Paragraphs shown under the usage. */
  description: readonly string[]
  flags: readonly FlagSpec[]
  /** Meanings this command gives exit codes, over the shared ones (invoke: 1 when the function raised). */
  exitCodes?: readonly [code: number, meaning: string][]
  run(argv: string[]): Promise<number>
}

/** The exit codes every command shares, for help and the README. */
export const EXIT_CODES: readonly [code: number, meaning: string][] = [
  [0, 'done'],
  [1, 'a problem with the input, the project or its dependencies (one sentence on stderr: what, where, how to fix)'],
  [2, 'a bad command line'],
  [70, 'an internal error in spindrift (please report it; SPINDRIFT_DEBUG=1 shows the stack)'],
  [130, 'interrupted (Ctrl-C, SIGINT); the previous zip is left as it was'],
  [143, 'terminated (SIGTERM); the previous zip is left as it was']
]

/** node:util parseArgs options for a command's flags (each negatable flag also as --no-NAME). */
export function parserOptions(flags: readonly FlagSpec[]): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const flag of flags) {
    options[flag.name] = { type: flag.value ? 'string' : 'boolean', ...(flag.short ? { short: flag.short } : {}), ...(flag.repeatable ? { multiple: true } : {}) }
    if (flag.negatable) options[`no-${flag.name}`] = { type: 'boolean' }
  }
  return options
}

/** Every spelling of a command's flags, for "did you mean" hints. */
export function flagNames(flags: readonly FlagSpec[]): string[] {
  return flags.flatMap(f => [`--${f.name}`, ...(f.negatable ? [`--no-${f.name}`] : [])])
}

/** Width to wrap help at: the terminal's, else $COLUMNS, else 80; never narrower than 40. */
export function helpWidth(env: NodeJS.ProcessEnv = process.env, stream: { columns?: number; isTTY?: boolean } = process.stdout): number {
  const columns = stream.isTTY && stream.columns ? stream.columns : Number(env.COLUMNS)
  return Number.isFinite(columns) && columns > 0 ? Math.max(40, Math.floor(columns)) : 80
}

/** Words of text laid into lines of at most width characters, each prefixed by indent (the first by first). */
export function wrap(text: string, width: number, indent = '', first = indent): string[] {
  const lines: string[] = []
  let line = first
  let empty = true
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line)
      line = indent
      empty = true
    }
    line += (empty ? '' : ' ') + word
    empty = false
  }
  lines.push(line)
  return lines
}

/** Choices short enough to stand in for the value name: `--package-type plain|flask`. */
const inlineChoices = (flag: FlagSpec): boolean => Boolean(flag.choices && flag.choices.join('|').length <= 24)

function flagLabel(flag: FlagSpec): string {
  const long = flag.negatable ? `--[no-]${flag.name}` : `--${flag.name}`
  const value = flag.value ? ` ${inlineChoices(flag) ? flag.choices?.join('|') : flag.value}` : ''
  return `${flag.short ? `-${flag.short}, ` : '    '}${long}${value}`
}

function flagText(flag: FlagSpec): string {
  const parts = [flag.description]
  if (flag.choices && !inlineChoices(flag)) parts.push(`One of: ${flag.choices.join(', ')}.`)
  if (flag.repeatable) parts.push('Repeatable.')
  if (flag.defaultText === 'required') parts.push('Required.')
  else if (flag.defaultText) parts.push(`Default: ${flag.defaultText.replace(/`/g, '')}.`)
  return parts.join(' ')
}

/** Flags as a two-column list: labels on the left, wrapped descriptions on the right (or below when narrow). */
export function renderFlags(flags: readonly FlagSpec[], width: number): string[] {
  const labels = flags.map(flagLabel)
  const column = Math.min(Math.max(...labels.map(l => l.length)) + 4, Math.floor(width * 0.45))
  const lines: string[] = []
  flags.forEach((flag, i) => {
    const label = `  ${labels[i]}`
    const pad = ' '.repeat(column + 2)
    if (label.length + 2 <= column + 2 && width - column - 2 >= 20) {
      lines.push(...wrap(flagText(flag), width, pad, label.padEnd(column + 2)))
    } else {
      lines.push(label, ...wrap(flagText(flag), width, ' '.repeat(8)))
    }
  })
  return lines
}

function exitCodeLines(width: number, own: readonly [number, string][] = []): string[] {
  const codes = EXIT_CODES.map(([code, meaning]) => [code, own.find(([c]) => c === code)?.[1] ?? meaning] as const)
  return ['Exit codes:', ...codes.flatMap(([code, meaning]) => wrap(meaning, width, ' '.repeat(8), `  ${String(code).padEnd(6)}`))]
}

/** `spindrift CMD --help`. */
export function renderCommandHelp(command: CommandSpec, width: number): string {
  const synopsis = command.synopsis.flatMap((s, i) => wrap(`spindrift ${s}`, width, ' '.repeat(18 + s.split(' ')[0].length), i === 0 ? 'Usage: ' : '       '))
  const paragraphs = command.description.flatMap(p => ['', ...wrap(p, width)])
  return [...synopsis, ...paragraphs, '', 'Options:', ...renderFlags(command.flags, width), '', ...exitCodeLines(width, command.exitCodes), ''].join('\n')
}

/** Bare `spindrift`, `spindrift --help` and `spindrift help`: the commands and the global flags. */
export function renderUsage(commands: readonly CommandSpec[], globalFlags: readonly FlagSpec[], width: number): string {
  const column = Math.max(...commands.map(c => c.name.length)) + 4
  const list = commands.flatMap(c => wrap(c.summary, width, ' '.repeat(column + 2), `  ${c.name.padEnd(column)}`))
  return [
    'Usage: spindrift COMMAND [options]',
    '',
    ...wrap('Packages Python apps (plain Lambda handlers and Flask/WSGI apps) into byte-reproducible AWS Lambda zips.', width),
    '',
    'Commands:',
    ...list,
    '',
    'Options:',
    ...renderFlags(globalFlags, width),
    '',
    ...wrap('Run "spindrift help COMMAND" or "spindrift COMMAND --help" for the options of one command.', width),
    '',
    ...exitCodeLines(width),
    ''
  ].join('\n')
}
