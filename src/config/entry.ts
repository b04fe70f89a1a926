import { SpindriftError } from '../common/errors.js'

/** A parsed `package.entry`: the module to import and the attribute to take from it. */
export interface Entry {
  module: string
  attribute: string
}

const ACCEPTED_FORMS = '"from yourapp.main import app", "from yourapp.main import app as application" or "yourapp.main:app"'

const PYTHON_KEYWORDS = new Set(
  ('False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield').split(' ')
)

const FROM_IMPORT = /^from\s+(\S+)\s+import\s+(\S+)(?:\s+as\s+(\S+))?$/
const COLON_FORM = /^([^:\s]+):([^:\s]+)$/
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u

/**
 * Parse the seed's entry string. The result only ever holds validated identifiers: the shim is generated
 * from these parts, never from the user's text.
 */
export function parseEntry(text: string, setting = 'package.entry'): Entry {
  const trimmed = text.trim()
  const match = FROM_IMPORT.exec(trimmed) ?? COLON_FORM.exec(trimmed)
  if (!match) throw badEntry(text, setting, 'it is not in an accepted form')
  const [, module, attribute] = match
  for (const part of module.split('.')) {
    const problem = identifierProblem(part)
    if (problem) throw badEntry(text, setting, `module "${module}" ${problem}`)
  }
  const problem = identifierProblem(attribute)
  if (problem) throw badEntry(text, setting, `"${attribute}" ${problem}`)
  // An `as` alias names nothing the shim needs, but it must still be a valid name.
  const alias = match[3]
  const aliasProblem = alias === undefined ? undefined : identifierProblem(alias)
  if (aliasProblem) throw badEntry(text, setting, `alias "${alias}" ${aliasProblem}`)
  return { module, attribute }
}

function identifierProblem(name: string): string | undefined {
  if (!IDENTIFIER.test(name)) return 'is not a valid Python name'
  if (PYTHON_KEYWORDS.has(name)) return 'is a Python keyword'
  if (name.startsWith('__') && name.endsWith('__')) return 'is a reserved dunder name'
  return undefined
}

function badEntry(text: string, setting: string, why: string): SpindriftError {
  const shown = JSON.stringify(text.length > 80 ? text.slice(0, 80) + '…' : text)
  return new SpindriftError(`${setting} ${shown} cannot be used because ${why}; write it as ${ACCEPTED_FORMS}.`)
}
