// The `spindrift check` command line: without installing anything, for each runtime × architecture, the
// wheel each locked version would install, or the newest version that would fit. Exit 1 when one does not fit.
import { parseArgs } from 'node:util'
import { reportFailure, SpindriftError, quote } from '../common/errors.js'
import { configure } from '../config/configure.js'
import { ARCHITECTURES, findRuntime, type Architecture } from '../config/runtimes.js'
import { checkLock, type CheckReport } from '../pipeline.js'
import { helpWidth, parserOptions, renderCommandHelp, type CommandSpec, type FlagSpec } from './help.js'

const CHECK_FLAGS: readonly FlagSpec[] = [
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
]

/** `spindrift check`, as the CLI's command table lists it. */
export const CHECK_COMMAND: CommandSpec = {
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
}

const FLAGS = parserOptions(CHECK_FLAGS)

interface CheckValues {
  target?: string[]
  'package-path'?: string
  'package-runtime'?: string
  'package-architecture'?: string
  'package-lock'?: string
  'package-groups'?: string[]
  'package-extras'?: string[]
  'package-member'?: string
  'package-index-url'?: string
  file?: string
  json?: boolean
  help?: boolean
}

/** `spindrift check …` (argv after "check"); returns the exit code. */
export async function checkCommand(argv: string[]): Promise<number> {
  let values
  try {
    values = parseArgs({ args: argv, options: FLAGS, allowPositionals: false, strict: true }).values as CheckValues
  } catch (error) {
    process.stderr.write(`spindrift: ${(error as Error).message.split('\n')[0]}; run "spindrift check --help".\n`)
    return 2
  }
  if (values.help) {
    process.stdout.write(renderCommandHelp(CHECK_COMMAND, helpWidth()))
    return 0
  }
  try {
    const targets = (values.target ?? []).map(parseTarget)
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
    })
    const report = await checkLock({ ...plan, targets: targets.length ? targets : [{ runtime: plan.runtime, architecture: plan.architecture }] })
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report))
    return report.ok ? 0 : 1
  } catch (error) {
    return reportFailure(error)
  }
}

function parseTarget(text: string): { runtime: ReturnType<typeof findRuntime>; architecture: Architecture } {
  const [runtime, architecture = 'x86_64'] = text.split(':')
  if (!ARCHITECTURES.includes(architecture as Architecture)) {
    throw new SpindriftError(`--target ${text} names the architecture ${quote(architecture)}; write it as RUNTIME or RUNTIME:ARCH with ARCH x86_64 or arm64 (for example python3.12:arm64).`)
  }
  return { runtime: findRuntime(runtime), architecture: architecture as Architecture }
}

function describe(report: CheckReport): string {
  const lines = [`Checked ${report.lock}`]
  for (const line of report.lines) {
    const head = `${line.target}  ${line.name} ${line.version}: `
    if (line.fits) lines.push(head + (line.wheel ? `${line.wheel} (${line.tag})${line.reason ? `: ${line.reason}` : ''}` : line.reason ?? 'fits'))
    else lines.push(`${head}DOES NOT FIT: ${line.reason}; ${line.newestFitting ? `the newest version that fits is ${line.newestFitting}` : 'no version on the index fits'}`)
  }
  const bad = report.lines.filter(l => !l.fits).length
  lines.push(bad ? `${bad} locked ${bad === 1 ? 'version does' : 'versions do'} not fit: relock with versions that publish wheels for these targets.` : 'Every locked version has a wheel for every target.')
  return lines.join('\n') + '\n'
}
