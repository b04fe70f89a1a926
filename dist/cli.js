#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { O as OPTIONS, d as dashed, a as configure, b as runPlan, S as SpindriftError, f as closest } from './packager.js';
import { s as stderrLogger } from './log.js';
import 'node:path';
import 'node:fs';
import 'node:os';
import 'node:crypto';
import 'fs';
import 'path';
import 'zlib';
import 'crypto';
import 'string_decoder';
import 'os';
import 'events';
import 'child_process';
import 'assert';
import 'timers';
import 'node:url';

const USAGE = `Usage: spindrift package [options]

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
        process.stderr.write(`spindrift: expected the command "package", got ${got}; run "spindrift package --help".\n`);
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
        if (error instanceof SpindriftError) {
            process.stderr.write(`spindrift: ${error.message}\n`);
            return 1;
        }
        const detail = process.env.SPINDRIFT_DEBUG ? error.stack : error.message;
        process.stderr.write(`spindrift: unexpected internal error: ${detail}; please report it (set SPINDRIFT_DEBUG=1 for details).\n`);
        return 70;
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
main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
});

export { main };
