import path from 'node:path'
import { EM_AARCH64, EM_X86_64, compareVersions, readElf, type ElfInfo } from './elf.js'

export { readElf, type ElfInfo } from './elf.js'

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
  architecture: 'x86_64' | 'arm64'
  /** The runtime's glibc, [major, minor]: [2, 26] for python3.10/3.11 (AL2), [2, 34] for python3.12+ (AL2023). */
  glibc: readonly [number, number]
  /** The runtime's name, for messages ("python3.11"). */
  runtime?: string
}

export interface BinaryProblem {
  /** The file's path in the install tree ("orjson/orjson.cpython-311-x86_64-linux-gnu.so"). */
  file: string
  /** The distribution whose RECORD lists the file, when known. */
  distribution?: string
  /** One short phrase that follows the file name: "is an ELF for aarch64, not x86_64". */
  problem: string
}

export interface AuditResult {
  /** Files recognised as ELF, Mach-O or PE. */
  binaries: number
  /** The newest GLIBC_ version any ELF of the target's machine needs ("2.17"). */
  maxGlibc?: string
  /** The newest GLIBCXX_ / CXXABI_ versions needed from the system's libstdc++.so.6 (info only). */
  maxGlibcxx?: string
  maxCxxabi?: string
  /** Files that must not ship: any problem fails the audit. */
  problems: BinaryProblem[]
  /** Worth knowing, never failing: see the module comment. */
  notes: BinaryProblem[]
}

/** What the runtime's system libstdc++ defines, by Amazon Linux generation (AL2: GCC 7, AL2023: GCC 11). */
const LIBSTDCXX = {
  AL2: { gcc: 'GCC 7', glibcxx: '3.4.24', cxxabi: '1.3.11' },
  AL2023: { gcc: 'GCC 11', glibcxx: '3.4.29', cxxabi: '1.3.13' }
}

const TARGET_MACHINE: Record<AuditTarget['architecture'], number> = { x86_64: EM_X86_64, arm64: EM_AARCH64 }

const OS_ABIS: Record<number, string> = { 1: 'HP-UX', 2: 'NetBSD', 6: 'Solaris', 7: 'AIX', 9: 'FreeBSD', 12: 'OpenBSD' }

export type BinaryKind = 'elf' | 'macho' | 'pe'

/** ELF, Mach-O (thin, either byte order, or universal) or PE by magic bytes; undefined for anything else. */
export function binaryKind(data: Buffer): BinaryKind | undefined {
  if (data.length < 4) return undefined
  const magic = data.readUInt32BE(0)
  if (magic === 0x7f454c46) return 'elf'
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic)) return 'macho'
  // Universal (fat) headers share 0xcafebabe with Java class files; an architecture count of 1…30 is Mach-O,
  // where a class file has its version (≥ 45) instead, as file(1) decides.
  if (magic === 0xcafebabe || magic === 0xcafebabf || magic === 0xbebafeca || magic === 0xbfbafeca) {
    if (data.length < 8) return undefined
    const count = magic === 0xcafebabe || magic === 0xcafebabf ? data.readUInt32BE(4) : data.readUInt32LE(4)
    return count >= 1 && count <= 30 ? 'macho' : undefined
  }
  if (data[0] === 0x4d && data[1] === 0x5a && data.length >= 0x40) {
    const pe = data.readUInt32LE(0x3c)
    if (pe + 4 <= data.length && data.readUInt32BE(pe) === 0x50450000) return 'pe'
  }
  return undefined
}

/** Check every file; names are paths in the install tree, `ownerOf` names the distribution that installed each. */
export function auditFiles(
  files: readonly { name: string; data: Buffer; head?: Buffer; elf?: ElfInfo }[],
  target: AuditTarget,
  ownerOf?: ((name: string) => string | undefined) | ReadonlyMap<string, string>
): AuditResult {
  const owner = typeof ownerOf === 'function' ? ownerOf : (name: string) => ownerOf?.get(name)
  const result: AuditResult = { binaries: 0, problems: [], notes: [] }
  const report = (list: BinaryProblem[], file: string, problem: string) => {
    const distribution = owner(file)
    list.push(distribution === undefined ? { file, problem } : { file, distribution, problem })
  }
  const libstdcxx = LIBSTDCXX[compareVersions(target.glibc.join('.'), '2.26') <= 0 ? 'AL2' : 'AL2023']
  const runtime = target.runtime ? `${target.runtime}'s` : "the target's"
  const ceiling = target.glibc.join('.')

  for (const file of files) {
    // A file that comes with its head (kept compressed) is inflated only when that head may be a binary's: "MZ"
    // may start a PE file, whose header comes later.
    if (file.head && !binaryKind(file.head) && file.head.toString('latin1', 0, 2) !== 'MZ') continue
    const { name } = file
    // An ELF read while its bytes were at hand (a wheel's file) is not read again.
    const data = file.elf ? undefined : file.data
    const kind = data ? binaryKind(data) : 'elf'
    if (!kind) continue
    result.binaries++
    if (kind === 'macho') {
      report(result.problems, name, 'is a macOS (Mach-O) binary')
      continue
    }
    if (kind === 'pe') {
      if (/\.exe$/i.test(name)) report(result.notes, name, 'is a Windows (PE) executable, never run on Lambda')
      else report(result.problems, name, 'is a Windows (PE) binary')
      continue
    }
    const elf = file.elf ?? (readElf(data as Buffer) as ElfInfo)
    const problem = elfProblem(elf, name, target)
    if (problem) {
      report(result.problems, name, problem)
      continue
    }
    const glibc = elf.glibcVersionsNeeded.at(-1)
    if (glibc && (!result.maxGlibc || compareVersions(glibc, result.maxGlibc) > 0)) result.maxGlibc = glibc
    if (glibc && compareVersions(glibc, ceiling) > 0) {
      report(result.problems, name, `needs GLIBC_${glibc}, newer than ${runtime} ${ceiling}`)
      continue
    }
    // Only what the system's libstdc++.so.6 must define: a vendored copy has a hashed file name.
    const system = elf.versionsNeeded.filter(need => need.file === 'libstdc++.so.6').flatMap(need => need.versions)
    for (const [prefix, key, limit] of [
      ['GLIBCXX', 'maxGlibcxx', libstdcxx.glibcxx],
      ['CXXABI', 'maxCxxabi', libstdcxx.cxxabi]
    ] as const) {
      const newest = newestVersion(system, prefix)
      if (!newest) continue
      if (!result[key] || compareVersions(newest, result[key]) > 0) result[key] = newest
      if (compareVersions(newest, limit) > 0) {
        report(result.notes, name, `needs ${prefix}_${newest}, newer than the ${prefix}_${limit} of ${runtime} libstdc++ (${libstdcxx.gcc}); it loads only where a newer libstdc++ is present`)
      }
    }
  }
  return result
}

/** The reason an ELF cannot run on the target, glibc aside (checked by the caller, which also tracks the maximum). */
function elfProblem(elf: ElfInfo, name: string, target: AuditTarget): string | undefined {
  const wanted = target.architecture
  if (elf.error) return `is a damaged ELF file (${elf.error})`
  if (elf.bits !== 64) return `is a 32-bit ELF for ${elf.machineName}, not ${wanted}`
  if (!elf.littleEndian) return `is a big-endian ELF for ${elf.machineName}, not ${wanted}`
  if (elf.machine !== TARGET_MACHINE[wanted]) return `is an ELF for ${elf.machineName}, not ${wanted}`
  if (elf.osAbi !== 0 && elf.osAbi !== 3) return `is an ELF for ${OS_ABIS[elf.osAbi] ?? `OS/ABI ${elf.osAbi}`}, not Linux`
  if (isMusl(elf, name)) return 'is linked against musl libc'
  return undefined
}

/**
 * musllinux wheels: an extension module links plain "libc.so" (musl's libc has no versioned soname; glibc's is
 * libc.so.6), Alpine executables may name libc.musl-<arch>.so.1, and executables ask for /lib/ld-musl-<arch>.so.1.
 * CPython's extension suffix says so too ("….cpython-311-x86_64-linux-musl.so"), for modules that link no libc.
 */
function isMusl(elf: ElfInfo, name: string): boolean {
  return (
    elf.neededLibraries.some(lib => lib === 'libc.so' || /^libc\.musl-.+\.so\.1$/.test(lib) || /^ld-musl-.+\.so\.1$/.test(lib)) ||
    /(^|\/)ld-musl-/.test(elf.interpreter ?? '') ||
    /-linux-musl\w*\.so$/.test(name)
  )
}

function newestVersion(versions: string[], prefix: string): string | undefined {
  let newest: string | undefined
  for (const version of versions) {
    const match = new RegExp(`^${prefix}_(\\d+(?:\\.\\d+)+)$`).exec(version)
    if (match && (!newest || compareVersions(match[1], newest) > 0)) newest = match[1]
  }
  return newest
}

/**
 * File path → distribution name, from every `<name>-<version>.dist-info/RECORD` among files. RECORD is CSV
 * (path,hash,size) with paths relative to the folder holding the dist-info; a path with a comma or quote is
 * quoted. Paths leaving that folder (console scripts: "../../bin/x") are skipped.
 */
export function ownersFromRecords(files: readonly { name: string; data: Buffer }[]): Map<string, string> {
  const owners = new Map<string, string>()
  for (const file of files) {
    const match = /^((?:.*\/)?)([^/]+)-[^/-]+\.dist-info\/RECORD$/.exec(file.name)
    if (!match) continue
    const [, root, distribution] = match
    for (const line of file.data.toString('utf8').split('\n')) {
      const listed = firstCsvField(line.replace(/\r$/, ''))
      if (!listed) continue
      const normalised = path.posix.normalize(listed.replace(/\\/g, '/'))
      if (normalised.startsWith('../') || normalised === '..' || normalised.startsWith('/')) continue
      owners.set(root + normalised, distribution)
    }
  }
  return owners
}

function firstCsvField(line: string): string {
  if (!line.startsWith('"')) {
    const comma = line.indexOf(',')
    return comma < 0 ? line : line.slice(0, comma)
  }
  let field = ''
  for (let i = 1; i < line.length; i++) {
    if (line[i] !== '"') field += line[i]
    else if (line[i + 1] === '"') {
      field += '"'
      i++
    } else break
  }
  return field
}
