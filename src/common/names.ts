/** Byte order of UTF-8 names: the same on every machine and in every locale. */
export function compareNames(a: string, b: string): number {
  // UTF-16 code units below the surrogates (U+D800) order as their UTF-8 bytes do: most names are compared
  // without encoding them (a sort of a layer's thousands of names encoded each name dozens of times).
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x >= 0xd800 || y >= 0xd800) return utf8Order(a, b)
    if (x !== y) return x < y ? -1 : 1
  }
  // The shared part encodes to the same bytes: the shorter name is a prefix of the longer one.
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}

function utf8Order(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/** Sorts records by their `name` in compareNames order: `list.sort(byName)`. */
export const byName = (a: { name: string }, b: { name: string }): number => compareNames(a.name, b.name)

/** A project or extra name as PEP 503 compares them: lower case, runs of -_. as one -. */
export const canonicalName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-')
