/** `a/**\/b*.py` → a RegExp over whole entry names. */
export declare function globToRegExp(glob: string): RegExp;
export declare function checkGlobs(globs: string[], setting: string): void;
