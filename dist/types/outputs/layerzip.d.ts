import type { PackedEntry } from '../zip/zipformat.js';
import { type Output } from './output.js';
/** Lambda puts a layer's python/ folder on sys.path (as /opt/python): the layout of a Python layer zip. */
export declare const LAYER_PREFIX = "python/";
/**
 * The dependency layer as a Lambda layer zip: the cached layer's entries under python/, copied as their
 * compressed bytes. Its bytes depend only on the dependency set and the target, never on the app.
 */
export declare function layerZipBytes(entries: PackedEntry[]): Buffer[];
/** The layer zip, written to output.layer-path. */
export declare function layerZip(layerPath: string): Output;
