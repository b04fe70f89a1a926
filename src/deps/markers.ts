import { runProcess } from '../common/subprocess.js'
import type { ZipSource } from '../zip/archive.js'
import { SpindriftError } from '../common/errors.js'
import type { Target } from '../config/plan.js'
import type { Interpreter } from '../python/interpreter.js'
import { WHEEL_ARCH } from '../config/runtimes.js'

/**
 * pip evaluates environment markers for the interpreter running it, not for --python-version/--platform.
 * When that interpreter is not the target's, every marker met while resolving is evaluated for both: if none
 * decides differently, the installed set is the one Lambda would get; otherwise the build stops.
 */
export function interpreterMatches(target: Target, python: Interpreter): boolean {
  return python.minor === target.runtime.pythonVersion && python.machine === WHEEL_ARCH[target.architecture]
}

/** Every requirement string pip saw: the top-level ones and each installed distribution's Requires-Dist. */
export function requirementsSeen(topLevel: string[], installed: ZipSource[]): string[] {
  const lines = [...topLevel]
  for (const file of installed) {
    if (!/^[^/]+\.dist-info\/METADATA$/.test(file.name)) continue
    for (const line of file.data.toString('utf8').split(/\r?\n/)) {
      if (line === '') break // the headers end at the first blank line; the description follows
      if (line.startsWith('Requires-Dist:')) lines.push(line.slice('Requires-Dist:'.length).trim())
    }
  }
  return [...new Set(lines)]
}

// Evaluates each requirement's marker for this interpreter and for the Lambda target, with pip's own
// vendored `packaging`. python_full_version is tried at the first and a late patch release of the target:
// a marker that depends on the patch level cannot be decided ahead of time.
const EVALUATE = `
import json, sys
from pip._vendor.packaging.markers import default_environment
from pip._vendor.packaging.requirements import Requirement, InvalidRequirement
target = json.loads(sys.argv[1])
here = default_environment()
differs = []
for line in json.load(sys.stdin):
    text = line.split(" --", 1)[0].strip()
    if ";" not in text or text.startswith("-"):
        continue
    try:
        marker = Requirement(text).marker
    except InvalidRequirement:
        differs.append([line, "cannot be parsed"])
        continue
    if marker is None:
        continue
    mine = marker.evaluate({**here, "extra": ""})
    theirs = {marker.evaluate({**here, **target, "python_full_version": target["python_version"] + patch, "extra": ""}) for patch in (".0", ".99")}
    if theirs != {mine}:
        differs.append([line, "true" if mine else "false"])
print(json.dumps(differs))
`

export async function checkMarkers(target: Target, python: Interpreter, requirements: string[]): Promise<void> {
  const environment = {
    python_version: target.runtime.pythonVersion,
    platform_machine: WHEEL_ARCH[target.architecture],
    sys_platform: 'linux',
    platform_system: 'Linux',
    os_name: 'posix',
    implementation_name: 'cpython',
    platform_python_implementation: 'CPython'
  }
  const run = await runProcess(python.command, ['-c', EVALUATE, JSON.stringify(environment)], {
    input: Buffer.from(JSON.stringify(requirements)),
    env: python.env,
    step: 'the dependency marker check'
  })
  let differs: [string, string][]
  try {
    differs = JSON.parse(run.stdout.trim().split('\n').pop() ?? '')
  } catch {
    throw new SpindriftError(`Could not check dependency markers for ${target.runtime.name} with ${python.command} (${run.stderr.trim().split('\n').pop()}); run spindrift with Python ${target.runtime.pythonVersion} on ${WHEEL_ARCH[target.architecture]}.`)
  }
  if (differs.length === 0) return
  const shown = differs.slice(0, 3).map(([line]) => `"${line}"`).join(', ')
  throw new SpindriftError(
    `pip ran on Python ${python.minor} (${python.machine}) but the target is ${target.runtime.name} on ${target.architecture}, and ${differs.length === 1 ? 'a dependency marker decides' : `${differs.length} dependency markers decide`} differently there (${shown}), so the installed set would not be Lambda's; run spindrift with Python ${target.runtime.pythonVersion}${python.machine !== WHEEL_ARCH[target.architecture] ? ` on ${WHEEL_ARCH[target.architecture]}` : ''} (for example actions/setup-python), or set package.installer to uv.`
  )
}
