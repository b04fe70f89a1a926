import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ZipSource } from '../zip/archive.js'
import type { AppOptions } from '../config/plan.js'
import { appKind } from '../config/kinds.js'

/** Lambda's handler setting for every zip spindrift writes. */
export const HANDLER = 'index.handler'

/** How shim/index.py begins: recognises zips spindrift wrote. */
export const SHIM_SIGNATURE = '"""spindrift handler shim'

/** shim/index.py sits beside src/ and dist/: found from src/app/ (tests, scripts) and from dist/ (the bundles). */
function templatePath(): string {
  for (const relative of ['../shim/index.py', '../../shim/index.py']) {
    const file = fileURLToPath(new URL(relative, import.meta.url))
    if (existsSync(file)) return file
  }
  throw new Error('shim/index.py is missing beside the spindrift code: reinstall spindrift')
}

/**
 * index.py for the app: the fixed shim with its one `_CONFIG = …` line replaced by the parsed entry, as
 * JSON inside a Python string literal. User text never becomes code.
 */
export function renderShim(app: AppOptions, template = readFileSync(templatePath(), 'utf8')): ZipSource {
  const config = appKind(app.type).shimConfig(app)
  // JSON.stringify of a string is a valid Python string literal (only \" \\ \n \uXXXX-style escapes).
  const line = `_CONFIG = json.loads(${JSON.stringify(JSON.stringify(config))})`
  const lines = template.split('\n')
  const index = lines.findIndex(l => l.startsWith('_CONFIG = '))
  if (index < 0 || lines.findIndex((l, i) => i > index && l.startsWith('_CONFIG = ')) >= 0) {
    throw new Error('shim/index.py must contain exactly one line starting with "_CONFIG = "')
  }
  lines[index] = line
  return { name: 'index.py', data: Buffer.from(lines.join('\n'), 'utf8') }
}
