import { SpindriftError, quote } from '../common/errors.js'

/** A parsed `package.entry`: the module to import, the attribute to take from it, and whether it is an app factory. */
export interface Entry {
  module: string
  attribute: string
  /** `create_app()`: the attribute is called once at init, with no arguments, and its result is the app. */
  call?: true
}

const ACCEPTED_FORMS = '"from yourapp.main import app", "from yourapp.main import app as application" or "yourapp.main:app"'
const FACTORY_FORMS = ', or for an app factory "yourapp:create_app()" or "from yourapp import create_app()"'

const PYTHON_KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield').split(' ')
)

const FROM_IMPORT = /^from\s+(\S+)\s+import\s+(\S+?)(\(\))?(?:\s+as\s+(\S+))?$/
const COLON_FORM = /^([^:\s]+):([^:\s]+?)(\(\))?$/
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u

/**
 * Parse the seed's entry string. The result only ever holds validated identifiers: the shim is generated
 * from these parts, never from the user's text. A factory call is only the empty `()` after the name (no
 * arguments, so no code), and only where `factories` allows it.
 */
export function parseEntry(text: string, setting = 'package.entry', factories = true): Entry {
  const trimmed = text.trim()
  const match = FROM_IMPORT.exec(trimmed) ?? COLON_FORM.exec(trimmed)
  if (!match) throw badEntry(text, setting, 'it is not in an accepted form', factories)
  const [, module, attribute, call] = match
  if (call && !factories) throw badEntry(text, setting, 'it calls a factory, and only package.entry can', factories)
  if (call && match[4] !== undefined) throw badEntry(text, setting, 'an app factory\'s call cannot be renamed with "as"', factories)
  for (const part of module.split('.')) {
    const problem = identifierProblem(part)
    if (problem) throw badEntry(text, setting, `module ${quote(module)} ${problem}`, factories)
  }
  const problem = identifierProblem(attribute)
  if (problem) throw badEntry(text, setting, `${quote(attribute)} ${problem}`, factories)
  // An `as` alias names nothing the shim needs, but it must still be a valid name.
  const alias = match[4]
  const aliasProblem = alias === undefined ? undefined : identifierProblem(alias)
  if (aliasProblem) throw badEntry(text, setting, `alias ${quote(alias)} ${aliasProblem}`, factories)
  return call ? { module, attribute, call: true } : { module, attribute }
}

function identifierProblem(name: string): string | undefined {
  if (!IDENTIFIER.test(name)) return 'is not a valid Python name'
  if (PYTHON_KEYWORDS.has(name)) return 'is a Python keyword'
  if (name.startsWith('__') && name.endsWith('__')) return 'is a reserved dunder name'
  return undefined
}

function badEntry(text: string, setting: string, why: string, factories: boolean): SpindriftError {
  const shown = JSON.stringify(text.length > 80 ? text.slice(0, 80) + '…' : text)
  return new SpindriftError(`${setting} ${shown} cannot be used because ${why}; write it as ${ACCEPTED_FORMS}${factories ? FACTORY_FORMS : ''}.`)
}
