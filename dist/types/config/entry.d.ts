/** A parsed `package.entry`: the module to import, the attribute to take from it, and whether it is an app factory. */
export interface Entry {
    module: string;
    attribute: string;
    /** `create_app()`: the attribute is called once at init, with no arguments, and its result is the app. */
    call?: true;
}
/**
 * Parse the seed's entry string. The result only ever holds validated identifiers: the shim is generated
 * from these parts, never from the user's text. A factory call is only the empty `()` after the name (no
 * arguments, so no code), and only where `factories` allows it.
 */
export declare function parseEntry(text: string, setting?: string, factories?: boolean): Entry;
