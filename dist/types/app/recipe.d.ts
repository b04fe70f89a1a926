import { type ZipSource } from '../zip/archive.js';
import type { IndexOptions } from '../config/plan.js';
import type { AppLayer } from './applayer.js';
import type { Installer } from '../python/installer.js';
import type { Interpreter } from '../python/interpreter.js';
import type { Logger } from '../common/log.js';
/**
 * How a project's wheel maps onto its sources. While the build's inputs keep their shape (the same pyproject.toml,
 * the same file names), a changed file's new content is taken straight from the source: no pip, no rebuild.
 * Only for builds that copy sources verbatim and whose metadata is static; anything else is rebuilt every time.
 */
interface AppRecipe {
    format: 1;
    declaredDependencies: string[];
    /** Wheel files that are verbatim copies of a source file: only these may change without a rebuild. */
    copies: {
        name: string;
        source: string;
    }[];
    /** Everything else (the .dist-info files), kept as built. */
    kept: {
        name: string;
        data: string;
        executable: boolean;
    }[];
    /**
     * Hash of every source that is not shipped verbatim (README, LICENSE, build scripts…): the build may have read
     * them (METADATA embeds the readme), so a change to any of them means building again.
     */
    others: string;
}
/** The recipe's key, or undefined when the project's build may depend on more than its file layout. */
export declare function recipeKey(index: IndexOptions, python: Interpreter, installer: Installer, sources: ZipSource[]): string | undefined;
/**
 * A recipe for a fresh build, or undefined unless every file of the wheel is a verbatim copy of exactly one
 * source file: a name that two sources could supply (pkg/x.py and src/pkg/x.py) would make an edit ambiguous.
 */
export declare function recipeFromBuild(app: AppLayer, sources: ZipSource[]): AppRecipe | undefined;
/** The app layer from a recipe and the current sources. */
export declare function applyRecipe(recipe: AppRecipe, sources: ZipSource[]): AppLayer | undefined;
/** The cached recipe, if it is whole and well formed; a damaged one is removed with a warning (a rebuild follows). */
export declare function loadRecipe(cacheDir: string, key: string, logger: Logger): AppRecipe | undefined;
/** Best effort: a recipe that cannot be stored only means the next run builds again. */
export declare function saveRecipe(cacheDir: string, key: string, recipe: AppRecipe): void;
/**
 * The app's RECORD written from its files, in byte order: the same bytes whether the files came from a fresh
 * wheel or from a recipe, and always true to the content that ships.
 */
export declare function withCanonicalRecord(files: ZipSource[]): ZipSource[];
export {};
