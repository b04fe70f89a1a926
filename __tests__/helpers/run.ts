// Shared test helpers: run the real faces (the built CLI bundle), make temp folders, open and run zips.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { after } from 'node:test'
import AdmZip from 'adm-zip'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const CLI = path.join(ROOT, 'dist', 'cli.js')
export const SHARED_EVENTS = path.resolve(ROOT, '..', 'shared', 'events')

/** A fresh temp folder, removed when the test file ends. */
export function tempDir(label = 'spindrift-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), label))
  after(() => removeTree(dir))
  return dir
}

/** rm -r, also of the read-only folders spindrift invoke's extraction cache makes (a non-root user needs their write bit back). */
function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true })
  } catch {
    execFileSync('chmod', ['-R', 'u+w', dir])
    rmSync(dir, { recursive: true, force: true })
  }
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** Run `node dist/cli.js …` with a private cache folder unless the env names one. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, SPINDRIFT_CACHE_DIR: path.join(os.tmpdir(), 'spindrift-test-unused-cache'), ...options.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  })
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}

/**
 * `node dist/cli.js …` without blocking, in this process's folder, with `env` over this process's: for tests whose
 * index is served by this process, which must keep answering meanwhile. No cache folder is added.
 */
export function runCliAsync(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('close', code => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/** Write files (path → text) under dir. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
}

export function copyTree(from: string, to: string): void {
  cpSync(from, to, { recursive: true })
}

export function zipNames(zipPath: string): string[] {
  return new AdmZip(zipPath).getEntries().map(e => e.entryName)
}

export function zipBytes(zipPath: string, name: string): Buffer | undefined {
  return new AdmZip(zipPath).getEntry(name)?.getData()
}

export function zipText(zipPath: string, name: string): string | undefined {
  const entry = new AdmZip(zipPath).getEntry(name)
  return entry ? entry.getData().toString('utf8') : undefined
}

/** Extract a zip into a new folder. */
export function extract(zipPath: string): string {
  const dir = tempDir('spindrift-extract-')
  new AdmZip(zipPath).extractAllTo(dir, true)
  return dir
}

/**
 * Import index.py from an extracted zip in a Python started with no site-packages (-S -E) and the folder
 * first on sys.path, as Lambda does, then call index.handler(event, None) and return its JSON result.
 */
export function invokeExtracted(dir: string, event: unknown, python = 'python3'): unknown {
  const script = [
    'import json, sys',
    `sys.path.insert(0, ${JSON.stringify(dir)})`,
    'import index',
    'event = json.loads(sys.stdin.read())',
    'print(json.dumps(index.handler(event, None)))'
  ].join('\n')
  const out = execFileSync(python, ['-S', '-E', '-c', script], { input: JSON.stringify(event), encoding: 'utf8', cwd: dir })
  return JSON.parse(out.trim().split('\n').pop() as string)
}

export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort()
}

/**
 * An interpreter wrapper that fails if pip is asked to install or build anything: proves a run was a cache hit.
 * A dry run (resolving an unpinned set for its cache key) installs nothing and is let through.
 */
export function pythonThatRefusesPip(): string {
  const file = path.join(tempDir(), 'python-without-pip-runs')
  writeFileSync(file, '#!/bin/sh\ncase " $* " in *" --dry-run "*) exec python3 "$@";; esac\nfor a in "$@"; do case "$a" in install|wheel) echo "pip $a ran on a cache hit" >&2; exit 99;; *build_wheel*) echo "a wheel build ran on a cache hit" >&2; exit 99;; esac; done\nexec python3 "$@"\n', { mode: 0o755 })
  return file
}
