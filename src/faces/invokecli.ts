// The `spindrift invoke` command line: flags → invokeZip → the response on stdout, or the error on stderr.
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { closest, reportFailure, SpindriftError, quote } from '../common/errors.js'
import { buildHttpApiEvent, UsageError } from '../invoke/httpevent.js'
import { AWSLAMBDARIC_VERSION, InvokeAbortedError, invokeZip, type InvokeResult } from '../invoke/invoke.js'
import { stderrLogger } from '../common/log.js'
import { helpWidth, parserOptions, renderCommandHelp, type CommandSpec, type FlagSpec } from './help.js'

/** The flags that set up the function, shared by `invoke` and `serve`. */
export const FUNCTION_FLAG_SPECS: readonly FlagSpec[] = [
  { name: 'env', value: 'NAME=VALUE', repeatable: true, description: "An environment variable for the function. Lambda's own (AWS_LAMBDA_*, _HANDLER…) cannot be overridden, as on Lambda." },
  { name: 'layer', value: 'ZIP', repeatable: true, description: "A layer zip (spindrift's package.layer output, or any Python layer), in the function's layer order: its python/ folder is on sys.path after the task root, as Lambda's /opt/python." },
  { name: 'handler', value: 'MODULE.FUNCTION', defaultText: "index.handler, spindrift's shim", description: "Lambda's handler setting." },
  { name: 'python', value: 'PYTHON', defaultText: "one of the runtime recorded in the zip's spindrift.json, else python3", description: 'Interpreter that runs the function; given, it runs even another version, with a warning.' },
  { name: 'timeout', value: 'SECONDS', defaultText: '30', description: "The function's timeout: the runtime is stopped after this." },
  { name: 'memory', value: 'MB', defaultText: '128', description: "Lambda's memory size: the function is killed when it uses more." },
  { name: 'ephemeral-storage', value: 'MB', defaultText: '512', description: "Lambda's /tmp size: the function is stopped when its scratch folder holds more." },
  { name: 'verbose', short: 'v', description: "Show pip's output when awslambdaric is installed." },
  { name: 'help', short: 'h', description: 'Show this help.' }
]

const INVOKE_FLAGS: readonly FlagSpec[] = [
  { name: 'event', value: 'FILE', description: 'The event, a JSON file; - reads it from stdin.' },
  { name: 'method', value: 'METHOD', defaultText: 'GET', description: 'Quick form: build an API Gateway HTTP API (payload 2.0) event with this method.' },
  { name: 'path', value: 'PATH', defaultText: '/', description: 'Quick form: the request path; may include ?query.' },
  { name: 'query', value: 'QUERY', description: 'Quick form: the raw query string, a=1&a=2.' },
  { name: 'header', value: "'NAME: VALUE'", repeatable: true, description: 'Quick form: a request header.' },
  { name: 'cookie', value: 'NAME=VALUE', repeatable: true, description: "Quick form: a cookie (sent in the event's cookies list)." },
  { name: 'body', value: 'TEXT', description: 'Quick form: the request body.' },
  ...FUNCTION_FLAG_SPECS
]

/** `spindrift invoke`, as the CLI's command table lists it. */
export const INVOKE_COMMAND: CommandSpec = {
  name: 'invoke',
  summary: 'Run a zip once, locally, as AWS Lambda would (an event file, or a quick HTTP request).',
  synopsis: ['invoke ZIP --event FILE', "invoke ZIP --method GET --path /hello [--query 'a=1&a=2'] [--header 'Name: value' …] [--cookie 'name=value' …] [--body TEXT]"],
  description: [
    `Runs the zip's index.handler once, locally, as AWS Lambda would: extracted once into the spindrift cache (read-only, reused by later runs), in a clean Python of the zip's runtime (no site-packages), as an unprivileged user when spindrift is root, with a fresh scratch folder as TMPDIR, under the real runtime interface client (awslambdaric ${AWSLAMBDARIC_VERSION}, installed once into the spindrift cache) talking to a Lambda Runtime API served on 127.0.0.1.`,
    "Prints the function's response as JSON on stdout; its logs go to stderr, between Lambda's START, END and REPORT lines."
  ],
  flags: INVOKE_FLAGS,
  exitCodes: [
    [0, 'the function answered'],
    [1, 'the function raised (the error goes to stderr), or the zip or event cannot be used']
  ],
  run: argv => invokeCommand(argv)
}

const FLAGS = parserOptions(INVOKE_FLAGS)

interface InvokeValues extends FunctionValues {
  event?: string
  method?: string
  path?: string
  query?: string
  header?: string[]
  cookie?: string[]
  body?: string
  help?: boolean
}
const QUICK = ['method', 'path', 'query', 'header', 'cookie', 'body'] as const
const HELP = 'run "spindrift invoke --help"'

/** `spindrift invoke …` (argv after "invoke"); returns the exit code. */
export async function invokeCommand(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true })
  } catch (error) {
    return usageFailure(usageProblem(error as Error))
  }
  const { positionals } = parsed
  const values = parsed.values as InvokeValues
  if (values.help) {
    process.stdout.write(renderCommandHelp(INVOKE_COMMAND, helpWidth()))
    return 0
  }
  if (positionals.length !== 1) {
    return usageFailure(
      positionals.length === 0
        ? `give the zip to invoke: spindrift invoke ZIP --event FILE; ${HELP}.`
        : `expected one zip, got ${positionals.length} arguments (${positionals.join(' ')}); ${HELP}.`
    )
  }
  const quick = QUICK.filter(name => values[name] !== undefined).map(name => `--${name}`)
  if (values.event !== undefined && quick.length) {
    return usageFailure(`--event and ${quick.join(', ')} cannot be used together: give the event in a file, or build an HTTP request with the quick form; ${HELP}.`)
  }
  if (values.event === undefined && !quick.length) {
    return usageFailure(`give the event with --event FILE (- for stdin), or build an HTTP request with --method and --path; ${HELP}.`)
  }
  const settings = functionSettings(values, HELP)
  if (typeof settings === 'string') return usageFailure(settings)

  const controller = new AbortController()
  const interrupt = () => controller.abort()
  process.once('SIGINT', interrupt)
  process.once('SIGTERM', interrupt)
  try {
    let eventJson: string
    if (values.event !== undefined) {
      eventJson = await readEvent(values.event)
    } else {
      const event = buildHttpApiEvent({
        method: values.method,
        path: values.path,
        query: values.query,
        headers: values.header,
        cookies: values.cookie,
        body: values.body
      })
      eventJson = JSON.stringify(event)
    }
    const result = await invokeZip({
      zip: positionals[0],
      eventJson,
      ...settings,
      signal: controller.signal
    })
    if (result.error) {
      process.stderr.write(describeError(result.error))
      return 1
    }
    const text = result.responseText ?? ''
    process.stdout.write(isJson(text) ? `${JSON.stringify(result.response, null, 2)}\n` : text.endsWith('\n') ? text : `${text}\n`)
    return 0
  } catch (error) {
    if (error instanceof InvokeAbortedError) {
      process.stderr.write(`spindrift: ${error.message}\n`)
      return 130
    }
    if (error instanceof UsageError) return usageFailure(error.message.replace(/\.$/, `; ${HELP}.`))
    return reportFailure(error)
  } finally {
    process.removeListener('SIGINT', interrupt)
    process.removeListener('SIGTERM', interrupt)
  }
}

export interface FunctionValues {
  env?: string[]
  layer?: string[]
  handler?: string
  python?: string
  timeout?: string
  memory?: string
  'ephemeral-storage'?: string
  verbose?: boolean
}

/** The function's settings from the shared flags, or the usage sentence for the first bad one. */
export function functionSettings(values: FunctionValues, help: string) {
  const timeoutSeconds = values.timeout === undefined ? 30 : Number(values.timeout)
  if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0) || values.timeout?.trim() === '') {
    return `--timeout ${quote(values.timeout)} is not a positive number of seconds; ${help}.`
  }
  const memorySize = values.memory === undefined ? 128 : Number(values.memory)
  if (!(Number.isInteger(memorySize) && memorySize >= 128 && memorySize <= 10240) || values.memory?.trim() === '') {
    return `--memory ${quote(values.memory)} is not a memory size Lambda allows: a whole number of MB from 128 to 10240; ${help}.`
  }
  const storage = values['ephemeral-storage']
  const ephemeralStorageMb = storage === undefined ? 512 : Number(storage)
  if (!(Number.isInteger(ephemeralStorageMb) && ephemeralStorageMb >= 512 && ephemeralStorageMb <= 10240) || storage?.trim() === '') {
    return `--ephemeral-storage ${quote(storage)} is not a size Lambda allows: a whole number of MB from 512 to 10240; ${help}.`
  }
  const env: Record<string, string> = {}
  for (const pair of values.env ?? []) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair)
    if (!match) return `--env ${quote(pair)} is not NAME=VALUE with a variable name of letters, digits and _; ${help}.`
    env[match[1]] = match[2]
  }
  if (values.handler !== undefined && !/^[A-Za-z_][\w/-]*(\.[A-Za-z_]\w*)+$/.test(values.handler)) {
    return `--handler ${quote(values.handler)} is not a Lambda handler setting like index.handler (module.function); ${help}.`
  }
  return {
    python: values.python,
    layers: values.layer,
    env,
    handler: values.handler,
    timeoutSeconds,
    memorySize,
    ephemeralStorageMb,
    logger: stderrLogger(Boolean(values.verbose)),
    // awslambdaric ends each line of a multi-line log entry (a traceback) with \r, for CloudWatch; show lines.
    onLog: (text: string) => process.stderr.write(text.replace(/\r(?!\n)/g, '\n'))
  }
}

async function readEvent(file: string): Promise<string> {
  const where = file === '-' ? 'The event read from stdin' : `Event file ${file}`
  let text: string
  try {
    text = file === '-' ? await readStdin() : readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new SpindriftError(`${where} cannot be read (${code}); check the path given to --event.`)
  }
  try {
    JSON.parse(text)
  } catch (error) {
    const reason = text.trim() === '' ? 'it is empty' : (error as Error).message.replace(/\.$/, '')
    throw new SpindriftError(`${where} is not valid JSON (${reason}); fix it, or build an HTTP request with --method and --path.`)
  }
  return text
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** "spindrift: the function failed with ValueError: boom" and, below it, the Python traceback when there is one. */
export function describeError(error: NonNullable<InvokeResult['error']>): string {
  const what = error.phase === 'init' ? 'the function failed during init' : 'the function failed'
  const message = error.errorMessage ? `: ${error.errorMessage}` : ''
  let text = `spindrift: ${what} with ${error.errorType}${message}\n`
  if (error.stackTrace.length) {
    text += 'Traceback (most recent call last):\n'
    for (const frame of error.stackTrace) text += frame.endsWith('\n') ? frame : `${frame}\n`
  }
  return text
}

export function usageFailure(sentence: string): number {
  process.stderr.write(`spindrift: ${sentence}\n`)
  return 2
}

/** parseArgs' complaint as one sentence, with the nearest flag for a misspelt one. */
export function usageProblem(error: Error, flags: readonly string[] = Object.keys(FLAGS), help = HELP): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message)
  if (unknown) {
    const suggestion = closest(unknown[1], flags.map(f => `--${f}`))
    return `unknown option ${unknown[1]}${suggestion ? `; did you mean ${suggestion}?` : `; ${help} for the options.`}`
  }
  return `${error.message.split('\n')[0]}; ${help}.`
}
