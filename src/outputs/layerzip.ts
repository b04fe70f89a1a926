import type { PackedEntry } from '../zip/zipformat.js'
import { dosTimestamp } from '../zip/archive.js'
import { zipParts } from '../zip/zipformat.js'
import { stagedOutput, type Output } from './output.js'

/** Lambda puts a layer's python/ folder on sys.path (as /opt/python): the layout of a Python layer zip. */
export const LAYER_PREFIX = 'python/'

/**
 * The dependency layer as a Lambda layer zip: the cached layer's entries under python/, copied as their
 * compressed bytes. Its bytes depend only on the dependency set and the target, never on the app.
 */
export function layerZipBytes(entries: PackedEntry[]): Buffer[] {
  // Entry names are in byte order already; one shared prefix keeps that order.
  return zipParts(entries.map(entry => ({ ...entry, name: LAYER_PREFIX + entry.name })), dosTimestamp())
}

/** The layer zip, written to output.layer-path. */
export function layerZip(layerPath: string): Output {
  return stagedOutput('layer-zip', layerPath)
}
