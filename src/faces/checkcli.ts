// The `spindrift check` command line: without installing anything, for each runtime × architecture, the
// wheel each locked version would install, or the newest version that would fit. Exit 1 when one does not fit.
import { parseArgs } from 'node:util'
import { reportFailure, SpindriftError } from '../common/errors.js'
import { configure } from '../config/configure.js'
import { ARCHITECTURES, findRuntime, type Architecture } from '../config/runtimes.js'
import { checkLock, type CheckReport } from '../pipeline.js'

export const CHECK_USAGE = `Usage: spindrift check [--target python3.12[:arm64] …] [options]

Reads the project's lock (or requirements pinned with --hash) and the package index, and reports for every
locked version the wheel that would be installed on each target, or, when none fits, the newest version
that would. Installs nothing. Exit 0 when everything fits, 1 when something does not, 2 for a bad command line.

Options:
  --target RUNTIME[:ARCH]        A Lambda runtime and architecture to check (repeat; default: package.runtime
                                 and package.architecture from settings.spindrift or the flags below).
  --package-path PATH            The project folder (default: the settings file's folder, else the current one).
  --package-runtime RUNTIME      The default target's runtime.
  --package-architecture ARCH    The default target's architecture (x86_64 or arm64).
  --package-lock PATH            The lock to read (default: found as "spindrift package" finds it).
  --package-groups NAME          A dependency group to include (repeat).
  --package-extras NAME          An extra to include (repeat).
  --package-index-url URL        The index (default: PyPI); PEP 691 JSON or simple HTML.
  -f, --file PATH                Settings file to read (default: settings.spindrift).
  --json                         Print the report as JSON on stdout.
  -h, --help                     Show this help.
`

const FLAGS = {
  target: { type: 'string' as const, multiple: true as const },
  'package-path': { type: 'string' as const },
  'package-runtime': { type: 'string' as const },
  'package-architecture': { type: 'string' as const },
  'package-lock': { type: 'string' as const },
  'package-groups': { type: 'string' as const, multiple: true as const },
  'package-extras': { type: 'string' as const, multiple: true as const },
  'package-index-url': { type: 'string' as const },
  file: { type: 'string' as const, short: 'f' },
  json: { type: 'boolean' as const },
  help: { type: 'boolean' as const, short: 'h' }
}

/** `spindrift check …` (argv after "check"); returns the exit code. */
export async function checkCommand(argv: string[]): Promise<number> {
  let values
  try {
    values = parseArgs({ args: argv, options: FLAGS, allowPositionals: false, strict: true }).values
  } catch (error) {
    process.stderr.write(`spindrift: ${(error as Error).message.split('\n')[0]}; run "spindrift check --help".\n`)
    return 2
  }
  if (values.help) {
    process.stdout.write(CHECK_USAGE)
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
    throw new SpindriftError(`--target ${text} names the architecture "${architecture}"; write it as RUNTIME or RUNTIME:ARCH with ARCH x86_64 or arm64 (for example python3.12:arm64).`)
  }
  return { runtime: findRuntime(runtime), architecture: architecture as Architecture }
}

function describe(report: CheckReport): string {
  const lines = [`Checked ${report.lock}`]
  for (const line of report.lines) {
    const head = `${line.target}  ${line.name} ${line.version}: `
    if (line.fits) lines.push(head + (line.wheel ? `${line.wheel} (${line.tag})` : line.reason ?? 'fits'))
    else lines.push(`${head}DOES NOT FIT: ${line.reason}; ${line.newestFitting ? `the newest version that fits is ${line.newestFitting}` : 'no version on the index fits'}`)
  }
  const bad = report.lines.filter(l => !l.fits).length
  lines.push(bad ? `${bad} locked ${bad === 1 ? 'version does' : 'versions do'} not fit: relock with versions that publish wheels for these targets.` : 'Every locked version has a wheel for every target.')
  return lines.join('\n') + '\n'
}
