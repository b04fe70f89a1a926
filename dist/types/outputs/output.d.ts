import type { Artefact, ArtefactKind } from './artefact.js';
/** An output: where one artefact goes and how it is written (atomically: a failure leaves the old file as it was). */
export interface Output {
    readonly kind: ArtefactKind;
    readonly path: string;
    write(data: Buffer, facts: {
        uncompressedSize?: number;
    }): Artefact;
}
