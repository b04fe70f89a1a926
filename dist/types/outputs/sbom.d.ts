import type { WheelChoice } from '../common/report.js';
/** The CycloneDX specification version the SBOMs follow. */
export declare const CYCLONEDX_SPEC = "1.7";
/** A file of the zip the SBOM describes: only *.dist-info/METADATA files are read. */
export interface ZipFile {
    name: string;
    data: Buffer;
}
/** What the SBOM says about the artefact itself and how its dependencies were chosen. */
export interface SbomSubject {
    /** The app's name (package.name), the root component. */
    appName: string;
    /** The app's version, from its own dist-info when it was built as a wheel. */
    appVersion?: string;
    /** What kind of artefact: the function zip or a layer zip. */
    artefact: 'function-zip' | 'layer-zip';
    /** The artefact's hex SHA-256: the SBOM's subject. */
    sha256: string;
    /** Where the dependency set came from ("requirements files", "uv.lock"…), recorded on each component. */
    dependencySource?: string;
    /** Prefix of the dependencies inside the zip: "" for a function zip, "python/" for a layer. */
    prefix: string;
    /** A dist-info to leave out of the components (the app's own). */
    appDistInfo?: string;
    /** What the layer recorded about each wheel: its file's SHA-256 and what chose it. */
    wheels?: Pick<WheelChoice, 'name' | 'version' | 'sha256' | 'chosenBy'>[];
}
/**
 * A CycloneDX JSON SBOM of one zip: one component per distribution actually in it (from its dist-info METADATA),
 * the app as the root component, the zip's SHA-256 as the subject. No clock and no random value: the same zip
 * gives the same bytes (the serial number is derived from the zip's hash).
 */
export declare function sbomOf(files: ZipFile[], subject: SbomSubject): Buffer;
