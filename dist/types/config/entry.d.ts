/** A parsed `package.entry`: the module to import and the attribute to take from it. */
export interface Entry {
    module: string;
    attribute: string;
}
/**
 * Parse the seed's entry string. The result only ever holds validated identifiers: the shim is generated
 * from these parts, never from the user's text.
 */
export declare function parseEntry(text: string, setting?: string): Entry;
