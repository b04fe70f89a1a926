/** nobody:nogroup on Debian, Ubuntu, Fedora and Alpine. */
export declare const UNPRIVILEGED_ID = 65534;
export interface FunctionUser {
    /** The command line that starts `command args` as this user. */
    command: string;
    args: string[];
    /** uid the function runs as: whoever owns its scratch folder. */
    uid?: number;
    gid?: number;
    /** Set when spindrift runs as root but cannot drop to another user: said as a warning. */
    warning?: string;
}
/**
 * When spindrift runs as root, the function runs as nobody, through util-linux's setpriv. It keeps one
 * capability, CAP_DAC_READ_SEARCH, so that it can still read an interpreter or cache under a private home
 * (/root is 0700): it reads like root but writes like nobody, so its writes into the task root fail.
 */
export declare function functionUser(command: string, args: string[]): FunctionUser;
/** The run's /tmp: an empty folder the function's user owns. */
export declare function makeScratch(dir: string, user: Pick<FunctionUser, 'uid' | 'gid'>): string;
/** Bytes in the files under `dir` (what Lambda's /tmp would hold); files that vanish meanwhile count 0. */
export declare function folderBytes(dir: string): number;
/** Resident memory of every live process in the process group, in kB (Lambda counts the whole sandbox). */
export declare function groupResidentKb(pgid: number): number;
/** A live process's peak resident set (VmHWM) in kB; undefined where /proc cannot tell. */
export declare function peakResidentKb(pid: number): number | undefined;
