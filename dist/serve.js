import path from 'node:path';
import { G as AdmZip, H as get, I as workspaceMember, J as findLock, S as SpindriftError, K as describeSource, L as projectFiles, M as platformTags, N as parseWheel, P as installerChoice, a as canonicalName, W as WHEEL_ARCH, Q as bestWheel, R as compareVersions, T as parseVersion, V as sameVersion, X as registerChild, Y as forgetChild, _ as TARGET_FILE, $ as parseTargetFile, a0 as alive, E as quietLogger, w as defaultCacheDir, a1 as removeStaleWorkFolders, a2 as makeWorkFolder, a3 as pythonCandidates, a4 as runTool, a5 as pipTail, a6 as forgetTemp } from './configure.js';
import { readFileSync, mkdirSync, chownSync, readdirSync, lstatSync, accessSync, constants, rmSync, existsSync, statSync, mkdtempSync, writeFileSync, renameSync, createReadStream, chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import http from 'node:http';
import { spawn, execFile } from 'node:child_process';
import { randomBytes, randomUUID, createHash } from 'node:crypto';

/** Sources a build compiles: C, C++, Objective-C, Cython, Rust, Fortran, CUDA. */
const COMPILED = /(\.(c|cc|cpp|cxx|c\+\+|m|mm|pyx|rs|f|f90|f95|cu)|(^|\/)Cargo\.toml)$/i;
/** An sdist bigger than this is not fetched just to list it. */
const MAX_BYTES = 50 * 1024 * 1024;
/** Told from the sdist's file list (fetched from the index); unknown when the list cannot be read. */
async function sdistKind(file) {
    try {
        const names = archiveNames(file.filename, await bytesOf(file));
        if (!names)
            return 'unknown';
        return names.some(n => COMPILED.test(n)) ? 'compiled' : 'pure';
    }
    catch {
        return 'unknown';
    }
}
async function bytesOf(file) {
    if (!file.url)
        throw new Error('no URL');
    if (file.url.startsWith('file:'))
        return readFileSync(fileURLToPath(file.url.split('#')[0]));
    const response = await get(file.url.split('#')[0], { timeoutMs: 30_000, maxBytes: MAX_BYTES });
    if (response.status < 200 || response.status > 299)
        throw new Error(`HTTP ${response.status}`);
    return response.body;
}
/** The member names of a .zip or .tar.gz sdist, or undefined for another kind of archive. */
function archiveNames(filename, bytes) {
    if (filename.endsWith('.zip'))
        return new AdmZip(bytes).getEntries().map(e => e.entryName);
    if (!/\.(tar\.gz|tgz)$/.test(filename))
        return undefined;
    const tar = gunzipSync(bytes);
    const names = [];
    // ustar: 512-byte headers, name at 0 (100 bytes), size at 124 (octal), prefix at 345 (155 bytes).
    for (let at = 0; at + 512 <= tar.length;) {
        const header = tar.subarray(at, at + 512);
        if (header.every(b => b === 0))
            break;
        const field = (start, length) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
        const prefix = field(345, 155);
        names.push(prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
        const size = parseInt(field(124, 12).trim() || '0', 8);
        at += 512 + Math.ceil(size / 512) * 512;
    }
    return names;
}

/** Read the lock for every target and ask the index which file each pinned version would install; installs nothing. */
async function checkLock(given) {
    // package.member: the named uv workspace member's folder is the project checked.
    const inputs = given.member ? { ...given, projectDir: workspaceMember(given.projectDir, given.member, given.lock).folder, lock: given.lock && given.lock !== 'none' ? path.resolve(given.projectDir, given.lock) : given.lock } : given;
    const indexUrl = inputs.indexUrl ?? 'https://pypi.org/simple';
    const pages = new Map();
    const page = (name) => {
        if (!pages.has(name))
            pages.set(name, projectFiles(indexUrl, name));
        return pages.get(name);
    };
    const lines = [];
    let lockName = '';
    for (const target of inputs.targets) {
        const locked = findLock({ ...inputs, ...target }, inputs.requirementFiles);
        if (!locked)
            throw new SpindriftError(`${inputs.projectDir} has no lock (uv.lock, poetry.lock, pylock.toml, Pipfile.lock) and no requirements file pinned with == and --hash, so there is nothing exact to check; lock the project first (for example "uv lock").`);
        lockName = `${locked.format} (${locked.file})`;
        const label = `${target.runtime.name}/${target.architecture}`;
        const files = await Promise.all(locked.packages.map(p => (p.source ? Promise.resolve([]) : page(p.name))));
        for (const [i, p] of locked.packages.entries()) {
            if (p.source) {
                lines.push({ target: label, name: p.name, version: p.version, fits: true, reason: `from ${describeSource(p.source)}, made into a wheel when packaged` });
                continue;
            }
            const all = files[i].filter(f => !f.yanked);
            // The files the lock names, by hash, when both the lock and the index give hashes: what --require-hashes lets in.
            const named = p.hashes.length && all.some(f => f.sha256) ? all.filter(f => f.sha256 && p.hashes.includes(`sha256:${f.sha256}`)) : undefined;
            if (named && named.length === 0) {
                lines.push({ target: label, name: p.name, version: p.version, fits: false, reason: 'the index serves no file with a hash the lock records (the files changed, or the lock was made against another index)' });
                continue;
            }
            const { line, sdist } = judge(p.name, p.version, all, named ?? all, target, { listed: files[i], hashes: named && new Set(p.hashes.map(h => h.replace(/^sha256:/, ''))) });
            if (sdist) {
                const kind = await sdistKind(sdist);
                if (kind === 'pure')
                    Object.assign(line, { fits: true, newestFitting: undefined, reason: `only an sdist (${sdist.filename}): pure Python sdist, builds anywhere` });
                else
                    line.reason = kind === 'compiled' ? `only an sdist (${sdist.filename}): sdist with compiled code (needs a build for the target)` : `only an sdist (${sdist.filename}): unknown whether it holds compiled code (its file list could not be read)`;
            }
            lines.push({ target: label, ...line });
        }
    }
    return { lock: lockName, ok: lines.every(l => l.fits), lines };
}
/**
 * The wheel of the locked version that fits (among the files the lock names), or why none does, with the
 * version's sdist when that is all there is (its contents decide whether it builds anywhere).
 */
function judge(name, version, files, named, target, lock) {
    const platforms = platformTags(target.runtime, target.architecture);
    const wheels = files.map(f => parseWheel(f.filename)).filter((w) => w !== undefined);
    const namedWheels = new Set(named.map(f => f.filename));
    const same = (v) => sameVersion(v, version);
    const ofVersion = wheels.filter(w => same(w.version) && namedWheels.has(w.filename));
    // The file the install takes, in the installer's order (a yanked file too: the lock pins its version).
    const chosen = installerChoice(lock.listed.filter(f => same(parseWheel(f.filename)?.version ?? '')), lock.hashes, target, platforms);
    if (chosen)
        return { line: { name, version, fits: true, wheel: chosen.file.filename, tag: chosen.tag, ...(chosen.file.yanked && { reason: 'yanked on the index: installed only because the lock pins this version' }) } };
    const sdistFile = named.find(f => {
        const m = /^(.+)-([^-]+)\.(tar\.gz|tgz|zip|tar\.bz2)$/.exec(f.filename);
        return m !== null && canonicalName(m[1]) === canonicalName(name) && same(m[2]);
    });
    const sdist = sdistFile !== undefined;
    // The target's own architecture first: those are the near misses worth naming.
    const arch = WHEEL_ARCH[target.architecture];
    const offered = [...new Set(ofVersion.flatMap(w => w.tags.map(t => `${t.python}-${t.abi}-${t.platform}`)))].sort((a, b) => Number(b.endsWith(arch)) - Number(a.endsWith(arch)));
    const newer = [...new Set(wheels.map(w => w.version))]
        .filter(v => bestWheel(wheels.filter(w => w.version === v), target, platforms))
        .sort((a, b) => compareVersions(parseVersion(b) ?? { epoch: 0, release: [0] }, parseVersion(a) ?? { epoch: 0, release: [0] }))[0];
    const glibc = offered.filter(t => t.endsWith(`_${arch}`) && (t.startsWith(`cp3${target.runtime.pythonVersion.split('.')[1]}-`) || t.includes('-abi3-'))).map(t => /manylinux_(\d+)_(\d+)_/.exec(t)).filter((m) => m !== null).map(m => Number(m[2]));
    const reason = offered.length === 0
        ? files.length === 0
            ? 'the index has no files for it'
            : sdist
                ? 'only an sdist: it fits only if it builds a pure-Python wheel'
                : 'no file of this version on the index'
        : glibc.length && Math.min(...glibc) > target.runtime.glibc[1]
            ? `its wheels need glibc 2.${Math.min(...glibc)}, ${target.runtime.name} has ${target.runtime.glibc.join('.')} (${offered.slice(0, 3).join(', ')})`
            : `no wheel for this Python and architecture (${offered.slice(0, 3).join(', ')}${offered.length > 3 ? '…' : ''})`;
    return { line: { name, version, fits: false, newestFitting: newer, reason }, sdist: offered.length === 0 ? sdistFile : undefined };
}

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
        const key = decode$1(eq < 0 ? part : part.slice(0, eq));
        const value = eq < 0 ? '' : decode$1(part.slice(eq + 1));
        joined.set(key, [...(joined.get(key) ?? []), value]);
    }
    return joined.size ? Object.fromEntries([...joined].map(([k, v]) => [k, v.join(',')])) : undefined;
}
function decode$1(text) {
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

const BASE = '/2018-06-01/runtime';
/** Lambda's limit on a synchronous invocation's response, in bytes. */
const MAX_RESPONSE_BYTES = 6_291_556;
async function startRuntimeApi(options) {
    let initialised = false;
    /** A `next` call waiting for an event. */
    let waiting;
    /** The event waiting for a `next` call. */
    let queued;
    /** The invocation the runtime holds, and how to settle it. */
    let current;
    const handOut = () => {
        if (!waiting || !queued || !current)
            return;
        const res = waiting;
        const invocation = queued;
        waiting = undefined;
        queued = undefined;
        current.handedOut = true;
        res.writeHead(200, {
            'Content-Type': 'application/json',
            'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
            'Lambda-Runtime-Deadline-Ms': String(Date.now() + invocation.timeoutMs),
            'Lambda-Runtime-Invoked-Function-Arn': options.functionArn,
            'Lambda-Runtime-Trace-Id': traceHeader()
        });
        res.end(invocation.event);
        invocation.onInvoke?.();
    };
    const finish = (outcome) => {
        const settle = current?.settle;
        current = undefined;
        settle?.(outcome);
    };
    const server = http.createServer((req, res) => {
        const url = (req.url ?? '').split('?')[0];
        readBody(req, MAX_RESPONSE_BYTES + 1).then(({ body, tooLarge }) => {
            if (req.method === 'GET' && url === `${BASE}/invocation/next`) {
                initialised = true;
                if (current?.handedOut) {
                    // `next` while an invocation is open: the runtime moved on without answering.
                    finish({ kind: 'error', phase: 'invoke', error: { errorType: 'Runtime.InvalidState', errorMessage: 'The runtime asked for the next event without answering this one.', stackTrace: [], requestId: current.invocation.requestId } });
                }
                waiting?.destroy();
                waiting = res;
                options.onNext?.();
                handOut();
                return;
            }
            const invocation = new RegExp(`^${BASE}/invocation/([^/]+)/(response|error)$`).exec(url);
            if (req.method === 'POST' && invocation) {
                const [, id, kind] = invocation;
                if (!current?.handedOut || decodeURIComponent(id) !== current.invocation.requestId)
                    return reply(res, 400, 'InvalidRequestID', `Invalid request ID: ${id}`);
                const requestId = current.invocation.requestId;
                if (tooLarge) {
                    reply(res, 413, 'RequestEntityTooLarge', `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`);
                    return finish({
                        kind: 'error',
                        phase: 'invoke',
                        error: {
                            errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
                            errorType: 'Function.ResponseSizeTooLarge',
                            stackTrace: [],
                            requestId
                        }
                    });
                }
                reply(res, 202);
                if (kind === 'response')
                    return finish({ kind: 'response', body, contentType: req.headers['content-type'] });
                return finish({ kind: 'error', phase: 'invoke', error: parseError(body, req.headers, requestId) });
            }
            if (req.method === 'POST' && url === `${BASE}/init/error`) {
                if (initialised)
                    return reply(res, 403, 'InvalidStateTransition', 'State transition from invoked to init error failed');
                reply(res, 202);
                return options.onInitError({ kind: 'error', phase: 'init', error: parseError(body, req.headers) });
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
        invoke: invocation => new Promise((resolve, reject) => {
            if (current)
                return reject(new Error('the runtime is already invoked'));
            current = { invocation, settle: resolve, handedOut: false };
            queued = invocation;
            handOut();
        }),
        close: () => new Promise(resolve => {
            waiting?.destroy();
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
 * Lambda's sandbox, as far as one process can have it without containers: the user the function runs as,
 * its scratch folder, and measurements of its memory and scratch use (the caller enforces the limits).
 */
/** nobody:nogroup on Debian, Ubuntu, Fedora and Alpine. */
const UNPRIVILEGED_ID = 65534;
/**
 * When spindrift runs as root, the function runs as nobody, through util-linux's setpriv. It keeps one
 * capability, CAP_DAC_READ_SEARCH, so that it can still read an interpreter or cache under a private home
 * (/root is 0700): it reads like root but writes like nobody, so its writes into the task root fail.
 */
function functionUser(command, args) {
    if (process.getuid?.() !== 0)
        return { command, args };
    const setpriv = ['/usr/bin/setpriv', '/bin/setpriv', '/usr/sbin/setpriv'].find(executable);
    if (!setpriv) {
        return { command, args, warning: 'spindrift runs as root and setpriv (util-linux) is not installed, so the function runs as root too, unlike on Lambda; install util-linux or run spindrift as another user.' };
    }
    const id = String(UNPRIVILEGED_ID);
    const caps = '-all,+dac_read_search';
    return {
        command: setpriv,
        args: [`--reuid=${id}`, `--regid=${id}`, '--clear-groups', `--inh-caps=${caps}`, `--ambient-caps=${caps}`, `--bounding-set=${caps}`, '--', command, ...args],
        uid: UNPRIVILEGED_ID,
        gid: UNPRIVILEGED_ID
    };
}
/** The run's /tmp: an empty folder the function's user owns. */
function makeScratch(dir, user) {
    mkdirSync(dir, { mode: 0o700 });
    if (user.uid !== undefined)
        chownSync(dir, user.uid, user.gid ?? user.uid);
    return dir;
}
/** Bytes in the files under `dir` (what Lambda's /tmp would hold); files that vanish meanwhile count 0. */
function folderBytes(dir) {
    let total = 0;
    let entries;
    try {
        entries = readdirSync(dir, { withFileTypes: true });
    }
    catch {
        return 0;
    }
    for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory())
            total += folderBytes(full);
        else {
            try {
                total += lstatSync(full).blocks * 512;
            }
            catch {
                // Removed since the listing.
            }
        }
    }
    return total;
}
/** Resident memory of every live process in the process group, in kB (Lambda counts the whole sandbox). */
function groupResidentKb(pgid) {
    let total = 0;
    let pids;
    try {
        pids = readdirSync('/proc').filter(name => /^\d+$/.test(name));
    }
    catch {
        return 0;
    }
    for (const pid of pids) {
        try {
            const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
            // Fields after the command's closing parenthesis: state, ppid, pgrp…
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            if (Number(fields[2]) !== pgid)
                continue;
            total += Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
        }
        catch {
            // Exited since the listing.
        }
    }
    return total;
}
/** A live process's peak resident set (VmHWM) in kB; undefined where /proc cannot tell. */
function peakResidentKb(pid) {
    try {
        const kilobytes = Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
        return Number.isFinite(kilobytes) && kilobytes > 0 ? kilobytes : undefined;
    }
    catch {
        return undefined;
    }
}
/** The file exists and this process may run it. */
function executable(file) {
    try {
        accessSync(file, constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}

/**
 * One warm function, as a Lambda execution environment: a runtime process (awslambdaric in a clean Python)
 * with its own Runtime API, scratch folder and limits, initialised once and then given events one at a time.
 * After a timeout, a crash or a limit, the environment is thrown away and the next event starts a fresh one;
 * after an exception in the handler it stays warm, as on Lambda.
 */
class AbortedError extends Error {
}
/**
 * Run by `python -S -c BOOTSTRAP TASK_ROOT RIC_DIR HANDLER [LAYER_PATH…]`: sys.path is the task root, then the
 * layers' folders (Lambda's /opt/python/lib/pythonX.Y/site-packages and /opt/python), then awslambdaric's folder,
 * then the standard library only; then awslambdaric runs exactly as `python -m awslambdaric HANDLER`.
 */
const BOOTSTRAP = [
    'import runpy, sys',
    'task_root, ric_dir, handler = sys.argv[1:4]',
    'if sys.path and sys.path[0] == "":',
    '    del sys.path[0]',
    'sys.path[:0] = [task_root, *sys.argv[4:], ric_dir]',
    'sys.argv = ["-m", handler]',
    'runpy.run_module("awslambdaric", run_name="__main__", alter_sys=True)'
].join('\n');
/** How often memory and scratch use are measured: Lambda stops a function the moment it is over. */
const WATCH_MS = 50;
class WarmFunction {
    environment;
    queue = Promise.resolve();
    buffer = '';
    closing = false;
    /** The request id of the invocation under way, for the errors that end the environment. */
    current;
    setup;
    constructor(setup) {
        this.setup = setup;
    }
    /** Run one event; events wait for the one before to finish, as one Lambda environment serves them. */
    invoke(event, signal) {
        const run = this.queue.then(() => this.invokeNow(event, signal));
        this.queue = run.catch(() => undefined);
        return run;
    }
    /** Stop the runtime and wait until its processes are gone. */
    async close() {
        this.closing = true;
        await this.queue;
        await this.discard();
    }
    log(text) {
        this.buffer += text;
        this.setup.onLog?.(text);
    }
    async discard() {
        const environment = this.environment;
        this.environment = undefined;
        if (!environment)
            return;
        environment.kill();
        await Promise.race([environment.closed, new Promise(resolve => setTimeout(resolve, 3000).unref())]);
        await environment.api.close();
    }
    async invokeNow(event, signal) {
        if (this.closing)
            throw new Error('the function is closed');
        if (signal?.aborted)
            throw new AbortedError();
        const requestId = randomUUID();
        this.current = requestId;
        this.buffer = '';
        if (this.environment && !this.environment.alive)
            await this.discard();
        const environment = this.environment ?? (this.environment = await this.start());
        const { memorySize } = this.setup;
        const onAbort = () => environment.kill();
        signal?.addEventListener('abort', onAbort, { once: true });
        let invokedAt;
        let finishedAt;
        let timer;
        try {
            let outcome = await environment.ready;
            if (!outcome) {
                let timeOut;
                const timedOut = new Promise(resolve => {
                    timeOut = () => resolve({ kind: 'error', phase: 'invoke', error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${this.setup.timeoutSeconds.toFixed(2)} seconds`, stackTrace: [], requestId } });
                });
                const answered = environment.api.invoke({
                    event,
                    requestId,
                    timeoutMs: Math.round(this.setup.timeoutSeconds * 1000),
                    onInvoke: () => {
                        invokedAt = Date.now();
                        this.log(`START RequestId: ${requestId} Version: $LATEST\n`);
                        // The timer starts when the runtime takes the event, as Lambda's does.
                        timer = setTimeout(timeOut, Math.round(this.setup.timeoutSeconds * 1000));
                    }
                });
                outcome = await Promise.race([answered, timedOut, environment.ended]);
                finishedAt = Date.now();
                // Output the runtime wrote just before it answered is still in the pipes: let it arrive first.
                await new Promise(resolve => setTimeout(resolve, 15));
            }
            if (signal?.aborted)
                throw new AbortedError();
            // A peak between two samples still kills, as the kernel would have on Lambda.
            if (environment.alive) {
                environment.measure();
                const limit = this.limitsOf(environment, invokedAt !== undefined);
                if (limit)
                    outcome = limit;
            }
            if (outcome.kind === 'error' && isFatal(outcome))
                environment.kill(outcome);
            const durationMs = invokedAt ? (finishedAt ?? Date.now()) - invokedAt : 0;
            const initDurationMs = environment.coldReported ? undefined : environment.initDurationMs;
            if (invokedAt)
                environment.coldReported = true;
            const maxMemoryUsedMb = environment.peakKb > 0 ? Math.min(memorySize, Math.ceil(environment.peakKb / 1024)) : undefined;
            const report = { durationMs, initDurationMs, maxMemoryUsedMb };
            if (invokedAt)
                this.log(`END RequestId: ${requestId}\n${reportLine(requestId, memorySize, report)}\n`);
            const logs = this.buffer;
            if (outcome.kind === 'error')
                return { requestId, error: { ...outcome.error, requestId: outcome.error.requestId ?? (invokedAt ? requestId : undefined), phase: outcome.phase }, logs, ...report };
            const responseText = outcome.body.toString('utf8');
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
            this.current = undefined;
            signal?.removeEventListener('abort', onAbort);
        }
    }
    /** Over --memory: killed as Lambda kills it, and said so in the log as Lambda says it. */
    limitsOf(environment, invoked) {
        const phase = invoked ? 'invoke' : 'init';
        const requestId = this.current;
        if (environment.peakKb > this.setup.memorySize * 1024) {
            const message = `${requestId ? `RequestId: ${requestId} ` : ''}Error: Runtime exited with error: signal: killed`;
            this.log(`${message}\nRuntime.ExitError\n`);
            return { kind: 'error', phase, error: { errorType: 'Runtime.ExitError', errorMessage: message, stackTrace: [], requestId } };
        }
        return undefined;
    }
    async start() {
        const { python, ricDir, taskDir, runDir, functionName, handler, logger } = this.setup;
        let endWith;
        const ended = new Promise(resolve => (endWith = resolve));
        let readyWith;
        const ready = new Promise(resolve => (readyWith = resolve));
        let environment;
        const api = await startRuntimeApi({
            functionArn: `arn:aws:lambda:${DEFAULT_REGION}:${DEFAULT_ACCOUNT_ID}:function:${functionName}`,
            onNext: () => {
                if (environment.initDurationMs === undefined) {
                    environment.initDurationMs = Date.now() - environment.startedAt;
                    clearTimeout(initTimer);
                    readyWith(undefined);
                }
            },
            onInitError: failure => {
                clearTimeout(initTimer);
                readyWith(failure);
                environment.kill(failure);
            }
        });
        // Later layers win: their folders come first. Lambda puts both of each layer's Python folders on sys.path.
        const layerPaths = [...(this.setup.layerDirs ?? [])].reverse().flatMap(dir => [path.join(dir, 'python', 'lib', `python${python.minor}`, 'site-packages'), path.join(dir, 'python')]);
        const user = functionUser(python.executable, ['-S', '-c', BOOTSTRAP, taskDir, ricDir, handler, ...layerPaths]);
        if (user.warning)
            logger.warning(user.warning);
        const scratch = makeScratch(path.join(runDir, `tmp-${randomBytes(4).toString('hex')}`), user);
        const now = new Date();
        const env = {
            // Lambda's defaults that a function's variables may replace…
            PATH: [path.dirname(python.executable), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
            LANG: 'en_US.UTF-8',
            LD_LIBRARY_PATH: [ricDir, taskDir, path.join(taskDir, 'lib'), ...[...(this.setup.layerDirs ?? [])].reverse().map(dir => path.join(dir, 'lib'))].join(path.delimiter),
            ...stringEnv(this.setup.env),
            // …and the reserved ones, which it may not. TMPDIR is the environment's scratch folder, Lambda's /tmp.
            TMPDIR: scratch,
            TZ: ':UTC',
            LAMBDA_TASK_ROOT: taskDir,
            LAMBDA_RUNTIME_DIR: ricDir,
            _HANDLER: handler,
            AWS_EXECUTION_ENV: `AWS_Lambda_python${python.minor}`,
            AWS_LAMBDA_RUNTIME_API: api.address,
            AWS_LAMBDA_FUNCTION_NAME: functionName,
            AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.setup.memorySize),
            AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
            AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
            AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
            AWS_LAMBDA_LOG_STREAM_NAME: `${now.toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
            AWS_REGION: DEFAULT_REGION,
            AWS_DEFAULT_REGION: DEFAULT_REGION
        };
        const startedAt = Date.now();
        const child = spawn(user.command, user.args, {
            cwd: taskDir,
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
            // Its own process group, so stopping it also stops whatever the function started.
            detached: true
        });
        // Told to the watchdog: a SIGKILL of spindrift takes the function's group with it.
        const group = child.pid;
        if (group !== undefined)
            registerChild(group);
        const onData = (chunk) => this.log(chunk.toString('utf8'));
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        // 'close' comes once every process holding the pipes (the runtime and anything it started) is gone.
        let closedFlag = false;
        const closed = new Promise(resolve => {
            child.once('close', () => resolve());
            child.once('error', () => resolve());
        }).then(() => {
            closedFlag = true;
            if (group !== undefined)
                forgetChild(group);
            rmSync(scratch, { recursive: true, force: true });
        });
        const phase = () => (environment.initDurationMs === undefined ? 'init' : 'invoke');
        const withId = (message) => (this.current ? `RequestId: ${this.current} ${message}` : message);
        const fail = (failure) => {
            environment.alive = false;
            clearTimeout(initTimer);
            readyWith(failure);
            endWith(failure);
        };
        child.once('error', error => {
            fail({ kind: 'error', phase: phase(), error: { errorType: 'Runtime.StartError', errorMessage: `${python.executable} could not be started: ${error.message}`, stackTrace: [] } });
        });
        child.once('exit', (code, signal) => {
            const status = signal ? `signal: ${signal}` : `exit status ${code}`;
            fail({ kind: 'error', phase: phase(), error: { errorType: 'Runtime.ExitError', errorMessage: withId(`Error: Runtime exited with error: ${status}`), stackTrace: [], requestId: this.current } });
        });
        const stopGroup = () => {
            if (closedFlag || child.pid === undefined)
                return;
            try {
                process.kill(-child.pid, 'SIGKILL');
            }
            catch {
                // The group is gone already.
            }
        };
        const stopAtExit = onProcessExit(stopGroup);
        void closed.then(stopAtExit);
        const initTimer = setTimeout(() => {
            const failure = { kind: 'error', phase: 'init', error: { errorType: 'Sandbox.Timedout', errorMessage: `Init timed out after ${this.setup.initTimeoutSeconds.toFixed(2)} seconds`, stackTrace: [] } };
            environment.kill(failure);
        }, Math.round(this.setup.initTimeoutSeconds * 1000));
        const watcher = setInterval(() => {
            if (closedFlag || child.pid === undefined || !environment.alive)
                return;
            environment.peakKb = Math.max(environment.peakKb, groupResidentKb(child.pid), peakResidentKb(child.pid) ?? 0);
            const failure = this.limitsOf(environment, phase() === 'invoke');
            if (failure)
                return environment.kill(failure);
            const scratchBytes = folderBytes(scratch);
            if (scratchBytes > this.setup.ephemeralStorageMb * 1024 * 1024) {
                environment.kill({
                    kind: 'error',
                    phase: phase(),
                    error: {
                        errorType: 'Sandbox.EphemeralStorageExceeded',
                        errorMessage: `The function keeps ${Math.ceil(scratchBytes / 1048576)} MB in its scratch folder (TMPDIR, Lambda's /tmp), more than the ephemeral storage of ${this.setup.ephemeralStorageMb} MB; on Lambda its writes would fail with "No space left on device". Raise --ephemeral-storage or write less.`,
                        stackTrace: [],
                        requestId: this.current
                    }
                });
            }
        }, WATCH_MS);
        void closed.then(() => clearInterval(watcher));
        environment = {
            api,
            ready,
            ended,
            startedAt,
            coldReported: false,
            peakKb: 0,
            alive: true,
            measure: () => {
                if (child.pid !== undefined && !closedFlag)
                    environment.peakKb = Math.max(environment.peakKb, peakResidentKb(child.pid) ?? 0);
            },
            kill: failure => {
                if (failure)
                    fail(failure);
                environment.alive = false;
                clearTimeout(initTimer);
                // A last measurement, before the process is gone.
                environment.measure();
                stopGroup();
            },
            closed
        };
        return environment;
    }
}
/** Failures after which Lambda throws the environment away; a handler's own exception is not one. */
function isFatal(outcome) {
    return outcome.phase === 'init' || /^(Runtime\.|Sandbox\.)/.test(outcome.error.errorType);
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
function stringEnv(env) {
    const out = {};
    for (const [key, value] of Object.entries(env ?? {}))
        if (value !== undefined)
            out[key] = value;
    return out;
}

/**
 * Extract once: a zip's files are kept under <cache>/tasks/<the zip's SHA-256>/root, read-only, and reused by
 * every later run of the same bytes. A manifest beside the folder lists each file's size and modification
 * time; a folder that no longer matches it (a file changed, added or removed, a write bit set) is extracted again.
 */
async function unpackZip(file, cacheDir, logger) {
    if (!existsSync(file))
        throw new SpindriftError(`Zip file ${file} does not exist; give the path of a zip written by spindrift package.`);
    if (statSync(file).isDirectory())
        throw new SpindriftError(`${file} is a folder, not a zip file; give the path of a zip written by spindrift package.`);
    const sha256 = await hashFile(file);
    const tasks = path.join(cacheDir, 'tasks');
    const dir = path.join(tasks, sha256);
    const taskRoot = path.join(dir, 'root');
    const damage = existsSync(dir) ? checkExtracted(dir) : 'missing';
    if (damage === undefined)
        return { file, sha256, taskRoot, target: readTarget(file, taskRoot), reused: true };
    if (damage !== 'missing')
        logger.warning(`The extracted copy of ${file} in ${dir} was changed (${damage}); extracting it again.`);
    const archive = openZip(file);
    try {
        mkdirSync(tasks, { recursive: true });
    }
    catch (error) {
        throw new SpindriftError(`Cannot create the cache folder ${tasks} (${error.code}); set SPINDRIFT_CACHE_DIR to a writable folder.`);
    }
    removeDeadExtractions(tasks);
    // Named with this pid, so that a later run can tell an extraction that a SIGKILL stopped from a running one.
    const temp = mkdtempSync(path.join(tasks, `.tmp-${sha256.slice(0, 12)}-${process.pid}-`));
    try {
        try {
            archive.extractAllTo(path.join(temp, 'root'), true, true);
        }
        catch (error) {
            throw new SpindriftError(`${file} cannot be extracted (${error.message.split('\n')[0]}); package it again with spindrift package.`);
        }
        const manifest = { files: [] };
        makeReadOnly(path.join(temp, 'root'), '', manifest);
        writeFileSync(path.join(temp, 'manifest.json'), JSON.stringify(manifest));
        if (existsSync(dir)) {
            // Another run may have put a whole copy there meanwhile (and may be running from it): keep that one.
            if (checkExtracted(dir) === undefined)
                return { file, sha256, taskRoot, target: readTarget(file, taskRoot), reused: true };
            removeTree(dir);
        }
        try {
            renameSync(temp, dir);
        }
        catch (error) {
            // Another run extracted the same zip meanwhile: use theirs when it is whole.
            if (checkExtracted(dir) !== undefined)
                throw error;
        }
    }
    finally {
        if (existsSync(temp))
            removeTree(temp);
    }
    return { file, sha256, taskRoot, target: readTarget(file, taskRoot), reused: false };
}
function openZip(file) {
    try {
        const archive = new AdmZip(file);
        archive.getEntries();
        return archive;
    }
    catch (error) {
        const reason = error.message.split('\n')[0].replace(/\.$/, '').replace(/^ADM-ZIP: /, '');
        throw new SpindriftError(`${file} is not a zip file (${reason}); give the path of a zip written by spindrift package.`);
    }
}
function readTarget(file, taskRoot) {
    const where = path.join(taskRoot, TARGET_FILE);
    if (!existsSync(where))
        return undefined;
    try {
        return parseTargetFile(readFileSync(where, 'utf8'));
    }
    catch (error) {
        throw new SpindriftError(`${file} has a ${TARGET_FILE} that spindrift cannot read: ${error.message}; package it again with spindrift package.`);
    }
}
function hashFile(file) {
    return new Promise((resolve, reject) => {
        const hash = createHash('sha256');
        createReadStream(file)
            .on('data', chunk => hash.update(chunk))
            .on('end', () => resolve(hash.digest('hex')))
            .on('error', error => reject(new SpindriftError(`Zip file ${file} cannot be read (${error.code ?? error.message}); check its permissions.`)));
    });
}
/**
 * Files keep their execute bits and become readable by all and writable by none; folders become r-x for
 * all: the function's writes into its task root fail, as on Lambda's read-only file system.
 */
function makeReadOnly(root, relative, manifest) {
    const dir = path.join(root, relative);
    for (const name of readdirSync(dir).sort()) {
        const rel = relative ? `${relative}/${name}` : name;
        const full = path.join(root, rel);
        const stat = lstatSync(full);
        if (stat.isDirectory()) {
            makeReadOnly(root, rel, manifest);
        }
        else if (stat.isFile()) {
            chmodSync(full, (stat.mode & 0o555) | 0o444);
            const after = statSync(full);
            manifest.files.push([rel, after.size, after.mtimeMs]);
        }
    }
    chmodSync(dir, 0o555);
}
/** Why the extracted folder no longer matches its manifest, or undefined when it does. */
function checkExtracted(dir) {
    let manifest;
    try {
        manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    }
    catch {
        return 'its manifest is missing or unreadable';
    }
    const root = path.join(dir, 'root');
    const expected = new Set();
    for (const [rel, size, mtimeMs] of manifest.files) {
        expected.add(rel);
        let stat;
        try {
            stat = lstatSync(path.join(root, rel));
        }
        catch {
            return `${rel} is missing`;
        }
        if (!stat.isFile() || stat.size !== size || stat.mtimeMs !== mtimeMs)
            return `${rel} was modified`;
        if (stat.mode & 0o222)
            return `${rel} is writable`;
    }
    const extra = firstExtra(root, '', expected);
    return extra === undefined ? undefined : `${extra} was added`;
}
/** A file under the root that the manifest does not list (folders are not compared, only their files). */
function firstExtra(root, relative, expected) {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
        const rel = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
            const found = firstExtra(root, rel, expected);
            if (found)
                return found;
        }
        else if (!expected.has(rel)) {
            return rel;
        }
    }
    return undefined;
}
const EXTRACTION = /^\.tmp-[0-9a-f]{12}-(\d+)-[A-Za-z0-9]{6}$/;
/** Remove the half-done extractions of runs that were killed (their pid is gone). */
function removeDeadExtractions(tasks) {
    for (const name of readdirSync(tasks)) {
        const match = EXTRACTION.exec(name);
        if (!match || alive(Number(match[1])))
            continue;
        try {
            removeTree(path.join(tasks, name));
        }
        catch {
            // Another run may be removing it too.
        }
    }
}
/** rm -r of a read-only tree: write bits back on the folders first (needed when not root). */
function removeTree(dir) {
    const allowWrites = (folder) => {
        try {
            chmodSync(folder, 0o755);
            for (const entry of readdirSync(folder, { withFileTypes: true }))
                if (entry.isDirectory())
                    allowWrites(path.join(folder, entry.name));
        }
        catch {
            // Gone already.
        }
    };
    allowWrites(dir);
    rmSync(dir, { recursive: true, force: true });
}

/**
 * `spindrift invoke`: run a Lambda zip locally the way Lambda runs it. The zip is extracted once into the
 * cache, read-only (unpack.ts; LAMBDA_TASK_ROOT), and a clean Python of the zip's runtime (-S: no
 * site-packages; an environment built from scratch) runs the real runtime interface client, awslambdaric from
 * PyPI, against a one-invocation Runtime API that spindrift serves on 127.0.0.1 (runtimeapi.ts), inside what
 * sandbox.ts can give it: another user when spindrift is root, a fresh scratch folder, memory, scratch and
 * init limits. awslambdaric is installed once per Python minor version into $SPINDRIFT_CACHE_DIR/ric/<version>-py<X.Y>.
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
    const eventBytes = eventPayload(options);
    const opened = await openFunction(options);
    try {
        const result = await opened.warm.invoke(eventBytes, options.signal);
        return { ...result, target: opened.target, python: opened.python };
    }
    catch (error) {
        if (error instanceof AbortedError)
            throw new InvokeAbortedError();
        throw error;
    }
    finally {
        await opened.close();
    }
}
/** Check the limits, extract the zip (once), choose its interpreter and install awslambdaric: a function ready to start. */
async function openFunction(options) {
    const hostEnv = options.hostEnv ?? process.env;
    const logger = options.logger ?? quietLogger;
    const timeoutSeconds = options.timeoutSeconds ?? 30;
    if (!(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) {
        throw new SpindriftError(`The timeout ${timeoutSeconds} is not a positive number of seconds.`);
    }
    const memorySize = options.memorySize ?? 128;
    if (!(Number.isInteger(memorySize) && memorySize >= 128 && memorySize <= 10240)) {
        throw new SpindriftError(`The memory size ${memorySize} is not one Lambda allows: a whole number of MB from 128 to 10240.`);
    }
    const ephemeralStorageMb = options.ephemeralStorageMb ?? 512;
    if (!(Number.isInteger(ephemeralStorageMb) && ephemeralStorageMb >= 512 && ephemeralStorageMb <= 10240)) {
        throw new SpindriftError(`The ephemeral storage ${ephemeralStorageMb} is not one Lambda allows: a whole number of MB from 512 to 10240.`);
    }
    const cacheDir = options.cacheDir ?? defaultCacheDir(hostEnv);
    // Folders that killed runs (invoke, serve or package) left in TMPDIR: their owner's pid is gone.
    removeStaleWorkFolders();
    const zip = await unpackZip(options.zip, cacheDir, logger);
    const layers = [];
    for (const layer of options.layers ?? [])
        layers.push((await unpackZip(layer, cacheDir, logger)).taskRoot);
    const python = await choosePython(zip, options.python, hostEnv, logger);
    const ricDir = await ensureRuntimeClient(python, cacheDir, hostEnv, logger);
    if (options.signal?.aborted)
        throw new InvokeAbortedError();
    // The function's own work folder (its scratch space lives in it): removed afterwards, on SIGINT/SIGTERM, and,
    // named with this pid, by the next run when a SIGKILL left it.
    const runDir = makeWorkFolder('invoke');
    const removeRunDir = onProcessExit(() => {
        rmSync(runDir, { recursive: true, force: true });
        forgetTemp(runDir);
    });
    const warm = new WarmFunction({
        python: { executable: python.executable, minor: python.minor },
        ricDir,
        taskDir: zip.taskRoot,
        layerDirs: layers,
        runDir,
        functionName: options.functionName ?? functionNameFor(zip.file),
        handler: options.handler ?? 'index.handler',
        env: options.env,
        timeoutSeconds,
        memorySize,
        ephemeralStorageMb,
        initTimeoutSeconds: options.initTimeoutSeconds ?? 10,
        logger,
        onLog: options.onLog
    });
    return {
        warm,
        target: zip.target,
        python: python.executable,
        close: async () => {
            try {
                await warm.close();
            }
            finally {
                removeRunDir();
            }
        }
    };
}
/**
 * The interpreter for the zip: --python when given (a warning when it is not the zip's runtime or machine),
 * else one of the runtime the zip records, else python3 for zips that record none.
 */
async function choosePython(zip, forced, hostEnv, logger) {
    const target = zip.target;
    const machine = target && (WHEEL_ARCH[target.architecture] ?? target.architecture);
    const minor = target?.runtime.replace(/^python/, '');
    const builtFor = target && `${target.runtime} on ${target.architecture}`;
    if (forced !== undefined) {
        const python = await probePython(forced, hostEnv);
        if (target && (python.minor !== minor || python.machine !== machine)) {
            logger.warning(`${zip.file} was built for ${builtFor}, but --python ${forced} is Python ${python.version} on ${python.machine}; running it anyway, as --python asks, though on Lambda it runs on ${target.runtime}.`);
        }
        return python;
    }
    if (!target || !minor)
        return probePython('python3', hostEnv);
    for (const { command: candidate } of pythonCandidates(minor, target.architecture, hostEnv)) {
        let python;
        try {
            python = await probePython(candidate, hostEnv);
        }
        catch {
            continue;
        }
        if (python.minor !== minor)
            continue;
        if (python.machine !== machine) {
            throw new SpindriftError(`${zip.file} was built for ${builtFor}, but this machine is ${python.machine} (${candidate} is Python ${python.version} on ${python.machine}); invoke it on a ${machine} machine, or pass --python to run it here anyway.`);
        }
        return python;
    }
    const other = await probePython('python3', hostEnv).catch(() => undefined);
    throw new SpindriftError(`${zip.file} was built for ${target.runtime}, but no Python ${minor} is installed here (looked for python${minor} on PATH, under ~/.pyenv/versions, in the GitHub tool cache and among uv's Pythons)` +
        `${other ? `, and python3 is Python ${other.version}` : ''}; install Python ${minor}, or pass --python to run it with another interpreter anyway.`);
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

/** The HTTP event sources `spindrift serve` can stand in for. */
const SOURCES = ['rest', 'http-v2', 'http-v1', 'function-url', 'alb', 'alb-multi'];

/**
 * `spindrift serve`'s two translations, per event source: an HTTP request into the Lambda event that source
 * sends (API Gateway REST, HTTP API payload 2.0 and 1.0, function URL, ALB with or without multi-value
 * headers), and the function's answer back into an HTTP response, as that source would turn it into one.
 */
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|graphql)|[^;]*\+(json|xml))/i;
/** The event for a request, or the answer API Gateway gives without calling the function (wrong stage, outside the mapping). */
function eventFor(request, options, now = new Date()) {
    const mark = request.url.indexOf('?');
    const fullPath = mark < 0 ? request.url : request.url.slice(0, mark);
    const rawQuery = mark < 0 ? '' : request.url.slice(mark + 1);
    let path = fullPath;
    if (options.stage) {
        const prefix = `/${options.stage}`;
        if (path !== prefix && !path.startsWith(`${prefix}/`))
            return { response: gatewayAnswer(options.source, 403, 'Forbidden') };
        // REST keeps the stage out of `path` (requestContext.path has it); HTTP APIs keep it in.
        if (options.source === 'rest')
            path = path.slice(prefix.length) || '/';
    }
    if (options.basePath && fullPath !== options.basePath && !fullPath.startsWith(`${options.basePath}/`)) {
        return { response: gatewayAnswer(options.source, 404, 'Not Found') };
    }
    const lower = request.headers.map(([name, value]) => [name.toLowerCase(), value]);
    const grouped = new Map();
    for (const [name, value] of lower)
        grouped.set(name, [...(grouped.get(name) ?? []), value]);
    const contentType = grouped.get('content-type')?.[0] ?? '';
    const binary = request.body.length > 0 && !TEXT_TYPES.test(contentType);
    const body = request.body.length === 0 ? undefined : binary ? request.body.toString('base64') : request.body.toString('utf8');
    const host = grouped.get('host')?.[0] ?? '127.0.0.1';
    const sourceIp = request.remoteAddress.replace(/^::ffff:/, '');
    const method = request.method.toUpperCase();
    const forwarded = [
        ['x-forwarded-for', sourceIp],
        ['x-forwarded-port', host.split(':')[1] ?? '80'],
        ['x-forwarded-proto', 'http']
    ];
    for (const [name, value] of forwarded)
        if (!grouped.has(name))
            grouped.set(name, [value]);
    const single = Object.fromEntries([...grouped].map(([k, v]) => [k, v.join(',')]));
    const multiQuery = multiQueryParameters(rawQuery);
    const epoch = now.getTime();
    if (options.source === 'http-v2' || options.source === 'function-url') {
        const cookies = (grouped.get('cookie') ?? []).flatMap(line => line.split(';').map(c => c.trim()).filter(Boolean));
        const headers = Object.fromEntries(Object.entries(single).filter(([k]) => k !== 'cookie'));
        const urlId = 'spindrift0local0function0url0id';
        const domainName = options.source === 'function-url' ? `${urlId}.lambda-url.${DEFAULT_REGION}.on.aws` : host;
        const event = { version: '2.0', routeKey: '$default', rawPath: fullPath, rawQueryString: rawQuery };
        if (cookies.length)
            event.cookies = cookies;
        event.headers = headers;
        const params = queryParameters(rawQuery);
        if (params)
            event.queryStringParameters = params;
        event.requestContext = {
            accountId: options.source === 'function-url' ? 'anonymous' : DEFAULT_ACCOUNT_ID,
            apiId: options.source === 'function-url' ? urlId : 'spindrift',
            domainName,
            domainPrefix: domainName.split('.')[0],
            http: { method, path: fullPath, protocol: 'HTTP/1.1', sourceIp, userAgent: single['user-agent'] ?? '' },
            requestId: apiRequestId(),
            routeKey: '$default',
            stage: options.stage ?? '$default',
            time: clfTime(now),
            timeEpoch: epoch
        };
        if (body !== undefined)
            event.body = body;
        event.isBase64Encoded = binary;
        return { event };
    }
    if (options.source === 'alb' || options.source === 'alb-multi') {
        const multi = options.source === 'alb-multi';
        const event = {
            requestContext: { elb: { targetGroupArn: `arn:aws:elasticloadbalancing:${DEFAULT_REGION}:${DEFAULT_ACCOUNT_ID}:targetgroup/spindrift/${randomBytes(8).toString('hex')}` } },
            httpMethod: method,
            path: fullPath
        };
        // The ALB passes the query as sent (still percent-encoded); without multi-value headers, the last value of a key wins.
        if (multi) {
            event.multiValueQueryStringParameters = rawMultiQuery(rawQuery);
            event.multiValueHeaders = Object.fromEntries(grouped);
        }
        else {
            event.queryStringParameters = Object.fromEntries(Object.entries(rawMultiQuery(rawQuery)).map(([k, v]) => [k, v[v.length - 1]]));
            event.headers = Object.fromEntries([...grouped].map(([k, v]) => [k, v[v.length - 1]]));
        }
        event.body = body ?? '';
        event.isBase64Encoded = binary;
        return { event };
    }
    // rest and http-v1: API Gateway's payload 1.0.
    const stage = options.stage ?? (options.source === 'rest' ? undefined : '$default');
    const event = {};
    if (options.source === 'http-v1')
        event.version = '1.0';
    Object.assign(event, {
        resource: options.source === 'rest' ? '/{proxy+}' : '$default',
        path,
        httpMethod: method,
        headers: single,
        multiValueHeaders: Object.fromEntries(grouped),
        queryStringParameters: multiQuery ? Object.fromEntries(Object.entries(multiQuery).map(([k, v]) => [k, v[v.length - 1]])) : null,
        multiValueQueryStringParameters: multiQuery ?? null,
        pathParameters: options.source === 'rest' ? { proxy: path.replace(/^\//, '') } : null,
        stageVariables: null,
        requestContext: {
            accountId: DEFAULT_ACCOUNT_ID,
            apiId: 'spindrift',
            domainName: host,
            domainPrefix: host.split('.')[0],
            httpMethod: method,
            path: fullPath,
            protocol: 'HTTP/1.1',
            requestId: apiRequestId(),
            requestTime: clfTime(now),
            requestTimeEpoch: epoch,
            resourcePath: options.source === 'rest' ? '/{proxy+}' : '$default',
            stage: stage ?? '$default',
            identity: { sourceIp, userAgent: single['user-agent'] ?? null }
        },
        body: body ?? null,
        isBase64Encoded: binary
    });
    return { event };
}
/** Decoded repeated query values, as API Gateway's multiValueQueryStringParameters; undefined when empty. */
function multiQueryParameters(raw) {
    const decoded = {};
    for (const [key, values] of Object.entries(rawMultiQuery(raw)))
        decoded[decode(key)] = [...(decoded[decode(key)] ?? []), ...values.map(decode)];
    return Object.keys(decoded).length ? decoded : undefined;
}
function rawMultiQuery(raw) {
    const out = {};
    for (const part of raw.split('&')) {
        if (!part)
            continue;
        const eq = part.indexOf('=');
        const key = eq < 0 ? part : part.slice(0, eq);
        out[key] = [...(out[key] ?? []), eq < 0 ? '' : part.slice(eq + 1)];
    }
    return out;
}
function decode(text) {
    try {
        return decodeURIComponent(text.replace(/\+/g, ' '));
    }
    catch {
        return text;
    }
}
/** API Gateway's own JSON answers ({"message": …}); the ALB's are small HTML pages. */
function gatewayAnswer(source, status, message) {
    if (source === 'alb' || source === 'alb-multi') {
        const html = `<html>\r\n<head><title>${status} ${message}</title></head>\r\n<body>\r\n<center><h1>${status} ${message}</h1></center>\r\n</body>\r\n</html>\r\n`;
        return { status, headers: [['Content-Type', 'text/html']], body: Buffer.from(html) };
    }
    const key = source === 'function-url' ? 'Message' : 'message';
    return { status, headers: [['Content-Type', 'application/json']], body: Buffer.from(JSON.stringify({ [key]: message })) };
}
/**
 * The function's answer as the source turns it into HTTP. HTTP API 2.0 and function URLs accept any JSON
 * value (a non-envelope becomes a 200 JSON body); the others need the envelope, else the gateway answers 502.
 */
function responseFor(source, result) {
    if (result.error) {
        if (result.error.errorType === 'Sandbox.Timedout') {
            return source === 'rest' ? gatewayAnswer(source, 504, 'Endpoint request timed out') : gatewayAnswer(source, source === 'alb' || source === 'alb-multi' ? 502 : 503, 'Service Unavailable');
        }
        return gatewayAnswer(source, 502, source === 'alb' || source === 'alb-multi' ? 'Bad Gateway' : 'Internal Server Error');
    }
    const answer = result.response;
    const envelope = answer !== null && typeof answer === 'object' && !Array.isArray(answer) ? answer : undefined;
    const v2 = source === 'http-v2' || source === 'function-url';
    if (v2 && (!envelope || !('statusCode' in envelope))) {
        const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
        return { status: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(text ?? '') };
    }
    const status = Number(envelope?.statusCode);
    if (!envelope || !Number.isInteger(status) || status < 100 || status > 599)
        return gatewayAnswer(source, 502, source.startsWith('alb') ? 'Bad Gateway' : 'Internal Server Error');
    const headers = [];
    const multi = envelope.multiValueHeaders;
    const multiNames = new Set();
    if (multi && typeof multi === 'object' && source !== 'alb' && !v2) {
        for (const [name, values] of Object.entries(multi)) {
            if (!Array.isArray(values))
                continue;
            multiNames.add(name.toLowerCase());
            for (const value of values)
                headers.push([name, String(value)]);
        }
    }
    const single = envelope.headers;
    if (single && typeof single === 'object') {
        for (const [name, value] of Object.entries(single)) {
            if (!multiNames.has(name.toLowerCase()) && value !== undefined && value !== null)
                headers.push([name, String(value)]);
        }
    }
    if (v2 && Array.isArray(envelope.cookies))
        for (const cookie of envelope.cookies)
            headers.push(['Set-Cookie', String(cookie)]);
    const text = typeof envelope.body === 'string' ? envelope.body : envelope.body === undefined || envelope.body === null ? '' : JSON.stringify(envelope.body);
    const body = envelope.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
    return { status, headers, body };
}

/**
 * `spindrift serve`: a local HTTP server on 127.0.0.1 in front of one warm function. Each request becomes the
 * chosen source's event (serveevents.ts), waits its turn (one invocation at a time, as one Lambda environment
 * serves them), and the function's answer becomes the HTTP response.
 */
/** Lambda's limit on a synchronous invocation's request payload. */
const MAX_REQUEST_BYTES = 6_291_456;
async function serveZip(options) {
    const source = options.source ?? 'http-v2';
    if (!SOURCES.includes(source))
        throw new SpindriftError(`The event source "${source}" is not one spindrift serves; use one of ${SOURCES.join(', ')}.`);
    const stage = options.stage;
    if (stage !== undefined) {
        if (!['rest', 'http-v1', 'http-v2'].includes(source))
            throw new SpindriftError(`A stage belongs to API Gateway; ${source} has none, so leave out the stage or use --source rest, http-v1 or http-v2.`);
        if (!/^[A-Za-z0-9_-]+$/.test(stage))
            throw new SpindriftError(`The stage "${stage}" is not an API Gateway stage name (letters, digits, - and _).`);
    }
    const basePath = options.basePath === undefined ? undefined : `/${options.basePath.replace(/^\/+|\/+$/g, '')}`;
    if (basePath !== undefined && !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath))
        throw new SpindriftError(`The base path "${options.basePath}" is not a path like /api or /v1/shop.`);
    const port = options.port ?? 3000;
    if (!(Number.isInteger(port) && port >= 0 && port <= 65535))
        throw new SpindriftError(`The port ${port} is not a TCP port (0 to 65535).`);
    const opened = await openFunction(options);
    const server = http.createServer((req, res) => {
        const started = Date.now();
        const chunks = [];
        let size = 0;
        req.on('data', (chunk) => {
            size += chunk.length;
            if (size <= MAX_REQUEST_BYTES)
                chunks.push(chunk);
        });
        req.on('end', () => {
            void answer(req, Buffer.concat(chunks), size > MAX_REQUEST_BYTES).then(({ response, error }) => {
                const headers = response.headers.flat();
                if (!response.headers.some(([name]) => name.toLowerCase() === 'content-length'))
                    headers.push('Content-Length', String(response.body.length));
                // Logged first: whoever reads the answer finds the log line already written.
                options.onRequest?.(`${req.method} ${req.url} ${response.status} ${Date.now() - started} ms`, error);
                res.writeHead(response.status, headers);
                res.end(req.method === 'HEAD' ? undefined : response.body);
            });
        });
    });
    const answer = async (req, body, tooLarge) => {
        if (tooLarge)
            return { response: gatewayAnswer(source, 413, 'Request Entity Too Large') };
        const raw = req.rawHeaders;
        const headers = [];
        for (let i = 0; i + 1 < raw.length; i += 2)
            headers.push([raw[i], raw[i + 1]]);
        const routed = eventFor({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body, remoteAddress: req.socket.remoteAddress ?? '127.0.0.1' }, { source, stage, basePath });
        if ('response' in routed)
            return { response: routed.response };
        try {
            const result = await opened.warm.invoke(Buffer.from(JSON.stringify(routed.event), 'utf8'));
            return { response: responseFor(source, result), error: result.error };
        }
        catch (error) {
            return { response: gatewayAnswer(source, 502, `spindrift could not invoke the function: ${error.message}`) };
        }
    };
    await new Promise((resolve, reject) => {
        server.once('error', error => {
            const code = error.code;
            reject(new SpindriftError(code === 'EADDRINUSE' ? `Port ${port} on 127.0.0.1 is in use; pass another with --port.` : `Cannot listen on 127.0.0.1:${port} (${code ?? error.message}).`));
        });
        server.listen(port, '127.0.0.1', () => resolve());
    }).catch(async (error) => {
        await opened.close();
        throw error;
    });
    const actual = server.address().port;
    let closing;
    return {
        url: `http://127.0.0.1:${actual}`,
        port: actual,
        close: () => (closing ??= (async () => {
            await new Promise(resolve => {
                server.close(() => resolve());
                server.closeAllConnections();
            });
            await opened.close();
        })())
    };
}

export { AWSLAMBDARIC_VERSION as A, InvokeAbortedError as I, SOURCES as S, UsageError as U, buildHttpApiEvent as b, checkLock as c, invokeZip as i, serveZip as s };
