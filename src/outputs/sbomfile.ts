import path from 'node:path'
import { inflateRawSync } from 'node:zlib'
import type { PackedEntry } from '../zip/zipformat.js'
import { stagedOutput, type StagedArtefact } from './output.js'
import { sbomOf, type SbomSubject, type ZipFile } from './sbom.js'

/** build/app.zip → build/app.cdx.json: the SBOM sits beside the zip it describes. */
export function sbomPath(zipPath: string): string {
  return path.join(path.dirname(zipPath), `${path.basename(zipPath).replace(/\.zip$/i, '')}.cdx.json`)
}

/** The SBOM of the zip staged at `zipPath` (its sha256 as read back from the disk), staged beside it. */
export function stageSbom(zipPath: string, sha256: string, files: ZipFile[], subject: Omit<SbomSubject, 'sha256'>): Promise<StagedArtefact> {
  const file = sbomPath(zipPath)
  return stagedOutput('sbom', file).stage(sbomOf(files, { ...subject, sha256 }), {})
}

/** The METADATA files among packed entries (the cached dependency layer's), inflated: all an SBOM reads. */
export function metadataFiles(entries: PackedEntry[]): ZipFile[] {
  return entries
    .filter(entry => /^[^/]+\.dist-info\/METADATA$/.test(entry.name))
    .map(entry => ({ name: entry.name, data: entry.method === 8 ? inflateRawSync(entry.compressed) : entry.compressed }))
}
