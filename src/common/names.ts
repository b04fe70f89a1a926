/** Byte order of UTF-8 names: the same on every machine and in every locale. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/** Sorts records by their `name` in compareNames order: `list.sort(byName)`. */
export const byName = (a: { name: string }, b: { name: string }): number => compareNames(a.name, b.name)

/** A project or extra name as PEP 503 compares them: lower case, runs of -_. as one -. */
export const canonicalName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-')
