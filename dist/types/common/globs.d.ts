/** A compiled glob: test(name) for a zip entry name or a project-relative path. */
export interface Glob {
    pattern: string;
    test(name: string): boolean;
}
/**
 * A glob (picomatch: `**`, `*`, `?`, `[abc]`, `{a,b}`, dotfiles matched) over whole entry names. Like
 * .gitignore, a pattern without a slash matches a name at any depth, and a pattern that matches a folder also
 * matches everything in it.
 */
export declare function compileGlob(pattern: string): Glob;
export declare function checkGlobs(globs: string[], setting: string): void;
