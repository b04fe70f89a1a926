import { SpindriftError } from './errors.js'

/** `a/**\/b*.py` → a RegExp over whole entry names. */
export function globToRegExp(glob: string): RegExp {
  let pattern = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/'
      pattern += slash ? '(?:.*/)?' : '.*'
      i += slash ? 2 : 1
    } else if (c === '*') pattern += '[^/]*'
    else if (c === '?') pattern += '[^/]'
    else pattern += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  // A pattern without a slash matches a name at any depth, like .gitignore.
  return new RegExp(glob.includes('/') ? `^${pattern}(?:/.*)?$` : `^(?:.*/)?${pattern}(?:/.*)?$`)
}

export function checkGlobs(globs: string[], setting: string): void {
  for (const glob of globs) {
    if (!glob || glob.startsWith('/') || glob.split('/').includes('..')) {
      throw new SpindriftError(`${setting} pattern "${glob}" must be relative to the zip's root (for example "**/*.md" or "botocore/data/**").`)
    }
  }
}
