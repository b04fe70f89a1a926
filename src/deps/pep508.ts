/**
 * PEP 440 versions and specifiers and PEP 508 environment markers, evaluated for the Lambda target in
 * TypeScript: a lock's markers must be decided for the runtime's Python and architecture, never for the
 * machine that runs the build, and without spawning an interpreter (a warm locked build spawns none).
 */
import { SpindriftError, quote } from '../common/errors.js'
import { canonicalName } from '../common/names.js'
import type { Target } from '../config/plan.js'
import { WHEEL_ARCH } from '../config/runtimes.js'

interface Version {
  epoch: number
  release: number[]
  /** [kind, n]: a=0, b=1, rc=2; undefined for a final release. */
  pre?: [number, number]
  post?: number
  dev?: number
}

const VERSION = /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?(?:(?:-(\d+))|(?:[-_.]?(?:post|rev|r)[-_.]?(\d*)))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i
const PRE_KIND: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 }

export function parseVersion(text: string): Version | undefined {
  const m = VERSION.exec(text.trim())
  if (!m) return undefined
  return {
    epoch: Number(m[1] ?? 0),
    release: m[2].split('.').map(Number),
    pre: m[3] ? [PRE_KIND[m[3].toLowerCase()], Number(m[4] || 0)] : undefined,
    post: m[5] !== undefined ? Number(m[5]) : m[6] !== undefined ? Number(m[6] || 0) : undefined,
    dev: m[7] !== undefined ? Number(m[7] || 0) : undefined
  }
}

/** Negative, zero or positive, as a sorts before, with or after b (PEP 440 ordering, local labels ignored). */
export function compareVersions(a: Version, b: Version): number {
  if (a.epoch !== b.epoch) return a.epoch - b.epoch
  const length = Math.max(a.release.length, b.release.length)
  for (let i = 0; i < length; i++) {
    const d = (a.release[i] ?? 0) - (b.release[i] ?? 0)
    if (d) return d
  }
  // A dev release of a final version sorts before its pre-releases; a final release after them.
  const preKey = (v: Version): number[] => (v.pre ? v.pre : v.dev !== undefined && v.post === undefined ? [-1, 0] : [9, 0])
  const [pa, pb] = [preKey(a), preKey(b)]
  if (pa[0] !== pb[0]) return pa[0] - pb[0]
  if (pa[1] !== pb[1]) return pa[1] - pb[1]
  const post = (a.post ?? -1) - (b.post ?? -1)
  if (post) return post
  return (a.dev ?? Infinity) - (b.dev ?? Infinity) || 0
}

/** Are these the same version (PEP 440: 1.0 is 1.0.0)? Texts that do not parse are compared as they are. */
export function sameVersion(a: string, b: string): boolean {
  const [va, vb] = [parseVersion(a), parseVersion(b)]
  return va && vb ? compareVersions(va, vb) === 0 : a === b
}

/** Does the version satisfy every clause of a specifier such as ">=3.10,<4" or "==2.*"? undefined: cannot tell. */
export function satisfies(versionText: string, specifier: string): boolean | undefined {
  const version = parseVersion(versionText)
  if (!version) return undefined
  for (const raw of specifier.split(',').map(s => s.trim()).filter(Boolean)) {
    const m = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/.exec(raw)
    if (!m) return undefined
    const [, op, text] = m
    if (op === '===') {
      if (text !== versionText) return false
      continue
    }
    if ((op === '==' || op === '!=') && text.endsWith('.*')) {
      const prefix = parseVersion(text.slice(0, -2))
      if (!prefix) return undefined
      const matches = prefix.epoch === version.epoch && prefix.release.every((n, i) => (version.release[i] ?? 0) === n)
      if (matches !== (op === '==')) return false
      continue
    }
    const other = parseVersion(text)
    if (!other) return undefined
    const c = compareVersions(version, other)
    const ok =
      op === '==' ? c === 0 :
      op === '!=' ? c !== 0 :
      op === '<=' ? c <= 0 :
      op === '>=' ? c >= 0 :
      op === '<' ? c < 0 :
      op === '>' ? c > 0 :
      // ~=X.Y.Z: >= X.Y.Z and == X.Y.*
      c >= 0 && other.release.length > 1 && other.release.slice(0, -1).every((n, i) => (version.release[i] ?? 0) === n)
    if (!ok) return false
  }
  return true
}

/** The values markers are evaluated with; `extras` and `dependency_groups` are PEP 751's set-valued ones. */
export interface MarkerEnvironment {
  values: Record<string, string>
  extras: Set<string>
  groups: Set<string>
}

const VERSION_VARIABLES = new Set(['python_version', 'python_full_version', 'implementation_version'])

/** The marker environment of a Lambda runtime on its architecture, at one patch release of its Python. */
export function targetEnvironment(target: Pick<Target, 'runtime' | 'architecture'>, patch: number, extras: Iterable<string> = [], groups: Iterable<string> = []): MarkerEnvironment {
  const full = `${target.runtime.pythonVersion}.${patch}`
  return {
    values: {
      python_version: target.runtime.pythonVersion,
      python_full_version: full,
      implementation_version: full,
      implementation_name: 'cpython',
      platform_python_implementation: 'CPython',
      platform_machine: WHEEL_ARCH[target.architecture],
      sys_platform: 'linux',
      platform_system: 'Linux',
      os_name: 'posix',
      platform_release: '',
      platform_version: '',
      extra: ''
    },
    extras: new Set([...extras].map(canonicalName)),
    groups: new Set([...groups].map(canonicalName))
  }
}

type Token = { kind: 'str' | 'var' | 'op' | 'open' | 'close' | 'and' | 'or'; text: string }

function tokenize(marker: string): Token[] {
  const tokens: Token[] = []
  const pattern = /\s*(?:"([^"]*)"|'([^']*)'|(\()|(\))|(not\s+in\b|in\b|and\b|or\b)|(<=|>=|==|!=|~=|===|<|>)|([A-Za-z_][A-Za-z0-9_.]*))/y
  let at = 0
  while (at < marker.length) {
    if (/^\s*$/.test(marker.slice(at))) break
    pattern.lastIndex = at
    const m = pattern.exec(marker)
    if (!m) throw new Error(`unexpected text at "${marker.slice(at)}"`)
    at = pattern.lastIndex
    if (m[1] !== undefined || m[2] !== undefined) tokens.push({ kind: 'str', text: m[1] ?? m[2] })
    else if (m[3]) tokens.push({ kind: 'open', text: '(' })
    else if (m[4]) tokens.push({ kind: 'close', text: ')' })
    else if (m[5] === 'and' || m[5] === 'or') tokens.push({ kind: m[5], text: m[5] })
    else if (m[5]) tokens.push({ kind: 'op', text: m[5].replace(/\s+/, ' ') })
    else if (m[6]) tokens.push({ kind: 'op', text: m[6] })
    else tokens.push({ kind: 'var', text: m[7] })
  }
  return tokens
}

/** Evaluate a PEP 508 marker; throws a plain Error for a marker it cannot read (the caller words the sentence). */
export function evaluateMarker(marker: string, env: MarkerEnvironment): boolean {
  const tokens = tokenize(marker)
  let i = 0
  const expression = (): boolean => {
    let value = conjunction()
    while (tokens[i]?.kind === 'or') {
      i++
      const right = conjunction()
      value = value || right
    }
    return value
  }
  const conjunction = (): boolean => {
    let value = atom()
    while (tokens[i]?.kind === 'and') {
      i++
      const right = atom()
      value = value && right
    }
    return value
  }
  const atom = (): boolean => {
    if (tokens[i]?.kind === 'open') {
      i++
      const value = expression()
      if (tokens[i++]?.kind !== 'close') throw new Error('a parenthesis is not closed')
      return value
    }
    const left = tokens[i++]
    const op = tokens[i++]
    const right = tokens[i++]
    if (!left || !op || !right || op.kind !== 'op' || (left.kind !== 'str' && left.kind !== 'var') || (right.kind !== 'str' && right.kind !== 'var')) {
      throw new Error('expected "variable operator value"')
    }
    return compare(left, op.text, right, env)
  }
  const value = expression()
  if (i !== tokens.length) throw new Error(`unexpected "${tokens[i].text}"`)
  return value
}

function compare(left: Token, op: string, right: Token, env: MarkerEnvironment): boolean {
  // `"dev" in dependency_groups`, `"cli" in extras` (PEP 751) test membership of a set.
  const setOf = (t: Token) => (t.kind === 'var' && t.text === 'extras' ? env.extras : t.kind === 'var' && t.text === 'dependency_groups' ? env.groups : undefined)
  const set = setOf(right)
  if (set && (op === 'in' || op === 'not in') && left.kind === 'str') return set.has(canonicalName(left.text)) === (op === 'in')
  const valueOf = (t: Token): string => {
    if (t.kind === 'str') return t.text
    if (!(t.text in env.values)) throw new Error(`unknown marker variable ${t.text}`)
    return env.values[t.text]
  }
  let [a, b] = [valueOf(left), valueOf(right)]
  const variable = left.kind === 'var' ? left.text : right.kind === 'var' ? right.text : ''
  if (variable === 'extra') [a, b] = [canonicalName(a), canonicalName(b)]
  if (op === 'in') return b.includes(a)
  if (op === 'not in') return !b.includes(a)
  if (VERSION_VARIABLES.has(variable) && parseVersion(a) && (parseVersion(b) || b.endsWith('.*'))) {
    // The variable's value is the version; the other side is the specifier's version.
    const [version, bound] = left.kind === 'var' ? [a, b] : [b, a]
    const flipped = left.kind === 'var' ? op : ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[op] ?? op
    const result = satisfies(version, `${flipped}${bound}`)
    if (result !== undefined) return result
  }
  switch (op) {
    case '==': case '===': return a === b
    case '!=': return a !== b
    case '<': return a < b
    case '<=': return a <= b
    case '>': return a > b
    case '>=': return a >= b
    default: throw new Error(`operator ${op} needs versions`)
  }
}

/**
 * Does a marker hold on the target? Decided at the first and a late patch release of the runtime's Python;
 * a marker that depends on the patch level cannot be decided ahead of time, and a marker that cannot be read
 * is never guessed: both stop the build, naming where the marker is.
 */
export function holdsOnTarget(marker: string | undefined, target: Pick<Target, 'runtime' | 'architecture'>, where: string, extras: Iterable<string> = [], groups: Iterable<string> = [], extra: string[] = []): boolean {
  if (!marker || !marker.trim()) return true
  const extrasList = [...extras]
  const groupsList = [...groups]
  let answers: boolean[]
  try {
    // `extra == "x"` holds when the dependency came in through one of the extras being installed.
    const holds = (patch: number) =>
      (extra.length ? extra : ['']).some(value => {
        const env = targetEnvironment(target, patch, extrasList, groupsList)
        return evaluateMarker(marker, { ...env, values: { ...env.values, extra: value } })
      })
    answers = [0, 99].map(holds)
  } catch (error) {
    throw new SpindriftError(`${where} has the environment marker ${quote(marker)}, which spindrift cannot read (${(error as Error).message}); report it, or set package.lock to none to install without the lock.`)
  }
  if (answers[0] !== answers[1]) {
    throw new SpindriftError(`${where} has the environment marker ${quote(marker)}, which depends on the patch release of Python ${target.runtime.pythonVersion} that Lambda runs, so it cannot be decided ahead of time; relock with a marker on python_version.`)
  }
  return answers[0]
}

/** The parts of a PEP 508 requirement a lock is compared with; undefined for a line that is not one. */
export interface ParsedRequirement {
  name: string
  extras: string[]
  specifier: string
  url?: string
  marker?: string
}

export function parseRequirement(line: string): ParsedRequirement | undefined {
  const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/.exec(line)
  if (!m) return undefined
  let rest = m[3]
  let marker: string | undefined
  const semicolon = rest.indexOf(';')
  if (semicolon >= 0) {
    marker = rest.slice(semicolon + 1).trim()
    rest = rest.slice(0, semicolon)
  }
  rest = rest.trim()
  let url: string | undefined
  if (rest.startsWith('@')) {
    url = rest.slice(1).trim()
    rest = ''
  }
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1)
  const extras = (m[2] ?? '').split(',').map(e => e.trim()).filter(Boolean).map(canonicalName)
  return { name: canonicalName(m[1]), extras, specifier: normaliseSpecifier(rest), url, marker }
}

/** ">= 1.0, <2" → "<2,>=1.0": one spelling for comparing two specifiers. */
export function normaliseSpecifier(specifier: string): string {
  return specifier.split(',').map(s => s.replace(/\s+/g, '')).filter(Boolean).sort().join(',')
}
