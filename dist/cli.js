#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { l as reportFailure, n as closest, q as quote, o as stderrLogger, S as SpindriftError, p as configure, A as ARCHITECTURES, t as findRuntime, O as OPTIONS, b as removePendingTemps, u as currentRuntimeNames, d as dashed, v as DEFAULT_CACHE_MAX_MB, f as StageClock, e as configureAll, g as runPlans, s as summariseRuns, w as defaultCacheDir, x as isFolder, y as cleanCache, z as pruneCache, B as cacheEntries } from './configure.js';
import { readFileSync, existsSync } from 'node:fs';
import { A as AWSLAMBDARIC_VERSION, b as buildHttpApiEvent, i as invokeZip, I as InvokeAbortedError, U as UsageError, S as SOURCES, s as serveZip, c as checkLock } from './serve.js';
import 'node:path';
import { fileURLToPath } from 'node:url';
import 'node:crypto';
import 'node:child_process';
import 'node:os';
import 'node:fs/promises';
import 'node:zlib';
import 'node:http';
import 'node:https';
import 'node:perf_hooks';
import 'fs';
import 'path';
import 'zlib';
import 'crypto';

/** The exit codes every command shares, for help and the README. */
const EXIT_CODES = [
    [0, 'done'],
    [1, 'a problem with the input, the project or its dependencies (one sentence on stderr: what, where, how to fix)'],
    [2, 'a bad command line'],
    [70, 'an internal error in spindrift (please report it; SPINDRIFT_DEBUG=1 shows the stack)'],
    [130, 'interrupted (Ctrl-C, SIGINT); the previous zip is left as it was'],
    [143, 'terminated (SIGTERM); the previous zip is left as it was']
];
/** node:util parseArgs options for a command's flags (each negatable flag also as --no-NAME). */
function parserOptions(flags) {
    const options = {};
    for (const flag of flags) {
        options[flag.name] = { type: flag.value ? 'string' : 'boolean', ...(flag.short ? { short: flag.short } : {}), ...(flag.repeatable ? { multiple: true } : {}) };
        if (flag.negatable)
            options[`no-${flag.name}`] = { type: 'boolean' };
    }
    return options;
}
/** Every spelling of a command's flags, for "did you mean" hints. */
function flagNames(flags) {
    return flags.flatMap(f => [`--${f.name}`, ...(f.negatable ? [`--no-${f.name}`] : [])]);
}
/** Width to wrap help at: the terminal's, else $COLUMNS, else 80; never narrower than 40. */
function helpWidth(env = process.env, stream = process.stdout) {
    const columns = stream.isTTY && stream.columns ? stream.columns : Number(env.COLUMNS);
    return Number.isFinite(columns) && columns > 0 ? Math.max(40, Math.floor(columns)) : 80;
}
/** Words of text laid into lines of at most width characters, each prefixed by indent (the first by first). */
function wrap(text, width, indent = '', first = indent) {
    const lines = [];
    let line = first;
    let empty = true;
    for (const word of text.split(/\s+/).filter(Boolean)) {
        if (!empty && line.length + 1 + word.length > width) {
            lines.push(line);
            line = indent;
            empty = true;
        }
        line += (empty ? '' : ' ') + word;
        empty = false;
    }
    lines.push(line);
    return lines;
}
/** Choices short enough to stand in for the value name: `--package-type plain|flask`. */
const inlineChoices = (flag) => Boolean(flag.choices && flag.choices.join('|').length <= 24);
function flagLabel(flag) {
    const long = flag.negatable ? `--[no-]${flag.name}` : `--${flag.name}`;
    const value = flag.value ? ` ${inlineChoices(flag) ? flag.choices?.join('|') : flag.value}` : '';
    return `${flag.short ? `-${flag.short}, ` : '    '}${long}${value}`;
}
function flagText(flag) {
    const parts = [flag.description];
    if (flag.choices && !inlineChoices(flag))
        parts.push(`One of: ${flag.choices.join(', ')}.`);
    if (flag.repeatable)
        parts.push('Repeatable.');
    if (flag.defaultText === 'required')
        parts.push('Required.');
    else if (flag.defaultText)
        parts.push(`Default: ${flag.defaultText.replace(/`/g, '')}.`);
    return parts.join(' ');
}
/** Flags as a two-column list: labels on the left, wrapped descriptions on the right (or below when narrow). */
function renderFlags(flags, width) {
    const labels = flags.map(flagLabel);
    const column = Math.min(Math.max(...labels.map(l => l.length)) + 4, Math.floor(width * 0.45));
    const lines = [];
    flags.forEach((flag, i) => {
        const label = `  ${labels[i]}`;
        const pad = ' '.repeat(column + 2);
        if (label.length + 2 <= column + 2 && width - column - 2 >= 20) {
            lines.push(...wrap(flagText(flag), width, pad, label.padEnd(column + 2)));
        }
        else {
            lines.push(label, ...wrap(flagText(flag), width, ' '.repeat(8)));
        }
    });
    return lines;
}
function exitCodeLines(width, own = []) {
    const codes = EXIT_CODES.map(([code, meaning]) => [code, own.find(([c]) => c === code)?.[1] ?? meaning]);
    return ['Exit codes:', ...codes.flatMap(([code, meaning]) => wrap(meaning, width, ' '.repeat(8), `  ${String(code).padEnd(6)}`))];
}
/** `spindrift CMD --help`. */
function renderCommandHelp(command, width) {
    const synopsis = command.synopsis.flatMap((s, i) => wrap(`spindrift ${s}`, width, ' '.repeat(18 + s.split(' ')[0].length), i === 0 ? 'Usage: ' : '       '));
    const paragraphs = command.description.flatMap(p => ['', ...wrap(p, width)]);
    return [...synopsis, ...paragraphs, '', 'Options:', ...renderFlags(command.flags, width), '', ...exitCodeLines(width, command.exitCodes), ''].join('\n');
}
/** Bare `spindrift`, `spindrift --help` and `spindrift help`: the commands and the global flags. */
function renderUsage(commands, globalFlags, width) {
    const column = Math.max(...commands.map(c => c.name.length)) + 4;
    const list = commands.flatMap(c => wrap(c.summary, width, ' '.repeat(column + 2), `  ${c.name.padEnd(column)}`));
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
    ].join('\n');
}

// The `spindrift invoke` command line: flags → invokeZip → the response on stdout, or the error on stderr.
/** The flags that set up the function, shared by `invoke` and `serve`. */
const FUNCTION_FLAG_SPECS = [
    { name: 'env', value: 'NAME=VALUE', repeatable: true, description: "An environment variable for the function. Lambda's own (AWS_LAMBDA_*, _HANDLER…) cannot be overridden, as on Lambda." },
    { name: 'layer', value: 'ZIP', repeatable: true, description: "A layer zip (spindrift's package.layer output, or any Python layer), in the function's layer order: its python/ folder is on sys.path after the task root, as Lambda's /opt/python." },
    { name: 'handler', value: 'MODULE.FUNCTION', defaultText: "index.handler, spindrift's shim", description: "Lambda's handler setting." },
    { name: 'python', value: 'PYTHON', defaultText: "one of the runtime recorded in the zip's spindrift.json, else python3", description: 'Interpreter that runs the function; given, it runs even another version, with a warning.' },
    { name: 'timeout', value: 'SECONDS', defaultText: '30', description: "The function's timeout: the runtime is stopped after this." },
    { name: 'memory', value: 'MB', defaultText: '128', description: "Lambda's memory size: the function is killed when it uses more." },
    { name: 'ephemeral-storage', value: 'MB', defaultText: '512', description: "Lambda's /tmp size: the function is stopped when its scratch folder holds more." },
    { name: 'verbose', short: 'v', description: "Show pip's output when awslambdaric is installed." },
    { name: 'help', short: 'h', description: 'Show this help.' }
];
const INVOKE_FLAGS = [
    { name: 'event', value: 'FILE', description: 'The event, a JSON file; - reads it from stdin.' },
    { name: 'method', value: 'METHOD', defaultText: 'GET', description: 'Quick form: build an API Gateway HTTP API (payload 2.0) event with this method.' },
    { name: 'path', value: 'PATH', defaultText: '/', description: 'Quick form: the request path; may include ?query.' },
    { name: 'query', value: 'QUERY', description: 'Quick form: the raw query string, a=1&a=2.' },
    { name: 'header', value: "'NAME: VALUE'", repeatable: true, description: 'Quick form: a request header.' },
    { name: 'cookie', value: 'NAME=VALUE', repeatable: true, description: "Quick form: a cookie (sent in the event's cookies list)." },
    { name: 'body', value: 'TEXT', description: 'Quick form: the request body.' },
    ...FUNCTION_FLAG_SPECS
];
/** `spindrift invoke`, as the CLI's command table lists it. */
const INVOKE_COMMAND = {
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
};
const FLAGS$2 = parserOptions(INVOKE_FLAGS);
const QUICK = ['method', 'path', 'query', 'header', 'cookie', 'body'];
const HELP$1 = 'run "spindrift invoke --help"';
/** `spindrift invoke …` (argv after "invoke"); returns the exit code. */
async function invokeCommand(argv) {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options: FLAGS$2, allowPositionals: true, strict: true });
    }
    catch (error) {
        return usageFailure$1(usageProblem$1(error));
    }
    const { positionals } = parsed;
    const values = parsed.values;
    if (values.help) {
        process.stdout.write(renderCommandHelp(INVOKE_COMMAND, helpWidth()));
        return 0;
    }
    if (positionals.length !== 1) {
        return usageFailure$1(positionals.length === 0
            ? `give the zip to invoke: spindrift invoke ZIP --event FILE; ${HELP$1}.`
            : `expected one zip, got ${positionals.length} arguments (${positionals.join(' ')}); ${HELP$1}.`);
    }
    const quick = QUICK.filter(name => values[name] !== undefined).map(name => `--${name}`);
    if (values.event !== undefined && quick.length) {
        return usageFailure$1(`--event and ${quick.join(', ')} cannot be used together: give the event in a file, or build an HTTP request with the quick form; ${HELP$1}.`);
    }
    if (values.event === undefined && !quick.length) {
        return usageFailure$1(`give the event with --event FILE (- for stdin), or build an HTTP request with --method and --path; ${HELP$1}.`);
    }
    const settings = functionSettings(values, HELP$1);
    if (typeof settings === 'string')
        return usageFailure$1(settings);
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
            ...settings,
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
            return usageFailure$1(error.message.replace(/\.$/, `; ${HELP$1}.`));
        return reportFailure(error);
    }
    finally {
        process.removeListener('SIGINT', interrupt);
        process.removeListener('SIGTERM', interrupt);
    }
}
/** The function's settings from the shared flags, or the usage sentence for the first bad one. */
function functionSettings(values, help) {
    const timeoutSeconds = values.timeout === undefined ? 30 : Number(values.timeout);
    if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0) || values.timeout?.trim() === '') {
        return `--timeout ${quote(values.timeout)} is not a positive number of seconds; ${help}.`;
    }
    const memorySize = values.memory === undefined ? 128 : Number(values.memory);
    if (!(Number.isInteger(memorySize) && memorySize >= 128 && memorySize <= 10240) || values.memory?.trim() === '') {
        return `--memory ${quote(values.memory)} is not a memory size Lambda allows: a whole number of MB from 128 to 10240; ${help}.`;
    }
    const storage = values['ephemeral-storage'];
    const ephemeralStorageMb = storage === undefined ? 512 : Number(storage);
    if (!(Number.isInteger(ephemeralStorageMb) && ephemeralStorageMb >= 512 && ephemeralStorageMb <= 10240) || storage?.trim() === '') {
        return `--ephemeral-storage ${quote(storage)} is not a size Lambda allows: a whole number of MB from 512 to 10240; ${help}.`;
    }
    const env = {};
    for (const pair of values.env ?? []) {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair);
        if (!match)
            return `--env ${quote(pair)} is not NAME=VALUE with a variable name of letters, digits and _; ${help}.`;
        env[match[1]] = match[2];
    }
    if (values.handler !== undefined && !/^[A-Za-z_][\w/-]*(\.[A-Za-z_]\w*)+$/.test(values.handler)) {
        return `--handler ${quote(values.handler)} is not a Lambda handler setting like index.handler (module.function); ${help}.`;
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
        onLog: (text) => process.stderr.write(text.replace(/\r(?!\n)/g, '\n'))
    };
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
function usageFailure$1(sentence) {
    process.stderr.write(`spindrift: ${sentence}\n`);
    return 2;
}
/** parseArgs' complaint as one sentence, with the nearest flag for a misspelt one. */
function usageProblem$1(error, flags = Object.keys(FLAGS$2), help = HELP$1) {
    const unknown = /Unknown option '([^']+)'/.exec(error.message);
    if (unknown) {
        const suggestion = closest(unknown[1], flags.map(f => `--${f}`));
        return `unknown option ${unknown[1]}${suggestion ? `; did you mean ${suggestion}?` : `; ${help} for the options.`}`;
    }
    return `${error.message.split('\n')[0]}; ${help}.`;
}

// The `spindrift serve` command line: flags → serveZip → a local HTTP server until Ctrl-C.
const SERVE_FLAGS = [
    { name: 'port', value: 'PORT', defaultText: '3000; 0 picks a free one', description: 'Port on 127.0.0.1.' },
    { name: 'source', value: 'SOURCE', choices: SOURCES, defaultText: 'http-v2', description: 'The event source the requests arrive as.' },
    { name: 'stage', value: 'NAME', description: 'An API Gateway stage that every URL starts with (rest, http-v1, http-v2).' },
    { name: 'base-path', value: 'PATH', description: "A custom domain's API mapping: only paths under it reach the function (others: 404)." },
    ...FUNCTION_FLAG_SPECS
];
/** `spindrift serve`, as the CLI's command table lists it. */
const SERVE_COMMAND = {
    name: 'serve',
    summary: 'Serve a zip as a local HTTP API on 127.0.0.1, one warm function behind it.',
    synopsis: ['serve ZIP [--port 3000] [--source http-v2] [--stage NAME] [--base-path /api]'],
    description: [
        'Serves the zip as a local HTTP API on 127.0.0.1, as API Gateway, a function URL or an ALB would put it in front of the function: each request becomes that source\'s event, goes to one warm function (initialised once, a fresh one after a crash or a timeout; one request at a time, others wait), and its answer becomes the HTTP response.',
        "The function's logs go to stderr between Lambda's START, END and REPORT lines. Ctrl-C stops it."
    ],
    flags: SERVE_FLAGS,
    run: argv => serveCommand(argv)
};
const FLAGS$1 = parserOptions(SERVE_FLAGS);
const HELP = 'run "spindrift serve --help"';
/** `spindrift serve …` (argv after "serve"); resolves with the exit code once stopped. */
async function serveCommand(argv) {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options: FLAGS$1, allowPositionals: true, strict: true });
    }
    catch (error) {
        return usageFailure$1(usageProblem$1(error, Object.keys(FLAGS$1), HELP));
    }
    const { positionals } = parsed;
    const values = parsed.values;
    if (values.help) {
        process.stdout.write(renderCommandHelp(SERVE_COMMAND, helpWidth()));
        return 0;
    }
    if (positionals.length !== 1) {
        return usageFailure$1(positionals.length === 0 ? `give the zip to serve: spindrift serve ZIP; ${HELP}.` : `expected one zip, got ${positionals.length} arguments (${positionals.join(' ')}); ${HELP}.`);
    }
    const port = values.port === undefined ? 3000 : Number(values.port);
    if (!(Number.isInteger(port) && port >= 0 && port <= 65535) || values.port?.trim() === '')
        return usageFailure$1(`--port ${quote(values.port)} is not a TCP port (0 to 65535); ${HELP}.`);
    const source = (values.source ?? 'http-v2');
    if (!SOURCES.includes(source))
        return usageFailure$1(`--source ${quote(values.source)} is not one of ${SOURCES.join(', ')}; ${HELP}.`);
    if (values.stage !== undefined && !['rest', 'http-v1', 'http-v2'].includes(source)) {
        return usageFailure$1(`--stage belongs to API Gateway, and --source ${source} has no stages; leave it out or use --source rest, http-v1 or http-v2; ${HELP}.`);
    }
    const settings = functionSettings(values, HELP);
    if (typeof settings === 'string')
        return usageFailure$1(settings);
    let server;
    try {
        server = await serveZip({ zip: positionals[0], port, source, stage: values.stage, basePath: values['base-path'], ...settings, onRequest: (line, error) => process.stderr.write(`${error ? describeError(error) : ''}${line}\n`) });
    }
    catch (error) {
        return reportFailure(error);
    }
    const stage = values.stage ? `/${values.stage}` : '';
    process.stderr.write(`Serving ${positionals[0]} as ${describe$1(source)} on ${server.url}${stage}${values['base-path'] ?? ''} (Ctrl-C stops it).\n`);
    await new Promise(resolve => {
        const stop = () => {
            process.removeListener('SIGINT', stop);
            process.removeListener('SIGTERM', stop);
            process.stderr.write('Stopping.\n');
            void server.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
    });
    return 0;
}
function describe$1(source) {
    return {
        rest: 'an API Gateway REST API (proxy integration)',
        'http-v2': 'an API Gateway HTTP API (payload 2.0)',
        'http-v1': 'an API Gateway HTTP API (payload 1.0)',
        'function-url': 'a Lambda function URL',
        alb: 'an ALB target (multi-value headers off)',
        'alb-multi': 'an ALB target (multi-value headers on)'
    }[source];
}

// The `spindrift check` command line: without installing anything, for each runtime × architecture, the
// wheel each locked version would install, or the newest version that would fit. Exit 1 when one does not fit.
const CHECK_FLAGS = [
    { name: 'target', value: 'RUNTIME[:ARCH]', repeatable: true, defaultText: 'package.runtime and package.architecture from the settings or the flags below', description: 'A Lambda runtime and architecture to check.' },
    { name: 'package-path', value: 'PATH', defaultText: "the settings file's folder, else the current one", description: 'The project folder.' },
    { name: 'package-runtime', value: 'RUNTIME', description: "The default target's runtime." },
    { name: 'package-architecture', value: 'ARCH', choices: ['x86_64', 'arm64'], description: "The default target's architecture." },
    { name: 'package-lock', value: 'PATH', defaultText: 'found as spindrift package finds it', description: 'The lock to read.' },
    { name: 'package-groups', value: 'NAME', repeatable: true, description: 'A dependency group to include.' },
    { name: 'package-extras', value: 'NAME', repeatable: true, description: 'An extra to include.' },
    { name: 'package-member', value: 'NAME', description: 'The uv workspace member to check.' },
    { name: 'package-index-url', value: 'URL', defaultText: 'PyPI', description: 'The index; PEP 691 JSON or simple HTML.' },
    { name: 'file', short: 'f', value: 'PATH', defaultText: 'settings.spindrift', description: 'Settings file to read.' },
    { name: 'json', description: 'Print the report as JSON on stdout.' },
    { name: 'help', short: 'h', description: 'Show this help.' }
];
/** `spindrift check`, as the CLI's command table lists it. */
const CHECK_COMMAND = {
    name: 'check',
    summary: 'Which wheel each locked version installs on each target, without installing anything.',
    synopsis: ['check [--target python3.12[:arm64] …] [options]'],
    description: [
        "Reads the project's lock (or requirements pinned with --hash) and the package index, and reports for every locked version the wheel that would be installed on each target, or, when none fits, the newest version that would. Installs nothing."
    ],
    flags: CHECK_FLAGS,
    exitCodes: [
        [0, 'every locked version has a wheel that fits every target'],
        [1, 'one does not (or the project or lock cannot be read)']
    ],
    run: argv => checkCommand(argv)
};
const FLAGS = parserOptions(CHECK_FLAGS);
/** `spindrift check …` (argv after "check"); returns the exit code. */
async function checkCommand(argv) {
    let values;
    try {
        values = parseArgs({ args: argv, options: FLAGS, allowPositionals: false, strict: true }).values;
    }
    catch (error) {
        process.stderr.write(`spindrift: ${error.message.split('\n')[0]}; run "spindrift check --help".\n`);
        return 2;
    }
    if (values.help) {
        process.stdout.write(renderCommandHelp(CHECK_COMMAND, helpWidth()));
        return 0;
    }
    try {
        const targets = (values.target ?? []).map(parseTarget);
        // The Plan needs an entry and a runtime; check uses neither beyond the default target.
        const plan = configure({
            settingsFile: values.file,
            overrides: {
                'package.entry': 'check:unused',
                'package.runtime': values['package-runtime'] ?? targets[0]?.runtime.name,
                'package.architecture': values['package-architecture'],
                'package.path': values['package-path'],
                'package.lock': values['package-lock'],
                'package.groups': values['package-groups'],
                'package.extras': values['package-extras'],
                'package.member': values['package-member'],
                'package.index-url': values['package-index-url']
            },
            cwd: process.cwd(),
            env: process.env
        });
        const report = await checkLock({ ...plan, targets: targets.length ? targets : [{ runtime: plan.runtime, architecture: plan.architecture }] });
        process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
        return report.ok ? 0 : 1;
    }
    catch (error) {
        return reportFailure(error);
    }
}
function parseTarget(text) {
    const [runtime, architecture = 'x86_64'] = text.split(':');
    if (!ARCHITECTURES.includes(architecture)) {
        throw new SpindriftError(`--target ${text} names the architecture ${quote(architecture)}; write it as RUNTIME or RUNTIME:ARCH with ARCH x86_64 or arm64 (for example python3.12:arm64).`);
    }
    return { runtime: findRuntime(runtime), architecture: architecture };
}
function describe(report) {
    const lines = [`Checked ${report.lock}`];
    for (const line of report.lines) {
        const head = `${line.target}  ${line.name} ${line.version}: `;
        if (line.fits)
            lines.push(head + (line.wheel ? `${line.wheel} (${line.tag})` : line.reason ?? 'fits'));
        else
            lines.push(`${head}DOES NOT FIT: ${line.reason}; ${line.newestFitting ? `the newest version that fits is ${line.newestFitting}` : 'no version on the index fits'}`);
    }
    const bad = report.lines.filter(l => !l.fits).length;
    lines.push(bad ? `${bad} locked ${bad === 1 ? 'version does' : 'versions do'} not fit: relock with versions that publish wheels for these targets.` : 'Every locked version has a wheel for every target.');
    return lines.join('\n') + '\n';
}

/** spindrift's own version, from the package.json beside dist/ (bundles) or src/ (tests, scripts). */
function spindriftVersion() {
    for (const relative of ['../package.json', '../../package.json']) {
        const file = fileURLToPath(new URL(relative, import.meta.url));
        if (!existsSync(file))
            continue;
        const manifest = JSON.parse(readFileSync(file, 'utf8'));
        if (manifest.name === 'spindrift-lambda' && manifest.version)
            return manifest.version;
    }
    return 'unknown';
}

/** How often a plain progress line is printed when stderr is not a terminal. */
const PLAIN_INTERVAL_SECONDS = 10;
/** logger with a progress display on stream; `quiet` shows none. */
function withStatus(logger, stream, env, quiet) {
    if (quiet)
        return { ...logger, interleave: true };
    const tty = Boolean(stream.isTTY);
    const seconds = Number(env.SPINDRIFT_PROGRESS_SECONDS);
    const interval = (Number.isFinite(seconds) && seconds > 0 ? seconds : tty ? 1 : PLAIN_INTERVAL_SECONDS) * 1000;
    let current;
    let shown = false;
    let timer;
    const text = (p) => {
        const elapsed = ((Date.now() - p.startedAt) / 1000).toFixed(0);
        const count = p.count === 1 ? '1 package' : `${p.count} packages`;
        return `${p.task}: ${p.step ?? 'working'} (${count} so far, ${elapsed} s)`;
    };
    const clear = () => {
        if (tty && shown)
            stream.write('\r\x1b[2K');
        shown = false;
    };
    const draw = () => {
        if (!current)
            return;
        if (tty) {
            const width = Math.max(20, (stream.columns || 80) - 1);
            const line = text(current);
            stream.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
            shown = true;
        }
        else {
            stream.write(`${text(current)}\n`);
        }
    };
    // Other lines never land inside the status line: clear it, print, draw it again.
    const around = (print) => (message) => {
        clear();
        print(message);
        if (tty)
            draw();
    };
    return {
        ...logger,
        interleave: true,
        info: around(logger.info),
        warning: around(logger.warning),
        debug: around(logger.debug),
        progress: update => {
            if (update.done) {
                clearInterval(timer);
                timer = undefined;
                clear();
                current = undefined;
                return;
            }
            current = update;
            if (tty)
                draw();
            if (!timer) {
                timer = setInterval(draw, interval);
                timer.unref();
            }
        }
    };
}

// The command line: one table of commands (COMMANDS), each with its flags; parsing, `--help`,
// `spindrift help CMD` and the bare usage all come from it.
/** -q and -v: how much a command prints on stderr. */
const OUTPUT_FLAGS = [
    { name: 'quiet', short: 'q', description: 'Print only warnings and errors: no progress.' },
    { name: 'verbose', short: 'v', description: "Also print each stage and the installer's own output." },
    { name: 'help', short: 'h', description: 'Show this help.' }
];
/** A settings option as a flag, by the naming rule (`package.index-url` → `--package-index-url URL`). */
function optionFlag(o) {
    const choices = o.key === 'package.runtime' ? currentRuntimeNames() : o.choices;
    if (o.kind === 'boolean')
        return { name: dashed(o.key), negatable: true, defaultText: o.defaultText, description: o.description.replace(/`/g, '') };
    return {
        name: dashed(o.key),
        value: o.valueName ?? o.key.split(/[.-]/).at(-1).toUpperCase(),
        repeatable: o.kind === 'list',
        choices,
        defaultText: o.defaultText,
        description: o.description.replace(/`/g, '')
    };
}
const PACKAGE_FLAGS = [
    ...OPTIONS.map(optionFlag),
    { name: 'file', short: 'f', value: 'PATH', defaultText: 'settings.spindrift in the current folder', description: 'Settings file to read.' },
    { name: 'function', value: 'NAME', repeatable: true, defaultText: 'all of them', description: "Only this function of the settings file's functions: section (repeat for more)." },
    { name: 'json', description: 'Print the result as JSON on stdout (else the zip\'s path).' },
    { name: 'profile', description: 'Print where the time went, stage by stage, in one line on stderr (start-up, interpreter, installer, resolution, app, dependency layer, checks and zip, write, total).' },
    ...OUTPUT_FLAGS
];
const PACKAGE_COMMAND = {
    name: 'package',
    summary: 'Package a Python app (plain Lambda handler or Flask/WSGI app) into a Lambda .zip.',
    synopsis: ['package [options]'],
    description: [
        'Packages a Python app into a byte-reproducible Lambda .zip: its code, its dependencies installed for the runtime and architecture, and the handler shim (index.handler).',
        'Reads settings.spindrift in the current folder (or --file); flags override it. Settings key a.b is flag --a-b.'
    ],
    flags: PACKAGE_FLAGS,
    run: packageCommand
};
const HELP_COMMAND = {
    name: 'help',
    summary: 'Show the options of a command: spindrift help package.',
    synopsis: ['help [COMMAND]'],
    description: ['Shows the usage of spindrift, or the options of one command.'],
    flags: [],
    run: async (argv) => helpCommand(argv)
};
const CACHE_FLAGS = [
    { name: 'days', value: 'DAYS', defaultText: '30', description: 'For prune: remove what has not been used for this many days.' },
    { name: 'help', short: 'h', description: 'Show this help.' }
];
const CACHE_COMMAND = {
    name: 'cache',
    summary: 'Show, prune or clean the local cache of dependency layers and built wheels.',
    synopsis: ['cache dir', 'cache prune [--days DAYS]', 'cache clean'],
    description: [
        'dir prints the cache folder: $SPINDRIFT_CACHE_DIR, else $XDG_CACHE_HOME/spindrift, else ~/.cache/spindrift. prune removes the dependency layers, built wheels, resolution memos and interpreter facts not used for DAYS days; clean removes everything spindrift keeps there (nothing else in the folder is touched).',
        `After each new dependency layer, the least recently used layers are removed to keep the layers under ${DEFAULT_CACHE_MAX_MB} MB; SPINDRIFT_CACHE_MAX_MB changes the bound (0: none).`
    ],
    flags: CACHE_FLAGS,
    run: cacheCommand
};
/** Every command: add one here and it is parsed, listed in the usage and has its help. */
const COMMANDS = [PACKAGE_COMMAND, INVOKE_COMMAND, SERVE_COMMAND, CHECK_COMMAND, CACHE_COMMAND, HELP_COMMAND];
async function cacheCommand(argv) {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options: parserOptions(CACHE_FLAGS), allowPositionals: true, strict: true });
    }
    catch (error) {
        return usageFailure(`${error.message.split('\n')[0]}; run "spindrift cache --help".`);
    }
    const values = parsed.values;
    if (values.help) {
        process.stdout.write(renderCommandHelp(CACHE_COMMAND, helpWidth()));
        return 0;
    }
    const [action, ...extra] = parsed.positionals;
    const dir = defaultCacheDir(process.env);
    if (extra.length || !['dir', 'prune', 'clean'].includes(action ?? '')) {
        return usageFailure(`expected spindrift cache dir, prune or clean${action ? `, got ${quote(parsed.positionals.join(' '))}` : ''}; run "spindrift cache --help".`);
    }
    if (values.days !== undefined && action !== 'prune')
        return usageFailure('--days is for spindrift cache prune.');
    if (action === 'dir') {
        process.stdout.write(`${dir}\n`);
        return 0;
    }
    const days = values.days === undefined ? 30 : Number(values.days);
    if (!Number.isFinite(days) || days < 0 || values.days?.trim() === '')
        return usageFailure(`--days ${quote(values.days)} is not a number of days (0 or more); for example --days 30.`);
    if (!isFolder(dir)) {
        process.stderr.write(`The cache folder ${dir} does not exist: nothing to remove.\n`);
        return 0;
    }
    try {
        const removed = action === 'clean' ? cleanCache(dir) : pruneCache(dir, days);
        const left = cacheEntries(dir);
        const what = action === 'clean' ? '' : ` not used for ${days} days`;
        process.stderr.write(`Removed ${removed.count} cached items${what} (${mb(removed.bytes)}) from ${dir}; ${left.length} left (${mb(left.reduce((sum, e) => sum + e.bytes, 0))}).\n`);
        return 0;
    }
    catch (error) {
        const code = error.code ?? error.message;
        process.stderr.write(`spindrift: could not remove cached items from ${dir} (${code}); check that the folder is yours and writable.\n`);
        return 1;
    }
}
const mb = (bytes) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const GLOBAL_FLAGS = [
    { name: 'version', short: 'V', description: "Print spindrift's version." },
    { name: 'help', short: 'h', description: 'Show this usage.' }
];
async function main(argv) {
    const [first, ...rest] = argv;
    const command = COMMANDS.find(c => c.name === first);
    if (command)
        return command.run(rest);
    if (first === undefined || first === '--help' || first === '-h') {
        process.stdout.write(renderUsage(COMMANDS, GLOBAL_FLAGS, helpWidth()));
        return 0;
    }
    if (first === '--version' || first === '-V') {
        process.stdout.write(`${spindriftVersion()}\n`);
        return 0;
    }
    const names = COMMANDS.map(c => c.name);
    if (first.startsWith('-')) {
        // The seed's own form puts flags first: `spindrift --package-name … package`.
        const at = commandPosition(argv);
        if (at !== undefined)
            return PACKAGE_COMMAND.run([...argv.slice(0, at), ...argv.slice(at + 1)]);
        return usageFailure(`${first} needs a command before it (${names.join(', ')}); run "spindrift --help".`);
    }
    const suggestion = closest(first, names);
    return usageFailure(`unknown command ${quote(first)}${suggestion ? `; did you mean "${suggestion}"?` : `; the commands are ${names.join(', ')} (run "spindrift --help").`}`);
}
/** Where `package` stands among package flags given before it, if it does. */
function commandPosition(argv) {
    try {
        const { tokens } = parseArgs({ args: argv, options: parserOptions(PACKAGE_FLAGS), allowPositionals: true, strict: false, tokens: true });
        const token = tokens.find(t => t.kind === 'positional');
        return token?.kind === 'positional' && token.value === 'package' ? token.index : undefined;
    }
    catch {
        return undefined;
    }
}
function helpCommand(argv) {
    if (argv.length === 0) {
        process.stdout.write(renderUsage(COMMANDS, GLOBAL_FLAGS, helpWidth()));
        return 0;
    }
    const command = COMMANDS.find(c => c.name === argv[0]);
    if (!command || argv.length > 1)
        return usageFailure(`no command ${quote(argv.join(' '))} to show help for; the commands are ${COMMANDS.map(c => c.name).join(', ')}.`);
    process.stdout.write(renderCommandHelp(command, helpWidth()));
    return 0;
}
/** -q, -v (or neither) from parsed flags. */
function verbosity(values) {
    return values.quiet ? 'quiet' : values.verbose ? 'verbose' : 'normal';
}
async function packageCommand(argv) {
    // Made first: what came before it (Node, loading spindrift) is the profile's start-up.
    const clock = new StageClock();
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options: parserOptions(PACKAGE_FLAGS), allowPositionals: true, strict: true });
    }
    catch (error) {
        return usageFailure(usageProblem(error));
    }
    const values = parsed.values;
    if (values.help) {
        process.stdout.write(renderCommandHelp(PACKAGE_COMMAND, helpWidth()));
        return 0;
    }
    if (values.quiet && values.verbose)
        return usageFailure('--quiet and --verbose cannot be used together; choose one.');
    if (parsed.positionals.length > 0) {
        return usageFailure(`spindrift package takes no arguments, got ${quote(parsed.positionals.join(' '))}; give settings as flags (run "spindrift package --help").`);
    }
    const level = verbosity(values);
    const logger = withStatus(stderrLogger(level), process.stderr, process.env, level === 'quiet');
    try {
        const overrides = {};
        for (const spec of OPTIONS) {
            overrides[spec.key] = values[dashed(spec.key)];
            if (spec.kind === 'boolean' && values[`no-${dashed(spec.key)}`])
                overrides[spec.key] = false;
        }
        const plans = configureAll({ settingsFile: values.file, overrides, cwd: process.cwd(), env: process.env, functions: values.function });
        const runs = await runPlans(plans, { logger, env: process.env, clock });
        // A settings file without functions: prints what it always did; with them, one result per function and layer.
        const single = runs.length === 1 && runs[0].functionName === undefined ? runs[0].run.result : undefined;
        if (values.json)
            process.stdout.write(`${JSON.stringify(single ?? summariseRuns(runs), null, 2)}\n`);
        else
            for (const path of writtenPaths(runs))
                process.stdout.write(`${path}\n`);
        return 0;
    }
    catch (error) {
        return reportFailure(error);
    }
    finally {
        if (values.profile)
            process.stderr.write(`${clock.line()}\n`);
        else
            logger.debug(clock.line());
    }
}
/** Each zip written, one per line: function zips, then each layer zip once. */
function writtenPaths(runs) {
    const layers = runs.map(r => r.run.result.layer?.path).filter((p) => p !== undefined);
    return [...runs.map(r => r.run.result.path), ...new Set(layers)];
}
function usageFailure(sentence) {
    process.stderr.write(`spindrift: ${sentence}\n`);
    return 2;
}
function usageProblem(error) {
    const unknown = /Unknown option '([^']+)'/.exec(error.message);
    if (unknown) {
        const suggestion = closest(unknown[1], flagNames(PACKAGE_FLAGS));
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

export { main, verbosity };
