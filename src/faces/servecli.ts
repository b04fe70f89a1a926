// The `spindrift serve` command line: flags → serveZip → a local HTTP server until Ctrl-C.
import { parseArgs } from 'node:util'
import { reportFailure } from '../common/errors.js'
import { SOURCES, serveZip, type EventSource } from '../invoke/serve.js'
import { describeError, FUNCTION_FLAGS, functionSettings, usageFailure, usageProblem } from './invokecli.js'

export const SERVE_USAGE = `Usage: spindrift serve ZIP [--port 3000] [--source http-v2] [--stage NAME] [--base-path /api]

Serves the zip as a local HTTP API on 127.0.0.1, as API Gateway, a function URL or an ALB would put it in
front of the function: each request becomes that source's event, goes to one warm function (initialised
once, a fresh one after a crash or a timeout; one request at a time, others wait), and its answer becomes
the HTTP response. The function's logs go to stderr between Lambda's START, END and REPORT lines. Ctrl-C stops it.

Options:
  --port PORT         Port on 127.0.0.1 (default: 3000; 0 picks a free one).
  --source SOURCE     The event source: ${SOURCES.join(', ')} (default: http-v2).
  --stage NAME        An API Gateway stage that every URL starts with (rest, http-v1, http-v2).
  --base-path PATH    A custom domain's API mapping: only paths under it reach the function (others: 404).
  --env NAME=VALUE    An environment variable for the function; repeat for more.
  --handler M.F       Lambda's handler setting (default: index.handler, spindrift's shim).
  --layer ZIP         A layer zip the function uses; repeat for more, in layer order.
  --python PATH       Interpreter (default: one of the runtime recorded in the zip, else python3).
  --timeout SECONDS   The function's timeout (default: 30).
  --memory MB         Lambda's memory size (default: 128).
  --ephemeral-storage MB
                      Lambda's /tmp size (default: 512).
  -v, --verbose       Show pip's output when awslambdaric is installed.
  -h, --help          Show this help.
`

const FLAGS = {
  port: { type: 'string' as const },
  source: { type: 'string' as const },
  stage: { type: 'string' as const },
  'base-path': { type: 'string' as const },
  ...FUNCTION_FLAGS
}
const HELP = 'run "spindrift serve --help"'

/** `spindrift serve …` (argv after "serve"); resolves with the exit code once stopped. */
export async function serveCommand(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true })
  } catch (error) {
    return usageFailure(usageProblem(error as Error, Object.keys(FLAGS), HELP))
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(SERVE_USAGE)
    return 0
  }
  if (positionals.length !== 1) {
    return usageFailure(positionals.length === 0 ? `give the zip to serve: spindrift serve ZIP; ${HELP}.` : `expected one zip, got ${positionals.length} arguments (${positionals.join(' ')}); ${HELP}.`)
  }
  const port = values.port === undefined ? 3000 : Number(values.port)
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535) || values.port?.trim() === '') return usageFailure(`--port "${values.port}" is not a TCP port (0 to 65535); ${HELP}.`)
  const source = (values.source ?? 'http-v2') as EventSource
  if (!SOURCES.includes(source)) return usageFailure(`--source "${values.source}" is not one of ${SOURCES.join(', ')}; ${HELP}.`)
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
