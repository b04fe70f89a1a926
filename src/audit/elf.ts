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
  bits: 32 | 64
  littleEndian: boolean
  /** e_ident[EI_OSABI]: 0 (System V) or 3 (GNU/Linux) on Linux. */
  osAbi: number
  /** e_type: 1 relocatable, 2 executable, 3 shared object (or position-independent executable), 4 core. */
  type: number
  /** e_machine: 62 x86-64, 183 AArch64, … */
  machine: number
  /** "x86_64", "aarch64", "i386", … or "machine 1234" for one this module does not name. */
  machineName: string
  /** PT_INTERP: the dynamic loader an executable asks for ("/lib64/ld-linux-x86-64.so.2"). */
  interpreter?: string
  soname?: string
  /** DT_NEEDED, in file order. */
  neededLibraries: string[]
  /** Every version needed, by the library that must define it, in file order. */
  versionsNeeded: { file: string; versions: string[] }[]
  /** The x.y[.z] of each GLIBC_x.y[.z] needed, unique, oldest first. */
  glibcVersionsNeeded: string[]
  /** The same for libstdc++'s GLIBCXX_ and CXXABI_ versions. */
  glibcxxVersionsNeeded: string[]
  cxxabiVersionsNeeded: string[]
  /** Where the dynamic information came from: stripped files (no section headers) only have program headers. */
  dynamicFrom?: 'program headers' | 'section headers'
  /** Set when the file is truncated or corrupt: what could not be read, in a few words. */
  error?: string
}

export const EM_386 = 3
export const EM_X86_64 = 62
export const EM_AARCH64 = 183

const MACHINES: Record<number, string> = {
  2: 'sparc',
  3: 'i386',
  8: 'mips',
  20: 'ppc',
  21: 'ppc64',
  22: 's390x',
  40: 'arm',
  43: 'sparc64',
  50: 'ia64',
  62: 'x86_64',
  183: 'aarch64',
  243: 'riscv',
  258: 'loongarch'
}

export function machineName(machine: number): string {
  return MACHINES[machine] ?? `machine ${machine}`
}

const PT_LOAD = 1
const PT_DYNAMIC = 2
const PT_INTERP = 3
const SHT_DYNAMIC = 6
const SHT_NOBITS = 8
const SHT_GNU_VERNEED = 0x6ffffffe
const DT_NULL = 0
const DT_NEEDED = 1
const DT_STRTAB = 5
const DT_STRSZ = 10
const DT_SONAME = 14
const DT_VERNEED = 0x6ffffffe
const DT_VERNEEDNUM = 0x6fffffff
const PN_XNUM = 0xffff

/** Caps on what a sane file has, so a corrupt count cannot make the reader spin. */
const MAX_DYNAMIC_ENTRIES = 1 << 16
const MAX_VERNEED = 1 << 12
const MAX_VERNAUX = 1 << 14
const MAX_NAME = 4096

/** A read outside the file or a value no valid file has: turned into ElfInfo.error by readElf. */
class Corrupt extends Error {}

/** Little-endian ELF64 reads that throw Corrupt instead of RangeError, and offsets that stay safe integers. */
class Reader {
  constructor(readonly data: Buffer) {}

  private check(offset: number, length: number, what: string): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > this.data.length) {
      throw new Corrupt(`${what} past the end of the file`)
    }
  }

  u16(offset: number, what: string): number {
    this.check(offset, 2, what)
    return this.data.readUInt16LE(offset)
  }

  u32(offset: number, what: string): number {
    this.check(offset, 4, what)
    return this.data.readUInt32LE(offset)
  }

  /** A 64-bit field as a number; values past 2^53 are no offset or size in any real file. */
  u64(offset: number, what: string): number {
    this.check(offset, 8, what)
    const value = this.data.readBigUInt64LE(offset)
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Corrupt(`${what} out of range`)
    return Number(value)
  }

  /** Check that [offset, offset + length) lies in the file. */
  span(offset: number, length: number, what: string): void {
    if (!Number.isSafeInteger(length) || length < 0) throw new Corrupt(`${what} out of range`)
    this.check(offset, length, what)
  }

  /** A NUL-terminated string starting at offset that must end before `end`. */
  string(offset: number, end: number, what: string): string {
    const limit = Math.min(end, this.data.length, offset + MAX_NAME)
    if (!Number.isSafeInteger(offset) || offset < 0 || offset >= limit) throw new Corrupt(`${what} past the end of its table`)
    const length = this.data.subarray(offset, limit).indexOf(0)
    if (length < 0) throw new Corrupt(`${what} is not terminated`)
    return this.data.toString('latin1', offset, offset + length)
  }
}

interface Segment {
  type: number
  offset: number
  vaddr: number
  filesz: number
}

interface Dynamic {
  needed: number[]
  soname?: number
  strtab?: number
  strsz?: number
  verneed?: number
  verneednum?: number
}

/** The ELF identification and header, then the dynamic information: undefined when data is not an ELF file. */
export function readElf(data: Buffer): ElfInfo | undefined {
  if (data.length < 4 || data[0] !== 0x7f || data[1] !== 0x45 || data[2] !== 0x4c || data[3] !== 0x46) return undefined
  const info: ElfInfo = {
    bits: data[4] === 1 ? 32 : 64,
    littleEndian: data[5] !== 2,
    osAbi: data[7] ?? 0,
    type: 0,
    machine: 0,
    machineName: '',
    neededLibraries: [],
    versionsNeeded: [],
    glibcVersionsNeeded: [],
    glibcxxVersionsNeeded: [],
    cxxabiVersionsNeeded: [],
  }
  if (data.length < 20) {
    info.machineName = machineName(0)
    info.error = 'truncated ELF header'
    return info
  }
  info.type = info.littleEndian ? data.readUInt16LE(16) : data.readUInt16BE(16)
  info.machine = info.littleEndian ? data.readUInt16LE(18) : data.readUInt16BE(18)
  info.machineName = machineName(info.machine)
  if ((data[4] !== 1 && data[4] !== 2) || (data[5] !== 1 && data[5] !== 2)) {
    info.error = `unknown ELF class ${data[4]} or byte order ${data[5]}`
    return info
  }
  if (info.bits !== 64 || !info.littleEndian) return info
  try {
    readElf64(new Reader(data), info)
  } catch (error) {
    info.error = error instanceof Corrupt ? error.message : `unreadable (internal: ${(error as Error).message})`
  }
  return info
}

function readElf64(r: Reader, info: ElfInfo): void {
  r.span(0, 64, 'ELF header')
  const phoff = r.u64(32, 'program header offset')
  const shoff = r.u64(40, 'section header offset')
  const phentsize = r.u16(54, 'ELF header')
  let phnum = r.u16(56, 'ELF header')
  const shentsize = r.u16(58, 'ELF header')
  let shnum = r.u16(60, 'ELF header')

  // Counts too large for the header live in section header 0 (sh_size for sections, sh_info for segments).
  if (shoff !== 0 && (shnum === 0 || phnum === PN_XNUM)) {
    if (shentsize < 64) throw new Corrupt('section header size too small')
    if (shnum === 0) shnum = r.u64(shoff + 32, 'section headers')
    if (phnum === PN_XNUM) phnum = r.u32(shoff + 44, 'section headers')
  }
  if (phnum && phentsize < 56) throw new Corrupt('program header size too small')
  if (shoff && shnum && shentsize < 64) throw new Corrupt('section header size too small')
  if (phnum) r.span(phoff, phnum * phentsize, 'program headers')
  // A file cut short almost always loses its section header table, which linkers put last.
  if (shoff && shnum) r.span(shoff, shnum * shentsize, 'section headers')

  const segments: Segment[] = []
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize
    const segment = { type: r.u32(at, 'program header'), offset: r.u64(at + 8, 'program header'), vaddr: r.u64(at + 16, 'program header'), filesz: r.u64(at + 32, 'program header') }
    if (segment.type === PT_LOAD || segment.type === PT_DYNAMIC || segment.type === PT_INTERP) {
      r.span(segment.offset, segment.filesz, segment.type === PT_LOAD ? 'a loadable segment' : 'a program header’s segment')
      segments.push(segment)
    }
  }
  const interp = segments.find(s => s.type === PT_INTERP)
  if (interp) info.interpreter = r.string(interp.offset, interp.offset + interp.filesz, 'interpreter name')

  const dynamicSegment = segments.find(s => s.type === PT_DYNAMIC)
  if (dynamicSegment) {
    fromProgramHeaders(r, info, segments, dynamicSegment)
    info.dynamicFrom = 'program headers'
  } else if (shoff && shnum && fromSectionHeaders(r, info, shoff, shnum, shentsize)) {
    info.dynamicFrom = 'section headers'
  }
  summarise(info)
}

/** The dynamic segment's entries: DT_NEEDED names and where the string and version-needs tables are. */
function dynamicEntries(r: Reader, offset: number, size: number): Dynamic {
  const dynamic: Dynamic = { needed: [] }
  const count = Math.min(Math.floor(size / 16), MAX_DYNAMIC_ENTRIES)
  for (let i = 0; i < count; i++) {
    const at = offset + i * 16
    // d_tag is signed, but every tag read here is a small positive number: compare the low and high words.
    const tagLow = r.u32(at, 'dynamic entry')
    const tagHigh = r.u32(at + 4, 'dynamic entry')
    if (tagHigh !== 0) continue
    if (tagLow === DT_NULL) break
    const read = () => r.u64(at + 8, 'dynamic entry')
    if (tagLow === DT_NEEDED) dynamic.needed.push(read())
    else if (tagLow === DT_STRTAB) dynamic.strtab = read()
    else if (tagLow === DT_STRSZ) dynamic.strsz = read()
    else if (tagLow === DT_SONAME) dynamic.soname = read()
    else if (tagLow === DT_VERNEED) dynamic.verneed = read()
    else if (tagLow === DT_VERNEEDNUM) dynamic.verneednum = read()
  }
  return dynamic
}

/** A virtual address in the file, through the PT_LOAD segment that maps it. */
function fileOffset(segments: Segment[], address: number, what: string): number {
  for (const s of segments) {
    if (s.type === PT_LOAD && address >= s.vaddr && address < s.vaddr + s.filesz) return s.offset + (address - s.vaddr)
  }
  throw new Corrupt(`${what} address is in no loadable segment`)
}

function fromProgramHeaders(r: Reader, info: ElfInfo, segments: Segment[], dynamicSegment: Segment): void {
  const dynamic = dynamicEntries(r, dynamicSegment.offset, dynamicSegment.filesz)
  if (dynamic.strtab === undefined) {
    if (dynamic.needed.length || dynamic.verneed !== undefined) throw new Corrupt('dynamic section has no string table')
    return
  }
  const strtab = fileOffset(segments, dynamic.strtab, 'string table')
  // Without DT_STRSZ, a string may run to the end of the segment holding the table.
  const holder = segments.find(s => s.type === PT_LOAD && strtab >= s.offset && strtab < s.offset + s.filesz)
  const strEnd = dynamic.strsz !== undefined ? strtab + dynamic.strsz : holder ? holder.offset + holder.filesz : r.data.length
  const name = (offset: number, what: string) => r.string(strtab + offset, strEnd, what)
  info.neededLibraries = dynamic.needed.map(offset => name(offset, 'needed library name'))
  if (dynamic.soname !== undefined) info.soname = name(dynamic.soname, 'soname')
  if (dynamic.verneed !== undefined) {
    const start = fileOffset(segments, dynamic.verneed, 'version needs')
    info.versionsNeeded = versionNeeds(r, start, dynamic.verneednum, name)
  }
}

/** Fallback for files with section headers but no PT_DYNAMIC (relocatable objects, odd linkers). */
function fromSectionHeaders(r: Reader, info: ElfInfo, shoff: number, shnum: number, shentsize: number): boolean {
  const count = Math.min(shnum, 1 << 16)
  const section = (index: number) => {
    if (index >= count) throw new Corrupt('section link out of range')
    const at = shoff + index * shentsize
    const type = r.u32(at + 4, 'section header')
    const offset = r.u64(at + 24, 'section header')
    const size = r.u64(at + 32, 'section header')
    if (type !== SHT_NOBITS) r.span(offset, size, 'a section')
    return { type, offset, size, link: r.u32(at + 40, 'section header'), info: r.u32(at + 44, 'section header') }
  }
  let found = false
  for (let i = 0; i < count; i++) {
    const s = section(i)
    if (s.type !== SHT_DYNAMIC && s.type !== SHT_GNU_VERNEED) continue
    found = true
    const strings = section(s.link)
    const name = (offset: number, what: string) => r.string(strings.offset + offset, strings.offset + strings.size, what)
    if (s.type === SHT_GNU_VERNEED) {
      info.versionsNeeded = versionNeeds(r, s.offset, s.info || undefined, name, s.offset + s.size)
    } else {
      const dynamic = dynamicEntries(r, s.offset, s.size)
      info.neededLibraries = dynamic.needed.map(offset => name(offset, 'needed library name'))
      if (dynamic.soname !== undefined) info.soname = name(dynamic.soname, 'soname')
    }
  }
  return found
}

/**
 * Elf64_Verneed { vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32 } entries, each with vn_cnt
 * Elf64_Vernaux { vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32 }. Offsets are relative
 * and unsigned, so chains only move forward; a zero next ends a chain whatever the count says.
 */
function versionNeeds(
  r: Reader,
  start: number,
  count: number | undefined,
  name: (offset: number, what: string) => string,
  end = r.data.length
): { file: string; versions: string[] }[] {
  const needs: { file: string; versions: string[] }[] = []
  let at = start
  let auxTotal = 0
  for (let i = 0; count === undefined || i < count; i++) {
    if (i >= MAX_VERNEED) throw new Corrupt('too many version needs')
    if (at + 16 > end) throw new Corrupt('version needs past the end of their table')
    const version = r.u16(at, 'version need')
    if (version !== 1) throw new Corrupt(`version need has unknown version ${version}`)
    const cnt = r.u16(at + 2, 'version need')
    const file = name(r.u32(at + 4, 'version need'), 'version need file name')
    const versions: string[] = []
    let aux = at + r.u32(at + 8, 'version need')
    for (let j = 0; j < cnt; j++) {
      if (++auxTotal > MAX_VERNAUX) throw new Corrupt('too many needed versions')
      if (aux + 16 > end) throw new Corrupt('needed versions past the end of their table')
      versions.push(name(r.u32(aux + 8, 'needed version'), 'needed version name'))
      const next = r.u32(aux + 12, 'needed version')
      if (next === 0) break
      aux += next
    }
    needs.push({ file, versions })
    const next = r.u32(at + 12, 'version need')
    if (next === 0) break
    at += next
  }
  return needs
}

function summarise(info: ElfInfo): void {
  const collect = (prefix: string) => {
    const pattern = new RegExp(`^${prefix}_(\\d+(?:\\.\\d+)+)$`)
    const found = new Set<string>()
    for (const need of info.versionsNeeded) {
      for (const version of need.versions) {
        const match = pattern.exec(version)
        if (match) found.add(match[1])
      }
    }
    return [...found].sort(compareVersions)
  }
  // Only glibc defines GLIBC_x.y versions, whichever of its libraries (libc, libm, libpthread, ld-linux…)
  // a file names, so the name alone decides; GLIBC_PRIVATE has no number and is no requirement on a release.
  info.glibcVersionsNeeded = collect('GLIBC')
  info.glibcxxVersionsNeeded = collect('GLIBCXX')
  info.cxxabiVersionsNeeded = collect('CXXABI')
}

/** "2.3.4" vs "2.14": numeric, part by part. */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number)
  const y = b.split('.').map(Number)
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d) return d
  }
  return 0
}
