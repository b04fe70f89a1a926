import { createHash, randomBytes, type Hash } from 'node:crypto'
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { SpindriftError } from './errors.js'

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir spins forever on some file systems (a folder
 * under /proc answers ENOENT for ever), so a bad output path would hang instead of failing.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = []
  let current = path.resolve(dir)
  while (!existsSync(current)) {
    missing.unshift(current)
    const parent = path.dirname(current)
    if (parent === current) break
    current = parent
  }
  for (const folder of missing) mkdirSync(folder)
}

/** Best-effort cleanup on a failure path: the failure being reported matters more than this one. */
export function removeQuietly(file: string): void {
  try {
    rmSync(file, { recursive: true, force: true })
  } catch {
    // nothing more to do
  }
}

/** A write that failed because the disk (or the user's quota) is full. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
}

/**
 * What a file is written from: one buffer, or the parts it is made of in order (a zip's headers and entries), so
 * that a zip of tens of megabytes is written without being joined into one more copy first.
 */
export type Bytes = Buffer | readonly Buffer[]

function partsOf(data: Bytes): readonly Buffer[] {
  return Buffer.isBuffer(data) ? [data] : data
}

/** How many bytes data holds. */
export function byteLength(data: Bytes): number {
  return partsOf(data).reduce((total, part) => total + part.length, 0)
}

/** Parts smaller than this are gathered into writes of this size: a zip has three small headers per file. */
const WRITE_BATCH = 256 * 1024

/** Every byte of data to fd, small parts gathered into larger writes. */
function writeAll(fd: number, data: Bytes): void {
  if (Buffer.isBuffer(data)) return writeFully(fd, data)
  const batch = Buffer.allocUnsafe(WRITE_BATCH)
  let used = 0
  for (const part of data) {
    if (used + part.length > WRITE_BATCH) {
      writeFully(fd, batch.subarray(0, used))
      used = 0
    }
    if (part.length >= WRITE_BATCH) writeFully(fd, part)
    else used += part.copy(batch, used)
  }
  writeFully(fd, batch.subarray(0, used))
}

/** Every byte of data to fd: one writeSync may write fewer bytes than asked (a nearly full disk). */
function writeFully(fd: number, data: Buffer): void {
  let offset = 0
  while (offset < data.length) {
    const written = writeSync(fd, data, offset, data.length - offset)
    // No progress and no error: the file system cannot take more, which is what a full disk looks like.
    if (written <= 0) throw Object.assign(new Error(`no space left: ${offset} of ${data.length} bytes written`), { code: 'ENOSPC' })
    offset += written
  }
}

/**
 * Replace file with data, or leave it as it was: data goes to temp (created new, beside the file), is flushed
 * and read back, then renamed into place. Returns the SHA-256 of the bytes on disk, which are the bytes asked for.
 * Throws the file system's error (the temp file removed) on any failure, ENOSPC included.
 */
export function replaceFile(file: string, data: Bytes, temp: string, mode = 0o644): Buffer {
  const digest = stageFile(data, temp, mode)
  try {
    renameSync(temp, file)
    return digest
  } catch (error) {
    removeQuietly(temp)
    throw error
  }
}

/**
 * Put a cache file in place: written whole under temp, then renamed. Neither flushed nor read back, unlike
 * replaceFile: every cache file is checked against its hash whenever it is read, so a torn write costs a
 * rebuild, never a wrong zip, and flushing tens of megabytes of wheels would cost every cold build.
 */
export function keepCacheFile(file: string, data: Bytes, temp: string): void {
  try {
    const fd = openSync(temp, 'wx', 0o644)
    try {
      writeAll(fd, data)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, file)
  } catch (error) {
    removeQuietly(temp)
    throw error
  }
}

/**
 * The first half of replaceFile: the bytes written whole to temp, flushed and read back (a short write or a full
 * disk is caught here, never after a rename); returns the SHA-256 of what is on disk.
 */
export function stageFile(data: Bytes, temp: string, mode = 0o644): Buffer {
  try {
    const fd = openSync(temp, 'wx', mode)
    try {
      writeAll(fd, data)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    return readBackDigest(temp, data)
  } catch (error) {
    removeQuietly(temp)
    throw error
  }
}

/**
 * stageFile for large files (the zips), with the same checks overlapped: the bytes are hashed on the main thread
 * while libuv's pool writes them, and the file is read back and compared while the pool flushes it. The digest
 * is of the bytes asked for, which the read-back proves the file holds. `hashed` gets it as soon as it is known,
 * to start work that needs it (the zip's SBOM) while the file is flushed; the staging still fails as before.
 */
export async function stageLargeFile(data: Bytes, temp: string, { mode = 0o644, hashed }: { mode?: number; hashed?: (digest: Buffer) => void } = {}): Promise<Buffer> {
  try {
    const handle = await open(temp, 'wx', mode)
    try {
      const written = writeAllTo(handle, data)
      const hash = createHash('sha256')
      for (const part of partsOf(data)) hash.update(part)
      const digest = hash.digest()
      await written
      const synced = handle.sync()
      try {
        hashed?.(digest)
        readBack(temp, data)
      } finally {
        // A failed flush (a full disk noticed late) fails the staging even when the read-back matched.
        await synced
      }
      return digest
    } finally {
      await handle.close()
    }
  } catch (error) {
    removeQuietly(temp)
    throw error
  }
}

/** writeAll on libuv's pool: small parts gathered into larger writes, each written fully. */
async function writeAllTo(handle: FileHandle, data: Bytes): Promise<void> {
  const writeFullyTo = async (buffer: Buffer): Promise<void> => {
    let offset = 0
    while (offset < buffer.length) {
      const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset)
      if (bytesWritten <= 0) throw Object.assign(new Error(`no space left: ${offset} of ${buffer.length} bytes written`), { code: 'ENOSPC' })
      offset += bytesWritten
    }
  }
  if (Buffer.isBuffer(data)) return writeFullyTo(data)
  // A fresh batch per write: the pool may still be reading the one before.
  let batch = Buffer.allocUnsafe(WRITE_BATCH)
  let used = 0
  for (const part of data) {
    if (used + part.length > WRITE_BATCH) {
      await writeFullyTo(batch.subarray(0, used))
      batch = Buffer.allocUnsafe(WRITE_BATCH)
      used = 0
    }
    if (part.length >= WRITE_BATCH) await writeFullyTo(part)
    else used += part.copy(batch, used)
  }
  await writeFullyTo(batch.subarray(0, used))
}

/** Bytes compared (and hashed) per read: the file is checked without holding a second copy of it. */
const READ_BACK_CHUNK = 1 << 20

/** The SHA-256 of what `file` holds, which must be `expected` byte for byte (else an EIO error). */
function readBackDigest(file: string, expected: Bytes): Buffer {
  const hash = createHash('sha256')
  readBack(file, expected, hash)
  return hash.digest()
}

/** `file` must hold `expected` byte for byte (else an EIO error); what it holds goes to `hash` as it is read. */
function readBack(file: string, expected: Bytes, hash?: Hash): void {
  const parts = partsOf(expected)
  const length = byteLength(parts)
  const chunk = Buffer.allocUnsafe(Math.min(READ_BACK_CHUNK, Math.max(length, 1)))
  const fd = openSync(file, 'r')
  try {
    let at = 0
    // Where the next byte to compare is: parts[part], from byte within.
    let part = 0
    let within = 0
    const matches = (read: Buffer): boolean => {
      for (let i = 0; i < read.length; ) {
        if (part === parts.length) return false
        const n = Math.min(parts[part].length - within, read.length - i)
        if (!read.subarray(i, i + n).equals(parts[part].subarray(within, within + n))) return false
        i += n
        within += n
        if (within === parts[part].length) {
          part++
          within = 0
        }
      }
      return true
    }
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, at)
      if (read === 0 || !matches(chunk.subarray(0, read))) break
      hash?.update(chunk.subarray(0, read))
      at += read
    }
    if (at !== length || readSync(fd, chunk, 0, 1, at) !== 0) throw Object.assign(new Error(`${file} does not hold the ${length} bytes written (they differ from byte ${at})`), { code: 'EIO' })
  } finally {
    closeSync(fd)
  }
}

/** Bytes read per job on libuv's pool while the main thread hashes the chunk before. */
const HASHED_READ_CHUNK = 1 << 20

/**
 * A file's bytes and the SHA-256 of exactly those bytes. The next chunks are read on libuv's pool while the
 * main thread hashes the one before, so a large file (the cached layer) costs little more than its read.
 */
export async function readFileHashed(file: string): Promise<{ data: Buffer; sha256: string }> {
  const handle = await open(file, 'r')
  try {
    const { size } = await handle.stat()
    const data = Buffer.allocUnsafe(size)
    const hash = createHash('sha256')
    const read = (at: number) => (at < size ? handle.read(data, at, Math.min(HASHED_READ_CHUNK, size - at), at).then(r => r.bytesRead) : Promise.resolve(0))
    // Two reads in flight: the pool is never idle while a chunk is hashed.
    const pending = [read(0), read(HASHED_READ_CHUNK)]
    let at = 0
    try {
      for (;;) {
        const wanted = Math.min(HASHED_READ_CHUNK, size - at)
        const got = await pending.shift()!
        if (got === 0) break
        pending.push(read(at + 2 * HASHED_READ_CHUNK))
        hash.update(data.subarray(at, at + got))
        at += got
        // A file cut short meanwhile ends here: what was read is what is hashed and returned.
        if (got < wanted) break
      }
    } finally {
      // Reads still in flight finish before the handle closes (their outcome no longer matters).
      await Promise.allSettled(pending)
    }
    return { data: data.subarray(0, at), sha256: hash.digest('hex') }
  } finally {
    await handle.close()
  }
}

/** A temp name beside file, unique to this process and call: `.name.<pid>.<random>.tmp`. */
export function tempNameBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

/** One sentence for a failed write; a full disk is named as such, and the previous file is said to be intact. */
export function cannotWrite(what: string, error: unknown, fix: string): string {
  const code = (error as NodeJS.ErrnoException).code
  if (isDiskFull(error)) return `Cannot write ${what}: the disk is full (${code}); free some space or ${fix} (any previous file there is unchanged).`
  const why = code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'it is not writable' : `${code ?? (error as Error).message}`
  return `Cannot write ${what} (${why}); ${fix}.`
}

/**
 * A text file the run reads (a requirements file), as UTF-8: one that is not is one sentence naming the file
 * and the line of its first bad byte, instead of pip's decoding traceback later.
 */
export function readUtf8File(file: string, what: string): string {
  const bytes = readFileSync(file)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    const bad = firstBadByte(bytes)
    const line = bytes.subarray(0, bad).toString('latin1').split('\n').length
    throw new SpindriftError(`${what} ${file} is not valid UTF-8 text (byte 0x${bytes[bad]?.toString(16).padStart(2, '0')} on line ${line}); save it as UTF-8.`)
  }
}

/** Where the first byte that breaks UTF-8 is (a TextDecoder only says that one does). */
function firstBadByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0
    if (length === 0) return i
    for (let j = 1; j < length; j++) if (i + j >= bytes.length || (bytes[i + j] & 0xc0) !== 0x80) return i
    i += length - 1
  }
  return 0
}
