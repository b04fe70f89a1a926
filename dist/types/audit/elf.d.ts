/**
 * Just enough of the ELF format (System V gABI, ELF-64 object file format, GNU symbol versioning) to tell what
 * a shared object or executable needs from the system: its machine, its interpreter, the libraries it names
 * (DT_NEEDED) and the symbol versions it requires from them (DT_VERNEED: Elf64_Verneed / Elf64_Vernaux chains).
 *
 * Only headers and the few tables they point at are read, never a whole file. Every read is bounds-checked and
 * every chain is capped, so a truncated or corrupt file gives an ElfInfo with `error` set, not an exception
 * and not an endless loop. Only ELF64 little-endian files (everything Lambda runs) are read past the header;
 * for the others the class, byte order and machine are enough to refuse them.
 */
export interface ElfInfo {
    bits: 32 | 64;
    littleEndian: boolean;
    /** e_ident[EI_OSABI]: 0 (System V) or 3 (GNU/Linux) on Linux. */
    osAbi: number;
    /** e_type: 1 relocatable, 2 executable, 3 shared object (or position-independent executable), 4 core. */
    type: number;
    /** e_machine: 62 x86-64, 183 AArch64, … */
    machine: number;
    /** "x86_64", "aarch64", "i386", … or "machine 1234" for one this module does not name. */
    machineName: string;
    /** PT_INTERP: the dynamic loader an executable asks for ("/lib64/ld-linux-x86-64.so.2"). */
    interpreter?: string;
    soname?: string;
    /** DT_NEEDED, in file order. */
    neededLibraries: string[];
    /** Every version needed, by the library that must define it, in file order. */
    versionsNeeded: {
        file: string;
        versions: string[];
    }[];
    /** The x.y[.z] of each GLIBC_x.y[.z] needed, unique, oldest first. */
    glibcVersionsNeeded: string[];
    /** The same for libstdc++'s GLIBCXX_ and CXXABI_ versions. */
    glibcxxVersionsNeeded: string[];
    cxxabiVersionsNeeded: string[];
    /** Where the dynamic information came from: stripped files (no section headers) only have program headers. */
    dynamicFrom?: 'program headers' | 'section headers';
    /** Set when the file is truncated or corrupt: what could not be read, in a few words. */
    error?: string;
}
export declare const EM_386 = 3;
export declare const EM_X86_64 = 62;
export declare const EM_AARCH64 = 183;
export declare function machineName(machine: number): string;
/** The ELF identification and header, then the dynamic information: undefined when data is not an ELF file. */
export declare function readElf(data: Buffer): ElfInfo | undefined;
/** "2.3.4" vs "2.14": numeric, part by part. */
export declare function compareVersions(a: string, b: string): number;
