export declare function registerTemp(file: string): void;
export declare function forgetTemp(file: string): void;
export declare function registerChild(pid: number): void;
export declare function forgetChild(pid: number): void;
/** Stop every running step (with what it started) and remove every temp file and work folder. */
export declare function removePendingTemps(): void;
/** A fresh work folder in the temp directory, removed on SIGINT/SIGTERM (and by the caller when done). */
export declare function makeWorkFolder(kind: 'deps' | 'wheel' | 'sdist' | 'compile' | 'import' | 'resolve'): string;
/** Remove the work folders that earlier runs, killed before they could clean up, left in the temp directory. */
export declare function removeStaleWorkFolders(): void;
/** Whether a process of this id runs (EPERM: it does, as another user). */
export declare function alive(pid: number): boolean;
