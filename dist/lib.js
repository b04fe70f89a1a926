import { h as asUserError, p as configure, C as runPlan, E as quietLogger, t as findRuntime, e as configureAll, s as summariseRuns, g as runPlans, S as SpindriftError, O as OPTIONS, F as optionName, n as closest, q as quote } from './configure.js';
import { c as checkLock } from './serve.js';
export { S as SOURCES, b as buildHttpApiEvent, i as invokeZip, s as serveZip } from './serve.js';
import 'node:path';
import 'node:fs';
import 'fs';
import 'path';
import 'zlib';
import 'crypto';
import 'node:url';
import 'node:crypto';
import 'node:child_process';
import 'node:os';
import 'node:fs/promises';
import 'node:http';
import 'node:https';
import 'node:zlib';
import 'node:perf_hooks';

/**
 * spindrift as a library: `import { packager } from 'spindrift-lambda'`.
 *
 *   await packager.package('yourwebapp', 'flask', 'from yourwebapp.main import app', 'python3.12', '/tmp/app.zip')
 *   await packager.package({ name: 'yourwebapp', type: 'flask', entry: '…', runtime: 'python3.12', outputPath: '…' })
 */
/** Options of the object form that are not settings. */
const EXTRA_OPTIONS = ['settingsFile', 'cwd', 'logger', 'env', 'signal'];
/** A console (no `warning`, a synchronous `group`) as a spindrift Logger. */
function asLogger(logger) {
    if ('warning' in logger && typeof logger.warning === 'function')
        return logger;
    const log = logger;
    return {
        info: message => log.info(message),
        warning: message => log.warn(`warning: ${message}`),
        debug: message => log.debug(message),
        group: async (title, work) => {
            log.group?.(title);
            try {
                return await work();
            }
            finally {
                log.groupEnd?.();
            }
        }
    };
}
async function packageApp(first, ...rest) {
    return withSentences(() => packageOne(first, rest));
}
/**
 * A file-system error the user can fix (a name too long, no permission, a full disk…) rejects as the
 * SpindriftError sentence the CLI and the action print, not as a bare errno error.
 */
async function withSentences(work) {
    try {
        return await work();
    }
    catch (error) {
        throw asUserError(error) ?? error;
    }
}
async function packageOne(first, rest) {
    const options = typeof first === 'string'
        ? { name: first, type: rest[0], entry: rest[1], runtime: rest[2], outputPath: rest[3] }
        : first;
    checkOptions(options, 'packager.package');
    const overrides = overridesOf(options);
    const env = options.env ?? process.env;
    const { signal } = options;
    signal?.throwIfAborted();
    const plan = configure({ settingsFile: options.settingsFile, overrides, cwd: options.cwd ?? process.cwd(), env, readDefaultFile: false });
    const run = runPlan(plan, { logger: options.logger ? asLogger(options.logger) : quietLogger, env, signal });
    if (!signal)
        return (await run).result;
    // Reject as soon as the signal fires; the pipeline itself stops at its next stage and never writes the zip.
    let onAbort;
    const aborted = new Promise((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
    });
    run.catch(() => { });
    try {
        return (await Promise.race([run, aborted])).result;
    }
    finally {
        if (onAbort)
            signal.removeEventListener('abort', onAbort);
    }
}
/**
 * Without installing anything: for each target, the wheel each locked version would install, or the newest
 * version that fits (`report.ok` is false when one does not fit).
 */
async function checkApp(options) {
    return withSentences(() => checkOne(options));
}
async function checkOne(options) {
    const targets = options.targets.map(t => {
        const [runtime, architecture = 'x86_64'] = t.split(':');
        return { runtime, architecture };
    });
    const overrides = {
        'package.entry': 'check:unused', 'package.runtime': targets[0]?.runtime, 'package.path': options.path, 'package.lock': options.lock,
        'package.groups': options.groups, 'package.extras': options.extras, 'package.member': options.member, 'package.index-url': options.indexUrl,
        'package.requirements': typeof options.requirements === 'string' ? [options.requirements] : options.requirements
    };
    const env = options.env ?? process.env;
    const plan = configure({ overrides, cwd: options.cwd ?? process.cwd(), env, readDefaultFile: false });
    return checkLock({ ...plan, targets: targets.map(t => ({ runtime: findRuntime(t.runtime), architecture: t.architecture })) });
}
/**
 * Every function of a settings file's functions: section (or only `functions`), in one run: one result per
 * function and each layer zip once, as `spindrift package --json` prints them.
 */
async function packageFunctions(options) {
    return withSentences(() => packageMany(options));
}
async function packageMany(options) {
    checkOptions(options, 'packager.packageFunctions', ['functions']);
    const env = options.env ?? process.env;
    const plans = configureAll({ settingsFile: options.settingsFile, overrides: overridesOf(options), cwd: options.cwd ?? process.cwd(), env, readDefaultFile: false, functions: options.functions });
    return summariseRuns(await runPlans(plans, { logger: options.logger ? asLogger(options.logger) : quietLogger, env }));
}
/** Options must be an object of known keys: a misspelt one would otherwise be ignored in silence, as the settings file never allows. */
function checkOptions(options, call, extra = []) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
        throw new SpindriftError(`${call} was given ${options === null ? 'null' : Array.isArray(options) ? 'a list' : `a ${typeof options}`}; pass an options object ({ entry, runtime, outputPath, … })${call === 'packager.package' ? ' or the five arguments (name, type, entry, runtime, outputPath)' : ''}.`);
    }
    const known = [...OPTIONS.map(spec => optionName(spec.key)), ...EXTRA_OPTIONS, ...extra];
    for (const key of Object.keys(options)) {
        if (known.includes(key))
            continue;
        const suggestion = closest(key, known);
        throw new SpindriftError(`Unknown option ${quote(key)} given to ${call}${suggestion ? `; did you mean "${suggestion}"?` : '; see PackageOptions for the options.'}`);
    }
}
function overridesOf(options) {
    const overrides = {};
    for (const spec of OPTIONS)
        overrides[spec.key] = options[optionName(spec.key)];
    return overrides;
}
const packager = { package: packageApp, packageFunctions, check: checkApp };

export { SpindriftError, packager as default, optionName, packager };
