import { parseArgs } from 'node:util'
import { closest, reportFailure } from '../common/errors.js'
import { configure } from '../config/configure.js'
import { stderrLogger } from '../common/log.js'
import { OPTIONS, dashed } from '../config/options.js'
import { runPlan } from '../pipeline.js'
import { invokeCommand } from './invokecli.js'
import { removePendingTemps } from '../common/cleanup.js'
import { spindriftVersion } from '../common/version.js'

const USAGE = `Usage: spindrift package [options]
       spindrift invoke ZIP (--event FILE | --method GET --path /hello …)   run a zip locally; see "spindrift invoke --help"

Packages a Python app (plain Lambda handler or Flask/WSGI app) into a Lambda .zip.
Reads settings.spindrift in the current folder (or --file); flags override it.

Options:
${OPTIONS.map(o => `  --${(o.kind === 'boolean' ? `[no-]${dashed(o.key)}` : dashed(o.key)).padEnd(33)} ${o.description}`).join('\n')}
  -f, --file PATH                     Settings file to read (default: settings.spindrift).
  --json                              Print the result as JSON on stdout.
  -v, --verbose                       Show pip's output.
  -h, --help                          Show this help.
`

const FLAGS = {
  ...Object.fromEntries(
    OPTIONS.filter(o => o.kind !== 'boolean').map(o => [dashed(o.key), { type: 'string' as const, multiple: o.kind === 'list' }])
  ),
  // Each boolean option is a flag pair: --package-compile / --no-package-compile, --cache / --no-cache.
  ...Object.fromEntries(
    OPTIONS.filter(o => o.kind === 'boolean').flatMap(o => [
      [dashed(o.key), { type: 'boolean' as const }],
      [`no-${dashed(o.key)}`, { type: 'boolean' as const }]
    ])
  ),
  file: { type: 'string' as const, short: 'f' },
  json: { type: 'boolean' as const },
  verbose: { type: 'boolean' as const, short: 'v' },
  help: { type: 'boolean' as const, short: 'h' },
  version: { type: 'boolean' as const, short: 'V' }
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'invoke') return invokeCommand(argv.slice(1))
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true })
  } catch (error) {
    process.stderr.write(`spindrift: ${usageProblem(error as Error)}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.version) {
    process.stdout.write(`${spindriftVersion()}\n`)
    return 0
  }
  if (values.help) {
    process.stdout.write(USAGE)
    return 0
  }
  if (positionals[0] !== 'package' || positionals.length > 1) {
    const got = positionals.length ? `"${positionals.join(' ')}"` : 'no command'
    process.stderr.write(`spindrift: expected the command "package" or "invoke", got ${got}; run "spindrift package --help".\n`)
    return 2
  }
  const logger = stderrLogger(Boolean(values.verbose))
  try {
    const overrides: Record<string, unknown> = {}
    for (const spec of OPTIONS) {
      overrides[spec.key] = values[dashed(spec.key) as keyof typeof values]
      if (spec.kind === 'boolean' && values[`no-${dashed(spec.key)}` as keyof typeof values]) overrides[spec.key] = false
    }
    const plan = configure({ settingsFile: values.file as string | undefined, overrides, cwd: process.cwd(), env: process.env })
    const { result } = await runPlan(plan, { logger, env: process.env })
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
    else process.stdout.write(`${result.path}\n`)
    return 0
  } catch (error) {
    return reportFailure(error)
  }
}

function usageProblem(error: Error): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message)
  if (unknown) {
    const names = Object.keys(FLAGS).map(f => `--${f}`)
    const suggestion = closest(unknown[1], names)
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
