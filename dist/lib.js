import { O as OPTIONS, b as configure, f as runPlan, q as quietLogger } from './pipeline.js';
export { S as SpindriftError } from './pipeline.js';
export { b as buildHttpApiEvent, i as invokeZip } from './invoke.js';
import 'node:path';
import 'node:fs';
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

/**
 * spindrift as a library: `import { packager } from 'spindrift'`.
 *
 *   await packager.package('yourwebapp', 'flask', 'from yourwebapp.main import app', 'python3.12', '/tmp/app.zip')
 *   await packager.package({ name: 'yourwebapp', type: 'flask', entry: '…', runtime: 'python3.12', outputPath: '…' })
 */
/** `package.index-url` → `indexUrl`; `output.path` → `outputPath`. */
function optionName(key) {
    const local = key.startsWith('package.') ? key.slice('package.'.length) : key;
    return local.replace(/[.-]([a-z])/g, (_, c) => c.toUpperCase());
}
async function packageApp(first, ...rest) {
    const options = typeof first === 'string'
        ? { name: first, type: rest[0], entry: rest[1], runtime: rest[2], outputPath: rest[3] }
        : first;
    const overrides = {};
    for (const spec of OPTIONS)
        overrides[spec.key] = options[optionName(spec.key)];
    const env = options.env ?? process.env;
    const plan = configure({ settingsFile: options.settingsFile, overrides, cwd: options.cwd ?? process.cwd(), env, readDefaultFile: false });
    return (await runPlan(plan, { logger: options.logger ?? quietLogger, env })).result;
}
const packager = { package: packageApp };

export { packager as default, optionName, packager };
