import picomatch from 'picomatch'
import { SpindriftError, quote } from './errors.js'

/** A compiled glob: test(name) for a zip entry name or a project-relative path. */
export interface Glob {
  pattern: string
  test(name: string): boolean
}

/**
 * A glob (picomatch: `**`, `*`, `?`, `[abc]`, `{a,b}`, dotfiles matched) over whole entry names. Like
 * .gitignore, a pattern without a slash matches a name at any depth, and a pattern that matches a folder also
 * matches everything in it.
 */
export function compileGlob(pattern: string): Glob {
  const matches = picomatch(pattern, { dot: true, basename: !pattern.includes('/') })
  return {
    pattern,
    test: name => {
      const parts = name.split('/')
      for (let depth = 1; depth <= parts.length; depth++) if (matches(parts.slice(0, depth).join('/'))) return true
      return false
    }
  }
}

export function checkGlobs(globs: string[], setting: string): void {
  for (const glob of globs) {
    if (!glob || glob.startsWith('/') || glob.split('/').includes('..')) {
      throw new SpindriftError(`${setting} pattern ${quote(glob)} must be relative to the zip's root (for example "**/*.md" or "botocore/data/**").`)
    }
    try {
      picomatch.parse(glob)
    } catch (error) {
      throw new SpindriftError(`${setting} pattern ${quote(glob)} is not a valid glob (${(error as Error).message}); fix it (for example "**/*.{md,txt}").`)
    }
  }
}
