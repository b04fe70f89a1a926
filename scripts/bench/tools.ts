// The builds that are timed: the AWS pip recipe, the uv recipe from uv's AWS Lambda guide, `sam build`, and
// spindrift's CLI. Each makes one zip from scratch and returns its measurement; a failure throws one sentence.
import { createHash } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Sample } from './report.js'
import { timed } from './measure.js'
import { PIP_PLATFORM, PYTHON_VERSION, RUNTIME, UV_PLATFORM, type Workload } from './workloads.js'

export interface Built {
  sample: Sample
  zipBytes: number
}

/** The AWS recipe's install: https://docs.aws.amazon.com/lambda/latest/dg/python-package.html (native dependencies). */
export function pipRecipeInstall(target: string, requirementsFile: string, extra: string[] = []): string[] {
  return ['python3', '-m', 'pip', 'install', '--platform', PIP_PLATFORM, '--implementation', 'cp', '--python-version', PYTHON_VERSION, '--only-binary=:all:', ...extra, '--target', target, '-r', requirementsFile]
}

/** uv's guide (docs/guides/integration/aws-lambda.md, "Deploying a zip archive"), for the bench's target. */
export function uvRecipeInstall(uv: string, target: string, requirementsFile: string): string[] {
  return [uv, 'pip', 'install', '--no-installer-metadata', '--no-compile-bytecode', '--python-platform', UV_PLATFORM, '--python-version', PYTHON_VERSION, '--only-binary', ':all:', '--target', target, '-r', requirementsFile]
}

/**
 * Both recipes end as both guides say: `cd packages && zip -r ../package.zip .`, then the app added with
 * `zip -r package.zip app`. One shell script, so time, CPU and RSS cover the whole recipe.
 */
function recipe(w: Workload, scratch: string, install: (target: string) => string[]): Built {
  const runDir = mkdtempSync(path.join(scratch, 'recipe-'))
  try {
    const packages = path.join(runDir, 'packages')
    const zip = path.join(runDir, 'package.zip')
    const script = 'set -e; zip="$1"; packages="$2"; shift 2; "$@" >/dev/null 2>"$zip.log" || { cat "$zip.log" >&2; exit 1; }; cd "$packages"; zip -r -q "$zip" .; cd "$APP"; zip -r -q "$zip" $FILES'
    const sample = timed('sh', ['-c', script, 'sh', zip, packages, ...install(packages)], { env: { ...process.env, APP: w.appDir, FILES: w.appFiles.join(' ') } })
    return { sample, zipBytes: statSync(zip).size }
  } finally {
    rmSync(runDir, { recursive: true, force: true })
  }
}

export const pipRecipe = (w: Workload, scratch: string): Built => recipe(w, scratch, dir => pipRecipeInstall(dir, w.requirementsFile))
export const uvRecipe = (w: Workload, scratch: string, uv: string): Built => recipe(w, scratch, dir => uvRecipeInstall(uv, dir, w.requirementsFile))

/**
 * A SAM project for the workload (set-up): template.yaml with one function whose CodeUri holds the app and a
 * requirements.txt. `method` "pip" is sam's default python_pip workflow; "uv" is its python-uv build method
 * (a beta: SAM_CLI_BETA_PYTHON_UV=1).
 */
export function samProject(w: Workload, scratch: string, method: 'pip' | 'uv'): string {
  const dir = path.join(scratch, `sam-${method}`)
  const code = path.join(dir, 'src')
  mkdirSync(code, { recursive: true })
  for (const file of w.appFiles) cpSync(path.join(w.appDir, file), path.join(code, file), { recursive: true })
  cpSync(w.requirementsFile, path.join(code, 'requirements.txt'))
  const metadata = method === 'uv' ? ['    Metadata:', '      BuildMethod: python-uv'] : []
  writeFileSync(path.join(dir, 'template.yaml'), [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      CodeUri: src/',
    `      Handler: ${w.handler}`,
    `      Runtime: ${RUNTIME}`,
    '      Architectures: [x86_64]',
    ...metadata,
    ''
  ].join('\n'))
  return dir
}

/**
 * `sam build` into a fresh build folder (no Docker: sam runs pip or uv on this machine for the runtime's
 * Python), then `zip -r` of the function's folder, which `sam deploy` would do on upload.
 */
export function samBuild(sam: string, project: string, scratch: string, method: 'pip' | 'uv'): Built {
  const runDir = mkdtempSync(path.join(scratch, 'sam-run-'))
  try {
    const build = path.join(runDir, 'build')
    const zip = path.join(runDir, 'package.zip')
    const script = 'set -e; sam="$1"; build="$2"; zip="$3"; shift 3; "$sam" build "$@" --template-file template.yaml --build-dir "$build" >/dev/null 2>"$zip.log" || { tail -5 "$zip.log" >&2; exit 1; }; cd "$build/Fn"; zip -r -q "$zip" .'
    const env = { ...process.env, SAM_CLI_TELEMETRY: '0', ...(method === 'uv' ? { SAM_CLI_BETA_PYTHON_UV: '1' } : {}) }
    const sample = timed('sh', ['-c', script, 'sh', sam, build, zip, ...(method === 'uv' ? ['--beta-features'] : [])], { cwd: project, env })
    return { sample, zipBytes: statSync(zip).size }
  } finally {
    rmSync(runDir, { recursive: true, force: true })
  }
}

/** What `spindrift package --json` printed (the fields the bench reads). */
export interface CliResult {
  path: string
  size: number
  cacheHit: boolean
}

/** One spindrift CLI run with SPINDRIFT_CACHE_DIR = cacheDir; it must hit (or miss) the dependency cache as expected. */
export function spindrift(cli: string, w: Workload, cacheDir: string, output: string, expectHit: boolean, extraArgs: string[] = []): Built & { digest: string } {
  const sample = timed(process.execPath, [cli, ...w.cliArgs(output), ...extraArgs], { cwd: w.appDir, env: { ...process.env, SPINDRIFT_CACHE_DIR: cacheDir } })
  const result = JSON.parse(sample.stdout) as CliResult
  if (result.cacheHit !== expectHit) throw new Error(`expected the dependency cache to ${expectHit ? 'hit' : 'miss'}, it did not`)
  const digest = createHash('sha256').update(readFileSync(output)).digest('hex')
  return { sample, zipBytes: result.size, digest }
}

/** A cold spindrift build: an empty cache folder each run, removed afterwards. */
export function spindriftCold(cli: string, w: Workload, scratch: string, extraArgs: string[] = []): Built & { digest: string; zip: string } {
  const cacheDir = mkdtempSync(path.join(scratch, 'cold-cache-'))
  const zip = path.join(scratch, 'cold.zip')
  try {
    return { ...spindrift(cli, w, cacheDir, zip, false, extraArgs), zip }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true })
  }
}

/** A warm spindrift build: the cache is filled, and one app file changed since the last build. */
export function spindriftWarm(cli: string, w: Workload, cacheDir: string, scratch: string, edit: number): Built & { digest: string } {
  writeFileSync(w.editedFile, `${readFileSync(w.editedFile, 'utf8')}# bench edit ${edit}\n`)
  const zip = path.join(scratch, 'warm.zip')
  const built = spindrift(cli, w, cacheDir, zip, true)
  rmSync(zip, { force: true })
  return built
}

