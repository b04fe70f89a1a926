// The `spindrift serve` command line: flags → serveZip → a local HTTP server until Ctrl-C.
import { parseArgs } from 'node:util'
import { reportFailure, quote } from '../common/errors.js'
import { SOURCES, serveZip, type EventSource } from '../invoke/serve.js'
import { describeError, FUNCTION_FLAG_SPECS, functionSettings, usageFailure, usageProblem, type FunctionValues } from './invokecli.js'
import { helpWidth, parserOptions, renderCommandHelp, type CommandSpec, type FlagSpec } from './help.js'

const SERVE_FLAGS: readonly FlagSpec[] = [
  { name: 'port', value: 'PORT', defaultText: '3000; 0 picks a free one', description: 'Port on 127.0.0.1.' },
  { name: 'source', value: 'SOURCE', choices: SOURCES, defaultText: 'http-v2', description: 'The event source the requests arrive as.' },
  { name: 'stage', value: 'NAME', description: 'An API Gateway stage that every URL starts with (rest, http-v1, http-v2).' },
  { name: 'base-path', value: 'PATH', description: "A custom domain's API mapping: only paths under it reach the function (others: 404)." },
  ...FUNCTION_FLAG_SPECS
]

/** `spindrift serve`, as the CLI's command table lists it. */
export const SERVE_COMMAND: CommandSpec = {
  name: 'serve',
  summary: 'Serve a zip as a local HTTP API on 127.0.0.1, one warm function behind it.',
  synopsis: ['serve ZIP [--port 3000] [--source http-v2] [--stage NAME] [--base-path /api]'],
  description: [
    'Serves the zip as a local HTTP API on 127.0.0.1, as API Gateway, a function URL or an ALB would put it in front of the function: each request becomes that source\'s event, goes to one warm function (initialised once, a fresh one after a crash or a timeout; one request at a time, others wait), and its answer becomes the HTTP response.',
    "The function's logs go to stderr between Lambda's START, END and REPORT lines. Ctrl-C stops it."
  ],
  flags: SERVE_FLAGS,
  run: argv => serveCommand(argv)
}

const FLAGS = parserOptions(SERVE_FLAGS)
const HELP = 'run "spindrift serve --help"'

/** `spindrift serve …` (argv after "serve"); resolves with the exit code once stopped. */
export async function serveCommand(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true })
  } catch (error) {
    return usageFailure(usageProblem(error as Error, Object.keys(FLAGS), HELP))
  }
  const { positionals } = parsed
  const values = parsed.values as FunctionValues & { port?: string; source?: string; stage?: string; 'base-path'?: string; help?: boolean }
  if (values.help) {
    process.stdout.write(renderCommandHelp(SERVE_COMMAND, helpWidth()))
    return 0
  }
  if (positionals.length !== 1) {
    return usageFailure(positionals.length === 0 ? `give the zip to serve: spindrift serve ZIP; ${HELP}.` : `expected one zip, got ${positionals.length} arguments (${positionals.join(' ')}); ${HELP}.`)
  }
  const port = values.port === undefined ? 3000 : Number(values.port)
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535) || values.port?.trim() === '') return usageFailure(`--port ${quote(values.port)} is not a TCP port (0 to 65535); ${HELP}.`)
  const source = (values.source ?? 'http-v2') as EventSource
  if (!SOURCES.includes(source)) return usageFailure(`--source ${quote(values.source)} is not one of ${SOURCES.join(', ')}; ${HELP}.`)
  if (values.stage !== undefined && !['rest', 'http-v1', 'http-v2'].includes(source)) {
    return usageFailure(`--stage belongs to API Gateway, and --source ${source} has no stages; leave it out or use --source rest, http-v1 or http-v2; ${HELP}.`)
  }
  const settings = functionSettings(values, HELP)
  if (typeof settings === 'string') return usageFailure(settings)

  let server
  try {
    server = await serveZip({ zip: positionals[0], port, source, stage: values.stage, basePath: values['base-path'], ...settings, onRequest: (line, error) => process.stderr.write(`${error ? describeError(error) : ''}${line}\n`) })
  } catch (error) {
    return reportFailure(error)
  }
  const stage = values.stage ? `/${values.stage}` : ''
  process.stderr.write(`Serving ${positionals[0]} as ${describe(source)} on ${server.url}${stage}${values['base-path'] ?? ''} (Ctrl-C stops it).\n`)
  await new Promise<void>(resolve => {
    const stop = () => {
      process.removeListener('SIGINT', stop)
      process.removeListener('SIGTERM', stop)
      process.stderr.write('Stopping.\n')
      void server.close().then(resolve)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  return 0
}

function describe(source: EventSource): string {
  return {
    rest: 'an API Gateway REST API (proxy integration)',
    'http-v2': 'an API Gateway HTTP API (payload 2.0)',
    'http-v1': 'an API Gateway HTTP API (payload 1.0)',
    'function-url': 'a Lambda function URL',
    alb: 'an ALB target (multi-value headers off)',
    'alb-multi': 'an ALB target (multi-value headers on)'
  }[source]
}
