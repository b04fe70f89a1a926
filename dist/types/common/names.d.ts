/** Byte order of UTF-8 names: the same on every machine and in every locale. */
export declare function compareNames(a: string, b: string): number;
/** Sorts records by their `name` in compareNames order: `list.sort(byName)`. */
export declare const byName: (a: {
    name: string;
}, b: {
    name: string;
}) => number;
/** A project or extra name as PEP 503 compares them: lower case, runs of -_. as one -. */
export declare const canonicalName: (name: string) => string;
