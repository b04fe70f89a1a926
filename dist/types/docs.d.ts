export declare const TABLE_START = "<!-- options:start (generated from src/options.ts by `npm run docs`) -->";
export declare const TABLE_END = "<!-- options:end -->";
/** The README's reference table: one row per option, with its key, flag and action input. */
export declare function optionsTable(): string;
/** README text with the table between its markers replaced by the generated one. */
export declare function withOptionsTable(readme: string): string;
