import { type Output } from './output.js';
/** The function's zip: the app, its dependencies (unless they go to a layer) and the shim, written to output.path. */
export declare function functionZip(outputPath: string): Output;
