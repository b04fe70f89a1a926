import type { Distribution, DistributionReport, WheelChoice } from '../common/report.js';
import type { Target } from '../config/plan.js';
import type { ZipSource } from '../zip/archive.js';
import type { RequirementSet } from './requirements.js';
/** What the installer's report says about one distribution it installed. */
export interface WheelOrigin {
    /** The file's URL (credentials and fragment removed). */
    url: string;
    sha256?: string;
    /** Built here from its source distribution. */
    built?: boolean;
    /** Built here from a local folder a lock names. */
    local?: boolean;
}
/**
 * pip's `--report` JSON: each installed item's download URL and hash. A local file pip knows no hash for is
 * hashed here (the work folder holding built wheels is gone afterwards).
 */
export declare function readPipReport(file: string, work: {
    built: string;
    local: string;
}): Map<string, WheelOrigin>;
/** What the report needs besides the installed files. */
export interface ChoiceInputs {
    target: Pick<Target, 'runtime' | 'architecture'>;
    requirements: RequirementSet;
    /** The indexes the install used (credentials kept: they are needed to ask the index; never shown). */
    indexes: string[];
    /** find-links folders or pages the installer also looked in. */
    findLinks: string[];
    /** Distributions (canonical names) built from source during the install, for an installer without a report. */
    built: Set<string>;
    origins: Map<string, WheelOrigin>;
}
/**
 * One WheelChoice per distribution left in the layer, sorted by name. For what the installer chose within
 * ranges, one index request per distribution (in parallel, failures ignored) tells whether a newer version
 * exists and why it was not taken.
 */
export declare function wheelChoices(files: ZipSource[], inputs: ChoiceInputs): Promise<WheelChoice[]>;
/**
 * When the index has newer final releases than the one installed, why they were not taken: one of them fits the
 * target (then another requirement holds it back), or the next one up requires another Python, needs a newer
 * glibc than the runtime's, or has no wheel for the target.
 */
export declare function heldBelowNewest(choice: Pick<WheelChoice, 'name' | 'version'>, index: string, target: Pick<Target, 'runtime' | 'architecture'>): Promise<string | undefined>;
/** The version in a wheel or sdist file name of this project, or undefined for another project's file. */
export declare function versionOf(filename: string, project: string): string | undefined;
/** Each distribution's size with why its wheel was chosen (when the layer recorded it), sorted by name. */
export declare function distributionReports(distributions: Distribution[], wheels: WheelChoice[] | undefined): DistributionReport[];
