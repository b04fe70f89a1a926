/**
 * Every setting, once. Settings key `a.b` ⇔ CLI flag `--a-b` ⇔ action input `a-b`; the README's reference
 * table is generated from this list (scripts/docs.ts) and a test fails when it drifts.
 */
export type OptionKind = 'string' | 'list' | 'boolean';
export interface OptionSpec {
    key: string;
    kind: OptionKind;
    /** Allowed values, for closed sets. */
    choices?: readonly string[];
    /** What happens when the option is not given, in words (defaults that depend on other settings). */
    defaultText: string;
    description: string;
}
export declare const OPTIONS: readonly OptionSpec[];
export declare const OPTION_KEYS: string[];
/** `package.index-url` → `package-index-url`: the CLI flag (with `--`) and the action input. */
export declare function dashed(key: string): string;
/** Inputs only the action has (the CLI's -f and its cwd play these parts). */
export declare const ACTION_ONLY_INPUTS: readonly {
    name: string;
    default: string;
    description: string;
}[];
/** The action's outputs: the result object, by the naming rule (base64Sha256 → base64-sha256). */
export declare const ACTION_OUTPUTS: readonly {
    name: string;
    description: string;
}[];
