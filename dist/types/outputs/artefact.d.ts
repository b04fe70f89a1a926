/** The kinds of file a run hands to later steps. */
export type ArtefactKind = 'function-zip' | 'layer-zip' | 'sbom';
/** One written file, described from what is on disk: its path and hashes. */
export interface Artefact {
    kind: ArtefactKind;
    /** Absolute path. */
    path: string;
    size: number;
    /** Hex SHA-256. */
    sha256: string;
    /** Base64 of the raw SHA-256 digest: Terraform's source_code_hash, Lambda's CodeSha256. */
    base64Sha256: string;
    /** For zips: the sum of the files' sizes once extracted. */
    uncompressedSize?: number;
}
