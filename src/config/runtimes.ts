import { SpindriftError, closest, quote } from '../common/errors.js'

/** Lambda's Python runtimes: the one table every other module reads. */
export interface Runtime {
  name: string
  /** The CPython version the runtime runs, "3.12". */
  pythonVersion: string
  amazonLinux: 'AL2' | 'AL2023'
  /** Highest glibc symbol version the runtime's libc provides, [major, minor]. */
  glibc: readonly [number, number]
  /** Set when AWS has deprecated the runtime: the date, and the build still goes ahead with a warning. */
  deprecated?: string
  /** Distributions the runtime itself ships (the AWS SDK and what it needs): `package.skip-runtime-provided` leaves them out. */
  provides: readonly string[]
}

/** What every Lambda Python runtime ships besides the standard library. */
const AWS_SDK = ['boto3', 'botocore', 's3transfer', 'jmespath', 'python-dateutil', 'six', 'urllib3']

/** The table, its names kept as literal types for `RuntimeName`. */
const RUNTIME_TABLE = [
  { name: 'python3.9', pythonVersion: '3.9', amazonLinux: 'AL2', glibc: [2, 26], deprecated: '2025-12-15', provides: AWS_SDK },
  { name: 'python3.10', pythonVersion: '3.10', amazonLinux: 'AL2', glibc: [2, 26], provides: AWS_SDK },
  { name: 'python3.11', pythonVersion: '3.11', amazonLinux: 'AL2', glibc: [2, 26], provides: AWS_SDK },
  { name: 'python3.12', pythonVersion: '3.12', amazonLinux: 'AL2023', glibc: [2, 34], provides: AWS_SDK },
  { name: 'python3.13', pythonVersion: '3.13', amazonLinux: 'AL2023', glibc: [2, 34], provides: AWS_SDK },
  { name: 'python3.14', pythonVersion: '3.14', amazonLinux: 'AL2023', glibc: [2, 34], provides: AWS_SDK }
] as const satisfies readonly Runtime[]

export const RUNTIMES: readonly Runtime[] = RUNTIME_TABLE

/** A runtime spindrift packages for (the library's `runtime` option): current and deprecated ones, not retired. */
export type RuntimeName = (typeof RUNTIME_TABLE)[number]['name']

/** Runtimes Lambda no longer runs: naming one is an error, not a warning. */
const RETIRED = ['python2.7', 'python3.6', 'python3.7', 'python3.8']

export type Architecture = 'x86_64' | 'arm64'
export const ARCHITECTURES: readonly Architecture[] = ['x86_64', 'arm64']

/** The machine name in wheel tags and `platform.machine()` for each Lambda architecture. */
export const WHEEL_ARCH: Record<Architecture, string> = { x86_64: 'x86_64', arm64: 'aarch64' }

export function currentRuntimeNames(): string[] {
  return RUNTIMES.filter(r => !r.deprecated).map(r => r.name)
}

export function findRuntime(name: string): Runtime {
  const runtime = RUNTIMES.find(r => r.name === name)
  if (runtime) return runtime
  const current = currentRuntimeNames().join(', ')
  if (RETIRED.includes(name)) {
    throw new SpindriftError(
      `package.runtime ${quote(name)} is retired: AWS Lambda no longer runs it; choose one of the current runtimes: ${current}.`
    )
  }
  const suggestion = RUNTIMES.find(r => r.name === `python${name}`)?.name ?? closest(name, RUNTIMES.map(r => r.name))
  const hint = suggestion ? `did you mean "${suggestion}"? The current runtimes are ${current}.` : `choose one of: ${current}.`
  throw new SpindriftError(`package.runtime ${quote(name)} is not an AWS Lambda Python runtime; ${hint}`)
}

/**
 * Every platform tag pip must be given for the target: pip's --platform is an exact match, so a single
 * manylinux2014 tag would miss wheels published only as manylinux_2_28. Newest first, as pip prefers them.
 */
export function platformTags(runtime: Runtime, architecture: Architecture): string[] {
  const arch = WHEEL_ARCH[architecture]
  const [major, ceiling] = runtime.glibc
  const tags: string[] = []
  for (let minor = ceiling; minor >= MANYLINUX_FLOOR[architecture]; minor--) tags.push(`manylinux_${major}_${minor}_${arch}`)
  // Legacy aliases of glibc 2.17 / 2.12 / 2.5: older wheels carry only these names.
  tags.push(`manylinux2014_${arch}`)
  if (architecture === 'x86_64') tags.push(`manylinux2010_${arch}`, `manylinux1_${arch}`)
  return tags
}

/** Oldest glibc a manylinux wheel exists for: manylinux1 (2.5) on x86_64, manylinux2014 (2.17) on aarch64. */
const MANYLINUX_FLOOR: Record<Architecture, number> = { x86_64: 5, arm64: 17 }

/** "manylinux_2_5…2_26_x86_64 (and the legacy manylinux names)": the tag list in one readable phrase. */
export function describeTags(runtime: Runtime, architecture: Architecture): string {
  const arch = WHEEL_ARCH[architecture]
  const [major, ceiling] = runtime.glibc
  const floor = MANYLINUX_FLOOR[architecture]
  return `manylinux_${major}_${floor}…${major}_${ceiling}_${arch} (and the legacy manylinux names)`
}
