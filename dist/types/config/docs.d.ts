/** Where editors fetch the settings schema from (its `$id`). */
export declare const SCHEMA_URL = "https://raw.githubusercontent.com/spindrift/action/main/settings.schema.json";
export declare const TABLE_START = "<!-- options:start (generated from src/options.ts by `npm run docs`) -->";
export declare const TABLE_END = "<!-- options:end -->";
export declare const OUTPUTS_START = "<!-- outputs:start (generated from src/options.ts by `npm run docs`) -->";
export declare const OUTPUTS_END = "<!-- outputs:end -->";
/** The README's reference table: one row per option, with its key, flag and action input. */
export declare function optionsTable(): string;
export declare function outputsTable(): string;
/** README text with every generated section replaced. */
export declare function withGeneratedSections(readme: string): string;
/** action.yml: one input per option by the naming rule (no defaults: empty means "not given"), outputs. */
export declare function actionYml(): string;
/** JSON schema of settings.spindrift, for editors (yaml-language-server) and reviewers. */
export declare function settingsSchema(): object;
