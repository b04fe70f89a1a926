export declare function registerTemp(file: string): void;
export declare function forgetTemp(file: string): void;
export declare function registerChild(pid: number): void;
export declare function forgetChild(pid: number): void;
/** Stop every running step (with what it started) and remove every temp file and work folder. */
export declare function removePendingTemps(): void;
/** The kinds of work folder; the stale-folder pattern is made from this list, so a new kind is cleaned up too. */
declare const WORK_KINDS: readonly ["deps", "wheel", "sdist", "compile", "import", "resolve", "invoke"];
export type WorkKind = (typeof WORK_KINDS)[number];
/** Work folders are named spindrift-<kind>-<pid>-<random>: the pid tells the next run whether its owner is gone. */
export declare const WORK_FOLDER: RegExp;
/** A fresh work folder in the temp directory, removed on SIGINT/SIGTERM (and by the caller when done). */
export declare function makeWorkFolder(kind: WorkKind): string;
/** Remove the work folders that earlier runs, killed before they could clean up, left in the temp directory. */
export declare function removeStaleWorkFolders(): void;
/** Remove the entries of dir whose name matches pattern and names (in group pidGroup) a process that is gone. */
export declare function removeFoldersOfDeadRuns(dir: string, pattern: RegExp, pidGroup: number): void;
/** Whether a process of this id runs (EPERM: it does, as another user). */
export declare function alive(pid: number): boolean;
export {};
