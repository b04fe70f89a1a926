import { execFile, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, existsSync, statSync, mkdirSync, rmSync, renameSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { S as SpindriftError, j as defaultCacheDir, A as AdmZip, k as runTool, p as pipTail, q as quietLogger } from './pipeline.js';
import http from 'node:http';

/** The API an HTTP API event pretends to come from; a Host header given by the user replaces the domain. */
const DEFAULT_API_ID = 'spindrift';
const DEFAULT_REGION = 'us-east-1';
const DEFAULT_ACCOUNT_ID = '123456789012';
const METHOD = /^[A-Z][A-Z0-9_-]*$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/**
 * An API Gateway HTTP API payload format 2.0 event, as API Gateway sends it for a `$default` route:
 * lower-cased headers (with host and the x-forwarded-* API Gateway adds), cookies moved out of the Cookie
 * header into `cookies`, repeated query keys joined with "," in queryStringParameters, and a requestContext.
 * A problem with the request text throws UsageError.
 */
function buildHttpApiEvent(spec) {
    const method = (spec.method ?? 'GET').toUpperCase();
    if (!METHOD.test(method))
        throw usage(`--method "${spec.method}" is not an HTTP method; write it as GET, POST, PUT…`);
    let rawPath = spec.path ?? '/';
    let rawQueryString = (spec.query ?? '').replace(/^\?/, '');
    const mark = rawPath.indexOf('?');
    if (mark >= 0) {
        const fromPath = rawPath.slice(mark + 1);
        rawPath = rawPath.slice(0, mark);
        rawQueryString = [fromPath, rawQueryString].filter(Boolean).join('&');
    }
    if (!rawPath.startsWith('/'))
        throw usage(`--path "${spec.path}" must start with "/", for example /hello`);
    if (/[\s#]/.test(rawPath))
        throw usage(`--path "${spec.path}" contains a space or "#"; percent-encode it (%20, %23)`);
    const headers = new Map();
    for (const header of spec.headers ?? []) {
        const [name, value] = typeof header === 'string' ? splitHeader(header) : header;
        if (!TOKEN.test(name))
            throw usage(`--header "${typeof header === 'string' ? header : name}" has no valid header name; write it as "Name: value"`);
        const key = name.toLowerCase();
        headers.set(key, [...(headers.get(key) ?? []), value.trim()]);
    }
    const cookies = [];
    for (const line of headers.get('cookie') ?? [])
        cookies.push(...line.split(';').map(c => c.trim()).filter(Boolean));
    headers.delete('cookie');
    for (const cookie of spec.cookies ?? []) {
        if (!/^[^=;\s]+=[^;]*$/.test(cookie.trim()))
            throw usage(`--cookie "${cookie}" is not a cookie; write it as "name=value"`);
        cookies.push(cookie.trim());
    }
    const now = spec.now ?? new Date();
    const host = headers.get('host')?.at(-1) ?? `${DEFAULT_API_ID}.execute-api.${DEFAULT_REGION}.amazonaws.com`;
    const traceId = `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
    const added = [
        ['host', host],
        ['user-agent', 'spindrift-invoke'],
        ['x-amzn-trace-id', traceId],
        ['x-forwarded-for', '127.0.0.1'],
        ['x-forwarded-port', '443'],
        ['x-forwarded-proto', 'https']
    ];
    if (spec.body !== undefined)
        added.push(['content-length', String(Buffer.byteLength(spec.body, 'utf8'))]);
    for (const [name, value] of added)
        if (!headers.has(name))
            headers.set(name, [value]);
    const flatHeaders = Object.fromEntries([...headers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v.join(',')]));
    const event = {
        version: '2.0',
        routeKey: '$default',
        rawPath,
        rawQueryString
    };
    if (cookies.length)
        event.cookies = cookies;
    event.headers = flatHeaders;
    const params = queryParameters(rawQueryString);
    if (params)
        event.queryStringParameters = params;
    event.requestContext = {
        accountId: DEFAULT_ACCOUNT_ID,
        apiId: host.split('.')[0],
        domainName: host,
        domainPrefix: host.split('.')[0],
        http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: flatHeaders['user-agent'] },
        requestId: apiRequestId(),
        routeKey: '$default',
        stage: '$default',
        time: clfTime(now),
        timeEpoch: now.getTime()
    };
    if (spec.body !== undefined)
        event.body = spec.body;
    event.isBase64Encoded = false;
    return event;
}
function splitHeader(line) {
    const colon = line.indexOf(':');
    if (colon <= 0)
        throw usage(`--header "${line}" is not a header; write it as "Name: value"`);
    return [line.slice(0, colon).trim(), line.slice(colon + 1)];
}
/** API Gateway's queryStringParameters: decoded, repeated keys joined with ","; undefined when empty. */
function queryParameters(raw) {
    if (!raw)
        return undefined;
    const joined = new Map();
    for (const part of raw.split('&')) {
        if (!part)
            continue;
        const eq = part.indexOf('=');
        const key = decode(eq < 0 ? part : part.slice(0, eq));
        const value = eq < 0 ? '' : decode(part.slice(eq + 1));
        joined.set(key, [...(joined.get(key) ?? []), value]);
    }
    return joined.size ? Object.fromEntries([...joined].map(([k, v]) => [k, v.join(',')])) : undefined;
}
function decode(text) {
    try {
        return decodeURIComponent(text.replace(/\+/g, ' '));
    }
    catch {
        return text;
    }
}
/** "12/Mar/2020:19:03:58 +0000", as in HTTP API events. */
function clfTime(date) {
    const pad = (n) => String(n).padStart(2, '0');
    return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
/** API Gateway's request ids look like "JKJaXmPLvHcESHA=". */
function apiRequestId() {
    return randomBytes(10).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}
/** A problem with the command line itself (the CLI exits 2 for it, 1 for other SpindriftErrors). */
class UsageError extends SpindriftError {
}
function usage(sentence) {
    return new UsageError(`${sentence}.`);
}

const BASE = '/2018-06-01/runtime';
/** Lambda's limit on a synchronous invocation's response, in bytes. */
const MAX_RESPONSE_BYTES = 6_291_556;
async function startRuntimeApi(options) {
    let state = 'waiting';
    const held = [];
    const finish = (outcome) => {
        if (state === 'done')
            return;
        state = 'done';
        options.onOutcome(outcome);
    };
    const server = http.createServer((req, res) => {
        const url = (req.url ?? '').split('?')[0];
        readBody(req, MAX_RESPONSE_BYTES + 1).then(({ body, tooLarge }) => {
            if (req.method === 'GET' && url === `${BASE}/invocation/next`) {
                if (state !== 'waiting') {
                    // Held until the runtime is stopped, as Lambda holds it until the next event (or freezes the sandbox).
                    held.push(res);
                    options.onIdle?.();
                    return;
                }
                state = 'invoked';
                res.writeHead(200, {
                    'Content-Type': 'application/json',
                    'Lambda-Runtime-Aws-Request-Id': options.requestId,
                    'Lambda-Runtime-Deadline-Ms': String(Date.now() + options.timeoutMs),
                    'Lambda-Runtime-Invoked-Function-Arn': options.functionArn,
                    'Lambda-Runtime-Trace-Id': traceHeader()
                });
                res.end(options.event);
                options.onInvoke?.();
                return;
            }
            const invocation = new RegExp(`^${BASE}/invocation/([^/]+)/(response|error)$`).exec(url);
            if (req.method === 'POST' && invocation) {
                const [, id, kind] = invocation;
                if (decodeURIComponent(id) !== options.requestId)
                    return reply(res, 400, 'InvalidRequestID', `Invalid request ID: ${id}`);
                if (state !== 'invoked')
                    return reply(res, 403, 'InvalidStateTransition', `State transition from ${state} to ${kind} failed`);
                if (tooLarge) {
                    reply(res, 413, 'RequestEntityTooLarge', `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`);
                    return finish({
                        kind: 'error',
                        phase: 'invoke',
                        error: {
                            errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
                            errorType: 'Function.ResponseSizeTooLarge',
                            stackTrace: [],
                            requestId: options.requestId
                        }
                    });
                }
                reply(res, 202);
                if (kind === 'response')
                    return finish({ kind: 'response', body, contentType: req.headers['content-type'] });
                return finish({ kind: 'error', phase: 'invoke', error: parseError(body, req.headers, options.requestId) });
            }
            if (req.method === 'POST' && url === `${BASE}/init/error`) {
                if (state !== 'waiting')
                    return reply(res, 403, 'InvalidStateTransition', 'State transition from invoked to init error failed');
                reply(res, 202);
                return finish({ kind: 'error', phase: 'init', error: parseError(body, req.headers) });
            }
            if ([`${BASE}/invocation/next`, `${BASE}/init/error`].includes(url) || invocation)
                return reply(res, 405, 'MethodNotAllowed', `${req.method} is not allowed on ${url}`);
            reply(res, 404, 'UnknownEndpoint', `${req.method} ${url} is not a Runtime API endpoint spindrift serves`);
        }, () => res.destroy());
    });
    // The C client's connections stay open between calls (libcurl keep-alive); no timeout may cut a held `next`.
    server.requestTimeout = 0;
    server.headersTimeout = 0;
    server.keepAliveTimeout = 0;
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address();
    return {
        address: `127.0.0.1:${port}`,
        close: () => new Promise(resolve => {
            for (const res of held)
                res.destroy();
            server.close(() => resolve());
            server.closeAllConnections();
        })
    };
}
function readBody(req, limit) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        req.on('data', (chunk) => {
            size += chunk.length;
            if (size <= limit)
                chunks.push(chunk);
        });
        req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge: size >= limit }));
        req.on('error', reject);
    });
}
function reply(res, status, errorType, errorMessage) {
    const body = errorType ? JSON.stringify({ errorMessage, errorType }) : JSON.stringify({ status: 'OK' });
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
}
/** The runtime's error document; a body that is not one still becomes an error, typed by the header. */
function parseError(body, headers, requestId) {
    const headerType = headers['lambda-runtime-function-error-type'];
    const typeFromHeader = typeof headerType === 'string' && headerType ? headerType : undefined;
    let parsed;
    try {
        parsed = JSON.parse(body.toString('utf8'));
    }
    catch {
        parsed = undefined;
    }
    const doc = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
    const stack = Array.isArray(doc.stackTrace) ? doc.stackTrace.map(String) : [];
    return {
        errorMessage: typeof doc.errorMessage === 'string' ? doc.errorMessage : parsed === undefined ? body.toString('utf8') : '',
        errorType: typeof doc.errorType === 'string' && doc.errorType ? doc.errorType : typeFromHeader ?? 'Runtime.Unknown',
        stackTrace: stack,
        requestId: typeof doc.requestId === 'string' && doc.requestId ? doc.requestId : requestId
    };
}
/** X-Ray's trace header: Root=1-<epoch seconds, hex>-<96 random bits>;Parent=<64 bits>;Sampled=0. */
function traceHeader() {
    const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
    return `Root=1-${seconds}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

/**
 * `spindrift invoke`: run a Lambda zip locally the way Lambda runs it. The zip is extracted into a fresh
 * folder (LAMBDA_TASK_ROOT), and a clean Python (-S: no site-packages; an environment built from scratch) runs
 * the real runtime interface client, awslambdaric from PyPI, against a one-invocation Runtime API that
 * spindrift serves on 127.0.0.1 (src/runtimeapi.ts). awslambdaric is installed once per Python minor version
 * into $SPINDRIFT_CACHE_DIR/ric/<version>-py<X.Y>.
 */
/** The awslambdaric release spindrift runs (binary wheels for CPython 3.10–3.14 on manylinux x86_64 and aarch64). */
const AWSLAMBDARIC_VERSION = '4.2.2';
const MIN_PYTHON = [3, 10];
class InvokeAbortedError extends SpindriftError {
    constructor() {
        super('The invocation was interrupted; the function was stopped.');
        this.name = 'InvokeAbortedError';
    }
}
/** Run the zip's handler once on the event, in a clean Python under awslambdaric, and return its outcome. */
async function invokeZip(options) {
    const hostEnv = options.hostEnv ?? process.env;
    const logger = options.logger ?? quietLogger;
    const timeoutSeconds = options.timeoutSeconds ?? 30;
    if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) {
        throw new SpindriftError(`The timeout ${timeoutSeconds} is not a positive number of seconds.`);
    }
    const eventBytes = eventPayload(options);
    const zip = openZip(options.zip);
    const python = await probePython(options.python ?? 'python3', hostEnv);
    const ricDir = await ensureRuntimeClient(python, options.cacheDir ?? defaultCacheDir(hostEnv), hostEnv, logger);
    if (options.signal?.aborted)
        throw new InvokeAbortedError();
    const taskDir = mkdtempSync(path.join(os.tmpdir(), 'spindrift-invoke-'));
    const removeTaskDir = onProcessExit(() => rmSync(taskDir, { recursive: true, force: true }));
    try {
        try {
            zip.archive.extractAllTo(taskDir, true, true);
        }
        catch (error) {
            throw new SpindriftError(`${zip.file} cannot be extracted (${error.message.split('\n')[0]}); package it again with spindrift package.`);
        }
        return await runOnce({ ...options, timeoutSeconds }, { python, ricDir, taskDir, eventBytes, functionName: options.functionName ?? functionNameFor(zip.file) });
    }
    finally {
        removeTaskDir();
    }
}
/**
 * Cleanups that must also run when the process exits mid-way (a face's signal handler may call
 * process.exit): each runs once, at the latest on 'exit'. Returns the cleanup, to run it now.
 */
const atExit = new Set();
function onProcessExit(cleanup) {
    if (atExit.size === 0)
        process.on('exit', runAtExit);
    let done = false;
    const once = () => {
        if (done)
            return;
        done = true;
        atExit.delete(once);
        if (atExit.size === 0)
            process.removeListener('exit', runAtExit);
        cleanup();
    };
    atExit.add(once);
    return once;
}
function runAtExit() {
    for (const cleanup of [...atExit])
        cleanup();
}
function eventPayload(options) {
    if (options.eventJson !== undefined) {
        if (options.event !== undefined)
            throw new SpindriftError('Give the event either as a value (event) or as JSON text (eventJson), not both.');
        try {
            JSON.parse(options.eventJson);
        }
        catch (error) {
            throw new SpindriftError(`The event is not valid JSON (${error.message}); fix it.`);
        }
        return Buffer.from(options.eventJson, 'utf8');
    }
    const text = JSON.stringify(options.event ?? {});
    if (text === undefined)
        throw new SpindriftError('The event cannot be written as JSON; pass a JSON value.');
    return Buffer.from(text, 'utf8');
}
function openZip(file) {
    if (!existsSync(file))
        throw new SpindriftError(`Zip file ${file} does not exist; give the path of a zip written by spindrift package.`);
    if (statSync(file).isDirectory())
        throw new SpindriftError(`${file} is a folder, not a zip file; give the path of a zip written by spindrift package.`);
    try {
        const archive = new AdmZip(file);
        archive.getEntries();
        return { file, archive };
    }
    catch (error) {
        const reason = error.message.split('\n')[0].replace(/\.$/, '').replace(/^ADM-ZIP: /, '');
        throw new SpindriftError(`${file} is not a zip file (${reason}); give the path of a zip written by spindrift package.`);
    }
}
/** "build/yourwebapp.zip" → "yourwebapp": a valid Lambda function name. */
function functionNameFor(zipFile) {
    const name = path.basename(zipFile).replace(/\.zip$/i, '').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
    return name || 'spindrift-invoke';
}
const PROBE = [
    'import importlib.util, json, platform, sys',
    'print(json.dumps({"executable": sys.executable, "version": platform.python_version(), "machine": platform.machine(),',
    '                  "system": platform.system(), "pip": importlib.util.find_spec("pip") is not None}))'
].join('\n');
/** Where the interpreter really is (a pyenv shim needs the user's environment; the runtime gets none of it) and which version it is. */
async function probePython(command, hostEnv) {
    const { stdout, error } = await new Promise(resolve => execFile(command, ['-c', PROBE], { env: hostEnv, encoding: 'utf8', timeout: 60_000 }, (err, out) => resolve({ stdout: out ?? '', error: err })));
    if (error && (error.code === 'ENOENT' || error.code === 'EACCES')) {
        throw new SpindriftError(`Python interpreter "${command}" was not found; install Python 3.10 or newer or pass its path with --python.`);
    }
    let facts;
    try {
        facts = JSON.parse(stdout.trim().split('\n').pop() ?? '');
    }
    catch {
        throw new SpindriftError(`"${command}" did not run as a Python interpreter; pass a Python 3 executable with --python.`);
    }
    const [major, minor] = facts.version.split('.').map(Number);
    if (major !== MIN_PYTHON[0] || minor < MIN_PYTHON[1]) {
        throw new SpindriftError(`"${command}" is Python ${facts.version}, but awslambdaric ${AWSLAMBDARIC_VERSION} needs Python 3.10 or newer; pass one with --python, ideally your function's runtime version.`);
    }
    if (!facts.executable)
        throw new SpindriftError(`"${command}" does not report its own path (sys.executable is empty); pass the interpreter's full path with --python.`);
    return { command, executable: facts.executable, version: facts.version, minor: `${major}.${minor}`, machine: facts.machine, system: facts.system, hasPip: facts.pip };
}
/**
 * awslambdaric for this Python, installed once into <cache>/ric/<version>-py<X.Y>: pip installs into a temp
 * folder beside it, which is renamed into place, so a killed install never leaves a half-filled folder.
 */
async function ensureRuntimeClient(python, cacheDir, hostEnv, logger) {
    const root = path.join(cacheDir, 'ric');
    const dir = path.join(root, `${AWSLAMBDARIC_VERSION}-py${python.minor}`);
    const complete = (folder) => existsSync(path.join(folder, 'awslambdaric', '__main__.py'));
    if (complete(dir))
        return dir;
    if (!python.hasPip) {
        throw new SpindriftError(`pip is not installed for ${python.command} (Python ${python.version}), and it is needed once to install awslambdaric; install it with "${python.command} -m ensurepip" or pass another interpreter with --python.`);
    }
    try {
        mkdirSync(root, { recursive: true });
    }
    catch (error) {
        throw new SpindriftError(`Cannot create the cache folder ${root} (${error.code}); set SPINDRIFT_CACHE_DIR to a writable folder.`);
    }
    removeStaleTemps(root);
    const temp = mkdtempSync(path.join(root, `.tmp-${path.basename(dir)}-`));
    const removeTemp = onProcessExit(() => rmSync(temp, { recursive: true, force: true }));
    try {
        logger.info(`Installing awslambdaric ${AWSLAMBDARIC_VERSION} for Python ${python.minor} into ${dir} (once; later runs reuse it).`);
        const run = await runTool(python.command, ['-m', 'pip', 'install', '--target', temp, '--only-binary', 'awslambdaric', '--no-warn-script-location', `awslambdaric==${AWSLAMBDARIC_VERSION}`], hostEnv, logger);
        if (run.exitCode !== 0) {
            throw new SpindriftError(`pip could not install awslambdaric ${AWSLAMBDARIC_VERSION} for Python ${python.version} on ${python.system} ${python.machine}: ${pipTail(run) || `exit code ${run.exitCode}`} ` +
                `(spindrift invoke needs a Python 3.10–3.14 on Linux x86_64 or aarch64, for which awslambdaric publishes wheels; check your network or pip's index settings).`);
        }
        if (!complete(temp))
            throw new SpindriftError(`pip reported success but awslambdaric is missing from ${temp}; run again with --verbose to see pip's output.`);
        // A folder without awslambdaric in it was not made by a finished install (renames are atomic): replace it.
        if (existsSync(dir) && !complete(dir))
            rmSync(dir, { recursive: true, force: true });
        try {
            renameSync(temp, dir);
        }
        catch (error) {
            // Another run installed it meanwhile: use theirs.
            if (!complete(dir))
                throw error;
        }
        return dir;
    }
    finally {
        removeTemp();
    }
}
/** Temp folders left by installs that were killed more than an hour ago. */
function removeStaleTemps(root) {
    for (const name of readdirSync(root)) {
        if (!name.startsWith('.tmp-'))
            continue;
        const folder = path.join(root, name);
        try {
            if (Date.now() - statSync(folder).mtimeMs > 3_600_000)
                rmSync(folder, { recursive: true, force: true });
        }
        catch {
            // Gone already, or not ours to remove.
        }
    }
}
/**
 * Run by `python -S -c BOOTSTRAP TASK_ROOT RIC_DIR HANDLER`: sys.path is the task root, then awslambdaric's
 * folder, then the standard library only; then awslambdaric runs exactly as `python -m awslambdaric HANDLER`.
 */
const BOOTSTRAP = [
    'import runpy, sys',
    'task_root, ric_dir, handler = sys.argv[1:4]',
    'if sys.path and sys.path[0] == "":',
    '    del sys.path[0]',
    'sys.path[:0] = [task_root, ric_dir]',
    'sys.argv = ["-m", handler]',
    'runpy.run_module("awslambdaric", run_name="__main__", alter_sys=True)'
].join('\n');
async function runOnce(options, prepared) {
    const { python, ricDir, taskDir, eventBytes, functionName } = prepared;
    const timeoutMs = Math.round(options.timeoutSeconds * 1000);
    const requestId = randomUUID();
    const handler = options.handler ?? 'index.handler';
    let settle;
    const settled = new Promise(resolve => (settle = resolve));
    let outcome;
    const decide = (o) => {
        if (outcome)
            return;
        outcome = o;
        settle(o);
    };
    let invokedAt;
    let finishedAt;
    let logs = '';
    const log = (text) => {
        logs += text;
        options.onLog?.(text);
    };
    let stop = () => { };
    let timer;
    const startTimer = (phase) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
            const seconds = options.timeoutSeconds.toFixed(2);
            decide({
                kind: 'error',
                phase,
                error: {
                    errorType: 'Sandbox.Timedout',
                    errorMessage: phase === 'invoke' ? `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds` : `Init timed out after ${seconds} seconds`,
                    stackTrace: [],
                    requestId
                }
            });
            stop();
        }, timeoutMs);
    };
    const api = await startRuntimeApi({
        event: eventBytes,
        requestId,
        functionArn: `arn:aws:lambda:${DEFAULT_REGION}:${DEFAULT_ACCOUNT_ID}:function:${functionName}`,
        timeoutMs,
        onInvoke: () => {
            invokedAt = Date.now();
            log(`START RequestId: ${requestId} Version: $LATEST\n`);
            startTimer('invoke');
        },
        onOutcome: o => {
            finishedAt = Date.now();
            clearTimeout(timer);
            decide(o);
            // The runtime now posts nothing more: it asks for the next event (onIdle) or, after an init error, exits.
            setTimeout(() => stop(), 2000).unref();
        },
        onIdle: () => stop()
    });
    const now = new Date();
    const env = {
        ...stringEnv(options.env),
        PATH: [path.dirname(python.executable), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
        LANG: 'en_US.UTF-8',
        TZ: ':UTC',
        LAMBDA_TASK_ROOT: taskDir,
        LAMBDA_RUNTIME_DIR: ricDir,
        _HANDLER: handler,
        AWS_EXECUTION_ENV: `AWS_Lambda_python${python.minor}`,
        AWS_LAMBDA_RUNTIME_API: api.address,
        AWS_LAMBDA_FUNCTION_NAME: functionName,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memorySize ?? 128),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
        AWS_LAMBDA_LOG_STREAM_NAME: `${now.toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
        AWS_REGION: DEFAULT_REGION,
        AWS_DEFAULT_REGION: DEFAULT_REGION
    };
    const startedAt = Date.now();
    const child = spawn(python.executable, ['-S', '-c', BOOTSTRAP, taskDir, ricDir, handler], {
        cwd: taskDir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so stopping it also stops whatever the function started.
        detached: true
    });
    const onData = (chunk) => log(chunk.toString('utf8'));
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    // 'close' comes once every process holding the pipes (the runtime and anything it started) is gone.
    let closedFlag = false;
    const closed = new Promise(resolve => {
        child.once('close', () => resolve());
        child.once('error', () => resolve());
    }).then(() => {
        closedFlag = true;
    });
    child.once('error', error => {
        decide({ kind: 'error', phase: invokedAt ? 'invoke' : 'init', error: { errorType: 'Runtime.StartError', errorMessage: `${python.executable} could not be started: ${error.message}`, stackTrace: [], requestId } });
    });
    child.once('exit', (code, signal) => {
        const status = signal ? `signal: ${signal}` : `exit status ${code}`;
        decide({
            kind: 'error',
            phase: invokedAt ? 'invoke' : 'init',
            error: { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${status}`, stackTrace: [], requestId }
        });
    });
    stop = () => {
        if (closedFlag || child.pid === undefined)
            return;
        try {
            process.kill(-child.pid, 'SIGKILL');
        }
        catch {
            // The group is gone already.
        }
    };
    const stopAtExit = onProcessExit(() => stop());
    const onAbort = () => {
        decide({ kind: 'aborted' });
        stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted)
        onAbort();
    startTimer('init');
    try {
        const final = await settled;
        const maxMemoryUsedMb = child.pid === undefined ? undefined : peakMemoryMb(child.pid);
        stop();
        // Every log line the function wrote, before answering (the process group is gone; its pipes close).
        await Promise.race([closed, new Promise(resolve => setTimeout(resolve, 3000).unref())]);
        if (final.kind === 'aborted')
            throw new InvokeAbortedError();
        const durationMs = invokedAt ? (finishedAt ?? Date.now()) - invokedAt : 0;
        const initDurationMs = invokedAt ? invokedAt - startedAt : undefined;
        const report = { durationMs, initDurationMs, maxMemoryUsedMb };
        if (invokedAt)
            log(`END RequestId: ${requestId}\n${reportLine(requestId, options.memorySize ?? 128, report)}\n`);
        if (final.kind === 'error')
            return { requestId, error: { ...final.error, phase: final.phase }, logs, ...report };
        const responseText = final.body.toString('utf8');
        let response = responseText;
        try {
            response = JSON.parse(responseText);
        }
        catch {
            // Not JSON (a handler that returned bytes): the text as it came.
        }
        return { requestId, response, responseText, logs, ...report };
    }
    finally {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        stopAtExit();
        child.stdout.destroy();
        child.stderr.destroy();
        await api.close();
    }
}
/** Lambda's REPORT line, tab-separated as in CloudWatch; Billed Duration rounds up to the millisecond. */
function reportLine(requestId, memorySize, report) {
    const fields = [
        `REPORT RequestId: ${requestId}`,
        `Duration: ${report.durationMs.toFixed(2)} ms`,
        `Billed Duration: ${Math.max(1, Math.ceil(report.durationMs))} ms`,
        `Memory Size: ${memorySize} MB`
    ];
    if (report.maxMemoryUsedMb !== undefined)
        fields.push(`Max Memory Used: ${report.maxMemoryUsedMb} MB`);
    if (report.initDurationMs !== undefined)
        fields.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`);
    return fields.join('\t');
}
/** A live process's peak resident set (VmHWM) in MB, rounded up; undefined where /proc cannot tell. */
function peakMemoryMb(pid) {
    try {
        const kilobytes = Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
        return Number.isFinite(kilobytes) && kilobytes > 0 ? Math.ceil(kilobytes / 1024) : undefined;
    }
    catch {
        return undefined;
    }
}
function stringEnv(env) {
    const out = {};
    for (const [key, value] of Object.entries(env ?? {}))
        if (value !== undefined)
            out[key] = value;
    return out;
}

export { AWSLAMBDARIC_VERSION as A, InvokeAbortedError as I, UsageError as U, buildHttpApiEvent as b, invokeZip as i };
