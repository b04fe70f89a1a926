import { type ElfInfo } from './elf.js';
export { readElf, type ElfInfo } from './elf.js';
/**
 * The binary audit: after the dependencies are installed for a Lambda target, every ELF, Mach-O and PE file
 * among them is checked by its magic bytes (never by its name), so a wheel for the wrong platform cannot
 * reach the zip.
 *
 * Errors (AuditResult.problems):
 * - an ELF that is not ELF64 little-endian for the target's machine, or for another OS's ABI;
 * - an ELF linked against musl libc (a musllinux wheel);
 * - an ELF needing a GLIBC_x.y symbol version newer than the runtime's glibc;
 * - a truncated or corrupt ELF;
 * - a Mach-O file (thin or universal) or a PE file (a .pyd or .dll of a Windows wheel).
 *
 * Notes (AuditResult.notes), never failing the build:
 * - libstdc++ versions (GLIBCXX_, CXXABI_) newer than the runtime's system libstdc++: Amazon Linux 2 has GCC 7's
 *   (GLIBCXX_3.4.24, CXXABI_1.3.11), AL2023 GCC 11's (GLIBCXX_3.4.29, CXXABI_1.3.13). Wheels that need a newer
 *   one usually vendor it under a hashed name, and whether a function's image carries a newer libstdc++ is not
 *   something spindrift can know, so this is reported, not refused.
 * - Windows executables (PE files named *.exe): setuptools and distlib ship launcher templates (cli-64.exe,
 *   t64.exe…) in their pure-Python wheels; they are data on Linux, never loaded, and refusing them would refuse
 *   every function that depends on setuptools. A Windows wheel is still caught by its .pyd/.dll files.
 */
export interface AuditTarget {
    architecture: 'x86_64' | 'arm64';
    /** The runtime's glibc, [major, minor]: [2, 26] for python3.10/3.11 (AL2), [2, 34] for python3.12+ (AL2023). */
    glibc: readonly [number, number];
    /** The runtime's name, for messages ("python3.11"). */
    runtime?: string;
}
export interface BinaryProblem {
    /** The file's path in the install tree ("orjson/orjson.cpython-311-x86_64-linux-gnu.so"). */
    file: string;
    /** The distribution whose RECORD lists the file, when known. */
    distribution?: string;
    /** One short phrase that follows the file name: "is an ELF for aarch64, not x86_64". */
    problem: string;
}
export interface AuditResult {
    /** Files recognised as ELF, Mach-O or PE. */
    binaries: number;
    /** The newest GLIBC_ version any ELF of the target's machine needs ("2.17"). */
    maxGlibc?: string;
    /** The newest GLIBCXX_ / CXXABI_ versions needed from the system's libstdc++.so.6 (info only). */
    maxGlibcxx?: string;
    maxCxxabi?: string;
    /** Files that must not ship: any problem fails the audit. */
    problems: BinaryProblem[];
    /** Worth knowing, never failing: see the module comment. */
    notes: BinaryProblem[];
}
export type BinaryKind = 'elf' | 'macho' | 'pe';
/** ELF, Mach-O (thin, either byte order, or universal) or PE by magic bytes; undefined for anything else. */
export declare function binaryKind(data: Buffer): BinaryKind | undefined;
/** Check every file; names are paths in the install tree, `ownerOf` names the distribution that installed each. */
export declare function auditFiles(files: readonly {
    name: string;
    data: Buffer;
    head?: Buffer;
    elf?: ElfInfo;
}[], target: AuditTarget, ownerOf?: ((name: string) => string | undefined) | ReadonlyMap<string, string>): AuditResult;
/**
 * File path → distribution name, from every `<name>-<version>.dist-info/RECORD` among files. RECORD is CSV
 * (path,hash,size) with paths relative to the folder holding the dist-info; a path with a comma or quote is
 * quoted. Paths leaving that folder (console scripts: "../../bin/x") are skipped.
 */
export declare function ownersFromRecords(files: readonly {
    name: string;
    data: Buffer;
}[]): Map<string, string>;
