import type { PackedEntry } from '../zip/zipformat.js';
import { type StagedArtefact } from './output.js';
import { type SbomSubject, type ZipFile } from './sbom.js';
/** build/app.zip → build/app.cdx.json: the SBOM sits beside the zip it describes. */
export declare function sbomPath(zipPath: string): string;
/** The SBOM of the zip staged at `zipPath` (its sha256 as read back from the disk), staged beside it. */
export declare function stageSbom(zipPath: string, sha256: string, files: ZipFile[], subject: Omit<SbomSubject, 'sha256'>): Promise<StagedArtefact>;
/** The METADATA files among packed entries (the cached dependency layer's), inflated: all an SBOM reads. */
export declare function metadataFiles(entries: PackedEntry[]): ZipFile[];
