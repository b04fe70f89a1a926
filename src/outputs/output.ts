import type { Bytes } from '../common/fs.js'
import { stageAtomically } from '../zip/atomic.js'
import type { Artefact, ArtefactKind } from './artefact.js'

/** An artefact written under a temporary name: commit() puts it in place, abort() leaves the old file as it was. */
export interface StagedArtefact {
  readonly path: string
  /** sha256 (hex) of the staged bytes, as read back from the disk. */
  readonly sha256: string
  commit(): Artefact
  abort(): void
}

/** An output: where one artefact goes and how it is written (staged, then committed: atomic). */
export interface Output {
  readonly kind: ArtefactKind
  readonly path: string
  /** `hashed` gets the sha256 (hex) as soon as it is known, while the bytes are still being flushed and read back. */
  stage(data: Bytes, facts: { uncompressedSize?: number }, hashed?: (sha256: string) => void): Promise<StagedArtefact>
}

/** The one way every output is written: staged whole beside its path, renamed into place by commit(). */
export function stagedOutput(kind: ArtefactKind, file: string): Output {
  return {
    kind,
    path: file,
    async stage(data, { uncompressedSize }, hashed) {
      const staged = await stageAtomically(file, data, hashed)
      return { path: file, sha256: staged.sha256, commit: () => ({ kind, ...staged.commit(), ...(uncompressedSize !== undefined && { uncompressedSize }) }), abort: staged.abort }
    }
  }
}
