import zlib, { constants, deflateRaw, deflateRawSync, inflateRawSync, type ZlibOptions } from 'node:zlib'
import { SpindriftError } from '../common/errors.js'

/**
 * The zip file format, written by hand: adm-zip compresses one entry at a time on the main thread, which made
 * the zip phase the slowest part of a cold build. Here entries are deflated concurrently on libuv's thread
 * pool, CRCs come from zlib's native crc32, and entries of an existing zip (the cached dependency layer) are
 * copied as their compressed bytes. Zips are read by their central directory alone (directoryOf).
 */

/** One entry ready to be written: its compressed bytes and what its headers say about them. */
export interface PackedEntry {
  name: string
  method: typeof STORED | typeof DEFLATED
  crc: number
  /** Uncompressed size. */
  size: number
  compressed: Buffer
  executable: boolean
}

/** A file to compress: its name in the zip, its bytes and whether it is executable. */
export interface ZipSource {
  name: string
  /** The bytes; a PackedSource inflates them afresh on each read (see sizeOf and `head`). */
  readonly data: Buffer
  executable?: boolean
  /** Already compressed (a wheel's entry): a zip copies it as it is. */
  readonly packed?: PackedEntry
  /** The first bytes, at least HEAD of them unless the file is shorter: enough to tell a binary by. */
  readonly head?: Buffer
  /** The bytes' sha256 (hex), when already known (checked against a wheel's RECORD). */
  readonly sha256?: string
}

/** How many bytes `head` holds: enough for binaryKind's magic numbers (and a universal Mach-O's count). */
export const HEAD = 16

/**
 * A file kept as its zip entry, compressed: `data` inflates it on every read, for the reader to use and drop, so
 * a layer's files are never all held inflated at once (a cold build held every file inflated till the end).
 */
export class PackedSource implements ZipSource {
  readonly name: string
  readonly executable: boolean

  constructor(readonly packed: PackedEntry, readonly head: Buffer, readonly sha256?: string) {
    this.name = packed.name
    this.executable = packed.executable
  }

  get data(): Buffer {
    return inflatedEntry(this.packed)
  }
}

/** A source's uncompressed size, without inflating a packed one. */
export function sizeOf(source: ZipSource): number {
  return source.packed ? source.packed.size : source.data.length
}

/** An entry's bytes: a stored one's are its compressed bytes as they are. */
export function inflatedEntry(entry: { method: number; compressed: Buffer; size: number }): Buffer {
  if (entry.method === STORED) return entry.compressed
  // One output buffer of the size the directory gives (never more than deflate can expand to, whatever a damaged
  // directory says), and a byte more so that zlib asks for no other: no 16 KiB pieces joined into a second copy.
  const size = Math.min(entry.size, entry.compressed.length * MAX_DEFLATE_RATIO)
  return inflateRawSync(entry.compressed, { chunkSize: Math.max(constants.Z_MIN_CHUNK, size + 1) })
}

/** Deflate expands at most about 1032-fold (258 bytes per 2-bit code). */
const MAX_DEFLATE_RATIO = 1032

export const STORED = 0
export const DEFLATED = 8
/** zlib's default, the level Info-ZIP uses too. */
const LEVEL = 6
/** Zip "version made by": Unix host (3), so unzip and Lambda honour the stored modes; spec version 2.0. */
const MADE_BY_UNIX = (3 << 8) | 20
const FILE_MODE = 0o100644
const EXEC_MODE = 0o100755
/** Bit 11 of the general-purpose flags: the name is UTF-8. */
const UTF8_NAME = 0x0800
/** Files this small are deflated on the main thread between dispatches: a pool round trip costs more than they do. */
const SMALL_FILE = 16 * 1024
/** Compress at most this many bytes on the main thread before letting finished pool jobs hand over their results. */
const MAIN_THREAD_SLICE = 128 * 1024
/**
 * Larger files are deflated in pieces of this size, in parallel, as pigz does: each piece is primed with the
 * 32 KiB before it as its dictionary and ends on a sync flush, so the pieces join into one valid deflate
 * stream that is as small as a whole one. The piece size is fixed, so the bytes depend only on the file.
 */
const PIECE = 1024 * 1024
const WINDOW = 32 * 1024

/** A file's entry: deflated, or stored when deflate does not make it smaller (empty files, compressed data). */
function packedFrom(source: ZipSource, deflated: Buffer): PackedEntry {
  const stored = deflated.length >= source.data.length
  return {
    name: source.name,
    method: stored ? STORED : DEFLATED,
    crc: checksum(source.data),
    size: source.data.length,
    compressed: stored ? source.data : deflated,
    executable: source.executable ?? false
  }
}

/** zlib's native CRC-32; read from the module object, so an older Node fails here with a sentence, not at load. */
function checksum(data: Buffer): number {
  if (typeof zlib.crc32 !== 'function') throw new SpindriftError(`spindrift needs Node.js 20.15 or newer (for zlib.crc32), but this is Node.js ${process.version}; upgrade Node.`)
  return zlib.crc32(data)
}

/** One piece of a large file for the thread pool: bytes start..end of sources[source]. */
interface Piece {
  source: number
  index: number
  start: number
  end: number
}

function deflatePiece(data: Buffer, { start, end }: Piece): Promise<Buffer> {
  // An output buffer the piece surely fits in: with zlib's default (16 KiB) every full buffer is a round trip
  // through the main thread, which stalls the pool whenever the main thread is busy.
  const options: ZlibOptions = { level: LEVEL, chunkSize: end - start + 64 * 1024 }
  if (start > 0) options.dictionary = data.subarray(Math.max(0, start - WINDOW), start)
  if (end < data.length) options.finishFlush = constants.Z_SYNC_FLUSH
  return new Promise((resolve, reject) => deflateRaw(data.subarray(start, end), options, (error, result) => (error ? reject(error) : resolve(result))))
}

function piecesOf(sources: ZipSource[]): Piece[] {
  const pieces: Piece[] = []
  sources.forEach((source, i) => {
    const size = source.data.length
    if (size <= SMALL_FILE) return
    for (let start = 0, index = 0; start < size; start += PIECE, index++) pieces.push({ source: i, index, start, end: Math.min(size, start + PIECE) })
  })
  // Largest first, so the last job to finish is a short one.
  return pieces.sort((a, b) => b.end - b.start - (a.end - a.start))
}

/**
 * Compress the sources, in their order. Large files go to libuv's thread pool in pieces, a few at a time (each
 * zlib stream holds about 300 KB of state, so dispatching thousands at once would cost gigabytes); the main
 * thread meanwhile deflates the small ones, in slices, so the pool is refilled as soon as a job finishes.
 */
export async function packSources(sources: ZipSource[]): Promise<PackedEntry[]> {
  const packed: PackedEntry[] = new Array(sources.length)
  const pieces = piecesOf(sources)
  const deflated = new Map<number, Buffer[]>()
  let next = 0
  const poolWorker = async () => {
    while (next < pieces.length) {
      const piece = pieces[next++]
      const parts = deflated.get(piece.source) ?? []
      deflated.set(piece.source, parts)
      parts[piece.index] = await deflatePiece(sources[piece.source].data, piece)
    }
  }
  const mainThreadWorker = async () => {
    let sliceBytes = 0
    for (let i = 0; i < sources.length; i++) {
      if (sources[i].data.length > SMALL_FILE) continue
      packed[i] = packedFrom(sources[i], deflateRawSync(sources[i].data, { level: LEVEL }))
      sliceBytes += sources[i].data.length
      if (sliceBytes >= MAIN_THREAD_SLICE) {
        sliceBytes = 0
        await new Promise(resolve => setImmediate(resolve))
      }
    }
  }
  await Promise.all([mainThreadWorker(), ...Array.from({ length: poolJobs() }, poolWorker)])
  for (const [i, parts] of deflated) packed[i] = packedFrom(sources[i], parts.length === 1 ? parts[0] : Buffer.concat(parts))
  return packed
}

/**
 * One job per thread of libuv's pool (UV_THREADPOOL_SIZE, 4 by default), even with fewer cores: measured on 2
 * cores, 4 jobs beat 2, because a pool thread whose job ends while the main thread is busy would otherwise wait.
 */
function poolJobs(): number {
  return Math.max(1, Number(process.env.UV_THREADPOOL_SIZE) || 4)
}

/** One entry of a zip as its directory describes it; `compressed` is a slice of the zip, never copied or inflated. */
export interface StoredEntry {
  name: string
  method: number
  crc: number
  size: number
  compressed: Buffer
  /** Unix mode from the external attributes (0 when the zip was made on a host without one). */
  mode: number
}

/** A zip this reader does not take: `unsupported` for what it never handles (Zip64, encryption, other methods), else damaged. */
export class ZipLayoutError extends Error {
  constructor(message: string, readonly unsupported: boolean) {
    super(message)
  }
}

/**
 * The entries of a zip from its central directory, in its order: only stored or deflated entries, no Zip64, no
 * encryption (wheels and spindrift's own layers need none). Reads headers only: a layer of 10,000 files is
 * listed in milliseconds, where adm-zip took a tenth of a second.
 */
export function directoryOf(zip: Buffer): StoredEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), zip.length - 22)
  if (eocd < 0) throw new ZipLayoutError('it has no zip directory', false)
  const count = zip.readUInt16LE(eocd + 10)
  let at = zip.readUInt32LE(eocd + 16)
  if (count === 0xffff || at === 0xffffffff) throw new ZipLayoutError('is a Zip64 archive', true)
  const entries: StoredEntry[] = []
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw new ZipLayoutError('its zip directory is cut short', false)
    const flags = zip.readUInt16LE(at + 8)
    const method = zip.readUInt16LE(at + 10)
    const compressedSize = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32)
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength)
    const local = zip.readUInt32LE(at + 42)
    if (flags & 1) throw new ZipLayoutError('holds an encrypted entry', true)
    if (method !== STORED && method !== DEFLATED) throw new ZipLayoutError(`uses compression method ${method}`, true)
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) throw new ZipLayoutError(`the entry ${name} is not where its directory says`, false)
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    if (start + compressedSize > zip.length) throw new ZipLayoutError(`the entry ${name} is cut short`, false)
    entries.push({ name, method, crc: zip.readUInt32LE(at + 16), size: zip.readUInt32LE(at + 24), compressed: zip.subarray(start, start + compressedSize), mode: zip.readUInt32LE(at + 38) >>> 16 })
    at += 46 + skip
  }
  return entries
}

/** The entries of a zip as they are stored: compressed bytes are sliced from it, never inflated. */
export function packedEntriesOf(zip: Buffer): PackedEntry[] {
  let entries: StoredEntry[]
  try {
    entries = directoryOf(zip)
  } catch (error) {
    if (error instanceof ZipLayoutError) throw new SpindriftError(`The zip cannot be copied entry by entry: ${error.message.replace(/^(is|holds|uses) /, 'it $1 ')}.`)
    throw error
  }
  return entries.map(({ name, method, crc, size, compressed, mode }) => ({ name, method: method as PackedEntry['method'], crc, size, compressed, executable: (mode & 0o111) !== 0 }))
}

/**
 * The run of fields a local header (from byte 4) and a central directory header (from byte 6) share: version
 * needed, flags, method, DOS time and date, CRC-32, compressed and uncompressed size, name length. The extra
 * field length that follows stays 0.
 */
function writeSharedFields(header: Buffer, at: number, entry: PackedEntry, { version, flags, timeval, nameLength }: { version: number; flags: number; timeval: number; nameLength: number }): void {
  header.writeUInt16LE(version, at)
  header.writeUInt16LE(flags, at + 2)
  header.writeUInt16LE(entry.method, at + 4)
  header.writeUInt32LE(timeval >>> 0, at + 6)
  header.writeUInt32LE(entry.crc >>> 0, at + 10)
  header.writeUInt32LE(entry.compressed.length, at + 14)
  header.writeUInt32LE(entry.size, at + 18)
  header.writeUInt16LE(nameLength, at + 22)
}

/** The zip's bytes in one buffer (see zipParts). */
export function writeEntries(entries: PackedEntry[], timeval: number): Buffer {
  return Buffer.concat(zipParts(entries, timeval))
}

/**
 * The zip's bytes, as the parts they are made of in order: headers, and each entry's compressed bytes as they
 * are (not copied), so a zip is written and hashed without being joined into one more copy. Entries in the order
 * given, each with the same timestamp, Unix "made by", mode 0644 or 0755 and no extra fields, so the output
 * depends on nothing but the entries. Zip64 is never needed for a Lambda package (250 MB unzipped at most), so
 * sizes past the classic format's limits are refused.
 */
export function zipParts(entries: PackedEntry[], timeval: number): Buffer[] {
  if (entries.length > 0xffff) throw new SpindriftError(`The package has ${entries.length} files, more than a zip without Zip64 can hold (65,535); exclude files with package.exclude.`)
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const flags = name.length === entry.name.length ? 0 : UTF8_NAME
    const version = entry.method === DEFLATED ? 20 : 10
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    writeSharedFields(local, 4, entry, { version, flags, timeval, nameLength: name.length })
    parts.push(local, name, entry.compressed)

    const header = Buffer.alloc(46)
    header.writeUInt32LE(0x02014b50, 0)
    header.writeUInt16LE(MADE_BY_UNIX, 4)
    writeSharedFields(header, 6, entry, { version, flags, timeval, nameLength: name.length })
    header.writeUInt32LE(((entry.executable ? EXEC_MODE : FILE_MODE) << 16) >>> 0, 38)
    header.writeUInt32LE(offset, 42)
    central.push(header, name)

    offset += local.length + name.length + entry.compressed.length
    if (offset > 0xffffffff) throw new SpindriftError('The zip would be over 4 GiB, which a zip without Zip64 cannot hold and Lambda would never accept; exclude files with package.exclude.')
  }
  const centralSize = central.reduce((total, part) => total + part.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(centralSize, 12)
  end.writeUInt32LE(offset, 16)
  return [...parts, ...central, end]
}
