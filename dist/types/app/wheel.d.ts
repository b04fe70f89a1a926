import type { Logger } from '../common/log.js';
import type { IndexOptions } from '../config/plan.js';
import { type Installer } from '../python/installer.js';
import { type Interpreter } from '../python/interpreter.js';
import type { ZipSource } from '../zip/archive.js';
import type { AppLayer } from './applayer.js';
/** What building the project's wheel depends on. */
export type WheelInputs = IndexOptions & {
    projectDir: string;
    cacheDir?: string;
};
/**
 * The project's wheel, built by the installer (`pip wheel`, or `uv build` when package.installer is uv): its
 * files are the app layer, its Requires-Dist the declared dependencies. With the cache on, a wheel is kept
 * under the hash of every source file, so an unchanged project is not rebuilt.
 */
export declare function projectWheel(plan: WheelInputs, python: Interpreter, installer: Installer, sources: ZipSource[], logger: Logger): Promise<AppLayer>;
/** A wheel's files as they land in site-packages (".data/purelib|platlib" unpacked; scripts and headers dropped). */
export declare function readWheel(wheel: string | Buffer): AppLayer;
