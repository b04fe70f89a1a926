import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ZipSource } from './archive.js'
import type { Plan } from './plan.js'

/** Lambda's handler setting for every zip spindrift writes. */
export const HANDLER = 'index.handler'

/** How shim/index.py begins: recognises zips spindrift wrote. */
export const SHIM_SIGNATURE = '"""spindrift handler shim'

/** shim/index.py sits one folder above both src/ and dist/, so the same relative URL finds it from either. */
const TEMPLATE_URL = new URL('../shim/index.py', import.meta.url)

/**
 * index.py for the plan: the fixed shim with its one `_CONFIG = …` line replaced by the parsed entry, as
 * JSON inside a Python string literal. User text never becomes code.
 */
export function renderShim(plan: Plan, template = readFileSync(fileURLToPath(TEMPLATE_URL), 'utf8')): ZipSource {
  const config: Record<string, unknown> = { type: plan.type, module: plan.entry.module, attribute: plan.entry.attribute }
  if (plan.eventsEntry) Object.assign(config, { events_module: plan.eventsEntry.module, events_attribute: plan.eventsEntry.attribute })
  if (plan.basePath) config.base_path = plan.basePath
  if (plan.textMimeTypes.length) config.text_mime_types = plan.textMimeTypes
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
