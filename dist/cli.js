#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { g as stderrLogger, h as reportFailure, i as closest, S as SpindriftError, O as OPTIONS, d as dashed, a as removePendingTemps, b as configure, f as runPlan } from './pipeline.js';
import { readFileSync } from 'node:fs';
import { A as AWSLAMBDARIC_VERSION, b as buildHttpApiEvent, i as invokeZip, I as InvokeAbortedError, U as UsageError } from './invoke.js';
import 'node:path';
import 'node:os';
import 'fs';
import 'path';
import 'zlib';
import 'crypto';
import 'node:url';
import 'node:crypto';
import 'string_decoder';
import 'os';
import 'events';
import 'child_process';
import 'assert';
import 'timers';
import 'node:zlib';
import 'node:child_process';
import 'node:http';

// The `spindrift invoke` command line: flags → invokeZip → the response on stdout, or the error on stderr.
const INVOKE_USAGE = `Usage: spindrift invoke ZIP --event FILE
       spindrift invoke ZIP --method GET --path /hello [--query 'a=1&a=2'] [--header 'Name: value' …]
                            [--cookie 'name=value' …] [--body TEXT]

Runs the zip's index.handler once, locally, as AWS Lambda would: extracted into a fresh folder, in a clean
Python (no site-packages) under the real runtime interface client (awslambdaric ${AWSLAMBDARIC_VERSION}, installed
once into the spindrift cache) talking to a Lambda Runtime API served on 127.0.0.1. Prints the function's
response as JSON on stdout; its logs go to stderr, between Lambda's START, END and REPORT lines. Exit 0 when
it answered, 1 when it raised (the error goes to stderr), 2 for a bad command line.

Options:
  --event FILE        The event, a JSON file; - reads it from stdin.
  --method METHOD     Quick form: build an API Gateway HTTP API (payload 2.0) event with this method (default GET).
  --path PATH         Quick form: the request path (default /); may include ?query.
  --query QUERY       Quick form: the raw query string, a=1&a=2.
  --header 'N: V'     Quick form: a request header; repeat for more.
  --cookie 'N=V'      Quick form: a cookie (sent in the event's cookies list); repeat for more.
  --body TEXT         Quick form: the request body.
  --env NAME=VALUE    An environment variable for the function; repeat for more. Lambda's own (AWS_LAMBDA_*,
                      _HANDLER…) cannot be overridden, as on Lambda.
  --handler M.F       Lambda's handler setting (default: index.handler, spindrift's shim).
  --python PATH       Interpreter that runs the function (default: python3); best the runtime's version.
  --timeout SECONDS   The function's timeout: the runtime is stopped after this (default: 30).
  -v, --verbose       Show pip's output when awslambdaric is installed.
  -h, --help          Show this help.
`;
const FLAGS$1 = {
    event: { type: 'string' },
    method: { type: 'string' },
    path: { type: 'string' },
    query: { type: 'string' },
    header: { type: 'string', multiple: true },
    cookie: { type: 'string', multiple: true },
    body: { type: 'string' },
    env: { type: 'string', multiple: true },
    handler: { type: 'string' },
    python: { type: 'string' },
    timeout: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' }
};
const QUICK = ['method', 'path', 'query', 'header', 'cookie', 'body'];
const HELP = 'run "spindrift invoke --help"';
/** `spindrift invoke …` (argv after "invoke"); returns the exit code. */
async function invokeCommand(argv) {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options: FLAGS$1, allowPositionals: true, strict: true });
    }
    catch (error) {
        return usageFailure(usageProblem$1(error));
    }
    const { values, positionals } = parsed;
    if (values.help) {
        process.stdout.write(INVOKE_USAGE);
        return 0;
    }
    if (positionals.length !== 1) {
        return usageFailure(positionals.length === 0
            ? `give the zip to invoke: spindrift invoke ZIP --event FILE; ${HELP}.`
            : `expected one zip, got ${positionals.length} arguments (${positionals.join(' ')}); ${HELP}.`);
    }
    const quick = QUICK.filter(name => values[name] !== undefined).map(name => `--${name}`);
    if (values.event !== undefined && quick.length) {
        return usageFailure(`--event and ${quick.join(', ')} cannot be used together: give the event in a file, or build an HTTP request with the quick form; ${HELP}.`);
    }
    if (values.event === undefined && !quick.length) {
        return usageFailure(`give the event with --event FILE (- for stdin), or build an HTTP request with --method and --path; ${HELP}.`);
    }
    const timeoutSeconds = values.timeout === undefined ? 30 : Number(values.timeout);
    if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0) || values.timeout?.trim() === '') {
        return usageFailure(`--timeout "${values.timeout}" is not a positive number of seconds; ${HELP}.`);
    }
    const functionEnv = {};
    for (const pair of values.env ?? []) {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair);
        if (!match)
            return usageFailure(`--env "${pair}" is not NAME=VALUE with a variable name of letters, digits and _; ${HELP}.`);
        functionEnv[match[1]] = match[2];
    }
    if (values.handler !== undefined && !/^[A-Za-z_][\w/-]*(\.[A-Za-z_]\w*)+$/.test(values.handler)) {
        return usageFailure(`--handler "${values.handler}" is not a Lambda handler setting like index.handler (module.function); ${HELP}.`);
    }
    const controller = new AbortController();
    const interrupt = () => controller.abort();
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    try {
        let eventJson;
        if (values.event !== undefined) {
            eventJson = await readEvent(values.event);
        }
        else {
            const event = buildHttpApiEvent({
                method: values.method,
                path: values.path,
                query: values.query,
                headers: values.header,
                cookies: values.cookie,
                body: values.body
            });
            eventJson = JSON.stringify(event);
        }
        const result = await invokeZip({
            zip: positionals[0],
            eventJson,
            python: values.python,
            env: functionEnv,
            handler: values.handler,
            timeoutSeconds,
            logger: stderrLogger(Boolean(values.verbose)),
            // awslambdaric ends each line of a multi-line log entry (a traceback) with \r, for CloudWatch; show lines.
            onLog: text => process.stderr.write(text.replace(/\r(?!\n)/g, '\n')),
            signal: controller.signal
        });
        if (result.error) {
            process.stderr.write(describeError(result.error));
            return 1;
        }
        const text = result.responseText ?? '';
        process.stdout.write(isJson(text) ? `${JSON.stringify(result.response, null, 2)}\n` : text.endsWith('\n') ? text : `${text}\n`);
        return 0;
    }
    catch (error) {
        if (error instanceof InvokeAbortedError) {
            process.stderr.write(`spindrift: ${error.message}\n`);
            return 130;
        }
        if (error instanceof UsageError)
            return usageFailure(error.message.replace(/\.$/, `; ${HELP}.`));
        return reportFailure(error);
    }
    finally {
        process.removeListener('SIGINT', interrupt);
        process.removeListener('SIGTERM', interrupt);
    }
}
async function readEvent(file) {
    const where = file === '-' ? 'The event read from stdin' : `Event file ${file}`;
    let text;
    try {
        text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
    }
    catch (error) {
        const code = error.code ?? error.message;
        throw new SpindriftError(`${where} cannot be read (${code}); check the path given to --event.`);
    }
    try {
        JSON.parse(text);
    }
    catch (error) {
        const reason = text.trim() === '' ? 'it is empty' : error.message.replace(/\.$/, '');
        throw new SpindriftError(`${where} is not valid JSON (${reason}); fix it, or build an HTTP request with --method and --path.`);
    }
    return text;
}
async function readStdin() {
    const chunks = [];
    for await (const chunk of process.stdin)
        chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
}
function isJson(text) {
    try {
        JSON.parse(text);
        return true;
    }
    catch {
        return false;
    }
}
/** "spindrift: the function failed with ValueError: boom" and, below it, the Python traceback when there is one. */
function describeError(error) {
    const what = error.phase === 'init' ? 'the function failed during init' : 'the function failed';
    const message = error.errorMessage ? `: ${error.errorMessage}` : '';
    let text = `spindrift: ${what} with ${error.errorType}${message}\n`;
    if (error.stackTrace.length) {
        text += 'Traceback (most recent call last):\n';
        for (const frame of error.stackTrace)
            text += frame.endsWith('\n') ? frame : `${frame}\n`;
    }
    return text;
}
function usageFailure(sentence) {
    process.stderr.write(`spindrift: ${sentence}\n`);
    return 2;
}
function usageProblem$1(error) {
    const unknown = /Unknown option '([^']+)'/.exec(error.message);
    if (unknown) {
        const suggestion = closest(unknown[1], Object.keys(FLAGS$1).map(f => `--${f}`));
        return `unknown option ${unknown[1]}${suggestion ? `; did you mean ${suggestion}?` : `; ${HELP} for the options.`}`;
    }
    return `${error.message.split('\n')[0]}; ${HELP}.`;
}

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
`;
const FLAGS = {
    ...Object.fromEntries(OPTIONS.filter(o => o.kind !== 'boolean').map(o => [dashed(o.key), { type: 'string', multiple: o.kind === 'list' }])),
    // Each boolean option is a flag pair: --package-compile / --no-package-compile, --cache / --no-cache.
    ...Object.fromEntries(OPTIONS.filter(o => o.kind === 'boolean').flatMap(o => [
        [dashed(o.key), { type: 'boolean' }],
        [`no-${dashed(o.key)}`, { type: 'boolean' }]
    ])),
    file: { type: 'string', short: 'f' },
    json: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' }
};
async function main(argv) {
    if (argv[0] === 'invoke')
        return invokeCommand(argv.slice(1));
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
    }
    catch (error) {
        process.stderr.write(`spindrift: ${usageProblem(error)}\n`);
        return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) {
        process.stdout.write(USAGE);
        return 0;
    }
    if (positionals[0] !== 'package' || positionals.length > 1) {
        const got = positionals.length ? `"${positionals.join(' ')}"` : 'no command';
        process.stderr.write(`spindrift: expected the command "package" or "invoke", got ${got}; run "spindrift package --help".\n`);
        return 2;
    }
    const logger = stderrLogger(Boolean(values.verbose));
    try {
        const overrides = {};
        for (const spec of OPTIONS) {
            overrides[spec.key] = values[dashed(spec.key)];
            if (spec.kind === 'boolean' && values[`no-${dashed(spec.key)}`])
                overrides[spec.key] = false;
        }
        const plan = configure({ settingsFile: values.file, overrides, cwd: process.cwd(), env: process.env });
        const { result } = await runPlan(plan, { logger, env: process.env });
        if (values.json)
            process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else
            process.stdout.write(`${result.path}\n`);
        return 0;
    }
    catch (error) {
        return reportFailure(error);
    }
}
function usageProblem(error) {
    const unknown = /Unknown option '([^']+)'/.exec(error.message);
    if (unknown) {
        const names = Object.keys(FLAGS).map(f => `--${f}`);
        const suggestion = closest(unknown[1], names);
        return `unknown option ${unknown[1]}${suggestion ? `; did you mean ${suggestion}?` : '; run "spindrift package --help" for the options.'}`;
    }
    return `${error.message.split('\n')[0]}; run "spindrift package --help".`;
}
// Stopped mid-write: leave no temp file beside the output (the previous zip is untouched either way).
for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
        removePendingTemps();
        process.exit(signal === 'SIGTERM' ? 143 : 130);
    });
}
main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
});

export { main };
