// The npm package as a user gets it: `npm pack` of the checkout, installed from the tarball into a fresh
// folder (its dependencies from the npm cache where it has them, else the registry: a fresh machine's cache has
// no package documents for them), used by its published name from typed TypeScript, from require() and through the `spindrift` command.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { OPTIONS, optionName } from '../src/config/options.ts'
import { ROOT, tempDir, writeTree } from './helpers/run.js'

const NAME = 'spindrift-lambda'
const work = tempDir()
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string }
const tarball = path.join(work, execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').at(-1) as string)
const consumer = path.join(work, 'consumer')
writeTree(consumer, {
  'package.json': JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  'app/handler.py': 'def handle(event, context):\n    return {"ok": True}\n'
})
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: consumer, stdio: 'pipe' })
const installed = path.join(consumer, 'node_modules', NAME)
const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const cacheEnv = { ...process.env, SPINDRIFT_CACHE_DIR: path.join(work, 'cache') }

test(`the package is named ${NAME} (spindrift on npm is an unrelated PDF library) and the command stays spindrift`, () => {
  const shipped = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'))
  assert.equal(shipped.name, NAME)
  assert.deepEqual(Object.keys(shipped.bin), ['spindrift'])
  for (const field of ['repository', 'homepage', 'bugs', 'keywords']) assert.ok(shipped[field], `package.json has ${field}`)
})

test('the tarball ships the library, the CLI, the shim, the settings schema and the licence, not the action bundle', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n')
  for (const file of ['dist/lib.js', 'dist/cli.js', 'dist/types/faces/lib.d.ts', 'shim/index.py', 'settings.schema.json', 'LICENSE', 'THIRD_PARTY_NOTICES.md', 'CHANGELOG.md']) {
    assert.ok(files.includes(`package/${file}`), `${file} is in the tarball`)
  }
  assert.ok(!files.includes('package/dist/index.js'), 'the action bundle stays out of the npm tarball')
  const schema = execFileSync(process.execPath, ['--input-type=module', '-e', `import { createRequire } from 'node:module'; console.log(createRequire(import.meta.url).resolve('${NAME}/settings.schema.json'))`], { cwd: consumer, encoding: 'utf8' }).trim()
  assert.equal(schema, path.join(installed, 'settings.schema.json'))
})

test('a typed consumer compiles against the shipped types and packages an app through the new name', () => {
  writeFileSync(path.join(consumer, 'typed.ts'), [
    `import { packager, type PackageOptions, type PackageResult } from '${NAME}'`,
    "const options: PackageOptions = { name: 'app', type: 'plain', entry: 'handler:handle', runtime: 'python3.11', path: 'app', outputPath: 'out/app.zip', architecture: 'x86_64' }",
    'const result: PackageResult = await packager.package(options)',
    'console.log(JSON.stringify(result))'
  ].join('\n'))
  writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, types: [], outDir: 'built' }, files: ['typed.ts'] }))
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer, stdio: 'pipe' })
  const result = JSON.parse(execFileSync(process.execPath, ['built/typed.js'], { cwd: consumer, encoding: 'utf8', env: cacheEnv }))
  assert.equal(result.path, path.join(consumer, 'out', 'app.zip'))
  assert.equal(result.handler, 'index.handler')
  assert.equal(readFileSync(result.path).length, result.size)

  writeFileSync(path.join(consumer, 'typed.ts'), `import { packager } from '${NAME}'\nawait packager.package({ runtime: 'python3.11', colour: 'blue' })\n`)
  const wrong = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8' })
  assert.notEqual(wrong.status, 0)
  assert.match(wrong.stdout, /colour/)
})

test('PackageOptions types every option of the one option list; wrong keys, choices and retired runtimes are type errors', () => {
  const sample = (o: (typeof OPTIONS)[number]): string =>
    o.key === 'package.runtime' ? "'python3.12'" : o.choices ? `'${o.choices.at(-1)}'` : o.kind === 'boolean' ? 'true' : o.kind === 'list' ? "['a', 'b']" : "'x'"
  const every = OPTIONS.map(o => `  ${optionName(o.key)}: ${sample(o)},`)
  writeFileSync(path.join(consumer, 'every.ts'), [
    `import { packager, type PackageOptions } from '${NAME}'`,
    'const controller = new AbortController()',
    'export const every: PackageOptions = {',
    ...every,
    "  settingsFile: 'settings.spindrift', cwd: '.', env: {}, logger: console, signal: controller.signal",
    '}',
    '// @ts-expect-error an unknown key',
    "export const unknown: PackageOptions = { runtime: 'python3.12', colour: 'blue' }",
    '// @ts-expect-error not a package type',
    "export const type: PackageOptions = { type: 'django' }",
    '// @ts-expect-error aarch64 is the wheel tag, arm64 the Lambda name',
    "export const arch: PackageOptions = { architecture: 'aarch64' }",
    '// @ts-expect-error a retired runtime',
    "export const retired: PackageOptions = { runtime: 'python3.8' }",
    '// @ts-expect-error a boolean option given text',
    "export const flag: PackageOptions = { cache: 'yes' }",
    'export const run = () => packager.package(every)'
  ].join('\n'))
  writeFileSync(path.join(consumer, 'tsconfig.every.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, types: [], noEmit: true }, files: ['every.ts'] }))
  const check = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.every.json'], { cwd: consumer, encoding: 'utf8' })
  assert.equal(check.status, 0, check.stdout)
})

test('package() takes the global console as its logger and stops on an AbortSignal without writing the zip', async () => {
  writeFileSync(path.join(consumer, 'abort.mjs'), [
    `import { packager } from '${NAME}'`,
    'const base = { name: "app", type: "plain", entry: "handler:handle", runtime: "python3.11", path: "app" }',
    'const logged = await packager.package({ ...base, outputPath: "out/console.zip", logger: console })',
    'const controller = new AbortController()',
    'const stopper = { info: () => controller.abort(new Error("stopped by the test")), warn: () => {}, debug: () => {} }',
    'let error',
    'try { await packager.package({ ...base, outputPath: "out/aborted.zip", logger: stopper, signal: controller.signal }) } catch (e) { error = e.message }',
    'await new Promise(resolve => setTimeout(resolve, 3000))',
    'const { existsSync } = await import("node:fs")',
    'console.log(JSON.stringify({ logged: logged.path, error, written: existsSync("out/aborted.zip") }))'
  ].join('\n'))
  const run = spawnSync(process.execPath, ['abort.mjs'], { cwd: consumer, encoding: 'utf8', env: cacheEnv })
  assert.equal(run.status, 0, run.stderr)
  const lines = run.stdout.trim().split('\n')
  assert.ok(lines.some(l => /^Python \d+\.\d+/.test(l)), `console.info got the progress lines: ${run.stdout}`)
  const outcome = JSON.parse(lines.at(-1) as string)
  assert.equal(outcome.logged, path.join(consumer, 'out', 'console.zip'))
  assert.equal(outcome.error, 'stopped by the test')
  assert.equal(outcome.written, false)
})

test('require() of the ESM build works where Node supports require(esm) (the default export condition)', t => {
  if (!(process.features as { require_module?: boolean }).require_module) {
    t.skip(`Node ${process.version} cannot require() ES modules`)
    return
  }
  writeFileSync(path.join(consumer, 'use.cjs'), `const lib = require('${NAME}'); console.log(typeof lib.packager.package, typeof lib.SpindriftError)\n`)
  const out = execFileSync(process.execPath, ['use.cjs'], { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  assert.equal(out.trim(), 'function function')
})

test('the installed spindrift command answers --version with the package version', () => {
  const out = execFileSync(path.join(consumer, 'node_modules', '.bin', 'spindrift'), ['--version'], { encoding: 'utf8' })
  assert.equal(out.trim(), manifest.version)
})
