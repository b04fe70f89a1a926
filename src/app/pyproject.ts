/**
 * What can be known of a project from its pyproject.toml without building it: whether its metadata is static
 * (PEP 621: no setup.py or setup.cfg, a [project] table, nothing `dynamic`), and then its dependency list.
 * Only a narrow, common subset of TOML is read; anything else answers "unknown", never a guess. Callers use the
 * answers to start work early and check them against the built wheel.
 */

/** The text of the [project] table (its own lines, without sub-tables), or undefined when there is none. */
function projectTable(toml: string): string | undefined {
  const lines = toml.split(/\r?\n/)
  const start = lines.findIndex(line => /^\s*\[\s*project\s*\]\s*(#.*)?$/.test(line))
  if (start < 0) return undefined
  const end = lines.findIndex((line, i) => i > start && /^\s*\[/.test(line))
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n')
}

/** True when the project's metadata is static: the build backend may not compute any of it. */
export function hasStaticMetadata(toml: string, fileNames: Set<string>): boolean {
  if (fileNames.has('setup.py') || fileNames.has('setup.cfg')) return false
  // `dynamic` anywhere counts, not just in [project]: a false "dynamic" only costs speed, a missed one correctness.
  return projectTable(toml) !== undefined && !/^\s*dynamic\s*=/m.test(toml)
}

/**
 * The [project] dependencies of a project with static metadata, or undefined when they cannot be read for sure:
 * dynamic metadata, optional dependencies (they reach the wheel as "extra" markers in the backend's own
 * wording), or a list written in TOML this reader does not handle (escapes, multi-line strings, inline tables).
 */
export function staticDependencies(toml: string, fileNames: Set<string>): string[] | undefined {
  if (!hasStaticMetadata(toml, fileNames) || /^\s*\[\s*project\.optional-dependencies\s*\]/m.test(toml)) return undefined
  const table = projectTable(toml) as string
  if (/^\s*optional-dependencies\s*=/m.test(table)) return undefined
  const start = /^\s*dependencies\s*=\s*\[/m.exec(table)
  if (!start) return []
  return stringArray(table.slice(start.index + start[0].length))
}

/** The strings of a TOML array whose opening bracket has been read: basic or literal strings, commas, comments. */
function stringArray(text: string): string[] | undefined {
  const values: string[] = []
  let i = 0
  let expectValue = true
  while (i < text.length) {
    const c = text[i]
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++
    else if (c === '#') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i)
    else if (c === ']') return values
    else if (c === ',' && !expectValue) {
      expectValue = true
      i++
    } else if ((c === '"' || c === "'") && expectValue) {
      if (text.startsWith(c.repeat(3), i)) return undefined
      const end = text.indexOf(c, i + 1)
      const value = end < 0 ? undefined : text.slice(i + 1, end)
      if (value === undefined || value.includes('\n') || (c === '"' && value.includes('\\'))) return undefined
      values.push(value)
      expectValue = false
      i = end + 1
    } else return undefined
  }
  return undefined
}
