import { type LockFormat } from './lock.js';
/**
 * uv.lock: a graph of packages whose edges carry the markers. The packages installed are those reached from
 * the project (the workspace member being packaged) along edges whose markers hold on the target, through
 * the extras and dependency groups asked for; the project itself is the app, built by the app stage.
 */
export declare const uvLock: LockFormat;
