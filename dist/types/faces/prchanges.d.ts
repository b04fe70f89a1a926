import { type FunctionRun } from '../pipeline.js';
/** Bump when the saved manifest changes shape: an older base manifest is then ignored. */
export declare const ARTEFACT_MANIFEST_FORMAT = 1;
/** What a build of one function saves for later comparisons. */
export interface ArtefactManifest {
    format: number;
    /** The function zip's size, plus its layer zip's when it has one. */
    zipped: number;
    /** What Lambda counts against 250 MB: the function and its layer, extracted. */
    unzipped: number;
    distributions: {
        name: string;
        version: string;
        size: number;
    }[];
}
export declare function artefactManifest({ run }: FunctionRun): ArtefactManifest;
/** A saved manifest, or undefined when it is not one this version wrote. */
export declare function parseArtefactManifest(text: string): ArtefactManifest | undefined;
export interface DistributionChange {
    name: string;
    before?: {
        version: string;
        size: number;
    };
    after?: {
        version: string;
        size: number;
    };
}
export interface Comparison {
    zipped: [number, number];
    unzipped: [number, number];
    added: DistributionChange[];
    removed: DistributionChange[];
    /** Another version, or the same version at another size (other trim settings). */
    changed: DistributionChange[];
}
export declare function compareManifests(before: ArtefactManifest, after: ArtefactManifest): Comparison;
/** A warning for each Lambda limit the pull request crosses or comes within 10 % of (sizes that grew only). */
export declare function limitWarnings(comparison: Comparison, label: string): string[];
/** The comparison as HTML for the job summary and a pull-request comment (GitHub renders both the same). */
export declare function renderComparison(comparison: Comparison, base: string): string;
export declare function size(bytes: number): string;
