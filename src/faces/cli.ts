// The command line: one table of commands (COMMANDS), each with its flags; parsing, `--help`,
// `spindrift help CMD` and the bare usage all come from it.
import { parseArgs } from 'node:util'
import { closest, reportFailure, quote } from '../common/errors.js'
import { configureAll } from '../config/configure.js'
import { stderrLogger, type Verbosity } from '../common/log.js'
import { OPTIONS, dashed, type OptionSpec } from '../config/options.js'
import { currentRuntimeNames } from '../config/runtimes.js'
import { DEFAULT_CACHE_MAX_MB, cacheEntries, cleanCache, isFolder, pruneCache, runPlans, summariseRuns, type FunctionRun } from '../pipeline.js'
import { defaultCacheDir } from '../config/plan.js'
import { INVOKE_COMMAND } from './invokecli.js'
import { SERVE_COMMAND } from './servecli.js'
import { CHECK_COMMAND } from './checkcli.js'
import { removePendingTemps } from '../common/cleanup.js'
import { spindriftVersion } from '../common/version.js'
import { StageClock } from '../common/profile.js'
import { withStatus } from './status.js'
import { flagNames, helpWidth, parserOptions, renderCommandHelp, renderUsage, type CommandSpec, type FlagSpec } from './help.js'

/** -q and -v: how much a command prints on stderr. */
const OUTPUT_FLAGS: readonly FlagSpec[] = [
  { name: 'quiet', short: 'q', description: 'Print only warnings and errors: no progress.' },
  { name: 'verbose', short: 'v', description: "Also print each stage and the installer's own output." },
  { name: 'help', short: 'h', description: 'Show this help.' }
]

/** A settings option as a flag, by the naming rule (`package.index-url` → `--package-index-url URL`). */
function optionFlag(o: OptionSpec): FlagSpec {
  const choices = o.key === 'package.runtime' ? currentRuntimeNames() : o.choices
  if (o.kind === 'boolean') return { name: dashed(o.key), negatable: true, defaultText: o.defaultText, description: o.description.replace(/`/g, '') }
  return {
    name: dashed(o.key),
    value: o.valueName ?? (o.key.split(/[.-]/).at(-1) as string).toUpperCase(),
    repeatable: o.kind === 'list',
    choices,
    defaultText: o.defaultText,
    description: o.description.replace(/`/g, '')
  }
}

const PACKAGE_FLAGS: readonly FlagSpec[] = [
  ...OPTIONS.map(optionFlag),
  { name: 'file', short: 'f', value: 'PATH', defaultText: 'settings.spindrift in the current folder', description: 'Settings file to read.' },
  { name: 'function', value: 'NAME', repeatable: true, defaultText: 'all of them', description: "Only this function of the settings file's functions: section (repeat for more)." },
  { name: 'json', description: 'Print the result as JSON on stdout (else the zip\'s path).' },
  { name: 'profile', description: 'Print where the time went, stage by stage, in one line on stderr (start-up, interpreter, installer, resolution, app, dependency layer, checks and zip, write, total).' },
  ...OUTPUT_FLAGS
]

const PACKAGE_COMMAND: CommandSpec = {
  name: 'package',
  summary: 'Package a Python app (plain Lambda handler or Flask/WSGI app) into a Lambda .zip.',
  synopsis: ['package [options]'],
  description: [
    'Packages a Python app into a byte-reproducible Lambda .zip: its code, its dependencies installed for the runtime and architecture, and the handler shim (index.handler).',
    'Reads settings.spindrift in the current folder (or --file); flags override it. Settings key a.b is flag --a-b.'
  ],
  flags: PACKAGE_FLAGS,
  run: packageCommand
}

const HELP_COMMAND: CommandSpec = {
  name: 'help',
  summary: 'Show the options of a command: spindrift help package.',
  synopsis: ['help [COMMAND]'],
  description: ['Shows the usage of spindrift, or the options of one command.'],
  flags: [],
  run: async argv => helpCommand(argv)
}

const CACHE_FLAGS: readonly FlagSpec[] = [
  { name: 'days', value: 'DAYS', defaultText: '30', description: 'For prune: remove what has not been used for this many days.' },
  { name: 'help', short: 'h', description: 'Show this help.' }
]

const CACHE_COMMAND: CommandSpec = {
  name: 'cache',
  summary: 'Show, prune or clean the local cache of dependency layers and built wheels.',
  synopsis: ['cache dir', 'cache prune [--days DAYS]', 'cache clean'],
  description: [
    'dir prints the cache folder: $SPINDRIFT_CACHE_DIR, else $XDG_CACHE_HOME/spindrift, else ~/.cache/spindrift. prune removes the dependency layers, built wheels, resolution memos and interpreter facts not used for DAYS days; clean removes everything spindrift keeps there (nothing else in the folder is touched).',
    `After each new dependency layer, the least recently used layers are removed to keep the layers under ${DEFAULT_CACHE_MAX_MB} MB; SPINDRIFT_CACHE_MAX_MB changes the bound (0: none).`
  ],
  flags: CACHE_FLAGS,
  run: cacheCommand
}

/** Every command: add one here and it is parsed, listed in the usage and has its help. */
const COMMANDS: readonly CommandSpec[] = [PACKAGE_COMMAND, INVOKE_COMMAND, SERVE_COMMAND, CHECK_COMMAND, CACHE_COMMAND, HELP_COMMAND]

async function cacheCommand(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: parserOptions(CACHE_FLAGS), allowPositionals: true, strict: true })
  } catch (error) {
    return usageFailure(`${(error as Error).message.split('\n')[0]}; run "spindrift cache --help".`)
  }
  const values = parsed.values as { days?: string; help?: boolean }
  if (values.help) {
    process.stdout.write(renderCommandHelp(CACHE_COMMAND, helpWidth()))
    return 0
  }
  const [action, ...extra] = parsed.positionals
  const dir = defaultCacheDir(process.env)
  if (extra.length || !['dir', 'prune', 'clean'].includes(action ?? '')) {
    return usageFailure(`expected spindrift cache dir, prune or clean${action ? `, got ${quote(parsed.positionals.join(' '))}` : ''}; run "spindrift cache --help".`)
  }
  if (values.days !== undefined && action !== 'prune') return usageFailure('--days is for spindrift cache prune.')
  if (action === 'dir') {
    process.stdout.write(`${dir}\n`)
    return 0
  }
  const days = values.days === undefined ? 30 : Number(values.days)
  if (!Number.isFinite(days) || days < 0 || values.days?.trim() === '') return usageFailure(`--days ${quote(values.days)} is not a number of days (0 or more); for example --days 30.`)
  if (!isFolder(dir)) {
    process.stderr.write(`The cache folder ${dir} does not exist: nothing to remove.\n`)
    return 0
  }
  try {
    const removed = action === 'clean' ? cleanCache(dir) : pruneCache(dir, days)
    const left = cacheEntries(dir)
    const what = action === 'clean' ? '' : ` not used for ${days} days`
    process.stderr.write(`Removed ${removed.count} cached items${what} (${mb(removed.bytes)}) from ${dir}; ${left.length} left (${mb(left.reduce((sum, e) => sum + e.bytes, 0))}).\n`)
    return 0
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    process.stderr.write(`spindrift: could not remove cached items from ${dir} (${code}); check that the folder is yours and writable.\n`)
    return 1
  }
}

const mb = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`

const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'version', short: 'V', description: "Print spindrift's version." },
  { name: 'help', short: 'h', description: 'Show this usage.' }
]

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv
  const command = COMMANDS.find(c => c.name === first)
  if (command) return command.run(rest)
  if (first === undefined || first === '--help' || first === '-h') {
    process.stdout.write(renderUsage(COMMANDS, GLOBAL_FLAGS, helpWidth()))
    return 0
  }
  if (first === '--version' || first === '-V') {
    process.stdout.write(`${spindriftVersion()}\n`)
    return 0
  }
  const names = COMMANDS.map(c => c.name)
  if (first.startsWith('-')) {
    // The seed's own form puts flags first: `spindrift --package-name … package`.
    const at = commandPosition(argv)
    if (at !== undefined) return PACKAGE_COMMAND.run([...argv.slice(0, at), ...argv.slice(at + 1)])
    return usageFailure(`${first} needs a command before it (${names.join(', ')}); run "spindrift --help".`)
  }
  const suggestion = closest(first, names)
  return usageFailure(`unknown command ${quote(first)}${suggestion ? `; did you mean "${suggestion}"?` : `; the commands are ${names.join(', ')} (run "spindrift --help").`}`)
}

/** Where `package` stands among package flags given before it, if it does. */
function commandPosition(argv: string[]): number | undefined {
  try {
    const { tokens } = parseArgs({ args: argv, options: parserOptions(PACKAGE_FLAGS), allowPositionals: true, strict: false, tokens: true })
    const token = tokens.find(t => t.kind === 'positional')
    return token?.kind === 'positional' && token.value === 'package' ? token.index : undefined
  } catch {
    return undefined
  }
}

function helpCommand(argv: string[]): number {
  if (argv.length === 0) {
    process.stdout.write(renderUsage(COMMANDS, GLOBAL_FLAGS, helpWidth()))
    return 0
  }
  const command = COMMANDS.find(c => c.name === argv[0])
  if (!command || argv.length > 1) return usageFailure(`no command ${quote(argv.join(' '))} to show help for; the commands are ${COMMANDS.map(c => c.name).join(', ')}.`)
  process.stdout.write(renderCommandHelp(command, helpWidth()))
  return 0
}

/** -q, -v (or neither) from parsed flags. */
export function verbosity(values: { quiet?: unknown; verbose?: unknown }): Verbosity {
  return values.quiet ? 'quiet' : values.verbose ? 'verbose' : 'normal'
}

async function packageCommand(argv: string[]): Promise<number> {
  // Made first: what came before it (Node, loading spindrift) is the profile's start-up.
  const clock = new StageClock()
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: parserOptions(PACKAGE_FLAGS), allowPositionals: true, strict: true })
  } catch (error) {
    return usageFailure(usageProblem(error as Error))
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>
  if (values.help) {
    process.stdout.write(renderCommandHelp(PACKAGE_COMMAND, helpWidth()))
    return 0
  }
  if (values.quiet && values.verbose) return usageFailure('--quiet and --verbose cannot be used together; choose one.')
  if (parsed.positionals.length > 0) {
    return usageFailure(`spindrift package takes no arguments, got ${quote(parsed.positionals.join(' '))}; give settings as flags (run "spindrift package --help").`)
  }
  const level = verbosity(values)
  const logger = withStatus(stderrLogger(level), process.stderr, process.env, level === 'quiet')
  try {
    const overrides: Record<string, unknown> = {}
    for (const spec of OPTIONS) {
      overrides[spec.key] = values[dashed(spec.key)]
      if (spec.kind === 'boolean' && values[`no-${dashed(spec.key)}`]) overrides[spec.key] = false
    }
    const plans = configureAll({ settingsFile: values.file as string | undefined, overrides, cwd: process.cwd(), env: process.env, functions: values.function as string[] | undefined })
    const runs = await runPlans(plans, { logger, env: process.env, clock })
    // A settings file without functions: prints what it always did; with them, one result per function and layer.
    const single = runs.length === 1 && runs[0].functionName === undefined ? runs[0].run.result : undefined
    if (values.json) process.stdout.write(`${JSON.stringify(single ?? summariseRuns(runs), null, 2)}\n`)
    else for (const path of writtenPaths(runs)) process.stdout.write(`${path}\n`)
    return 0
  } catch (error) {
    return reportFailure(error)
  } finally {
    if (values.profile) process.stderr.write(`${clock.line()}\n`)
    else logger.debug(clock.line())
  }
}

/** Each zip written, one per line: function zips, then each layer zip once. */
function writtenPaths(runs: FunctionRun[]): string[] {
  const layers = runs.map(r => r.run.result.layer?.path).filter((p): p is string => p !== undefined)
  return [...runs.map(r => r.run.result.path), ...new Set(layers)]
}

function usageFailure(sentence: string): number {
  process.stderr.write(`spindrift: ${sentence}\n`)
  return 2
}

function usageProblem(error: Error): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message)
  if (unknown) {
    const suggestion = closest(unknown[1], flagNames(PACKAGE_FLAGS))
    return `unknown option ${unknown[1]}${suggestion ? `; did you mean ${suggestion}?` : '; run "spindrift package --help" for the options.'}`
  }
  return `${error.message.split('\n')[0]}; run "spindrift package --help".`
}

// Stopped mid-write: leave no temp file beside the output (the previous zip is untouched either way).
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    removePendingTemps()
    process.exit(signal === 'SIGTERM' ? 143 : 130)
  })
}

main(process.argv.slice(2)).then(code => {
  process.exitCode = code
})
