import path from 'node:path';
import { existsSync, mkdirSync, renameSync, rmSync, openSync, closeSync, fsyncSync, writeSync, readFileSync, readSync, realpathSync, statSync, lstatSync, readdirSync, mkdtempSync, utimesSync, writeFileSync, symlinkSync, copyFileSync } from 'node:fs';
import fs__default from 'fs';
import path__default from 'path';
import require$$0 from 'zlib';
import crypto__default from 'crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { open, writeFile } from 'node:fs/promises';
import http, { get as get$2 } from 'node:http';
import https, { get as get$1 } from 'node:https';
import zlib, { constants as constants$2, createGunzip, createInflate, deflateRawSync, inflateRawSync, deflateRaw } from 'node:zlib';
import { performance } from 'node:perf_hooks';

var commonjsGlobal = typeof globalThis !== 'undefined' ? globalThis : typeof window !== 'undefined' ? window : typeof global !== 'undefined' ? global : typeof self !== 'undefined' ? self : {};

function getDefaultExportFromCjs (x) {
	return x && x.__esModule && Object.prototype.hasOwnProperty.call(x, 'default') ? x['default'] : x;
}

/**
 * A problem the user can fix: bad settings, a missing path, a dependency with no wheel for the target.
 * Its message is one sentence (what is wrong, where, how to fix it); the faces print it without a stack trace.
 */
class SpindriftError extends Error {
    /** Where the problem is, when it is in a file: used for annotations. */
    file;
    line;
    constructor(message, where = {}) {
        super(message);
        this.name = 'SpindriftError';
        this.file = where.file;
        this.line = where.line;
    }
}
/**
 * How a CLI command ends on an error: a SpindriftError is its one sentence (exit 1); anything else is an
 * internal error, with the stack only when SPINDRIFT_DEBUG is set (exit 70).
 */
function reportFailure(error) {
    const known = asUserError(error);
    if (known) {
        process.stderr.write(`spindrift: ${known.message}\n`);
        return 1;
    }
    const detail = process.env.SPINDRIFT_DEBUG ? error.stack : error.message;
    process.stderr.write(`spindrift: unexpected internal error: ${detail}; please report it (set SPINDRIFT_DEBUG=1 for details).\n`);
    return 70;
}
/** How much of a value a message quotes: enough to recognise it, never a whole document. */
const QUOTE_LIMIT = 80;
/** A value as a message quotes it: its first QUOTE_LIMIT characters, then "…"; line breaks shown as \\n. */
function quote(value) {
    const text = String(value).replace(/\r?\n/g, '\\n');
    return `"${text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text}"`;
}
/**
 * What each operating-system error a user can fix means, and what to do about it. Anything else (ENOENT on a
 * file spindrift made itself, EBADF, …) is a bug and stays an internal error.
 */
const OS_CAUSES = {
    ENAMETOOLONG: { cause: 'its name, or the whole path, is longer than the file system allows', fix: 'use a shorter name or a shallower folder' },
    EACCES: { cause: 'permission is denied', fix: 'give the user running spindrift access to it, or exclude it (package.exclude)' },
    EPERM: { cause: 'the operation is not permitted', fix: 'give the user running spindrift access to it, or choose another path' },
    EROFS: { cause: 'it is on a read-only file system', fix: 'choose a writable folder (output.path, TMPDIR, SPINDRIFT_CACHE_DIR)' },
    ENOSPC: { cause: 'the disk is full', fix: 'free some space or choose a folder on another disk' },
    EDQUOT: { cause: "the user's disk quota is used up", fix: 'free some space or choose a folder on another disk' },
    ELOOP: { cause: 'it goes through too many symbolic links (a loop)', fix: 'remove the looping link' },
    EMFILE: { cause: 'the process has too many files open', fix: 'raise the open-file limit (ulimit -n)' },
    ENFILE: { cause: 'the system has too many files open', fix: 'close other programs or raise the system limit' },
    ENOTDIR: { cause: 'a part of the path is a file, not a folder', fix: 'fix the path' },
    EISDIR: { cause: 'it is a folder, not a file', fix: "give a file's path" },
    ERR_FS_FILE_TOO_LARGE: { cause: 'the file is over 2 GiB, far over the 250 MB Lambda unzips', fix: 'exclude it (package.exclude)' }
};
const OPERATIONS = { open: 'open', read: 'read', write: 'write', scandir: 'list', opendir: 'list', mkdir: 'create', mkdtemp: 'create', rename: 'rename', unlink: 'remove', rmdir: 'remove', rm: 'remove', copyfile: 'copy', symlink: 'create', stat: 'read', lstat: 'read', realpath: 'read', readlink: 'read', spawn: 'run' };
/**
 * The one sentence for a file-system error the user can fix (a name too long, no permission, a read-only or
 * full disk, a link loop, too many open files, a file where a folder belongs…), naming the path and the cause;
 * undefined for any other error. Every face reports failures through this, so exit 70 stays for real bugs.
 */
function asUserError(error) {
    if (error instanceof SpindriftError)
        return error;
    const { code, path: file, syscall } = (error ?? {});
    const known = code ? OS_CAUSES[code] : undefined;
    if (!known)
        return undefined;
    const what = file ? `${OPERATIONS[syscall ?? ''] ?? 'use'} ${shortPath(String(file))}` : syscall ? `${OPERATIONS[syscall] ?? syscall} a file` : 'read a file';
    return new SpindriftError(`Cannot ${what}: ${known.cause} (${code}); ${known.fix}.`);
}
/** A path as a message shows it: whole up to 200 characters, else its start and its end around "…". */
function shortPath(file) {
    return file.length > 200 ? `${file.slice(0, 60)}…${file.slice(-120)}` : file;
}
/** Closest candidate by edit distance, for "did you mean" hints; undefined when nothing is close. */
function closest(word, candidates) {
    let best;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir spins forever on some file systems (a folder
 * under /proc answers ENOENT for ever), so a bad output path would hang instead of failing.
 */
function makeFolders(dir) {
    const missing = [];
    let current = path.resolve(dir);
    while (!existsSync(current)) {
        missing.unshift(current);
        const parent = path.dirname(current);
        if (parent === current)
            break;
        current = parent;
    }
    for (const folder of missing)
        mkdirSync(folder);
}
/** Best-effort cleanup on a failure path: the failure being reported matters more than this one. */
function removeQuietly(file) {
    try {
        rmSync(file, { recursive: true, force: true });
    }
    catch {
        // nothing more to do
    }
}
/** A write that failed because the disk (or the user's quota) is full. */
function isDiskFull(error) {
    const code = error?.code;
    return code === 'ENOSPC' || code === 'EDQUOT';
}
function partsOf(data) {
    return Buffer.isBuffer(data) ? [data] : data;
}
/** How many bytes data holds. */
function byteLength(data) {
    return partsOf(data).reduce((total, part) => total + part.length, 0);
}
/** Parts smaller than this are gathered into writes of this size: a zip has three small headers per file. */
const WRITE_BATCH = 256 * 1024;
/** Every byte of data to fd, small parts gathered into larger writes. */
function writeAll$1(fd, data) {
    if (Buffer.isBuffer(data))
        return writeFully(fd, data);
    const batch = Buffer.allocUnsafe(WRITE_BATCH);
    let used = 0;
    for (const part of data) {
        if (used + part.length > WRITE_BATCH) {
            writeFully(fd, batch.subarray(0, used));
            used = 0;
        }
        if (part.length >= WRITE_BATCH)
            writeFully(fd, part);
        else
            used += part.copy(batch, used);
    }
    writeFully(fd, batch.subarray(0, used));
}
/** Every byte of data to fd: one writeSync may write fewer bytes than asked (a nearly full disk). */
function writeFully(fd, data) {
    let offset = 0;
    while (offset < data.length) {
        const written = writeSync(fd, data, offset, data.length - offset);
        // No progress and no error: the file system cannot take more, which is what a full disk looks like.
        if (written <= 0)
            throw Object.assign(new Error(`no space left: ${offset} of ${data.length} bytes written`), { code: 'ENOSPC' });
        offset += written;
    }
}
/**
 * Replace file with data, or leave it as it was: data goes to temp (created new, beside the file), is flushed
 * and read back, then renamed into place. Returns the SHA-256 of the bytes on disk, which are the bytes asked for.
 * Throws the file system's error (the temp file removed) on any failure, ENOSPC included.
 */
function replaceFile(file, data, temp, mode = 0o644) {
    const digest = stageFile(data, temp, mode);
    try {
        renameSync(temp, file);
        return digest;
    }
    catch (error) {
        removeQuietly(temp);
        throw error;
    }
}
/**
 * Put a cache file in place: written whole under temp, then renamed. Neither flushed nor read back, unlike
 * replaceFile: every cache file is checked against its hash whenever it is read, so a torn write costs a
 * rebuild, never a wrong zip, and flushing tens of megabytes of wheels would cost every cold build.
 */
function keepCacheFile(file, data, temp) {
    try {
        const fd = openSync(temp, 'wx', 0o644);
        try {
            writeAll$1(fd, data);
        }
        finally {
            closeSync(fd);
        }
        renameSync(temp, file);
    }
    catch (error) {
        removeQuietly(temp);
        throw error;
    }
}
/**
 * The first half of replaceFile: the bytes written whole to temp, flushed and read back (a short write or a full
 * disk is caught here, never after a rename); returns the SHA-256 of what is on disk.
 */
function stageFile(data, temp, mode = 0o644) {
    try {
        const fd = openSync(temp, 'wx', mode);
        try {
            writeAll$1(fd, data);
            fsyncSync(fd);
        }
        finally {
            closeSync(fd);
        }
        return readBackDigest(temp, data);
    }
    catch (error) {
        removeQuietly(temp);
        throw error;
    }
}
/**
 * stageFile for large files (the zips), with the same checks overlapped: the bytes are hashed on the main thread
 * while libuv's pool writes them, and the file is read back and compared while the pool flushes it. The digest
 * is of the bytes asked for, which the read-back proves the file holds. `hashed` gets it as soon as it is known,
 * to start work that needs it (the zip's SBOM) while the file is flushed; the staging still fails as before.
 */
async function stageLargeFile(data, temp, { mode = 0o644, hashed } = {}) {
    try {
        const handle = await open(temp, 'wx', mode);
        try {
            const written = writeAllTo(handle, data);
            const hash = createHash('sha256');
            for (const part of partsOf(data))
                hash.update(part);
            const digest = hash.digest();
            await written;
            const synced = handle.sync();
            try {
                hashed?.(digest);
                readBack(temp, data);
            }
            finally {
                // A failed flush (a full disk noticed late) fails the staging even when the read-back matched.
                await synced;
            }
            return digest;
        }
        finally {
            await handle.close();
        }
    }
    catch (error) {
        removeQuietly(temp);
        throw error;
    }
}
/** writeAll on libuv's pool: small parts gathered into larger writes, each written fully. */
async function writeAllTo(handle, data) {
    const writeFullyTo = async (buffer) => {
        let offset = 0;
        while (offset < buffer.length) {
            const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
            if (bytesWritten <= 0)
                throw Object.assign(new Error(`no space left: ${offset} of ${buffer.length} bytes written`), { code: 'ENOSPC' });
            offset += bytesWritten;
        }
    };
    if (Buffer.isBuffer(data))
        return writeFullyTo(data);
    // A fresh batch per write: the pool may still be reading the one before.
    let batch = Buffer.allocUnsafe(WRITE_BATCH);
    let used = 0;
    for (const part of data) {
        if (used + part.length > WRITE_BATCH) {
            await writeFullyTo(batch.subarray(0, used));
            batch = Buffer.allocUnsafe(WRITE_BATCH);
            used = 0;
        }
        if (part.length >= WRITE_BATCH)
            await writeFullyTo(part);
        else
            used += part.copy(batch, used);
    }
    await writeFullyTo(batch.subarray(0, used));
}
/** Bytes compared (and hashed) per read: the file is checked without holding a second copy of it. */
const READ_BACK_CHUNK = 1 << 20;
/** The SHA-256 of what `file` holds, which must be `expected` byte for byte (else an EIO error). */
function readBackDigest(file, expected) {
    const hash = createHash('sha256');
    readBack(file, expected, hash);
    return hash.digest();
}
/** `file` must hold `expected` byte for byte (else an EIO error); what it holds goes to `hash` as it is read. */
function readBack(file, expected, hash) {
    const parts = partsOf(expected);
    const length = byteLength(parts);
    const chunk = Buffer.allocUnsafe(Math.min(READ_BACK_CHUNK, Math.max(length, 1)));
    const fd = openSync(file, 'r');
    try {
        let at = 0;
        // Where the next byte to compare is: parts[part], from byte within.
        let part = 0;
        let within = 0;
        const matches = (read) => {
            for (let i = 0; i < read.length;) {
                if (part === parts.length)
                    return false;
                const n = Math.min(parts[part].length - within, read.length - i);
                if (!read.subarray(i, i + n).equals(parts[part].subarray(within, within + n)))
                    return false;
                i += n;
                within += n;
                if (within === parts[part].length) {
                    part++;
                    within = 0;
                }
            }
            return true;
        };
        for (;;) {
            const read = readSync(fd, chunk, 0, chunk.length, at);
            if (read === 0 || !matches(chunk.subarray(0, read)))
                break;
            hash?.update(chunk.subarray(0, read));
            at += read;
        }
        if (at !== length || readSync(fd, chunk, 0, 1, at) !== 0)
            throw Object.assign(new Error(`${file} does not hold the ${length} bytes written (they differ from byte ${at})`), { code: 'EIO' });
    }
    finally {
        closeSync(fd);
    }
}
/** Bytes read per job on libuv's pool while the main thread hashes the chunk before. */
const HASHED_READ_CHUNK = 1 << 20;
/**
 * A file's bytes and the SHA-256 of exactly those bytes. The next chunks are read on libuv's pool while the
 * main thread hashes the one before, so a large file (the cached layer) costs little more than its read.
 */
async function readFileHashed(file) {
    const handle = await open(file, 'r');
    try {
        const { size } = await handle.stat();
        const data = Buffer.allocUnsafe(size);
        const hash = createHash('sha256');
        const read = (at) => (at < size ? handle.read(data, at, Math.min(HASHED_READ_CHUNK, size - at), at).then(r => r.bytesRead) : Promise.resolve(0));
        // Two reads in flight: the pool is never idle while a chunk is hashed.
        const pending = [read(0), read(HASHED_READ_CHUNK)];
        let at = 0;
        try {
            for (;;) {
                const wanted = Math.min(HASHED_READ_CHUNK, size - at);
                const got = await pending.shift();
                if (got === 0)
                    break;
                pending.push(read(at + 2 * HASHED_READ_CHUNK));
                hash.update(data.subarray(at, at + got));
                at += got;
                // A file cut short meanwhile ends here: what was read is what is hashed and returned.
                if (got < wanted)
                    break;
            }
        }
        finally {
            // Reads still in flight finish before the handle closes (their outcome no longer matters).
            await Promise.allSettled(pending);
        }
        return { data: data.subarray(0, at), sha256: hash.digest('hex') };
    }
    finally {
        await handle.close();
    }
}
/** A temp name beside file, unique to this process and call: `.name.<pid>.<random>.tmp`. */
function tempNameBeside(file) {
    return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}
/** One sentence for a failed write; a full disk is named as such, and the previous file is said to be intact. */
function cannotWrite(what, error, fix) {
    const code = error.code;
    if (isDiskFull(error))
        return `Cannot write ${what}: the disk is full (${code}); free some space or ${fix} (any previous file there is unchanged).`;
    const why = code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'it is not writable' : `${code ?? error.message}`;
    return `Cannot write ${what} (${why}); ${fix}.`;
}
/**
 * A text file the run reads (a requirements file), as UTF-8: one that is not is one sentence naming the file
 * and the line of its first bad byte, instead of pip's decoding traceback later.
 */
function readUtf8File(file, what) {
    const bytes = readFileSync(file);
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        const bad = firstBadByte(bytes);
        const line = bytes.subarray(0, bad).toString('latin1').split('\n').length;
        throw new SpindriftError(`${what} ${file} is not valid UTF-8 text (byte 0x${bytes[bad]?.toString(16).padStart(2, '0')} on line ${line}); save it as UTF-8.`);
    }
}
/** Where the first byte that breaks UTF-8 is (a TextDecoder only says that one does). */
function firstBadByte(bytes) {
    for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
        if (length === 0)
            return i;
        for (let j = 1; j < length; j++)
            if (i + j >= bytes.length || (bytes[i + j] & 0xc0) !== 0x80)
                return i;
        i += length - 1;
    }
    return 0;
}

var util = {exports: {}};

var constants$1;
var hasRequiredConstants$1;

function requireConstants$1 () {
	if (hasRequiredConstants$1) return constants$1;
	hasRequiredConstants$1 = 1;
	constants$1 = {
	    /* The local file header */
	    LOCHDR           : 30, // LOC header size
	    LOCSIG           : 0x04034b50, // "PK\003\004"
	    LOCVER           : 4,	// version needed to extract
	    LOCFLG           : 6, // general purpose bit flag
	    LOCHOW           : 8, // compression method
	    LOCTIM           : 10, // modification time (2 bytes time, 2 bytes date)
	    LOCCRC           : 14, // uncompressed file crc-32 value
	    LOCSIZ           : 18, // compressed size
	    LOCLEN           : 22, // uncompressed size
	    LOCNAM           : 26, // filename length
	    LOCEXT           : 28, // extra field length

	    /* The Data descriptor */
	    EXTSIG           : 0x08074b50, // "PK\007\008"
	    EXTHDR           : 16, // EXT header size
	    EXTCRC           : 4, // uncompressed file crc-32 value
	    EXTSIZ           : 8, // compressed size
	    EXTLEN           : 12, // uncompressed size

	    /* The central directory file header */
	    CENHDR           : 46, // CEN header size
	    CENSIG           : 0x02014b50, // "PK\001\002"
	    CENVEM           : 4, // version made by
	    CENVER           : 6, // version needed to extract
	    CENFLG           : 8, // encrypt, decrypt flags
	    CENHOW           : 10, // compression method
	    CENTIM           : 12, // modification time (2 bytes time, 2 bytes date)
	    CENCRC           : 16, // uncompressed file crc-32 value
	    CENSIZ           : 20, // compressed size
	    CENLEN           : 24, // uncompressed size
	    CENNAM           : 28, // filename length
	    CENEXT           : 30, // extra field length
	    CENCOM           : 32, // file comment length
	    CENDSK           : 34, // volume number start
	    CENATT           : 36, // internal file attributes
	    CENATX           : 38, // external file attributes (host system dependent)
	    CENOFF           : 42, // LOC header offset

	    /* The entries in the end of central directory */
	    ENDHDR           : 22, // END header size
	    ENDSIG           : 0x06054b50, // "PK\005\006"
	    ENDSUB           : 8, // number of entries on this disk
	    ENDTOT           : 10, // total number of entries
	    ENDSIZ           : 12, // central directory size in bytes
	    ENDOFF           : 16, // offset of first CEN header
	    ENDCOM           : 20, // zip file comment length

	    END64HDR         : 20, // zip64 END header size
	    END64SIG         : 0x07064b50, // zip64 Locator signature, "PK\006\007"
	    END64START       : 4, // number of the disk with the start of the zip64
	    END64OFF         : 8, // relative offset of the zip64 end of central directory
	    END64NUMDISKS    : 16, // total number of disks

	    ZIP64SIG         : 0x06064b50, // zip64 signature, "PK\006\006"
	    ZIP64HDR         : 56, // zip64 record minimum size
	    ZIP64LEAD        : 12, // leading bytes at the start of the record, not counted by the value stored in ZIP64SIZE
	    ZIP64SIZE        : 4, // zip64 size of the central directory record
	    ZIP64VEM         : 12, // zip64 version made by
	    ZIP64VER         : 14, // zip64 version needed to extract
	    ZIP64DSK         : 16, // zip64 number of this disk
	    ZIP64DSKDIR      : 20, // number of the disk with the start of the record directory
	    ZIP64SUB         : 24, // number of entries on this disk
	    ZIP64TOT         : 32, // total number of entries
	    ZIP64SIZB        : 40, // zip64 central directory size in bytes
	    ZIP64OFF         : 48, // offset of start of central directory with respect to the starting disk number
	    ZIP64EXTRA       : 56, // extensible data sector

	    /* Compression methods */
	    STORED           : 0, // no compression
	    SHRUNK           : 1, // shrunk
	    REDUCED1         : 2, // reduced with compression factor 1
	    REDUCED2         : 3, // reduced with compression factor 2
	    REDUCED3         : 4, // reduced with compression factor 3
	    REDUCED4         : 5, // reduced with compression factor 4
	    IMPLODED         : 6, // imploded
	    // 7 reserved for Tokenizing compression algorithm
	    DEFLATED         : 8, // deflated
	    ENHANCED_DEFLATED: 9, // enhanced deflated
	    PKWARE           : 10,// PKWare DCL imploded
	    // 11 reserved by PKWARE
	    BZIP2            : 12, //  compressed using BZIP2
	    // 13 reserved by PKWARE
	    LZMA             : 14, // LZMA
	    // 15-17 reserved by PKWARE
	    IBM_TERSE        : 18, // compressed using IBM TERSE
	    IBM_LZ77         : 19, // IBM LZ77 z
	    AES_ENCRYPT      : 99, // WinZIP AES encryption method

	    /* General purpose bit flag */
	    // values can obtained with expression 2**bitnr
	    FLG_ENC          : 1,    // Bit 0: encrypted file
	    FLG_COMP1        : 2,    // Bit 1, compression option
	    FLG_COMP2        : 4,    // Bit 2, compression option
	    FLG_DESC         : 8,    // Bit 3, data descriptor
	    FLG_ENH          : 16,   // Bit 4, enhanced deflating
	    FLG_PATCH        : 32,   // Bit 5, indicates that the file is compressed patched data.
	    FLG_STR          : 64,   // Bit 6, strong encryption (patented)
	                             // Bits 7-10: Currently unused.
	    FLG_EFS          : 2048, // Bit 11: Language encoding flag (EFS)
	                             // Bit 12: Reserved by PKWARE for enhanced compression.
	                             // Bit 13: encrypted the Central Directory (patented).
	                             // Bits 14-15: Reserved by PKWARE.
	    FLG_MSK          : 4096, // mask header values

	    /* Load type */
	    FILE             : 2,
	    BUFFER           : 1,
	    NONE             : 0,

	    /* 4.5 Extensible data fields */
	    EF_ID            : 0,
	    EF_SIZE          : 2,

	    /* Header IDs */
	    ID_ZIP64         : 0x0001,
	    ID_AVINFO        : 0x0007,
	    ID_PFS           : 0x0008,
	    ID_OS2           : 0x0009,
	    ID_NTFS          : 0x000a,
	    ID_OPENVMS       : 0x000c,
	    ID_UNIX          : 0x000d,
	    ID_FORK          : 0x000e,
	    ID_PATCH         : 0x000f,
	    ID_X509_PKCS7    : 0x0014,
	    ID_X509_CERTID_F : 0x0015,
	    ID_X509_CERTID_C : 0x0016,
	    ID_STRONGENC     : 0x0017,
	    ID_RECORD_MGT    : 0x0018,
	    ID_X509_PKCS7_RL : 0x0019,
	    ID_IBM1          : 0x0065,
	    ID_IBM2          : 0x0066,
	    ID_POSZIP        : 0x4690,

	    EF_ZIP64_OR_32   : 0xffffffff,
	    EF_ZIP64_OR_16   : 0xffff,
	    EF_ZIP64_SUNCOMP : 0,
	    EF_ZIP64_SCOMP   : 8,
	    EF_ZIP64_RHO     : 16,
	    EF_ZIP64_DSN     : 24
	};
	return constants$1;
}

var errors = {};

var hasRequiredErrors;

function requireErrors () {
	if (hasRequiredErrors) return errors;
	hasRequiredErrors = 1;
	(function (exports) {
		const errors = {
		    /* Header error messages */
		    INVALID_LOC: "Invalid LOC header (bad signature)",
		    INVALID_CEN: "Invalid CEN header (bad signature)",
		    INVALID_END: "Invalid END header (bad signature)",

		    /* Descriptor */
		    DESCRIPTOR_NOT_EXIST: "No descriptor present",
		    DESCRIPTOR_UNKNOWN: "Unknown descriptor format",
		    DESCRIPTOR_FAULTY: "Descriptor data is malformed",

		    /* ZipEntry error messages*/
		    NO_DATA: "Nothing to decompress",
		    BAD_CRC: "CRC32 checksum failed {0}",
		    MAX_OUTPUT_EXCEEDED: "Decompressed data exceeds the declared uncompressed size",
		    FILE_IN_THE_WAY: "There is a file in the way: {0}",
		    UNKNOWN_METHOD: "Invalid/unsupported compression method",

		    /* Inflater error messages */
		    AVAIL_DATA: "inflate::Available inflate data did not terminate",
		    INVALID_DISTANCE: "inflate::Invalid literal/length or distance code in fixed or dynamic block",
		    TO_MANY_CODES: "inflate::Dynamic block code description: too many length or distance codes",
		    INVALID_REPEAT_LEN: "inflate::Dynamic block code description: repeat more than specified lengths",
		    INVALID_REPEAT_FIRST: "inflate::Dynamic block code description: repeat lengths with no first length",
		    INCOMPLETE_CODES: "inflate::Dynamic block code description: code lengths codes incomplete",
		    INVALID_DYN_DISTANCE: "inflate::Dynamic block code description: invalid distance code lengths",
		    INVALID_CODES_LEN: "inflate::Dynamic block code description: invalid literal/length code lengths",
		    INVALID_STORE_BLOCK: "inflate::Stored block length did not match one's complement",
		    INVALID_BLOCK_TYPE: "inflate::Invalid block type (type == 3)",

		    /* ADM-ZIP error messages */
		    CANT_EXTRACT_FILE: "Could not extract the file",
		    CANT_OVERRIDE: "Target file already exists",
		    DISK_ENTRY_TOO_LARGE: "Number of disk entries is too large",
		    NO_ZIP: "No zip file was loaded",
		    NO_ENTRY: "Entry doesn't exist",
		    DUPLICATE_ENTRY: "Duplicate entry name {0}",
		    DIRECTORY_CONTENT_ERROR: "A directory cannot have content",
		    FILE_NOT_FOUND: 'File not found: "{0}"',
		    NOT_IMPLEMENTED: "Not implemented",
		    INVALID_FILENAME: "Invalid filename",
		    INVALID_FORMAT: "Invalid or unsupported zip format. No END header found",
		    ZIP64_VALUE_TOO_LARGE: "Zip64 value exceeds the maximum safe integer",
		    INVALID_PASS_PARAM: "Incompatible password parameter",
		    WRONG_PASSWORD: "Wrong Password",

		    /* ADM-ZIP */
		    COMMENT_TOO_LONG: "Comment is too long", // Comment can be max 65535 bytes long (NOTE: some non-US characters may take more space)
		    EXTRA_FIELD_PARSE_ERROR: "Extra field parsing error"
		};

		// template
		function E(message) {
		    return function (...args) {
		        if (args.length) { // Allow {0} .. {9} arguments in error message, based on argument number
		            message = message.replace(/\{(\d)\}/g, (_, n) => args[n] || '');
		        }

		        return new Error('ADM-ZIP: ' + message);
		    };
		}

		// Init errors with template
		for (const msg of Object.keys(errors)) {
		    exports[msg] = E(errors[msg]);
		} 
	} (errors));
	return errors;
}

var utils$1;
var hasRequiredUtils$1;

function requireUtils$1 () {
	if (hasRequiredUtils$1) return utils$1;
	hasRequiredUtils$1 = 1;
	const fsystem = fs__default;
	const pth = path__default;
	const Constants = requireConstants$1();
	const Errors = requireErrors();
	const isWin = typeof process === "object" && "win32" === process.platform;

	const is_Obj = (obj) => typeof obj === "object" && obj !== null;

	// generate CRC32 lookup table
	const crcTable = new Uint32Array(256).map((t, c) => {
	    for (let k = 0; k < 8; k++) {
	        if ((c & 1) !== 0) {
	            c = 0xedb88320 ^ (c >>> 1);
	        } else {
	            c >>>= 1;
	        }
	    }
	    return c >>> 0;
	});

	// UTILS functions

	function Utils(opts) {
	    this.sep = pth.sep;
	    this.fs = fsystem;

	    if (is_Obj(opts)) {
	        // custom filesystem
	        if (is_Obj(opts.fs) && typeof opts.fs.statSync === "function") {
	            this.fs = opts.fs;
	        }
	    }
	}

	utils$1 = Utils;

	// INSTANTIABLE functions

	Utils.prototype.makeDir = function (/*String*/ folder) {
	    const self = this;

	    // Sync - make directories tree
	    function mkdirSync(/*String*/ fpath) {
	        let resolvedPath = fpath.split(self.sep)[0];
	        fpath.split(self.sep).forEach(function (name) {
	            if (!name || name.substr(-1, 1) === ":") return;
	            resolvedPath += self.sep + name;
	            var stat;
	            try {
	                stat = self.fs.statSync(resolvedPath);
	            } catch (e) {
	                if (e.message && e.message.startsWith('ENOENT')) {
	                    self.fs.mkdirSync(resolvedPath);
	                } else {
	                    throw e;
	                }
	            }
	            if (stat && stat.isFile()) throw Errors.FILE_IN_THE_WAY(`"${resolvedPath}"`);
	        });
	    }

	    mkdirSync(folder);
	};

	Utils.prototype.writeFileTo = function (/*String*/ path, /*Buffer*/ content, /*Boolean*/ overwrite, /*Number*/ attr) {
	    const self = this;
	    if (self.fs.existsSync(path)) {
	        if (!overwrite) return false; // cannot overwrite

	        var stat = self.fs.statSync(path);
	        if (stat.isDirectory()) {
	            return false;
	        }
	    }
	    var folder = pth.dirname(path);
	    if (!self.fs.existsSync(folder)) {
	        self.makeDir(folder);
	    }

	    var fd;
	    try {
	        fd = self.fs.openSync(path, "w", 0o666); // 0666
	    } catch (e) {
	        self.fs.chmodSync(path, 0o666);
	        fd = self.fs.openSync(path, "w", 0o666);
	    }
	    if (fd) {
	        try {
	            self.fs.writeSync(fd, content, 0, content.length, 0);
	        } finally {
	            self.fs.closeSync(fd);
	        }
	    }
	    self.fs.chmodSync(path, attr || 0o666);
	    return true;
	};

	Utils.prototype.writeFileToAsync = function (/*String*/ path, /*Buffer*/ content, /*Boolean*/ overwrite, /*Number*/ attr, /*Function*/ callback) {
	    if (typeof attr === "function") {
	        callback = attr;
	        attr = undefined;
	    }

	    const self = this;

	    self.fs.exists(path, function (exist) {
	        if (exist && !overwrite) return callback(false);

	        self.fs.stat(path, function (err, stat) {
	            if (exist && stat && stat.isDirectory()) {
	                return callback(false);
	            }

	            var folder = pth.dirname(path);
	            self.fs.exists(folder, function (exists) {
	                if (!exists) {
	                    // makeDir is synchronous and can throw (e.g. EACCES); report failure
	                    // rather than letting it escape this callback as an uncaught exception
	                    try {
	                        self.makeDir(folder);
	                    } catch (e) {
	                        return callback(false);
	                    }
	                }

	                // write the content to an open descriptor, then apply the attributes
	                const writeToFd = function (fd) {
	                    self.fs.write(fd, content, 0, content.length, 0, function (writeErr) {
	                        self.fs.close(fd, function () {
	                            // surface write failures instead of silently reporting success (issue #402)
	                            if (writeErr) return callback(false);
	                            self.fs.chmod(path, attr || 0o666, function () {
	                                callback(true);
	                            });
	                        });
	                    });
	                };

	                self.fs.open(path, "w", 0o666, function (err, fd) {
	                    if (err) {
	                        // the target may exist but be read-only: make it writable and retry once
	                        self.fs.chmod(path, 0o666, function () {
	                            self.fs.open(path, "w", 0o666, function (retryErr, fd) {
	                                // Previously the retry error was ignored and an undefined fd was
	                                // passed to fs.write, throwing an uncaught ERR_INVALID_ARG_TYPE that
	                                // crashed the process (issues #470, #459, #402). Report failure instead.
	                                if (retryErr || !fd) return callback(false);
	                                writeToFd(fd);
	                            });
	                        });
	                    } else if (fd) {
	                        writeToFd(fd);
	                    } else {
	                        callback(false);
	                    }
	                });
	            });
	        });
	    });
	};

	// Guard extraction against writing through a symlink that already exists inside
	// the target directory. sanitize() only proves the textual path stays under the
	// root; it cannot see that a component on disk is a symlink pointing elsewhere,
	// so open()/mkdir() would follow it and write outside the root. Walk every path
	// component strictly below root and reject any that is a symlink. Components at
	// or above root are the caller's own choice and are left untouched, so a root
	// that itself lives under a symlink (e.g. /tmp on macOS) still extracts.
	Utils.prototype.assertPathSafe = function (/*String*/ root, /*String*/ target) {
	    const self = this;
	    if (typeof self.fs.lstatSync !== "function") return;

	    const resolvedRoot = pth.resolve(root);
	    const resolvedTarget = pth.resolve(target);
	    if (resolvedTarget === resolvedRoot) return;

	    const rel = pth.relative(resolvedRoot, resolvedTarget);
	    // Not under root: sanitize() is responsible for that case; nothing to walk.
	    if (!rel || rel === ".." || rel.startsWith(".." + pth.sep) || pth.isAbsolute(rel)) return;

	    let cur = resolvedRoot;
	    for (const part of rel.split(pth.sep)) {
	        if (!part || part === ".") continue;
	        cur = pth.join(cur, part);
	        let stat;
	        try {
	            stat = self.fs.lstatSync(cur);
	        } catch (e) {
	            break; // component does not exist yet: nothing below it can be a symlink
	        }
	        if (stat.isSymbolicLink()) throw Errors.FILE_IN_THE_WAY(`"${cur}"`);
	    }
	};

	Utils.prototype.findFiles = function (/*String*/ path) {
	    const self = this;
	    const canLstat = typeof self.fs.lstatSync === "function";
	    const rootReal = self.fs.realpathSync(path);

	    // A symlink whose target lies outside the folder being archived must not be
	    // followed: statSync would dereference it and copy the target's contents into
	    // the archive, disclosing files outside the root (GHSA-wx42-xcp7-pgr4). Allow
	    // symlinks that resolve to a location inside the root, reject any that escape.
	    function escapesRoot(/*String*/ p) {
	        if (!canLstat) return false;
	        if (!self.fs.lstatSync(p).isSymbolicLink()) return false;
	        let real;
	        try {
	            real = self.fs.realpathSync(p);
	        } catch (e) {
	            return true; // dangling or unresolvable symlink: do not follow
	        }
	        return !(real === rootReal || real.startsWith(rootReal + pth.sep));
	    }

	    function findSync(/*String*/ dir, /*RegExp*/ pattern, /*Boolean*/ recursive, /*Set*/ visited) {
	        let files = [];
	        self.fs.readdirSync(dir).forEach(function (file) {
	            const path = pth.join(dir, file);

	            if (escapesRoot(path)) return;

	            const stat = self.fs.statSync(path);

	            {
	                files.push(pth.normalize(path) + (stat.isDirectory() ? self.sep : ""));
	            }

	            if (stat.isDirectory() && recursive) {
	                // Descend by resolved real path and skip directories we have already
	                // visited. This stops a symlink that points back to an ancestor from
	                // recursing forever until the path fails with ELOOP / ENAMETOOLONG
	                // (issue #541).
	                const realDir = self.fs.realpathSync(path);
	                if (!visited.has(realDir)) {
	                    visited.add(realDir);
	                    files = files.concat(findSync(path, pattern, recursive, visited));
	                }
	            }
	        });
	        return files;
	    }

	    return findSync(path, undefined, true, new Set([rootReal]));
	};

	/**
	 * Callback for showing if everything was done.
	 *
	 * @callback filelistCallback
	 * @param {Error} err - Error object
	 * @param {string[]} list - was request fully completed
	 */

	/**
	 *
	 * @param {string} dir
	 * @param {filelistCallback} cb
	 */
	Utils.prototype.findFilesAsync = function (dir, cb) {
	    const self = this;
	    const results = [];
	    let finished = false;
	    const finish = function (err) {
	        if (finished) return;
	        finished = true;
	        cb(err, err ? undefined : results);
	    };

	    const canLstat = typeof self.fs.lstat === "function";
	    let rootReal = null;

	    // Reject a symlink whose target escapes the root being archived, so its
	    // contents are not dereferenced and copied into the archive
	    // (GHSA-wx42-xcp7-pgr4). A symlink resolving to a location inside the root is
	    // allowed; a dangling or escaping one is skipped. Calls back (err, escapes).
	    const escapesRoot = function (file, cb) {
	        if (!canLstat) return cb(null, false);
	        self.fs.lstat(file, function (err, lst) {
	            if (err) return cb(err);
	            if (!lst || !lst.isSymbolicLink()) return cb(null, false);
	            self.fs.realpath(file, function (err, real) {
	                if (err) return cb(null, true); // dangling: do not follow
	                cb(null, !(real === rootReal || real.startsWith(rootReal + pth.sep)));
	            });
	        });
	    };

	    // Descend by resolved real path and skip directories already visited, so a
	    // symlink pointing back to an ancestor cannot recurse forever (issue #541).
	    const walk = function (dir, visited, done) {
	        self.fs.readdir(dir, function (err, list) {
	            if (err) return done(err);
	            let pending = list.length;
	            if (!pending) return done();
	            list.forEach(function (name) {
	                const file = pth.join(dir, name);
	                escapesRoot(file, function (err, escapes) {
	                    if (err) return done(err);
	                    if (escapes) {
	                        if (!--pending) done();
	                        return;
	                    }
	                    self.fs.stat(file, function (err, stat) {
	                        if (err) return done(err);
	                        if (!stat) {
	                            if (!--pending) done();
	                            return;
	                        }
	                        results.push(pth.normalize(file) + (stat.isDirectory() ? self.sep : ""));
	                        if (!stat.isDirectory()) {
	                            if (!--pending) done();
	                            return;
	                        }
	                        self.fs.realpath(file, function (err, realDir) {
	                            if (err) return done(err);
	                            if (visited.has(realDir)) {
	                                if (!--pending) done();
	                                return;
	                            }
	                            visited.add(realDir);
	                            walk(file, visited, function (err) {
	                                if (err) return done(err);
	                                if (!--pending) done();
	                            });
	                        });
	                    });
	                });
	            });
	        });
	    };

	    self.fs.realpath(dir, function (err, realDir) {
	        if (err) return finish(err);
	        rootReal = realDir;
	        walk(dir, new Set([realDir]), finish);
	    });
	};

	Utils.prototype.getAttributes = function () {};

	Utils.prototype.setAttributes = function () {};

	// STATIC functions

	// crc32 single update (it is part of crc32)
	Utils.crc32update = function (crc, byte) {
	    return crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	};

	Utils.crc32 = function (buf) {
	    if (typeof buf === "string") {
	        buf = Buffer.from(buf, "utf8");
	    }

	    let len = buf.length;
	    let crc = -1;
	    for (let off = 0; off < len; ) crc = Utils.crc32update(crc, buf[off++]);
	    // xor and cast as uint32 number
	    return ~crc >>> 0;
	};

	Utils.methodToString = function (/*Number*/ method) {
	    switch (method) {
	        case Constants.STORED:
	            return "STORED (" + method + ")";
	        case Constants.DEFLATED:
	            return "DEFLATED (" + method + ")";
	        default:
	            return "UNSUPPORTED (" + method + ")";
	    }
	};

	/**
	 * removes ".." style path elements
	 * @param {string} path - fixable path
	 * @returns string - fixed filepath
	 */
	Utils.canonical = function (/*string*/ path) {
	    if (!path) return "";
	    // trick normalize think path is absolute
	    const safeSuffix = pth.posix.normalize("/" + path.split("\\").join("/"));
	    return pth.join(".", safeSuffix);
	};

	/**
	 * fix file names in achive
	 * @param {string} path - fixable path
	 * @returns string - fixed filepath
	 */

	Utils.zipnamefix = function (path) {
	    if (!path) return "";
	    // trick normalize think path is absolute
	    const safeSuffix = pth.posix.normalize("/" + path.split("\\").join("/"));
	    return pth.posix.join(".", safeSuffix);
	};

	/**
	 *
	 * @param {Array} arr
	 * @param {function} callback
	 * @returns
	 */
	Utils.findLast = function (arr, callback) {
	    if (!Array.isArray(arr)) throw new TypeError("arr is not array");

	    const len = arr.length >>> 0;
	    for (let i = len - 1; i >= 0; i--) {
	        if (callback(arr[i], i, arr)) {
	            return arr[i];
	        }
	    }
	    return void 0;
	};

	// make absolute paths taking prefix as root folder
	Utils.sanitize = function (/*string*/ prefix, /*string*/ name) {
	    prefix = pth.resolve(pth.normalize(prefix));
	    var parts = name.split("/");
	    for (var i = 0, l = parts.length; i < l; i++) {
	        var path = pth.normalize(pth.join(prefix, parts.slice(i, l).join(pth.sep)));
	        if (path === prefix || path.startsWith(prefix + pth.sep)) {
	            return path;
	        }
	    }
	    return pth.normalize(pth.join(prefix, pth.basename(name)));
	};

	// converts buffer, Uint8Array, string types to buffer
	Utils.toBuffer = function toBuffer(/*buffer, Uint8Array, string*/ input, /* function */ encoder) {
	    if (Buffer.isBuffer(input)) {
	        return input;
	    } else if (input instanceof Uint8Array) {
	        return Buffer.from(input);
	    } else {
	        // expect string all other values are invalid and return empty buffer
	        return typeof input === "string" ? encoder(input) : Buffer.alloc(0);
	    }
	};

	Utils.readBigUInt64LE = function (/*Buffer*/ buffer, /*int*/ index) {
	    const lo = buffer.readUInt32LE(index);
	    const hi = buffer.readUInt32LE(index + 4);
	    const value = hi * 0x100000000 + lo;
	    // The result is a JS number, so values above 2^53 - 1 cannot be represented
	    // exactly. These are zip64 sizes/offsets/counts used as buffer indices; a
	    // silently rounded value would misparse the archive. Reject instead.
	    if (value > Number.MAX_SAFE_INTEGER) {
	        throw Errors.ZIP64_VALUE_TOO_LARGE();
	    }
	    return value;
	};

	Utils.writeBigUInt64LE = function (/*Buffer*/ buffer, /*Number*/ value, /*int*/ index) {
	    const lo = value >>> 0;
	    const hi = Math.floor(value / 0x100000000) >>> 0;
	    buffer.writeUInt32LE(lo, index);
	    buffer.writeUInt32LE(hi, index + 4);
	};

	Utils.fromDOS2Date = function (val) {
	    return new Date(((val >> 25) & 0x7f) + 1980, Math.max(((val >> 21) & 0x0f) - 1, 0), Math.max((val >> 16) & 0x1f, 1), (val >> 11) & 0x1f, (val >> 5) & 0x3f, (val & 0x1f) << 1);
	};

	Utils.fromDate2DOS = function (val) {
	    let date = 0;
	    let time = 0;
	    if (val.getFullYear() > 1979) {
	        date = (((val.getFullYear() - 1980) & 0x7f) << 9) | ((val.getMonth() + 1) << 5) | val.getDate();
	        time = (val.getHours() << 11) | (val.getMinutes() << 5) | (val.getSeconds() >> 1);
	    }
	    return (date << 16) | time;
	};

	Utils.isWin = isWin; // Do we have windows system
	Utils.crcTable = crcTable;
	return utils$1;
}

var fattr;
var hasRequiredFattr;

function requireFattr () {
	if (hasRequiredFattr) return fattr;
	hasRequiredFattr = 1;
	const pth = path__default;

	fattr = function (/*String*/ path, /*Utils object*/ { fs }) {
	    var _path = path || "",
	        _obj = newAttr(),
	        _stat = null;

	    function newAttr() {
	        return {
	            directory: false,
	            readonly: false,
	            hidden: false,
	            executable: false,
	            mtime: 0,
	            atime: 0
	        };
	    }

	    if (_path && fs.existsSync(_path)) {
	        _stat = fs.statSync(_path);
	        _obj.directory = _stat.isDirectory();
	        _obj.mtime = _stat.mtime;
	        _obj.atime = _stat.atime;
	        _obj.executable = (0o111 & _stat.mode) !== 0; // file is executable who ever har right not just owner
	        _obj.readonly = (0o200 & _stat.mode) === 0; // readonly if owner has no write right
	        _obj.hidden = pth.basename(_path)[0] === ".";
	    } else {
	        console.warn("Invalid path: " + _path);
	    }

	    return {
	        get directory() {
	            return _obj.directory;
	        },

	        get readOnly() {
	            return _obj.readonly;
	        },

	        get hidden() {
	            return _obj.hidden;
	        },

	        get mtime() {
	            return _obj.mtime;
	        },

	        get atime() {
	            return _obj.atime;
	        },

	        get executable() {
	            return _obj.executable;
	        },

	        decodeAttributes: function () {},

	        encodeAttributes: function () {},

	        toJSON: function () {
	            return {
	                path: _path,
	                isDirectory: _obj.directory,
	                isReadOnly: _obj.readonly,
	                isHidden: _obj.hidden,
	                isExecutable: _obj.executable,
	                mTime: _obj.mtime,
	                aTime: _obj.atime
	            };
	        },

	        toString: function () {
	            return JSON.stringify(this.toJSON(), null, "\t");
	        }
	    };
	};
	return fattr;
}

var decoder;
var hasRequiredDecoder;

function requireDecoder () {
	if (hasRequiredDecoder) return decoder;
	hasRequiredDecoder = 1;
	decoder = {
	    efs: true,
	    encode: (data) => Buffer.from(data, "utf8"),
	    decode: (data) => data.toString("utf8")
	};
	return decoder;
}

var hasRequiredUtil;

function requireUtil () {
	if (hasRequiredUtil) return util.exports;
	hasRequiredUtil = 1;
	util.exports = requireUtils$1();
	util.exports.Constants = requireConstants$1();
	util.exports.Errors = requireErrors();
	util.exports.FileAttr = requireFattr();
	util.exports.decoder = requireDecoder();
	return util.exports;
}

var headers = {};

var entryHeader;
var hasRequiredEntryHeader;

function requireEntryHeader () {
	if (hasRequiredEntryHeader) return entryHeader;
	hasRequiredEntryHeader = 1;
	var Utils = requireUtil(),
	    Constants = Utils.Constants;

	/* The central directory file header */
	entryHeader = function () {
	    var _verMade = 20, // v2.0
	        _version = 10, // v1.0
	        _flags = 0,
	        _method = 0,
	        _time = 0,
	        _crc = 0,
	        _compressedSize = 0,
	        _size = 0,
	        _fnameLen = 0,
	        _extraLen = 0,
	        _comLen = 0,
	        _diskStart = 0,
	        _inattr = 0,
	        _attr = 0,
	        _offset = 0;

	    _verMade |= Utils.isWin ? 0x0a00 : 0x0300;

	    // Set EFS flag since filename and comment fields are all by default encoded using UTF-8.
	    // Without it file names may be corrupted for other apps when file names use unicode chars
	    _flags |= Constants.FLG_EFS;

	    const _localHeader = {
	        extraLen: 0
	    };

	    // casting
	    const uint32 = (val) => Math.max(0, val) >>> 0;
	    const uint8 = (val) => Math.max(0, val) & 0xff;

	    _time = Utils.fromDate2DOS(new Date());

	    return {
	        get made() {
	            return _verMade;
	        },
	        set made(val) {
	            _verMade = val;
	        },

	        get version() {
	            return _version;
	        },
	        set version(val) {
	            _version = val;
	        },

	        get flags() {
	            return _flags;
	        },
	        set flags(val) {
	            _flags = val;
	        },

	        get flags_efs() {
	            return (_flags & Constants.FLG_EFS) > 0;
	        },
	        set flags_efs(val) {
	            if (val) {
	                _flags |= Constants.FLG_EFS;
	            } else {
	                _flags &= ~Constants.FLG_EFS;
	            }
	        },

	        get flags_desc() {
	            return (_flags & Constants.FLG_DESC) > 0;
	        },
	        set flags_desc(val) {
	            if (val) {
	                _flags |= Constants.FLG_DESC;
	            } else {
	                _flags &= ~Constants.FLG_DESC;
	            }
	        },

	        get method() {
	            return _method;
	        },
	        set method(val) {
	            switch (val) {
	                case Constants.STORED:
	                    this.version = 10;
	                    break;
	                case Constants.DEFLATED:
	                default:
	                    this.version = 20;
	            }
	            _method = val;
	        },

	        get time() {
	            return Utils.fromDOS2Date(this.timeval);
	        },
	        set time(val) {
	            val = new Date(val);
	            this.timeval = Utils.fromDate2DOS(val);
	        },

	        get timeval() {
	            return _time;
	        },
	        set timeval(val) {
	            _time = uint32(val);
	        },

	        get timeHighByte() {
	            return uint8(_time >>> 8);
	        },
	        get crc() {
	            return _crc;
	        },
	        set crc(val) {
	            _crc = uint32(val);
	        },

	        get compressedSize() {
	            return _compressedSize;
	        },
	        set compressedSize(val) {
	            _compressedSize = uint32(val);
	        },

	        get size() {
	            return _size;
	        },
	        set size(val) {
	            _size = uint32(val);
	        },

	        get fileNameLength() {
	            return _fnameLen;
	        },
	        set fileNameLength(val) {
	            _fnameLen = val;
	        },

	        get extraLength() {
	            return _extraLen;
	        },
	        set extraLength(val) {
	            _extraLen = val;
	        },

	        get extraLocalLength() {
	            return _localHeader.extraLen;
	        },
	        set extraLocalLength(val) {
	            _localHeader.extraLen = val;
	        },

	        get commentLength() {
	            return _comLen;
	        },
	        set commentLength(val) {
	            _comLen = val;
	        },

	        get diskNumStart() {
	            return _diskStart;
	        },
	        set diskNumStart(val) {
	            _diskStart = uint32(val);
	        },

	        get inAttr() {
	            return _inattr;
	        },
	        set inAttr(val) {
	            _inattr = uint32(val);
	        },

	        get attr() {
	            return _attr;
	        },
	        set attr(val) {
	            _attr = uint32(val);
	        },

	        // get Unix file permissions
	        get fileAttr() {
	            // Mask to the 9 rwxrwxrwx bits only. The setuid (0o4000), setgid
	            // (0o2000) and sticky (0o1000) bits are attacker-controlled archive
	            // metadata; preserving them on extraction (keepOriginalPermission)
	            // lets a crafted zip plant a setuid-root binary when extracting as
	            // root, a local privilege escalation (GHSA-679w-jf3m-wh39).
	            return ((_attr || 0) >> 16) & 0o777;
	        },

	        get offset() {
	            return _offset;
	        },
	        set offset(val) {
	            _offset = uint32(val);
	        },

	        get encrypted() {
	            return (_flags & Constants.FLG_ENC) === Constants.FLG_ENC;
	        },

	        get centralHeaderSize() {
	            return Constants.CENHDR + _fnameLen + _extraLen + _comLen;
	        },

	        get realDataOffset() {
	            return _offset + Constants.LOCHDR + _localHeader.fnameLen + _localHeader.extraLen;
	        },

	        get localHeader() {
	            return _localHeader;
	        },

	        loadLocalHeaderFromBinary: function (/*Buffer*/ input) {
	            // The LOC offset comes from the central directory and is attacker
	            // controlled. Reject one that would read past the end of the buffer,
	            // otherwise readUInt32LE below throws a raw RangeError instead of a
	            // clean INVALID_LOC (and escapes the async error path).
	            if (_offset < 0 || _offset + Constants.LOCHDR > input.length) {
	                throw Utils.Errors.INVALID_LOC();
	            }
	            var data = input.slice(_offset, _offset + Constants.LOCHDR);
	            // 30 bytes and should start with "PK\003\004"
	            if (data.readUInt32LE(0) !== Constants.LOCSIG) {
	                throw Utils.Errors.INVALID_LOC();
	            }

	            // version needed to extract
	            _localHeader.version = data.readUInt16LE(Constants.LOCVER);
	            // general purpose bit flag
	            _localHeader.flags = data.readUInt16LE(Constants.LOCFLG);
	            // desc flag
	            _localHeader.flags_desc = (_localHeader.flags & Constants.FLG_DESC) > 0;
	            // compression method
	            _localHeader.method = data.readUInt16LE(Constants.LOCHOW);
	            // modification time (2 bytes time, 2 bytes date)
	            _localHeader.time = data.readUInt32LE(Constants.LOCTIM);
	            // uncompressed file crc-32 valu
	            _localHeader.crc = data.readUInt32LE(Constants.LOCCRC);
	            // compressed size
	            _localHeader.compressedSize = data.readUInt32LE(Constants.LOCSIZ);
	            // uncompressed size
	            _localHeader.size = data.readUInt32LE(Constants.LOCLEN);
	            // filename length
	            _localHeader.fnameLen = data.readUInt16LE(Constants.LOCNAM);
	            // extra field length
	            _localHeader.extraLen = data.readUInt16LE(Constants.LOCEXT);

	            // read extra data
	            const extraStart = _offset + Constants.LOCHDR + _localHeader.fnameLen;
	            const extraEnd = extraStart + _localHeader.extraLen;
	            return input.slice(extraStart, extraEnd);
	        },

	        loadFromBinary: function (/*Buffer*/ data) {
	            // data should be 46 bytes and start with "PK 01 02"
	            if (data.length !== Constants.CENHDR || data.readUInt32LE(0) !== Constants.CENSIG) {
	                throw Utils.Errors.INVALID_CEN();
	            }
	            // version made by
	            _verMade = data.readUInt16LE(Constants.CENVEM);
	            // version needed to extract
	            _version = data.readUInt16LE(Constants.CENVER);
	            // encrypt, decrypt flags
	            _flags = data.readUInt16LE(Constants.CENFLG);
	            // compression method
	            _method = data.readUInt16LE(Constants.CENHOW);
	            // modification time (2 bytes time, 2 bytes date)
	            _time = data.readUInt32LE(Constants.CENTIM);
	            // uncompressed file crc-32 value
	            _crc = data.readUInt32LE(Constants.CENCRC);
	            // compressed size
	            _compressedSize = data.readUInt32LE(Constants.CENSIZ);
	            // uncompressed size
	            _size = data.readUInt32LE(Constants.CENLEN);
	            // filename length
	            _fnameLen = data.readUInt16LE(Constants.CENNAM);
	            // extra field length
	            _extraLen = data.readUInt16LE(Constants.CENEXT);
	            // file comment length
	            _comLen = data.readUInt16LE(Constants.CENCOM);
	            // volume number start
	            _diskStart = data.readUInt16LE(Constants.CENDSK);
	            // internal file attributes
	            _inattr = data.readUInt16LE(Constants.CENATT);
	            // external file attributes
	            _attr = data.readUInt32LE(Constants.CENATX);
	            // LOC header offset
	            _offset = data.readUInt32LE(Constants.CENOFF);
	        },

	        localHeaderToBinary: function () {
	            // LOC header size (30 bytes)
	            var data = Buffer.alloc(Constants.LOCHDR);
	            // "PK\003\004"
	            data.writeUInt32LE(Constants.LOCSIG, 0);
	            // version needed to extract
	            data.writeUInt16LE(_version, Constants.LOCVER);
	            // general purpose bit flag
	            // clear bit 3 (data descriptor): we always write the real crc-32
	            // and sizes into this local header, so no trailing descriptor is
	            // emitted. Leaving the flag set would make the output unreadable
	            // (see issue #555).
	            data.writeUInt16LE(_flags & ~Constants.FLG_DESC, Constants.LOCFLG);
	            // compression method
	            data.writeUInt16LE(_method, Constants.LOCHOW);
	            // modification time (2 bytes time, 2 bytes date)
	            data.writeUInt32LE(_time, Constants.LOCTIM);
	            // uncompressed file crc-32 value
	            data.writeUInt32LE(_crc, Constants.LOCCRC);
	            // compressed size
	            data.writeUInt32LE(_compressedSize, Constants.LOCSIZ);
	            // uncompressed size
	            data.writeUInt32LE(_size, Constants.LOCLEN);
	            // filename length
	            data.writeUInt16LE(_fnameLen, Constants.LOCNAM);
	            // extra field length
	            data.writeUInt16LE(_localHeader.extraLen, Constants.LOCEXT);
	            return data;
	        },

	        centralHeaderToBinary: function () {
	            // CEN header size (46 bytes)
	            var data = Buffer.alloc(Constants.CENHDR + _fnameLen + _extraLen + _comLen);
	            // "PK\001\002"
	            data.writeUInt32LE(Constants.CENSIG, 0);
	            // version made by
	            data.writeUInt16LE(_verMade, Constants.CENVEM);
	            // version needed to extract
	            data.writeUInt16LE(_version, Constants.CENVER);
	            // encrypt, decrypt flags
	            // clear bit 3 (data descriptor) to match the local header we emit
	            // (real crc/sizes are written, no descriptor follows the data) — issue #555
	            data.writeUInt16LE(_flags & ~Constants.FLG_DESC, Constants.CENFLG);
	            // compression method
	            data.writeUInt16LE(_method, Constants.CENHOW);
	            // modification time (2 bytes time, 2 bytes date)
	            data.writeUInt32LE(_time, Constants.CENTIM);
	            // uncompressed file crc-32 value
	            data.writeUInt32LE(_crc, Constants.CENCRC);
	            // compressed size
	            data.writeUInt32LE(_compressedSize, Constants.CENSIZ);
	            // uncompressed size
	            data.writeUInt32LE(_size, Constants.CENLEN);
	            // filename length
	            data.writeUInt16LE(_fnameLen, Constants.CENNAM);
	            // extra field length
	            data.writeUInt16LE(_extraLen, Constants.CENEXT);
	            // file comment length
	            data.writeUInt16LE(_comLen, Constants.CENCOM);
	            // volume number start
	            data.writeUInt16LE(_diskStart, Constants.CENDSK);
	            // internal file attributes
	            data.writeUInt16LE(_inattr, Constants.CENATT);
	            // external file attributes
	            data.writeUInt32LE(_attr, Constants.CENATX);
	            // LOC header offset
	            data.writeUInt32LE(_offset, Constants.CENOFF);
	            return data;
	        },

	        toJSON: function () {
	            const bytes = function (nr) {
	                return nr + " bytes";
	            };

	            return {
	                made: _verMade,
	                version: _version,
	                flags: _flags,
	                method: Utils.methodToString(_method),
	                time: this.time,
	                crc: "0x" + _crc.toString(16).toUpperCase(),
	                compressedSize: bytes(_compressedSize),
	                size: bytes(_size),
	                fileNameLength: bytes(_fnameLen),
	                extraLength: bytes(_extraLen),
	                commentLength: bytes(_comLen),
	                diskNumStart: _diskStart,
	                inAttr: _inattr,
	                attr: _attr,
	                offset: _offset,
	                centralHeaderSize: bytes(Constants.CENHDR + _fnameLen + _extraLen + _comLen)
	            };
	        },

	        toString: function () {
	            return JSON.stringify(this.toJSON(), null, "\t");
	        }
	    };
	};
	return entryHeader;
}

var mainHeader;
var hasRequiredMainHeader;

function requireMainHeader () {
	if (hasRequiredMainHeader) return mainHeader;
	hasRequiredMainHeader = 1;
	var Utils = requireUtil(),
	    Constants = Utils.Constants;

	/* The entries in the end of central directory */
	mainHeader = function () {
	    var _volumeEntries = 0,
	        _totalEntries = 0,
	        _size = 0,
	        _offset = 0,
	        _commentLength = 0;

	    const needsZip64 = () => _volumeEntries > Constants.EF_ZIP64_OR_16 || _totalEntries > Constants.EF_ZIP64_OR_16 || _size > Constants.EF_ZIP64_OR_32 || _offset > Constants.EF_ZIP64_OR_32;

	    return {
	        get diskEntries() {
	            return _volumeEntries;
	        },
	        set diskEntries(/*Number*/ val) {
	            _volumeEntries = _totalEntries = val;
	        },

	        get totalEntries() {
	            return _totalEntries;
	        },
	        set totalEntries(/*Number*/ val) {
	            _totalEntries = _volumeEntries = val;
	        },

	        get size() {
	            return _size;
	        },
	        set size(/*Number*/ val) {
	            _size = val;
	        },

	        get offset() {
	            return _offset;
	        },
	        set offset(/*Number*/ val) {
	            _offset = val;
	        },

	        get commentLength() {
	            return _commentLength;
	        },
	        set commentLength(/*Number*/ val) {
	            _commentLength = val;
	        },

	        get mainHeaderSize() {
	            return (needsZip64() ? Constants.ZIP64HDR + Constants.END64HDR : 0) + Constants.ENDHDR + _commentLength;
	        },

	        loadFromBinary: function (/*Buffer*/ data) {
	            // data should be 22 bytes and start with "PK 05 06"
	            // or be 56+ bytes and start with "PK 06 06" for Zip64
	            if (
	                (data.length !== Constants.ENDHDR || data.readUInt32LE(0) !== Constants.ENDSIG) &&
	                (data.length < Constants.ZIP64HDR || data.readUInt32LE(0) !== Constants.ZIP64SIG)
	            ) {
	                throw Utils.Errors.INVALID_END();
	            }

	            if (data.readUInt32LE(0) === Constants.ENDSIG) {
	                // number of entries on this volume
	                _volumeEntries = data.readUInt16LE(Constants.ENDSUB);
	                // total number of entries
	                _totalEntries = data.readUInt16LE(Constants.ENDTOT);
	                // central directory size in bytes
	                _size = data.readUInt32LE(Constants.ENDSIZ);
	                // offset of first CEN header
	                _offset = data.readUInt32LE(Constants.ENDOFF);
	                // zip file comment length
	                _commentLength = data.readUInt16LE(Constants.ENDCOM);
	            } else {
	                // number of entries on this volume
	                _volumeEntries = Utils.readBigUInt64LE(data, Constants.ZIP64SUB);
	                // total number of entries
	                _totalEntries = Utils.readBigUInt64LE(data, Constants.ZIP64TOT);
	                // central directory size in bytes
	                _size = Utils.readBigUInt64LE(data, Constants.ZIP64SIZB);
	                // offset of first CEN header
	                _offset = Utils.readBigUInt64LE(data, Constants.ZIP64OFF);

	                _commentLength = 0;
	            }
	        },

	        toBinary: function () {
	            if (!needsZip64()) {
	                var b = Buffer.alloc(Constants.ENDHDR + _commentLength);
	                // "PK 05 06" signature
	                b.writeUInt32LE(Constants.ENDSIG, 0);
	                b.writeUInt32LE(0, 4);
	                // number of entries on this volume
	                b.writeUInt16LE(_volumeEntries, Constants.ENDSUB);
	                // total number of entries
	                b.writeUInt16LE(_totalEntries, Constants.ENDTOT);
	                // central directory size in bytes
	                b.writeUInt32LE(_size, Constants.ENDSIZ);
	                // offset of first CEN header
	                b.writeUInt32LE(_offset, Constants.ENDOFF);
	                // zip file comment length
	                b.writeUInt16LE(_commentLength, Constants.ENDCOM);
	                // fill comment memory with spaces so no garbage is left there
	                b.fill(" ", Constants.ENDHDR);

	                return b;
	            }

	            var b = Buffer.alloc(this.mainHeaderSize);
	            let offset = 0;

	            // Zip64 end of central directory record.
	            b.writeUInt32LE(Constants.ZIP64SIG, offset);
	            Utils.writeBigUInt64LE(b, Constants.ZIP64HDR - Constants.ZIP64LEAD, offset + Constants.ZIP64SIZE);
	            b.writeUInt16LE(45, offset + Constants.ZIP64VEM);
	            b.writeUInt16LE(45, offset + Constants.ZIP64VER);
	            b.writeUInt32LE(0, offset + Constants.ZIP64DSK);
	            b.writeUInt32LE(0, offset + Constants.ZIP64DSKDIR);
	            Utils.writeBigUInt64LE(b, _volumeEntries, offset + Constants.ZIP64SUB);
	            Utils.writeBigUInt64LE(b, _totalEntries, offset + Constants.ZIP64TOT);
	            Utils.writeBigUInt64LE(b, _size, offset + Constants.ZIP64SIZB);
	            Utils.writeBigUInt64LE(b, _offset, offset + Constants.ZIP64OFF);

	            const zip64EndOffset = _offset + _size;
	            offset += Constants.ZIP64HDR;

	            // Zip64 end of central directory locator.
	            b.writeUInt32LE(Constants.END64SIG, offset);
	            b.writeUInt32LE(0, offset + Constants.END64START);
	            Utils.writeBigUInt64LE(b, zip64EndOffset, offset + Constants.END64OFF);
	            b.writeUInt32LE(1, offset + Constants.END64NUMDISKS);
	            offset += Constants.END64HDR;

	            // "PK 05 06" signature
	            b.writeUInt32LE(Constants.ENDSIG, offset);
	            b.writeUInt32LE(0, offset + 4);
	            // number of entries on this volume
	            b.writeUInt16LE(Math.min(_volumeEntries, Constants.EF_ZIP64_OR_16), offset + Constants.ENDSUB);
	            // total number of entries
	            b.writeUInt16LE(Math.min(_totalEntries, Constants.EF_ZIP64_OR_16), offset + Constants.ENDTOT);
	            // central directory size in bytes
	            b.writeUInt32LE(Math.min(_size, Constants.EF_ZIP64_OR_32), offset + Constants.ENDSIZ);
	            // offset of first CEN header
	            b.writeUInt32LE(Math.min(_offset, Constants.EF_ZIP64_OR_32), offset + Constants.ENDOFF);
	            // zip file comment length
	            b.writeUInt16LE(_commentLength, offset + Constants.ENDCOM);
	            // fill comment memory with spaces so no garbage is left there
	            b.fill(" ", offset + Constants.ENDHDR);

	            return b;
	        },

	        toJSON: function () {
	            // creates 0x0000 style output
	            const offset = function (nr, len) {
	                let offs = nr.toString(16).toUpperCase();
	                while (offs.length < len) offs = "0" + offs;
	                return "0x" + offs;
	            };

	            return {
	                diskEntries: _volumeEntries,
	                totalEntries: _totalEntries,
	                size: _size + " bytes",
	                offset: offset(_offset, 4),
	                commentLength: _commentLength
	            };
	        },

	        toString: function () {
	            return JSON.stringify(this.toJSON(), null, "\t");
	        }
	    };
	};
	// Misspelled
	return mainHeader;
}

var hasRequiredHeaders;

function requireHeaders () {
	if (hasRequiredHeaders) return headers;
	hasRequiredHeaders = 1;
	headers.EntryHeader = requireEntryHeader();
	headers.MainHeader = requireMainHeader();
	return headers;
}

var methods = {};

var deflater;
var hasRequiredDeflater;

function requireDeflater () {
	if (hasRequiredDeflater) return deflater;
	hasRequiredDeflater = 1;
	deflater = function (/*Buffer*/ inbuf) {
	    var zlib = require$$0;

	    var opts = { chunkSize: (parseInt(inbuf.length / 1024) + 1) * 1024 };

	    return {
	        deflate: function () {
	            return zlib.deflateRawSync(inbuf, opts);
	        },

	        deflateAsync: function (/*Function*/ callback) {
	            var tmp = zlib.createDeflateRaw(opts),
	                parts = [],
	                total = 0;
	            tmp.on("data", function (data) {
	                parts.push(data);
	                total += data.length;
	            });
	            tmp.on("end", function () {
	                var buf = Buffer.alloc(total),
	                    written = 0;
	                buf.fill(0);
	                for (var i = 0; i < parts.length; i++) {
	                    var part = parts[i];
	                    part.copy(buf, written);
	                    written += part.length;
	                }
	                callback && callback(buf);
	            });
	            tmp.end(inbuf);
	        }
	    };
	};
	return deflater;
}

var inflater;
var hasRequiredInflater;

function requireInflater () {
	if (hasRequiredInflater) return inflater;
	hasRequiredInflater = 1;
	const version = +(process?.versions?.node ?? "").split(".")[0] || 0;
	const Errors = requireErrors();

	inflater = function (/*Buffer*/ inbuf, /*number*/ expectedLength) {
	    var zlib = require$$0;
	    // Cap decompression output at the entry's declared uncompressed size to bound
	    // decompression bombs (CVE-2026-39244). A declared size of 0 must not disable
	    // the cap: a genuinely empty entry inflates to 0 bytes, so a 1-byte floor
	    // still lets it through while stopping a bomb that lies about its size
	    // (GHSA-rcw4-f5rp-g42v). zlib requires maxOutputLength >= 1.
	    const maxOutputLength = expectedLength > 0 ? expectedLength : 1;
	    const option = version >= 15 ? { maxOutputLength } : {};

	    return {
	        inflate: function () {
	            return zlib.inflateRawSync(inbuf, option);
	        },

	        inflateAsync: function (/*Function*/ callback) {
	            var tmp = zlib.createInflateRaw(option),
	                parts = [],
	                total = 0,
	                done = false;
	            const fail = function (err) {
	                if (done) return;
	                done = true;
	                tmp.destroy();
	                callback && callback(Buffer.alloc(0), err);
	            };
	            // Route stream errors (e.g. Z_DATA_ERROR on malformed input) through the
	            // callback. Without an "error" listener zlib re-throws the event as an
	            // uncaught exception on a later tick, crashing the host process instead
	            // of failing the call (GHSA-8238-w5pm-2374).
	            tmp.on("error", function (err) {
	                fail(err);
	            });
	            tmp.on("data", function (data) {
	                if (done) return;
	                total += data.length;
	                // The streaming API ignores maxOutputLength, so enforce the cap by
	                // hand; otherwise the async path decompresses without limit while the
	                // sync path is capped (GHSA-v429-h5qx-84wm, GHSA-c6fg-446q-cg94).
	                if (total > maxOutputLength) {
	                    return fail(Errors.MAX_OUTPUT_EXCEEDED());
	                }
	                parts.push(data);
	            });
	            tmp.on("end", function () {
	                if (done) return;
	                done = true;
	                var buf = Buffer.alloc(total),
	                    written = 0;
	                buf.fill(0);
	                for (var i = 0; i < parts.length; i++) {
	                    var part = parts[i];
	                    part.copy(buf, written);
	                    written += part.length;
	                }
	                callback && callback(buf);
	            });
	            tmp.end(inbuf);
	        }
	    };
	};
	return inflater;
}

var zipcrypto;
var hasRequiredZipcrypto;

function requireZipcrypto () {
	if (hasRequiredZipcrypto) return zipcrypto;
	hasRequiredZipcrypto = 1;

	// node crypt, we use it for generate salt
	// eslint-disable-next-line node/no-unsupported-features/node-builtins
	const { randomFillSync } = crypto__default;
	const Errors = requireErrors();

	// generate CRC32 lookup table
	const crctable = new Uint32Array(256).map((t, crc) => {
	    for (let j = 0; j < 8; j++) {
	        if (0 !== (crc & 1)) {
	            crc = (crc >>> 1) ^ 0xedb88320;
	        } else {
	            crc >>>= 1;
	        }
	    }
	    return crc >>> 0;
	});

	// C-style uInt32 Multiply (discards higher bits, when JS multiply discards lower bits)
	const uMul = (a, b) => Math.imul(a, b) >>> 0;

	// crc32 byte single update (actually same function is part of utils.crc32 function :) )
	const crc32update = (pCrc32, bval) => {
	    return crctable[(pCrc32 ^ bval) & 0xff] ^ (pCrc32 >>> 8);
	};

	// function for generating salt for encrytion header
	const genSalt = () => {
	    if ("function" === typeof randomFillSync) {
	        return randomFillSync(Buffer.alloc(12));
	    } else {
	        // fallback if function is not defined
	        return genSalt.node();
	    }
	};

	// salt generation with node random function (mainly as fallback)
	genSalt.node = () => {
	    const salt = Buffer.alloc(12);
	    const len = salt.length;
	    for (let i = 0; i < len; i++) salt[i] = (Math.random() * 256) & 0xff;
	    return salt;
	};

	// general config
	const config = {
	    genSalt
	};

	// Class Initkeys handles same basic ops with keys
	function Initkeys(pw) {
	    const pass = Buffer.isBuffer(pw) ? pw : Buffer.from(pw);
	    this.keys = new Uint32Array([0x12345678, 0x23456789, 0x34567890]);
	    for (let i = 0; i < pass.length; i++) {
	        this.updateKeys(pass[i]);
	    }
	}

	Initkeys.prototype.updateKeys = function (byteValue) {
	    const keys = this.keys;
	    keys[0] = crc32update(keys[0], byteValue);
	    keys[1] += keys[0] & 0xff;
	    keys[1] = uMul(keys[1], 134775813) + 1;
	    keys[2] = crc32update(keys[2], keys[1] >>> 24);
	    return byteValue;
	};

	Initkeys.prototype.next = function () {
	    const k = (this.keys[2] | 2) >>> 0; // key
	    return (uMul(k, k ^ 1) >> 8) & 0xff; // decode
	};

	function make_decrypter(/*Buffer*/ pwd) {
	    // 1. Stage initialize key
	    const keys = new Initkeys(pwd);

	    // return decrypter function
	    return function (/*Buffer*/ data) {
	        // result - we create new Buffer for results
	        const result = Buffer.alloc(data.length);
	        let pos = 0;
	        // process input data
	        for (let c of data) {
	            //c ^= keys.next();
	            //result[pos++] = c; // decode & Save Value
	            result[pos++] = keys.updateKeys(c ^ keys.next()); // update keys with decoded byte
	        }
	        return result;
	    };
	}

	function make_encrypter(/*Buffer*/ pwd) {
	    // 1. Stage initialize key
	    const keys = new Initkeys(pwd);

	    // return encrypting function, result and pos is here so we dont have to merge buffers later
	    return function (/*Buffer*/ data, /*Buffer*/ result, /* Number */ pos = 0) {
	        // result - we create new Buffer for results
	        if (!result) result = Buffer.alloc(data.length);
	        // process input data
	        for (let c of data) {
	            const k = keys.next(); // save key byte
	            result[pos++] = c ^ k; // save val
	            keys.updateKeys(c); // update keys with decoded byte
	        }
	        return result;
	    };
	}

	function decrypt(/*Buffer*/ data, /*Object*/ header, /*String, Buffer*/ pwd) {
	    if (!data || !Buffer.isBuffer(data) || data.length < 12) {
	        return Buffer.alloc(0);
	    }

	    // 1. We Initialize and generate decrypting function
	    const decrypter = make_decrypter(pwd);

	    // 2. decrypt salt what is always 12 bytes and is a part of file content
	    const salt = decrypter(data.slice(0, 12));

	    // if bit 3 (0x08) of the general-purpose flags field is set, check salt[11] with the high byte of the header time
	    // 2 byte data block (as per Info-Zip spec), otherwise check with the high byte of the header entry
	    const verifyByte = (header.flags & 0x8) === 0x8 ? header.timeHighByte : header.crc >>> 24;

	    //3. does password meet expectations
	    if (salt[11] !== verifyByte) {
	        throw Errors.WRONG_PASSWORD();
	    }

	    // 4. decode content
	    return decrypter(data.slice(12));
	}

	// lets add way to populate salt, NOT RECOMMENDED for production but maybe useful for testing general functionality
	function _salter(data) {
	    if (Buffer.isBuffer(data) && data.length >= 12) {
	        // be aware - currently salting buffer data is modified
	        config.genSalt = function () {
	            return data.slice(0, 12);
	        };
	    } else if (data === "node") {
	        // test salt generation with node random function
	        config.genSalt = genSalt.node;
	    } else {
	        // if value is not acceptable config gets reset.
	        config.genSalt = genSalt;
	    }
	}

	function encrypt(/*Buffer*/ data, /*Object*/ header, /*String, Buffer*/ pwd, /*Boolean*/ oldlike = false) {
	    // 1. test data if data is not Buffer we make buffer from it
	    if (data == null) data = Buffer.alloc(0);
	    // if data is not buffer be make buffer from it
	    if (!Buffer.isBuffer(data)) data = Buffer.from(data.toString());

	    // 2. We Initialize and generate encrypting function
	    const encrypter = make_encrypter(pwd);

	    // 3. generate salt (12-bytes of random data)
	    const salt = config.genSalt();
	    salt[11] = (header.crc >>> 24) & 0xff;

	    // old implementations (before PKZip 2.04g) used two byte check
	    if (oldlike) salt[10] = (header.crc >>> 16) & 0xff;

	    // 4. create output
	    const result = Buffer.alloc(data.length + 12);
	    encrypter(salt, result);

	    // finally encode content
	    return encrypter(data, result, 12);
	}

	zipcrypto = { decrypt, encrypt, _salter };
	return zipcrypto;
}

var hasRequiredMethods;

function requireMethods () {
	if (hasRequiredMethods) return methods;
	hasRequiredMethods = 1;
	methods.Deflater = requireDeflater();
	methods.Inflater = requireInflater();
	methods.ZipCrypto = requireZipcrypto();
	return methods;
}

var zipEntry;
var hasRequiredZipEntry;

function requireZipEntry () {
	if (hasRequiredZipEntry) return zipEntry;
	hasRequiredZipEntry = 1;
	var Utils = requireUtil(),
	    Headers = requireHeaders(),
	    Constants = Utils.Constants,
	    Methods = requireMethods();

	zipEntry = function (/** object */ options, /*Buffer*/ input) {
	    var _centralHeader = new Headers.EntryHeader(),
	        _entryName = Buffer.alloc(0),
	        _comment = Buffer.alloc(0),
	        _isDirectory = false,
	        uncompressedData = null,
	        _extra = Buffer.alloc(0),
	        _extralocal = Buffer.alloc(0),
	        _efs = true;

	    // assign options
	    const opts = options;

	    const decoder = typeof opts.decoder === "object" ? opts.decoder : Utils.decoder;
	    _efs = decoder.hasOwnProperty("efs") ? decoder.efs : false;

	    function getCompressedDataFromZip() {
	        //if (!input || !Buffer.isBuffer(input)) {
	        if (!input || !(input instanceof Uint8Array)) {
	            return Buffer.alloc(0);
	        }
	        _extralocal = _centralHeader.loadLocalHeaderFromBinary(input);
	        const dataOffset = _centralHeader.realDataOffset;
	        const dataEnd = dataOffset + _centralHeader.compressedSize;
	        // The offsets and sizes come from attacker-controlled headers. Require the
	        // declared compressed extent to be fully present rather than letting slice()
	        // silently clamp to a short buffer (which only surfaces later as a CRC
	        // failure). Fail loudly with a header error instead (GHSA-wwrv-q5gf-5843).
	        if (dataOffset < 0 || dataEnd < dataOffset || dataEnd > input.length) {
	            throw Utils.Errors.INVALID_LOC();
	        }
	        return input.slice(dataOffset, dataEnd);
	    }

	    function crc32OK(data) {
	        // When bit 3 (0x08) of the general-purpose flags is set, the crc-32 and
	        // sizes were unknown when the local file header was written, so that
	        // header carries placeholder zeros and the real values are repeated in a
	        // data descriptor after the compressed data. adm-zip always parses the
	        // central directory, whose header holds the authoritative crc-32 and
	        // sizes, so we validate the payload against that value.
	        //
	        // Earlier versions instead located and parsed the trailing descriptor and
	        // threw when it was absent or in an unexpected shape. Many valid archives
	        // set the descriptor flag but write the real crc/sizes into the local and
	        // central headers without emitting a descriptor (or write one we did not
	        // recognise), so that strict handling rejected readable zips
	        // (issues #533, #548, #554). Trusting the central-directory crc keeps the
	        // integrity check while accepting those archives.
	        const expectedCrc = _centralHeader.flags_desc || _centralHeader.localHeader.flags_desc ? _centralHeader.crc : _centralHeader.localHeader.crc;

	        return Utils.crc32(data) === expectedCrc;
	    }

	    function decompress(/*Boolean*/ async, /*Function*/ callback, /*String, Buffer*/ pass) {
	        if (typeof callback === "undefined" && typeof async === "string") {
	            pass = async;
	            async = void 0;
	        }
	        if (_isDirectory) {
	            if (async && callback) {
	                callback(Buffer.alloc(0), Utils.Errors.DIRECTORY_CONTENT_ERROR()); //si added error.
	            }
	            return Buffer.alloc(0);
	        }

	        var compressedData;
	        try {
	            compressedData = getCompressedDataFromZip();

	            if (compressedData.length === 0) {
	                // File is empty, nothing to decompress.
	                if (async && callback) callback(compressedData);
	                return compressedData;
	            }

	            if (_centralHeader.encrypted) {
	                if ("string" !== typeof pass && !Buffer.isBuffer(pass)) {
	                    throw Utils.Errors.INVALID_PASS_PARAM();
	                }
	                compressedData = Methods.ZipCrypto.decrypt(compressedData, _centralHeader, pass);
	            }
	        } catch (err) {
	            // These synchronous parse/setup steps run before any callback fires.
	            // In async mode a malformed local header (e.g. a bad LOC offset) would
	            // otherwise throw out of getDataAsync and bypass the callback error
	            // channel, crashing the caller. Route it through the callback instead.
	            if (async && callback) {
	                callback(Buffer.alloc(0), err);
	                return Buffer.alloc(0);
	            }
	            throw err;
	        }

	        var data;

	        switch (_centralHeader.method) {
	            case Utils.Constants.STORED:
	                // STORED entries are not compressed, so the uncompressed output is
	                // exactly the bytes present in the archive. Allocate from the real
	                // data length rather than the attacker-declared central-directory
	                // size, otherwise a tiny archive can declare a huge size and force a
	                // multi-gigabyte allocation before any validation (CVE-2026-39244).
	                data = Buffer.alloc(compressedData.length);
	                compressedData.copy(data);
	                if (!crc32OK(data)) {
	                    if (async && callback) callback(data, Utils.Errors.BAD_CRC()); //si added error
	                    throw Utils.Errors.BAD_CRC();
	                } else {
	                    //si added otherwise did not seem to return data.
	                    if (async && callback) callback(data);
	                    return data;
	                }
	            case Utils.Constants.DEFLATED:
	                // Do not pre-allocate the declared uncompressed size. The inflater
	                // grows its output buffer as zlib emits data and caps the total at
	                // the declared size (maxOutputLength), so a bogus size can no longer
	                // trigger an eager allocation before the data is read (CVE-2026-39244).
	                var inflater = new Methods.Inflater(compressedData, _centralHeader.size);
	                if (!async) {
	                    data = inflater.inflate();
	                    if (!crc32OK(data)) {
	                        throw Utils.Errors.BAD_CRC(`"${decoder.decode(_entryName)}"`);
	                    }
	                    return data;
	                } else {
	                    inflater.inflateAsync(function (result, err) {
	                        if (!callback) return;
	                        if (err) {
	                            // surface inflater/stream failures instead of validating
	                            // the empty placeholder buffer against the CRC
	                            callback(Buffer.alloc(0), err);
	                        } else if (!crc32OK(result)) {
	                            callback(result, Utils.Errors.BAD_CRC()); //si added error
	                        } else {
	                            callback(result);
	                        }
	                    });
	                }
	                break;
	            default:
	                if (async && callback) callback(Buffer.alloc(0), Utils.Errors.UNKNOWN_METHOD());
	                throw Utils.Errors.UNKNOWN_METHOD();
	        }
	    }

	    function compress(/*Boolean*/ async, /*Function*/ callback) {
	        if ((!uncompressedData || !uncompressedData.length) && Buffer.isBuffer(input)) {
	            // no data set or the data wasn't changed to require recompression
	            if (async && callback) callback(getCompressedDataFromZip());
	            return getCompressedDataFromZip();
	        }

	        if (uncompressedData.length && !_isDirectory) {
	            var compressedData;
	            // Local file header
	            switch (_centralHeader.method) {
	                case Utils.Constants.STORED:
	                    _centralHeader.compressedSize = _centralHeader.size;

	                    compressedData = Buffer.alloc(uncompressedData.length);
	                    uncompressedData.copy(compressedData);

	                    if (async && callback) callback(compressedData);
	                    return compressedData;
	                default:
	                case Utils.Constants.DEFLATED:
	                    var deflater = new Methods.Deflater(uncompressedData);
	                    if (!async) {
	                        var deflated = deflater.deflate();
	                        _centralHeader.compressedSize = deflated.length;
	                        return deflated;
	                    } else {
	                        deflater.deflateAsync(function (data) {
	                            compressedData = Buffer.alloc(data.length);
	                            _centralHeader.compressedSize = data.length;
	                            data.copy(compressedData);
	                            callback && callback(compressedData);
	                        });
	                    }
	                    deflater = null;
	                    break;
	            }
	        } else if (async && callback) {
	            callback(Buffer.alloc(0));
	        } else {
	            return Buffer.alloc(0);
	        }
	    }

	    function readUInt64LE(buffer, offset) {
	        return Utils.readBigUInt64LE(buffer, offset);
	    }

	    function parseExtra(data) {
	        try {
	            var offset = 0;
	            var signature, size, part;
	            while (offset + 4 < data.length) {
	                signature = data.readUInt16LE(offset);
	                offset += 2;
	                size = data.readUInt16LE(offset);
	                offset += 2;
	                part = data.slice(offset, offset + size);
	                offset += size;
	                if (Constants.ID_ZIP64 === signature) {
	                    parseZip64ExtendedInformation(part);
	                }
	            }
	        } catch (error) {
	            throw Utils.Errors.EXTRA_FIELD_PARSE_ERROR();
	        }
	    }

	    //Override header field values with values from the ZIP64 extra field
	    function parseZip64ExtendedInformation(data) {
	        var size, compressedSize, offset, diskNumStart;

	        if (data.length >= Constants.EF_ZIP64_SCOMP) {
	            size = readUInt64LE(data, Constants.EF_ZIP64_SUNCOMP);
	            if (_centralHeader.size === Constants.EF_ZIP64_OR_32) {
	                _centralHeader.size = size;
	            }
	        }
	        if (data.length >= Constants.EF_ZIP64_RHO) {
	            compressedSize = readUInt64LE(data, Constants.EF_ZIP64_SCOMP);
	            if (_centralHeader.compressedSize === Constants.EF_ZIP64_OR_32) {
	                _centralHeader.compressedSize = compressedSize;
	            }
	        }
	        if (data.length >= Constants.EF_ZIP64_DSN) {
	            offset = readUInt64LE(data, Constants.EF_ZIP64_RHO);
	            if (_centralHeader.offset === Constants.EF_ZIP64_OR_32) {
	                _centralHeader.offset = offset;
	            }
	        }
	        if (data.length >= Constants.EF_ZIP64_DSN + 4) {
	            diskNumStart = data.readUInt32LE(Constants.EF_ZIP64_DSN);
	            if (_centralHeader.diskNumStart === Constants.EF_ZIP64_OR_16) {
	                _centralHeader.diskNumStart = diskNumStart;
	            }
	        }
	    }

	    return {
	        get entryName() {
	            return decoder.decode(_entryName);
	        },
	        get rawEntryName() {
	            return _entryName;
	        },
	        set entryName(val) {
	            _entryName = Utils.toBuffer(val, decoder.encode);
	            var lastChar = _entryName[_entryName.length - 1];
	            _isDirectory = lastChar === 47 || lastChar === 92;
	            _centralHeader.fileNameLength = _entryName.length;
	        },

	        get efs() {
	            if (typeof _efs === "function") {
	                return _efs(this.entryName);
	            } else {
	                return _efs;
	            }
	        },

	        get extra() {
	            return _extra;
	        },
	        set extra(val) {
	            _extra = val;
	            _centralHeader.extraLength = val.length;
	            parseExtra(val);
	        },

	        get comment() {
	            return decoder.decode(_comment);
	        },
	        set comment(val) {
	            _comment = Utils.toBuffer(val, decoder.encode);
	            _centralHeader.commentLength = _comment.length;
	            if (_comment.length > 0xffff) throw Utils.Errors.COMMENT_TOO_LONG();
	        },

	        get name() {
	            const n = decoder.decode(_entryName);
	            // For directories the name is the last path segment; drop the trailing
	            // separator first so "a/b/c/" yields "c" and not "" (issue #466).
	            return _isDirectory
	                ? n
	                      .replace(/[/\\]$/, "")
	                      .split("/")
	                      .pop()
	                : n.split("/").pop();
	        },
	        get isDirectory() {
	            return _isDirectory;
	        },

	        getCompressedData: function () {
	            return compress(false, null);
	        },

	        getCompressedDataAsync: function (/*Function*/ callback) {
	            compress(true, callback);
	        },

	        setData: function (value) {
	            uncompressedData = Utils.toBuffer(value, Utils.decoder.encode);
	            if (!_isDirectory && uncompressedData.length) {
	                _centralHeader.size = uncompressedData.length;
	                _centralHeader.method = Utils.Constants.DEFLATED;
	                _centralHeader.crc = Utils.crc32(value);
	                _centralHeader.changed = true;
	            } else {
	                // folders and blank files should be stored
	                _centralHeader.method = Utils.Constants.STORED;
	            }
	        },

	        getData: function (pass) {
	            if (_centralHeader.changed) {
	                return uncompressedData;
	            } else {
	                return decompress(false, null, pass);
	            }
	        },

	        getDataAsync: function (/*Function*/ callback, pass) {
	            if (_centralHeader.changed) {
	                callback(uncompressedData);
	            } else {
	                decompress(true, callback, pass);
	            }
	        },

	        set attr(attr) {
	            _centralHeader.attr = attr;
	        },
	        get attr() {
	            return _centralHeader.attr;
	        },

	        set header(/*Buffer*/ data) {
	            _centralHeader.loadFromBinary(data);
	        },

	        get header() {
	            return _centralHeader;
	        },

	        packCentralHeader: function () {
	            _centralHeader.flags_efs = this.efs;
	            _centralHeader.extraLength = _extra.length;
	            // 1. create header (buffer)
	            var header = _centralHeader.centralHeaderToBinary();
	            var addpos = Utils.Constants.CENHDR;
	            // 2. add file name
	            _entryName.copy(header, addpos);
	            addpos += _entryName.length;
	            // 3. add extra data
	            _extra.copy(header, addpos);
	            addpos += _centralHeader.extraLength;
	            // 4. add file comment
	            _comment.copy(header, addpos);
	            return header;
	        },

	        packLocalHeader: function () {
	            let addpos = 0;
	            _centralHeader.flags_efs = this.efs;
	            _centralHeader.extraLocalLength = _extralocal.length;
	            // 1. construct local header Buffer
	            const localHeaderBuf = _centralHeader.localHeaderToBinary();
	            // 2. localHeader - crate header buffer
	            const localHeader = Buffer.alloc(localHeaderBuf.length + _entryName.length + _centralHeader.extraLocalLength);
	            // 2.1 add localheader
	            localHeaderBuf.copy(localHeader, addpos);
	            addpos += localHeaderBuf.length;
	            // 2.2 add file name
	            _entryName.copy(localHeader, addpos);
	            addpos += _entryName.length;
	            // 2.3 add extra field
	            _extralocal.copy(localHeader, addpos);
	            addpos += _extralocal.length;

	            return localHeader;
	        },

	        toJSON: function () {
	            const bytes = function (nr) {
	                return "<" + ((nr && nr.length + " bytes buffer") || "null") + ">";
	            };

	            return {
	                entryName: this.entryName,
	                name: this.name,
	                comment: this.comment,
	                isDirectory: this.isDirectory,
	                header: _centralHeader.toJSON(),
	                compressedData: bytes(input),
	                data: bytes(uncompressedData)
	            };
	        },

	        toString: function () {
	            return JSON.stringify(this.toJSON(), null, "\t");
	        }
	    };
	};
	return zipEntry;
}

var zipFile;
var hasRequiredZipFile;

function requireZipFile () {
	if (hasRequiredZipFile) return zipFile;
	hasRequiredZipFile = 1;
	const ZipEntry = requireZipEntry();
	const Headers = requireHeaders();
	const Utils = requireUtil();

	zipFile = function (/*Buffer|null*/ inBuffer, /** object */ options) {
	    var entryList = [],
	        // prototype-less: entry names come from untrusted input, so keys like
	        // "__proto__" or "constructor" must be plain data, not touch the prototype
	        // chain (which otherwise crashes addFile and hides such entries)
	        entryTable = Object.create(null),
	        _comment = Buffer.alloc(0),
	        mainHeader = new Headers.MainHeader(),
	        loadedEntries = false;
	    const temporary = new Set();

	    // assign options
	    const opts = options;

	    const { noSort, decoder } = opts;

	    if (inBuffer) {
	        // is a memory buffer
	        readMainHeader(opts.readEntries);
	    } else {
	        // none. is a new file
	        loadedEntries = true;
	    }

	    function makeTemporaryFolders() {
	        const foldersList = new Set();

	        // Make list of all folders in file
	        for (const elem of Object.keys(entryTable)) {
	            const elements = elem.split("/");
	            elements.pop(); // filename
	            if (!elements.length) continue; // no folders
	            for (let i = 0; i < elements.length; i++) {
	                const sub = elements.slice(0, i + 1).join("/") + "/";
	                foldersList.add(sub);
	            }
	        }

	        // create missing folders as temporary
	        for (const elem of foldersList) {
	            if (!(elem in entryTable)) {
	                const tempfolder = new ZipEntry(opts);
	                tempfolder.entryName = elem;
	                tempfolder.attr = 0x10;
	                tempfolder.temporary = true;
	                entryList.push(tempfolder);
	                entryTable[tempfolder.entryName] = tempfolder;
	                temporary.add(tempfolder);
	            }
	        }
	    }

	    function readEntries() {
	        loadedEntries = true;
	        entryTable = Object.create(null);
	        if (mainHeader.diskEntries > (inBuffer.length - mainHeader.offset) / Utils.Constants.CENHDR) {
	            throw Utils.Errors.DISK_ENTRY_TOO_LARGE();
	        }
	        entryList = new Array(mainHeader.diskEntries); // total number of entries
	        var index = mainHeader.offset; // offset of first CEN header
	        for (var i = 0; i < entryList.length; i++) {
	            var tmp = index,
	                entry = new ZipEntry(opts, inBuffer);
	            entry.header = inBuffer.slice(tmp, (tmp += Utils.Constants.CENHDR));

	            entry.entryName = inBuffer.slice(tmp, (tmp += entry.header.fileNameLength));

	            if (entry.header.extraLength) {
	                entry.extra = inBuffer.slice(tmp, (tmp += entry.header.extraLength));
	            }

	            if (entry.header.commentLength) entry.comment = inBuffer.slice(tmp, tmp + entry.header.commentLength);

	            index += entry.header.centralHeaderSize;

	            // Reject archives that declare the same entry name twice. adm-zip keeps
	            // every entry in entryList but only the last in entryTable, so getEntry()
	            // (table) and extractAllTo() (list) could resolve one name to different
	            // content: an app that validates entry bytes via getEntry() before
	            // extracting could approve one file while a different one lands on disk
	            // (GHSA-p634-w6r4-rjp2). Fail closed on the ambiguity.
	            if (entry.entryName in entryTable) {
	                throw Utils.Errors.DUPLICATE_ENTRY(`"${entry.entryName}"`);
	            }

	            entryList[i] = entry;
	            entryTable[entry.entryName] = entry;
	        }
	        temporary.clear();
	        makeTemporaryFolders();
	    }

	    function readMainHeader(/*Boolean*/ readNow) {
	        var i = inBuffer.length - Utils.Constants.ENDHDR, // END header size
	            max = Math.max(0, i - 0xffff), // 0xFFFF is the max zip file comment length
	            n = max,
	            endStart = inBuffer.length,
	            endOffset = -1, // Start offset of the END header
	            commentEnd = 0;

	        // option to search header form entire file
	        const trailingSpace = typeof opts.trailingSpace === "boolean" ? opts.trailingSpace : false;
	        if (trailingSpace) max = 0;

	        for (i; i >= n; i--) {
	            if (inBuffer[i] !== 0x50) continue; // quick check that the byte is 'P'
	            if (inBuffer.readUInt32LE(i) === Utils.Constants.ENDSIG) {
	                // "PK\005\006"
	                endOffset = i;
	                commentEnd = i;
	                endStart = i + Utils.Constants.ENDHDR;
	                // We already found a regular signature, let's look just a bit further to check if there's any zip64 signature
	                n = i - Utils.Constants.END64HDR;
	                continue;
	            }

	            if (inBuffer.readUInt32LE(i) === Utils.Constants.END64SIG) {
	                // Found a zip64 signature, let's continue reading the whole zip64 record
	                n = max;
	                continue;
	            }

	            if (inBuffer.readUInt32LE(i) === Utils.Constants.ZIP64SIG) {
	                // Found the zip64 record, let's determine it's size
	                endOffset = i;
	                endStart = i + Utils.readBigUInt64LE(inBuffer, i + Utils.Constants.ZIP64SIZE) + Utils.Constants.ZIP64LEAD;
	                break;
	            }
	        }

	        if (endOffset == -1) throw Utils.Errors.INVALID_FORMAT();

	        mainHeader.loadFromBinary(inBuffer.slice(endOffset, endStart));
	        if (mainHeader.commentLength) {
	            _comment = inBuffer.slice(commentEnd + Utils.Constants.ENDHDR);
	        }
	        if (readNow) readEntries();
	    }

	    function sortEntries() {
	        if (entryList.length > 1 && !noSort) {
	            // Decode + lowercase each name once rather than on every comparison:
	            // the entryName getter re-decodes the underlying buffer on each access,
	            // so the previous inline comparator did O(n log n) redundant decoding.
	            // Ordering is unchanged (same localeCompare on the same keys).
	            entryList = entryList
	                .map((entry) => ({ entry, key: entry.entryName.toLowerCase() }))
	                .sort((a, b) => a.key.localeCompare(b.key))
	                .map((pair) => pair.entry);
	        }
	    }

	    return {
	        /**
	         * Returns an array of ZipEntry objects existent in the current opened archive
	         * @return Array
	         */
	        get entries() {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            return entryList.filter((e) => !temporary.has(e));
	        },

	        /**
	         * Archive comment
	         * @return {String}
	         */
	        get comment() {
	            return decoder.decode(_comment);
	        },
	        set comment(val) {
	            _comment = Utils.toBuffer(val, decoder.encode);
	            mainHeader.commentLength = _comment.length;
	        },

	        getEntryCount: function () {
	            if (!loadedEntries) {
	                return mainHeader.diskEntries;
	            }

	            return entryList.length;
	        },

	        forEach: function (callback) {
	            this.entries.forEach(callback);
	        },

	        /**
	         * Returns a reference to the entry with the given name or null if entry is inexistent
	         *
	         * @param entryName
	         * @return ZipEntry
	         */
	        getEntry: function (/*String*/ entryName) {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            return entryTable[entryName] || null;
	        },

	        /**
	         * Adds the given entry to the entry list
	         *
	         * @param entry
	         */
	        setEntry: function (/*ZipEntry*/ entry) {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            entryList.push(entry);
	            entryTable[entry.entryName] = entry;
	            mainHeader.totalEntries = entryList.length;
	        },

	        /**
	         * Removes the file with the given name from the entry list.
	         *
	         * If the entry is a directory, then all nested files and directories will be removed
	         * @param entryName
	         * @returns {void}
	         */
	        deleteFile: function (/*String*/ entryName, withsubfolders = true) {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            const entry = entryTable[entryName];
	            const list = this.getEntryChildren(entry, withsubfolders).map((child) => child.entryName);

	            list.forEach(this.deleteEntry);
	        },

	        /**
	         * Removes the entry with the given name from the entry list.
	         *
	         * @param {string} entryName
	         * @returns {void}
	         */
	        deleteEntry: function (/*String*/ entryName) {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            const entry = entryTable[entryName];
	            const index = entryList.indexOf(entry);
	            if (index >= 0) {
	                entryList.splice(index, 1);
	                delete entryTable[entryName];
	                mainHeader.totalEntries = entryList.length;
	            }
	        },

	        /**
	         *  Iterates and returns all nested files and directories of the given entry
	         *
	         * @param entry
	         * @return Array
	         */
	        getEntryChildren: function (/*ZipEntry*/ entry, subfolders = true) {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            if (typeof entry === "object") {
	                if (entry.isDirectory && subfolders) {
	                    const list = [];
	                    const name = entry.entryName;

	                    for (const zipEntry of entryList) {
	                        if (zipEntry.entryName.startsWith(name)) {
	                            list.push(zipEntry);
	                        }
	                    }
	                    return list;
	                } else {
	                    return [entry];
	                }
	            }
	            return [];
	        },

	        /**
	         *  How many child elements entry has
	         *
	         * @param {ZipEntry} entry
	         * @return {integer}
	         */
	        getChildCount: function (entry) {
	            if (entry && entry.isDirectory) {
	                const list = this.getEntryChildren(entry);
	                return list.includes(entry) ? list.length - 1 : list.length;
	            }
	            return 0;
	        },

	        /**
	         * Returns the zip file
	         *
	         * @return Buffer
	         */
	        compressToBuffer: function () {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            sortEntries();

	            const dataBlock = [];
	            const headerBlocks = [];
	            let totalSize = 0;
	            let dindex = 0;

	            mainHeader.size = 0;
	            mainHeader.offset = 0;
	            let totalEntries = 0;

	            for (const entry of this.entries) {
	                // compress data and set local and entry header accordingly. Reason why is called first
	                const compressedData = entry.getCompressedData();
	                entry.header.offset = dindex;

	                // 1. construct local header
	                const localHeader = entry.packLocalHeader();

	                // 2. offsets
	                const dataLength = localHeader.length + compressedData.length;
	                dindex += dataLength;

	                // 3. store values in sequence
	                dataBlock.push(localHeader);
	                dataBlock.push(compressedData);

	                // 4. construct central header
	                const centralHeader = entry.packCentralHeader();
	                headerBlocks.push(centralHeader);
	                // 5. update main header
	                mainHeader.size += centralHeader.length;
	                totalSize += dataLength + centralHeader.length;
	                totalEntries++;
	            }

	            totalSize += mainHeader.mainHeaderSize; // also includes zip file comment length
	            // point to end of data and beginning of central directory first record
	            mainHeader.offset = dindex;
	            mainHeader.totalEntries = totalEntries;

	            dindex = 0;
	            const outBuffer = Buffer.alloc(totalSize);
	            // write data blocks
	            for (const content of dataBlock) {
	                content.copy(outBuffer, dindex);
	                dindex += content.length;
	            }

	            // write central directory entries
	            for (const content of headerBlocks) {
	                content.copy(outBuffer, dindex);
	                dindex += content.length;
	            }

	            // write main header
	            const mh = mainHeader.toBinary();
	            if (_comment) {
	                _comment.copy(mh, mh.length - _comment.length); // add zip file comment
	            }
	            mh.copy(outBuffer, dindex);

	            // Since we update entry and main header offsets,
	            // they are no longer valid and we have to reset content
	            // (Issue 64)

	            inBuffer = outBuffer;
	            loadedEntries = false;

	            return outBuffer;
	        },

	        toAsyncBuffer: function (/*Function*/ onSuccess, /*Function*/ onFail, /*Function*/ onItemStart, /*Function*/ onItemEnd) {
	            try {
	                if (!loadedEntries) {
	                    readEntries();
	                }
	                sortEntries();

	                const dataBlock = [];
	                const centralHeaders = [];
	                let totalSize = 0;
	                let dindex = 0;
	                let totalEntries = 0;

	                mainHeader.size = 0;
	                mainHeader.offset = 0;

	                const compress2Buffer = function (entryLists) {
	                    if (entryLists.length > 0) {
	                        const entry = entryLists.shift();
	                        const name = entry.entryName + entry.extra.toString();
	                        if (onItemStart) onItemStart(name);
	                        entry.getCompressedDataAsync(function (compressedData) {
	                            if (onItemEnd) onItemEnd(name);
	                            entry.header.offset = dindex;

	                            // 1. construct local header
	                            const localHeader = entry.packLocalHeader();

	                            // 2. offsets
	                            const dataLength = localHeader.length + compressedData.length;
	                            dindex += dataLength;

	                            // 3. store values in sequence
	                            dataBlock.push(localHeader);
	                            dataBlock.push(compressedData);

	                            // central header
	                            const centalHeader = entry.packCentralHeader();
	                            centralHeaders.push(centalHeader);
	                            mainHeader.size += centalHeader.length;
	                            totalSize += dataLength + centalHeader.length;
	                            totalEntries++;

	                            compress2Buffer(entryLists);
	                        });
	                    } else {
	                        totalSize += mainHeader.mainHeaderSize; // also includes zip file comment length
	                        // point to end of data and beginning of central directory first record
	                        mainHeader.offset = dindex;
	                        mainHeader.totalEntries = totalEntries;

	                        dindex = 0;
	                        const outBuffer = Buffer.alloc(totalSize);
	                        dataBlock.forEach(function (content) {
	                            content.copy(outBuffer, dindex); // write data blocks
	                            dindex += content.length;
	                        });
	                        centralHeaders.forEach(function (content) {
	                            content.copy(outBuffer, dindex); // write central directory entries
	                            dindex += content.length;
	                        });

	                        const mh = mainHeader.toBinary();
	                        if (_comment) {
	                            _comment.copy(mh, mh.length - _comment.length); // add zip file comment
	                        }

	                        mh.copy(outBuffer, dindex); // write main header

	                        // Since we update entry and main header offsets, they are no
	                        // longer valid and we have to reset content using our new buffer
	                        // (Issue 64)

	                        inBuffer = outBuffer;
	                        loadedEntries = false;

	                        onSuccess(outBuffer);
	                    }
	                };

	                compress2Buffer(Array.from(this.entries));
	            } catch (e) {
	                onFail(e);
	            }
	        }
	    };
	};
	return zipFile;
}

var admZip;
var hasRequiredAdmZip;

function requireAdmZip () {
	if (hasRequiredAdmZip) return admZip;
	hasRequiredAdmZip = 1;
	const Utils = requireUtil();
	const pth = path__default;
	const ZipEntry = requireZipEntry();
	const ZipFile = requireZipFile();

	const get_Bool = (...val) => Utils.findLast(val, (c) => typeof c === "boolean");
	const get_Str = (...val) => Utils.findLast(val, (c) => typeof c === "string");
	const get_Fun = (...val) => Utils.findLast(val, (c) => typeof c === "function");

	const defaultOptions = {
	    // option "noSort" : if true it disables files sorting
	    noSort: false,
	    // read entries during load (initial loading may be slower)
	    readEntries: false,
	    // default method is none
	    method: Utils.Constants.NONE,
	    // file system
	    fs: null
	};

	admZip = function (/**String*/ input, /** object */ options) {
	    let inBuffer = null;

	    // create object based default options, allowing them to be overwritten
	    const opts = Object.assign(Object.create(null), defaultOptions);

	    // test input variable
	    if (input && "object" === typeof input) {
	        // if value is not buffer we accept it to be object with options
	        if (!(input instanceof Uint8Array)) {
	            Object.assign(opts, input);
	            input = opts.input ? opts.input : undefined;
	            if (opts.input) delete opts.input;
	        }

	        // if input is buffer
	        if (Buffer.isBuffer(input)) {
	            inBuffer = input;
	            opts.method = Utils.Constants.BUFFER;
	            input = undefined;
	        }
	    }

	    // assign options
	    Object.assign(opts, options);

	    // instanciate utils filesystem
	    const filetools = new Utils(opts);

	    // Restore the archived permissions on extracted directories. This has to run
	    // after a directory's contents are written: applying a restrictive mode
	    // (e.g. 0o500) up front would stop us writing the files it contains. Applying
	    // the deepest paths first keeps parent directories traversable while their
	    // children are updated (issue #530).
	    const applyDirAttributes = (dirEntries) => {
	        dirEntries
	            .filter((d) => d.attr)
	            .sort((a, b) => b.path.length - a.path.length)
	            .forEach((d) => filetools.fs.chmodSync(d.path, d.attr));
	    };

	    if (typeof opts.decoder !== "object" || typeof opts.decoder.encode !== "function" || typeof opts.decoder.decode !== "function") {
	        opts.decoder = Utils.decoder;
	    }

	    // if input is file name we retrieve its content
	    if (input && "string" === typeof input) {
	        // load zip file
	        if (filetools.fs.existsSync(input)) {
	            opts.method = Utils.Constants.FILE;
	            opts.filename = input;
	            inBuffer = filetools.fs.readFileSync(input);
	        } else {
	            throw Utils.Errors.INVALID_FILENAME();
	        }
	    }

	    // create variable
	    const _zip = new ZipFile(inBuffer, opts);

	    const { canonical, sanitize, zipnamefix } = Utils;

	    function getEntry(/**Object*/ entry) {
	        if (entry && _zip) {
	            var item;
	            // If entry was given as a file name
	            if (typeof entry === "string") item = _zip.getEntry(pth.posix.normalize(entry));
	            // if entry was given as a ZipEntry object
	            if (typeof entry === "object" && typeof entry.entryName !== "undefined" && typeof entry.header !== "undefined") item = _zip.getEntry(entry.entryName);

	            if (item) {
	                return item;
	            }
	        }
	        return null;
	    }

	    function fixPath(zipPath) {
	        const { join, normalize, sep } = pth.posix;
	        // convert windows file separators and normalize
	        return join(pth.isAbsolute(zipPath) ? "/": '.',  normalize(sep + zipPath.split("\\").join(sep) + sep));
	    }

	    function filenameFilter(filterfn) {
	        if (filterfn instanceof RegExp) {
	            // if filter is RegExp wrap it
	            return (function (rx) {
	                return function (filename) {
	                    return rx.test(filename);
	                };
	            })(filterfn);
	        } else if ("function" !== typeof filterfn) {
	            // if filter is not function we will replace it
	            return () => true;
	        }
	        return filterfn;
	    }

	    // keep last character on folders
	    const relativePath = (local, entry) => {
	        let lastChar = entry.slice(-1);
	        lastChar = lastChar === filetools.sep ? filetools.sep : "";
	        return pth.relative(local, entry) + lastChar;
	    };

	    return {
	        /**
	         * Extracts the given entry from the archive and returns the content as a Buffer object
	         * @param {ZipEntry|string} entry ZipEntry object or String with the full path of the entry
	         * @param {Buffer|string} [pass] - password
	         * @return Buffer or Null in case of error
	         */
	        readFile: function (entry, pass) {
	            var item = getEntry(entry);
	            return (item && item.getData(pass)) || null;
	        },

	        /**
	         * Returns how many child elements has on entry (directories) on files it is always 0
	         * @param {ZipEntry|string} entry ZipEntry object or String with the full path of the entry
	         * @returns {integer}
	         */
	        childCount: function (entry) {
	            const item = getEntry(entry);
	            if (item) {
	                return _zip.getChildCount(item);
	            }
	        },

	        /**
	         * Asynchronous readFile
	         * @param {ZipEntry|string} entry ZipEntry object or String with the full path of the entry
	         * @param {callback} callback
	         *
	         * @return Buffer or Null in case of error
	         */
	        readFileAsync: function (entry, callback) {
	            var item = getEntry(entry);
	            if (item) {
	                item.getDataAsync(callback);
	            } else {
	                callback(null, "getEntry failed for:" + entry);
	            }
	        },

	        /**
	         * Extracts the given entry from the archive and returns the content as plain text in the given encoding
	         * @param {ZipEntry|string} entry - ZipEntry object or String with the full path of the entry
	         * @param {string} encoding - Optional. If no encoding is specified utf8 is used
	         *
	         * @return String
	         */
	        readAsText: function (entry, encoding) {
	            var item = getEntry(entry);
	            if (item) {
	                var data = item.getData();
	                if (data && data.length) {
	                    return data.toString(encoding || "utf8");
	                }
	            }
	            return "";
	        },

	        /**
	         * Asynchronous readAsText
	         * @param {ZipEntry|string} entry ZipEntry object or String with the full path of the entry
	         * @param {callback} callback
	         * @param {string} [encoding] - Optional. If no encoding is specified utf8 is used
	         *
	         * @return String
	         */
	        readAsTextAsync: function (entry, callback, encoding) {
	            var item = getEntry(entry);
	            if (item) {
	                item.getDataAsync(function (data, err) {
	                    if (err) {
	                        callback(data, err);
	                        return;
	                    }

	                    if (data && data.length) {
	                        callback(data.toString(encoding || "utf8"));
	                    } else {
	                        callback("");
	                    }
	                });
	            } else {
	                callback("");
	            }
	        },

	        /**
	         * Remove the entry from the file or the entry and all it's nested directories and files if the given entry is a directory
	         *
	         * @param {ZipEntry|string} entry
	         * @param {boolean} withsubfolders
	         * @returns {void}
	         */
	        deleteFile: function (entry, withsubfolders = true) {
	            // @TODO: test deleteFile
	            var item = getEntry(entry);
	            if (item) {
	                _zip.deleteFile(item.entryName, withsubfolders);
	            }
	        },

	        /**
	         * Remove the entry from the file or directory without affecting any nested entries
	         *
	         * @param {ZipEntry|string} entry
	         * @returns {void}
	         */
	        deleteEntry: function (entry) {
	            // @TODO: test deleteEntry
	            var item = getEntry(entry);
	            if (item) {
	                _zip.deleteEntry(item.entryName);
	            }
	        },

	        /**
	         * Adds a comment to the zip. The zip must be rewritten after adding the comment.
	         *
	         * @param {string} comment
	         */
	        addZipComment: function (comment) {
	            // @TODO: test addZipComment
	            _zip.comment = comment;
	        },

	        /**
	         * Returns the zip comment
	         *
	         * @return String
	         */
	        getZipComment: function () {
	            return _zip.comment || "";
	        },

	        /**
	         * Adds a comment to a specified zipEntry. The zip must be rewritten after adding the comment
	         * The comment cannot exceed 65535 characters in length
	         *
	         * @param {ZipEntry} entry
	         * @param {string} comment
	         */
	        addZipEntryComment: function (entry, comment) {
	            var item = getEntry(entry);
	            if (item) {
	                item.comment = comment;
	            }
	        },

	        /**
	         * Returns the comment of the specified entry
	         *
	         * @param {ZipEntry} entry
	         * @return String
	         */
	        getZipEntryComment: function (entry) {
	            var item = getEntry(entry);
	            if (item) {
	                return item.comment || "";
	            }
	            return "";
	        },

	        /**
	         * Updates the content of an existing entry inside the archive. The zip must be rewritten after updating the content
	         *
	         * @param {ZipEntry} entry
	         * @param {Buffer} content
	         */
	        updateFile: function (entry, content) {
	            var item = getEntry(entry);
	            if (item) {
	                item.setData(content);
	            }
	        },

	        /**
	         * Adds a file from the disk to the archive
	         *
	         * @param {string} localPath File to add to zip
	         * @param {string} [zipPath] Optional path inside the zip
	         * @param {string} [zipName] Optional name for the file
	         * @param {string} [comment] Optional file comment
	         */
	        addLocalFile: function (localPath, zipPath, zipName, comment) {
	            if (filetools.fs.existsSync(localPath)) {
	                // fix ZipPath
	                zipPath = zipPath ? fixPath(zipPath) : "";

	                // p - local file name
	                const p = pth.win32.basename(pth.win32.normalize(localPath));

	                // add file name into zippath
	                zipPath += zipName ? zipName : p;

	                // read file attributes
	                const _attr = filetools.fs.statSync(localPath);

	                // get file content
	                const data = _attr.isFile() ? filetools.fs.readFileSync(localPath) : Buffer.alloc(0);

	                // if folder
	                if (_attr.isDirectory()) zipPath += filetools.sep;

	                // add file into zip file
	                this.addFile(zipPath, data, comment, _attr);
	            } else {
	                throw Utils.Errors.FILE_NOT_FOUND(localPath);
	            }
	        },

	        /**
	         * Callback for showing if everything was done.
	         *
	         * @callback doneCallback
	         * @param {Error} err - Error object
	         * @param {boolean} done - was request fully completed
	         */

	        /**
	         * Adds a file from the disk to the archive
	         *
	         * @param {(object|string)} options - options object, if it is string it us used as localPath.
	         * @param {string} options.localPath - Local path to the file.
	         * @param {string} [options.comment] - Optional file comment.
	         * @param {string} [options.zipPath] - Optional path inside the zip
	         * @param {string} [options.zipName] - Optional name for the file
	         * @param {doneCallback} callback - The callback that handles the response.
	         */
	        addLocalFileAsync: function (options, callback) {
	            options = typeof options === "object" ? options : { localPath: options };
	            const localPath = pth.resolve(options.localPath);
	            const { comment } = options;
	            let { zipPath, zipName } = options;
	            const self = this;

	            filetools.fs.stat(localPath, function (err, stats) {
	                if (err) return callback(err, false);
	                // fix ZipPath
	                zipPath = zipPath ? fixPath(zipPath) : "";
	                // p - local file name
	                const p = pth.win32.basename(pth.win32.normalize(localPath));
	                // add file name into zippath
	                zipPath += zipName ? zipName : p;

	                if (stats.isFile()) {
	                    filetools.fs.readFile(localPath, function (err, data) {
	                        if (err) return callback(err, false);
	                        self.addFile(zipPath, data, comment, stats);
	                        return setImmediate(callback, undefined, true);
	                    });
	                } else if (stats.isDirectory()) {
	                    zipPath += filetools.sep;
	                    self.addFile(zipPath, Buffer.alloc(0), comment, stats);
	                    return setImmediate(callback, undefined, true);
	                }
	            });
	        },

	        /**
	         * Adds a local directory and all its nested files and directories to the archive
	         *
	         * @param {string} localPath - local path to the folder
	         * @param {string} [zipPath] - optional path inside zip
	         * @param {(RegExp|function)} [filter] - optional RegExp or Function if files match will be included.
	         */
	        addLocalFolder: function (localPath, zipPath, filter) {
	            // Prepare filter
	            filter = filenameFilter(filter);

	            // fix ZipPath
	            zipPath = zipPath ? fixPath(zipPath) : "";

	            // normalize the path first
	            localPath = pth.normalize(localPath);

	            if (filetools.fs.existsSync(localPath)) {
	                const items = filetools.findFiles(localPath);
	                const self = this;

	                if (items.length) {
	                    for (const filepath of items) {
	                        const p = pth.join(zipPath, relativePath(localPath, filepath));
	                        if (filter(p)) {
	                            self.addLocalFile(filepath, pth.dirname(p));
	                        }
	                    }
	                }
	            } else {
	                throw Utils.Errors.FILE_NOT_FOUND(localPath);
	            }
	        },

	        /**
	         * Asynchronous addLocalFolder
	         * @param {string} localPath
	         * @param {callback} callback
	         * @param {string} [zipPath] optional path inside zip
	         * @param {RegExp|function} [filter] optional RegExp or Function if files match will
	         *               be included.
	         */
	        addLocalFolderAsync: function (localPath, callback, zipPath, filter) {
	            // Prepare filter
	            filter = filenameFilter(filter);

	            // fix ZipPath
	            zipPath = zipPath ? fixPath(zipPath) : "";

	            // normalize the path first
	            localPath = pth.normalize(localPath);

	            var self = this;
	            filetools.fs.open(localPath, "r", function (err) {
	                if (err && err.code === "ENOENT") {
	                    callback(undefined, Utils.Errors.FILE_NOT_FOUND(localPath));
	                } else if (err) {
	                    callback(undefined, err);
	                } else {
	                    var items = filetools.findFiles(localPath);
	                    var i = -1;

	                    var next = function () {
	                        i += 1;
	                        if (i < items.length) {
	                            var filepath = items[i];
	                            var p = relativePath(localPath, filepath).split("\\").join("/"); //windows fix
	                            p = p
	                                .normalize("NFD")
	                                .replace(/[\u0300-\u036f]/g, "")
	                                .replace(/[^\x20-\x7E]/g, ""); // accent fix
	                            if (filter(p)) {
	                                filetools.fs.stat(filepath, function (er0, stats) {
	                                    if (er0) callback(undefined, er0);
	                                    if (stats.isFile()) {
	                                        filetools.fs.readFile(filepath, function (er1, data) {
	                                            if (er1) {
	                                                callback(undefined, er1);
	                                            } else {
	                                                self.addFile(zipPath + p, data, "", stats);
	                                                next();
	                                            }
	                                        });
	                                    } else {
	                                        self.addFile(zipPath + p + "/", Buffer.alloc(0), "", stats);
	                                        next();
	                                    }
	                                });
	                            } else {
	                                process.nextTick(() => {
	                                    next();
	                                });
	                            }
	                        } else {
	                            callback(true, undefined);
	                        }
	                    };

	                    next();
	                }
	            });
	        },

	        /**
	         * Adds a local directory and all its nested files and directories to the archive
	         *
	         * @param {object | string} options - options object, if it is string it us used as localPath.
	         * @param {string} options.localPath - Local path to the folder.
	         * @param {string} [options.zipPath] - optional path inside zip.
	         * @param {RegExp|function} [options.filter] - optional RegExp or Function if files match will be included.
	         * @param {function|string} [options.namefix] - optional function to help fix filename
	         * @param {doneCallback} callback - The callback that handles the response.
	         *
	         */
	        addLocalFolderAsync2: function (options, callback) {
	            const self = this;
	            options = typeof options === "object" ? options : { localPath: options };
	            // Resolve the local filesystem path with the platform resolver. Do NOT
	            // run it through fixPath: that normalizes ZIP-internal paths to POSIX
	            // and prepends "/", which turns a Windows path like C:\dir into
	            // \C:\dir, so readdir finds nothing and the archive comes out empty.
	            const localPath = pth.resolve(options.localPath);
	            let { zipPath, filter, namefix } = options;

	            if (filter instanceof RegExp) {
	                filter = (function (rx) {
	                    return function (filename) {
	                        return rx.test(filename);
	                    };
	                })(filter);
	            } else if ("function" !== typeof filter) {
	                filter = function () {
	                    return true;
	                };
	            }

	            // fix ZipPath
	            zipPath = zipPath ? fixPath(zipPath) : "";

	            // Check Namefix function
	            if (namefix === "latin1") {
	                namefix = (str) =>
	                    str
	                        .normalize("NFD")
	                        .replace(/[\u0300-\u036f]/g, "")
	                        .replace(/[^\x20-\x7E]/g, ""); // accent fix (latin1 characers only)
	            }

	            if (typeof namefix !== "function") namefix = (str) => str;

	            // internal, create relative path + fix the name
	            const relPathFix = (entry) => pth.join(zipPath, namefix(relativePath(localPath, entry)));
	            const fileNameFix = (entry) => pth.win32.basename(pth.win32.normalize(namefix(entry)));

	            filetools.fs.open(localPath, "r", function (err) {
	                if (err && err.code === "ENOENT") {
	                    // callback is (err, done); errors belong in the first argument,
	                    // otherwise addLocalFolderPromise treats the error as "done" and
	                    // resolves instead of rejecting.
	                    callback(Utils.Errors.FILE_NOT_FOUND(localPath), false);
	                } else if (err) {
	                    callback(err, false);
	                } else {
	                    filetools.findFilesAsync(localPath, function (err, fileEntries) {
	                        if (err) return callback(err, false);
	                        fileEntries = fileEntries.filter((dir) => filter(relPathFix(dir)));
	                        // Nothing to add (empty folder or everything filtered out) is a
	                        // success, not an error. Report done and stop, otherwise the
	                        // reduce below runs and the callback fires a second time -- and
	                        // signalling done=false left addLocalFolderPromise hanging.
	                        if (!fileEntries.length) return callback(undefined, true);

	                        setImmediate(
	                            fileEntries.reverse().reduce(function (next, entry) {
	                                return function (err, done) {
	                                    if (err || done === false) return setImmediate(next, err, false);

	                                    self.addLocalFileAsync(
	                                        {
	                                            localPath: entry,
	                                            zipPath: pth.dirname(relPathFix(entry)),
	                                            zipName: fileNameFix(entry)
	                                        },
	                                        next
	                                    );
	                                };
	                            }, callback)
	                        );
	                    });
	                }
	            });
	        },

	        /**
	         * Adds a local directory and all its nested files and directories to the archive
	         *
	         * @param {string} localPath - path where files will be extracted
	         * @param {object} props - optional properties
	         * @param {string} [props.zipPath] - optional path inside zip
	         * @param {RegExp|function} [props.filter] - optional RegExp or Function if files match will be included.
	         * @param {function|string} [props.namefix] - optional function to help fix filename
	         */
	        addLocalFolderPromise: function (localPath, props) {
	            return new Promise((resolve, reject) => {
	                this.addLocalFolderAsync2(Object.assign({ localPath }, props), (err, done) => {
	                    if (err) return reject(err);
	                    if (done) resolve(this);
	                });
	            });
	        },

	        /**
	         * Allows you to create a entry (file or directory) in the zip file.
	         * If you want to create a directory the entryName must end in / and a null buffer should be provided.
	         * Comment and attributes are optional
	         *
	         * @param {string} entryName
	         * @param {Buffer | string} content - file content as buffer or utf8 coded string
	         * @param {string} [comment] - file comment
	         * @param {number | object} [attr] - number as unix file permissions, object as filesystem Stats object
	         */
	        addFile: function (entryName, content, comment, attr) {
	            entryName = zipnamefix(entryName);
	            let entry = getEntry(entryName);
	            const update = entry != null;

	            // prepare new entry
	            if (!update) {
	                entry = new ZipEntry(opts);
	                entry.entryName = entryName;
	            }
	            entry.comment = comment || "";

	            const isStat = "object" === typeof attr && attr instanceof filetools.fs.Stats;

	            // last modification time from file stats
	            if (isStat) {
	                entry.header.time = attr.mtime;
	            }

	            // Set file attribute
	            var fileattr = entry.isDirectory ? 0x10 : 0; // (MS-DOS directory flag)

	            // extended attributes field for Unix
	            // set file type either S_IFDIR / S_IFREG
	            let unix = entry.isDirectory ? 0x4000 : 0x8000;

	            if (isStat) {
	                // File attributes from file stats
	                unix |= 0xfff & attr.mode;
	            } else if ("number" === typeof attr) {
	                // attr from given attr values
	                unix |= 0xfff & attr;
	            } else {
	                // Default values:
	                unix |= entry.isDirectory ? 0o755 : 0o644; // permissions (drwxr-xr-x) or (-r-wr--r--)
	            }

	            fileattr = (fileattr | (unix << 16)) >>> 0; // add attributes

	            entry.attr = fileattr;

	            entry.setData(content);
	            if (!update) _zip.setEntry(entry);

	            return entry;
	        },

	        /**
	         * Returns an array of ZipEntry objects representing the files and folders inside the archive
	         *
	         * @param {string} [password]
	         * @returns Array
	         */
	        getEntries: function (password) {
	            _zip.password = password;
	            return _zip ? _zip.entries : [];
	        },

	        /**
	         * Returns a ZipEntry object representing the file or folder specified by ``name``.
	         *
	         * @param {string} name
	         * @return ZipEntry
	         */
	        getEntry: function (/**String*/ name) {
	            return getEntry(name);
	        },

	        getEntryCount: function () {
	            return _zip.getEntryCount();
	        },

	        forEach: function (callback) {
	            return _zip.forEach(callback);
	        },

	        /**
	         * Extracts the given entry to the given targetPath
	         * If the entry is a directory inside the archive, the entire directory and it's subdirectories will be extracted
	         *
	         * @param {string|ZipEntry} entry - ZipEntry object or String with the full path of the entry
	         * @param {string} targetPath - Target folder where to write the file
	         * @param {boolean} [maintainEntryPath=true] - If maintainEntryPath is true and the entry is inside a folder, the entry folder will be created in targetPath as well. Default is TRUE
	         * @param {boolean} [overwrite=false] - If the file already exists at the target path, the file will be overwriten if this is true.
	         * @param {boolean} [keepOriginalPermission=false] - The file will be set as the permission from the entry if this is true.
	         * @param {string} [outFileName] - String If set will override the filename of the extracted file (Only works if the entry is a file)
	         *
	         * @return Boolean
	         */
	        extractEntryTo: function (entry, targetPath, maintainEntryPath, overwrite, keepOriginalPermission, outFileName) {
	            overwrite = get_Bool(false, overwrite);
	            keepOriginalPermission = get_Bool(false, keepOriginalPermission);
	            maintainEntryPath = get_Bool(true, maintainEntryPath);
	            outFileName = get_Str(keepOriginalPermission, outFileName);

	            var item = getEntry(entry);
	            if (!item) {
	                throw Utils.Errors.NO_ENTRY();
	            }

	            var entryName = canonical(item.entryName);

	            var target = sanitize(targetPath, outFileName && !item.isDirectory ? canonical(outFileName) : maintainEntryPath ? entryName : pth.basename(entryName));

	            if (item.isDirectory) {
	                var children = _zip.getEntryChildren(item);
	                children.forEach(function (child) {
	                    if (child.isDirectory) return;
	                    var content = child.getData();
	                    if (!content) {
	                        throw Utils.Errors.CANT_EXTRACT_FILE();
	                    }
	                    // When not maintaining the full entry path, keep each child's path
	                    // relative to the extracted directory (drop the directory's own
	                    // prefix) instead of flattening every file to its basename, which
	                    // collapsed subdirectories together (issue #306).
	                    var name = canonical(maintainEntryPath ? child.entryName : child.entryName.substring(item.entryName.length));
	                    var childName = sanitize(targetPath, name);
	                    // reject writing through a pre-existing symlink inside the target
	                    filetools.assertPathSafe(targetPath, childName);
	                    // The reverse operation for attr depend on method addFile()
	                    const fileAttr = keepOriginalPermission ? child.header.fileAttr : undefined;
	                    filetools.writeFileTo(childName, content, overwrite, fileAttr);
	                });
	                return true;
	            }

	            var content = item.getData(_zip.password);
	            if (!content) throw Utils.Errors.CANT_EXTRACT_FILE();

	            // reject writing through a pre-existing symlink inside the target
	            filetools.assertPathSafe(targetPath, target);

	            if (filetools.fs.existsSync(target) && !overwrite) {
	                throw Utils.Errors.CANT_OVERRIDE();
	            }
	            // The reverse operation for attr depend on method addFile()
	            const fileAttr = keepOriginalPermission ? entry.header.fileAttr : undefined;
	            filetools.writeFileTo(target, content, overwrite, fileAttr);

	            return true;
	        },

	        /**
	         * Test the archive
	         * @param {string} [pass]
	         */
	        test: function (pass) {
	            if (!_zip) {
	                return false;
	            }

	            for (var entry of _zip.entries) {
	                try {
	                    if (entry.isDirectory) {
	                        continue;
	                    }
	                    // was `_zip.entries[entry]` (indexing the array with an entry
	                    // object -> undefined -> threw -> test() always returned false)
	                    var content = entry.getData(pass);
	                    if (!content) {
	                        return false;
	                    }
	                } catch (err) {
	                    return false;
	                }
	            }
	            return true;
	        },

	        /**
	         * Extracts the entire archive to the given location
	         *
	         * @param {string} targetPath Target location
	         * @param {boolean} [overwrite=false] If the file already exists at the target path, the file will be overwriten if this is true.
	         *                  Default is FALSE
	         * @param {boolean} [keepOriginalPermission=false] The file will be set as the permission from the entry if this is true.
	         *                  Default is FALSE
	         * @param {string|Buffer} [pass] password
	         */
	        extractAllTo: function (targetPath, overwrite, keepOriginalPermission, pass) {
	            keepOriginalPermission = get_Bool(false, keepOriginalPermission);
	            pass = get_Str(keepOriginalPermission, pass);
	            overwrite = get_Bool(false, overwrite);
	            if (!_zip) throw Utils.Errors.NO_ZIP();

	            const dirEntries = [];
	            _zip.entries.forEach(function (entry) {
	                var entryName = sanitize(targetPath, canonical(entry.entryName));
	                // reject writing through a pre-existing symlink inside the target
	                filetools.assertPathSafe(targetPath, entryName);
	                if (entry.isDirectory) {
	                    filetools.makeDir(entryName);
	                    // defer restoring the directory permission until its files are written
	                    if (keepOriginalPermission) dirEntries.push({ path: entryName, attr: entry.header.fileAttr });
	                    return;
	                }
	                var content = entry.getData(pass);
	                if (!content) {
	                    throw Utils.Errors.CANT_EXTRACT_FILE();
	                }
	                // The reverse operation for attr depend on method addFile()
	                const fileAttr = keepOriginalPermission ? entry.header.fileAttr : undefined;
	                filetools.writeFileTo(entryName, content, overwrite, fileAttr);
	                try {
	                    // best-effort: an invalid date in the archive or a filesystem that
	                    // rejects utimes must not fail extraction of already-written content (issue #379)
	                    filetools.fs.utimesSync(entryName, entry.header.time, entry.header.time);
	                } catch (err) {
	                    /* ignore timestamp failures */
	                }
	            });

	            applyDirAttributes(dirEntries);
	        },

	        /**
	         * Asynchronous extractAllTo
	         *
	         * @param {string} targetPath Target location
	         * @param {boolean} [overwrite=false] If the file already exists at the target path, the file will be overwriten if this is true.
	         *                  Default is FALSE
	         * @param {boolean} [keepOriginalPermission=false] The file will be set as the permission from the entry if this is true.
	         *                  Default is FALSE
	         * @param {function} callback The callback will be executed when all entries are extracted successfully or any error is thrown.
	         */
	        extractAllToAsync: function (targetPath, overwrite, keepOriginalPermission, callback) {
	            callback = get_Fun(overwrite, keepOriginalPermission, callback);
	            keepOriginalPermission = get_Bool(false, keepOriginalPermission);
	            overwrite = get_Bool(false, overwrite);
	            if (!callback) {
	                return new Promise((resolve, reject) => {
	                    this.extractAllToAsync(targetPath, overwrite, keepOriginalPermission, function (err) {
	                        if (err) {
	                            reject(err);
	                        } else {
	                            resolve(this);
	                        }
	                    });
	                });
	            }
	            if (!_zip) {
	                callback(Utils.Errors.NO_ZIP());
	                return;
	            }

	            targetPath = pth.resolve(targetPath);
	            // convert entryName to
	            const getPath = (entry) => sanitize(targetPath, pth.normalize(canonical(entry.entryName)));
	            const getError = (msg, file) => new Error(msg + ': "' + file + '"');

	            // separate directories from files
	            const dirEntries = [];
	            const fileEntries = [];
	            _zip.entries.forEach((e) => {
	                if (e.isDirectory) {
	                    dirEntries.push(e);
	                } else {
	                    fileEntries.push(e);
	                }
	            });

	            // Create directory entries first synchronously
	            // this prevents race condition and assures folders are there before writing files
	            const deferredDirAttr = [];
	            for (const entry of dirEntries) {
	                const dirPath = getPath(entry);
	                // The reverse operation for attr depend on method addFile()
	                const dirAttr = keepOriginalPermission ? entry.header.fileAttr : undefined;
	                try {
	                    // reject writing through a pre-existing symlink inside the target
	                    filetools.assertPathSafe(targetPath, dirPath);
	                    filetools.makeDir(dirPath);
	                } catch (er) {
	                    callback(getError("Unable to create folder", dirPath));
	                    continue;
	                }
	                // defer restoring the directory permission until its files are written:
	                // a restrictive mode applied now would block writing them
	                if (dirAttr) deferredDirAttr.push({ path: dirPath, attr: dirAttr });
	                try {
	                    // in unix timestamp will change if files are later added to folder, but still.
	                    // best-effort: a utimes failure must not abort extraction (issue #379)
	                    filetools.fs.utimesSync(dirPath, entry.header.time, entry.header.time);
	                } catch (er) {
	                    /* ignore timestamp failures */
	                }
	            }

	            // restore directory permissions once every file has been extracted
	            const done = (err) => {
	                if (!err) {
	                    try {
	                        applyDirAttributes(deferredDirAttr);
	                    } catch (er) {
	                        return callback(getError("Unable to set folder permissions", er.path || ""));
	                    }
	                }
	                callback(err);
	            };

	            fileEntries.reverse().reduce(function (next, entry) {
	                return function (err) {
	                    if (err) {
	                        next(err);
	                    } else {
	                        const entryName = pth.normalize(canonical(entry.entryName));
	                        const filePath = sanitize(targetPath, entryName);
	                        try {
	                            // reject writing through a pre-existing symlink inside the target
	                            filetools.assertPathSafe(targetPath, filePath);
	                        } catch (er) {
	                            return next(er);
	                        }
	                        entry.getDataAsync(function (content, err_1) {
	                            if (err_1) {
	                                next(err_1);
	                            } else if (!content) {
	                                next(Utils.Errors.CANT_EXTRACT_FILE());
	                            } else {
	                                // The reverse operation for attr depend on method addFile()
	                                const fileAttr = keepOriginalPermission ? entry.header.fileAttr : undefined;
	                                filetools.writeFileToAsync(filePath, content, overwrite, fileAttr, function (succ) {
	                                    if (!succ) {
	                                        return next(getError("Unable to write file", filePath));
	                                    }
	                                    filetools.fs.utimes(filePath, entry.header.time, entry.header.time, function () {
	                                        // best-effort: a utimes failure must not abort extraction
	                                        // of already-written content (issue #379)
	                                        next();
	                                    });
	                                });
	                            }
	                        });
	                    }
	                };
	            }, done)();
	        },

	        /**
	         * Writes the newly created zip file to disk at the specified location or if a zip was opened and no ``targetFileName`` is provided, it will overwrite the opened zip
	         *
	         * @param {string} targetFileName
	         * @param {function} callback
	         */
	        writeZip: function (targetFileName, callback) {
	            if (arguments.length === 1) {
	                if (typeof targetFileName === "function") {
	                    callback = targetFileName;
	                    targetFileName = "";
	                }
	            }

	            if (!targetFileName && opts.filename) {
	                targetFileName = opts.filename;
	            }
	            if (!targetFileName) return;

	            var zipData = _zip.compressToBuffer();
	            if (zipData) {
	                var ok = filetools.writeFileTo(targetFileName, zipData, true);
	                if (typeof callback === "function") callback(!ok ? new Error("failed") : null, "");
	            }
	        },

	        /**
	         *
	         * @param {string} targetFileName
	         * @param {object} [props]
	         * @param {boolean} [props.overwrite=true] If the file already exists at the target path, the file will be overwriten if this is true.
	         * @param {boolean} [props.perm] The file will be set as the permission from the entry if this is true.

	         * @returns {Promise<void>}
	         */
	        writeZipPromise: function (/**String*/ targetFileName, /* object */ props) {
	            const { overwrite, perm } = Object.assign({ overwrite: true }, props);

	            return new Promise((resolve, reject) => {
	                // find file name
	                if (!targetFileName && opts.filename) targetFileName = opts.filename;
	                if (!targetFileName) reject("ADM-ZIP: ZIP File Name Missing");

	                this.toBufferPromise().then((zipData) => {
	                    const ret = (done) => (done ? resolve(done) : reject("ADM-ZIP: Wasn't able to write zip file"));
	                    filetools.writeFileToAsync(targetFileName, zipData, overwrite, perm, ret);
	                }, reject);
	            });
	        },

	        /**
	         * @returns {Promise<Buffer>} A promise to the Buffer.
	         */
	        toBufferPromise: function () {
	            return new Promise((resolve, reject) => {
	                _zip.toAsyncBuffer(resolve, reject);
	            });
	        },

	        /**
	         * Returns the content of the entire zip file as a Buffer object
	         *
	         * @prop {function} [onSuccess]
	         * @prop {function} [onFail]
	         * @prop {function} [onItemStart]
	         * @prop {function} [onItemEnd]
	         * @returns {Buffer}
	         */
	        toBuffer: function (onSuccess, onFail, onItemStart, onItemEnd) {
	            if (typeof onSuccess === "function") {
	                _zip.toAsyncBuffer(onSuccess, onFail, onItemStart, onItemEnd);
	                return null;
	            }
	            return _zip.compressToBuffer();
	        }
	    };
	};
	return admZip;
}

var admZipExports = requireAdmZip();
var AdmZip = /*@__PURE__*/getDefaultExportFromCjs(admZipExports);

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function getLineColFromPtr(string, ptr) {
    let lines = string.slice(0, ptr).split(/\r?\n/);
    return [lines.length, lines.pop().length + 1];
}
function makeCodeBlock(string, line, column) {
    let lines = string.split(/\r?\n/);
    let codeblock = '';
    let numberLen = (Math.log10(line + 1) | 0) + 1;
    for (let i = line - 1; i <= line + 1; i++) {
        let l = lines[i - 1];
        if (!l)
            continue;
        codeblock += i.toString().padEnd(numberLen, ' ');
        codeblock += ':  ';
        codeblock += l;
        codeblock += '\n';
        if (i === line) {
            codeblock += ' '.repeat(numberLen + column + 2);
            codeblock += '^\n';
        }
    }
    return codeblock;
}
class TomlError extends Error {
    line;
    column;
    codeblock;
    constructor(message, options) {
        const [line, column] = getLineColFromPtr(options.toml, options.ptr);
        const codeblock = makeCodeBlock(options.toml, line, column);
        super(`Invalid TOML document: ${message}\n\n${codeblock}`, options);
        this.line = line;
        this.column = column;
        this.codeblock = codeblock;
    }
    /** @internal */
    static x(message, ctx, ptr) {
        throw new TomlError(message, { toml: ctx.s, ptr: ptr ?? ctx.p });
    }
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
/** @internal */
function parseString(ctx) {
    let startPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p++);
    let first = c;
    let isLiteral = c === 0x27; /* ' */
    let isMultiline = c === ctx.s.charCodeAt(ctx.p) && c === ctx.s.charCodeAt(ctx.p + 1);
    if (isMultiline) {
        // Trim initial newline
        if ((c = ctx.s.charCodeAt(ctx.p += 2)) === 0xa /* \n */)
            ctx.p++;
        else if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)
            ctx.p += 2;
    }
    // For the record: it is not worth it to use a fast-path for literal strings using `indexOf`.
    // Doing a char-by-char iteration ends up dispatching less instructions, for the same wall-clock runtime.
    let parsed = '';
    let sliceStart = ctx.p;
    // states:
    //   0 - decoding
    //   1 - decoding escape
    //   2 - whitespace escape (no newline encountered yet, must fail on non-whitespace)
    //   3 - whitespace escape (newline encountered, allowed to transition back to normal decode)
    let state = 0;
    for (; ctx.p < ctx.s.length; ctx.p++) {
        c = ctx.s.charCodeAt(ctx.p);
        // Deal with newlines first, since that simplifies control character checking and handling across all states
        if (isMultiline && (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */))) {
            state = state && 3;
        }
        // Control characters are banned in TOML, so we throw an error if we encounter them
        else if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in strings', ctx);
        }
        // The string might terminate while we're parsing through a newline escape.
        // It must have encountered a newline; otherwise, it'll simply fail in another branch.
        else if ((!state || state === 3) && c === first && (!isMultiline || (ctx.s.charCodeAt(ctx.p + 1) === first && ctx.s.charCodeAt(ctx.p + 2) === first))) {
            if (isMultiline) {
                // If the string ends with 4-5 quotes, then the first 1-2 are part of the string
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
                if (ctx.s.charCodeAt(ctx.p + 3) === first)
                    ctx.p++;
            }
            // If we're in a newline escape still, then there's nothing to add.
            if (!state) {
                // Avoid a useless concat operation if the string can be used as-is.
                let s = ctx.s.slice(sliceStart, ctx.p);
                parsed = parsed ? parsed + s : s;
            }
            ctx.p += isMultiline ? 3 : 1;
            return parsed;
        }
        // Baseline state; keep moving forward unless an escape sequence starts
        else if (!state) {
            if (!isLiteral && c === 0x5c /* \ */) {
                parsed += ctx.s.slice(sliceStart, (sliceStart = ctx.p));
                state = 1;
            }
        }
        else if (state === 1) {
            if (c === 0x78 /* x */ || c === 0x75 /* u */ || c === 0x55 /* U */) { // Unicode escape
                let errPtr = ctx.p++ - 1;
                let value = 0;
                let len = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : 8;
                for (let j = 0; j < len; j++, ctx.p++) {
                    let hex = ctx.s.charCodeAt(ctx.p);
                    let digit = 
                    /* 0-9 */ hex >= 0x30 && hex <= 0x39 ? hex - 0x30 :
                        /* A-F */ hex >= 0x41 && hex <= 0x46 ? hex - 0x41 + 10 :
                            /* a-f */ hex >= 0x61 && hex <= 0x66 ? hex - 0x61 + 10 : -1;
                    if (digit < 0)
                        TomlError.x('invalid non-hex character in unicode escape', ctx);
                    value = (value << 4) | digit;
                }
                // Because JS does bitwise on signed 32bit integers, all 0xfzzzzzzz values are actually seen as negative
                if (value < 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
                    TomlError.x('invalid unicode escape', ctx, errPtr);
                }
                parsed += String.fromCodePoint(value);
                sliceStart = ctx.p--;
                state = 0;
            }
            // Newline escape sequence. We only need to care about spaces and tabs; newlines are dealt with earlier
            else if (isMultiline && (c === 0x20 || c === 0x9 /* \t */)) {
                state = 2;
            }
            // Basic escape sequence
            else {
                if (c === 0x62 /* b */)
                    parsed += '\b';
                else if (c === 0x74 /* t */)
                    parsed += '\t';
                else if (c === 0x6e /* n */)
                    parsed += '\n';
                else if (c === 0x66 /* f */)
                    parsed += '\f';
                else if (c === 0x72 /* r */)
                    parsed += '\r';
                else if (c === 0x65 /* e */)
                    parsed += '\x1b';
                else if (c === 0x22 /* " */)
                    parsed += '"';
                else if (c === 0x5c /* \ */)
                    parsed += '\\';
                else
                    TomlError.x('unrecognised escape sequence', ctx);
                sliceStart = ctx.p + 1;
                state = 0;
            }
        }
        // Newline escape continuation: keep moving forward until the first non-whitespace char
        else if (c !== 0x20 && c !== 0x9 /* \t */) {
            if (state === 2)
                TomlError.x('invalid escape: only line-ending whitespace may be escaped', ctx, sliceStart);
            // State cannot be zero, or we'd have branched earlier already.
            // If it's a backslash, immediately transition to the escape state so it can be processed.
            state = !isLiteral && c === 0x5c /* \ */ ? 1 : 0;
            sliceStart = ctx.p;
        }
    }
    TomlError.x('unfinished string', ctx, startPtr);
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
let DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})?[Tt ]?(?:(\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|z|[-+]\d{2}:\d{2})?$/i;
class TomlDate extends Date {
    #hasDate = false;
    #hasTime = false;
    #offset = null;
    constructor(date, fasttype, unsafeDelim) {
        let hasDate = true;
        let hasTime = true;
        let offset = 'Z';
        let c;
        if (typeof date === 'string') {
            if (fasttype)
                prep: {
                    // Date-time
                    if (fasttype < 3) {
                        if (+date.slice(11, 13) > 23) {
                            date = '';
                            break prep;
                        }
                        // Local
                        if (fasttype === 2) {
                            offset = null;
                            date += 'Z';
                        }
                        // Offset; keep track of offset if not Z
                        else if ((c = date.charCodeAt(date.length - 1)) !== 0x5a /* Z */ && c !== 0x7a /* z */) {
                            offset = date.slice(date.length - 6);
                        }
                        if (unsafeDelim)
                            date = date.slice(0, 10) + 'T' + date.slice(11);
                    }
                    // Time
                    else if (fasttype === 4) {
                        date = +date.slice(0, 2) > 23 ? '' : `0000-01-01T${date}Z`;
                    }
                    hasDate = fasttype !== 4;
                    hasTime = fasttype !== 3;
                }
            else {
                let match = date.match(DATE_TIME_RE);
                if (match) {
                    if (!match[1]) {
                        hasDate = false;
                        date = `0000-01-01T${date}`;
                    }
                    hasTime = !!match[2];
                    // Make sure to use T instead of a space. Breaks in case of extreme values otherwise.
                    hasTime && date[10] === ' ' && (date = date.replace(' ', 'T'));
                    // Do not allow rollover hours.
                    if (match[2] && +match[2] > 23) {
                        date = '';
                    }
                    else {
                        offset = match[3] || null;
                        if (!offset && hasTime)
                            date += 'Z';
                    }
                }
                else {
                    date = '';
                }
            }
        }
        super(date);
        if (!isNaN(this.getTime())) {
            this.#hasDate = hasDate;
            this.#hasTime = hasTime;
            this.#offset = offset;
        }
    }
    isDateTime() {
        return this.#hasDate && this.#hasTime;
    }
    isLocal() {
        return !this.#hasDate || !this.#hasTime || !this.#offset;
    }
    isDate() {
        return this.#hasDate && !this.#hasTime;
    }
    isTime() {
        return this.#hasTime && !this.#hasDate;
    }
    isValid() {
        return this.#hasDate || this.#hasTime;
    }
    toISOString() {
        let iso = super.toISOString();
        // Local Date
        if (this.isDate())
            return iso.slice(0, 10);
        // Local Time
        if (this.isTime())
            return iso.slice(11, 23);
        // Local DateTime
        if (this.#offset === null)
            return iso.slice(0, -1);
        // Offset DateTime
        if (this.#offset === 'Z' || this.#offset === 'z')
            return iso;
        // This part is quite annoying: JS strips the original timezone from the ISO string representation
        // Instead of using a "modified" date and "Z", we restore the representation "as authored"
        let offset = (+(this.#offset.slice(1, 3)) * 60) + +(this.#offset.slice(4, 6));
        offset = this.#offset[0] === '-' ? offset : -offset;
        let offsetDate = new Date(this.getTime() - (offset * 60e3));
        return offsetDate.toISOString().slice(0, -1) + this.#offset;
    }
    static wrapAsOffsetDateTime(jsDate, offset = 'Z') {
        let date = new TomlDate(jsDate);
        date.#offset = offset;
        return date;
    }
    static wrapAsLocalDateTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#offset = null;
        return date;
    }
    static wrapAsLocalDate(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasTime = false;
        date.#offset = null;
        return date;
    }
    static wrapAsLocalTime(jsDate) {
        let date = new TomlDate(jsDate);
        date.#hasDate = false;
        date.#offset = null;
        return date;
    }
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function isDigit(char, base = 10) {
    return base === 16
        ? (char > 0x2f && char < 0x3a) || (char > 0x40 && char < 0x47) || (char > 0x60 && char < 0x67)
        : (char > 0x2f && char < 0x30 + base);
}
function isEndOfValue(char, delim) {
    // Whitespace -- we're permissive on `\r` for performance; it'll be dealt with later anyway
    return char === 0x20 || char === 0x9 /* \t */ || char === 0xa /* \n */ || char === 0xd /* \r */ ||
        // Structure end or next value delimiter
        (delim && (char === delim || char === 0x2c /* , */)) ||
        // Comment
        char === 0x23; /* # */
}
/** @internal */
function extractValue(ctx, end) {
    let errPtr = ctx.p;
    let c = ctx.s.charCodeAt(ctx.p);
    // Structs
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
        ctx.d-- || TomlError.x('document contains excessively nested structures. aborting.', ctx);
        let value = c === 0x5b /* [ */
            ? parseArray(ctx)
            : parseInlineTable(ctx);
        ctx.d++;
        return value;
    }
    // Strings
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        return parseString(ctx);
    }
    // Booleans
    // We can fast-path because the first character is enough to know the only possible value
    if (c === 0x74 /* t */) { // Only possible valid value is `true`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x72 || ctx.s.charCodeAt(++ctx.p) !== 0x75 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, true;
    }
    if (c === 0x66 /* f */) { // Only possible valid value is `false`
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6c || ctx.s.charCodeAt(++ctx.p) !== 0x73 || ctx.s.charCodeAt(++ctx.p) !== 0x65)
            TomlError.x('invalid value', ctx, errPtr);
        return ctx.p++, false;
    }
    if (c === 0x2b /* + */ || c === 0x2d /* - */) {
        return parseNumber(ctx, ctx.p, ctx.s.charCodeAt(++ctx.p), 0x2c - c, end);
    }
    // Rough heuristic, but `parseDate` falls back to number parsing if it's a false positive.
    // e.g.: `a = 1\n-------------- = 1` would match this heuristic, but gracefully fallback to numbers.
    if (ctx.s.charCodeAt(ctx.p + 4) === 0x2d /* - */ && ctx.s.charCodeAt(ctx.p + 7) === 0x2d /* - */) {
        return parseDate(ctx, c, end);
    }
    // Same logic as above; `parseTime` falls back to number parsing if it's a false positive.
    if (ctx.s.charCodeAt(ctx.p + 2) === 0x3a /* : */) {
        return parseTime(ctx, c, end);
    }
    return parseNumber(ctx, ctx.p, c, 0, end);
}
// State:
// 0: init
// 1: integer
// 2: fractional dot
// 3: fractional
// 4: exponent letter
// 5: exponent
// 6: exponent sign
// 7: exponent with sign
// >9: underscore; see below
//     -> 12: was integer
//     -> 14: was fractional
//     -> 16: was exponent
// states 2-5, 14, 16 are ONLY permitted iif base === 10
function parseNumber(ctx, startPtr, startChr, sign, endChr) {
    let c = startChr;
    let state = 0;
    let hasUnderscores = false;
    // (+/-)inf
    if (c === 0x69 /* i */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x6e || ctx.s.charCodeAt(++ctx.p) !== 0x66)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, (sign || 1) / 0;
    }
    // (+/-)nan
    if (c === 0x6e /* n */) {
        if (ctx.s.charCodeAt(++ctx.p) !== 0x61 || ctx.s.charCodeAt(++ctx.p) !== 0x6e)
            TomlError.x('invalid value', ctx, startPtr);
        return ctx.p++, NaN;
    }
    // Leading zero
    // Only allowed cases: `0<EOV>`, `0.(...)`, `0e(...)`, `0x(...)`, `0b(...)`, `0o(...)`
    // FWIW, `0e(...)` is a stupid case, but it's not banned per-se so we have to parse it
    if (c === 0x30 /* 0 */) {
        if (++ctx.p >= ctx.s.length || isEndOfValue(c = ctx.s.charCodeAt(ctx.p), endChr))
            return ctx.bi === true ? 0n : 0; // note: conveniently deals with `-0`
        if (!sign) {
            if (c === 0x78 /* x */)
                return parseIntegerBaseN(ctx, startPtr, 16, endChr);
            else if (c === 0x62 /* b */)
                return parseIntegerBaseN(ctx, startPtr, 2, endChr);
            else if (c === 0x6f /* o */)
                return parseIntegerBaseN(ctx, startPtr, 8, endChr);
        }
        if (c === 0x2e /* . */)
            state = 2;
        else if (c === 0x65 /* e */ || c === 0x45 /* E */)
            state = 4;
        else
            TomlError.x('illegal leading zero', ctx, startPtr);
    }
    // If the 1st char is not a digit by now, then it's not a valid TOML value at all
    else if (!isDigit(c))
        TomlError.x('invalid value', ctx, startPtr);
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (!state)
            state = 1; // Detects single-digit numbers we can use a fast parse path for
        // The way the states are numbered is not random: underscores are always permitted in odd-numbered states and
        // never permitted in even-numbered ones.
        if (c === 0x5f /* _ */) {
            if (!(state & 1))
                TomlError.x('illegal underscore', ctx);
            state += 11; // 11 is a marker that makes the state even and greater than 9; see the numbering + rationale above
            hasUnderscores = true;
        }
        // Transition to fractional part.
        else if (state === 1 && c === 0x2e /* . */)
            state = 2;
        // Transition to exponent part.
        else if ((state === 1 || state === 3) && (c === 0x65 /* e */ || c === 0x45 /* E */))
            state = 4;
        // + and - are permitted in state 4 only (handled before entering the function for state 0)
        else if (state === 4 && (c === 0x2b /* + */ || c === 0x2d /* - */)) {
            state = 6;
        }
        // All special cases have been handled; only digits are allowed here
        else if (!isDigit(c))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear state flags
        else if (state > 9)
            state -= 11;
        else if (!(state & 1))
            state++;
    }
    // Single-char number; we can fast-path these very easily.
    if (!state) {
        let val = (startChr - 0x30 /* 0 */) * (sign || 1);
        return ctx.bi === true ? BigInt(val) : val;
    }
    // Even-numbered states absolutely require a digit next; not even end of value is permitted
    if (!(state & 1))
        TomlError.x('unfinished numeric value', ctx, startPtr);
    let str = ctx.s.slice(startPtr, ctx.p);
    if (hasUnderscores)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return state > 1
        ? parseFloat(str)
        : parseInteger(ctx, str, 10, startPtr);
}
function parseIntegerBaseN(ctx, startPtr, base, endChr) {
    let c, underscore = 1;
    while (++ctx.p < ctx.s.length && (c = ctx.s.charCodeAt(ctx.p), !isEndOfValue(c, endChr))) {
        if (c === 0x5f /* _ */) {
            if (underscore & 1)
                TomlError.x('illegal underscore', ctx);
            underscore = 3;
        }
        // We only need to check if the number is a valid digit, nothing else is permitted
        else if (!isDigit(c, base))
            TomlError.x(`illegal character in numeric literal`, ctx);
        // Clear underscore flag
        else if (underscore & 1)
            underscore--;
    }
    // Trailing underscore is not allowed
    if (underscore & 1)
        TomlError.x('unfinished numeric value', ctx);
    let str = ctx.s.slice(startPtr + 2, ctx.p);
    if (underscore)
        str = str.replaceAll('_', ''); // perf: replaceAll 1.25x faster than replace with a regex
    return parseInteger(ctx, str, base, startPtr);
}
function parseInteger(ctx, str, base, startPtr) {
    if (ctx.bi !== true)
        int: {
            let val = parseInt(str, base);
            if (!Number.isSafeInteger(val)) {
                if (ctx.bi)
                    break int;
                TomlError.x('integer value cannot be represented losslessly', ctx, startPtr);
            }
            return val;
        }
    return base === 10 ? BigInt(str) : BigInt((base === 2 ? '0b' : base === 8 ? '0o' : '0x') + str);
}
function parseDate(ctx, c, endChr) {
    let startPtr = ctx.p++, unsafeSeparator;
    if (!isDigit(c) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++)) ||
        !isDigit(ctx.s.charCodeAt(ctx.p++))) {
        return parseNumber(ctx, ctx.p = startPtr, c, 0, endChr);
    }
    ctx.p += 5;
    if (!isDigit(ctx.s.charCodeAt(ctx.p++)))
        TomlError.x('invalid date-time: date part is malformed', ctx, startPtr);
    if (ctx.p >= ctx.s.length || (((c = ctx.s.charCodeAt(ctx.p)) !== 0x20 || (unsafeSeparator = true, !isDigit(ctx.s.charCodeAt(ctx.p + 1)))) && c !== 0x54 /* T */ && c !== 0x74 /* t */)) {
        let t = ctx.s.slice(startPtr, ctx.p);
        return readDate(ctx, t, 3, false, startPtr);
    }
    if (ctx.s.charCodeAt(ctx.p += 3) !== 0x3a /* : */)
        TomlError.x('invalid date-time: time part is malformed', ctx, startPtr);
    if (ctx.s.charCodeAt(ctx.p += 3) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    if (c = ctx.s.charCodeAt(ctx.p)) {
        if (c === 0x5a /* Z */ || c === 0x7a /* z */) {
            let t = ctx.s.slice(startPtr, ++ctx.p);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, '[+00:00]');
        }
        if (c === 0x2b /* + */ || c === 0x2d /* - */) {
            // Temporal's ZonedDateTime is weird asf when it comes to dealing with traditional offsets...
            // It's 1.2x faster to allocate a new string to pass to ZDT than use Instant.toZonedDateTimeISO
            let t = ctx.s.slice(startPtr, ctx.p += 6);
            return readDate(ctx, t, 1, unsafeSeparator, startPtr, !ctx.ld && ('[' + ctx.s.slice(ctx.p - 6, ctx.p) + ']'));
        }
    }
    let t = ctx.s.slice(startPtr, ctx.p);
    return readDate(ctx, t, 2, unsafeSeparator, startPtr);
}
function parseTime(ctx, c, endChr) {
    let start = ctx.p;
    if (!isDigit(c) || !isDigit(ctx.s.charCodeAt(++ctx.p))) {
        return parseNumber(ctx, --ctx.p, c, 0, endChr);
    }
    if (ctx.s.charCodeAt(ctx.p += 4) === 0x3a /* : */)
        ctx.p += 3;
    if (ctx.s.charCodeAt(ctx.p) === 0x2e /* . */)
        while (isDigit(ctx.s.charCodeAt(++ctx.p)))
            ;
    let t = ctx.s.slice(start, ctx.p);
    return readDate(ctx, t, 4, false, start);
}
function readDate(ctx, str, type, unsafeDelim, errPtr, temporalSuffix) {
    if (ctx.ld) {
        let date = new TomlDate(str, type, unsafeDelim);
        if (!date.isValid())
            TomlError.x('invalid date', ctx, errPtr);
        return date;
    }
    try {
        if (temporalSuffix)
            str += temporalSuffix;
        switch (type) {
            case 1: return Temporal.ZonedDateTime.from(str);
            case 2: return Temporal.PlainDateTime.from(str);
            case 3: return Temporal.PlainDate.from(str);
            case 4: return Temporal.PlainTime.from(str);
        }
    }
    catch (e) {
        TomlError.x(e instanceof Error ? e.message : '' + e, ctx, errPtr);
    }
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
/** @internal */
function skipComment(ctx) {
    for (; ctx.p < ctx.s.length; ctx.p++) {
        let c = ctx.s.charCodeAt(ctx.p);
        if (c === 0xa /* \n */)
            break;
        if (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */) {
            ctx.p++;
            break;
        }
        if ((c < 0x20 && c !== 0x9 /* \t */) || c === 0x7f) {
            TomlError.x('control characters are not allowed in comments', ctx);
        }
    }
}
/** @internal */
function skipVoid(ctx, banNewLines, banComments) {
    let c;
    while (ctx.p < ctx.s.length) {
        while (ctx.p < ctx.s.length && ((c = ctx.s.charCodeAt(ctx.p)) === 0x20 ||
            c === 0x9 /* \t */ ||
            (!banNewLines &&
                (c === 0xa /* \n */ || (c === 0xd /* \r */ && ctx.s.charCodeAt(ctx.p + 1) === 0xa /* \n */)))))
            ctx.p++;
        if (banComments || c !== 0x23 /* # */)
            break;
        skipComment(ctx);
    }
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
/** @internal */
function parseKey(ctx, end = 0x3d /* = */) {
    // States:
    // 0: before first char
    // 1: parsing bare key
    // 2: after key component
    let startPtr;
    let state = 0;
    let parsed = [];
    let sliceStart;
    let c = ctx.s.charCodeAt(startPtr = ctx.p);
    do {
        // End of key
        if (c === end) {
            if (!state)
                TomlError.x('unexpected end of key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            return ctx.p++, parsed;
        }
        // Dotted key separator
        else if (c === 0x2e /* . */) {
            if (!state)
                TomlError.x('illegal empty bare key', ctx);
            if (state === 1)
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
            state = 0;
        }
        // Quoted key
        else if (!state && (c === 0x22 /* " */ || c === 0x27 /* ' */)) {
            if (c === ctx.s.charCodeAt(ctx.p + 1) && c === ctx.s.charCodeAt(ctx.p + 2))
                TomlError.x('illegal quoted key: multiline strings are not allowed', ctx);
            parsed.push(parseString(ctx));
            state = 2;
            ctx.p--;
        }
        // Whitespace; no-op in state 0 and 2, end of bare key in state 1
        else if (c === 0x20 || c === 0x9 /* \t */) {
            if (state === 1) {
                parsed.push(ctx.s.slice(sliceStart, ctx.p));
                state = 2;
            }
        }
        // If state is post-key, no character is allowed; otherwise ensure it's a bare-key component
        else if (state === 2 || (c < 0x30 && c !== 0x2d /* - */) || (c > 0x39 && c < 0x41) || (c > 0x5a && c < 0x61 && c !== 0x5f /* _ */) || c > 0x7a) {
            TomlError.x('illegal character in key', ctx);
        }
        // Illegal character
        else if (!state) {
            state = 1;
            sliceStart = ctx.p;
        }
    } while (c = ctx.s.charCodeAt(++ctx.p));
    TomlError.x('incomplete key-value: cannot find end of key', ctx, startPtr);
}
/** @internal */
function parseInlineTable(ctx) {
    let startPtr = ctx.p++;
    let res = Object.create(null);
    let seen = new Set();
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x7d /* } */) {
            ctx.p++;
            return res;
        }
        let k;
        let t = res;
        let hasOwn = false;
        let errPtr = ctx.p;
        let key = parseKey(ctx);
        for (let i = 0; i < key.length; i++) {
            if (i)
                t = hasOwn ? t[k] : (t[k] = Object.create(null));
            k = key[i];
            if ((hasOwn = Object.hasOwn(t, k)) && (typeof t[k] !== 'object' || seen.has(t[k]))) {
                TomlError.x('trying to redefine an already defined value', ctx, errPtr);
            }
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor')) {
                t = ctx.uk !== 1 && TomlError.x('document contains an unsafe property', ctx, errPtr);
                break;
            }
            if (!hasOwn && unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
            }
        }
        if (hasOwn) {
            TomlError.x('trying to redefine an already defined value', ctx, errPtr);
        }
        skipVoid(ctx, true, true);
        let value = extractValue(ctx, 0x7d /* } */);
        if (t && typeof (t[k] = value) === 'object')
            seen.add(value);
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x7d /* } */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished table', ctx, startPtr);
}
/** @internal */
function parseArray(ctx) {
    let startPtr = ctx.p++;
    let res = [];
    let c;
    while (ctx.p < ctx.s.length) {
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p)) === 0x5d /* ] */) {
            ctx.p++;
            return res;
        }
        res.push(extractValue(ctx, 0x5d /* ] */));
        skipVoid(ctx);
        if ((c = ctx.s.charCodeAt(ctx.p++)) === 0x5d /* ] */) {
            return res;
        }
        if (c !== 0x2c /* , */)
            TomlError.x('expected comma or end of structure', ctx, ctx.p - 1);
    }
    TomlError.x('unfinished array', ctx, startPtr);
}

/*!
 * Copyright (c) Squirrel Chat et al., All rights reserved.
 * SPDX-License-Identifier: BSD-3-Clause
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 *    list of conditions and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 *    this list of conditions and the following disclaimer in the
 *    documentation and/or other materials provided with the distribution.
 * 3. Neither the name of the copyright holder nor the names of its contributors
 *    may be used to endorse or promote products derived from this software without
 *    specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
 * FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
 * SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
 * CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
 * OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
 * OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
function peekTable(ctx, key, table, meta, type) {
    let t = table;
    let m = meta;
    let k;
    let hasOwn = false;
    let state;
    for (let i = 0; i < key.length; i++) {
        if (i) {
            t = hasOwn ? t[k] : (t[k] = Object.create(null));
            m = (state = m[k]).c;
            if (type === 0 /* Type.DOTTED */ && (state.t === 1 /* Type.EXPLICIT */ || state.t === 2 /* Type.ARRAY */)) {
                return null;
            }
            if (state.t === 2 /* Type.ARRAY */) {
                let l = t.length - 1;
                t = t[l];
                m = m[l].c;
            }
        }
        k = key[i];
        if ((hasOwn = Object.hasOwn(t, k)) && m[k]?.t === 0 /* Type.DOTTED */ && m[k]?.d) {
            return null;
        }
        if (!hasOwn) {
            let unsafe = k === '__proto__';
            if (ctx.uk && (unsafe || k === 'constructor'))
                return false;
            if (unsafe) {
                Object.defineProperty(t, k, { enumerable: true, configurable: true, writable: true });
                Object.defineProperty(m, k, { enumerable: true, configurable: true, writable: true });
            }
            m[k] = {
                t: i < key.length - 1 && type === 2 /* Type.ARRAY */
                    ? 3 /* Type.ARRAY_DOTTED */ : type,
                d: false,
                i: 0,
                c: Object.create(null),
            };
        }
    }
    state = m[k];
    if (state.t !== type && !(type === 1 /* Type.EXPLICIT */ && state.t === 3 /* Type.ARRAY_DOTTED */)) {
        // Bad key type!
        return null;
    }
    if (type === 2 /* Type.ARRAY */) {
        if (!state.d) {
            state.d = true;
            t[k] = [];
        }
        t[k].push(t = Object.create(null));
        state.c[state.i++] = (state = { t: 1 /* Type.EXPLICIT */, d: false, i: 0, c: Object.create(null) });
    }
    if (state.d) {
        // Redefining a table!
        return null;
    }
    state.d = true;
    if (type === 1 /* Type.EXPLICIT */) {
        t = hasOwn ? t[k] : (t[k] = Object.create(null));
    }
    else if (type === 0 /* Type.DOTTED */ && hasOwn) {
        return null;
    }
    return [k, t, state.c];
}
function validateTablePeek(ctx, peek, ptr) {
    if (peek === null || ctx.uk === 2)
        TomlError.x(peek === null
            ? 'trying to redefine an already defined table or value'
            : 'document contains an unsafe property', ctx, ptr);
}
function parse(toml, options = {}) {
    let ctx = {
        s: toml,
        p: 0,
        d: options.maxDepth ?? 1000,
        bi: options.integersAsBigInt ?? false,
        ld: options.useLegacyDate ?? true,
        uk: options.unsafeKeyBehaviour === 'throw' ? 2 : options.unsafeKeyBehaviour === 'drop' ? 1 : 0,
    };
    let res = Object.create(null);
    let meta = Object.create(null);
    let tmp;
    let skipping = false;
    let tbl = res;
    let m = meta;
    // BOM is allowed, skip.
    // JS is UTF-16, so we have to check for the UTF-16 BOM instead of the UTF-8 BOM sequence!
    if (toml.charCodeAt(0) === 0xfeff)
        ctx.p++;
    skipVoid(ctx);
    while (ctx.p < toml.length) {
        if (toml.charCodeAt(ctx.p) === 0x5b /* [ */) {
            let isTableArray = toml.charCodeAt(++ctx.p) === 0x5b; /* [ */
            tmp = ctx.p += +isTableArray;
            skipping = false;
            let k = parseKey(ctx, 0x5d /* ] */);
            if (isTableArray) {
                if (toml.charCodeAt(ctx.p) !== 0x5d /* ] */) {
                    TomlError.x('expected end of table array declaration', ctx);
                }
                ctx.p++;
            }
            let p = peekTable(ctx, k, res, meta, isTableArray ? 2 /* Type.ARRAY */ : 1 /* Type.EXPLICIT */);
            if (!p) {
                validateTablePeek(ctx, p, tmp);
                skipping = true;
            }
            else {
                m = p[2];
                tbl = p[1];
            }
        }
        else {
            tmp = ctx.p;
            let k = parseKey(ctx);
            let p = peekTable(ctx, k, tbl, m, 0 /* Type.DOTTED */);
            if (!p && !skipping)
                validateTablePeek(ctx, p, tmp);
            skipVoid(ctx, true, true);
            let v = extractValue(ctx, void 0);
            if (p && !skipping)
                p[1][p[0]] = v;
        }
        skipVoid(ctx, true);
        if (ctx.p < toml.length && (tmp = toml.charCodeAt(ctx.p)) !== 0xa /* \n */ && (tmp !== 0xd /* \r */ || toml.charCodeAt(ctx.p + 1) !== 0xa /* \n */)) {
            TomlError.x('each key-value declaration must be followed by an end-of-line', ctx);
        }
        skipVoid(ctx);
    }
    return res;
}

var utils = {};

var constants;
var hasRequiredConstants;

function requireConstants () {
	if (hasRequiredConstants) return constants;
	hasRequiredConstants = 1;

	const WIN_SLASH = '\\\\/';
	const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

	const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

	/**
	 * Posix glob regex
	 */

	const DOT_LITERAL = '\\.';
	const PLUS_LITERAL = '\\+';
	const QMARK_LITERAL = '\\?';
	const SLASH_LITERAL = '\\/';
	const ONE_CHAR = '(?=.)';
	const QMARK = '[^/]';
	const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
	const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
	const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
	const NO_DOT = `(?!${DOT_LITERAL})`;
	const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
	const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
	const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
	const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
	const STAR = `${QMARK}*?`;
	const SEP = '/';

	const POSIX_CHARS = {
	  DOT_LITERAL,
	  PLUS_LITERAL,
	  QMARK_LITERAL,
	  SLASH_LITERAL,
	  ONE_CHAR,
	  QMARK,
	  END_ANCHOR,
	  DOTS_SLASH,
	  NO_DOT,
	  NO_DOTS,
	  NO_DOT_SLASH,
	  NO_DOTS_SLASH,
	  QMARK_NO_DOT,
	  STAR,
	  START_ANCHOR,
	  SEP
	};

	/**
	 * Windows glob regex
	 */

	const WINDOWS_CHARS = {
	  ...POSIX_CHARS,

	  SLASH_LITERAL: `[${WIN_SLASH}]`,
	  QMARK: WIN_NO_SLASH,
	  STAR: `${WIN_NO_SLASH}*?`,
	  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
	  NO_DOT: `(?!${DOT_LITERAL})`,
	  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
	  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
	  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
	  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
	  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
	  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
	  SEP: '\\'
	};

	/**
	 * POSIX Bracket Regex
	 */

	const POSIX_REGEX_SOURCE = {
	  __proto__: null,
	  alnum: 'a-zA-Z0-9',
	  alpha: 'a-zA-Z',
	  ascii: '\\x00-\\x7F',
	  blank: ' \\t',
	  cntrl: '\\x00-\\x1F\\x7F',
	  digit: '0-9',
	  graph: '\\x21-\\x7E',
	  lower: 'a-z',
	  print: '\\x20-\\x7E ',
	  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
	  space: ' \\t\\r\\n\\v\\f',
	  upper: 'A-Z',
	  word: 'A-Za-z0-9_',
	  xdigit: 'A-Fa-f0-9'
	};

	constants = {
	  DEFAULT_MAX_EXTGLOB_RECURSION,
	  MAX_LENGTH: 1024 * 64,
	  POSIX_REGEX_SOURCE,

	  // regular expressions
	  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
	  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
	  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
	  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
	  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
	  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

	  // Replace globs with equivalent patterns to reduce parsing time.
	  REPLACEMENTS: {
	    __proto__: null,
	    '***': '*',
	    '**/**': '**',
	    '**/**/**': '**'
	  },

	  // Digits
	  CHAR_0: 48, /* 0 */
	  CHAR_9: 57, /* 9 */

	  // Alphabet chars.
	  CHAR_UPPERCASE_A: 65, /* A */
	  CHAR_LOWERCASE_A: 97, /* a */
	  CHAR_UPPERCASE_Z: 90, /* Z */
	  CHAR_LOWERCASE_Z: 122, /* z */

	  CHAR_LEFT_PARENTHESES: 40, /* ( */
	  CHAR_RIGHT_PARENTHESES: 41, /* ) */

	  CHAR_ASTERISK: 42, /* * */

	  // Non-alphabetic chars.
	  CHAR_AMPERSAND: 38, /* & */
	  CHAR_AT: 64, /* @ */
	  CHAR_BACKWARD_SLASH: 92, /* \ */
	  CHAR_CARRIAGE_RETURN: 13, /* \r */
	  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
	  CHAR_COLON: 58, /* : */
	  CHAR_COMMA: 44, /* , */
	  CHAR_DOT: 46, /* . */
	  CHAR_DOUBLE_QUOTE: 34, /* " */
	  CHAR_EQUAL: 61, /* = */
	  CHAR_EXCLAMATION_MARK: 33, /* ! */
	  CHAR_FORM_FEED: 12, /* \f */
	  CHAR_FORWARD_SLASH: 47, /* / */
	  CHAR_GRAVE_ACCENT: 96, /* ` */
	  CHAR_HASH: 35, /* # */
	  CHAR_HYPHEN_MINUS: 45, /* - */
	  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
	  CHAR_LEFT_CURLY_BRACE: 123, /* { */
	  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
	  CHAR_LINE_FEED: 10, /* \n */
	  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
	  CHAR_PERCENT: 37, /* % */
	  CHAR_PLUS: 43, /* + */
	  CHAR_QUESTION_MARK: 63, /* ? */
	  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
	  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
	  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
	  CHAR_SEMICOLON: 59, /* ; */
	  CHAR_SINGLE_QUOTE: 39, /* ' */
	  CHAR_SPACE: 32, /*   */
	  CHAR_TAB: 9, /* \t */
	  CHAR_UNDERSCORE: 95, /* _ */
	  CHAR_VERTICAL_LINE: 124, /* | */
	  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

	  /**
	   * Create EXTGLOB_CHARS
	   */

	  extglobChars(chars) {
	    return {
	      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
	      '?': { type: 'qmark', open: '(?:', close: ')?' },
	      '+': { type: 'plus', open: '(?:', close: ')+' },
	      '*': { type: 'star', open: '(?:', close: ')*' },
	      '@': { type: 'at', open: '(?:', close: ')' }
	    };
	  },

	  /**
	   * Create GLOB_CHARS
	   */

	  globChars(win32) {
	    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
	  }
	};
	return constants;
}

/*global navigator*/

var hasRequiredUtils;

function requireUtils () {
	if (hasRequiredUtils) return utils;
	hasRequiredUtils = 1;
	(function (exports) {

		const {
		  REGEX_BACKSLASH,
		  REGEX_REMOVE_BACKSLASH,
		  REGEX_SPECIAL_CHARS,
		  REGEX_SPECIAL_CHARS_GLOBAL
		} = /*@__PURE__*/ requireConstants();

		exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
		exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
		exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
		exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
		exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

		exports.isWindows = () => {
		  if (typeof navigator !== 'undefined' && navigator.platform) {
		    const platform = navigator.platform.toLowerCase();
		    return platform === 'win32' || platform === 'windows';
		  }

		  if (typeof process !== 'undefined' && process.platform) {
		    return process.platform === 'win32';
		  }

		  return false;
		};

		exports.removeBackslashes = str => {
		  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
		    return match === '\\' ? '' : match;
		  });
		};

		exports.escapeLast = (input, char, lastIdx) => {
		  const idx = input.lastIndexOf(char, lastIdx);
		  if (idx === -1) return input;
		  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
		  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
		};

		exports.removePrefix = (input, state = {}) => {
		  let output = input;
		  if (output.startsWith('./')) {
		    output = output.slice(2);
		    state.prefix = './';
		  }
		  return output;
		};

		exports.wrapOutput = (input, state = {}, options = {}) => {
		  const prepend = options.contains ? '' : '^';
		  const append = options.contains ? '' : '$';

		  let output = `${prepend}(?:${input})${append}`;
		  if (state.negated === true) {
		    output = `(?:^(?!${output}).*$)`;
		  }
		  return output;
		};

		exports.basename = (path, { windows } = {}) => {
		  const segs = path.split(windows ? /[\\/]/ : '/');
		  const last = segs[segs.length - 1];

		  if (last === '') {
		    return segs[segs.length - 2];
		  }

		  return last;
		}; 
	} (utils));
	return utils;
}

var scan_1;
var hasRequiredScan;

function requireScan () {
	if (hasRequiredScan) return scan_1;
	hasRequiredScan = 1;

	const utils = /*@__PURE__*/ requireUtils();
	const {
	  CHAR_ASTERISK,             /* * */
	  CHAR_AT,                   /* @ */
	  CHAR_BACKWARD_SLASH,       /* \ */
	  CHAR_COMMA,                /* , */
	  CHAR_DOT,                  /* . */
	  CHAR_EXCLAMATION_MARK,     /* ! */
	  CHAR_FORWARD_SLASH,        /* / */
	  CHAR_LEFT_CURLY_BRACE,     /* { */
	  CHAR_LEFT_PARENTHESES,     /* ( */
	  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
	  CHAR_PLUS,                 /* + */
	  CHAR_QUESTION_MARK,        /* ? */
	  CHAR_RIGHT_CURLY_BRACE,    /* } */
	  CHAR_RIGHT_PARENTHESES,    /* ) */
	  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
	} = /*@__PURE__*/ requireConstants();

	const isPathSeparator = code => {
	  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
	};

	const depth = token => {
	  if (token.isPrefix !== true) {
	    token.depth = token.isGlobstar ? Infinity : 1;
	  }
	};

	/**
	 * Quickly scans a glob pattern and returns an object with a handful of
	 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
	 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
	 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
	 *
	 * ```js
	 * const pm = require('picomatch');
	 * console.log(pm.scan('foo/bar/*.js'));
	 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
	 * ```
	 * @param {String} `str`
	 * @param {Object} `options`
	 * @return {Object} Returns an object with tokens and regex source string.
	 * @api public
	 */

	const scan = (input, options) => {
	  const opts = options || {};

	  const length = input.length - 1;
	  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
	  const slashes = [];
	  const tokens = [];
	  const parts = [];

	  let str = input;
	  let index = -1;
	  let start = 0;
	  let lastIndex = 0;
	  let isBrace = false;
	  let isBracket = false;
	  let isGlob = false;
	  let isExtglob = false;
	  let isGlobstar = false;
	  let braceEscaped = false;
	  let backslashes = false;
	  let negated = false;
	  let negatedExtglob = false;
	  let finished = false;
	  let braces = 0;
	  let prev;
	  let code;
	  let token = { value: '', depth: 0, isGlob: false };

	  const eos = () => index >= length;
	  const peek = () => str.charCodeAt(index + 1);
	  const advance = () => {
	    prev = code;
	    return str.charCodeAt(++index);
	  };

	  while (index < length) {
	    code = advance();
	    let next;

	    if (code === CHAR_BACKWARD_SLASH) {
	      backslashes = token.backslashes = true;
	      code = advance();

	      if (code === CHAR_LEFT_CURLY_BRACE) {
	        braceEscaped = true;
	      }
	      continue;
	    }

	    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
	      braces++;

	      while (eos() !== true && (code = advance())) {
	        if (code === CHAR_BACKWARD_SLASH) {
	          backslashes = token.backslashes = true;
	          advance();
	          continue;
	        }

	        if (code === CHAR_LEFT_CURLY_BRACE) {
	          braces++;
	          continue;
	        }

	        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
	          isBrace = token.isBrace = true;
	          isGlob = token.isGlob = true;
	          finished = true;

	          if (scanToEnd === true) {
	            continue;
	          }

	          break;
	        }

	        if (braceEscaped !== true && code === CHAR_COMMA) {
	          isBrace = token.isBrace = true;
	          isGlob = token.isGlob = true;
	          finished = true;

	          if (scanToEnd === true) {
	            continue;
	          }

	          break;
	        }

	        if (code === CHAR_RIGHT_CURLY_BRACE) {
	          braces--;

	          if (braces === 0) {
	            braceEscaped = false;
	            isBrace = token.isBrace = true;
	            finished = true;
	            break;
	          }
	        }
	      }

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }

	    if (code === CHAR_FORWARD_SLASH) {
	      slashes.push(index);
	      tokens.push(token);
	      token = { value: '', depth: 0, isGlob: false };

	      if (finished === true) continue;
	      if (prev === CHAR_DOT && index === (start + 1)) {
	        start += 2;
	        continue;
	      }

	      lastIndex = index + 1;
	      continue;
	    }

	    if (opts.noext !== true) {
	      const isExtglobChar = code === CHAR_PLUS
	        || code === CHAR_AT
	        || code === CHAR_ASTERISK
	        || code === CHAR_QUESTION_MARK
	        || code === CHAR_EXCLAMATION_MARK;

	      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
	        isGlob = token.isGlob = true;
	        isExtglob = token.isExtglob = true;
	        finished = true;
	        if (code === CHAR_EXCLAMATION_MARK && index === start) {
	          negatedExtglob = true;
	        }

	        if (scanToEnd === true) {
	          let parens = 0;

	          while (eos() !== true && (code = advance())) {
	            if (code === CHAR_BACKWARD_SLASH) {
	              backslashes = token.backslashes = true;
	              advance();
	              continue;
	            }

	            if (code === CHAR_LEFT_PARENTHESES) {
	              parens++;
	              continue;
	            }

	            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
	              finished = true;
	              break;
	            }
	          }
	          continue;
	        }
	        break;
	      }
	    }

	    if (code === CHAR_ASTERISK) {
	      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
	      isGlob = token.isGlob = true;
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }
	      break;
	    }

	    if (code === CHAR_QUESTION_MARK) {
	      isGlob = token.isGlob = true;
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }
	      break;
	    }

	    if (code === CHAR_LEFT_SQUARE_BRACKET) {
	      while (eos() !== true && (next = advance())) {
	        if (next === CHAR_BACKWARD_SLASH) {
	          backslashes = token.backslashes = true;
	          advance();
	          continue;
	        }

	        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
	          isBracket = token.isBracket = true;
	          isGlob = token.isGlob = true;
	          finished = true;
	          break;
	        }
	      }

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }

	    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
	      negated = token.negated = true;
	      start++;
	      continue;
	    }

	    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
	      isGlob = token.isGlob = true;

	      if (scanToEnd === true) {
	        let parens = 1;

	        while (eos() !== true && (code = advance())) {
	          if (code === CHAR_BACKWARD_SLASH) {
	            backslashes = token.backslashes = true;
	            advance();
	            continue;
	          }

	          if (code === CHAR_LEFT_PARENTHESES) {
	            parens++;
	            continue;
	          }

	          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
	            finished = true;
	            break;
	          }
	        }
	        continue;
	      }
	      break;
	    }

	    if (isGlob === true) {
	      finished = true;

	      if (scanToEnd === true) {
	        continue;
	      }

	      break;
	    }
	  }

	  if (opts.noext === true) {
	    isExtglob = false;
	    isGlob = false;
	  }

	  let base = str;
	  let prefix = '';
	  let glob = '';

	  if (start > 0) {
	    prefix = str.slice(0, start);
	    str = str.slice(start);
	    lastIndex -= start;
	  }

	  if (base && isGlob === true && lastIndex > 0) {
	    base = str.slice(0, lastIndex);
	    glob = str.slice(lastIndex);
	  } else if (isGlob === true) {
	    base = '';
	    glob = str;
	  } else {
	    base = str;
	  }

	  if (base && base !== '' && base !== '/' && base !== str) {
	    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
	      base = base.slice(0, -1);
	    }
	  }

	  if (opts.unescape === true) {
	    if (glob) glob = utils.removeBackslashes(glob);

	    if (base && backslashes === true) {
	      base = utils.removeBackslashes(base);
	    }
	  }

	  const state = {
	    prefix,
	    input,
	    start,
	    base,
	    glob,
	    isBrace,
	    isBracket,
	    isGlob,
	    isExtglob,
	    isGlobstar,
	    negated,
	    negatedExtglob
	  };

	  if (opts.tokens === true) {
	    state.maxDepth = 0;
	    if (!isPathSeparator(code)) {
	      tokens.push(token);
	    }
	    state.tokens = tokens;
	  }

	  if (opts.parts === true || opts.tokens === true) {
	    let prevIndex;

	    for (let idx = 0; idx < slashes.length; idx++) {
	      const n = prevIndex !== undefined ? prevIndex + 1 : start;
	      const i = slashes[idx];
	      const value = input.slice(n, i);
	      if (opts.tokens) {
	        if (idx === 0 && start !== 0) {
	          tokens[idx].isPrefix = true;
	          tokens[idx].value = prefix;
	        } else {
	          tokens[idx].value = value;
	        }
	        depth(tokens[idx]);
	        state.maxDepth += tokens[idx].depth;
	      }
	      if (i >= start) {
	        parts.push(value);
	        prevIndex = i;
	      }
	    }

	    const n = prevIndex !== undefined ? prevIndex + 1 : start;
	    const value = input.slice(n);
	    parts.push(value);

	    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
	      tokens[tokens.length - 1].value = value;
	      depth(tokens[tokens.length - 1]);
	      state.maxDepth += tokens[tokens.length - 1].depth;
	    }

	    state.slashes = slashes;
	    state.parts = parts;
	  }

	  return state;
	};

	scan_1 = scan;
	return scan_1;
}

var parse_1;
var hasRequiredParse;

function requireParse () {
	if (hasRequiredParse) return parse_1;
	hasRequiredParse = 1;

	const constants = /*@__PURE__*/ requireConstants();
	const utils = /*@__PURE__*/ requireUtils();

	/**
	 * Constants
	 */

	const {
	  MAX_LENGTH,
	  POSIX_REGEX_SOURCE,
	  REGEX_NON_SPECIAL_CHARS,
	  REGEX_SPECIAL_CHARS_BACKREF,
	  REPLACEMENTS
	} = constants;

	/**
	 * Helpers
	 */

	const expandRange = (args, options) => {
	  if (typeof options.expandRange === 'function') {
	    return options.expandRange(...args, options);
	  }

	  args.sort();
	  const value = `[${args.join('-')}]`;

	  try {
	    /* eslint-disable-next-line no-new */
	    new RegExp(value);
	  } catch (ex) {
	    return args.map(v => utils.escapeRegex(v)).join('..');
	  }

	  return value;
	};

	/**
	 * Create the message for a syntax error
	 */

	const syntaxError = (type, char) => {
	  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
	};

	const splitTopLevel = input => {
	  const parts = [];
	  let bracket = 0;
	  let paren = 0;
	  let quote = 0;
	  let value = '';
	  let escaped = false;

	  for (const ch of input) {
	    if (escaped === true) {
	      value += ch;
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      value += ch;
	      escaped = true;
	      continue;
	    }

	    if (ch === '"') {
	      quote = quote === 1 ? 0 : 1;
	      value += ch;
	      continue;
	    }

	    if (quote === 0) {
	      if (ch === '[') {
	        bracket++;
	      } else if (ch === ']' && bracket > 0) {
	        bracket--;
	      } else if (bracket === 0) {
	        if (ch === '(') {
	          paren++;
	        } else if (ch === ')' && paren > 0) {
	          paren--;
	        } else if (ch === '|' && paren === 0) {
	          parts.push(value);
	          value = '';
	          continue;
	        }
	      }
	    }

	    value += ch;
	  }

	  parts.push(value);
	  return parts;
	};

	const isPlainBranch = branch => {
	  let escaped = false;

	  for (const ch of branch) {
	    if (escaped === true) {
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      escaped = true;
	      continue;
	    }

	    if (/[?*+@!()[\]{}]/.test(ch)) {
	      return false;
	    }
	  }

	  return true;
	};

	const normalizeSimpleBranch = branch => {
	  let value = branch.trim();
	  let changed = true;

	  while (changed === true) {
	    changed = false;

	    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
	      value = value.slice(2, -1);
	      changed = true;
	    }
	  }

	  if (!isPlainBranch(value)) {
	    return;
	  }

	  return value.replace(/\\(.)/g, '$1');
	};

	const hasRepeatedCharPrefixOverlap = branches => {
	  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

	  for (let i = 0; i < values.length; i++) {
	    for (let j = i + 1; j < values.length; j++) {
	      const a = values[i];
	      const b = values[j];
	      const char = a[0];

	      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
	        continue;
	      }

	      if (a === b || a.startsWith(b) || b.startsWith(a)) {
	        return true;
	      }
	    }
	  }

	  return false;
	};

	const parseRepeatedExtglob = (pattern, requireEnd = true) => {
	  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
	    return;
	  }

	  let bracket = 0;
	  let paren = 0;
	  let quote = 0;
	  let escaped = false;

	  for (let i = 1; i < pattern.length; i++) {
	    const ch = pattern[i];

	    if (escaped === true) {
	      escaped = false;
	      continue;
	    }

	    if (ch === '\\') {
	      escaped = true;
	      continue;
	    }

	    if (ch === '"') {
	      quote = quote === 1 ? 0 : 1;
	      continue;
	    }

	    if (quote === 1) {
	      continue;
	    }

	    if (ch === '[') {
	      bracket++;
	      continue;
	    }

	    if (ch === ']' && bracket > 0) {
	      bracket--;
	      continue;
	    }

	    if (bracket > 0) {
	      continue;
	    }

	    if (ch === '(') {
	      paren++;
	      continue;
	    }

	    if (ch === ')') {
	      paren--;

	      if (paren === 0) {
	        if (requireEnd === true && i !== pattern.length - 1) {
	          return;
	        }

	        return {
	          type: pattern[0],
	          body: pattern.slice(2, i),
	          end: i
	        };
	      }
	    }
	  }
	};

	const buildCharClassStar = chars => {
	  const source = chars.length === 1
	    ? utils.escapeRegex(chars[0])
	    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

	  return `${source}*`;
	};

	const getStarExtglobSequenceChars = pattern => {
	  let index = 0;
	  const chars = [];

	  while (index < pattern.length) {
	    const match = parseRepeatedExtglob(pattern.slice(index), false);

	    if (!match || match.type !== '*') {
	      return;
	    }

	    const branches = splitTopLevel(match.body).map(branch => branch.trim());
	    if (branches.length !== 1) {
	      return;
	    }

	    const branch = normalizeSimpleBranch(branches[0]);
	    if (!branch || branch.length !== 1) {
	      return;
	    }

	    chars.push(branch);
	    index += match.end + 1;
	  }

	  if (chars.length < 1) {
	    return;
	  }

	  return chars;
	};

	const repeatedExtglobRecursion = pattern => {
	  let depth = 0;
	  let value = pattern.trim();
	  let match = parseRepeatedExtglob(value);

	  while (match) {
	    depth++;
	    value = match.body.trim();
	    match = parseRepeatedExtglob(value);
	  }

	  return depth;
	};

	const analyzeRepeatedExtglob = (body, options) => {
	  if (options.maxExtglobRecursion === false) {
	    return { risky: false };
	  }

	  const max =
	    typeof options.maxExtglobRecursion === 'number'
	      ? options.maxExtglobRecursion
	      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

	  const branches = splitTopLevel(body).map(branch => branch.trim());

	  if (branches.length > 1) {
	    if (
	      branches.some(branch => branch === '') ||
	      branches.some(branch => /^[*?]+$/.test(branch)) ||
	      hasRepeatedCharPrefixOverlap(branches)
	    ) {
	      return { risky: true };
	    }
	  }

	  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
	  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
	  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
	  // characters we can emit one flat, ReDoS-safe character class that preserves the
	  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
	  // every branch but the first.
	  const safeChars = [];
	  let sawStarSequence = false;
	  let combinable = true;

	  for (const branch of branches) {
	    const chars = getStarExtglobSequenceChars(branch);
	    if (chars) {
	      sawStarSequence = true;
	      safeChars.push(...chars);
	      continue;
	    }

	    const literal = normalizeSimpleBranch(branch);
	    if (literal && literal.length === 1) {
	      safeChars.push(literal);
	      continue;
	    }

	    combinable = false;

	    if (repeatedExtglobRecursion(branch) > max) {
	      return { risky: true };
	    }
	  }

	  if (sawStarSequence) {
	    return combinable
	      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
	      : { risky: true };
	  }

	  return { risky: false };
	};

	/**
	 * Parse the given input string.
	 * @param {String} input
	 * @param {Object} options
	 * @return {Object}
	 */

	const parse = (input, options) => {
	  if (typeof input !== 'string') {
	    throw new TypeError('Expected a string');
	  }

	  input = REPLACEMENTS[input] || input;

	  const opts = { ...options };
	  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

	  let len = input.length;
	  if (len > max) {
	    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
	  }

	  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
	  const tokens = [bos];

	  const capture = opts.capture ? '' : '?:';

	  // create constants based on platform, for windows or posix
	  const PLATFORM_CHARS = constants.globChars(opts.windows);
	  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

	  const {
	    DOT_LITERAL,
	    PLUS_LITERAL,
	    SLASH_LITERAL,
	    ONE_CHAR,
	    DOTS_SLASH,
	    NO_DOT,
	    NO_DOT_SLASH,
	    NO_DOTS_SLASH,
	    QMARK,
	    QMARK_NO_DOT,
	    STAR,
	    START_ANCHOR
	  } = PLATFORM_CHARS;

	  const globstar = opts => {
	    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
	  };

	  const nodot = opts.dot ? '' : NO_DOT;
	  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
	  let star = opts.bash === true ? globstar(opts) : STAR;

	  if (opts.capture) {
	    star = `(${star})`;
	  }

	  // minimatch options support
	  if (typeof opts.noext === 'boolean') {
	    opts.noextglob = opts.noext;
	  }

	  const state = {
	    input,
	    index: -1,
	    start: 0,
	    dot: opts.dot === true,
	    consumed: '',
	    output: '',
	    prefix: '',
	    backtrack: false,
	    negated: false,
	    brackets: 0,
	    braces: 0,
	    parens: 0,
	    quotes: 0,
	    globstar: false,
	    tokens
	  };

	  input = utils.removePrefix(input, state);
	  len = input.length;

	  const extglobs = [];
	  const braces = [];
	  const stack = [];
	  let prev = bos;
	  let value;

	  /**
	   * Tokenizing helpers
	   */

	  const eos = () => state.index === len - 1;
	  const peek = state.peek = (n = 1) => input[state.index + n];
	  const advance = state.advance = () => input[++state.index] || '';
	  const remaining = () => input.slice(state.index + 1);
	  const consume = (value = '', num = 0) => {
	    state.consumed += value;
	    state.index += num;
	  };

	  const append = token => {
	    state.output += token.output != null ? token.output : token.value;
	    consume(token.value);
	  };

	  const negate = () => {
	    let count = 1;

	    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
	      advance();
	      state.start++;
	      count++;
	    }

	    if (count % 2 === 0) {
	      return false;
	    }

	    state.negated = true;
	    state.start++;
	    return true;
	  };

	  const increment = type => {
	    state[type]++;
	    stack.push(type);
	  };

	  const decrement = type => {
	    state[type]--;
	    stack.pop();
	  };

	  /**
	   * Push tokens onto the tokens array. This helper speeds up
	   * tokenizing by 1) helping us avoid backtracking as much as possible,
	   * and 2) helping us avoid creating extra tokens when consecutive
	   * characters are plain text. This improves performance and simplifies
	   * lookbehinds.
	   */

	  const push = tok => {
	    if (prev.type === 'globstar') {
	      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
	      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

	      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
	        state.output = state.output.slice(0, -prev.output.length);
	        prev.type = 'star';
	        prev.value = '*';
	        prev.output = star;
	        state.output += prev.output;
	      }
	    }

	    if (extglobs.length && tok.type !== 'paren') {
	      extglobs[extglobs.length - 1].inner += tok.value;
	    }

	    if (tok.value || tok.output) append(tok);
	    if (prev && prev.type === 'text' && tok.type === 'text') {
	      prev.output = (prev.output || prev.value) + tok.value;
	      prev.value += tok.value;
	      return;
	    }

	    tok.prev = prev;
	    tokens.push(tok);
	    prev = tok;
	  };

	  const extglobOpen = (type, value) => {
	    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

	    token.prev = prev;
	    token.parens = state.parens;
	    token.output = state.output;
	    token.startIndex = state.index;
	    token.tokensIndex = tokens.length;
	    const output = (opts.capture ? '(' : '') + token.open;

	    increment('parens');
	    push({ type, value, output: state.output ? '' : ONE_CHAR });
	    push({ type: 'paren', extglob: true, value: advance(), output });
	    extglobs.push(token);
	  };

	  const extglobClose = token => {
	    const literal = input.slice(token.startIndex, state.index + 1);
	    const body = input.slice(token.startIndex + 2, state.index);
	    const analysis = analyzeRepeatedExtglob(body, opts);

	    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
	      const safeOutput = analysis.safeOutput
	        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
	        : undefined;
	      const open = tokens[token.tokensIndex];

	      open.type = 'text';
	      open.value = literal;
	      open.output = safeOutput || utils.escapeRegex(literal);

	      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
	        tokens[i].value = '';
	        tokens[i].output = '';
	        delete tokens[i].suffix;
	      }

	      state.output = token.output + open.output;
	      state.backtrack = true;

	      push({ type: 'paren', extglob: true, value, output: '' });
	      decrement('parens');
	      return;
	    }

	    let output = token.close + (opts.capture ? ')' : '');
	    let rest;

	    if (token.type === 'negate') {
	      let extglobStar = star;

	      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
	        extglobStar = globstar(opts);
	      }

	      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
	        output = token.close = `)$))${extglobStar}`;
	      }

	      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
	        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
	        // In this case, we need to parse the string and use it in the output of the original pattern.
	        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
	        //
	        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
	        const expression = parse(rest, { ...options, fastpaths: false }).output;

	        output = token.close = `)${expression})${extglobStar})`;
	      }

	      if (token.prev.type === 'bos') {
	        state.negatedExtglob = true;
	      }
	    }

	    push({ type: 'paren', extglob: true, value, output });
	    decrement('parens');
	  };

	  /**
	   * Fast paths
	   */

	  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
	    let backslashes = false;

	    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
	      if (first === '\\') {
	        backslashes = true;
	        return m;
	      }

	      if (first === '?') {
	        if (esc) {
	          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
	        }
	        if (index === 0) {
	          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
	        }
	        return QMARK.repeat(chars.length);
	      }

	      if (first === '.') {
	        return DOT_LITERAL.repeat(chars.length);
	      }

	      if (first === '*') {
	        if (esc) {
	          return esc + first + (rest ? star : '');
	        }
	        return star;
	      }
	      return esc ? m : `\\${m}`;
	    });

	    if (backslashes === true) {
	      if (opts.unescape === true) {
	        output = output.replace(/\\/g, '');
	      } else {
	        output = output.replace(/\\+/g, m => {
	          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
	        });
	      }
	    }

	    if (output === input && opts.contains === true) {
	      state.output = input;
	      return state;
	    }

	    state.output = utils.wrapOutput(output, state, options);
	    return state;
	  }

	  /**
	   * Tokenize input until we reach end-of-string
	   */

	  while (!eos()) {
	    value = advance();

	    if (value === '\u0000') {
	      continue;
	    }

	    /**
	     * Escaped characters
	     */

	    if (value === '\\') {
	      const next = peek();

	      if (next === '/' && opts.bash !== true) {
	        continue;
	      }

	      if (next === '.' || next === ';') {
	        continue;
	      }

	      if (!next) {
	        value += '\\';
	        push({ type: 'text', value });
	        continue;
	      }

	      // collapse slashes to reduce potential for exploits
	      const match = /^\\+/.exec(remaining());
	      let slashes = 0;

	      if (match && match[0].length > 2) {
	        slashes = match[0].length;
	        state.index += slashes;
	        if (slashes % 2 !== 0) {
	          value += '\\';
	        }
	      }

	      if (opts.unescape === true) {
	        value = advance();
	      } else {
	        value += advance();
	      }

	      if (state.brackets === 0) {
	        push({ type: 'text', value });
	        continue;
	      }
	    }

	    /**
	     * If we're inside a regex character class, continue
	     * until we reach the closing bracket.
	     */

	    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
	      if (opts.posix !== false && value === ':') {
	        const inner = prev.value.slice(1);
	        if (inner.includes('[')) {
	          prev.posix = true;

	          if (inner.includes(':')) {
	            const idx = prev.value.lastIndexOf('[');
	            const pre = prev.value.slice(0, idx);
	            const rest = prev.value.slice(idx + 2);
	            const posix = POSIX_REGEX_SOURCE[rest];
	            if (posix) {
	              prev.value = pre + posix;
	              state.backtrack = true;
	              advance();

	              if (!bos.output && tokens.indexOf(prev) === 1) {
	                bos.output = ONE_CHAR;
	              }
	              continue;
	            }
	          }
	        }
	      }

	      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
	        value = `\\${value}`;
	      }

	      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
	        value = `\\${value}`;
	      }

	      if (opts.posix === true && value === '!' && prev.value === '[') {
	        value = '^';
	      }

	      prev.value += value;
	      append({ value });
	      continue;
	    }

	    /**
	     * If we're inside a quoted string, continue
	     * until we reach the closing double quote.
	     */

	    if (state.quotes === 1 && value !== '"') {
	      value = utils.escapeRegex(value);
	      prev.value += value;
	      append({ value });
	      continue;
	    }

	    /**
	     * Double quotes
	     */

	    if (value === '"') {
	      state.quotes = state.quotes === 1 ? 0 : 1;
	      if (opts.keepQuotes === true) {
	        push({ type: 'text', value });
	      }
	      continue;
	    }

	    /**
	     * Parentheses
	     */

	    if (value === '(') {
	      increment('parens');
	      push({ type: 'paren', value });
	      continue;
	    }

	    if (value === ')') {
	      if (state.parens === 0 && opts.strictBrackets === true) {
	        throw new SyntaxError(syntaxError('opening', '('));
	      }

	      const extglob = extglobs[extglobs.length - 1];
	      if (extglob && state.parens === extglob.parens + 1) {
	        extglobClose(extglobs.pop());
	        continue;
	      }

	      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
	      decrement('parens');
	      continue;
	    }

	    /**
	     * Square brackets
	     */

	    if (value === '[') {
	      if (opts.nobracket === true || !remaining().includes(']')) {
	        if (opts.nobracket !== true && opts.strictBrackets === true) {
	          throw new SyntaxError(syntaxError('closing', ']'));
	        }

	        value = `\\${value}`;
	      } else {
	        increment('brackets');
	      }

	      push({ type: 'bracket', value });
	      continue;
	    }

	    if (value === ']') {
	      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
	        push({ type: 'text', value, output: `\\${value}` });
	        continue;
	      }

	      if (state.brackets === 0) {
	        if (opts.strictBrackets === true) {
	          throw new SyntaxError(syntaxError('opening', '['));
	        }

	        push({ type: 'text', value, output: `\\${value}` });
	        continue;
	      }

	      decrement('brackets');

	      const prevValue = prev.value.slice(1);
	      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
	        value = `/${value}`;
	      }

	      prev.value += value;
	      append({ value });

	      // when literal brackets are explicitly disabled
	      // assume we should match with a regex character class
	      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
	        continue;
	      }

	      const escaped = utils.escapeRegex(prev.value);
	      state.output = state.output.slice(0, -prev.value.length);

	      // when literal brackets are explicitly enabled
	      // assume we should escape the brackets to match literal characters
	      if (opts.literalBrackets === true) {
	        state.output += escaped;
	        prev.value = escaped;
	        continue;
	      }

	      // when the user specifies nothing, try to match both
	      prev.value = `(${capture}${escaped}|${prev.value})`;
	      state.output += prev.value;
	      continue;
	    }

	    /**
	     * Braces
	     */

	    if (value === '{' && opts.nobrace !== true) {
	      increment('braces');

	      const open = {
	        type: 'brace',
	        value,
	        output: '(',
	        outputIndex: state.output.length,
	        tokensIndex: state.tokens.length
	      };

	      braces.push(open);
	      push(open);
	      continue;
	    }

	    if (value === '}') {
	      const brace = braces[braces.length - 1];

	      if (opts.nobrace === true || !brace) {
	        push({ type: 'text', value, output: value });
	        continue;
	      }

	      let output = ')';

	      if (brace.dots === true) {
	        const arr = tokens.slice();
	        const range = [];

	        for (let i = arr.length - 1; i >= 0; i--) {
	          tokens.pop();
	          if (arr[i].type === 'brace') {
	            break;
	          }
	          if (arr[i].type !== 'dots') {
	            range.unshift(arr[i].value);
	          }
	        }

	        output = expandRange(range, opts);
	        state.backtrack = true;
	      }

	      if (brace.comma !== true && brace.dots !== true) {
	        const out = state.output.slice(0, brace.outputIndex);
	        const toks = state.tokens.slice(brace.tokensIndex);
	        brace.value = brace.output = '\\{';
	        value = output = '\\}';
	        state.output = out;
	        for (const t of toks) {
	          state.output += (t.output || t.value);
	        }
	      }

	      push({ type: 'brace', value, output });
	      decrement('braces');
	      braces.pop();
	      continue;
	    }

	    /**
	     * Pipes
	     */

	    if (value === '|') {
	      if (extglobs.length > 0) {
	        extglobs[extglobs.length - 1].conditions++;
	      }
	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Commas
	     */

	    if (value === ',') {
	      let output = value;

	      const brace = braces[braces.length - 1];
	      if (brace && stack[stack.length - 1] === 'braces') {
	        brace.comma = true;
	        output = '|';
	      }

	      push({ type: 'comma', value, output });
	      continue;
	    }

	    /**
	     * Slashes
	     */

	    if (value === '/') {
	      // if the beginning of the glob is "./", advance the start
	      // to the current index, and don't add the "./" characters
	      // to the state. This greatly simplifies lookbehinds when
	      // checking for BOS characters like "!" and "." (not "./")
	      if (prev.type === 'dot' && state.index === state.start + 1) {
	        state.start = state.index + 1;
	        state.consumed = '';
	        state.output = '';
	        tokens.pop();
	        prev = bos; // reset "prev" to the first token
	        continue;
	      }

	      push({ type: 'slash', value, output: SLASH_LITERAL });
	      continue;
	    }

	    /**
	     * Dots
	     */

	    if (value === '.') {
	      if (state.braces > 0 && prev.type === 'dot') {
	        if (prev.value === '.') prev.output = DOT_LITERAL;
	        const brace = braces[braces.length - 1];
	        prev.type = 'dots';
	        prev.output += value;
	        prev.value += value;
	        brace.dots = true;
	        continue;
	      }

	      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
	        push({ type: 'text', value, output: DOT_LITERAL });
	        continue;
	      }

	      push({ type: 'dot', value, output: DOT_LITERAL });
	      continue;
	    }

	    /**
	     * Question marks
	     */

	    if (value === '?') {
	      const isGroup = prev && prev.value === '(';
	      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        extglobOpen('qmark', value);
	        continue;
	      }

	      if (prev && prev.type === 'paren') {
	        const next = peek();
	        let output = value;

	        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
	          output = `\\${value}`;
	        }

	        push({ type: 'text', value, output });
	        continue;
	      }

	      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
	        push({ type: 'qmark', value, output: QMARK_NO_DOT });
	        continue;
	      }

	      push({ type: 'qmark', value, output: QMARK });
	      continue;
	    }

	    /**
	     * Exclamation
	     */

	    if (value === '!') {
	      if (opts.noextglob !== true && peek() === '(') {
	        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
	          extglobOpen('negate', value);
	          continue;
	        }
	      }

	      if (opts.nonegate !== true && state.index === 0) {
	        negate();
	        continue;
	      }
	    }

	    /**
	     * Plus
	     */

	    if (value === '+') {
	      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        extglobOpen('plus', value);
	        continue;
	      }

	      if ((prev && prev.value === '(') || opts.regex === false) {
	        push({ type: 'plus', value, output: PLUS_LITERAL });
	        continue;
	      }

	      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
	        push({ type: 'plus', value });
	        continue;
	      }

	      push({ type: 'plus', value: PLUS_LITERAL });
	      continue;
	    }

	    /**
	     * Plain text
	     */

	    if (value === '@') {
	      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
	        push({ type: 'at', extglob: true, value, output: '' });
	        continue;
	      }

	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Plain text
	     */

	    if (value !== '*') {
	      if (value === '$' || value === '^') {
	        value = `\\${value}`;
	      }

	      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
	      if (match) {
	        value += match[0];
	        state.index += match[0].length;
	      }

	      push({ type: 'text', value });
	      continue;
	    }

	    /**
	     * Stars
	     */

	    if (prev && (prev.type === 'globstar' || prev.star === true)) {
	      prev.type = 'star';
	      prev.star = true;
	      prev.value += value;
	      prev.output = star;
	      state.backtrack = true;
	      state.globstar = true;
	      consume(value);
	      continue;
	    }

	    let rest = remaining();
	    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
	      extglobOpen('star', value);
	      continue;
	    }

	    if (prev.type === 'star') {
	      if (opts.noglobstar === true) {
	        consume(value);
	        continue;
	      }

	      const prior = prev.prev;
	      const before = prior.prev;
	      const isStart = prior.type === 'slash' || prior.type === 'bos';
	      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

	      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
	        push({ type: 'star', value, output: '' });
	        continue;
	      }

	      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
	      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
	      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
	        push({ type: 'star', value, output: '' });
	        continue;
	      }

	      // strip consecutive `/**/`
	      while (rest.slice(0, 3) === '/**') {
	        const after = input[state.index + 4];
	        if (after && after !== '/') {
	          break;
	        }
	        rest = rest.slice(3);
	        consume('/**', 3);
	      }

	      // A globstar followed only by balanced closing parens is at the logical end of patterns like
	      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
	      // parent path, except in negated extglobs where that would change the exclusion semantics.
	      const isEnd = eos() || (
	        state.parens > 0
	        && rest === ')'.repeat(state.parens)
	        && !extglobs.some(extglob => extglob.type === 'negate')
	      );

	      if (prior.type === 'bos' && eos()) {
	        prev.type = 'globstar';
	        prev.value += value;
	        prev.output = globstar(opts);
	        state.output = prev.output;
	        state.globstar = true;
	        consume(value);
	        continue;
	      }

	      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
	        state.output = state.output.slice(0, -(prior.output + prev.output).length);
	        prior.output = `(?:${prior.output}`;

	        prev.type = 'globstar';
	        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
	        prev.value += value;
	        state.globstar = true;
	        state.output += prior.output + prev.output;
	        consume(value);
	        continue;
	      }

	      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
	        const end = rest[1] !== void 0 ? '|$' : '';

	        state.output = state.output.slice(0, -(prior.output + prev.output).length);
	        prior.output = `(?:${prior.output}`;

	        prev.type = 'globstar';
	        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
	        prev.value += value;

	        state.output += prior.output + prev.output;
	        state.globstar = true;

	        consume(value + advance());

	        push({ type: 'slash', value: '/', output: '' });
	        continue;
	      }

	      if (prior.type === 'bos' && rest[0] === '/') {
	        prev.type = 'globstar';
	        prev.value += value;
	        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
	        state.output = prev.output;
	        state.globstar = true;
	        consume(value + advance());
	        push({ type: 'slash', value: '/', output: '' });
	        continue;
	      }

	      // remove single star from output
	      state.output = state.output.slice(0, -prev.output.length);

	      // reset previous token to globstar
	      prev.type = 'globstar';
	      prev.output = globstar(opts);
	      prev.value += value;

	      // reset output with globstar
	      state.output += prev.output;
	      state.globstar = true;
	      consume(value);
	      continue;
	    }

	    const token = { type: 'star', value, output: star };

	    if (opts.bash === true) {
	      token.output = '.*?';
	      if (prev.type === 'bos' || prev.type === 'slash') {
	        token.output = nodot + token.output;
	      }
	      push(token);
	      continue;
	    }

	    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
	      token.output = value;
	      push(token);
	      continue;
	    }

	    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
	      if (prev.type === 'dot') {
	        state.output += NO_DOT_SLASH;
	        prev.output += NO_DOT_SLASH;

	      } else if (opts.dot === true) {
	        state.output += NO_DOTS_SLASH;
	        prev.output += NO_DOTS_SLASH;

	      } else {
	        state.output += nodot;
	        prev.output += nodot;
	      }

	      if (peek() !== '*') {
	        state.output += ONE_CHAR;
	        prev.output += ONE_CHAR;
	      }
	    }

	    push(token);
	  }

	  while (state.brackets > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
	    state.output = utils.escapeLast(state.output, '[');
	    decrement('brackets');
	  }

	  while (state.parens > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
	    state.output = utils.escapeLast(state.output, '(');
	    decrement('parens');
	  }

	  while (state.braces > 0) {
	    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
	    state.output = utils.escapeLast(state.output, '{');
	    decrement('braces');
	  }

	  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
	    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
	  }

	  // rebuild the output if we had to backtrack at any point
	  if (state.backtrack === true) {
	    state.output = '';

	    for (const token of state.tokens) {
	      state.output += token.output != null ? token.output : token.value;

	      if (token.suffix) {
	        state.output += token.suffix;
	      }
	    }
	  }

	  return state;
	};

	/**
	 * Fast paths for creating regular expressions for common glob patterns.
	 * This can significantly speed up processing and has very little downside
	 * impact when none of the fast paths match.
	 */

	parse.fastpaths = (input, options) => {
	  const opts = { ...options };
	  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
	  const len = input.length;
	  if (len > max) {
	    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
	  }

	  input = REPLACEMENTS[input] || input;

	  // create constants based on platform, for windows or posix
	  const {
	    DOT_LITERAL,
	    SLASH_LITERAL,
	    ONE_CHAR,
	    DOTS_SLASH,
	    NO_DOT,
	    NO_DOTS,
	    NO_DOTS_SLASH,
	    STAR,
	    START_ANCHOR
	  } = constants.globChars(opts.windows);

	  const nodot = opts.dot ? NO_DOTS : NO_DOT;
	  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
	  const capture = opts.capture ? '' : '?:';
	  const state = { negated: false, prefix: '' };
	  let star = opts.bash === true ? '.*?' : STAR;

	  if (opts.capture) {
	    star = `(${star})`;
	  }

	  const globstar = opts => {
	    if (opts.noglobstar === true) return star;
	    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
	  };

	  const create = str => {
	    switch (str) {
	      case '*':
	        return `${nodot}${ONE_CHAR}${star}`;

	      case '.*':
	        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '*.*':
	        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '*/*':
	        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

	      case '**':
	        return nodot + globstar(opts);

	      case '**/*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

	      case '**/*.*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

	      case '**/.*':
	        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

	      default: {
	        const match = /^(.*?)\.(\w+)$/.exec(str);
	        if (!match) return;

	        const source = create(match[1]);
	        if (!source) return;

	        return source + DOT_LITERAL + match[2];
	      }
	    }
	  };

	  const output = utils.removePrefix(input, state);
	  let source = create(output);

	  if (source && opts.strictSlashes !== true) {
	    source += `${SLASH_LITERAL}?`;
	  }

	  return source;
	};

	parse_1 = parse;
	return parse_1;
}

var picomatch_1$1;
var hasRequiredPicomatch$1;

function requirePicomatch$1 () {
	if (hasRequiredPicomatch$1) return picomatch_1$1;
	hasRequiredPicomatch$1 = 1;

	const scan = /*@__PURE__*/ requireScan();
	const parse = /*@__PURE__*/ requireParse();
	const utils = /*@__PURE__*/ requireUtils();
	const constants = /*@__PURE__*/ requireConstants();
	const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

	/**
	 * Creates a matcher function from one or more glob patterns. The
	 * returned function takes a string to match as its first argument,
	 * and returns true if the string is a match. The returned matcher
	 * function also takes a boolean as the second argument that, when true,
	 * returns an object with additional information.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch(glob[, options]);
	 *
	 * const isMatch = picomatch('*.!(*a)');
	 * console.log(isMatch('a.a')); //=> false
	 * console.log(isMatch('a.b')); //=> true
	 *
	 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
	 * const picomatch = require('picomatch/posix');
	 * // the same API, defaulting to posix paths
	 * const isMatch = picomatch('a/*');
	 * console.log(isMatch('a\\b')); //=> false
	 * console.log(isMatch('a/b')); //=> true
	 *
	 * // you can still configure the matcher function to accept windows paths
	 * const isMatch = picomatch('a/*', { options: windows });
	 * console.log(isMatch('a\\b')); //=> true
	 * console.log(isMatch('a/b')); //=> true
	 * ```
	 * @name picomatch
	 * @param {String|Array} `globs` One or more glob patterns.
	 * @param {Object=} `options`
	 * @return {Function=} Returns a matcher function.
	 * @api public
	 */

	const picomatch = (glob, options, returnState = false) => {
	  if (Array.isArray(glob)) {
	    const fns = glob.map(input => picomatch(input, options, returnState));
	    const arrayMatcher = str => {
	      for (const isMatch of fns) {
	        const state = isMatch(str);
	        if (state) return state;
	      }
	      return false;
	    };
	    return arrayMatcher;
	  }

	  const isState = isObject(glob) && glob.tokens && glob.input;

	  if (glob === '' || (typeof glob !== 'string' && !isState)) {
	    throw new TypeError('Expected pattern to be a non-empty string');
	  }

	  const opts = options || {};
	  const posix = opts.windows;
	  const regex = isState
	    ? picomatch.compileRe(glob, options)
	    : picomatch.makeRe(glob, options, false, true);

	  const state = regex.state;
	  delete regex.state;

	  let isIgnored = () => false;
	  if (opts.ignore) {
	    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
	    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
	  }

	  const matcher = (input, returnObject = false) => {
	    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
	    const result = { glob, state, regex, posix, input, output, match, isMatch };

	    if (typeof opts.onResult === 'function') {
	      opts.onResult(result);
	    }

	    if (isMatch === false) {
	      result.isMatch = false;
	      return returnObject ? result : false;
	    }

	    if (isIgnored(input)) {
	      if (typeof opts.onIgnore === 'function') {
	        opts.onIgnore(result);
	      }
	      result.isMatch = false;
	      return returnObject ? result : false;
	    }

	    if (typeof opts.onMatch === 'function') {
	      opts.onMatch(result);
	    }
	    return returnObject ? result : true;
	  };

	  if (returnState) {
	    matcher.state = state;
	  }

	  return matcher;
	};

	/**
	 * Test `input` with the given `regex`. This is used by the main
	 * `picomatch()` function to test the input string.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.test(input, regex[, options]);
	 *
	 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
	 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
	 * ```
	 * @param {String} `input` String to test.
	 * @param {RegExp} `regex`
	 * @return {Object} Returns an object with matching info.
	 * @api public
	 */

	picomatch.test = (input, regex, options, { glob, posix } = {}) => {
	  if (typeof input !== 'string') {
	    throw new TypeError('Expected input to be a string');
	  }

	  if (input === '') {
	    return { isMatch: false, output: '' };
	  }

	  const opts = options || {};
	  const format = opts.format || (posix ? utils.toPosixSlashes : null);
	  let match = input === glob;
	  let output = (match && format) ? format(input) : input;

	  if (match === false) {
	    output = format ? format(input) : input;
	    match = output === glob;
	  }

	  if (match === false || opts.capture === true) {
	    if (opts.matchBase === true || opts.basename === true) {
	      match = picomatch.matchBase(input, regex, options, posix);
	    } else {
	      match = regex.exec(output);
	    }
	  }

	  return { isMatch: Boolean(match), match, output };
	};

	/**
	 * Match the basename of a filepath.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.matchBase(input, glob[, options]);
	 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
	 * ```
	 * @param {String} `input` String to test.
	 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
	 * @return {Boolean}
	 * @api public
	 */

	picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
	  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
	  return regex.test(utils.basename(input, { windows: posix }));
	};

	/**
	 * Returns true if **any** of the given glob `patterns` match the specified `string`.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.isMatch(string, patterns[, options]);
	 *
	 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
	 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
	 * ```
	 * @param {String|Array} str The string to test.
	 * @param {String|Array} patterns One or more glob patterns to use for matching.
	 * @param {Object} [options] See available [options](#options).
	 * @return {Boolean} Returns true if any patterns match `str`
	 * @api public
	 */

	picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

	/**
	 * Parse a glob pattern to create the source string for a regular
	 * expression.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * const result = picomatch.parse(pattern[, options]);
	 * ```
	 * @param {String} `pattern`
	 * @param {Object} `options`
	 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
	 * @api public
	 */

	picomatch.parse = (pattern, options) => {
	  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
	  return parse(pattern, { ...options, fastpaths: false });
	};

	/**
	 * Scan a glob pattern to separate the pattern into segments.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.scan(input[, options]);
	 *
	 * const result = picomatch.scan('!./foo/*.js');
	 * console.log(result);
	 * { prefix: '!./',
	 *   input: '!./foo/*.js',
	 *   start: 3,
	 *   base: 'foo',
	 *   glob: '*.js',
	 *   isBrace: false,
	 *   isBracket: false,
	 *   isGlob: true,
	 *   isExtglob: false,
	 *   isGlobstar: false,
	 *   negated: true }
	 * ```
	 * @param {String} `input` Glob pattern to scan.
	 * @param {Object} `options`
	 * @return {Object} Returns an object with
	 * @api public
	 */

	picomatch.scan = (input, options) => scan(input, options);

	/**
	 * Compile a regular expression from the `state` object returned by the
	 * [parse()](#parse) method.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * const state = picomatch.parse('*.js');
	 * // picomatch.compileRe(state[, options]);
	 *
	 * console.log(picomatch.compileRe(state));
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {Object} `state`
	 * @param {Object} `options`
	 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
	 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
	 * @return {RegExp}
	 * @api public
	 */

	picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
	  if (returnOutput === true) {
	    return state.output;
	  }

	  const opts = options || {};
	  const prepend = opts.contains ? '' : '^';
	  const append = opts.contains ? '' : '$';

	  let source = `${prepend}(?:${state.output})${append}`;
	  if (state && state.negated === true) {
	    source = `^(?!${source}).*$`;
	  }

	  const regex = picomatch.toRegex(source, options);
	  if (returnState === true) {
	    regex.state = state;
	  }

	  return regex;
	};

	/**
	 * Create a regular expression from a parsed glob pattern.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.makeRe(state[, options]);
	 *
	 * const result = picomatch.makeRe('*.js');
	 * console.log(result);
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {String} `state` The object returned from the `.parse` method.
	 * @param {Object} `options`
	 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
	 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
	 * @return {RegExp} Returns a regex created from the given pattern.
	 * @api public
	 */

	picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
	  if (!input || typeof input !== 'string') {
	    throw new TypeError('Expected a non-empty string');
	  }

	  let parsed = { negated: false, fastpaths: true };

	  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
	    parsed.output = parse.fastpaths(input, options);
	  }

	  if (!parsed.output) {
	    parsed = parse(input, options);
	  }

	  return picomatch.compileRe(parsed, options, returnOutput, returnState);
	};

	/**
	 * Create a regular expression from the given regex source string.
	 *
	 * ```js
	 * const picomatch = require('picomatch');
	 * // picomatch.toRegex(source[, options]);
	 *
	 * const { output } = picomatch.parse('*.js');
	 * console.log(picomatch.toRegex(output));
	 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
	 * ```
	 * @param {String} `source` Regular expression source string.
	 * @param {Object} `options`
	 * @return {RegExp}
	 * @api public
	 */

	picomatch.toRegex = (source, options) => {
	  try {
	    const opts = options || {};
	    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
	  } catch (err) {
	    if (options && options.debug === true) throw err;
	    return /$^/;
	  }
	};

	/**
	 * Picomatch constants.
	 * @return {Object}
	 */

	picomatch.constants = constants;

	/**
	 * Expose "picomatch"
	 */

	picomatch_1$1 = picomatch;
	return picomatch_1$1;
}

var picomatch_1;
var hasRequiredPicomatch;

function requirePicomatch () {
	if (hasRequiredPicomatch) return picomatch_1;
	hasRequiredPicomatch = 1;

	const pico = /*@__PURE__*/ requirePicomatch$1();
	const utils = /*@__PURE__*/ requireUtils();

	function picomatch(glob, options, returnState = false) {
	  // default to os.platform()
	  if (options && (options.windows === null || options.windows === undefined)) {
	    // don't mutate the original options object
	    options = { ...options, windows: utils.isWindows() };
	  }

	  return pico(glob, options, returnState);
	}

	Object.assign(picomatch, pico);
	picomatch_1 = picomatch;
	return picomatch_1;
}

var picomatchExports = /*@__PURE__*/ requirePicomatch();
var picomatch = /*@__PURE__*/getDefaultExportFromCjs(picomatchExports);

/**
 * A glob (picomatch: `**`, `*`, `?`, `[abc]`, `{a,b}`, dotfiles matched) over whole entry names. Like
 * .gitignore, a pattern without a slash matches a name at any depth, and a pattern that matches a folder also
 * matches everything in it.
 */
function compileGlob(pattern) {
    const matches = picomatch(pattern, { dot: true, basename: !pattern.includes('/') });
    return {
        pattern,
        test: name => {
            const parts = name.split('/');
            for (let depth = 1; depth <= parts.length; depth++)
                if (matches(parts.slice(0, depth).join('/')))
                    return true;
            return false;
        }
    };
}
function checkGlobs(globs, setting) {
    for (const glob of globs) {
        if (!glob || glob.startsWith('/') || glob.split('/').includes('..')) {
            throw new SpindriftError(`${setting} pattern ${quote(glob)} must be relative to the zip's root (for example "**/*.md" or "botocore/data/**").`);
        }
        try {
            picomatch.parse(glob);
        }
        catch (error) {
            throw new SpindriftError(`${setting} pattern ${quote(glob)} is not a valid glob (${error.message}); fix it (for example "**/*.{md,txt}").`);
        }
    }
}

/** `package.type` values that name another type: the seed's `flask` is any WSGI app. */
const TYPE_ALIASES = { flask: 'wsgi' };
function entryConfig(type, entry) {
    const config = { type, module: entry.module, attribute: entry.attribute };
    if (entry.call)
        config.call = true;
    return config;
}
/** A Lambda handler function, bound as it is. */
const plain = {
    type: 'plain',
    ownSettings: [],
    shimConfig: app => entryConfig('plain', app.entry)
};
const WEB_SETTINGS = ['package.events-entry', 'package.base-path', 'package.text-mime-types', 'package.snapstart-warmup'];
/** An HTTP app behind one of the shim's adapters: both share the event translation and these settings. */
function webKind(type) {
    return {
        type,
        ownSettings: WEB_SETTINGS,
        shimConfig: app => {
            const config = entryConfig(type, app.entry);
            if (app.eventsEntry)
                Object.assign(config, { events_module: app.eventsEntry.module, events_attribute: app.eventsEntry.attribute });
            if (app.basePath)
                config.base_path = app.basePath;
            if (app.textMimeTypes.length)
                config.text_mime_types = app.textMimeTypes;
            if (app.snapstartWarmup)
                config.snapstart_warmup = app.snapstartWarmup;
            return config;
        }
    };
}
/** Any WSGI app (Flask, Django's WSGI application…) behind the PEP 3333 adapter; ASGI 3 apps (FastAPI, Starlette, Quart, Django's ASGI application…) behind the ASGI adapter. */
const APP_KINDS = [plain, webKind('wsgi'), webKind('asgi')];
function appKind(type) {
    const kind = APP_KINDS.find(k => k.type === type);
    if (!kind)
        throw new Error(`no app kind for package.type ${type}`);
    return kind;
}
/** A package.type setting's value (already one of the option's choices) as the type it names. */
function packageType(value) {
    return TYPE_ALIASES[value] ?? value;
}
/** Settings given that belong to other kinds than the chosen one: one sentence naming them and the kinds they need. */
function checkKindSettings(type, given) {
    const chosen = appKind(type);
    const foreign = given.filter(setting => !chosen.ownSettings.includes(setting) && APP_KINDS.some(k => k.ownSettings.includes(setting)));
    if (foreign.length === 0)
        return;
    const kinds = APP_KINDS.filter(k => foreign.every(setting => k.ownSettings.includes(setting))).map(k => k.type);
    throw new SpindriftError(`${foreign.join(' and ')} only apply to package.type ${kinds.join(' or ')}, but the type is ${type}; remove ${foreign.length > 1 ? 'them' : 'it'} or set package.type to ${kinds[0]}.`);
}
const WARMUP = /^(?:(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s+)?(\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)(?:\?([A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*))?$/;
/** "GET /health?deep=1" (the method defaults to GET) → its parts; anything else is one sentence. */
function parseWarmup(text) {
    const match = WARMUP.exec(text.trim());
    if (!match) {
        throw new SpindriftError(`package.snapstart-warmup ${quote(text)} is not a request; write it as a method and a URL path, for example "GET /health" or "GET /ready?deep=1".`);
    }
    return { method: match[1] ?? 'GET', path: match[2], query: match[3] ?? '' };
}

/** Lambda's handler setting for every zip spindrift writes. */
const HANDLER = 'index.handler';
/** How shim/index.py begins: recognises zips spindrift wrote. */
const SHIM_SIGNATURE = '"""spindrift handler shim';
/** shim/index.py sits beside src/ and dist/: found from src/app/ (tests, scripts) and from dist/ (the bundles). */
function templatePath() {
    for (const relative of ['../shim/index.py', '../../shim/index.py']) {
        const file = fileURLToPath(new URL(relative, import.meta.url));
        if (existsSync(file))
            return file;
    }
    throw new Error('shim/index.py is missing beside the spindrift code: reinstall spindrift');
}
/**
 * index.py for the app: the fixed shim with its one `_CONFIG = …` line replaced by the parsed entry, as
 * JSON inside a Python string literal. User text never becomes code.
 */
function renderShim(app, template = readFileSync(templatePath(), 'utf8')) {
    const config = appKind(app.type).shimConfig(app);
    // JSON.stringify of a string is a valid Python string literal (only \" \\ \n \uXXXX-style escapes).
    const line = `_CONFIG = json.loads(${JSON.stringify(JSON.stringify(config))})`;
    const lines = template.split('\n');
    const index = lines.findIndex(l => l.startsWith('_CONFIG = '));
    if (index < 0 || lines.findIndex((l, i) => i > index && l.startsWith('_CONFIG = ')) >= 0) {
        throw new Error('shim/index.py must contain exactly one line starting with "_CONFIG = "');
    }
    lines[index] = line;
    return { name: 'index.py', data: Buffer.from(lines.join('\n'), 'utf8') };
}

/** Query parameters that carry a credential (?token=…, &api_key=…, &sig=…). */
const SECRET_PARAM = /([?&](?:[A-Za-z0-9_.-]*(?:token|key|secret|password|passwd|pwd|auth|sig|signature|credential)[A-Za-z0-9_.-]*)=)([^&#\s]+)/gi;
/**
 * https://user:token@host/simple → https://host/simple, and ?token=abc → ?token=***: credentials never enter
 * keys or logs. The user part runs to the last "@" before the host, so a password holding "@" goes whole.
 */
function stripCredentials(text) {
    return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1').replace(SECRET_PARAM, '$1***');
}
/** The secrets a URL carries, each whole: the password (or lone token) of its user part and secret query values. */
function secretsOf(url) {
    const secrets = [];
    const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^\s/?#]*)@/i.exec(url)?.[1];
    if (userinfo) {
        // user:password → the password; a lone token → the token. A user name alone is not a secret.
        const colon = userinfo.indexOf(':');
        secrets.push(colon >= 0 ? userinfo.slice(colon + 1) : userinfo);
    }
    for (const match of url.matchAll(SECRET_PARAM))
        secrets.push(match[2]);
    // Masks shorter than this would blank out ordinary words in the log.
    return secrets.filter(secret => secret.length >= 3);
}

/** Lambda's limits: 50 MB for a zip uploaded directly, 262,144,000 bytes unzipped (layers included). */
const ZIPPED_LIMIT = 50 * 1024 * 1024;
const UNZIPPED_LIMIT = 262_144_000;

/** Names never taken from a plain folder: tool state, virtualenvs, VCS data and secrets. */
const EXCLUDED_NAMES = new Set([
    '.git', '.hg', '.svn', '.venv', 'venv', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.idea', '.vscode', '.DS_Store', '.github', 'settings.spindrift',
    // Credentials of the common tools: AWS, Kubernetes, Terraform's working folder, npm, PyPI, netrc, git.
    '.aws', '.kube', 'kubeconfig', '.terraform', '.npmrc', '.pypirc', '.netrc', '_netrc', '.git-credentials', '.gnupg', '.ssh',
    // Shell and REPL history.
    '.bash_history', '.zsh_history', '.sh_history', '.history', '.python_history', '.node_repl_history', '.psql_history', '.mysql_history'
]);
/** Build products at the project's top level: setuptools writes build/ and *.egg-info into the source tree. */
const EXCLUDED_TOP_LEVEL = new Set(['build', 'dist']);
const EXCLUDED_PATTERNS = [
    /\.egg-info$/, /^\.env(\..*)?$/, /\.pyc$/, /\.pem$/, /\.key$/, /^id_(rsa|dsa|ecdsa|ed25519)/, /^\..*\.spindrift-.*\.tmp$/, /\.\d+\.[0-9a-f]{8}\.tmp$/,
    // Terraform state and variables, keystores.
    /\.tfstate(\..*)?$/, /\.tfvars(\.json)?$/, /\.(jks|p12|pfx|keystore)$/
];
/** Files whose folder makes them secret: Docker's credential store. */
const EXCLUDED_IN_FOLDER = [['.docker', 'config.json']];
/** A default exclude by one path part (name), its folder, and whether it is at the top. */
function excludedByName(name, folder, topLevel) {
    return EXCLUDED_NAMES.has(name) || EXCLUDED_PATTERNS.some(p => p.test(name)) || (topLevel && EXCLUDED_TOP_LEVEL.has(name)) || EXCLUDED_IN_FOLDER.some(([f, n]) => f === folder && n === name);
}
/** A project-relative path any part of which the defaults exclude (what a symlink points at is judged by this). */
function excludedPath(rel) {
    const parts = rel.split(path.sep);
    return parts.some((part, i) => excludedByName(part, parts[i - 1] ?? '', i === 0));
}
/** A folder holding pyvenv.cfg is a virtualenv, whatever its name. */
function isVirtualenv(dir) {
    return existsSync(path.join(dir, 'pyvenv.cfg'));
}
/** A Google Cloud service-account key (JSON with "type": "service_account" and a private key). */
function isServiceAccountKey(name, data) {
    if (!name.endsWith('.json') || data.length > 64 * 1024)
        return false;
    const text = data.toString('utf8');
    return /"type"\s*:\s*"service_account"/.test(text) && /"private_key"\s*:/.test(text);
}
/** Requirements files ship, but never with index credentials (https://user:token@host, ?token=…). */
function withoutIndexCredentials(name, data) {
    if (!/(^|\/)((requirements|constraints)[^/]*|requirements\/[^/]+)\.(txt|in)$/.test(name))
        return data;
    const text = data.toString('utf8');
    const clean = stripCredentials(text);
    return clean === text ? data : Buffer.from(clean, 'utf8');
}
/**
 * The dependencies of a project that is not a package, or undefined when it is one (or not a project):
 * Poetry's `package-mode = false`, or a [project] table without [build-system] (uv's application layout).
 * Its files ship as a plain folder; there is no wheel to build.
 */
function nonPackageDependencies(projectDir) {
    const pyproject = path.join(projectDir, 'pyproject.toml');
    // A pyproject.toml that is not a file (a folder, say) is named as such by the app stage.
    if (existsSync(path.join(projectDir, 'setup.py')) || !existsSync(pyproject) || !statSync(pyproject).isFile())
        return undefined;
    let data;
    try {
        data = parse(readFileSync(pyproject, 'utf8'));
    }
    catch (error) {
        throw new SpindriftError(`${pyproject} is not valid TOML (${error.message.split('\n')[0]}); fix it.`, { file: pyproject });
    }
    const field = (value, key) => (value !== null && typeof value === 'object' ? value[key] : undefined);
    const project = field(data, 'project');
    const packageMode = field(field(field(data, 'tool'), 'poetry'), 'package-mode');
    if (packageMode !== false && (project === undefined || field(data, 'build-system') !== undefined))
        return undefined;
    const dependencies = field(project, 'dependencies');
    return Array.isArray(dependencies) ? dependencies.map(String) : [];
}
function hasPackagingMetadata(projectDir) {
    if (existsSync(path.join(projectDir, 'setup.py')))
        return true;
    const pyproject = path.join(projectDir, 'pyproject.toml');
    if (!existsSync(pyproject))
        return false;
    if (!statSync(pyproject).isFile())
        throw new SpindriftError(`${pyproject} is not a file (a folder?); remove it or make it the project's pyproject.toml.`);
    // A pyproject.toml that only configures tools (ruff, pytest) does not make a folder buildable.
    return /^\s*\[(project|build-system)\]/m.test(readFileSync(pyproject, 'utf8'));
}
/**
 * Every file of a plain folder except the excluded ones. Symlinks are followed only when they resolve inside
 * the folder; one pointing outside would smuggle foreign files (or secrets) into the zip.
 */
function walkFolder(root, excludedPaths, include = []) {
    const realRoot = realpathSync(root);
    const files = [];
    const included = include.map(compileGlob);
    // The literal start of each include glob: an excluded folder is entered only when a glob names a path in it.
    const reaches = include.map(glob => glob.split(/[*?]/)[0]).filter(Boolean);
    let total = 0;
    const found = [];
    const visit = (dir, prefix, seen, excludedScope) => {
        for (const name of textNames(dir, excludedScope)) {
            const rel = prefix ? `${prefix}/${name}` : name;
            const full = path.join(dir, name);
            let excludedByDefault = excludedScope || excludedByName(name, path.basename(dir), !prefix);
            if (excludedPaths.has(full))
                continue;
            if (excludedByDefault && !included.some(p => p.test(rel)) && !reaches.some(r => r.startsWith(`${rel}/`) || `${rel}/`.startsWith(r)))
                continue;
            let stat = lstatSync(full);
            if (stat.isSymbolicLink()) {
                const target = realpathSafe(full);
                if (!target || (target !== realRoot && !target.startsWith(realRoot + path.sep))) {
                    throw new SpindriftError(`${full} is a symlink to ${target ?? 'a missing file'}, outside the project; replace it with a real file or remove it.`);
                }
                // A link is judged by what it points at: alias.txt → .env is a secret under another name.
                excludedByDefault ||= excludedPath(path.relative(realRoot, target));
                if (excludedByDefault && !included.some(p => p.test(rel)))
                    continue;
                stat = statSync(full);
                if (stat.isDirectory() && seen.has(target)) {
                    throw new SpindriftError(`${full} is a symlink loop back to ${target}; remove the link.`);
                }
            }
            if (stat.isDirectory()) {
                const real = realpathSync(full);
                const venv = isVirtualenv(full) && !included.some(p => p.test(rel));
                if (venv && !reaches.some(r => r.startsWith(`${rel}/`)))
                    continue;
                visit(full, rel, new Set([...seen, real]), (excludedByDefault || venv) && !included.some(p => p.test(rel)));
            }
            else if (stat.isFile()) {
                if (excludedByDefault && !included.some(p => p.test(rel)))
                    continue;
                if (stat.size > UNZIPPED_LIMIT) {
                    throw new SpindriftError(`${full} is ${megabytes$1(stat.size)}, over the ${megabytes$1(UNZIPPED_LIMIT)} Lambda unzips for a function, so no zip holding it can run; exclude it (package.exclude) or move it to S3.`);
                }
                // An earlier spindrift zip left in the project is skipped once read, so it does not count here.
                if (!name.endsWith('.zip'))
                    total += stat.size;
                if (total > UNZIPPED_LIMIT) {
                    throw new SpindriftError(`The project's files reach ${megabytes$1(total)} at ${full}, over the ${megabytes$1(UNZIPPED_LIMIT)} Lambda unzips for a function; exclude large files (package.exclude, package.only) or move them to S3.`);
                }
                found.push({ rel, full, name, mode: stat.mode });
            }
        }
    };
    visit(root, '', new Set([realRoot]), false);
    // Only now is anything read: sizes were checked first, so a 3 GB file is refused without being loaded.
    for (const { rel, full, name, mode } of found) {
        const data = readFileSync(full);
        if ((name.endsWith('.zip') && isSpindriftZip(data)) || (name.endsWith('.cdx.json') && isSpindriftSbom(data)))
            continue;
        if (isServiceAccountKey(name, data) && !included.some(p => p.test(rel)))
            continue;
        files.push({ name: rel, data: withoutIndexCredentials(rel, data), executable: (mode & 0o111) !== 0 });
    }
    return files;
}
/** A zip this tool wrote (its index.py is our shim): an earlier output left in the project, never app data. */
/** An SBOM this tool wrote beside an earlier output: never app data either. */
function isSpindriftSbom(data) {
    try {
        const bom = JSON.parse(data.toString('utf8'));
        return bom.bomFormat === 'CycloneDX' && bom.metadata?.tools?.components?.[0]?.name === 'spindrift';
    }
    catch {
        return false;
    }
}
function isSpindriftZip(data) {
    try {
        const shim = new AdmZip(data).getEntry('index.py');
        return shim !== null && shim.getData().toString('utf8').startsWith(SHIM_SIGNATURE);
    }
    catch {
        return false;
    }
}
/**
 * A folder's names, sorted. A name that is not UTF-8 is refused: a zip entry name is either UTF-8 (the flag
 * set) or read as CP437 by Python's zipfile and most unzip tools, so its raw bytes would arrive under
 * another name and an import of it would fail on Lambda. Inside an excluded folder (.git, a virtualenv) it
 * would not ship anyway, so there it is skipped.
 */
function textNames(dir, excludedScope) {
    const names = [];
    for (const raw of readdirSync(dir, { encoding: 'buffer' })) {
        const name = utf8Name(raw);
        if (name !== undefined)
            names.push(name);
        else if (!excludedScope) {
            throw new SpindriftError(`${path.join(dir, escapedName(raw))} has a file name that is not valid UTF-8, which a Lambda zip cannot carry under the same name; rename it, or exclude it with package.exclude.`);
        }
    }
    return names.sort();
}
/** A file name as text, or undefined when its bytes are not UTF-8 (Linux allows any bytes but / and NUL). */
function utf8Name(raw) {
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    }
    catch {
        return undefined;
    }
}
/** A name that is not UTF-8, printable: its ASCII as is, every other byte as \xNN. */
function escapedName(raw) {
    return [...raw].map(b => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}
function megabytes$1(bytes) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
function realpathSafe(file) {
    try {
        return realpathSync(file);
    }
    catch {
        return undefined;
    }
}

/** Temp files and work folders being written now: removed if the process is told to stop (SIGTERM, SIGINT). */
const pendingTemps = new Set();
/** Process groups of the external steps running now: ended with the process. */
const children = new Set();
function registerTemp(file) {
    pendingTemps.add(file);
}
function forgetTemp(file) {
    pendingTemps.delete(file);
}
function registerChild(pid) {
    children.add(pid);
    tellWatchdog(`+ ${pid}\n`);
}
function forgetChild(pid) {
    children.delete(pid);
    tellWatchdog(`- ${pid}\n`);
}
/**
 * The watchdog: Node cannot ask the kernel to end children with their parent (PR_SET_PDEATHSIG), and a
 * SIGKILL runs no handler, so one small sh per run, in its own session, keeps the list of running steps'
 * process groups ("+ pid" / "- pid" lines on its stdin). Its stdin is a pipe only this process holds: when
 * this process ends, however it ends, the pipe closes, read sees end-of-file and it kills every group
 * still listed. A step costs one short write to that pipe.
 */
const WATCHDOG = [
    "g=' '",
    'while read op p; do',
    '  case $op in',
    '    +) g="$g$p " ;;',
    '    -) case $g in *" $p "*) g="${g%% $p *} ${g#* $p }" ;; esac ;;',
    '  esac',
    'done',
    'for p in $g; do kill -9 -$p 2>/dev/null; done'
].join('\n');
/** The run's watchdog once started; null when it cannot run (no /bin/sh), and steps then run without it. */
let watchdog;
function tellWatchdog(line) {
    if (watchdog === undefined)
        watchdog = startWatchdog();
    if (!watchdog?.stdin?.writable)
        return;
    watchdog.stdin.write(line);
}
function startWatchdog() {
    try {
        const child = spawn('/bin/sh', ['-c', WATCHDOG], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
        child.on('error', () => (watchdog = null));
        child.stdin?.on('error', () => undefined);
        // Neither it nor its pipe may keep this process alive once the run is done.
        child.unref();
        child.stdin?.unref?.();
        return child;
    }
    catch {
        return null;
    }
}
/** Stop every running step (with what it started) and remove every temp file and work folder. */
function removePendingTemps() {
    for (const pid of children) {
        try {
            process.kill(-pid, 'SIGKILL');
        }
        catch {
            // already gone
        }
    }
    children.clear();
    for (const temp of pendingTemps)
        rmSync(temp, { recursive: true, force: true });
    pendingTemps.clear();
}
/** The kinds of work folder; the stale-folder pattern is made from this list, so a new kind is cleaned up too. */
const WORK_KINDS = ['deps', 'wheel', 'sdist', 'compile', 'import', 'resolve', 'invoke'];
/** Work folders are named spindrift-<kind>-<pid>-<random>: the pid tells the next run whether its owner is gone. */
const WORK_FOLDER = new RegExp(`^spindrift-(${WORK_KINDS.join('|')})-(\\d+)-[A-Za-z0-9]{6}$`);
/** A fresh work folder in the temp directory, removed on SIGINT/SIGTERM (and by the caller when done). */
function makeWorkFolder(kind) {
    let dir;
    try {
        dir = mkdtempSync(path.join(os.tmpdir(), `spindrift-${kind}-${process.pid}-`));
    }
    catch (error) {
        const code = error.code;
        const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : code === 'ENOSPC' || code === 'EDQUOT' ? `is on a full disk (${code})` : `cannot be written (${code})`;
        throw new SpindriftError(`The temporary folder ${os.tmpdir()} ${why}; set TMPDIR to a writable folder with free space.`);
    }
    registerTemp(dir);
    return dir;
}
/** Remove the work folders that earlier runs, killed before they could clean up, left in the temp directory. */
function removeStaleWorkFolders() {
    removeFoldersOfDeadRuns(os.tmpdir(), WORK_FOLDER, 2);
}
/** Remove the entries of dir whose name matches pattern and names (in group pidGroup) a process that is gone. */
function removeFoldersOfDeadRuns(dir, pattern, pidGroup) {
    let names;
    try {
        names = readdirSync(dir);
    }
    catch {
        return;
    }
    for (const name of names) {
        const match = pattern.exec(name);
        if (!match || alive(Number(match[pidGroup])))
            continue;
        try {
            rmSync(path.join(dir, name), { recursive: true, force: true });
        }
        catch {
            // another run may be removing it too
        }
    }
}
/** Whether a process of this id runs (EPERM: it does, as another user). */
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}

/** The variable that carries package.timeout to every step of a run (set by the pipeline, read here). */
const TIMEOUT_VARIABLE = 'SPINDRIFT_STEP_TIMEOUT';
/** Seconds an external step may take when nothing else is set: a big install on a slow runner fits. */
const DEFAULT_TIMEOUT = 900;
/** The time limit a run's steps get, in seconds. */
function stepLimit(env) {
    const value = Number(env[TIMEOUT_VARIABLE]);
    return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT;
}
/**
 * Run an external step (pip, uv, Python) with a time limit. It runs in its own process group, so the limit,
 * a SIGINT or a SIGTERM ends it with everything it started (a setup.py, a build backend); a step still running
 * at its limit ends the run with one sentence naming the step and the limit. A command that cannot be started
 * rejects with the spawn error (ENOENT when it is not installed).
 */
function runProcess(command, args, options) {
    const limit = options.limit ?? stepLimit(options.env);
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        const lines = (push) => {
            let partial = '';
            return (chunk) => {
                const text = chunk.toString('utf8');
                push(text);
                if (!options.onLine)
                    return;
                const parts = (partial + text).split(/\r?\n/);
                partial = parts.pop() ?? '';
                for (const line of parts)
                    options.onLine(line);
            };
        };
        child.stdout.on('data', lines(text => (stdout = (stdout + text).slice(-4194304))));
        child.stderr.on('data', lines(text => (stderr = (stderr + text).slice(-4194304))));
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input);
        const timer = setTimeout(() => {
            timedOut = true;
            killGroup(child.pid);
        }, limit * 1000);
        if (child.pid)
            registerChild(child.pid);
        child.on('error', error => {
            clearTimeout(timer);
            reject(error);
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            if (child.pid)
                forgetChild(child.pid);
            if (timedOut) {
                reject(new SpindriftError(`The step "${options.step ?? describeStep(command, args)}" did not finish within ${limit} s (package.timeout), so it was stopped; check what it waits for (an index that does not answer, a setup.py or an import that hangs), or raise package.timeout.`));
                return;
            }
            resolve({ exitCode: code ?? (signal ? 128 + signalNumber(signal) : 1), signal: signal ?? undefined, stdout, stderr });
        });
    });
}
/** End a step's whole process group. */
function killGroup(pid) {
    if (!pid)
        return;
    try {
        process.kill(-pid, 'SIGKILL');
    }
    catch {
        // already gone
    }
}
/** "pip install", "uv pip install", "compileall": the step in words, for the time-limit sentence. */
function describeStep(command, args) {
    const module = args.indexOf('-m');
    const word = (from) => args.slice(from).filter(a => !a.startsWith('-') && !a.includes('/') && !a.includes('='));
    if (module >= 0)
        return args[module + 1] === 'pip' ? `pip ${word(module + 2)[0] ?? ''}`.trim() : args[module + 1];
    const words = word(0);
    return [path.basename(command), ...words.slice(0, words[0] === 'pip' ? 2 : 1)].join(' ');
}
function signalNumber(signal) {
    return { SIGKILL: 9, SIGTERM: 15, SIGINT: 2 }[signal] ?? 1;
}

/** What every Lambda Python runtime ships besides the standard library. */
const AWS_SDK = ['boto3', 'botocore', 's3transfer', 'jmespath', 'python-dateutil', 'six', 'urllib3'];
/** The table, its names kept as literal types for `RuntimeName`. */
const RUNTIME_TABLE = [
    { name: 'python3.9', pythonVersion: '3.9', amazonLinux: 'AL2', glibc: [2, 26], deprecated: '2025-12-15', provides: AWS_SDK },
    { name: 'python3.10', pythonVersion: '3.10', amazonLinux: 'AL2', glibc: [2, 26], provides: AWS_SDK },
    { name: 'python3.11', pythonVersion: '3.11', amazonLinux: 'AL2', glibc: [2, 26], provides: AWS_SDK },
    { name: 'python3.12', pythonVersion: '3.12', amazonLinux: 'AL2023', glibc: [2, 34], provides: AWS_SDK },
    { name: 'python3.13', pythonVersion: '3.13', amazonLinux: 'AL2023', glibc: [2, 34], provides: AWS_SDK },
    { name: 'python3.14', pythonVersion: '3.14', amazonLinux: 'AL2023', glibc: [2, 34], provides: AWS_SDK }
];
const RUNTIMES = RUNTIME_TABLE;
/** Runtimes Lambda no longer runs: naming one is an error, not a warning. */
const RETIRED = ['python2.7', 'python3.6', 'python3.7', 'python3.8'];
const ARCHITECTURES = ['x86_64', 'arm64'];
/** The machine name in wheel tags and `platform.machine()` for each Lambda architecture. */
const WHEEL_ARCH = { x86_64: 'x86_64', arm64: 'aarch64' };
function currentRuntimeNames() {
    return RUNTIMES.filter(r => !r.deprecated).map(r => r.name);
}
function findRuntime(name) {
    const runtime = RUNTIMES.find(r => r.name === name);
    if (runtime)
        return runtime;
    const current = currentRuntimeNames().join(', ');
    if (RETIRED.includes(name)) {
        throw new SpindriftError(`package.runtime ${quote(name)} is retired: AWS Lambda no longer runs it; choose one of the current runtimes: ${current}.`);
    }
    const suggestion = RUNTIMES.find(r => r.name === `python${name}`)?.name ?? closest(name, RUNTIMES.map(r => r.name));
    const hint = suggestion ? `did you mean "${suggestion}"? The current runtimes are ${current}.` : `choose one of: ${current}.`;
    throw new SpindriftError(`package.runtime ${quote(name)} is not an AWS Lambda Python runtime; ${hint}`);
}
/**
 * Every platform tag pip must be given for the target: pip's --platform is an exact match, so a single
 * manylinux2014 tag would miss wheels published only as manylinux_2_28. Newest first, as pip prefers them.
 */
function platformTags(runtime, architecture) {
    const arch = WHEEL_ARCH[architecture];
    const [major, ceiling] = runtime.glibc;
    const tags = [];
    for (let minor = ceiling; minor >= MANYLINUX_FLOOR[architecture]; minor--)
        tags.push(`manylinux_${major}_${minor}_${arch}`);
    // Legacy aliases of glibc 2.17 / 2.12 / 2.5: older wheels carry only these names.
    tags.push(`manylinux2014_${arch}`);
    if (architecture === 'x86_64')
        tags.push(`manylinux2010_${arch}`, `manylinux1_${arch}`);
    return tags;
}
/** Oldest glibc a manylinux wheel exists for: manylinux1 (2.5) on x86_64, manylinux2014 (2.17) on aarch64. */
const MANYLINUX_FLOOR = { x86_64: 5, arm64: 17 };
/** "manylinux_2_5…2_26_x86_64 (and the legacy manylinux names)": the tag list in one readable phrase. */
function describeTags(runtime, architecture) {
    const arch = WHEEL_ARCH[architecture];
    const [major, ceiling] = runtime.glibc;
    const floor = MANYLINUX_FLOOR[architecture];
    return `manylinux_${major}_${floor}…${major}_${ceiling}_${arch} (and the legacy manylinux names)`;
}

/** Find the installer the plan asks for; uv is taken from PATH, else from the interpreter (`pip install uv`). */
async function findInstaller(plan, python) {
    if (plan.installer === 'pip')
        return { name: 'pip', version: python.pip ?? 'none', command: [python.command, '-m', 'pip'] };
    for (const command of [['uv'], [python.command, '-m', 'uv']]) {
        try {
            const run = await runProcess(command[0], [...command.slice(1), '--version'], { env: python.env });
            const version = /^uv (\d[^\s]*)/m.exec(run.stdout)?.[1];
            if (run.exitCode === 0 && version)
                return { name: 'uv', version, command };
        }
        catch (error) {
            if (error instanceof SpindriftError)
                throw error;
            // not on PATH: try the next way
        }
    }
    throw new SpindriftError('package.installer is uv, but uv is not installed; install it (astral-sh/setup-uv, or "pip install uv") or set package.installer to pip.');
}
/** uv's --python-platform names the glibc versions it knows; take the newest one the runtime's glibc covers. */
const UV_MANYLINUX_MINORS = [17, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40];
function uvPlatform(target) {
    const [, ceiling] = target.runtime.glibc;
    const minor = Math.max(...UV_MANYLINUX_MINORS.filter(m => m <= ceiling));
    return `${WHEEL_ARCH[target.architecture]}-manylinux_2_${minor}`;
}
/** Installer options that choose the package index (pip and uv also read their own variables and files). */
function indexArgs(index) {
    const args = [];
    if (index.indexUrl)
        args.push('--index-url', index.indexUrl);
    for (const url of index.extraIndexUrls)
        args.push('--extra-index-url', url);
    return args;
}

// The interpreter's facts (version, machine, pip's version, prefix), kept under <cacheDir>/interpreters/ so a warm
// build spawns no Python to learn them again. Only for a real executable (an ELF binary, or a link to one): what
// it answers is fixed by its own bytes and the files it reads, which are part of the key or checked on use. A
// script (a pyenv shim, a wrapper) may run a different Python each time, so it is asked every time.
/** Bump when the stored facts change shape. */
const FACTS_FORMAT = 1;
/** Variables that change which prefix, site-packages (and so which pip) the interpreter finds. */
const PYTHON_VARIABLES = ['PYTHONHOME', 'PYTHONPATH', 'PYTHONUSERBASE', 'PYTHONNOUSERSITE', 'PYTHONSAFEPATH'];
/**
 * The probe's answer for `command`, from the cache when the command is a real executable whose state (and that
 * of its pip) is as it was; otherwise `probe` runs, and its answer is kept for next time.
 */
async function cachedFacts(command, env, cacheDir, probe) {
    const key = cacheDir ? binaryKey(command, env) : undefined;
    if (!cacheDir || !key)
        return probe();
    const file = path.join(cacheDir, 'interpreters', `${key}.json`);
    const stored = readStored(file);
    if (stored && stored.checks.every(check => stateOf(check.file) === check.state))
        return stored.facts;
    const facts = await probe();
    const checks = [facts.pipFile, facts.pipFile && path.dirname(path.dirname(facts.pipFile)), facts.userSite].filter((f) => typeof f === 'string' && path.isAbsolute(f)).map(f => ({ file: f, state: stateOf(f) }));
    try {
        makeFolders(path.dirname(file));
        replaceFile(file, Buffer.from(JSON.stringify({ format: FACTS_FORMAT, facts, checks })), `${file}.${randomBytes(4).toString('hex')}.tmp`);
    }
    catch {
        // A read-only or full cache: the next build asks the interpreter again.
    }
    return facts;
}
/**
 * The key of a real executable: the path it was found at (a virtual environment's python links to its base
 * interpreter but has its own prefix), the binary it resolves to with its size and modification time, the
 * pyvenv.cfg beside it, and the variables Python reads at start-up. undefined for a script or anything unknown.
 */
function binaryKey(command, env) {
    const found = onPath(command, env);
    if (!found)
        return undefined;
    let real;
    try {
        real = realpathSync(found);
    }
    catch {
        return undefined;
    }
    if (!isElf(real))
        return undefined;
    const dir = path.dirname(found);
    const parts = [FACTS_FORMAT, found, real, stateOf(real), stateOf(path.join(dir, 'pyvenv.cfg')), stateOf(path.join(path.dirname(dir), 'pyvenv.cfg')), PYTHON_VARIABLES.map(name => env[name] ?? null)];
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
}
/** Where a command runs from: a path as given, else the first executable of that name on PATH. */
function onPath(command, env) {
    if (command.includes('/'))
        return path.resolve(command);
    for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
        const file = path.join(dir, command);
        try {
            const stat = statSync(file);
            if (stat.isFile() && stat.mode & 0o111)
                return path.resolve(file);
        }
        catch {
            // not here
        }
    }
    return undefined;
}
function isElf(file) {
    let fd;
    try {
        fd = openSync(file, 'r');
        const head = Buffer.alloc(4);
        return readSync(fd, head, 0, 4, 0) === 4 && head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    }
    catch {
        return false;
    }
    finally {
        if (fd !== undefined)
            closeSync(fd);
    }
}
function stateOf(file) {
    try {
        const stat = statSync(file);
        return `${stat.size}:${stat.mtimeMs}`;
    }
    catch {
        return 'missing';
    }
}
function readStored(file) {
    try {
        const stored = JSON.parse(readFileSync(file, 'utf8'));
        const facts = stored?.facts;
        if (stored?.format !== FACTS_FORMAT || !facts || typeof facts.version !== 'string' || !/^\d+\.\d+/.test(facts.version) || typeof facts.machine !== 'string')
            return undefined;
        if (facts.pip !== null && typeof facts.pip !== 'string')
            return undefined;
        if (!Array.isArray(stored.checks) || !stored.checks.every(c => typeof c?.file === 'string' && typeof c?.state === 'string'))
            return undefined;
        return stored;
    }
    catch {
        return undefined;
    }
}

const PROBE = [
    'import json, platform, site, sys',
    'try:',
    '    import pip',
    '    pip_version, pip_file = pip.__version__, pip.__file__',
    'except Exception:',
    '    pip_version, pip_file = None, None',
    'user_site = site.getusersitepackages() if site.ENABLE_USER_SITE else None',
    'print(json.dumps({"version": platform.python_version(), "machine": platform.machine(), "pip": pip_version, "prefix": sys.prefix, "pipFile": pip_file, "userSite": user_site}))'
].join('\n');
/**
 * What `command` is, asked in one spawn; with a cache folder, a real executable's answer is kept there
 * (interpreterfacts.ts), so a warm build spawns no Python for it.
 */
async function probeInterpreter(command, env, cacheDir) {
    const facts = await cachedFacts(command, env, cacheDir, () => askInterpreter(command, env));
    const minor = facts.version.split('.').slice(0, 2).join('.');
    return { command, version: facts.version, minor, machine: facts.machine, pip: facts.pip ?? undefined, prefix: facts.prefix, env };
}
async function askInterpreter(command, env) {
    let result;
    try {
        // A healthy interpreter answers in well under a second: one that does not is not waited for long.
        result = await runProcess(command, ['-c', PROBE], { env, step: `the interpreter check (${command} -c …)`, limit: Math.min(stepLimit(env), 120) });
    }
    catch (error) {
        if (error instanceof SpindriftError)
            throw error;
        throw new SpindriftError(`Python interpreter ${quote(command)} was not found; install Python (for example with actions/setup-python) or set package.python to its path.`);
    }
    const line = result.stdout.trim().split('\n').pop() ?? '';
    try {
        return JSON.parse(line);
    }
    catch {
        throw new SpindriftError(`${quote(command)} did not run as a Python interpreter (exit code ${result.exitCode}); set package.python to a Python 3 executable.`);
    }
}
/** Run `python -m pip …`, streaming its output to the logger's debug channel. */
async function runPip(python, args, logger, cwd) {
    if (!python.pip) {
        throw new SpindriftError(`pip is not installed for ${python.command} (Python ${python.version}); install it with "${python.command} -m ensurepip" or point package.python at an interpreter that has pip.`);
    }
    return runTool(python.command, ['-m', 'pip', ...args], python.env, logger, cwd);
}
/** Run an installer command with pip's quiet-and-non-interactive settings, output to the debug channel. */
async function runTool(command, args, env, logger, cwd) {
    const result = await runProcess(command, args, {
        cwd,
        env: { ...env, PIP_NO_INPUT: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_ROOT_USER_ACTION: 'ignore' },
        onLine: line => logger.debug(line)
    });
    return { exitCode: result.exitCode, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}
/** pip's own framing around a failed step (and tracebacks' headers): never the cause, so never quoted. */
const FRAMING = [
    /^error: (subprocess-exited-with-error|metadata-generation-failed|failed-wheel-build-for-install)$/,
    /^[×╰│]/,
    /^note: This error originates from a subprocess/,
    /^hint: See above for/,
    /^\[(end of output|\d+ lines of output)\]$/,
    /^ERROR: Exception:$/,
    /^Traceback \(most recent call last\):$/,
    /^(ERROR: )?Failed (building wheel for|to build) /,
    /^ERROR: (Could not build wheels for|Failed to build installable wheels)/,
    /^WARNING: Running pip as/,
    /^(Installing build dependencies|Getting requirements to build|Preparing (metadata|editable metadata)|Building wheels? for|Created wheel|Stored in directory|Processing |Looking in (indexes|links)|Collecting |Downloading |Using cached|Requirement already satisfied|Obtaining |Running setup\.py|Resolved |Building |Built |Prepared |Installed )/,
    /^\^+$/
];
/** How much of one line of pip's output a message keeps. */
const LINE_LIMIT = 200;
/**
 * The cause of a failed pip or uv step, for an error message: the index it could not reach, the build's own
 * exception with where it was raised, and the step's last specific lines (a setup.py's own error text),
 * without pip's framing; each line capped.
 */
function pipTail(run, lines = 3) {
    const output = `${run.stdout}\n${run.stderr}`;
    const all = output.split('\n').map(l => l.trim()).filter(Boolean);
    // A traceback's frames and the source line under each are where, not why.
    const meaningful = all.filter((l, i) => !FRAMING.some(p => p.test(l)) && !/^File "/.test(l) && !/^File "/.test(all[i - 1] ?? ''));
    const errors = meaningful.filter(l => /^(ERROR:|error:|hint:)/.test(l) && !/^ERROR: (No matching distribution|Could not find a version)/.test(l));
    const tail = (errors.length ? errors : meaningful).slice(-lines);
    const parts = [];
    const network = connectionProblem(output);
    if (network)
        parts.push(`(${network})`);
    // A failed build's cause is the build backend's exception, which pip prints above its own summary.
    let at = all.length - 1;
    while (at >= 0 && !/^[A-Za-z_][\w.]*(Error|Exception):\s/.test(all[at]))
        at--;
    if (at >= 0) {
        const where = raisedAt(all.slice(0, at));
        parts.push(`${all[at]}${where ? ` (in ${where})` : ''}`);
    }
    for (const line of tail)
        if (!parts.some(p => p.startsWith(line)))
            parts.push(line);
    const text = parts.map(l => (l.length > LINE_LIMIT ? `${l.slice(0, LINE_LIMIT)}…` : l)).join(' ');
    // It is quoted inside a sentence of ours: end it like one.
    return text && !/[.!?:…]$/.test(text) ? `${text}.` : text;
}
/** The project's own frame a traceback ends in ("setup.py line 2"), skipping Python's and pip's own files. */
function raisedAt(before) {
    for (let i = before.length - 1; i >= 0; i--) {
        const frame = /^File "([^"]+)", line (\d+)/.exec(before[i]);
        if (!frame)
            continue;
        const [, file, line] = frame;
        if (file.startsWith('<frozen') || /\/(site-packages|lib\/python3\.\d+)\//.test(file))
            continue;
        // setuptools runs setup.py as a string it compiled.
        return `${file === '<string>' ? 'setup.py' : file} line ${line}`;
    }
    return undefined;
}
/**
 * What stopped pip or uv from reading an index, from its output ("Retrying … after connection broken by …",
 * uv's dns error, an untrusted http index), in words and naming the index without credentials; undefined if nothing did.
 */
function connectionProblem(output) {
    const untrusted = /The repository located at (\S+) is not a trusted or secure host and is being ignored/.exec(output);
    if (untrusted)
        return `pip ignored the index at ${untrusted[1]}: it is plain http and not a trusted host; use https, or add --trusted-host ${untrusted[1]}`;
    const all = output.split('\n');
    const lines = all.filter(l => /connection broken by|Could not fetch URL|Failed to fetch|dns error|error sending request|HTTP error \d{3}|\d{3} (Client|Server) Error/i.test(l));
    if (lines.length === 0)
        return undefined;
    // uv gives the real cause on the "cause:" lines under its error (Connection refused, failed to lookup address).
    const text = [...lines, ...all.filter(l => /^\s*cause:/.test(l))].join('\n');
    // pip names its indexes; uv names the project page it failed to fetch (<index>/<name>/).
    const fetched = /Failed to fetch: [`']?(\S+?)\/[^/\s]+\/?[`']?$/m.exec(output)?.[1];
    const index = (/Looking in indexes: (\S+)/.exec(output)?.[1]?.replace(/,$/, '') ?? fetched)?.replace(/\/\/[^/@\s]*@/, '//');
    const status = /HTTP error (\d{3})|(\d{3}) (?:Client|Server) Error/.exec(text);
    const cause = /Cannot connect to proxy/i.test(text) ? 'the proxy (HTTPS_PROXY/HTTP_PROXY) could not be reached'
        : /Name or service not known|Temporary failure in name resolution|nodename nor servname|Could not resolve host|failed to lookup address|getaddrinfo/i.test(text) ? 'its host name could not be resolved'
            : /Connection refused/i.test(text) ? 'it refused the connection'
                : /timed out|timeout/i.test(text) ? 'it did not answer in time'
                    : /SSL|certificate/i.test(text) ? 'its TLS certificate could not be verified'
                        : status ? `it answered HTTP ${status[1] ?? status[2]}`
                            : 'the connection to it failed';
    return `the index${index ? ` ${index}` : ''} could not be read: ${cause}`;
}

// One small GET client for index pages and wheels, on node:http(s) with keep-alive agents. Node's global
// fetch (undici) took ~600 ms of CPU to re-read 25 PyPI pages and sometimes stalled opening 25 connections at
// once; a few reused sockets per host read them in ~150 ms.
/** Sockets per host: as many as the wheel downloader runs at once. */
const MAX_SOCKETS = 6;
const MAX_REDIRECTS = 10;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Free sockets are unref'd by node's agent, so they never keep the process alive.
const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
};
/** The variables that send pip's (or uv's) requests through a proxy, which this client does not follow. */
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'PIP_PROXY'];
/** The first proxy variable set in env: a request made here would not go the installer's way. */
function proxyVariable(env) {
    return PROXY_VARIABLES.find(name => env[name]);
}
/** A request that could not be completed; the message reads like node's own ("getaddrinfo ENOTFOUND host"). */
class HttpError extends Error {
    code;
    constructor(message, code) {
        super(message);
        this.code = code;
    }
}
/** Basic credentials for a URL's user:password, as pip sends them. */
function basicAuth(url) {
    return `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
}
/**
 * GETs `address`, following redirects. A user:password in the URL becomes a Basic Authorization header; an
 * Authorization header is dropped when a redirect leaves the host (scheme and port count), as Python requests does.
 */
async function get(address, options = {}) {
    let url = new URL(address);
    let headers = withUrlCredentials(url, { 'Accept-Encoding': 'gzip, deflate', ...options.headers });
    const deadline = options.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
    for (let hop = 0;; hop++) {
        const answer = await once(url, headers, options, deadline);
        const location = answer.headers.location;
        if (!REDIRECTS.has(answer.status) || !location || hop >= MAX_REDIRECTS)
            return answer;
        const next = new URL(location, url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:')
            return answer;
        if (!sameHost(url, next))
            headers = withoutAuthorization(headers);
        headers = withUrlCredentials(next, headers);
        url = next;
    }
}
/** Moves a URL's user:password into the headers (the URL is left without them). */
function withUrlCredentials(url, headers) {
    if (!url.username && !url.password)
        return headers;
    const auth = basicAuth(url);
    url.username = '';
    url.password = '';
    return { ...withoutAuthorization(headers), Authorization: auth };
}
function withoutAuthorization(headers) {
    return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}
const DEFAULT_PORTS = { 'http:': '80', 'https:': '443' };
/** requests' should_strip_auth, inverted: same host name, and same scheme and port or http:80 -> https:443. */
function sameHost(from, to) {
    if (from.hostname !== to.hostname)
        return false;
    const port = (u) => u.port || DEFAULT_PORTS[u.protocol];
    if (from.protocol === 'http:' && to.protocol === 'https:' && port(from) === '80' && port(to) === '443')
        return true;
    return from.protocol === to.protocol && port(from) === port(to);
}
/** One request; a keep-alive socket the server closed meanwhile is retried once on a fresh one. */
async function once(url, headers, options, deadline) {
    try {
        return await request(url, headers, options, deadline);
    }
    catch (error) {
        if (!(error instanceof Reused))
            throw error;
        return request(url, headers, options, deadline);
    }
}
/** A reset on a reused socket before any answer: the server had closed it; safe to retry a GET. */
class Reused extends Error {
}
function request(url, headers, options, deadline) {
    const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!client)
        return Promise.reject(new HttpError(`unsupported protocol ${url.protocol}`));
    return new Promise((resolve, reject) => {
        let settled = false;
        let idle;
        let overall;
        let answered = false;
        const finish = (error, value) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(idle);
            clearTimeout(overall);
            if (error) {
                req.destroy();
                reject(error);
            }
            else
                resolve(value);
        };
        const alive = () => {
            if (options.idleMs === undefined || settled)
                return;
            clearTimeout(idle);
            idle = setTimeout(() => finish(new HttpError(`received nothing for ${options.idleMs / 1000} s`, 'ETIMEDOUT')), options.idleMs);
        };
        const req = client.get(url, { agent: agents[url.protocol], headers });
        if (deadline !== undefined) {
            const total = options.timeoutMs;
            overall = setTimeout(() => finish(new HttpError(`no answer within ${total / 1000} s`, 'ETIMEDOUT')), Math.max(0, deadline - Date.now()));
        }
        // The stall clock starts when a socket is ours, not while the request waits for a free one.
        req.on('socket', alive);
        req.on('error', (error) => {
            if (!answered && req.reusedSocket && error.code === 'ECONNRESET')
                finish(new Reused(error.message));
            else
                finish(new HttpError(error.message, error.code));
        });
        req.on('response', (res) => {
            answered = true;
            alive();
            const status = res.statusCode ?? 0;
            const length = Number(res.headers['content-length'] ?? 0);
            if (options.maxBytes !== undefined && length > options.maxBytes) {
                finish(new HttpError(`HTTP ${status}: ${length} bytes, more than ${options.maxBytes}`, 'ETOOBIG'));
                return;
            }
            res.on('data', alive);
            const body = decoded(res);
            // A body sent as it is, of a known length (a wheel), is copied into one buffer as it comes: not joined
            // into a second copy at the end.
            let whole = body === res && length > 0 ? Buffer.allocUnsafe(length) : undefined;
            const chunks = [];
            let size = 0;
            body.on('data', (chunk) => {
                size += chunk.length;
                if (options.maxBytes !== undefined && size > options.maxBytes)
                    finish(new HttpError(`more than ${options.maxBytes} bytes`, 'ETOOBIG'));
                else if (whole && size <= whole.length)
                    chunk.copy(whole, size - chunk.length);
                else {
                    // More than the length said: what came so far and the rest are gathered as chunks.
                    if (whole)
                        chunks.push(whole.subarray(0, size - chunk.length));
                    whole = undefined;
                    chunks.push(chunk);
                }
            });
            body.on('end', () => finish(undefined, { status, headers: res.headers, body: whole ? whole.subarray(0, size) : Buffer.concat(chunks), url: url.href }));
            body.on('error', (error) => finish(new HttpError(error.message, error.code)));
            res.on('aborted', () => finish(new HttpError('the connection closed before the whole answer arrived', 'ECONNRESET')));
            res.on('error', (error) => finish(new HttpError(error.message, error.code)));
        });
    });
}
/** The response body with its content-encoding undone (gzip, deflate; anything else as sent). */
function decoded(res) {
    const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
    // Lenient about a missing end, as browsers and undici are.
    const flush = { flush: constants$2.Z_SYNC_FLUSH, finishFlush: constants$2.Z_SYNC_FLUSH };
    if (encoding === 'gzip' || encoding === 'x-gzip')
        return res.pipe(createGunzip(flush));
    if (encoding === 'deflate')
        return res.pipe(createInflate(flush));
    return res;
}

/** Byte order of UTF-8 names: the same on every machine and in every locale. */
function compareNames(a, b) {
    // UTF-16 code units below the surrogates (U+D800) order as their UTF-8 bytes do: most names are compared
    // without encoding them (a sort of a layer's thousands of names encoded each name dozens of times).
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i++) {
        const x = a.charCodeAt(i);
        const y = b.charCodeAt(i);
        if (x >= 0xd800 || y >= 0xd800)
            return utf8Order(a, b);
        if (x !== y)
            return x < y ? -1 : 1;
    }
    // The shared part encodes to the same bytes: the shorter name is a prefix of the longer one.
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
function utf8Order(a, b) {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
/** Sorts records by their `name` in compareNames order: `list.sort(byName)`. */
const byName = (a, b) => compareNames(a.name, b.name);
/** A project or extra name as PEP 503 compares them: lower case, runs of -_. as one -. */
const canonicalName = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');

/**
 * The files an index lists for a project: PEP 691 JSON when the index speaks it, else the PEP 503 simple
 * HTML page; a file:// index is read from disk. Only file names are needed to tell which wheel fits.
 */
async function projectFiles(indexUrl, project, timeoutMs = 30_000) {
    const url = `${indexUrl.replace(/\/+$/, '')}/${canonicalName(project)}/`;
    if (url.startsWith('file:')) {
        const dir = fileURLToPath(url);
        for (const name of ['index.json', 'index.html']) {
            const file = `${dir}${name}`;
            if (existsSync(file))
                return name.endsWith('.json') ? fromJson(readFileSync(file, 'utf8'), url) : fromHtml(readFileSync(file, 'utf8'), url);
        }
        return [];
    }
    let response;
    try {
        response = await get(url, { headers: { Accept: 'application/vnd.pypi.simple.v1+json, text/html;q=0.1' }, timeoutMs });
    }
    catch (error) {
        throw new SpindriftError(`Could not read ${stripCredentials(url)} (${error.message}); check package.index-url and the network.`);
    }
    if (response.status === 404)
        return [];
    if (response.status < 200 || response.status > 299)
        throw new SpindriftError(`${stripCredentials(url)} answered HTTP ${response.status}; check package.index-url and its credentials.`);
    const body = response.body.toString('utf8');
    return String(response.headers['content-type'] ?? '').includes('json') ? fromJson(body, url) : fromHtml(body, url);
}
/** An href made absolute against the page, or undefined when it is not a URL. */
function absolute(href, page) {
    try {
        return href ? new URL(href, page).href : undefined;
    }
    catch {
        return undefined;
    }
}
function fromJson(text, page) {
    const data = JSON.parse(text);
    return (data.files ?? []).map(f => ({
        filename: f.filename,
        yanked: Boolean(f.yanked),
        url: absolute(f.url, page),
        ...(typeof f['requires-python'] === 'string' && f['requires-python'] && { requiresPython: f['requires-python'] }),
        ...(typeof f['upload-time'] === 'string' && { uploadTime: f['upload-time'] }),
        ...(typeof f.hashes?.sha256 === 'string' && { sha256: f.hashes.sha256.toLowerCase() })
    }));
}
function fromHtml(html, page) {
    const files = [];
    for (const m of html.matchAll(/<a\s([^>]*)>([^<]*)<\/a>/gi)) {
        const name = m[2].trim();
        const requires = /data-requires-python\s*=\s*"([^"]*)"/i.exec(m[1])?.[1];
        const href = /href\s*=\s*["']([^"']*)["']/i.exec(m[1])?.[1]?.replace(/&amp;/g, '&');
        const sha256 = /#(?:.*&)?sha256=([0-9a-f]{64})/i.exec(href ?? '')?.[1]?.toLowerCase();
        if (name)
            files.push({ filename: decodeURIComponent(name), yanked: /data-yanked/i.test(m[1]), url: absolute(href, page), sha256, ...(requires && { requiresPython: unescapeHtml(requires) }) });
    }
    return files;
}
function unescapeHtml(text) {
    return text.replace(/&(lt|gt|amp|quot|#39);/g, (_, e) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" })[e]);
}

/**
 * PEP 440 versions and specifiers and PEP 508 environment markers, evaluated for the Lambda target in
 * TypeScript: a lock's markers must be decided for the runtime's Python and architecture, never for the
 * machine that runs the build, and without spawning an interpreter (a warm locked build spawns none).
 */
const VERSION = /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?(?:(?:-(\d+))|(?:[-_.]?(?:post|rev|r)[-_.]?(\d*)))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;
const PRE_KIND = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };
function parseVersion(text) {
    const m = VERSION.exec(text.trim());
    if (!m)
        return undefined;
    return {
        epoch: Number(m[1] ?? 0),
        release: m[2].split('.').map(Number),
        pre: m[3] ? [PRE_KIND[m[3].toLowerCase()], Number(m[4] || 0)] : undefined,
        post: m[5] !== undefined ? Number(m[5]) : m[6] !== undefined ? Number(m[6] || 0) : undefined,
        dev: m[7] !== undefined ? Number(m[7] || 0) : undefined
    };
}
/** Negative, zero or positive, as a sorts before, with or after b (PEP 440 ordering, local labels ignored). */
function compareVersions$1(a, b) {
    if (a.epoch !== b.epoch)
        return a.epoch - b.epoch;
    const length = Math.max(a.release.length, b.release.length);
    for (let i = 0; i < length; i++) {
        const d = (a.release[i] ?? 0) - (b.release[i] ?? 0);
        if (d)
            return d;
    }
    // A dev release of a final version sorts before its pre-releases; a final release after them.
    const preKey = (v) => (v.pre ? v.pre : v.dev !== undefined && v.post === undefined ? [-1, 0] : [9, 0]);
    const [pa, pb] = [preKey(a), preKey(b)];
    if (pa[0] !== pb[0])
        return pa[0] - pb[0];
    if (pa[1] !== pb[1])
        return pa[1] - pb[1];
    const post = (a.post ?? -1) - (b.post ?? -1);
    if (post)
        return post;
    return (a.dev ?? Infinity) - (b.dev ?? Infinity) || 0;
}
/** Are these the same version (PEP 440: 1.0 is 1.0.0)? Texts that do not parse are compared as they are. */
function sameVersion(a, b) {
    const [va, vb] = [parseVersion(a), parseVersion(b)];
    return va && vb ? compareVersions$1(va, vb) === 0 : a === b;
}
/** Does the version satisfy every clause of a specifier such as ">=3.10,<4" or "==2.*"? undefined: cannot tell. */
function satisfies(versionText, specifier) {
    const version = parseVersion(versionText);
    if (!version)
        return undefined;
    for (const raw of specifier.split(',').map(s => s.trim()).filter(Boolean)) {
        const m = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/.exec(raw);
        if (!m)
            return undefined;
        const [, op, text] = m;
        if (op === '===') {
            if (text !== versionText)
                return false;
            continue;
        }
        if ((op === '==' || op === '!=') && text.endsWith('.*')) {
            const prefix = parseVersion(text.slice(0, -2));
            if (!prefix)
                return undefined;
            const matches = prefix.epoch === version.epoch && prefix.release.every((n, i) => (version.release[i] ?? 0) === n);
            if (matches !== (op === '=='))
                return false;
            continue;
        }
        const other = parseVersion(text);
        if (!other)
            return undefined;
        const c = compareVersions$1(version, other);
        const ok = op === '==' ? c === 0 :
            op === '!=' ? c !== 0 :
                op === '<=' ? c <= 0 :
                    op === '>=' ? c >= 0 :
                        op === '<' ? c < 0 :
                            op === '>' ? c > 0 :
                                // ~=X.Y.Z: >= X.Y.Z and == X.Y.*
                                c >= 0 && other.release.length > 1 && other.release.slice(0, -1).every((n, i) => (version.release[i] ?? 0) === n);
        if (!ok)
            return false;
    }
    return true;
}
const VERSION_VARIABLES$1 = new Set(['python_version', 'python_full_version', 'implementation_version']);
/** The marker environment of a Lambda runtime on its architecture, at one patch release of its Python. */
function targetEnvironment(target, patch, extras = [], groups = []) {
    const full = `${target.runtime.pythonVersion}.${patch}`;
    return {
        values: {
            python_version: target.runtime.pythonVersion,
            python_full_version: full,
            implementation_version: full,
            implementation_name: 'cpython',
            platform_python_implementation: 'CPython',
            platform_machine: WHEEL_ARCH[target.architecture],
            sys_platform: 'linux',
            platform_system: 'Linux',
            os_name: 'posix',
            platform_release: '',
            platform_version: '',
            extra: ''
        },
        extras: new Set([...extras].map(canonicalName)),
        groups: new Set([...groups].map(canonicalName))
    };
}
function tokenize(marker) {
    const tokens = [];
    const pattern = /\s*(?:"([^"]*)"|'([^']*)'|(\()|(\))|(not\s+in\b|in\b|and\b|or\b)|(<=|>=|==|!=|~=|===|<|>)|([A-Za-z_][A-Za-z0-9_.]*))/y;
    let at = 0;
    while (at < marker.length) {
        if (/^\s*$/.test(marker.slice(at)))
            break;
        pattern.lastIndex = at;
        const m = pattern.exec(marker);
        if (!m)
            throw new Error(`unexpected text at "${marker.slice(at)}"`);
        at = pattern.lastIndex;
        if (m[1] !== undefined || m[2] !== undefined)
            tokens.push({ kind: 'str', text: m[1] ?? m[2] });
        else if (m[3])
            tokens.push({ kind: 'open', text: '(' });
        else if (m[4])
            tokens.push({ kind: 'close', text: ')' });
        else if (m[5] === 'and' || m[5] === 'or')
            tokens.push({ kind: m[5], text: m[5] });
        else if (m[5])
            tokens.push({ kind: 'op', text: m[5].replace(/\s+/, ' ') });
        else if (m[6])
            tokens.push({ kind: 'op', text: m[6] });
        else
            tokens.push({ kind: 'var', text: m[7] });
    }
    return tokens;
}
/** Evaluate a PEP 508 marker; throws a plain Error for a marker it cannot read (the caller words the sentence). */
function evaluateMarker(marker, env) {
    const tokens = tokenize(marker);
    let i = 0;
    const expression = () => {
        let value = conjunction();
        while (tokens[i]?.kind === 'or') {
            i++;
            const right = conjunction();
            value = value || right;
        }
        return value;
    };
    const conjunction = () => {
        let value = atom();
        while (tokens[i]?.kind === 'and') {
            i++;
            const right = atom();
            value = value && right;
        }
        return value;
    };
    const atom = () => {
        if (tokens[i]?.kind === 'open') {
            i++;
            const value = expression();
            if (tokens[i++]?.kind !== 'close')
                throw new Error('a parenthesis is not closed');
            return value;
        }
        const left = tokens[i++];
        const op = tokens[i++];
        const right = tokens[i++];
        if (!left || !op || !right || op.kind !== 'op' || (left.kind !== 'str' && left.kind !== 'var') || (right.kind !== 'str' && right.kind !== 'var')) {
            throw new Error('expected "variable operator value"');
        }
        return compare(left, op.text, right, env);
    };
    const value = expression();
    if (i !== tokens.length)
        throw new Error(`unexpected "${tokens[i].text}"`);
    return value;
}
function compare(left, op, right, env) {
    // `"dev" in dependency_groups`, `"cli" in extras` (PEP 751) test membership of a set.
    const setOf = (t) => (t.kind === 'var' && t.text === 'extras' ? env.extras : t.kind === 'var' && t.text === 'dependency_groups' ? env.groups : undefined);
    const set = setOf(right);
    if (set && (op === 'in' || op === 'not in') && left.kind === 'str')
        return set.has(canonicalName(left.text)) === (op === 'in');
    const valueOf = (t) => {
        if (t.kind === 'str')
            return t.text;
        if (!(t.text in env.values))
            throw new Error(`unknown marker variable ${t.text}`);
        return env.values[t.text];
    };
    let [a, b] = [valueOf(left), valueOf(right)];
    const variable = left.kind === 'var' ? left.text : right.kind === 'var' ? right.text : '';
    if (variable === 'extra')
        [a, b] = [canonicalName(a), canonicalName(b)];
    if (op === 'in')
        return b.includes(a);
    if (op === 'not in')
        return !b.includes(a);
    if (VERSION_VARIABLES$1.has(variable) && parseVersion(a) && (parseVersion(b) || b.endsWith('.*'))) {
        // The variable's value is the version; the other side is the specifier's version.
        const [version, bound] = left.kind === 'var' ? [a, b] : [b, a];
        const flipped = left.kind === 'var' ? op : { '<': '>', '>': '<', '<=': '>=', '>=': '<=' }[op] ?? op;
        const result = satisfies(version, `${flipped}${bound}`);
        if (result !== undefined)
            return result;
    }
    switch (op) {
        case '==':
        case '===': return a === b;
        case '!=': return a !== b;
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
        default: throw new Error(`operator ${op} needs versions`);
    }
}
/**
 * Does a marker hold on the target? Decided at the first and a late patch release of the runtime's Python;
 * a marker that depends on the patch level cannot be decided ahead of time, and a marker that cannot be read
 * is never guessed: both stop the build, naming where the marker is.
 */
function holdsOnTarget(marker, target, where, extras = [], groups = [], extra = []) {
    if (!marker || !marker.trim())
        return true;
    const extrasList = [...extras];
    const groupsList = [...groups];
    let answers;
    try {
        // `extra == "x"` holds when the dependency came in through one of the extras being installed.
        const holds = (patch) => (extra.length ? extra : ['']).some(value => {
            const env = targetEnvironment(target, patch, extrasList, groupsList);
            return evaluateMarker(marker, { ...env, values: { ...env.values, extra: value } });
        });
        answers = [0, 99].map(holds);
    }
    catch (error) {
        throw new SpindriftError(`${where} has the environment marker ${quote(marker)}, which spindrift cannot read (${error.message}); report it, or set package.lock to none to install without the lock.`);
    }
    if (answers[0] !== answers[1]) {
        throw new SpindriftError(`${where} has the environment marker ${quote(marker)}, which depends on the patch release of Python ${target.runtime.pythonVersion} that Lambda runs, so it cannot be decided ahead of time; relock with a marker on python_version.`);
    }
    return answers[0];
}
function parseRequirement(line) {
    const m = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/.exec(line);
    if (!m)
        return undefined;
    let rest = m[3];
    let marker;
    const semicolon = rest.indexOf(';');
    if (semicolon >= 0) {
        marker = rest.slice(semicolon + 1).trim();
        rest = rest.slice(0, semicolon);
    }
    rest = rest.trim();
    let url;
    if (rest.startsWith('@')) {
        url = rest.slice(1).trim();
        rest = '';
    }
    if (rest.startsWith('(') && rest.endsWith(')'))
        rest = rest.slice(1, -1);
    const extras = (m[2] ?? '').split(',').map(e => e.trim()).filter(Boolean).map(canonicalName);
    return { name: canonicalName(m[1]), extras, specifier: normaliseSpecifier(rest), url, marker };
}
/** ">= 1.0, <2" → "<2,>=1.0": one spelling for comparing two specifiers. */
function normaliseSpecifier(specifier) {
    return specifier.split(',').map(s => s.replace(/\s+/g, '')).filter(Boolean).sort().join(',');
}

// The chosen wheels' bytes: from the wheel cache, or downloaded a few at a time, each checked against the
// sha256 the index (or the lock) gave before it is used or cached.
/** Downloads at once: enough to fill the line from a CDN, few enough for a small runner. */
const PARALLEL = 6;
/** A download that receives nothing for this long is given up (the installer path then tries). */
const STALL_MS = 30_000;
/** A download that failed for a reason the installer may overcome (network, credentials it finds in .netrc). */
class DownloadFailed extends Error {
}
/**
 * Every wheel's bytes, in the order given. `indexes` are the index URLs the installer was told about: a file
 * URL on one of their hosts gets that index's credentials, as pip sends them.
 */
async function fetchWheels(wheels, cache, indexes, stallMs = STALL_MS) {
    const credentials = credentialsByHost(indexes);
    const results = new Array(wheels.length);
    let next = 0;
    const worker = async () => {
        while (next < wheels.length) {
            const i = next++;
            const wheel = wheels[i];
            const hit = cache?.get(wheel.sha256);
            if (hit) {
                results[i] = { wheel, data: hit, cached: true };
                continue;
            }
            const data = await download(wheel.url, credentials, stallMs);
            const actual = createHash('sha256').update(data).digest('hex');
            if (actual !== wheel.sha256) {
                throw new SpindriftError(`The download of ${wheel.filename} from ${stripCredentials(wheel.url)} has the sha256 ${actual}, not the ${wheel.sha256} the index or lock gave, so it is not the file that was chosen; run the build again, and if it persists check the index (or relock).`);
            }
            cache?.put(wheel.sha256, data);
            results[i] = { wheel, data, cached: false };
        }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, wheels.length) }, worker));
    return results;
}
function credentialsByHost(indexes) {
    const byHost = new Map();
    for (const index of indexes) {
        try {
            const url = new URL(index);
            if (url.username || url.password)
                byHost.set(url.host, basicAuth(url));
        }
        catch {
            // not a URL: nothing to send
        }
    }
    return byHost;
}
async function download(address, credentials, stallMs) {
    if (address.startsWith('file:')) {
        try {
            return readFileSync(fileURLToPath(address));
        }
        catch (error) {
            throw new DownloadFailed(`${stripCredentials(address)} cannot be read (${error.code})`);
        }
    }
    const url = new URL(address);
    // A file URL on an index's host gets that index's credentials (its own user:password win, in get).
    const headers = {};
    if (!url.username && !url.password && credentials.has(url.host))
        headers.Authorization = credentials.get(url.host);
    let response;
    try {
        response = await get(url, { headers, idleMs: stallMs });
    }
    catch (error) {
        throw new DownloadFailed(`${stripCredentials(address)} could not be downloaded (${error.message})`);
    }
    if (response.status < 200 || response.status > 299)
        throw new DownloadFailed(`${stripCredentials(address)} answered HTTP ${response.status}`);
    return response.body;
}

// Keeping the local cache in bounds: what `spindrift cache prune|clean` do, and the size bound applied after
// each new dependency layer. Layers are folders under <cacheDir>/deps/; a layer's folder mtime is set each time
// it is used, so "least recently used" and "not used for N days" read it.
/** What spindrift keeps in its cache folder: dependency layers, downloaded wheels, built project wheels, the invoke runtime client, resolution memos, interpreter facts and what the checks found for a layer. */
const ENTRIES = ['deps', 'wheels', 'app', 'ric', 'resolutions', 'interpreters', 'checked'];
/** The folders the size bound applies to: layers and downloaded wheels. */
const BOUNDED = ['deps', 'wheels'];
/** The local cache's default bound; SPINDRIFT_CACHE_MAX_MB changes it (0: no bound). */
const DEFAULT_CACHE_MAX_MB = 2048;
/** The bound in bytes from the environment, or undefined for none. */
function cacheBound(env) {
    const raw = env.SPINDRIFT_CACHE_MAX_MB;
    const mb = raw === undefined || raw.trim() === '' ? DEFAULT_CACHE_MAX_MB : Number(raw);
    if (!Number.isFinite(mb) || mb < 0)
        return DEFAULT_CACHE_MAX_MB * 1024 * 1024;
    return mb === 0 ? undefined : mb * 1024 * 1024;
}
/** Mark a layer folder as used now (its mtime), for least-recently-used eviction. */
function markUsed(folder) {
    try {
        const now = new Date();
        utimesSync(folder, now, now);
    }
    catch {
        // Read-only cache: eviction order is only a little less exact.
    }
}
/** Every cached item: each layer folder and each file under app/ and ric/, with its size and last use. */
function cacheEntries(cacheDir) {
    const entries = [];
    for (const name of ENTRIES) {
        const dir = path.join(cacheDir, name);
        if (!existsSync(dir))
            continue;
        for (const child of readdirSync(dir)) {
            const full = path.join(dir, child);
            entries.push({ path: full, bytes: sizeOf$1(full), lastUsed: lstatSync(full).mtimeMs });
        }
    }
    return entries;
}
/** Remove what has not been used for `days` days. */
function pruneCache(cacheDir, days, now = Date.now()) {
    const cutoff = now - days * 24 * 60 * 60 * 1000;
    return removeAll(cacheEntries(cacheDir).filter(e => e.lastUsed < cutoff));
}
/** Remove everything spindrift keeps in the folder (and nothing else that may be there). */
function cleanCache(cacheDir) {
    return removeAll(cacheEntries(cacheDir));
}
/** Evict least recently used layers and wheels until they fit in maxBytes; `keep` (the layer just stored) stays. */
function enforceBound(cacheDir, maxBytes, keep) {
    const layers = cacheEntries(cacheDir).filter(e => BOUNDED.includes(path.basename(path.dirname(e.path))) && !e.path.endsWith('.tmp'));
    let total = layers.reduce((sum, e) => sum + e.bytes, 0);
    const evicted = [];
    for (const layer of layers.sort((a, b) => a.lastUsed - b.lastUsed)) {
        if (total <= maxBytes)
            break;
        if (layer.path === keep)
            continue;
        evicted.push(layer);
        total -= layer.bytes;
    }
    return removeAll(evicted);
}
function removeAll(entries) {
    let bytes = 0;
    for (const entry of entries) {
        rmSync(entry.path, { recursive: true, force: true });
        bytes += entry.bytes;
    }
    return { count: entries.length, bytes };
}
function sizeOf$1(file) {
    const stat = lstatSync(file);
    if (!stat.isDirectory())
        return stat.size;
    return readdirSync(file).reduce((sum, child) => sum + sizeOf$1(path.join(file, child)), 0);
}
/** True when the folder exists and is a folder. */
function isFolder(dir) {
    try {
        return statSync(dir).isDirectory();
    }
    catch {
        return false;
    }
}

// The local wheel cache: <cacheDir>/wheels/<sha256>.whl, shared by every project, bounded with the layers by
// deps/maintenance.ts. A file is named by the hash of its bytes, so it is checked again whenever it is read.
/** The folder of the wheel cache (the one folder the action saves and restores for wheels). */
function wheelFolder(cacheDir) {
    return path.join(cacheDir, 'wheels');
}
class WheelCache {
    cacheDir;
    constructor(cacheDir) {
        this.cacheDir = cacheDir;
    }
    file(sha256) {
        return path.join(wheelFolder(this.cacheDir), `${sha256}.whl`);
    }
    /** The cached bytes with this hash, or undefined; a file whose bytes do not match is removed. */
    get(sha256) {
        const file = this.file(sha256);
        let data;
        try {
            data = readFileSync(file);
        }
        catch {
            return undefined;
        }
        if (createHash('sha256').update(data).digest('hex') !== sha256) {
            removeQuietly(file);
            return undefined;
        }
        markUsed(file);
        return data;
    }
    /** Keep verified bytes; a cache that cannot be written only costs a download next time. */
    put(sha256, data) {
        const file = this.file(sha256);
        try {
            makeFolders(path.dirname(file));
            keepCacheFile(file, data, tempNameBeside(file));
        }
        catch {
            // speed, never correctness
        }
    }
}

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
const EM_X86_64 = 62;
const EM_AARCH64 = 183;
const MACHINES = {
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
};
function machineName(machine) {
    return MACHINES[machine] ?? `machine ${machine}`;
}
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const SHT_DYNAMIC = 6;
const SHT_NOBITS = 8;
const SHT_GNU_VERNEED = 0x6ffffffe;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_VERNEED = 0x6ffffffe;
const DT_VERNEEDNUM = 0x6fffffff;
const PN_XNUM = 0xffff;
/** Caps on what a sane file has, so a corrupt count cannot make the reader spin. */
const MAX_DYNAMIC_ENTRIES = 1 << 16;
const MAX_VERNEED = 1 << 12;
const MAX_VERNAUX = 1 << 14;
const MAX_NAME = 4096;
/** A read outside the file or a value no valid file has: turned into ElfInfo.error by readElf. */
class Corrupt extends Error {
}
/** Little-endian ELF64 reads that throw Corrupt instead of RangeError, and offsets that stay safe integers. */
class Reader {
    data;
    constructor(data) {
        this.data = data;
    }
    check(offset, length, what) {
        if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > this.data.length) {
            throw new Corrupt(`${what} past the end of the file`);
        }
    }
    u16(offset, what) {
        this.check(offset, 2, what);
        return this.data.readUInt16LE(offset);
    }
    u32(offset, what) {
        this.check(offset, 4, what);
        return this.data.readUInt32LE(offset);
    }
    /** A 64-bit field as a number; values past 2^53 are no offset or size in any real file. */
    u64(offset, what) {
        this.check(offset, 8, what);
        const value = this.data.readBigUInt64LE(offset);
        if (value > BigInt(Number.MAX_SAFE_INTEGER))
            throw new Corrupt(`${what} out of range`);
        return Number(value);
    }
    /** Check that [offset, offset + length) lies in the file. */
    span(offset, length, what) {
        if (!Number.isSafeInteger(length) || length < 0)
            throw new Corrupt(`${what} out of range`);
        this.check(offset, length, what);
    }
    /** A NUL-terminated string starting at offset that must end before `end`. */
    string(offset, end, what) {
        const limit = Math.min(end, this.data.length, offset + MAX_NAME);
        if (!Number.isSafeInteger(offset) || offset < 0 || offset >= limit)
            throw new Corrupt(`${what} past the end of its table`);
        const length = this.data.subarray(offset, limit).indexOf(0);
        if (length < 0)
            throw new Corrupt(`${what} is not terminated`);
        return this.data.toString('latin1', offset, offset + length);
    }
}
/** The ELF identification and header, then the dynamic information: undefined when data is not an ELF file. */
function readElf(data) {
    if (data.length < 4 || data[0] !== 0x7f || data[1] !== 0x45 || data[2] !== 0x4c || data[3] !== 0x46)
        return undefined;
    const info = {
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
    };
    if (data.length < 20) {
        info.machineName = machineName(0);
        info.error = 'truncated ELF header';
        return info;
    }
    info.type = info.littleEndian ? data.readUInt16LE(16) : data.readUInt16BE(16);
    info.machine = info.littleEndian ? data.readUInt16LE(18) : data.readUInt16BE(18);
    info.machineName = machineName(info.machine);
    if ((data[4] !== 1 && data[4] !== 2) || (data[5] !== 1 && data[5] !== 2)) {
        info.error = `unknown ELF class ${data[4]} or byte order ${data[5]}`;
        return info;
    }
    if (info.bits !== 64 || !info.littleEndian)
        return info;
    try {
        readElf64(new Reader(data), info);
    }
    catch (error) {
        info.error = error instanceof Corrupt ? error.message : `unreadable (internal: ${error.message})`;
    }
    return info;
}
function readElf64(r, info) {
    r.span(0, 64, 'ELF header');
    const phoff = r.u64(32, 'program header offset');
    const shoff = r.u64(40, 'section header offset');
    const phentsize = r.u16(54, 'ELF header');
    let phnum = r.u16(56, 'ELF header');
    const shentsize = r.u16(58, 'ELF header');
    let shnum = r.u16(60, 'ELF header');
    // Counts too large for the header live in section header 0 (sh_size for sections, sh_info for segments).
    if (shoff !== 0 && (shnum === 0 || phnum === PN_XNUM)) {
        if (shentsize < 64)
            throw new Corrupt('section header size too small');
        if (shnum === 0)
            shnum = r.u64(shoff + 32, 'section headers');
        if (phnum === PN_XNUM)
            phnum = r.u32(shoff + 44, 'section headers');
    }
    if (phnum && phentsize < 56)
        throw new Corrupt('program header size too small');
    if (shoff && shnum && shentsize < 64)
        throw new Corrupt('section header size too small');
    if (phnum)
        r.span(phoff, phnum * phentsize, 'program headers');
    // A file cut short almost always loses its section header table, which linkers put last.
    if (shoff && shnum)
        r.span(shoff, shnum * shentsize, 'section headers');
    const segments = [];
    for (let i = 0; i < phnum; i++) {
        const at = phoff + i * phentsize;
        const segment = { type: r.u32(at, 'program header'), offset: r.u64(at + 8, 'program header'), vaddr: r.u64(at + 16, 'program header'), filesz: r.u64(at + 32, 'program header') };
        if (segment.type === PT_LOAD || segment.type === PT_DYNAMIC || segment.type === PT_INTERP) {
            r.span(segment.offset, segment.filesz, segment.type === PT_LOAD ? 'a loadable segment' : 'a program header’s segment');
            segments.push(segment);
        }
    }
    const interp = segments.find(s => s.type === PT_INTERP);
    if (interp)
        info.interpreter = r.string(interp.offset, interp.offset + interp.filesz, 'interpreter name');
    const dynamicSegment = segments.find(s => s.type === PT_DYNAMIC);
    if (dynamicSegment) {
        fromProgramHeaders(r, info, segments, dynamicSegment);
        info.dynamicFrom = 'program headers';
    }
    else if (shoff && shnum && fromSectionHeaders(r, info, shoff, shnum, shentsize)) {
        info.dynamicFrom = 'section headers';
    }
    summarise(info);
}
/** The dynamic segment's entries: DT_NEEDED names and where the string and version-needs tables are. */
function dynamicEntries(r, offset, size) {
    const dynamic = { needed: [] };
    const count = Math.min(Math.floor(size / 16), MAX_DYNAMIC_ENTRIES);
    for (let i = 0; i < count; i++) {
        const at = offset + i * 16;
        // d_tag is signed, but every tag read here is a small positive number: compare the low and high words.
        const tagLow = r.u32(at, 'dynamic entry');
        const tagHigh = r.u32(at + 4, 'dynamic entry');
        if (tagHigh !== 0)
            continue;
        if (tagLow === DT_NULL)
            break;
        const read = () => r.u64(at + 8, 'dynamic entry');
        if (tagLow === DT_NEEDED)
            dynamic.needed.push(read());
        else if (tagLow === DT_STRTAB)
            dynamic.strtab = read();
        else if (tagLow === DT_STRSZ)
            dynamic.strsz = read();
        else if (tagLow === DT_SONAME)
            dynamic.soname = read();
        else if (tagLow === DT_VERNEED)
            dynamic.verneed = read();
        else if (tagLow === DT_VERNEEDNUM)
            dynamic.verneednum = read();
    }
    return dynamic;
}
/** A virtual address in the file, through the PT_LOAD segment that maps it. */
function fileOffset(segments, address, what) {
    for (const s of segments) {
        if (s.type === PT_LOAD && address >= s.vaddr && address < s.vaddr + s.filesz)
            return s.offset + (address - s.vaddr);
    }
    throw new Corrupt(`${what} address is in no loadable segment`);
}
function fromProgramHeaders(r, info, segments, dynamicSegment) {
    const dynamic = dynamicEntries(r, dynamicSegment.offset, dynamicSegment.filesz);
    if (dynamic.strtab === undefined) {
        if (dynamic.needed.length || dynamic.verneed !== undefined)
            throw new Corrupt('dynamic section has no string table');
        return;
    }
    const strtab = fileOffset(segments, dynamic.strtab, 'string table');
    // Without DT_STRSZ, a string may run to the end of the segment holding the table.
    const holder = segments.find(s => s.type === PT_LOAD && strtab >= s.offset && strtab < s.offset + s.filesz);
    const strEnd = dynamic.strsz !== undefined ? strtab + dynamic.strsz : holder ? holder.offset + holder.filesz : r.data.length;
    const name = (offset, what) => r.string(strtab + offset, strEnd, what);
    info.neededLibraries = dynamic.needed.map(offset => name(offset, 'needed library name'));
    if (dynamic.soname !== undefined)
        info.soname = name(dynamic.soname, 'soname');
    if (dynamic.verneed !== undefined) {
        const start = fileOffset(segments, dynamic.verneed, 'version needs');
        info.versionsNeeded = versionNeeds(r, start, dynamic.verneednum, name);
    }
}
/** Fallback for files with section headers but no PT_DYNAMIC (relocatable objects, odd linkers). */
function fromSectionHeaders(r, info, shoff, shnum, shentsize) {
    const count = Math.min(shnum, 1 << 16);
    const section = (index) => {
        if (index >= count)
            throw new Corrupt('section link out of range');
        const at = shoff + index * shentsize;
        const type = r.u32(at + 4, 'section header');
        const offset = r.u64(at + 24, 'section header');
        const size = r.u64(at + 32, 'section header');
        if (type !== SHT_NOBITS)
            r.span(offset, size, 'a section');
        return { type, offset, size, link: r.u32(at + 40, 'section header'), info: r.u32(at + 44, 'section header') };
    };
    let found = false;
    for (let i = 0; i < count; i++) {
        const s = section(i);
        if (s.type !== SHT_DYNAMIC && s.type !== SHT_GNU_VERNEED)
            continue;
        found = true;
        const strings = section(s.link);
        const name = (offset, what) => r.string(strings.offset + offset, strings.offset + strings.size, what);
        if (s.type === SHT_GNU_VERNEED) {
            info.versionsNeeded = versionNeeds(r, s.offset, s.info || undefined, name, s.offset + s.size);
        }
        else {
            const dynamic = dynamicEntries(r, s.offset, s.size);
            info.neededLibraries = dynamic.needed.map(offset => name(offset, 'needed library name'));
            if (dynamic.soname !== undefined)
                info.soname = name(dynamic.soname, 'soname');
        }
    }
    return found;
}
/**
 * Elf64_Verneed { vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32 } entries, each with vn_cnt
 * Elf64_Vernaux { vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32 }. Offsets are relative
 * and unsigned, so chains only move forward; a zero next ends a chain whatever the count says.
 */
function versionNeeds(r, start, count, name, end = r.data.length) {
    const needs = [];
    let at = start;
    let auxTotal = 0;
    for (let i = 0; count === undefined || i < count; i++) {
        if (i >= MAX_VERNEED)
            throw new Corrupt('too many version needs');
        if (at + 16 > end)
            throw new Corrupt('version needs past the end of their table');
        const version = r.u16(at, 'version need');
        if (version !== 1)
            throw new Corrupt(`version need has unknown version ${version}`);
        const cnt = r.u16(at + 2, 'version need');
        const file = name(r.u32(at + 4, 'version need'), 'version need file name');
        const versions = [];
        let aux = at + r.u32(at + 8, 'version need');
        for (let j = 0; j < cnt; j++) {
            if (++auxTotal > MAX_VERNAUX)
                throw new Corrupt('too many needed versions');
            if (aux + 16 > end)
                throw new Corrupt('needed versions past the end of their table');
            versions.push(name(r.u32(aux + 8, 'needed version'), 'needed version name'));
            const next = r.u32(aux + 12, 'needed version');
            if (next === 0)
                break;
            aux += next;
        }
        needs.push({ file, versions });
        const next = r.u32(at + 12, 'version need');
        if (next === 0)
            break;
        at += next;
    }
    return needs;
}
function summarise(info) {
    const collect = (prefix) => {
        const pattern = new RegExp(`^${prefix}_(\\d+(?:\\.\\d+)+)$`);
        const found = new Set();
        for (const need of info.versionsNeeded) {
            for (const version of need.versions) {
                const match = pattern.exec(version);
                if (match)
                    found.add(match[1]);
            }
        }
        return [...found].sort(compareVersions);
    };
    // Only glibc defines GLIBC_x.y versions, whichever of its libraries (libc, libm, libpthread, ld-linux…)
    // a file names, so the name alone decides; GLIBC_PRIVATE has no number and is no requirement on a release.
    info.glibcVersionsNeeded = collect('GLIBC');
    info.glibcxxVersionsNeeded = collect('GLIBCXX');
    info.cxxabiVersionsNeeded = collect('CXXABI');
}
/** "2.3.4" vs "2.14": numeric, part by part. */
function compareVersions(a, b) {
    const x = a.split('.').map(Number);
    const y = b.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d)
            return d;
    }
    return 0;
}

/** What the runtime's system libstdc++ defines, by Amazon Linux generation (AL2: GCC 7, AL2023: GCC 11). */
const LIBSTDCXX = {
    AL2: { gcc: 'GCC 7', glibcxx: '3.4.24', cxxabi: '1.3.11' },
    AL2023: { gcc: 'GCC 11', glibcxx: '3.4.29', cxxabi: '1.3.13' }
};
const TARGET_MACHINE = { x86_64: EM_X86_64, arm64: EM_AARCH64 };
const OS_ABIS = { 1: 'HP-UX', 2: 'NetBSD', 6: 'Solaris', 7: 'AIX', 9: 'FreeBSD', 12: 'OpenBSD' };
/** ELF, Mach-O (thin, either byte order, or universal) or PE by magic bytes; undefined for anything else. */
function binaryKind(data) {
    if (data.length < 4)
        return undefined;
    const magic = data.readUInt32BE(0);
    if (magic === 0x7f454c46)
        return 'elf';
    if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic))
        return 'macho';
    // Universal (fat) headers share 0xcafebabe with Java class files; an architecture count of 1…30 is Mach-O,
    // where a class file has its version (≥ 45) instead, as file(1) decides.
    if (magic === 0xcafebabe || magic === 0xcafebabf || magic === 0xbebafeca || magic === 0xbfbafeca) {
        if (data.length < 8)
            return undefined;
        const count = magic === 0xcafebabe || magic === 0xcafebabf ? data.readUInt32BE(4) : data.readUInt32LE(4);
        return count >= 1 && count <= 30 ? 'macho' : undefined;
    }
    if (data[0] === 0x4d && data[1] === 0x5a && data.length >= 0x40) {
        const pe = data.readUInt32LE(0x3c);
        if (pe + 4 <= data.length && data.readUInt32BE(pe) === 0x50450000)
            return 'pe';
    }
    return undefined;
}
/** Check every file; names are paths in the install tree, `ownerOf` names the distribution that installed each. */
function auditFiles(files, target, ownerOf) {
    const owner = typeof ownerOf === 'function' ? ownerOf : (name) => ownerOf?.get(name);
    const result = { binaries: 0, problems: [], notes: [] };
    const report = (list, file, problem) => {
        const distribution = owner(file);
        list.push(distribution === undefined ? { file, problem } : { file, distribution, problem });
    };
    const libstdcxx = LIBSTDCXX[compareVersions(target.glibc.join('.'), '2.26') <= 0 ? 'AL2' : 'AL2023'];
    const runtime = target.runtime ? `${target.runtime}'s` : "the target's";
    const ceiling = target.glibc.join('.');
    for (const file of files) {
        // A file that comes with its head (kept compressed) is inflated only when that head may be a binary's: "MZ"
        // may start a PE file, whose header comes later.
        if (file.head && !binaryKind(file.head) && file.head.toString('latin1', 0, 2) !== 'MZ')
            continue;
        const { name } = file;
        // An ELF read while its bytes were at hand (a wheel's file) is not read again.
        const data = file.elf ? undefined : file.data;
        const kind = data ? binaryKind(data) : 'elf';
        if (!kind)
            continue;
        result.binaries++;
        if (kind === 'macho') {
            report(result.problems, name, 'is a macOS (Mach-O) binary');
            continue;
        }
        if (kind === 'pe') {
            if (/\.exe$/i.test(name))
                report(result.notes, name, 'is a Windows (PE) executable, never run on Lambda');
            else
                report(result.problems, name, 'is a Windows (PE) binary');
            continue;
        }
        const elf = file.elf ?? readElf(data);
        const problem = elfProblem(elf, name, target);
        if (problem) {
            report(result.problems, name, problem);
            continue;
        }
        const glibc = elf.glibcVersionsNeeded.at(-1);
        if (glibc && (!result.maxGlibc || compareVersions(glibc, result.maxGlibc) > 0))
            result.maxGlibc = glibc;
        if (glibc && compareVersions(glibc, ceiling) > 0) {
            report(result.problems, name, `needs GLIBC_${glibc}, newer than ${runtime} ${ceiling}`);
            continue;
        }
        // Only what the system's libstdc++.so.6 must define: a vendored copy has a hashed file name.
        const system = elf.versionsNeeded.filter(need => need.file === 'libstdc++.so.6').flatMap(need => need.versions);
        for (const [prefix, key, limit] of [
            ['GLIBCXX', 'maxGlibcxx', libstdcxx.glibcxx],
            ['CXXABI', 'maxCxxabi', libstdcxx.cxxabi]
        ]) {
            const newest = newestVersion(system, prefix);
            if (!newest)
                continue;
            if (!result[key] || compareVersions(newest, result[key]) > 0)
                result[key] = newest;
            if (compareVersions(newest, limit) > 0) {
                report(result.notes, name, `needs ${prefix}_${newest}, newer than the ${prefix}_${limit} of ${runtime} libstdc++ (${libstdcxx.gcc}); it loads only where a newer libstdc++ is present`);
            }
        }
    }
    return result;
}
/** The reason an ELF cannot run on the target, glibc aside (checked by the caller, which also tracks the maximum). */
function elfProblem(elf, name, target) {
    const wanted = target.architecture;
    if (elf.error)
        return `is a damaged ELF file (${elf.error})`;
    if (elf.bits !== 64)
        return `is a 32-bit ELF for ${elf.machineName}, not ${wanted}`;
    if (!elf.littleEndian)
        return `is a big-endian ELF for ${elf.machineName}, not ${wanted}`;
    if (elf.machine !== TARGET_MACHINE[wanted])
        return `is an ELF for ${elf.machineName}, not ${wanted}`;
    if (elf.osAbi !== 0 && elf.osAbi !== 3)
        return `is an ELF for ${OS_ABIS[elf.osAbi] ?? `OS/ABI ${elf.osAbi}`}, not Linux`;
    if (isMusl(elf, name))
        return 'is linked against musl libc';
    return undefined;
}
/**
 * musllinux wheels: an extension module links plain "libc.so" (musl's libc has no versioned soname; glibc's is
 * libc.so.6), Alpine executables may name libc.musl-<arch>.so.1, and executables ask for /lib/ld-musl-<arch>.so.1.
 * CPython's extension suffix says so too ("….cpython-311-x86_64-linux-musl.so"), for modules that link no libc.
 */
function isMusl(elf, name) {
    return (elf.neededLibraries.some(lib => lib === 'libc.so' || /^libc\.musl-.+\.so\.1$/.test(lib) || /^ld-musl-.+\.so\.1$/.test(lib)) ||
        /(^|\/)ld-musl-/.test(elf.interpreter ?? '') ||
        /-linux-musl\w*\.so$/.test(name));
}
function newestVersion(versions, prefix) {
    let newest;
    for (const version of versions) {
        const match = new RegExp(`^${prefix}_(\\d+(?:\\.\\d+)+)$`).exec(version);
        if (match && (!newest || compareVersions(match[1], newest) > 0))
            newest = match[1];
    }
    return newest;
}
/**
 * File path → distribution name, from every `<name>-<version>.dist-info/RECORD` among files. RECORD is CSV
 * (path,hash,size) with paths relative to the folder holding the dist-info; a path with a comma or quote is
 * quoted. Paths leaving that folder (console scripts: "../../bin/x") are skipped.
 */
function ownersFromRecords(files) {
    const owners = new Map();
    for (const file of files) {
        const match = /^((?:.*\/)?)([^/]+)-[^/-]+\.dist-info\/RECORD$/.exec(file.name);
        if (!match)
            continue;
        const [, root, distribution] = match;
        for (const line of file.data.toString('utf8').split('\n')) {
            const listed = firstCsvField(line.replace(/\r$/, ''));
            if (!listed)
                continue;
            const normalised = path.posix.normalize(listed.replace(/\\/g, '/'));
            if (normalised.startsWith('../') || normalised === '..' || normalised.startsWith('/'))
                continue;
            owners.set(root + normalised, distribution);
        }
    }
    return owners;
}
function firstCsvField(line) {
    if (!line.startsWith('"')) {
        const comma = line.indexOf(',');
        return comma < 0 ? line : line.slice(0, comma);
    }
    let field = '';
    for (let i = 1; i < line.length; i++) {
        if (line[i] !== '"')
            field += line[i];
        else if (line[i + 1] === '"') {
            field += '"';
            i++;
        }
        else
            break;
    }
    return field;
}

/** How many bytes `head` holds: enough for binaryKind's magic numbers (and a universal Mach-O's count). */
const HEAD = 16;
/**
 * A file kept as its zip entry, compressed: `data` inflates it on every read, for the reader to use and drop, so
 * a layer's files are never all held inflated at once (a cold build held every file inflated till the end).
 */
class PackedSource {
    packed;
    head;
    sha256;
    name;
    executable;
    constructor(packed, head, sha256) {
        this.packed = packed;
        this.head = head;
        this.sha256 = sha256;
        this.name = packed.name;
        this.executable = packed.executable;
    }
    get data() {
        return inflatedEntry(this.packed);
    }
}
/** A source's uncompressed size, without inflating a packed one. */
function sizeOf(source) {
    return source.packed ? source.packed.size : source.data.length;
}
/** An entry's bytes: a stored one's are its compressed bytes as they are. */
function inflatedEntry(entry) {
    if (entry.method === STORED)
        return entry.compressed;
    // One output buffer of the size the directory gives (never more than deflate can expand to, whatever a damaged
    // directory says), and a byte more so that zlib asks for no other: no 16 KiB pieces joined into a second copy.
    const size = Math.min(entry.size, entry.compressed.length * MAX_DEFLATE_RATIO);
    return inflateRawSync(entry.compressed, { chunkSize: Math.max(constants$2.Z_MIN_CHUNK, size + 1) });
}
/** Deflate expands at most about 1032-fold (258 bytes per 2-bit code). */
const MAX_DEFLATE_RATIO = 1032;
const STORED = 0;
const DEFLATED = 8;
/** zlib's default, the level Info-ZIP uses too. */
const LEVEL = 6;
/** Zip "version made by": Unix host (3), so unzip and Lambda honour the stored modes; spec version 2.0. */
const MADE_BY_UNIX = (3 << 8) | 20;
const FILE_MODE = 0o100644;
const EXEC_MODE = 0o100755;
/** Bit 11 of the general-purpose flags: the name is UTF-8. */
const UTF8_NAME = 0x0800;
/** Files this small are deflated on the main thread between dispatches: a pool round trip costs more than they do. */
const SMALL_FILE = 16 * 1024;
/** Compress at most this many bytes on the main thread before letting finished pool jobs hand over their results. */
const MAIN_THREAD_SLICE = 128 * 1024;
/**
 * Larger files are deflated in pieces of this size, in parallel, as pigz does: each piece is primed with the
 * 32 KiB before it as its dictionary and ends on a sync flush, so the pieces join into one valid deflate
 * stream that is as small as a whole one. The piece size is fixed, so the bytes depend only on the file.
 */
const PIECE = 1024 * 1024;
const WINDOW = 32 * 1024;
/** A file's entry: deflated, or stored when deflate does not make it smaller (empty files, compressed data). */
function packedFrom(source, deflated) {
    const stored = deflated.length >= source.data.length;
    return {
        name: source.name,
        method: stored ? STORED : DEFLATED,
        crc: checksum(source.data),
        size: source.data.length,
        compressed: stored ? source.data : deflated,
        executable: source.executable ?? false
    };
}
/** zlib's native CRC-32; read from the module object, so an older Node fails here with a sentence, not at load. */
function checksum(data) {
    if (typeof zlib.crc32 !== 'function')
        throw new SpindriftError(`spindrift needs Node.js 20.15 or newer (for zlib.crc32), but this is Node.js ${process.version}; upgrade Node.`);
    return zlib.crc32(data);
}
function deflatePiece(data, { start, end }) {
    // An output buffer the piece surely fits in: with zlib's default (16 KiB) every full buffer is a round trip
    // through the main thread, which stalls the pool whenever the main thread is busy.
    const options = { level: LEVEL, chunkSize: end - start + 64 * 1024 };
    if (start > 0)
        options.dictionary = data.subarray(Math.max(0, start - WINDOW), start);
    if (end < data.length)
        options.finishFlush = constants$2.Z_SYNC_FLUSH;
    return new Promise((resolve, reject) => deflateRaw(data.subarray(start, end), options, (error, result) => (error ? reject(error) : resolve(result))));
}
function piecesOf(sources) {
    const pieces = [];
    sources.forEach((source, i) => {
        const size = source.data.length;
        if (size <= SMALL_FILE)
            return;
        for (let start = 0, index = 0; start < size; start += PIECE, index++)
            pieces.push({ source: i, index, start, end: Math.min(size, start + PIECE) });
    });
    // Largest first, so the last job to finish is a short one.
    return pieces.sort((a, b) => b.end - b.start - (a.end - a.start));
}
/**
 * Compress the sources, in their order. Large files go to libuv's thread pool in pieces, a few at a time (each
 * zlib stream holds about 300 KB of state, so dispatching thousands at once would cost gigabytes); the main
 * thread meanwhile deflates the small ones, in slices, so the pool is refilled as soon as a job finishes.
 */
async function packSources(sources) {
    const packed = new Array(sources.length);
    const pieces = piecesOf(sources);
    const deflated = new Map();
    let next = 0;
    const poolWorker = async () => {
        while (next < pieces.length) {
            const piece = pieces[next++];
            const parts = deflated.get(piece.source) ?? [];
            deflated.set(piece.source, parts);
            parts[piece.index] = await deflatePiece(sources[piece.source].data, piece);
        }
    };
    const mainThreadWorker = async () => {
        let sliceBytes = 0;
        for (let i = 0; i < sources.length; i++) {
            if (sources[i].data.length > SMALL_FILE)
                continue;
            packed[i] = packedFrom(sources[i], deflateRawSync(sources[i].data, { level: LEVEL }));
            sliceBytes += sources[i].data.length;
            if (sliceBytes >= MAIN_THREAD_SLICE) {
                sliceBytes = 0;
                await new Promise(resolve => setImmediate(resolve));
            }
        }
    };
    await Promise.all([mainThreadWorker(), ...Array.from({ length: poolJobs() }, poolWorker)]);
    for (const [i, parts] of deflated)
        packed[i] = packedFrom(sources[i], parts.length === 1 ? parts[0] : Buffer.concat(parts));
    return packed;
}
/**
 * One job per thread of libuv's pool (UV_THREADPOOL_SIZE, 4 by default), even with fewer cores: measured on 2
 * cores, 4 jobs beat 2, because a pool thread whose job ends while the main thread is busy would otherwise wait.
 */
function poolJobs() {
    return Math.max(1, Number(process.env.UV_THREADPOOL_SIZE) || 4);
}
/** A zip this reader does not take: `unsupported` for what it never handles (Zip64, encryption, other methods), else damaged. */
class ZipLayoutError extends Error {
    unsupported;
    constructor(message, unsupported) {
        super(message);
        this.unsupported = unsupported;
    }
}
/**
 * The entries of a zip from its central directory, in its order: only stored or deflated entries, no Zip64, no
 * encryption (wheels and spindrift's own layers need none). Reads headers only: a layer of 10,000 files is
 * listed in milliseconds, where adm-zip took a tenth of a second.
 */
function directoryOf(zip) {
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), zip.length - 22);
    if (eocd < 0)
        throw new ZipLayoutError('it has no zip directory', false);
    const count = zip.readUInt16LE(eocd + 10);
    let at = zip.readUInt32LE(eocd + 16);
    if (count === 0xffff || at === 0xffffffff)
        throw new ZipLayoutError('is a Zip64 archive', true);
    const entries = [];
    for (let i = 0; i < count; i++) {
        if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50)
            throw new ZipLayoutError('its zip directory is cut short', false);
        const flags = zip.readUInt16LE(at + 8);
        const method = zip.readUInt16LE(at + 10);
        const compressedSize = zip.readUInt32LE(at + 20);
        const nameLength = zip.readUInt16LE(at + 28);
        const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
        const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
        const local = zip.readUInt32LE(at + 42);
        if (flags & 1)
            throw new ZipLayoutError('holds an encrypted entry', true);
        if (method !== STORED && method !== DEFLATED)
            throw new ZipLayoutError(`uses compression method ${method}`, true);
        if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50)
            throw new ZipLayoutError(`the entry ${name} is not where its directory says`, false);
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        if (start + compressedSize > zip.length)
            throw new ZipLayoutError(`the entry ${name} is cut short`, false);
        entries.push({ name, method, crc: zip.readUInt32LE(at + 16), size: zip.readUInt32LE(at + 24), compressed: zip.subarray(start, start + compressedSize), mode: zip.readUInt32LE(at + 38) >>> 16 });
        at += 46 + skip;
    }
    return entries;
}
/** The entries of a zip as they are stored: compressed bytes are sliced from it, never inflated. */
function packedEntriesOf(zip) {
    let entries;
    try {
        entries = directoryOf(zip);
    }
    catch (error) {
        if (error instanceof ZipLayoutError)
            throw new SpindriftError(`The zip cannot be copied entry by entry: ${error.message.replace(/^(is|holds|uses) /, 'it $1 ')}.`);
        throw error;
    }
    return entries.map(({ name, method, crc, size, compressed, mode }) => ({ name, method: method, crc, size, compressed, executable: (mode & 0o111) !== 0 }));
}
/**
 * The run of fields a local header (from byte 4) and a central directory header (from byte 6) share: version
 * needed, flags, method, DOS time and date, CRC-32, compressed and uncompressed size, name length. The extra
 * field length that follows stays 0.
 */
function writeSharedFields(header, at, entry, { version, flags, timeval, nameLength }) {
    header.writeUInt16LE(version, at);
    header.writeUInt16LE(flags, at + 2);
    header.writeUInt16LE(entry.method, at + 4);
    header.writeUInt32LE(timeval >>> 0, at + 6);
    header.writeUInt32LE(entry.crc >>> 0, at + 10);
    header.writeUInt32LE(entry.compressed.length, at + 14);
    header.writeUInt32LE(entry.size, at + 18);
    header.writeUInt16LE(nameLength, at + 22);
}
/**
 * The zip's bytes, as the parts they are made of in order: headers, and each entry's compressed bytes as they
 * are (not copied), so a zip is written and hashed without being joined into one more copy. Entries in the order
 * given, each with the same timestamp, Unix "made by", mode 0644 or 0755 and no extra fields, so the output
 * depends on nothing but the entries. Zip64 is never needed for a Lambda package (250 MB unzipped at most), so
 * sizes past the classic format's limits are refused.
 */
function zipParts(entries, timeval) {
    if (entries.length > 0xffff)
        throw new SpindriftError(`The package has ${entries.length} files, more than a zip without Zip64 can hold (65,535); exclude files with package.exclude.`);
    const parts = [];
    const central = [];
    let offset = 0;
    for (const entry of entries) {
        const name = Buffer.from(entry.name, 'utf8');
        const flags = name.length === entry.name.length ? 0 : UTF8_NAME;
        const version = entry.method === DEFLATED ? 20 : 10;
        const local = Buffer.alloc(30);
        local.writeUInt32LE(0x04034b50, 0);
        writeSharedFields(local, 4, entry, { version, flags, timeval, nameLength: name.length });
        parts.push(local, name, entry.compressed);
        const header = Buffer.alloc(46);
        header.writeUInt32LE(0x02014b50, 0);
        header.writeUInt16LE(MADE_BY_UNIX, 4);
        writeSharedFields(header, 6, entry, { version, flags, timeval, nameLength: name.length });
        header.writeUInt32LE(((entry.executable ? EXEC_MODE : FILE_MODE) << 16) >>> 0, 38);
        header.writeUInt32LE(offset, 42);
        central.push(header, name);
        offset += local.length + name.length + entry.compressed.length;
        if (offset > 0xffffffff)
            throw new SpindriftError('The zip would be over 4 GiB, which a zip without Zip64 cannot hold and Lambda would never accept; exclude files with package.exclude.');
    }
    const centralSize = central.reduce((total, part) => total + part.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(centralSize, 12);
    end.writeUInt32LE(offset, 16);
    return [...parts, ...central, end];
}

// A wheel's files as pip --target would install them, read straight from the wheel: every file is checked
// against the wheel's RECORD, deflated entries stay compressed (copied raw into the layer zip later, inflated
// again only where a check reads them), and the dist-info gets the INSTALLER, REQUESTED and RECORD pip would write.
/** A wheel the fast path does not handle; the installer path does (the reason goes into one log line). */
class NotPlainWheel extends Error {
}
/** The entries of a wheel from its central directory; what the fast path never handles is a NotPlainWheel. */
function rawEntries(zip, file) {
    try {
        return directoryOf(zip);
    }
    catch (error) {
        if (!(error instanceof ZipLayoutError))
            throw error;
        throw error.unsupported ? new NotPlainWheel(`${file} ${error.message}`) : damaged(file, error.message);
    }
}
/**
 * The files pip --target installs from one wheel, minus what spindrift never ships (console scripts in bin/,
 * the .data scripts): `*.data/purelib|platlib` and `*.data/data` at the root, and a RECORD rewritten as pip writes it. `requested`: pip marks the
 * distributions the user asked for (not those pulled in as dependencies) with an empty REQUESTED file. A deflated
 * entry becomes a PackedSource (a stored one is a slice of the wheel, compressed afresh), each with the sha256 its
 * RECORD line gave, checked here: the layer's manifest needs no second pass.
 */
function wheelFiles(zip, file, requested, installer = 'pip') {
    const entries = rawEntries(zip, file).filter(e => !e.name.endsWith('/'));
    const distInfos = [...new Set(entries.map(e => e.name.split('/')[0]).filter(top => top.endsWith('.dist-info')))];
    if (distInfos.length !== 1)
        throw damaged(file, `it holds ${distInfos.length} .dist-info folders instead of one`);
    const distInfo = distInfos[0];
    const prefix = distInfo.slice(0, -'.dist-info'.length);
    const recordName = `${distInfo}/RECORD`;
    const recordEntry = entries.find(e => e.name === recordName);
    if (!recordEntry)
        throw damaged(file, 'it has no RECORD');
    const record = parseRecord(inflated(recordEntry, file).toString('utf8'));
    const files = [];
    const rows = [];
    const seen = new Set();
    for (const entry of entries) {
        seen.add(entry.name);
        if (entry.name === recordName || /\.dist-info\/RECORD\.(jws|p7s)$/.test(entry.name))
            continue;
        const data = inflated(entry, file);
        const row = record.get(entry.name);
        if (!row || !row.hash)
            throw damaged(file, `its RECORD does not list ${entry.name}`);
        const [algorithm, digest] = row.hash.split('=', 2);
        if (!['sha256', 'sha384', 'sha512'].includes(algorithm))
            throw new NotPlainWheel(`${file}'s RECORD uses the hash ${algorithm}`);
        const actual = createHash(algorithm).update(data).digest();
        if (actual.toString('base64url') !== digest.replace(/=+$/, '') || (row.size !== '' && Number(row.size) !== data.length)) {
            throw damaged(file, `${entry.name} does not match the hash its RECORD lists`);
        }
        const sha256 = algorithm === 'sha256' ? actual.toString('hex') : undefined;
        const name = installedName(entry.name, prefix, file, installer);
        // Paths pip puts outside the target's lib folder are recorded as ../../… and then left out, as pip's are.
        if (name === undefined)
            continue;
        if (name.inRecord)
            rows.push([name.path, row.hash, row.size]);
        if (name.ships) {
            const executable = (entry.mode & 0o170000) === 0o100000 && (entry.mode & 0o111) !== 0;
            // The inflated bytes are dropped here, but for a copy of their head and an ELF's headers; a stored entry (a
            // slice of the wheel) is compressed afresh: deflate keeps it stored when that is no smaller.
            if (entry.method === DEFLATED) {
                const elf = binaryKind(data) === 'elf' ? readElf(data) : undefined;
                files.push(new WheelFile({ name: name.path, method: DEFLATED, crc: entry.crc, size: entry.size, compressed: entry.compressed, executable }, Buffer.from(data.subarray(0, HEAD)), sha256, elf));
            }
            else
                files.push({ name: name.path, data, executable, sha256 });
        }
    }
    for (const listed of record.keys()) {
        if (!seen.has(listed) && !listed.endsWith('/'))
            throw damaged(file, `its RECORD lists ${listed}, which the wheel does not hold`);
    }
    // The files the installer writes itself: who installed it, whether it was asked for, and the RECORD of it all.
    const written = [[`${distInfo}/INSTALLER`, Buffer.from(installer === 'pip' ? 'pip\n' : 'uv')], ...(requested ? [[`${distInfo}/REQUESTED`, Buffer.alloc(0)]] : [])];
    for (const [name, data] of written) {
        files.push({ name, data });
        rows.push([name, `sha256=${createHash('sha256').update(data).digest('base64url')}`, String(data.length)]);
    }
    rows.push([recordName, '', '']);
    // pip ends its RECORD lines with \r\n (Python's csv module), uv with \n; both sort them.
    const end = installer === 'pip' ? '\r\n' : '\n';
    files.push({ name: recordName, data: Buffer.from(rows.sort(compareRows).map(row => csvRow(row) + end).join(''), 'utf8') });
    return files;
}
/** A wheel's deflated file, with an ELF's headers read while its bytes were at hand: auditFiles reads `elf` instead of inflating it again. */
class WheelFile extends PackedSource {
    elf;
    constructor(packed, head, sha256, elf) {
        super(packed, head, sha256);
        this.elf = elf;
    }
}
/**
 * Where pip --target puts a wheel entry, whether it ships (bin/ does not), and whether RECORD keeps its line.
 * uv's RECORD also lists the scripts it writes into bin/; those rows are left out here, as the files are.
 */
function installedName(name, prefix, file, installer) {
    const data = `${prefix}.data/`;
    if (!name.startsWith(data))
        return { path: name, ships: true, inRecord: true };
    const [scheme, ...rest] = name.slice(data.length).split('/');
    const inner = rest.join('/');
    if (scheme === 'purelib' || scheme === 'platlib')
        return { path: inner, ships: true, inRecord: true };
    if (scheme === 'scripts')
        return undefined;
    // Headers land under a folder named after pip's own Python version: rare in wheels, so the installer places them.
    if (scheme === 'headers')
        throw new NotPlainWheel(`${file} installs C headers`);
    if (scheme === 'data') {
        // pip moves the target's lib/ (its own site folder) aside: data under lib/ lands elsewhere, so the installer decides.
        if (rest[0] === 'lib' || rest[0] === 'bin')
            throw new NotPlainWheel(`${file} installs data into ${rest[0]}/`);
        // uv records data files by their path in the target; pip by a path outside its lib folder, left out.
        return { path: inner, ships: true, inRecord: installer === 'uv' };
    }
    throw new NotPlainWheel(`${file} has a .data/${scheme} folder`);
}
/** RECORD rows by path: hash ("sha256=…") and size as written. */
function parseRecord(text) {
    const rows = new Map();
    for (const line of text.split(/\r?\n/)) {
        if (!line)
            continue;
        const [name, hash = '', size = ''] = csvFields(line);
        rows.set(name, { hash, size });
    }
    return rows;
}
/** One CSV line's fields (RECORD quotes a path that holds a comma or a quote). */
function csvFields(line) {
    const fields = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
            if (c === '"' && line[i + 1] === '"')
                (field += '"'), i++;
            else if (c === '"')
                quoted = false;
            else
                field += c;
        }
        else if (c === '"')
            quoted = true;
        else if (c === ',')
            fields.push(field), (field = '');
        else
            field += c;
    }
    fields.push(field);
    return fields;
}
/** A row as Python's csv module writes it: quoted only when needed. */
function csvRow(fields) {
    return fields.map(f => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}
/** Python's tuple order on (path, hash, size), as pip sorts its rows. */
function compareRows(a, b) {
    for (let i = 0; i < 3; i++)
        if (a[i] !== b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}
function inflated(entry, file) {
    let data;
    try {
        data = inflatedEntry(entry);
    }
    catch {
        throw damaged(file, `${entry.name} cannot be decompressed`);
    }
    if (data.length !== entry.size)
        throw damaged(file, `${entry.name} is not the size its zip directory says`);
    return data;
}
function damaged(file, why) {
    return new SpindriftError(`Refusing the wheel ${file}: ${why}, so it is damaged or was tampered with; if it came from the wheel cache run "spindrift cache clean", otherwise check the index that serves it.`);
}

const isTomlTable = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
/** A TOML document parsed by smol-toml, or undefined when it is not valid TOML (the tool that reads it says why). */
function parseToml(toml) {
    try {
        return parse(toml);
    }
    catch {
        return undefined;
    }
}

/**
 * What the installer reads on its own besides our arguments: configuration files and environment variables.
 * An index URL, find-links or a constraint set there changes what gets installed without changing anything
 * spindrift passes, so all of it is part of the cache key. Files count by level and content hash (not path),
 * so runners with other home folders share keys; credentials in variables are stripped.
 */
function installerSettings(installer, projectDir, prefix, env) {
    return [...environmentSettings(env), ...(installer === 'pip' ? pipConfigFiles(prefix, env) : uvConfigFiles(projectDir, env))];
}
/**
 * What uv would read on its own when run from each of these folders: its non-inert variables and its
 * configuration files. Empty means `uv build` and `uv pip install` see only spindrift's arguments.
 */
function uvOwnSettings(dirs, env) {
    const variables = environmentSettings(env).filter(setting => setting.startsWith('UV_'));
    return [...new Set([...variables, ...dirs.flatMap(dir => uvConfigFiles(dir, env))])];
}
/** pip and uv variables that cannot change which files are installed: output, network and cache tuning. */
const INERT = new Set([
    'PIP_DEFAULT_TIMEOUT', 'PIP_TIMEOUT', 'PIP_RETRIES', 'PIP_DISABLE_PIP_VERSION_CHECK', 'PIP_CERT', 'PIP_CLIENT_CERT',
    'PIP_NO_COLOR', 'PIP_PROGRESS_BAR', 'PIP_ROOT_USER_ACTION', 'PIP_CACHE_DIR', 'PIP_NO_CACHE_DIR', 'PIP_VERBOSE',
    'PIP_QUIET', 'PIP_LOG', 'PIP_NO_INPUT', 'PIP_PROXY', 'PIP_TRUSTED_HOST', 'PIP_KEYRING_PROVIDER', 'PIP_USE_DEPRECATED',
    'UV_CACHE_DIR', 'UV_NO_CACHE', 'UV_NO_PROGRESS', 'UV_HTTP_TIMEOUT', 'UV_CONCURRENT_DOWNLOADS', 'UV_CONCURRENT_INSTALLS',
    'UV_CONCURRENT_BUILDS', 'UV_NATIVE_TLS', 'UV_LINK_MODE', 'UV_COMPILE_BYTECODE', 'UV_PYTHON_DOWNLOADS', 'UV_NO_WRAP'
]);
/**
 * pip options (as configuration keys: lower case, dashes) that change neither which files a `pip install` takes
 * nor how it reaches them: output, timeouts, TLS verification, caches. A proxy is not among them: a request made
 * without pip would not go its way.
 */
const PIP_INERT_KEYS = new Set([
    'timeout', 'default-timeout', 'retries', 'disable-pip-version-check', 'cert', 'client-cert', 'no-color', 'progress-bar',
    'root-user-action', 'cache-dir', 'no-cache-dir', 'verbose', 'quiet', 'log', 'no-input', 'trusted-host', 'keyring-provider'
]);
/** Can this pip option be left to pip when spindrift does pip's work itself (it cannot change the outcome)? */
function isInertPipKey(key) {
    return PIP_INERT_KEYS.has(key);
}
/** Every PIP_* and UV_* variable except the inert ones: an unknown one is assumed to matter. */
function environmentSettings(env) {
    return Object.keys(env)
        .filter(name => /^(PIP|UV)_/.test(name) && !INERT.has(name) && env[name])
        .sort()
        .map(name => `${name}=${stripCredentials(env[name])}`);
}
function home(env) {
    return env.HOME || os.homedir();
}
function configDirs(env) {
    return (env.XDG_CONFIG_DIRS || '/etc/xdg').split(':').filter(Boolean);
}
function userConfigDir(env) {
    return env.XDG_CONFIG_HOME || path.join(home(env), '.config');
}
/** pip's files, in the order it loads them (pip's configuration docs): the variable's, global, user, site. */
function pipConfigFiles(prefix, env) {
    return hashed(pipConfigPaths(prefix, env));
}
/** Every setting pip's configuration files make, in loading order; an indented line continues the value above. */
function pipConfigEntries(prefix, env) {
    const entries = [];
    for (const [, file] of pipConfigPaths(prefix, env)) {
        let text;
        try {
            text = file ? readFileSync(file, 'utf8') : '';
        }
        catch {
            continue;
        }
        let section = '';
        let last;
        for (const line of text.split(/\r?\n/)) {
            if (/^\s*([#;]|$)/.test(line))
                continue;
            const header = /^\s*\[([^\]]*)\]/.exec(line);
            if (header) {
                section = header[1].trim().toLowerCase();
                last = undefined;
            }
            else if (/^\s/.test(line) && last) {
                last.value = `${last.value} ${line.trim()}`.trim();
            }
            else {
                const m = /^([^=:]+)[=:](.*)$/.exec(line);
                last = { file: file, section, key: (m ? m[1] : line).trim().toLowerCase().replace(/_/g, '-'), value: (m?.[2] ?? '').trim() };
                entries.push(last);
            }
        }
    }
    return entries;
}
function pipConfigPaths(prefix, env) {
    const named = env.PIP_CONFIG_FILE;
    // os.devnull turns every configuration file off.
    if (named === '/dev/null')
        return [];
    return [
        ['PIP_CONFIG_FILE', named],
        ...configDirs(env).map((dir) => ['global', path.join(dir, 'pip', 'pip.conf')]),
        ['global', '/etc/pip.conf'],
        ['user', path.join(home(env), '.pip', 'pip.conf')],
        ['user', path.join(userConfigDir(env), 'pip', 'pip.conf')],
        // pip's platformdirs on macOS.
        ...(process.platform === 'darwin' ? [['global', '/Library/Application Support/pip/pip.conf'], ['user', path.join(home(env), 'Library', 'Application Support', 'pip', 'pip.conf')]] : []),
        ['site', prefix && path.join(prefix, 'pip.conf')]
    ];
}
/** uv's files: the variable's, system, user, and uv.toml or [tool.uv] in the project folder and its parents. */
function uvConfigFiles(projectDir, env) {
    const found = [];
    for (const { level, file, pyproject } of uvConfigPaths(projectDir, env)) {
        if (!pyproject)
            found.push(...hashed([[level, file]]));
        const section = pyproject && existsSync(file) ? uvSections(readFileSync(file, 'utf8')) : '';
        if (section)
            found.push(`project [tool.uv]:${digest(Buffer.from(section))}`);
    }
    return found;
}
/** The settings uv's configuration files make: each uv.toml's top-level keys and each [tool.uv] table's ("?" for a file that is not TOML). */
function uvConfigKeys(projectDir, env) {
    return uvConfigPaths(projectDir, env).flatMap(({ file, pyproject }) => {
        let text;
        try {
            text = readFileSync(file, 'utf8');
        }
        catch {
            return [];
        }
        const document = parseToml(text);
        const table = pyproject ? (isTomlTable(document?.tool) ? document.tool.uv : undefined) : document;
        if (!document)
            return ['?'];
        return isTomlTable(table) ? Object.keys(table) : table === undefined ? [] : ['?'];
    });
}
function uvConfigPaths(projectDir, env) {
    if (env.UV_NO_CONFIG)
        return [];
    const files = [
        { level: 'UV_CONFIG_FILE', file: env.UV_CONFIG_FILE ?? '' },
        ...configDirs(env).map(dir => ({ level: 'system', file: path.join(dir, 'uv', 'uv.toml') })),
        { level: 'system', file: '/etc/uv/uv.toml' },
        { level: 'user', file: path.join(userConfigDir(env), 'uv', 'uv.toml') }
    ].filter(f => f.file);
    for (let dir = path.resolve(projectDir);; dir = path.dirname(dir)) {
        files.push({ level: 'project', file: path.join(dir, 'uv.toml') }, { level: 'project', file: path.join(dir, 'pyproject.toml'), pyproject: true });
        if (path.dirname(dir) === dir)
            break;
    }
    return files;
}
/**
 * The [tool.uv] table of a pyproject.toml, however it is written (tables, arrays of tables, dotted keys, an
 * inline table), as JSON with sorted keys: the rest (the version, the description) is not uv's. A file that
 * is not valid TOML counts whole, so any edit to it changes the key.
 */
function uvSections(toml) {
    const document = parseToml(toml);
    if (!document)
        return toml;
    const tool = document.tool;
    return isTomlTable(tool) && tool.uv !== undefined ? sortedJson(tool.uv) : '';
}
function sortedJson(value) {
    return JSON.stringify(value, (_key, v) => isTomlTable(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v);
}
function hashed(files) {
    const found = [];
    for (const [level, file] of files) {
        if (!file)
            continue;
        let data;
        try {
            data = readFileSync(file);
        }
        catch {
            continue;
        }
        found.push(`${level}:${digest(data)}`);
    }
    return found;
}
function digest(data) {
    return createHash('sha256').update(data).digest('hex').slice(0, 16);
}
/** A find-links entry that is a folder on this machine (a path, relative to base, or a file: URL), else undefined. */
function findLinksFolder(link, base) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(link) && !link.startsWith('file:'))
        return undefined;
    try {
        const folder = link.startsWith('file:') ? fileURLToPath(link) : path.resolve(base, link);
        return statSync(folder).isDirectory() ? folder : undefined;
    }
    catch {
        return undefined;
    }
}

// The build requirements installed without the installer, when that is provably what it would install: pip
// (or uv pip) spends ~1 s starting, resolving and unpacking setuptools; reading one index page, downloading one
// wheel and writing its files takes ~0.1 s. Each requirement must resolve to one pure wheel with no dependency
// that applies; anything else (settings of the installer's own, a proxy, several indexes, no hash, a marker that
// cannot be decided) is left to the installer, with one log line saying why.
/** 0: the installer installs the build requirements (the comparison the tests make, and a way out); 1: spindrift does, with uv too. */
const BUILD_ENV_VARIABLE = 'SPINDRIFT_DIRECT_BUILD_ENV';
const PYPI = 'https://pypi.org/simple';
/** Why the installer installs them after all: the words of the one log line. */
class Unsure extends Error {
}
/**
 * Install `requires` into `buildEnv` as `pip install --target` (or `uv pip install --target`) would; true when
 * done, false (after one log line) when the installer must do it. `buildEnv` is left empty on false.
 */
async function installBuildRequires(plan, python, installer, buildEnv, requires, logger) {
    try {
        const markers = markerValues(python);
        const wheels = await chooseWheels$1(plan, python, installer, requires, markers);
        const layout = await unpacked(wheels, plan.indexUrl ?? PYPI, plan.cacheDir, installer, python, markers);
        await writeAll(buildEnv, layout);
        logger.info(`Installed the build requirements as ${installer.name} would, without running it: ${wheels.map(w => `${w.name} ${w.version}`).join(', ') || 'none apply here'}`);
        return true;
    }
    catch (error) {
        if (!(error instanceof Unsure))
            throw error;
        for (const entry of readdirSync(buildEnv))
            rmSync(path.join(buildEnv, entry), { recursive: true, force: true });
        logger.info(`Installing the build requirements with ${installer.name}: ${error.message}`);
        return false;
    }
}
/**
 * The files written through the thread pool, a few at a time (each holds a descriptor open): a resolution running
 * meanwhile is not held up by hundreds of sync writes.
 */
async function writeAll(folder, files) {
    const targets = files.map(file => path.join(folder, ...file.name.split('/')));
    for (const dir of new Set(targets.map(target => path.dirname(target))))
        makeFolders(dir);
    let next = 0;
    const worker = async () => {
        for (let i = next++; i < files.length; i = next++)
            await writeFile(targets[i], files[i].data, { mode: files[i].executable ? 0o755 : 0o644 });
    };
    await Promise.all(Array.from({ length: 16 }, worker));
}
/** The one wheel the installer would pick for each requirement that applies here, or Unsure. */
async function chooseWheels$1(plan, python, installer, requires, markers) {
    const env = python.env;
    if (env[BUILD_ENV_VARIABLE] === '0')
        throw new Unsure(`${BUILD_ENV_VARIABLE}=0 is set`);
    // uv installs from its own cache (index pages kept for their max-age, wheels unpacked) in ~0.3 s, faster than
    // a download of the page and the wheel here (measured on examples/flask-app): only on request.
    if (installer.name === 'uv' && env[BUILD_ENV_VARIABLE] !== '1')
        throw new Unsure(`uv installs them from its own cache faster (${BUILD_ENV_VARIABLE}=1 has spindrift do it)`);
    // uv's own settings were ruled out by the caller (frontend.ts); pip's are read here.
    if (installer.name === 'pip') {
        const own = pipOwnSettings(python);
        if (own.length)
            throw new Unsure(`pip has settings of its own here (${own.join(', ')})`);
    }
    if (plan.extraIndexUrls.length)
        throw new Unsure('there is more than one index (pip merges them, uv takes the first that has the project)');
    const index = plan.indexUrl ?? PYPI;
    const proxy = proxyVariable(env);
    if (proxy && !index.startsWith('file:'))
        throw new Unsure(`${proxy} is set, and only the installer goes through a proxy`);
    const seen = new Set();
    const wheels = [];
    for (const line of requires) {
        const requirement = parseRequirement(line);
        if (!requirement || requirement.url || requirement.extras.length)
            throw new Unsure(`${line} is not a plain name and version range`);
        if (seen.has(requirement.name))
            throw new Unsure(`${requirement.name} is required twice`);
        seen.add(requirement.name);
        if (requirement.marker) {
            const holds = markerHolds(requirement.marker, markers);
            if (holds === undefined)
                throw new Unsure(`the marker of ${line} cannot be decided here`);
            if (!holds)
                continue;
        }
        wheels.push(await newestWheel(index, requirement.name, requirement.specifier, runningVersion(python)));
    }
    return wheels;
}
/** sys.version_info[:3], what pip compares Requires-Python with. */
function runningVersion(python) {
    return /^\d+\.\d+\.\d+/.exec(python.version)?.[0] ?? python.version;
}
/**
 * What pip and uv would pick: the newest final release that satisfies the specifier, among files not yanked
 * whose Requires-Python admits the running interpreter (a pre-release only when no final release fits or the
 * specifier names one: both left to the installer). That version must have exactly one wheel, and a pure one:
 * another wheel could rank higher for this interpreter, and an sdist of it is never preferred to a wheel.
 */
async function newestWheel(index, name, specifier, running) {
    if (namesPreRelease(specifier))
        throw new Unsure(`${name}${specifier} names a pre-release`);
    let files;
    try {
        files = await projectFiles(index, name, 10_000);
    }
    catch (error) {
        throw new Unsure(error.message);
    }
    const candidates = [];
    for (const file of files) {
        if (file.yanked)
            continue;
        const version = fileVersion(file.filename, name);
        // A version that does not parse is never preferred to one that does (older pips sort it first, newer skip it).
        const parsed = version && parseVersion(version);
        if (!version || !parsed || isPreRelease(parsed))
            continue;
        const fits = satisfies(version, specifier);
        if (fits === undefined)
            throw new Unsure(`${name}${specifier} is a specifier spindrift does not read`);
        if (!fits)
            continue;
        if (file.requiresPython) {
            const admits = satisfies(running, file.requiresPython);
            if (admits === undefined)
                throw new Unsure(`${file.filename} has a Requires-Python spindrift does not read (${file.requiresPython})`);
            if (!admits)
                continue;
        }
        candidates.push({ file, version });
    }
    if (!candidates.length)
        throw new Unsure(`no final release of ${name} on ${index} fits ${specifier || 'the requirement'} here`);
    const newest = candidates.reduce((a, b) => (compareVersions$1(parseVersion(b.version), parseVersion(a.version)) > 0 ? b : a));
    const same = candidates.filter(c => compareVersions$1(parseVersion(c.version), parseVersion(newest.version)) === 0);
    if (same.some(c => c.version !== newest.version || /\+/.test(c.version)))
        throw new Unsure(`${name} ${newest.version} is spelled more than one way on the index`);
    // PEP 440: ">V" matches no post-release of V, a rule pep508.ts's satisfies leaves out.
    if (parseVersion(newest.version).post !== undefined && /(^|,)>(?!=)/.test(specifier))
        throw new Unsure(`${name} ${newest.version} is a post-release, and ${specifier} an exclusive bound`);
    const wheels = [...new Map(same.filter(c => c.file.filename.endsWith('.whl')).map(c => [c.file.filename, c.file])).values()];
    if (wheels.length !== 1)
        throw new Unsure(`${name} ${newest.version} has ${wheels.length} wheels, and which one fits is the installer's choice`);
    const [wheel] = wheels;
    const tags = wheel.filename.slice(0, -4).split('-');
    if (tags.length !== 5 || !['py3-none-any', 'py2.py3-none-any'].includes(tags.slice(2).join('-')))
        throw new Unsure(`${wheel.filename} is not a plain pure-Python wheel`);
    if (!wheel.sha256 || !wheel.url)
        throw new Unsure(`the index gives no sha256 for ${wheel.filename}`);
    return { name, version: newest.version, filename: wheel.filename, url: wheel.url, sha256: wheel.sha256, requested: true };
}
const isPreRelease = (v) => v.pre !== undefined || v.dev !== undefined;
/** Does a clause name a pre-release (">=2.0b1")? Then pip and uv allow pre-releases: left to them. */
function namesPreRelease(specifier) {
    return specifier.split(',').some(clause => {
        const version = parseVersion(clause.replace(/^[<>=!~]+/, '').replace(/\.\*$/, ''));
        return version !== undefined && isPreRelease(version);
    });
}
const SDIST = /\.(tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma|zip|tar)$/i;
/** The version in a wheel or sdist name of this project; undefined for files pip ignores (eggs, installers, other projects). */
function fileVersion(filename, project) {
    if (filename.endsWith('.whl')) {
        const parts = filename.slice(0, -4).split('-');
        return (parts.length === 5 || parts.length === 6) && canonicalName(parts[0]) === project ? parts[1].replace(/_/g, '-') : undefined;
    }
    const stem = filename.replace(SDIST, '');
    if (stem === filename)
        return undefined;
    for (let at = stem.indexOf('-'); at > 0; at = stem.indexOf('-', at + 1)) {
        if (canonicalName(stem.slice(0, at)) === project)
            return stem.slice(at + 1);
    }
    return undefined;
}
/** Every wheel's files as the installer lays them out, after checking each needs nothing more. */
async function unpacked(wheels, index, cacheDir, installer, python, markers) {
    let fetched;
    try {
        // The index's credentials go with its files, as pip sends them.
        fetched = await fetchWheels(wheels, cacheDir ? new WheelCache(cacheDir) : undefined, [index]);
    }
    catch (error) {
        if (error instanceof DownloadFailed)
            throw new Unsure(error.message);
        throw error;
    }
    const layout = new Map();
    for (const { wheel, data } of fetched) {
        let files;
        try {
            files = wheelFiles(data, wheel.filename, wheel.requested, installer.name);
        }
        catch (error) {
            if (error instanceof NotPlainWheel)
                throw new Unsure(error.message);
            throw error;
        }
        checkMetadata(wheel, files, runningVersion(python), markers);
        for (const file of files) {
            // pip refuses a wheel that writes outside the target; so does its error, on the installer's route.
            if (file.name.startsWith('/') || file.name.split('/').includes('..'))
                throw new Unsure(`${wheel.filename} writes ${file.name}, outside the folder`);
            if (layout.has(file.name))
                throw new Unsure(`two build requirements install ${file.name}`);
            layout.set(file.name, file);
        }
    }
    return [...layout.values()];
}
/** The wheel is what its name says, admits this Python, and each Requires-Dist is provably not needed. */
function checkMetadata(wheel, files, running, markers) {
    const metadata = files.find(f => /^[^/]+\.dist-info\/METADATA$/.test(f.name));
    if (!metadata)
        throw new SpindriftError(`Refusing the wheel ${wheel.filename}: it has no METADATA, so it is damaged; check the index that serves it.`);
    // The headers end at the first blank line; the description follows.
    const headers = metadata.data.toString('utf8').split(/\r?\n\r?\n/)[0].split(/\r?\n/);
    const field = (key) => headers.filter(h => h.toLowerCase().startsWith(`${key.toLowerCase()}:`)).map(h => h.slice(key.length + 1).trim());
    const [name] = field('Name');
    const [version] = field('Version');
    const parsed = version ? parseVersion(version) : undefined;
    if (!name || canonicalName(name) !== wheel.name || !parsed || compareVersions$1(parsed, parseVersion(wheel.version)) !== 0) {
        throw new Unsure(`${wheel.filename}'s METADATA names ${name} ${version}`);
    }
    // The resolver checks the metadata's Requires-Python too, and would try an older version.
    const [requiresPython] = field('Requires-Python');
    if (requiresPython && satisfies(running, requiresPython) !== true)
        throw new Unsure(`${wheel.filename} declares Requires-Python ${requiresPython}`);
    for (const line of field('Requires-Dist')) {
        const marker = parseRequirement(line)?.marker;
        const holds = marker ? markerHolds(marker, markers) : true;
        if (holds !== false)
            throw new Unsure(`${wheel.name} ${wheel.version} needs ${line}${holds === undefined ? ' (a marker spindrift cannot decide here)' : ''}`);
    }
}
/**
 * The marker values known for the running interpreter without asking it (the rest, such as implementation_name
 * or platform_release, stay unknown): requirement and Requires-Dist markers are evaluated with no extra.
 */
function markerValues(python) {
    const values = { python_version: python.minor, python_full_version: python.version, platform_machine: python.machine, extra: '' };
    const system = { linux: 'Linux', darwin: 'Darwin' }[process.platform];
    if (system)
        Object.assign(values, { sys_platform: process.platform, platform_system: system, os_name: 'posix' });
    return values;
}
const ORDERING = new Set(['<', '<=', '>', '>=', '~=']);
const VERSION_VARIABLES = new Set(['python_version', 'python_full_version']);
/**
 * A marker evaluated in three-valued logic: undefined when it depends on a value not known here, or uses a
 * form this evaluator does not read, unless the rest decides it (`extra == "test" and platform_release > "5"`
 * is false whatever platform_release is). Each comparison is evaluated by pep508.ts.
 */
function markerHolds(marker, values) {
    const tokens = marker.match(/"[^"]*"|'[^']*'|[()]|===|[<>=!~]=|[<>]|[A-Za-z0-9_.*-]+|\S/g) ?? [];
    let i = 0;
    const structural = new Set(['(', ')', 'and', 'or']);
    const disjunction = () => {
        let value = conjunction();
        while (tokens[i] === 'or') {
            i++;
            const right = conjunction();
            value = value === true || right === true ? true : value === false && right === false ? false : undefined;
        }
        return value;
    };
    const conjunction = () => {
        let value = term();
        while (tokens[i] === 'and') {
            i++;
            const right = term();
            value = value === false || right === false ? false : value === true && right === true ? true : undefined;
        }
        return value;
    };
    const term = () => {
        if (tokens[i] === '(') {
            i++;
            const value = disjunction();
            if (tokens[i++] !== ')')
                throw new Error('unclosed parenthesis');
            return value;
        }
        const parts = [];
        while (i < tokens.length && !structural.has(tokens[i]))
            parts.push(tokens[i++]);
        return comparison(parts, values);
    };
    try {
        const value = disjunction();
        return i === tokens.length ? value : undefined;
    }
    catch {
        return undefined;
    }
}
function comparison(parts, values) {
    const op = parts.length === 4 && parts[1] === 'not' && parts[2] === 'in' ? 'not in' : parts.length === 3 ? parts[1] : undefined;
    if (!op)
        return undefined;
    const sides = [parts[0], parts[parts.length - 1]];
    const variables = sides.filter(s => !/^["']/.test(s));
    if (variables.some(v => !(v in values)))
        return undefined;
    // packaging compares any variable as a version when both sides parse as one; pep508.ts only these.
    if (ORDERING.has(op) && !variables.every(v => VERSION_VARIABLES.has(v)))
        return undefined;
    const environment = { values, extras: new Set(), groups: new Set() };
    try {
        return evaluateMarker(`${sides[0]} ${op} ${sides[1]}`, environment);
    }
    catch {
        return undefined;
    }
}
/** pip settings a `pip install` reads besides its arguments that could change what it installs (PIP_* variables, pip.conf keys). */
function pipOwnSettings(python) {
    const env = python.env;
    const found = [];
    for (const name of Object.keys(env).filter(n => n.startsWith('PIP_') && env[n]).sort()) {
        if (name === 'PIP_CONFIG_FILE' || isInertPipKey(name.slice(4).toLowerCase().replace(/_/g, '-')))
            continue;
        if (name === 'PIP_FIND_LINKS' && env[name].split(/\s+/).filter(Boolean).every(emptyFolder))
            continue;
        found.push(name);
    }
    // pip install reads [global] and its own command's section.
    for (const { file, section, key, value } of pipConfigEntries(python.prefix, env)) {
        if (section !== 'global' && section !== 'install')
            continue;
        if (isInertPipKey(key) || (key === 'find-links' && value.split(/\s+/).filter(Boolean).every(emptyFolder)))
            continue;
        found.push(`${key} in ${file}`);
    }
    return found;
}
/** A find-links folder with nothing in it offers no file: it cannot change the choice. */
function emptyFolder(entry) {
    const folder = findLinksFolder(entry, process.cwd());
    return folder !== undefined && readdirSync(folder).length === 0;
}

// The project's wheel built by spindrift as a PEP 517 frontend. `pip wheel .` and `uv build` spend most of a cold
// build on process start-ups: pip for itself and for the isolated build environment, uv for a venv, and one Python
// per hook (each importing the backend again). Here the declared build requirements are installed into a fresh
// folder (by spindrift when it provably picks what the installer would, buildenv.ts; else by the installer), and
// one isolated Python calls the backend's hooks.
// The backend and its version are what the installer would choose (same index options, newest satisfying), so the
// wheel is the same; anything unusual returns undefined and the caller builds with `pip wheel` / `uv build` as before.
/** Set to 0 to build every project with `pip wheel` or `uv build` (the comparison the tests make, and a way out). */
const DIRECT_BUILD_VARIABLE = 'SPINDRIFT_DIRECT_BUILD';
function buildSystem(tree) {
    const file = path.join(tree, 'pyproject.toml');
    if (!existsSync(file))
        return undefined;
    const table = parseToml(readFileSync(file, 'utf8'))?.['build-system'];
    if (!isTomlTable(table))
        return undefined;
    const { requires, 'build-backend': backend, 'backend-path': backendPath = [] } = table;
    const strings = (list) => Array.isArray(list) && list.every(x => typeof x === 'string');
    if (!strings(requires) || typeof backend !== 'string' || !/^[\w.]+(:[\w.]+)?$/.test(backend) || !strings(backendPath))
        return undefined;
    // PEP 517: backend-path stays inside the source tree.
    if (backendPath.some(p => path.isAbsolute(p) || path.relative(tree, path.resolve(tree, p)).startsWith('..')))
        return undefined;
    return { requires, backend, backendPath };
}
// argv: build-env folder ("" for none), wheel folder, backend, backend-path (JSON), result file.
const HOOKS = String.raw `
import importlib, json, os, site, sys
env, wheel_dir, spec, backend_path, result = sys.argv[1:6]
if env:
    site.addsitedir(env)
sys.path[:0] = [os.path.abspath(p) for p in json.loads(backend_path)]
module, _, attrs = spec.partition(":")
backend = importlib.import_module(module)
for attr in filter(None, attrs.split(".")):
    backend = getattr(backend, attr)
hook = getattr(backend, "get_requires_for_build_wheel", None)
more = list(hook(None) if hook else [])
name = None if more else backend.build_wheel(os.path.abspath(wheel_dir), None)
with open(result, "w") as f:
    json.dump({"more": more, "wheel": name}, f)
`;
/**
 * Build the wheel in `tree` into `wheelDir`; undefined when this frontend does not apply or did not succeed
 * (then `pip wheel` or `uv build` builds it, and reports any failure in its own words).
 */
async function directBuild(plan, python, installer, tree, work, wheelDir, logger) {
    if (python.env[DIRECT_BUILD_VARIABLE] === '0')
        return undefined;
    if (installer.name === 'pip' && !python.pip)
        return undefined;
    const system = buildSystem(tree);
    if (!system)
        return undefined;
    const fallBack = (why) => {
        logger.info(`Building the project's wheel with ${installer.name === 'pip' ? 'pip wheel' : 'uv build'} instead: ${why}`);
        return undefined;
    };
    if (installer.name === 'uv') {
        // uv build reads [tool.uv] settings (extra build dependencies, constraints, indexes) that uv pip does not, or
        // reads differently: with any uv setting around, uv build alone knows what it would install.
        const own = uvOwnSettings([process.cwd(), tree], python.env);
        if (own.length)
            return fallBack(`uv has settings of its own here (${own.map(s => s.split(/[=:]/)[0]).join(', ')})`);
    }
    const buildEnv = system.requires.length ? mkdtempSync(path.join(work, 'build-env-')) : '';
    // Installed without the installer when that is provably what it would install (buildenv.ts).
    const direct = buildEnv !== '' && (await installBuildRequires(plan, python, installer, buildEnv, system.requires, logger));
    logger.info(`Building the project's wheel with its backend ${system.backend}${system.requires.length ? `, its build requirements (${system.requires.join(', ')}) installed by ${direct ? 'spindrift' : installer.name}` : ''}`);
    if (buildEnv && !direct) {
        const install = await installRequires(plan, python, installer, buildEnv, system.requires, logger);
        if (install.exitCode !== 0)
            return fallBack('the build requirements did not install');
    }
    const result = path.join(work, 'hooks.json');
    // -I -S: none of the runner's site-packages, user site or PYTHON* variables, as in pip's isolated build.
    const run = await runTool(python.command, ['-I', '-S', '-c', HOOKS, buildEnv, wheelDir, system.backend, JSON.stringify(system.backendPath), result], python.env, logger, tree);
    if (run.exitCode !== 0 || !existsSync(result))
        return fallBack(`the backend's hooks exited with code ${run.exitCode}`);
    const answer = JSON.parse(readFileSync(result, 'utf8'));
    if (answer.more.length)
        return fallBack(`the backend asks for more build requirements (${answer.more.join(', ')})`);
    return run;
}
/**
 * The build requirements into a fresh folder. --target ignores what the runner's Python has installed: the
 * same isolation pip's build environment and uv's venv give. Nothing is compiled to .pyc (the one Python that
 * runs the hooks compiles only what it imports: setuptools has hundreds of modules it never does), and pip does
 * not check the runner's own packages for conflicts (it reads every installed distribution's metadata for that).
 */
function installRequires(plan, python, installer, buildEnv, requires, logger) {
    if (installer.name === 'pip') {
        return runPip(python, ['install', '--target', buildEnv, '--no-user', '--no-compile', '--no-warn-conflicts', '--no-warn-script-location', '--progress-bar', 'off', ...indexArgs(plan), ...requires], logger);
    }
    // The same index arguments uv build gets (wheel.ts), from the same folder: the same versions.
    const args = ['pip', 'install', '--target', buildEnv, '--python', python.command, ...indexArgs(plan), ...requires];
    return runTool(installer.command[0], [...installer.command.slice(1), ...args], python.env, logger);
}

/**
 * What can be known of a project from its pyproject.toml without building it: whether its metadata is static
 * (PEP 621: no setup.py or setup.cfg, a [project] table, nothing `dynamic`), and then its dependency list.
 * The file is read by a real TOML parser (smol-toml); a file it cannot parse answers "unknown", never a guess.
 * Callers use the answers to start work early and check them against the built wheel.
 */
/** The [project] table of a project with static metadata, or undefined. */
function staticProject(toml, fileNames) {
    if (fileNames.has('setup.py') || fileNames.has('setup.cfg'))
        return undefined;
    const project = parseToml(toml)?.project;
    if (!isTomlTable(project))
        return undefined;
    // PEP 621: `dynamic` lists the fields the backend computes; an empty list computes none.
    const dynamic = project.dynamic;
    if (dynamic !== undefined && !(Array.isArray(dynamic) && dynamic.length === 0))
        return undefined;
    return project;
}
/** True when the project's metadata is static: the build backend may not compute any of it. */
function hasStaticMetadata(toml, fileNames) {
    return staticProject(toml, fileNames) !== undefined;
}
/**
 * The [project] dependencies of a project with static metadata, or undefined when they cannot be known for
 * sure: dynamic metadata, or optional dependencies (they reach the wheel as "extra" markers in the backend's
 * own wording), or a dependencies value that is not a list of strings.
 */
function staticDependencies(toml, fileNames) {
    const project = staticProject(toml, fileNames);
    if (!project || project['optional-dependencies'] !== undefined)
        return undefined;
    const dependencies = project.dependencies;
    if (dependencies === undefined)
        return [];
    return Array.isArray(dependencies) && dependencies.every(d => typeof d === 'string') ? dependencies : undefined;
}

const METADATA_FILES = ['pyproject.toml', 'MANIFEST.in'];
/** The recipe's key, or undefined when the project's build may depend on more than its file layout. */
function recipeKey(index, python, installer, sources) {
    const pyproject = sources.find(s => s.name === 'pyproject.toml')?.data.toString('utf8');
    // A dynamic version or dependency list is computed by the build backend (from git, from code): not static.
    if (pyproject === undefined || !hasStaticMetadata(pyproject, new Set(sources.map(s => s.name))))
        return undefined;
    const hash = createHash('sha256').update(JSON.stringify([1, python.minor, python.pip, installer.name, installer.version, stripCredentials(indexArgs(index).join(' '))]));
    for (const file of sources) {
        hash.update(`${file.name}\0${file.executable ? 1 : 0}\0`);
        if (METADATA_FILES.includes(file.name))
            hash.update(file.data);
    }
    return hash.digest('hex').slice(0, 40);
}
/**
 * A recipe for a fresh build, or undefined unless every file of the wheel is a verbatim copy of exactly one
 * source file: a name that two sources could supply (pkg/x.py and src/pkg/x.py) would make an edit ambiguous.
 */
function recipeFromBuild(app, sources) {
    const copies = [];
    const kept = [];
    for (const file of app.files) {
        if (/^[^/]+\.dist-info\//.test(file.name)) {
            kept.push({ name: file.name, data: file.data.toString('base64'), executable: Boolean(file.executable) });
            continue;
        }
        const candidates = sources.filter(s => s.name === file.name || s.name.endsWith(`/${file.name}`));
        const source = candidates.length === 1 ? candidates[0] : undefined;
        if (!source || !source.data.equals(file.data) || Boolean(source.executable) !== Boolean(file.executable))
            return undefined;
        copies.push({ name: file.name, source: source.name });
    }
    return { format: 1, declaredDependencies: app.declaredDependencies, copies, kept, others: othersHash(sources, copies) };
}
function othersHash(sources, copies) {
    const copied = new Set(copies.map(c => c.source));
    const hash = createHash('sha256');
    for (const source of sources)
        if (!copied.has(source.name))
            hash.update(`${source.name}\0${source.data.length}\0`).update(source.data);
    return hash.digest('hex');
}
/** The app layer from a recipe and the current sources. */
function applyRecipe(recipe, sources) {
    if (othersHash(sources, recipe.copies) !== recipe.others)
        return undefined;
    const byName = new Map(sources.map(s => [s.name, s]));
    const files = [];
    for (const copy of recipe.copies) {
        const source = byName.get(copy.source);
        if (!source)
            return undefined;
        files.push({ name: copy.name, data: source.data, executable: source.executable });
    }
    for (const file of recipe.kept)
        files.push({ name: file.name, data: Buffer.from(file.data, 'base64'), executable: file.executable });
    return { files: withCanonicalRecord(files), declaredDependencies: recipe.declaredDependencies, source: 'wheel' };
}
/** The cached recipe, if it is whole and well formed; a damaged one is removed with a warning (a rebuild follows). */
function loadRecipe(cacheDir, key, logger) {
    const file = path.join(cacheDir, 'app', `${key}.recipe.json`);
    if (!existsSync(file))
        return undefined;
    let problem;
    try {
        const recipe = JSON.parse(readFileSync(file, 'utf8'));
        problem = recipeProblem(recipe) ?? '';
        if (!problem)
            return recipe;
    }
    catch (error) {
        problem = `it cannot be read (${error.message})`;
    }
    logger.warning(`Ignoring the cached build recipe ${file}: ${problem}; building the project's wheel again.`);
    removeQuietly(file);
    return undefined;
}
/**
 * A recipe is checked as strictly as a build's result: only .dist-info files are kept as data, and each copy
 * takes a source of the same name (pkg/x.py from pkg/x.py or src/pkg/x.py), so a rewritten recipe cannot ship
 * one file under another's name.
 */
function recipeProblem(value) {
    const r = value;
    const strings = (list) => Array.isArray(list) && list.every(x => typeof x === 'string');
    if (typeof r !== 'object' || r === null || r.format !== 1 || typeof r.others !== 'string' || !strings(r.declaredDependencies))
        return 'it is not a recipe of this version';
    if (!Array.isArray(r.copies) || !Array.isArray(r.kept))
        return 'it is not a recipe of this version';
    for (const copy of r.copies) {
        if (typeof copy?.name !== 'string' || typeof copy.source !== 'string' || (copy.source !== copy.name && !copy.source.endsWith(`/${copy.name}`)))
            return `it maps a file onto a source of another name`;
    }
    for (const kept of r.kept) {
        if (typeof kept?.name !== 'string' || !/^[^/]+\.dist-info\/./.test(kept.name) || typeof kept.data !== 'string')
            return 'it keeps a file that is not wheel metadata';
    }
    return undefined;
}
/** Best effort: a recipe that cannot be stored only means the next run builds again. */
function saveRecipe(cacheDir, key, recipe) {
    const file = path.join(cacheDir, 'app', `${key}.recipe.json`);
    try {
        makeFolders(path.dirname(file));
        replaceFile(file, Buffer.from(JSON.stringify(recipe)), tempNameBeside(file));
    }
    catch {
        // replaceFile removed its temp file; the cached recipe, if any, is as it was.
    }
}
/**
 * The app's RECORD written from its files, in byte order: the same bytes whether the files came from a fresh
 * wheel or from a recipe, and always true to the content that ships.
 */
function withCanonicalRecord(files) {
    const record = files.find(f => /^[^/]+\.dist-info\/RECORD$/.test(f.name));
    if (!record)
        return files;
    const others = files.filter(f => f !== record).sort((a, b) => compareNames(a.name, b.name));
    const lines = others.map(f => `${csv(f.name)},sha256=${createHash('sha256').update(f.data).digest('base64url')},${f.data.length}`);
    lines.push(`${csv(record.name)},,`);
    return [...others, { ...record, data: Buffer.from(lines.join('\n') + '\n', 'utf8') }];
}
function csv(name) {
    return /[",\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/**
 * The project's wheel, built by the installer (`pip wheel`, or `uv build` when package.installer is uv): its
 * files are the app layer, its Requires-Dist the declared dependencies. With the cache on, a wheel is kept
 * under the hash of every source file, so an unchanged project is not rebuilt.
 */
async function projectWheel(plan, python, installer, sources, logger) {
    const recipe = plan.cacheDir ? recipeKey(plan, python, installer, sources) : undefined;
    if (plan.cacheDir && recipe) {
        const fromRecipe = loadRecipe(plan.cacheDir, recipe, logger);
        const app = fromRecipe && applyRecipe(fromRecipe, sources);
        if (app) {
            logger.info('Project layout and metadata unchanged since its last build: its files are taken from the sources, without pip');
            return app;
        }
    }
    const hash = createHash('sha256');
    hash.update(JSON.stringify([python.minor, python.pip, installer.name, installer.version, stripCredentials(indexArgs(plan).join(' '))]));
    for (const file of sources)
        hash.update(`${file.name}\0${file.executable ? 1 : 0}\0${file.data.length}\0`).update(file.data);
    const cached = plan.cacheDir ? path.join(plan.cacheDir, 'app', `${hash.digest('hex').slice(0, 40)}.whl`) : undefined;
    const reused = cached && existsSync(cached) ? reuseWheel(cached, logger) : undefined;
    if (reused) {
        logger.info('Project unchanged since its last build: reusing its wheel');
        return reused;
    }
    const work = makeWorkFolder('wheel');
    const wheelDir = path.join(work, 'wheel');
    try {
        const run = await buildWheel(plan, python, installer, sources, work, wheelDir, logger);
        const wheels = readdirSync(wheelDir).filter(f => f.endsWith('.whl'));
        if (run.exitCode !== 0 || wheels.length !== 1) {
            const command = installer.name === 'uv' ? 'uv build --wheel .' : 'pip wheel .';
            throw new SpindriftError(`${installer.name} could not build the project in ${plan.projectDir}: ${pipTail(run)} Fix the project's pyproject.toml/setup.py so that "${command}" succeeds.`);
        }
        const built = path.join(wheelDir, wheels[0]);
        const app = readWheel(built);
        if (cached)
            keepWheel(built, cached, logger);
        const learnt = plan.cacheDir && recipe ? recipeFromBuild(app, sources) : undefined;
        if (plan.cacheDir && recipe && learnt)
            saveRecipe(plan.cacheDir, recipe, learnt);
        return app;
    }
    finally {
        rmSync(work, { recursive: true, force: true });
    }
}
/** Both build the wheel in an isolated environment with the project's build backend, through spindrift's own frontend when it applies (frontend.ts). */
async function buildWheel(plan, python, installer, sources, work, wheelDir, logger) {
    const copy = path.join(work, 'src');
    makeFolders(wheelDir);
    const direct = await directBuild(plan, python, installer, cleanCopy(plan.projectDir, sources, copy), work, wheelDir, logger);
    if (direct)
        return direct;
    // A failed direct build may have left files behind (a half-built build/, an egg-info): pip and uv start
    // from a fresh copy and an empty wheel folder.
    for (const folder of [wheelDir, copy])
        rmSync(folder, { recursive: true, force: true });
    makeFolders(wheelDir);
    const tree = cleanCopy(plan.projectDir, sources, copy);
    if (installer.name === 'pip') {
        logger.info("Building the project's wheel with pip");
        return runPip(python, ['wheel', '--no-deps', '--wheel-dir', wheelDir, ...indexArgs(plan), tree], logger);
    }
    logger.info("Building the project's wheel with uv");
    const args = ['build', '--wheel', '--out-dir', wheelDir, '--python', python.command, ...indexArgs(plan), tree];
    return runTool(installer.command[0], [...installer.command.slice(1), ...args], python.env, logger);
}
/**
 * The project's sources in a fresh folder: pip builds in place, and setuptools would reuse a stale build/
 * left in the user's tree (and write new ones there). .git is linked, not copied, for version-from-VCS builds.
 */
function cleanCopy(projectDir, sources, target) {
    for (const file of sources) {
        const destination = path.join(target, ...file.name.split('/'));
        makeFolders(path.dirname(destination));
        writeFileSync(destination, file.data, { mode: file.executable ? 0o755 : 0o644 });
    }
    makeFolders(target);
    const git = path.join(projectDir, '.git');
    if (existsSync(git))
        symlinkSync(git, path.join(target, '.git'));
    return target;
}
/** Copy a built wheel into the cache; a failure only costs a rebuild next time. */
function keepWheel(built, cached, logger) {
    try {
        makeFolders(path.dirname(cached));
        const bytes = readFileSync(built);
        // The hash goes first: a wheel without a matching hash beside it is never reused.
        keepCacheFile(`${cached}.sha256`, Buffer.from(sha256Hex(bytes)), tempNameBeside(`${cached}.sha256`));
        keepCacheFile(cached, bytes, tempNameBeside(cached));
    }
    catch (error) {
        const why = isDiskFull(error) ? `the disk is full (${error.code})` : error.message;
        logger.warning(`Could not keep the project's wheel in ${path.dirname(cached)} (${why}); it will be rebuilt next time.`);
    }
}
/**
 * A cached wheel is an input like any other: it is used only if its bytes match the hash stored beside it and
 * every file matches its RECORD line. Anything else (truncated, replaced, unreadable) costs a rebuild and a warning.
 */
function reuseWheel(cached, logger) {
    let problem;
    try {
        const bytes = readFileSync(cached);
        const expected = existsSync(`${cached}.sha256`) ? readFileSync(`${cached}.sha256`, 'utf8').trim() : '';
        problem = sha256Hex(bytes) !== expected ? 'it does not match the hash recorded when it was built' : (recordMismatch(new AdmZip(bytes)) ?? '');
        if (!problem)
            return readWheel(bytes);
    }
    catch (error) {
        problem = `it cannot be read (${error.message})`;
    }
    logger.warning(`Ignoring the cached project wheel ${cached}: ${problem}; rebuilding it.`);
    removeQuietly(cached);
    removeQuietly(`${cached}.sha256`);
    return undefined;
}
/** Why a wheel's files do not match its RECORD (a missing, extra or changed file), or undefined when they do. */
function recordMismatch(zip) {
    const entries = zip.getEntries().filter(e => !e.isDirectory);
    const record = entries.find(e => /^[^/]+\.dist-info\/RECORD$/.test(e.entryName));
    if (!record)
        return 'it has no RECORD';
    const listed = new Map();
    for (const line of record.getData().toString('utf8').split(/\r?\n/)) {
        const [name, hash] = line.split(',');
        if (name)
            listed.set(name.replace(/^"|"$/g, ''), hash ?? '');
    }
    for (const entry of entries) {
        if (entry === record)
            continue;
        const hash = listed.get(entry.entryName);
        if (hash === undefined)
            return `${entry.entryName} is not in its RECORD`;
        if (hash !== `sha256=${createHash('sha256').update(entry.getData()).digest('base64url')}`)
            return `${entry.entryName} does not match its RECORD`;
    }
    return undefined;
}
function sha256Hex(data) {
    return createHash('sha256').update(data).digest('hex');
}
/** A wheel's files as they land in site-packages (".data/purelib|platlib" unpacked; scripts and headers dropped). */
function readWheel(wheel) {
    const zip = new AdmZip(wheel);
    const files = [];
    let metadata = '';
    for (const entry of zip.getEntries()) {
        if (entry.isDirectory)
            continue;
        let name = entry.entryName;
        const data = entry.getData();
        if (/^[^/]+\.dist-info\/METADATA$/.test(name))
            metadata = data.toString('utf8');
        const dataDir = /^[^/]+\.data\/([^/]+)\/(.*)$/.exec(name);
        if (dataDir) {
            if (dataDir[1] !== 'purelib' && dataDir[1] !== 'platlib')
                continue;
            name = dataDir[2];
        }
        const mode = (entry.header.attr >>> 16) & 0o777;
        files.push({ name, data, executable: (mode & 0o111) !== 0 });
    }
    const declaredDependencies = metadata
        .split(/\r?\n/)
        .filter(line => line.startsWith('Requires-Dist:'))
        .map(line => line.slice('Requires-Dist:'.length).trim());
    return { files: withCanonicalRecord(files), declaredDependencies, source: 'wheel' };
}

/** The app stage: a plain folder's files as they are, or the files of the project's wheel. */
async function collectApp(plan, python, installer, logger, otherOutputs = []) {
    // The run's own outputs (this zip, and the other functions' zips and layers) are never app files.
    const sources = walkFolder(plan.projectDir, new Set([plan.outputPath, ...otherOutputs].map(file => path.resolve(file))), plan.include);
    const nonPackage = nonPackageDependencies(plan.projectDir);
    if (nonPackage) {
        logger.info(`${path.join(plan.projectDir, 'pyproject.toml')} describes a project that is not a package: its files ship as they are, without a wheel build`);
        return { files: allowed(sources, plan.only), declaredDependencies: nonPackage, source: 'folder' };
    }
    if (!hasPackagingMetadata(plan.projectDir))
        return { files: allowed(sources, plan.only), declaredDependencies: [], source: 'folder' };
    return projectWheel(plan, python, installer, sources, logger);
}
/** package.only: the plain folder's files that match one of its globs, or all of them when it is empty. */
function allowed(files, only) {
    if (only.length === 0)
        return files;
    const patterns = only.map(compileGlob);
    return files.filter(file => patterns.some(p => p.test(file.name)));
}

/**
 * Every binary must run on the target: ELF for its machine, glibc symbol versions within the runtime's, no
 * macOS, Windows or musl builds. Any problem stops the build, naming the files and their packages.
 */
function checkBinaries(target, files, what, logger) {
    const audit = auditFiles(files, { architecture: target.architecture, glibc: target.runtime.glibc, runtime: target.runtime.name }, ownersFromRecords(files));
    for (const note of audit.notes.slice(0, 5))
        logger.warning(`${note.file}${note.distribution ? ` (${note.distribution})` : ''} ${note.problem}`);
    if (audit.problems.length > 0) {
        const shown = audit.problems
            .slice(0, 5)
            .map(p => `${p.file}${p.distribution ? ` (from ${p.distribution})` : ''} ${p.problem}`)
            .join('; ');
        const more = audit.problems.length > 5 ? ` and ${audit.problems.length - 5} more` : '';
        throw new SpindriftError(`The ${what} hold binaries that cannot run on ${target.runtime.name} ${target.architecture}: ${shown}${more}; pin versions that publish manylinux wheels for this runtime (glibc ${target.runtime.glibc.join('.')}) and architecture.`);
    }
    return audit;
}

/**
 * spindrift.json at the root of every zip spindrift writes: what the zip was built for (runtime,
 * architecture, app kind, handler), so `invoke`, `serve` and other tools can run it the same way. Small and
 * deterministic: fixed keys in a fixed order, no time stamps, the same bytes for the same target.
 */
/** The file's name at the zip's root. */
const TARGET_FILE = 'spindrift.json';
function formatTargetFile(target) {
    const file = { format: 1, runtime: target.runtime, architecture: target.architecture, app: target.app, handler: target.handler };
    return `${JSON.stringify(file, null, 2)}\n`;
}
/** The file's content read back; a sentence (thrown Error) naming what is wrong when it is not one spindrift wrote. */
function parseTargetFile(text) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (error) {
        throw new Error(`it is not valid JSON (${error.message})`);
    }
    const record = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? doc : undefined;
    if (!record)
        throw new Error('it is not a JSON object');
    if (record.format !== 1)
        throw new Error(`its format ${JSON.stringify(record.format)} is not one this spindrift reads (1); use a newer spindrift`);
    for (const key of ['runtime', 'architecture', 'app', 'handler']) {
        if (typeof record[key] !== 'string' || record[key] === '')
            throw new Error(`its "${key}" is not a non-empty string`);
    }
    if (!/^python3\.\d+$/.test(record.runtime))
        throw new Error(`its runtime "${record.runtime}" is not a Lambda Python runtime like python3.12`);
    return record;
}

/** The shim owns index.py, and each entry module must be somewhere in the zip (app files or dependencies). */
function checkContents(app, projectDir, dependencyNames, appNames) {
    if (appNames.includes('index.py')) {
        throw new SpindriftError(`The project in ${projectDir} has its own index.py at its root, which spindrift's handler shim (index.handler) must replace; rename that module and point package.entry at the new name.`);
    }
    if (appNames.includes(TARGET_FILE)) {
        throw new SpindriftError(`The project in ${projectDir} has its own ${TARGET_FILE} at its root, where spindrift records the zip's runtime and architecture; rename or move that file.`);
    }
    // Python imports a package index/ or an extension index.*.so before index.py: only the shim may be "index".
    const hijack = appNames.find(providesIndex);
    if (hijack) {
        throw new SpindriftError(`The project in ${projectDir} ships ${hijack}, which Python would import as "index" instead of spindrift's handler shim (index.handler); rename it.`);
    }
    checkDependencyNames(dependencyNames, 'dependencies');
    checkModuleClashes(projectDir, dependencyNames, appNames);
    const names = [...dependencyNames, ...appNames];
    const entries = [['package.entry', app.entry.module], ['package.events-entry', app.eventsEntry?.module]];
    for (const [setting, module] of entries) {
        if (!module)
            continue;
        const base = module.replace(/\./g, '/');
        const found = names.some(n => n === `${base}.py` || n.startsWith(`${base}/`) || (n.startsWith(`${base}.`) && /\.so$/.test(n)));
        if (!found) {
            throw new SpindriftError(`${setting} names module ${quote(module)}, but neither ${base}.py nor ${base}/__init__.py is in the package built from ${projectDir}; fix ${setting} or package.path.`);
        }
    }
}
/** What the dependencies (fresh or cached) may not ship: anything Python would import as "index". */
function checkDependencyNames(names, what) {
    const hijack = names.find(n => n === 'index.py' || providesIndex(n));
    if (hijack) {
        throw new SpindriftError(`The ${what} ship ${hijack}, which Python would import as "index" instead of spindrift's handler shim (index.handler); remove the dependency that provides it, or pin a version without a top-level "index" module.`);
    }
}
/** A name Python would find for "import index", other than the shim's index.py. */
function providesIndex(name) {
    return name.startsWith('index/') || name === 'index.pyc' || /^index(\.[^/]*)?\.so$/.test(name);
}
/**
 * The project's modules and the dependencies' modules share one folder in the zip: a top-level name both
 * provide means one silently replaces or hides the other (a package wins over a module of the same name).
 */
function checkModuleClashes(projectDir, dependencyNames, appNames) {
    const dependencyFiles = new Set(dependencyNames);
    const same = appNames.find(n => dependencyFiles.has(n) && !/^[^/]+\.dist-info\//.test(n));
    if (same) {
        throw new SpindriftError(`Both the project in ${projectDir} and a dependency ship ${same}, and one would silently replace the other; rename the project's module, or drop the dependency that provides it.`);
    }
    const appModules = topLevelModules(appNames);
    for (const [name, kind] of topLevelModules(dependencyNames)) {
        const mine = appModules.get(name);
        if (mine && (mine === 'module' || kind === 'module')) {
            throw new SpindriftError(`The project in ${projectDir} has a ${mine} ${quote(name)} and a dependency ships a ${kind} of the same name, so Python would import only one of them; rename the project's ${mine}, or drop the dependency that provides it.`);
        }
    }
}
/** Top-level import names: name.py / name.*.so (modules) and folders holding Python files (packages). */
function topLevelModules(names) {
    const modules = new Map();
    for (const name of names) {
        const parts = name.split('/');
        if (parts.length === 1) {
            const module = /^([A-Za-z_][A-Za-z0-9_]*)(\.py|(\.[^/]*)?\.so)$/.exec(name)?.[1];
            if (module && !modules.has(module))
                modules.set(module, 'module');
        }
        else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(parts[0]) && /\.(py|so)$/.test(name)) {
            modules.set(parts[0], 'package');
        }
    }
    return modules;
}

/** The shim's EntryTypeError, printed by the script below as one line: the type it suggests (or "-") and its sentence. */
const MISMATCH = 'SPINDRIFT-TYPE-MISMATCH';
/** Written after the import: a module that calls sys.exit (or os._exit) while imported ends the process without it. */
const IMPORTED = 'SPINDRIFT-IMPORTED';
const SCRIPT = [
    'import os, sys',
    'sys.path.insert(0, sys.argv[1])',
    'try:',
    '    import index',
    'except SystemExit as stop:',
    '    sys.stderr.write("importing it called sys.exit(%r)\\n" % (stop.code,))',
    '    sys.stderr.flush()',
    '    os._exit(4)',
    'except Exception as error:',
    '    if type(error).__name__ != "EntryTypeError":',
    '        raise',
    `    print("${MISMATCH}", getattr(error, "suggested", None) or "-", " ".join(str(error).split()))`,
    '    sys.exit(3)',
    `sys.stdout.write("${IMPORTED}")`
].join('\n');
function canImport(target, python) {
    return python.minor === target.runtime.pythonVersion && python.machine === WHEEL_ARCH[target.architecture];
}
/** Import index.py (so the entry, and for ASGI its lifespan startup) from the zip (its parts), as Lambda's init phase will. */
async function importArchive(python, archive) {
    const dir = makeWorkFolder('import');
    try {
        new AdmZip(Buffer.concat(archive)).extractAllTo(dir, true);
        const run = await runProcess(python.command, ['-S', '-E', '-c', SCRIPT, dir], {
            cwd: dir,
            env: { PATH: python.env.PATH ?? '', LANG: 'C.UTF-8', LAMBDA_TASK_ROOT: dir, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' },
            step: 'the import check (package.import-check)',
            limit: stepLimit(python.env)
        });
        if (run.exitCode === 0 && run.stdout.includes(IMPORTED))
            return { kind: 'ok' };
        const line = run.stdout.split('\n').find(l => l.startsWith(MISMATCH + ' '));
        if (run.exitCode === 3 && line) {
            const [, suggested, ...words] = line.split(' ');
            const sentence = words.join(' ').replace(/^spindrift: /, '');
            return { kind: 'mismatch', suggested: suggested === '-' ? undefined : suggested, sentence };
        }
        const last = run.stderr.trim().split('\n').filter(Boolean).pop() ?? (run.exitCode === 0 ? 'the interpreter ended before the import finished' : `exit code ${run.exitCode}`);
        return { kind: 'failed', last };
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
/**
 * Import index.py (and so the entry) from the assembled zip in an isolated interpreter, as Lambda's init phase
 * will: a missing dependency, or an entry that is not what package.type says, fails the build instead of the
 * first request.
 */
async function importCheck(target, python, archive) {
    if (!canImport(target, python)) {
        const machine = WHEEL_ARCH[target.architecture];
        throw new SpindriftError(`package.import-check needs Python ${target.runtime.pythonVersion} on ${machine} to import the package as ${target.runtime.name} would, but ${python.command} is Python ${python.minor} on ${python.machine}; run spindrift on a matching runner or turn package.import-check off.`);
    }
    const outcome = await importArchive(python, archive);
    if (outcome.kind === 'mismatch')
        throw new SpindriftError(`The import check found that ${outcome.sentence}`);
    if (outcome.kind === 'failed') {
        throw new SpindriftError(`The package fails to import as ${target.runtime.name} would load it (${outcome.last}); add the missing dependency to the project or its requirements, or fix the entry.`);
    }
}
/**
 * When package.type was left out, import the zip built as plain and take the type the shim's check names (a
 * FastAPI app: asgi; a Flask app: wsgi). Only where this Python can import the package as the runtime would;
 * elsewhere the type stays plain and the shim's init check still names a mismatch. Returns the type to rebuild
 * the shim with, or undefined to keep it; says what it chose either way.
 */
async function inferType(target, app, python, archive, logger) {
    if (app.typeGiven)
        return undefined;
    const entry = `${app.entry.module}:${app.entry.attribute}${app.entry.call ? '()' : ''}`;
    if (!canImport(target, python)) {
        logger.info(`package.type is not set, so it is plain; spindrift could not look at ${entry} because ${python.command} is Python ${python.minor} on ${python.machine}, not ${target.runtime.name}'s (the shim still checks the entry at init).`);
        return undefined;
    }
    const outcome = await importArchive(python, archive);
    if (outcome.kind === 'ok') {
        logger.info(`package.type is not set: ${entry} imports as a plain handler, so the type is plain.`);
        return undefined;
    }
    if (outcome.kind === 'mismatch' && outcome.suggested) {
        logger.info(`package.type is not set: ${outcome.sentence.replace(/; set package\.type: \w+\.$/, '')}, so the type is ${outcome.suggested}; set package.type to make that explicit.`);
        return outcome.suggested;
    }
    const why = outcome.kind === 'mismatch' ? outcome.sentence : `it does not import (${outcome.last})`;
    logger.warning(`package.type is not set, so it is plain; spindrift could not tell the entry's type because ${why.replace(/\.$/, '')}.`);
    return undefined;
}

/** Over the unzipped limit (function and layer together) stops the build; over the direct-upload limit is a warning. Both name the largest parts. */
function checkSize(runtimeName, zipped, unzipped, parts, logger) {
    const largest = () => [...parts]
        .sort((a, b) => b.size - a.size)
        .slice(0, 10)
        .map(p => `${p.name}${p.version ? ' ' + p.version : ''} ${megabytes(p.size)}`)
        .join(', ');
    if (unzipped > UNZIPPED_LIMIT) {
        throw new SpindriftError(`The package unzips to ${megabytes(unzipped)}, over Lambda's limit of 250 MB (${UNZIPPED_LIMIT} bytes), so ${runtimeName} cannot run it; the largest parts are ${largest()}: drop or slim dependencies, or use a container image.`);
    }
    if (zipped > ZIPPED_LIMIT) {
        logger.warning(`The zip is ${megabytes(zipped)}, over the 50 MB limit for direct upload: deploy it through S3. The largest parts are ${largest()}.`);
    }
}
/** A layer zip over 50 MB cannot be uploaded directly either. */
function checkLayerZipSize(zipped, logger) {
    if (zipped > ZIPPED_LIMIT)
        logger.warning(`The layer zip is ${megabytes(zipped)}, over the 50 MB limit for direct upload: publish it through S3.`);
}
function megabytes(bytes) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const stderrLogger = (level = 'normal') => {
    const verbosity = level === true ? 'verbose' : level === false ? 'normal' : level;
    return {
        info: message => {
            if (verbosity !== 'quiet')
                process.stderr.write(`${message}\n`);
        },
        warning: message => process.stderr.write(`warning: ${message}\n`),
        debug: message => {
            if (verbosity === 'verbose')
                process.stderr.write(`${message}\n`);
        },
        group: async (title, work) => {
            if (verbosity === 'verbose')
                process.stderr.write(`── ${title}\n`);
            return work();
        }
    };
};
/** The library's default: only warnings, so a build script's own output stays clean. */
const quietLogger = stderrLogger('quiet');
/**
 * A logger that keeps its messages (not its progress) for later: work running alongside another stage writes here, and its lines
 * are replayed in one piece afterwards, so the two stages' output (and the action's log groups) never interleave.
 */
function bufferedLogger(live) {
    const kept = [];
    const logger = {
        info: message => kept.push(['info', message]),
        warning: message => kept.push(['warning', message]),
        debug: message => kept.push(['debug', message]),
        group: (_title, work) => work(),
        // Progress is about now: it goes to the live logger at once, never into the replay.
        progress: update => live?.progress?.(update)
    };
    return {
        logger,
        replayTo: target => {
            for (const [kind, message] of kept.splice(0))
                target[kind](message);
        }
    };
}

// "Why this wheel": for each installed distribution, the file the installer chose, its tags, where it came from,
// and one line for anything special (built from source, or below the newest version because of the runtime's
// glibc ceiling or Requires-Python). Recorded when the layer is built and kept in its manifest.
/**
 * pip's `--report` JSON: each installed item's download URL and hash. A local file pip knows no hash for is
 * hashed here (the work folder holding built wheels is gone afterwards).
 */
function readPipReport(file, work) {
    const origins = new Map();
    if (!existsSync(file))
        return origins;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    for (const item of report.install ?? []) {
        const url = item.download_info?.url;
        if (!url)
            continue;
        const archive = item.download_info?.archive_info;
        let sha256 = archive?.hashes?.sha256 ?? /^sha256[=:]([0-9a-f]{64})$/.exec(archive?.hash ?? '')?.[1];
        let localPath;
        if (url.startsWith('file:')) {
            try {
                localPath = fileURLToPath(url.split('#')[0]);
            }
            catch {
                localPath = undefined;
            }
            if (!sha256 && localPath && existsSync(localPath))
                sha256 = createHash('sha256').update(readFileSync(localPath)).digest('hex');
        }
        const within = (dir) => Boolean(localPath && !path.relative(dir, localPath).startsWith('..'));
        origins.set(canonicalName(item.metadata.name), {
            url: stripCredentials(url.split('#')[0]),
            ...(sha256 && { sha256 }),
            ...(within(work.built) && { built: true }),
            ...(within(work.local) && { local: true })
        });
    }
    return origins;
}
const DEFAULT_INDEX = 'https://pypi.org/simple';
/**
 * One WheelChoice per distribution left in the layer, sorted by name. For what the installer chose within
 * ranges, one index request per distribution (in parallel, failures ignored) tells whether a newer version
 * exists and why it was not taken.
 */
async function wheelChoices(files, inputs) {
    const indexes = inputs.indexes.length ? inputs.indexes : [DEFAULT_INDEX];
    const choices = distInfos(files).map(d => {
        const key = canonicalName(d.name);
        const origin = inputs.origins.get(key);
        const built = origin?.built || inputs.built.has(key);
        const choice = {
            name: d.name,
            version: d.version,
            file: origin && !origin.built && !origin.local ? decodeURIComponent(origin.url.split('/').pop() ?? '') : wheelName(d.dirName, d.tags),
            tags: d.tags,
            chosenBy: chosenBy(key, d.version, inputs.requirements)
        };
        const from = built ? 'built from source' : origin?.local ? 'built from a local folder' : origin ? whereFrom(origin.url, indexes, inputs.findLinks) : stripCredentials(indexes[0]);
        if (from)
            choice.from = from;
        if (origin?.sha256)
            choice.sha256 = origin.sha256;
        else {
            const locked = inputs.requirements.locked?.packages.find(p => canonicalName(p.name) === key && p.version === d.version);
            // One hash recorded for that version is that file's; with several, only the installer's report can tell which.
            if (locked?.hashes.length === 1)
                choice.sha256 = locked.hashes[0].replace(/^sha256:/, '');
        }
        if (built)
            choice.note = `built from source: no published wheel of ${d.name} ${d.version} fits the target, and its source builds a pure-Python one`;
        // uv reports no files: its resolution's hashes (uv pip compile --generate-hashes) stand in for them.
        const resolvedHashes = !built && !choice.sha256 ? hashesResolved(inputs.requirements.resolved, key, d.version) : [];
        if (resolvedHashes.length === 1)
            choice.sha256 = resolvedHashes[0];
        return { choice, index: !built && (choice.chosenBy === 'resolution' || resolvedHashes.length > 1) ? indexToAsk(origin?.url, indexes) : undefined, resolvedHashes };
    });
    await inParallel(choices, 8, async ({ choice, index, resolvedHashes }) => {
        if (!index)
            return;
        // Several files of that version: the one installed is the index's file of that wheel name (or its tags), else unknown.
        if (resolvedHashes.length > 1) {
            const file = await installedFile(choice, index, resolvedHashes).catch(() => undefined);
            if (file)
                Object.assign(choice, { file: file.filename, sha256: file.sha256 });
        }
        if (choice.chosenBy !== 'resolution')
            return;
        const note = await heldBelowNewest(choice, index, inputs.target).catch(() => undefined);
        if (note)
            choice.note = note;
    });
    return choices.map(c => c.choice);
}
/** The sha256 hashes a resolved line (resolve.ts's `name==version sha256=a,b`) gives for this version. */
function hashesResolved(resolved, key, version) {
    const line = resolved?.find(l => l.startsWith(`${key}==${version} `) || l === `${key}==${version}`);
    return /\ssha256=(\S+)$/.exec(line ?? '')?.[1].split(',') ?? [];
}
/** The index's file of this wheel (same name, or same set of tags) whose hash is one of the resolved ones. */
async function installedFile(choice, index, hashes) {
    const tags = [...choice.tags].sort().join(' ');
    const files = (await projectFiles(index, choice.name)).filter(f => f.sha256 && hashes.includes(f.sha256) && versionOf(f.filename, choice.name) === choice.version && f.filename.endsWith('.whl'));
    return files.find(f => f.filename === choice.file) ?? files.find(f => wheelTags(f.filename).sort().join(' ') === tags);
}
function distInfos(files) {
    const byDir = new Map();
    for (const file of files) {
        const m = /^([^/]+\.dist-info)\/(METADATA|WHEEL)$/.exec(file.name);
        if (!m)
            continue;
        const entry = byDir.get(m[1]) ?? {};
        entry[m[2] === 'METADATA' ? 'metadata' : 'wheel'] = file.data.toString('utf8');
        byDir.set(m[1], entry);
    }
    const found = [];
    for (const [dir, { metadata, wheel }] of byDir) {
        const [, dirName, dirVersion] = /^(.+)-([^-]+)\.dist-info$/.exec(dir) ?? [dir, dir, ''];
        const header = (name) => new RegExp(`^${name}:\\s*(.+?)\\s*$`, 'mi').exec((metadata ?? '').split(/\r?\n\r?\n/)[0])?.[1];
        const tags = [...(wheel ?? '').matchAll(/^Tag:\s*(\S+)/gm)].map(m => m[1]);
        found.push({ dirName: `${dirName}-${dirVersion}`, name: header('Name') ?? dirName, version: header('Version') ?? dirVersion, tags });
    }
    return found.sort((a, b) => (canonicalName(a.name) < canonicalName(b.name) ? -1 : 1));
}
/** name-version-py-abi-platform.whl with each tag part's values joined by "." (the wheel naming rule). */
function wheelName(base, tags) {
    if (tags.length === 0)
        return `${base}.whl`;
    const parts = [0, 1, 2].map(i => [...new Set(tags.map(t => t.split('-')[i]))].join('.'));
    return `${base}-${parts.join('-')}.whl`;
}
function chosenBy(name, version, requirements) {
    if (requirements.locked)
        return requirements.locked.format === 'pinned requirements' ? 'pin' : 'lock';
    const pinned = requirements.normalised.some(line => {
        const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?===?([^,;\s]+)(?:;|$)/.exec(line);
        return m && canonicalName(m[1]) === name && m[2] === version;
    });
    return pinned ? 'pin' : 'resolution';
}
/** The index (or find-links folder) a file URL belongs to, named without credentials. */
function whereFrom(url, indexes, findLinks) {
    if (url.startsWith('file:')) {
        const file = safePath(url);
        const folder = findLinks.find(dir => file && path.dirname(file) === path.resolve(safePath(dir) ?? dir));
        if (folder)
            return `find-links ${folder}`;
        const index = indexes.find(i => i.startsWith('file:') && file && !path.relative(path.dirname(safePath(i) ?? ''), file).startsWith('..'));
        return stripCredentials(index ?? `file:${path.dirname(file ?? '')}`);
    }
    return stripCredentials(indexToAsk(url, indexes) ?? new URL(url).origin);
}
/** The index whose project page lists this file: same host, PyPI for its files host, or the only web index. */
function indexToAsk(url, indexes) {
    if (!url)
        return indexes[0];
    if (url.startsWith('file:')) {
        const file = safePath(url);
        return indexes.find(i => i.startsWith('file:') && file && !path.relative(path.dirname(safePath(i) ?? ''), file).startsWith('..'));
    }
    const host = hostOf(url);
    const web = indexes.filter(i => /^https?:/.test(i));
    return web.find(i => hostOf(i) === host) ?? (host === 'files.pythonhosted.org' ? web.find(i => hostOf(i) === 'pypi.org') : undefined) ?? (web.length === 1 ? web[0] : undefined);
}
function hostOf(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return undefined;
    }
}
function safePath(url) {
    try {
        return url.startsWith('file:') ? fileURLToPath(url) : url;
    }
    catch {
        return undefined;
    }
}
/**
 * When the index has newer final releases than the one installed, why they were not taken: one of them fits the
 * target (then another requirement holds it back), or the next one up requires another Python, needs a newer
 * glibc than the runtime's, or has no wheel for the target.
 */
async function heldBelowNewest(choice, index, target) {
    const chosen = parseVersion(choice.version);
    if (!chosen)
        return undefined;
    const byVersion = new Map();
    for (const file of await projectFiles(index, choice.name, 10_000)) {
        const version = versionOf(file.filename, choice.name);
        if (!version || file.yanked)
            continue;
        byVersion.set(version, [...(byVersion.get(version) ?? []), file]);
    }
    const allowPre = Boolean(chosen.pre || chosen.dev !== undefined);
    const newer = [...byVersion.keys()]
        .map(text => ({ text, version: parseVersion(text) }))
        .filter(v => v.version && (allowPre || (!v.version.pre && v.version.dev === undefined)) && compareVersions$1(v.version, chosen) > 0)
        .sort((a, b) => compareVersions$1(b.version, a.version));
    if (newer.length === 0)
        return undefined;
    const newest = newer[0].text;
    const fitting = newer.find(v => whyUnfit(byVersion.get(v.text), target) === undefined);
    if (fitting)
        return `below the newest${fitting.text === newest ? '' : ` that fits the target`} ${fitting.text}: another requirement (yours or a dependency's) holds it back`;
    const next = newer[newer.length - 1].text;
    const reason = whyUnfit(byVersion.get(next), target);
    return `below the newest ${newest}: ${next === newest ? 'it' : `${next} (the next release)`} ${reason}`;
}
/** Why no file of a release fits the target, or undefined when one does. */
function whyUnfit(files, target) {
    const py = target.runtime.pythonVersion;
    const excluded = files.filter(f => f.requiresPython && ['0', '99'].every(patch => satisfies(`${py}.${patch}`, f.requiresPython) === false));
    if (excluded.length === files.length)
        return `requires Python ${files[0].requiresPython}, and ${target.runtime.name} runs Python ${py}`;
    const [major, minor] = target.runtime.glibc;
    const arch = WHEEL_ARCH[target.architecture];
    const needs = files
        .filter(f => f.filename.endsWith('.whl') && !excluded.includes(f))
        .flatMap(f => wheelTags(f.filename).filter(tag => pythonFits$1(tag, py)).map(tag => platformGlibc(tag.split('-')[2], arch)));
    if (needs.some(n => n === 'any' || (Array.isArray(n) && (n[0] < major || (n[0] === major && n[1] <= minor)))))
        return undefined;
    const glibcs = needs.filter((n) => Array.isArray(n)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    if (glibcs.length)
        return `needs glibc ${glibcs[0].join('.')} (its ${arch} wheels), above ${target.runtime.name}'s glibc ${major}.${minor}`;
    return `publishes no wheel for ${target.runtime.name} on ${target.architecture}`;
}
/** The version in a wheel or sdist file name of this project, or undefined for another project's file. */
function versionOf(filename, project) {
    const wheel = /^([^-]+)-([^-]+)-.+\.whl$/.exec(filename);
    if (wheel)
        return canonicalName(wheel[1]) === canonicalName(project) ? wheel[2] : undefined;
    const sdist = /^(.+)-([^-]+)\.(?:tar\.gz|zip|tar\.bz2)$/.exec(filename);
    return sdist && canonicalName(sdist[1]) === canonicalName(project) ? sdist[2] : undefined;
}
/** The tag triples of a wheel file name, its compressed sets expanded. */
function wheelTags(filename) {
    const parts = filename.replace(/\.whl$/, '').split('-');
    const [pys, abis, plats] = parts.slice(-3).map(p => p.split('.'));
    return pys.flatMap(py => abis.flatMap(abi => plats.map(plat => `${py}-${abi}-${plat}`)));
}
/** Can CPython at pythonVersion load a wheel with this tag's interpreter and ABI? */
function pythonFits$1(tag, pythonVersion) {
    const [py, abi] = tag.split('-');
    const minor = Number(pythonVersion.split('.')[1]);
    const cp = `cp3${minor}`;
    if (abi === 'none')
        return ['py3', `py3${minor}`, cp].includes(py) || /^py3$/.test(py);
    if (abi === 'abi3')
        return /^cp3(\d+)$/.test(py) && Number(py.slice(3)) <= minor;
    return py === cp && (abi === cp || abi === `${cp}m`);
}
/** The glibc a platform tag needs for this architecture: "any", [major, minor], or undefined when it never fits. */
function platformGlibc(platform, arch) {
    if (platform === 'any')
        return 'any';
    const modern = new RegExp(`^manylinux_(\\d+)_(\\d+)_${arch}$`).exec(platform);
    if (modern)
        return [Number(modern[1]), Number(modern[2])];
    const legacy = { manylinux2014: [2, 17], manylinux2010: [2, 12], manylinux1: [2, 5] };
    const old = /^(manylinux2014|manylinux2010|manylinux1)_(.+)$/.exec(platform);
    return old && old[2] === arch ? legacy[old[1]] : undefined;
}
async function inParallel(items, limit, work) {
    let next = 0;
    const worker = async () => {
        while (next < items.length)
            await work(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
/** Each distribution's size with why its wheel was chosen (when the layer recorded it), sorted by name. */
function distributionReports(distributions, wheels) {
    return distributions
        .map(d => {
        const wheel = wheels?.find(w => canonicalName(w.name) === canonicalName(d.name) && w.version === d.version);
        if (!wheel)
            return { ...d };
        const { name, version, ...why } = wheel;
        return { ...d, name, version, ...why };
    })
        .sort((a, b) => (canonicalName(a.name) < canonicalName(b.name) ? -1 : canonicalName(a.name) > canonicalName(b.name) ? 1 : 0));
}

/**
 * DOS date/time for every entry: SOURCE_DATE_EPOCH when set, else 1980-01-01 00:00. Computed from UTC
 * fields: a Date's local fields would make the bytes depend on the machine's time zone.
 */
function dosTimestamp(env = process.env) {
    const epoch = Number(env.SOURCE_DATE_EPOCH);
    const date = Number.isFinite(epoch) && env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date(Date.UTC(1980, 0, 1));
    const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
    const day = ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
    const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
    return ((day << 16) | time) >>> 0;
}
/**
 * A deterministic zip of the sources, in byte order of their names, as its parts (see zipParts); with its entries,
 * for merging later. A source that is `packed` already (a wheel's entry) is copied as its compressed bytes.
 */
async function buildZip(sources, timeval = dosTimestamp()) {
    const entries = await packInOrder(sources);
    return { parts: zipParts(entries, timeval), entries };
}
async function packInOrder(sources) {
    const sorted = [...sources].sort((a, b) => compareNames(a.name, b.name));
    for (const source of sorted)
        checkEntryName(source.name);
    checkFileFolderClash(sorted.map(source => source.name));
    const fresh = await packSources(sorted.filter(source => !source.packed));
    let next = 0;
    return sorted.map(source => (source.packed ? { ...source.packed, name: source.name, executable: source.executable ?? false } : fresh[next++]));
}
/**
 * The layer's entries with more sources merged in, all in byte order of their names; a source replaces a layer
 * entry of the same name. Layer entries are copied as compressed bytes, never recompressed, and take this
 * run's timestamp like every other entry. The zip as its parts (see zipParts).
 */
async function mergeIntoZip(layer, sources, timeval = dosTimestamp()) {
    const added = await packInOrder(sources);
    const replaced = new Set(added.map(entry => entry.name));
    const merged = [...layer.filter(entry => !replaced.has(entry.name)), ...added].sort((a, b) => compareNames(a.name, b.name));
    checkFileFolderClash(merged.map(entry => entry.name));
    return zipParts(merged, timeval);
}
/** Entry names are relative, forward-slashed and never climb out of the extraction folder. */
function checkEntryName(name) {
    if (!isSafeEntryName(name)) {
        throw new SpindriftError(`Refusing to store "${name}" in the zip: entry names must be relative paths inside the package.`);
    }
}
/** A name that is a file and also a folder of another entry (x.py and x.py/y) cannot be extracted: refused. */
function checkFileFolderClash(names) {
    const all = new Set(names);
    for (const name of names) {
        // Each folder the name lies in, by the slashes in it (a layer has thousands of names, several levels deep).
        for (let slash = name.indexOf('/'); slash !== -1; slash = name.indexOf('/', slash + 1)) {
            const folder = name.slice(0, slash);
            if (all.has(folder))
                throw new SpindriftError(`Refusing to store both the file "${folder}" and "${name}" in the zip: one name cannot be a file and a folder; rename one of them.`);
        }
    }
}
function isSafeEntryName(name) {
    return !(!name || name.startsWith('/') || name.includes('\\') || name.split('/').some(part => part === '..' || part === '' || part === '.'));
}

/** Bump when the layer's contents or manifest change shape: old entries then simply stop matching. 2: our own zip writer, uv's .lock left out. */
const CACHE_FORMAT = 2;
/**
 * The cache key: everything that decides which files pip installs. Credentials are stripped; the set of
 * requirements is hashed so the key stays short and safe for @actions/cache (no commas, ≤ 512 characters).
 */
function cacheKey(plan, python, installer, requirements, env) {
    const hashed = cacheKeyParts(plan, python, installer, requirements, env);
    const digest = createHash('sha256').update(JSON.stringify(hashed)).digest('hex').slice(0, 40);
    const [major, minor] = plan.runtime.glibc;
    return `spindrift-deps-v${CACHE_FORMAT}-${plan.runtime.name}-${plan.architecture}-glibc${major}.${minor}-${installer.name}${installer.version}-${digest}`;
}
/** What the key's hash is made of, part by part (the action's debug channel shows them). */
function cacheKeyParts(plan, python, installer, requirements, env) {
    return {
        // The resolved set when the input had ranges; a lock or full pins are their own resolution.
        requirements: requirements.resolved ? { given: requirements.normalised, resolved: requirements.resolved } : requirements.normalised,
        tags: plan.platformTags,
        indexUrl: plan.indexUrl ? stripCredentials(plan.indexUrl) : null,
        extraIndexUrls: plan.extraIndexUrls.map(stripCredentials),
        // package.cooldown-days: another cutoff may choose other versions (absent when off, so older keys stay valid).
        ...(plan.uploadedBefore && { uploadedBefore: plan.uploadedBefore }),
        // pip and uv also read their own configuration files and variables.
        installerSettings: installerSettings(installer.name, plan.projectDir, python.prefix, env),
        trim: [plan.exclude, plan.stripTests, plan.skipRuntimeProvided, plan.compile],
        // pip evaluates environment markers for the interpreter running it, so its version and machine matter.
        interpreter: [python.minor, python.machine]
    };
}
/** The manifest of a layer; a file's sha256 known already (from its wheel's RECORD) is not computed again. */
function describeLayer(key, zip, files) {
    return {
        format: CACHE_FORMAT,
        key,
        zipSha256: sha256$2(zip),
        uncompressedSize: files.reduce((sum, f) => sum + sizeOf(f), 0),
        files: files.map(f => ({ name: f.name, size: sizeOf(f), sha256: f.sha256 ?? sha256$2(f.data) })),
        distributions: distributionsOf(files)
    };
}
/** Each *.dist-info's name, version and the summed size of the files its RECORD lists. */
function distributionsOf(files) {
    const sizes = new Map(files.map(f => [f.name, sizeOf(f)]));
    const distributions = [];
    for (const file of files) {
        const match = /^([^/]+)-([^/-]+)\.dist-info\/RECORD$/.exec(file.name);
        if (!match)
            continue;
        let size = 0;
        for (const line of file.data.toString('utf8').split('\n')) {
            const listed = line.split(',')[0];
            size += sizes.get(listed) ?? 0;
        }
        distributions.push({ name: match[1], version: match[2], size });
    }
    return distributions.sort((a, b) => b.size - a.size || compareNames(a.name, b.name));
}
/** Layers kept as <cacheDir>/deps/<key>/{deps.zip,manifest.json}; the folder the action saves and restores. */
class LayerStore {
    cacheDir;
    logger;
    maxBytes;
    constructor(cacheDir, logger, 
    /** Layers beyond this many bytes are evicted, least recently used first, after a new one is stored. */
    maxBytes) {
        this.cacheDir = cacheDir;
        this.logger = logger;
        this.maxBytes = maxBytes;
    }
    folder(key) {
        return path.join(this.cacheDir, 'deps', key);
    }
    has(key) {
        return existsSync(path.join(this.folder(key), 'manifest.json'));
    }
    /** The stored layer, if there is one and it matches its manifest; a damaged one is removed and reported. */
    async get(key) {
        const folder = this.folder(key);
        if (!this.has(key))
            return undefined;
        try {
            const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
            // Hashed as it is read: the bytes used are the bytes whose hash is checked, read once.
            const { data: zip, sha256: digest } = await readFileHashed(path.join(folder, 'deps.zip'));
            const checked = verifyLayer(key, zip, manifest, digest);
            // Parsed once: the zip stage copies these entries' compressed bytes as they are.
            if (typeof checked !== 'string') {
                markUsed(folder);
                return { entries: checked.entries, manifest };
            }
            this.logger.warning(`Ignoring the cached dependency layer ${key}: ${checked}; reinstalling.`);
        }
        catch (error) {
            this.logger.warning(`Ignoring the cached dependency layer ${key}: it cannot be read (${error.message}); reinstalling.`);
        }
        removeQuietly(folder);
        return undefined;
    }
    /** Drop a stored layer that failed a check: the next run must not meet it again. */
    remove(key) {
        removeQuietly(this.folder(key));
    }
    /** Store a layer (`zip`: its bytes); true when it is now in the store. A failure only costs speed next time: a warning. */
    put(layer, zip) {
        const folder = this.folder(layer.manifest.key);
        const staging = `${folder}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
        try {
            makeFolders(staging);
            // Each file whole before the folder is renamed into place: a full disk leaves no half layer, and a torn
            // write (a crash) is caught by the zip's hash in the manifest on the next read.
            keepCacheFile(path.join(staging, 'deps.zip'), zip, path.join(staging, 'deps.zip.tmp'));
            keepCacheFile(path.join(staging, 'manifest.json'), Buffer.from(JSON.stringify(layer.manifest)), path.join(staging, 'manifest.json.tmp'));
            // Another run may have stored the same key meanwhile: theirs is equally good, keep it.
            if (existsSync(folder))
                rmSync(staging, { recursive: true, force: true });
            else
                renameSync(staging, folder);
            markUsed(folder);
            if (this.maxBytes !== undefined) {
                const evicted = enforceBound(this.cacheDir, this.maxBytes, folder);
                if (evicted.count)
                    this.logger.info(`Removed ${evicted.count} least recently used dependency layers and wheels (${(evicted.bytes / 1048576).toFixed(1)} MB) to keep the cache under ${(this.maxBytes / 1048576).toFixed(0)} MB`);
            }
            return true;
        }
        catch (error) {
            removeQuietly(staging);
            const why = isDiskFull(error) ? `the disk is full (${error.code})` : error.message;
            this.logger.warning(`Could not save the dependency layer to ${this.cacheDir} (${why}); the next run will reinstall.`);
            return false;
        }
    }
}
/** Why a layer does not match its manifest, or its entries when it does; `digest` is the zip's sha256 when known. */
function verifyLayer(key, zip, manifest, digest = sha256$2(zip)) {
    if (manifest.format !== CACHE_FORMAT || manifest.key !== key)
        return 'its manifest is for another key or format';
    if (digest !== manifest.zipSha256)
        return 'deps.zip does not match the hash in its manifest';
    const entries = packedEntriesOf(zip);
    if (entries.length !== manifest.files.length)
        return 'deps.zip holds a different number of files than its manifest';
    for (let i = 0; i < entries.length; i++) {
        const listed = manifest.files[i];
        // The same rule as for fresh entries: a cached name never climbs out of the extraction folder.
        if (!isSafeEntryName(entries[i].name))
            return `deps.zip holds the entry name "${entries[i].name.slice(0, 80)}", which is not a relative path inside the package`;
        if (entries[i].name !== listed.name || entries[i].size !== listed.size)
            return `deps.zip entry ${entries[i].name} does not match its manifest`;
    }
    return { entries };
}
function sha256$2(data) {
    const hash = createHash('sha256');
    for (const part of Buffer.isBuffer(data) ? [data] : data)
        hash.update(part);
    return hash.digest('hex');
}

/** Bytecode is only valid for the exact minor version that wrote it: anything else would be ignored or worse. */
function checkCompiler(target, python) {
    if (python.minor !== target.runtime.pythonVersion) {
        throw new SpindriftError(`package.compile needs Python ${target.runtime.pythonVersion} to write bytecode for ${target.runtime.name}, but ${python.command} is Python ${python.minor}; run spindrift with Python ${target.runtime.pythonVersion} (for example actions/setup-python) or turn package.compile off.`);
    }
}
/**
 * Add __pycache__/*.pyc for every .py file. unchecked-hash pycs carry no timestamp, and file names are recorded
 * as Lambda will see them (/var/task/…), so the bytes do not depend on this machine's paths or clocks.
 */
async function compileFiles(target, python, files, logger) {
    checkCompiler(target, python);
    const dir = makeWorkFolder('compile');
    try {
        for (const file of files) {
            const destination = path.join(dir, ...file.name.split('/'));
            makeFolders(path.dirname(destination));
            writeFileSync(destination, file.data);
        }
        const run = await runTool(python.command, ['-m', 'compileall', '-q', '-j', '1', '--invalidation-mode', 'unchecked-hash', '-s', dir, '-p', '/var/task', dir], { ...python.env, SOURCE_DATE_EPOCH: '315532800', PYTHONHASHSEED: '0' }, logger);
        // compileall exits 1 when a file does not compile (e.g. Python 2 code in a dependency): keep what did.
        if (run.exitCode > 1)
            throw new SpindriftError(`Byte-compiling with ${python.command} failed: ${run.stderr.trim().split('\n').pop()}; turn package.compile off.`);
        const compiled = [];
        const walk = (folder, prefix) => {
            for (const name of readdirSync(folder)) {
                const full = path.join(folder, name);
                const rel = `${prefix}${name}`;
                if (statSync(full).isDirectory())
                    walk(full, `${rel}/`);
                else if (name.endsWith('.pyc'))
                    compiled.push({ name: rel, data: readFileSync(full) });
            }
        };
        walk(dir, '');
        warnUncompiled(files, compiled, logger);
        return [...files, ...compiled];
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
/** A .py file that got no .pyc did not compile (a syntax error): it still ships, and fails when imported. */
function warnUncompiled(files, compiled, logger) {
    const done = new Set(compiled.map(f => f.name.replace(/__pycache__\/([^/]+)\.[^./]+\.pyc$/, '$1.py')));
    const failed = files.filter(f => f.name.endsWith('.py') && !done.has(f.name)).map(f => f.name);
    if (failed.length === 0)
        return;
    const more = failed.length > 5 ? ` and ${failed.length - 5} more` : '';
    logger.warning(`package.compile: ${failed.slice(0, 5).join(', ')}${more} did not compile (a syntax error for this Python?); they ship as source and will fail when imported.`);
}

/**
 * Installed files that only work on the machine that installed them never ship: pip's editable finders
 * (`__editable__*`, which import the code from the build machine's folder) and `.pth` lines naming a folder
 * outside the zip. The zip would import without error here and fail on Lambda, so this stops the build.
 */
function checkShippable(files, what) {
    for (const file of files) {
        // Node reads a name that is not UTF-8 with U+FFFD for each bad byte; a zip would carry it under another name.
        if (file.name.includes('\uFFFD')) {
            throw new SpindriftError(`The ${what} hold ${describeFile(file.name, files)} whose name is not valid UTF-8, which a Lambda zip cannot carry under the same name; pin a version of that distribution whose file names are UTF-8, or drop it.`);
        }
        const size = sizeOf(file);
        if (size > UNZIPPED_LIMIT)
            throw oversized(file.name, size, what, files);
        const base = file.name.split('/').pop();
        if (base.startsWith('__editable__')) {
            throw new SpindriftError(`The ${what} hold ${file.name}, an editable install's link back to a folder on this machine (an "-e" requirement), which cannot work on Lambda; install that requirement without -e (for example "./lib" instead of "-e ./lib").`);
        }
        if (!base.endsWith('.pth'))
            continue;
        for (const line of file.data.toString('utf8').split(/\r?\n/).map(l => l.trim())) {
            // Lines starting with "import" run code; the others are folders added to sys.path, relative to the .pth.
            if (!line || line.startsWith('#'))
                continue;
            if (/^import[\s\t]/.test(line) ? /__editable__/.test(line) : line.startsWith('/') || /^[A-Za-z]:[\\/]/.test(line) || line.split(/[\\/]/).includes('..')) {
                throw new SpindriftError(`The ${what} hold ${file.name}, which points Python at ${clip(line)}, outside the zip (an editable or development install); install that requirement without -e so its code ships in the zip.`);
            }
        }
    }
}
function clip(text) {
    return text.length > 80 ? `"${text.slice(0, 77)}..."` : `"${text}"`;
}
/** The sentence for a dependency file over Lambda's unzipped limit, naming its distribution (from the RECORDs). */
function oversized(name, size, what, files) {
    const mb = (bytes) => `${(bytes / 1_000_000).toFixed(1)} MB`;
    return new SpindriftError(`The ${what} hold ${describeFile(name, files)} of ${mb(size)}, over the ${mb(UNZIPPED_LIMIT)} Lambda unzips for a function, so no zip holding it can run; drop that dependency, or move the file to S3 or a container image.`);
}
/** "x/y.bin (from foo 1.2)": the distribution whose RECORD lists the file, when one does. */
function describeFile(name, files) {
    for (const file of files) {
        const distInfo = /^([^/]+)\.dist-info\/RECORD$/.exec(file.name)?.[1];
        if (!distInfo)
            continue;
        const listed = file.data.toString('utf8').split(/\r?\n/).some(line => (line.startsWith('"') ? line.slice(1).split('"')[0] : line.split(',')[0]) === name);
        if (listed)
            return `${name} (from ${distInfo.replace(/-([^-]+)$/, ' $1')})`;
    }
    return `${name} (from ${name.split('/')[0]})`;
}

/**
 * pip evaluates environment markers for the interpreter running it, not for --python-version/--platform.
 * When that interpreter is not the target's, every marker met while resolving is evaluated for both: if none
 * decides differently, the installed set is the one Lambda would get; otherwise the build stops.
 */
function interpreterMatches(target, python) {
    return python.minor === target.runtime.pythonVersion && python.machine === WHEEL_ARCH[target.architecture];
}
/** Every requirement string pip saw: the top-level ones and each installed distribution's Requires-Dist. */
function requirementsSeen(topLevel, installed) {
    const lines = [...topLevel];
    for (const file of installed) {
        if (!/^[^/]+\.dist-info\/METADATA$/.test(file.name))
            continue;
        for (const line of file.data.toString('utf8').split(/\r?\n/)) {
            if (line === '')
                break; // the headers end at the first blank line; the description follows
            if (line.startsWith('Requires-Dist:'))
                lines.push(line.slice('Requires-Dist:'.length).trim());
        }
    }
    return [...new Set(lines)];
}
// Evaluates each requirement's marker for this interpreter and for the Lambda target, with pip's own
// vendored `packaging`. python_full_version is tried at the first and a late patch release of the target:
// a marker that depends on the patch level cannot be decided ahead of time.
const EVALUATE = `
import json, sys
from pip._vendor.packaging.markers import default_environment
from pip._vendor.packaging.requirements import Requirement, InvalidRequirement
target = json.loads(sys.argv[1])
here = default_environment()
differs = []
for line in json.load(sys.stdin):
    text = line.split(" --", 1)[0].strip()
    if ";" not in text or text.startswith("-"):
        continue
    try:
        marker = Requirement(text).marker
    except InvalidRequirement:
        differs.append([line, "cannot be parsed"])
        continue
    if marker is None:
        continue
    mine = marker.evaluate({**here, "extra": ""})
    theirs = {marker.evaluate({**here, **target, "python_full_version": target["python_version"] + patch, "extra": ""}) for patch in (".0", ".99")}
    if theirs != {mine}:
        differs.append([line, "true" if mine else "false"])
print(json.dumps(differs))
`;
async function checkMarkers(target, python, requirements) {
    const environment = {
        python_version: target.runtime.pythonVersion,
        platform_machine: WHEEL_ARCH[target.architecture],
        sys_platform: 'linux',
        platform_system: 'Linux',
        os_name: 'posix',
        implementation_name: 'cpython',
        platform_python_implementation: 'CPython'
    };
    const run = await runProcess(python.command, ['-c', EVALUATE, JSON.stringify(environment)], {
        input: Buffer.from(JSON.stringify(requirements)),
        env: python.env,
        step: 'the dependency marker check'
    });
    let differs;
    try {
        differs = JSON.parse(run.stdout.trim().split('\n').pop() ?? '');
    }
    catch {
        throw new SpindriftError(`Could not check dependency markers for ${target.runtime.name} with ${python.command} (${run.stderr.trim().split('\n').pop()}); run spindrift with Python ${target.runtime.pythonVersion} on ${WHEEL_ARCH[target.architecture]}.`);
    }
    if (differs.length === 0)
        return;
    const shown = differs.slice(0, 3).map(([line]) => `"${line}"`).join(', ');
    throw new SpindriftError(`pip ran on Python ${python.minor} (${python.machine}) but the target is ${target.runtime.name} on ${target.architecture}, and ${differs.length === 1 ? 'a dependency marker decides' : `${differs.length} dependency markers decide`} differently there (${shown}), so the installed set would not be Lambda's; run spindrift with Python ${target.runtime.pythonVersion}${python.machine !== WHEEL_ARCH[target.architecture] ? ` on ${WHEEL_ARCH[target.architecture]}` : ''} (for example actions/setup-python), or set package.installer to uv.`);
}

/** Requirements-file options that say where packages come from. */
const INDEX_OPTION = /^(-i|--index-url|--extra-index-url|--no-index|-f|--find-links|--trusted-host)(?:[ =](.*))?$/;
/**
 * The index options written inside requirements files (and the files they include with -r/-c), ready to be
 * written into another requirements file: every download spindrift causes, not just the install, must go to
 * the indexes the project chose. Relative --find-links paths are made absolute, as pip reads them relative to
 * the file that names them.
 */
function indexOptionLines(files) {
    return readRequirementFiles(files).indexOptions;
}
/**
 * Every file requirements files lead to: the files themselves, those they include (-r/-c), and local paths their
 * lines name (./lib, file:../x.whl): what the action's workspace boundary is checked against.
 */
function filesNamedBy(files) {
    const { read, named } = readRequirementFiles(files);
    return [...read, ...named];
}
function readRequirementFiles(files) {
    const lines = [];
    const named = [];
    const seen = new Set();
    const read = (file) => {
        const resolved = path.resolve(file);
        if (seen.has(resolved) || !existsSync(resolved))
            return;
        seen.add(resolved);
        const dir = path.dirname(resolved);
        for (const raw of readUtf8File(resolved, 'Requirements file').replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
            const line = raw.replace(/(^|\s)#.*$/, '').trim().replace(/\s+/g, ' ');
            const include = /^(-r|--requirement|-c|--constraint)[ =](.+)$/.exec(line);
            if (include)
                read(path.resolve(dir, include[2].trim()));
            const local = /^(?:-e |--editable[ =])?(?:file:(?:\/\/(?:localhost)?)?)?(\.{1,2}\/\S*|\/\S*|\.|\.\.)(?:\s|;|$)/.exec(line)?.[1];
            if (local && !include)
                named.push(path.resolve(dir, local.split('#')[0]));
            const option = INDEX_OPTION.exec(line);
            if (!option)
                continue;
            const [, flag, value] = option;
            const where = (flag === '-f' || flag === '--find-links') && value && !/^[a-z][a-z0-9+.-]*:/i.test(value) ? path.resolve(dir, value) : value;
            lines.push(where === undefined ? flag : `${flag} ${where}`);
        }
    };
    for (const file of files)
        read(file);
    return { indexOptions: lines, read: [...seen], named };
}

/** The indexes an install was told to use: the plan's, the requirements files' and the installer's variables. */
function indexesOf(index, requirementFiles, env) {
    const lines = indexOptionLines(requirementFiles);
    const fromFiles = lines
        .map(line => /^(?:-i|--index-url|--extra-index-url) (\S+)/.exec(line)?.[1])
        .filter((url) => Boolean(url));
    if (lines.includes('--no-index'))
        return fromFiles;
    const fromEnv = [env.PIP_INDEX_URL, env.UV_INDEX_URL, env.UV_DEFAULT_INDEX, ...(env.PIP_EXTRA_INDEX_URL ?? '').split(/\s+/), ...(env.UV_EXTRA_INDEX_URL ?? '').split(/\s+/)].filter((u) => Boolean(u));
    const chosen = [...(index.indexUrl ? [index.indexUrl] : []), ...index.extraIndexUrls, ...fromFiles, ...fromEnv];
    // With none named, the index may come from a pip.conf: not guessed, so never wrongly blamed.
    return [...new Set(chosen)];
}
/**
 * When an installer finds no such package, ask the indexes ourselves whether they work: an index that is
 * down, refuses the credentials or does not answer is the real cause, not a missing package. Returns what
 * is wrong with the first index that fails, named without its credentials, or undefined when all answer.
 */
async function indexProblem(urls, requirement, env, seconds = 10) {
    // Behind a proxy only pip knows the way out: a direct request would blame a working index.
    const proxied = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy'].some(v => env[v]);
    const name = canonicalName(requirement.split(/[<>=!~;[ @]/)[0]);
    for (const url of urls) {
        const shown = stripCredentials(url);
        if (url.startsWith('file:')) {
            let folder;
            try {
                folder = fileURLToPath(url);
            }
            catch {
                return `the index ${shown} is not a valid file URL`;
            }
            if (!existsSync(folder))
                return `the index folder ${folder} does not exist`;
            continue;
        }
        let target;
        try {
            target = new URL(`${url.replace(/\/+$/, '')}/${name}/`);
        }
        catch {
            return `the index URL ${shown} is not a valid URL`;
        }
        if (!/^https?:$/.test(target.protocol) || proxied)
            continue;
        const answer = await statusOf(target, seconds);
        if (typeof answer === 'string')
            return `the index ${shown} ${answer}`;
        if (answer === 401 || answer === 403)
            return `the index ${shown} refused the credentials (HTTP ${answer})`;
        if (answer >= 500)
            return `the index ${shown} answered HTTP ${answer} (a server error)`;
        if (answer >= 400 && answer !== 404)
            return `the index ${shown} answered HTTP ${answer}`;
    }
    return undefined;
}
/** The HTTP status of a GET (redirects are an answer too), or what went wrong in words. */
function statusOf(target, seconds) {
    return new Promise(resolve => {
        const get = target.protocol === 'https:' ? get$1 : get$2;
        // Credentials go in the Authorization header, as pip sends them.
        const auth = target.username || target.password ? `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` : undefined;
        const request = get(target, { auth, timeout: seconds * 1000 }, response => {
            response.resume();
            resolve(response.statusCode ?? 0);
        });
        request.on('timeout', () => {
            request.destroy();
            resolve(`did not answer within ${seconds} s`);
        });
        request.on('error', error => resolve(networkFailure(error)));
    });
}
function networkFailure(error) {
    const code = error.code;
    if (code === 'ECONNREFUSED')
        return 'refused the connection (is it running, and is the port right?)';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return 'cannot be reached: its host name could not be resolved';
    if (code && /CERT|SSL|TLS/.test(code))
        return `cannot be reached: its TLS certificate was not accepted (${code})`;
    return `cannot be reached (${code ?? error.message})`;
}

// TOML files read by spindrift itself (locks, pyproject.toml, workspace manifests): each failure is one sentence naming the file.
/** A TOML file's data, or one sentence naming the file. */
function readToml(file) {
    if (existsSync(file) && !statSync(file).isFile()) {
        throw new SpindriftError(`${file} is not a file (a folder?); remove it or make it the project's ${path.basename(file)}.`);
    }
    try {
        return parse(readFileSync(file, 'utf8'));
    }
    catch (error) {
        const message = error.message.split('\n')[0];
        throw new SpindriftError(`${file} is not valid TOML (${message}); fix it, or regenerate it.`);
    }
}
/** The project's pyproject.toml data, or undefined when it has none. */
function readPyproject(projectDir) {
    const file = path.join(projectDir, 'pyproject.toml');
    return existsSync(file) ? readToml(file) : undefined;
}
function table(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
function list(value) {
    return Array.isArray(value) ? value : [];
}
function text(value) {
    return typeof value === 'string' ? value : undefined;
}

/** "sha256:<hex>" from the spellings locks use ("sha256:…", "sha256=…", or { sha256 = "…" }). */
function sha256Of$1(value) {
    if (typeof value === 'string') {
        const m = /^sha256[:=]([0-9a-f]{64})$/i.exec(value.trim());
        return m ? `sha256:${m[1].toLowerCase()}` : undefined;
    }
    const hex = text(table(value).sha256);
    return hex && /^[0-9a-f]{64}$/i.test(hex) ? `sha256:${hex.toLowerCase()}` : undefined;
}
/** The groups and extras a project asked for that the lock does not know: a typo would silently install less. */
function checkKnown(kind, asked, known, file) {
    const names = new Set([...known].map(canonicalName));
    const missing = asked.filter(a => !names.has(canonicalName(a)));
    if (missing.length === 0)
        return;
    const setting = kind === 'group' ? 'package.groups' : 'package.extras';
    const offered = [...names].sort();
    throw new SpindriftError(`${setting} names the ${kind} ${quote(missing[0])}, which ${file} does not have (it has ${offered.length ? offered.map(n => `"${n}"`).join(', ') : `no ${kind}s`}); fix ${setting}.`);
}
/** A stale lock stops the build, as the lockers' own --frozen/--locked installs do. */
function staleLock(file, why, refresh, against = 'pyproject.toml') {
    return new SpindriftError(`${file} no longer matches the project's ${against} (${why}), so it does not say what to install; run "${refresh}" and commit the lock.`, { file });
}
/**
 * Python's json.dumps(value, sort_keys=True) with its default ", " and ": " separators or compact ones, non-ASCII
 * escaped as \uXXXX: what Poetry's content-hash and Pipenv's Pipfile hash are computed over.
 */
function pythonJson(value, compact = false) {
    const [comma, colon] = compact ? [',', ':'] : [', ', ': '];
    const dump = (v) => {
        if (v === null || v === undefined)
            return 'null';
        if (typeof v === 'string')
            return JSON.stringify(v).replace(/[\u0080-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        if (typeof v === 'boolean')
            return v ? 'true' : 'false';
        if (typeof v === 'number' || typeof v === 'bigint')
            return String(v);
        if (Array.isArray(v))
            return `[${v.map(dump).join(comma)}]`;
        if (v instanceof Date)
            return dump(v.toISOString());
        const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, x]) => `${dump(k)}${colon}${dump(x)}`).join(comma)}}`;
    };
    return dump(value);
}
/** A 40- (SHA-1) or 64-digit (SHA-256) commit id: what makes a git source exact. */
function isFullCommit(value) {
    return value !== undefined && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(value);
}
/** The sentence for a git source whose lock does not record the commit it was locked at. */
function noCommit(where, url, recorded, relock) {
    return new SpindriftError(`${where} comes from the git repository ${url} but the lock records ${recorded ? `only "${recorded}", not a full commit id` : 'no commit'}, so what it installs could change under it; ${relock} so that it records the commit, or publish the package to an index.`);
}
/** The sentence for an archive URL the lock records no sha256 for: it could not be verified. */
function noArchiveHash(where, url, relock) {
    return new SpindriftError(`${where} comes from the archive ${url} but the lock records no sha256 hash for it, so the file that was locked cannot be told from another; ${relock} so that it records the hash, or publish the package to an index.`);
}
/** A local path the lock names as a folder or an archive, by what is there now (a missing path is a sentence). */
function localSource(where, local, editable = false) {
    if (!existsSync(local))
        throw new SpindriftError(`${where} comes from the local path ${local}, which does not exist; restore it, or relock without it.`);
    return statSync(local).isDirectory() ? { kind: 'directory', path: local, ...(editable ? { editable } : {}) } : { kind: 'file', path: local };
}
/** What a source is, in words, for the log and for sentences. */
function describeSource(source) {
    switch (source.kind) {
        case 'git':
            return `git ${stripCredentials(source.url)} at commit ${source.commit}${source.subdirectory ? ` (${source.subdirectory})` : ''}`;
        case 'url':
            return `the archive ${stripCredentials(source.url)}`;
        case 'file':
            return `the local archive ${source.path}`;
        case 'directory':
            return `the local folder ${source.path}`;
    }
}

/**
 * A locked set as one requirements file for the installer: `name==version --hash=…` per index package; every
 * other source (git commit, archive URL, local archive, local folder) made into a wheel here first, exactly as
 * locked, and pinned by that wheel's hash. It is installed with --no-deps (the lock already chose every
 * dependency) and, when every index package has hashes, --require-hashes: a file whose bytes differ from what
 * was locked stops the install.
 */
async function lockedRequirements(plan, python, locked, installer, work, logger) {
    const lines = [];
    const unhashed = locked.packages.filter(p => !p.source && p.hashes.length === 0).map(p => p.name);
    const requireHashes = unhashed.length === 0;
    if (!requireHashes)
        logger.info(`${locked.file} records no file hashes for ${unhashed.slice(0, 3).join(', ')}${unhashed.length > 3 ? '…' : ''}: installing the locked versions without hash checks`);
    for (const [i, p] of locked.packages.entries()) {
        if (p.source) {
            const wheel = await wheelOf$1(plan, python, p, p.source, locked, path.join(work, 'local', String(i)), logger);
            lines.push(requireHashes ? `${wheel} --hash=sha256:${sha256$1(wheel)}` : wheel);
        }
        else {
            lines.push(`${p.name}==${p.version}${requireHashes ? p.hashes.map(h => ` --hash=${h}`).join('') : ''}`);
        }
    }
    const file = path.join(work, 'locked-requirements.txt');
    writeFileSync(file, lines.join('\n') + '\n');
    // Requires-Python is checked for the runtime after the install; pip would check it for its own interpreter.
    return { file, flags: ['--no-deps', ...(requireHashes ? ['--require-hashes'] : []), ...(installer === 'pip' ? ['--ignore-requires-python'] : [])] };
}
/** The wheel a non-index package installs from, made exactly from what the lock recorded. */
async function wheelOf$1(plan, python, p, source, locked, out, logger) {
    const what = describeSource(source);
    const relock = locked.relock ?? 'relock';
    makeFolders(out);
    switch (source.kind) {
        case 'directory':
            logger.info(`Building ${p.name} from ${what}${source.editable ? ' (locked as editable: installed as a regular package, so nothing points back at this machine)' : ''}`);
            return build(plan, python, p, locked, what, [source.path], out, logger, `fix its pyproject.toml so that "pip wheel ${source.path}" succeeds`);
        case 'file': {
            const actual = `sha256:${sha256$1(source.path)}`;
            if (p.hashes.length && !p.hashes.includes(actual)) {
                throw new SpindriftError(`${p.name} in ${locked.file} is ${what}, whose content (${actual}) is not what the lock records (${p.hashes[0]}), so it is not the file that was locked; restore that file, or ${relock}.`);
            }
            if (source.path.endsWith('.whl'))
                return source.path;
            logger.info(`Building ${p.name} from ${what}`);
            return build(plan, python, p, locked, what, [source.path], out, logger, `fix the archive, or ${relock}`);
        }
        case 'url': {
            // pip downloads the archive and checks it against the lock's hashes before it builds or saves it.
            const fragment = source.subdirectory ? `#subdirectory=${source.subdirectory}` : '';
            const wanted = path.join(out, 'requirement.txt');
            writeFileSync(wanted, `${p.name} @ ${source.url}${fragment}${p.hashes.map(h => ` --hash=${h}`).join('')}\n`);
            logger.info(`Fetching ${p.name} from ${what}`);
            const fix = `check that the URL still serves the file that was locked, or ${relock}`;
            // A wheel is downloaded as it is, judged for the target's platform; an sdist is built here.
            if (!new URL(source.url).pathname.endsWith('.whl'))
                return build(plan, python, p, locked, what, ['--require-hashes', '-r', wanted], out, logger, fix);
            const targetArgs = ['--only-binary=:all:', ...plan.platformTags.flatMap(tag => ['--platform', tag]), '--implementation', 'cp', '--python-version', plan.runtime.pythonVersion];
            return build(plan, python, p, locked, what, [...targetArgs, '--require-hashes', '-r', wanted], out, logger, fix, 'download');
        }
        case 'git': {
            // The full commit, never the branch the lock may also name: that branch may have moved since.
            const base = source.url.startsWith('git+') ? source.url : path.isAbsolute(source.url) ? `git+${pathToFileURL(source.url).href}` : `git+${source.url}`;
            const fragment = source.subdirectory ? `#subdirectory=${source.subdirectory}` : '';
            logger.info(`Building ${p.name} from ${what}`);
            // A bare URL: pip refuses "name @ git+file:///…" (a URL without a host) as a requirement.
            return build(plan, python, p, locked, what, [`${base}@${source.commit}${fragment}`], out, logger, `check that the repository is reachable and still has that commit, or ${relock}`);
        }
    }
}
/**
 * `pip wheel --no-deps` (or `pip download` of a wheel, for the target) into out; a wheel built here must be
 * pure Python, as it would otherwise be for this machine, not for Lambda.
 */
async function build(plan, python, p, locked, what, args, out, logger, fix, command = 'wheel') {
    const run = await runPip(python, [command, '--no-deps', command === 'wheel' ? '--wheel-dir' : '--dest', out, ...indexArgs(plan), ...args], logger, plan.projectDir);
    const wheels = readdirSafe(out).filter(f => f.endsWith('.whl'));
    if (run.exitCode !== 0 || wheels.length !== 1) {
        const output = `${run.stdout}\n${run.stderr}`;
        if (/DO NOT MATCH THE HASHES/i.test(output)) {
            throw new SpindriftError(`${p.name} in ${locked.file} is ${what}, which no longer serves the file that was locked (its hash differs from the lock's); if the file really changed, ${locked.relock ?? 'relock'}.`);
        }
        throw new SpindriftError(`Could not make ${p.name} from ${what}, which ${locked.file} names: ${pipTail(run)} ${fix[0].toUpperCase()}${fix.slice(1)}.`);
    }
    const wheel = path.join(out, wheels[0]);
    if (command === 'download')
        return wheel;
    const tag = /-([^-]+-[^-]+-[^-]+)\.whl$/.exec(wheels[0])?.[1] ?? '?';
    const compiled = new AdmZip(wheel).getEntries().find(e => /\.(so(\.\d+)*|pyd|dylib)$/.test(e.entryName));
    if (!tag.endsWith('-none-any') || compiled) {
        throw new SpindriftError(`${p.name} from ${what} (in ${locked.file}) builds a compiled wheel (${tag}${compiled ? `, ${compiled.entryName}` : ''}) for this machine, not for Lambda; lock a version of ${p.name} that publishes manylinux wheels on an index, or build it in a Lambda-compatible container.`);
    }
    return wheel;
}
function sha256$1(file) {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
}
function readdirSafe(dir) {
    try {
        return readdirSync(dir);
    }
    catch {
        return [];
    }
}

/** Does a Requires-Python admit the runtime? Lambda runs a late patch release, so any patch that fits counts. */
function admits(target, requires) {
    return ['0', '99'].some(patch => satisfies(`${target.runtime.pythonVersion}.${patch}`, requires) !== false);
}
/** The project's requires-python must admit the runtime's Python: the project says it would not run there. */
function checkProjectPython(projectDir, target) {
    const requires = text(table(readPyproject(projectDir)?.project)['requires-python']);
    if (!requires || admits(target, requires))
        return;
    throw new SpindriftError(`${path.join(projectDir, 'pyproject.toml')} says requires-python = ${quote(requires)}, but package.runtime ${target.runtime.name} runs Python ${target.runtime.pythonVersion}; set package.runtime to a runtime the project supports, or widen requires-python.`);
}
/**
 * Every installed distribution's Requires-Python must admit the runtime's Python: pip checks it against the
 * interpreter that runs it (pip 23.2), which may not be the runtime's, and a lock install skips the check.
 */
function checkInstalledPython(target, files) {
    for (const file of files) {
        if (!/^[^/]+\.dist-info\/METADATA$/.test(file.name))
            continue;
        const header = file.data.toString('utf8').split(/\r?\n\r?\n/)[0];
        const requires = /^Requires-Python:\s*(.+)$/m.exec(header)?.[1].trim();
        if (!requires || admits(target, requires))
            continue;
        const [, name, version] = /^([^/]+)-([^/-]+)\.dist-info\//.exec(file.name) ?? ['', file.name, ''];
        throw new SpindriftError(`${name} ${version} requires Python ${requires}, but ${target.runtime.name} runs Python ${target.runtime.pythonVersion}; pin a version of ${name} that supports Python ${target.runtime.pythonVersion} (or relock), or change package.runtime.`);
    }
}

/** One output line as a step, or undefined for lines that say nothing about progress. */
function installerStep(line) {
    const text = line.trim();
    let match = /^Collecting (\S+)/.exec(text);
    if (match)
        return { step: `collecting ${match[1]}`, newPackage: true };
    // A file:// index or a local wheel: pip says Processing where it would say Collecting.
    match = /^Processing (\S+)/.exec(text);
    if (match)
        return { step: `collecting ${match[1].replace(/^.*\//, '')}`, newPackage: true };
    match = /^(?:Downloading|Using cached) (\S+)/.exec(text);
    if (match)
        return { step: `downloading ${match[1].replace(/^https?:\/\/.*\//, '')}`, newPackage: false };
    match = /^Building wheels? for (\S+)/.exec(text) ?? /^Building (\S+)/.exec(text);
    if (match)
        return { step: `building ${match[1]}`, newPackage: false };
    match = /^Installing collected packages: (.*)$/.exec(text);
    if (match)
        return { step: `installing ${match[1].split(',').length} packages`, newPackage: false };
    // uv: "Resolved 7 packages in 12ms", "Prepared 7 packages in 1.2s", "Installed 7 packages in 8ms".
    match = /^(Resolved|Prepared|Installed) (\d+) packages?/.exec(text);
    if (match)
        return { step: `${match[1].toLowerCase()} ${match[2]} packages`, newPackage: false, total: Number(match[2]) };
    match = /^\+ (\S+)/.exec(text);
    if (match)
        return { step: `installed ${match[1]}`, newPackage: false };
    return undefined;
}
/**
 * A logger that also reports the installer's progress: each output line still goes to debug, and the lines
 * that say what it is doing become Progress updates for `task`. Call done() when the installer has finished.
 */
function withInstallerProgress(logger, task) {
    const started = Date.now();
    let count = 0;
    const report = (update) => logger.progress?.({ task, startedAt: started, ...update });
    report({ count, step: 'starting' });
    return {
        logger: {
            ...logger,
            debug: line => {
                logger.debug(line);
                const step = installerStep(line);
                if (!step)
                    return;
                if (step.newPackage)
                    count++;
                // uv says how many at once ("Resolved 7 packages"): that is the count from then on.
                if (step.total !== undefined)
                    count = step.total;
                report({ count, step: step.step });
            }
        },
        done: () => report({ count, done: true })
    };
}

// package.cooldown-days: refuse distributions uploaded less than N days ago. Resolution leaves them out when the
// installer can (pip 26's --uploaded-prior-to, uv's --exclude-newer, see install.ts); a lock's versions, and what
// an older pip resolved, are checked here against the index's upload times.
/** The first pip release with --uploaded-prior-to. */
const PIP_WITH_UPLOAD_FILTER = [26, 0];
/** Does this pip version have --uploaded-prior-to? */
function pipFiltersUploads(version) {
    const [major, minor] = (version ?? '0').split('.').map(Number);
    return major > PIP_WITH_UPLOAD_FILTER[0] || (major === PIP_WITH_UPLOAD_FILTER[0] && minor >= PIP_WITH_UPLOAD_FILTER[1]);
}
/** Does this installer leave out fresh releases while it resolves? Else what it resolved is checked afterwards. */
function filtersUploads(installer) {
    return installer.name !== 'pip' || pipFiltersUploads(installer.version);
}
/**
 * Every locked version must have been uploaded before the cutoff: its files (those whose hashes the lock
 * records, when the index gives hashes) are looked up on the index, one request per package, in parallel.
 */
async function checkLockedUploads(plan, locked, indexes) {
    await checkUploads(plan, locked.packages.filter(p => !p.source), indexes, {
        noTimes: (p, index) => `package.cooldown-days cannot check ${p.name} ${p.version}: the index ${index} gives no upload times (PEP 700's JSON "upload-time", as PyPI gives it); use an index that does, or remove package.cooldown-days.`,
        fresh: (p, uploaded, cutoff) => `${p.name} ${p.version}, which ${locked.file} locks, was uploaded on ${uploaded}, less than package.cooldown-days (${plan.cooldownDays}) days before today (the cutoff is ${cutoff}); lock an older version of ${p.name}, or wait until the cooldown has passed.`
    });
}
/**
 * What a pip older than 26 resolved (resolve.ts's `name==version sha256=…` lines), checked after the fact: that
 * pip cannot leave fresh releases out while it resolves, so one it chose is refused by name and upload date.
 */
async function checkResolvedUploads(plan, resolved, indexes, installer) {
    const packages = resolved.flatMap(line => {
        const m = /^(\S+?)==(\S+)(?: sha256=(\S+))?$/.exec(line);
        return m ? [{ name: m[1], version: m[2], hashes: m[3] ? m[3].split(',') : [] }] : [];
    });
    await checkUploads(plan, packages, indexes, {
        noTimes: (_p, index) => `package.cooldown-days cannot be checked against the index ${index}: it gives no upload times (PEP 700's JSON "upload-time", as PyPI gives it), and pip ${installer.version} cannot filter by upload time itself; use an index that gives them, pip 26.0 or later (python -m pip install -U "pip>=26") or package.installer: uv, or remove package.cooldown-days.`,
        fresh: (p, uploaded, cutoff) => `${p.name} ${p.version}, which pip ${installer.version} resolved, was uploaded on ${uploaded}, less than package.cooldown-days (${plan.cooldownDays}) days before today (the cutoff is ${cutoff}); pin an older version (for example "${canonicalName(p.name)}<${p.version}"), or use pip 26.0 or later or package.installer: uv, which leave such releases out while resolving.`
    });
}
/**
 * Each package's files (those whose hashes are known, when the index gives hashes) are looked up on the
 * index, one request per package, in parallel: the earliest upload must be before the cutoff.
 */
async function checkUploads(plan, packages, indexes, say) {
    const cutoff = plan.uploadedBefore;
    if (!cutoff)
        return;
    const asked = indexes.length ? indexes : ['https://pypi.org/simple'];
    const checks = packages.map(async (p) => {
        let files = [];
        let index = asked[0];
        for (const candidate of asked) {
            files = (await projectFiles(candidate, p.name)).filter(f => versionOf(f.filename, p.name) === p.version);
            index = candidate;
            if (files.length)
                break;
        }
        // Not on any index: the install itself says so.
        if (files.length === 0)
            return undefined;
        const knownHashes = new Set(p.hashes.map(h => h.replace(/^sha256:/, '')));
        const matched = files.filter(f => f.sha256 && knownHashes.has(f.sha256));
        const chosen = matched.length ? matched : files;
        if (chosen.some(f => !f.uploadTime))
            return say.noTimes(p, stripCredentials(index));
        const uploaded = chosen.map(f => f.uploadTime).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
        if (Date.parse(uploaded) < Date.parse(cutoff))
            return undefined;
        return say.fresh(p, uploaded.slice(0, 10), cutoff.slice(0, 10));
    });
    const problems = (await Promise.all(checks)).filter((m) => Boolean(m));
    if (problems.length)
        throw new SpindriftError(problems[0]);
}

/** The pip command line that installs for the Lambda target instead of for the machine running it. */
function pipInstallArgs(plan, requirements, target, pipVersion) {
    return [
        'install',
        '--target', target,
        ...plan.platformTags.flatMap(tag => ['--platform', tag]),
        '--implementation', 'cp',
        '--python-version', plan.runtime.pythonVersion,
        '--only-binary=:all:',
        '--no-compile',
        '--no-warn-script-location',
        '--progress-bar', 'off',
        ...indexArgs(plan),
        // A lock's versions, and what a pip older than 26 resolved, are checked against the cooldown by spindrift (deps/cooldown.ts).
        ...(plan.uploadedBefore && !requirements.locked && pipFiltersUploads(pipVersion) ? ['--uploaded-prior-to', plan.uploadedBefore] : []),
        ...requirements.files.flatMap(file => ['-r', file]),
        ...requirements.requirements
    ];
}
/**
 * uv resolves markers for --python-version/--python-platform itself. Its platform names stop at glibc
 * versions it knows, so AL2 (2.26) is asked for manylinux_2_17: never a too-new wheel, at worst a missing one.
 */
function uvInstallArgs(plan, python, requirements, target) {
    return [
        'pip', 'install',
        '--target', target,
        '--python', python.command,
        '--python-version', plan.runtime.pythonVersion,
        '--python-platform', uvPlatform(plan),
        '--only-binary', ':all:',
        ...indexArgs(plan),
        ...(plan.uploadedBefore && !requirements.locked ? ['--exclude-newer', plan.uploadedBefore] : []),
        ...requirements.files.flatMap(file => ['-r', file]),
        ...requirements.requirements
    ];
}
/** Install the requirements for the target and return the installed files, ready to zip. */
async function installDependencies(plan, python, installer, given, logger) {
    const built = new Set();
    if (given.locked ? given.locked.packages.length === 0 : given.requirements.length === 0 && given.files.length === 0)
        return { files: [], origins: new Map(), built };
    const work = makeWorkFolder('deps');
    // A lock is installed as one generated requirements file, exactly, without resolving anything.
    const locked = given.locked && (await lockedRequirements(plan, python, given.locked, installer.name, work, logger));
    const requirements = locked ? { ...given, files: [locked.file], requirements: [] } : given;
    const target = path.join(work, 'target');
    // Wheels built here from source-only packages (pure Python only), offered to the installer on the next try.
    const builtWheels = path.join(work, 'built');
    // pip's account of each file it took (URL, hash): the "why this wheel" report and the SBOM's hashes.
    const report = path.join(work, 'install-report.json');
    try {
        logger.info(`Installing the dependencies for ${plan.runtime.name} on ${plan.architecture} with ${installer.name} ${installer.version}`);
        const progress = withInstallerProgress(logger, 'Installing the dependencies');
        for (let attempt = 0;; attempt++) {
            const args = installer.name === 'pip' ? pipInstallArgs(plan, requirements, target, installer.version) : uvInstallArgs(plan, python, requirements, target);
            if (locked)
                args.push(...locked.flags);
            if (attempt > 0)
                args.push('--find-links', builtWheels);
            if (installer.name === 'pip')
                args.push('--report', report);
            rmSync(target, { recursive: true, force: true });
            const run = await runTool(installer.command[0], [...installer.command.slice(1), ...args], python.env, progress.logger, plan.projectDir).finally(progress.done);
            if (run.exitCode === 0)
                break;
            const output = `${run.stdout}\n${run.stderr}`;
            const missing = missingWheel(output);
            // "No such package" may really be an index that is down, refuses the credentials or does not answer.
            const unusable = missing && (await indexProblem(indexesOf(plan, requirements.files, python.env), missing, python.env));
            if (unusable)
                throw new SpindriftError(`${installer.name} found no ${quote(missing)} because ${unusable}; check the index URL (package.index-url or the requirements file), the network and the credentials.`);
            // Behind a proxy nothing is probed, but pip's own output says when it could not read an index.
            const unreadable = missing && connectionProblem(output);
            if (unreadable)
                throw new SpindriftError(`${installer.name} found no ${quote(missing)}, and ${unreadable}; check the index URL (package.index-url or the requirements file), the network, the proxy and the credentials.`);
            if (!missing || attempt >= MAX_SOURCE_BUILDS)
                throw installFailure(plan, installer, output, pipTail(run), run.signal ? undefined : run.exitCode);
            built.add(canonicalName(await buildPureWheel(plan, python, installer, missing, requirements.files, builtWheels, logger, !given.locked)));
        }
        const files = installedFiles(target);
        checkInstalledPython(plan, files);
        // A lock's markers were decided for the target already, and --no-deps leaves pip none to evaluate.
        if (installer.name === 'pip' && !locked && !interpreterMatches(plan, python)) {
            logger.info(`Checking every dependency marker for ${plan.runtime.name} on ${plan.architecture} (pip evaluated them for Python ${python.minor} on ${python.machine})`);
            await checkMarkers(plan, python, requirementsSeen(requirements.normalised, files));
        }
        return { files, origins: readPipReport(report, { built: builtWheels, local: path.join(work, 'local') }), built };
    }
    finally {
        rmSync(work, { recursive: true, force: true });
    }
}
/** How many source-only packages one install may build before giving up. */
const MAX_SOURCE_BUILDS = 20;
/** The requirement the installer found no wheel for, from its output. */
function missingWheel(output) {
    const found = /No matching distribution found for (\S+)/.exec(output) ??
        /Because (\S+?)(?:==\S+)? has no wheels with a matching/.exec(output) ??
        /Because (\S+) was not found in the package registry/.exec(output);
    return found?.[1];
}
/**
 * A package with no wheel for the target may still publish source: build its wheel here and accept it only
 * if it is pure Python (a compiled one would be for this machine, not for Lambda).
 */
async function buildPureWheel(plan, python, installer, requirement, requirementFiles, into, logger, resolves) {
    const name = requirement.split(/[<>=!~;\[ @]/)[0];
    // pip wheel chooses the source release itself: under package.cooldown-days it must leave out fresh ones too.
    const cooldown = plan.uploadedBefore && resolves ? ['--uploaded-prior-to', plan.uploadedBefore] : [];
    if (cooldown.length && !pipFiltersUploads(python.pip)) {
        throw new SpindriftError(`No wheel of "${requirement}" fits ${plan.runtime.name} on ${plan.architecture}, so it must be built from source, but pip ${python.pip ?? '(missing)'} in ${python.command} cannot leave out sources uploaded after ${plan.uploadedBefore.slice(0, 10)} (package.cooldown-days needs pip 26.0 or later); upgrade that pip, pin a version of ${name} that publishes a wheel, or install from a lock.`);
    }
    const attempt = makeWorkFolder('sdist');
    try {
        logger.info(`No wheel of ${requirement} fits ${plan.runtime.name} on ${plan.architecture}: building it from source`);
        // The source comes from the indexes the install used, including those the requirements files name.
        const wanted = path.join(attempt, 'requirement.txt');
        writeFileSync(wanted, [...indexOptionLines(requirementFiles), requirement, ''].join('\n'));
        const run = await runPip(python, ['wheel', '--no-deps', '--no-binary', name, '--wheel-dir', attempt, ...indexArgs(plan), ...cooldown, '-r', wanted], logger, plan.projectDir);
        const built = readdirSync(attempt).filter(f => f.endsWith('.whl'));
        if (run.exitCode !== 0 || built.length !== 1) {
            if (missingWheel(`${run.stdout}\n${run.stderr}`))
                throw installFailure(plan, installer, `No matching distribution found for ${requirement}`, '');
            throw new SpindriftError(`No wheel of ${quote(requirement)} fits ${plan.runtime.name} on ${plan.architecture}, and building it from source failed: ${pipTail(run)} Pin a version that publishes a wheel for this platform.`);
        }
        const wheel = built[0];
        const [, version, tag] = /^[^-]+-([^-]+)-(?:\d[^-]*-)?(.+)\.whl$/.exec(wheel) ?? [wheel, '?', '?'];
        const compiled = new AdmZip(path.join(attempt, wheel)).getEntries().find(e => /\.(so(\.\d+)*|pyd|dylib)$/.test(e.entryName));
        if (!tag.endsWith('-none-any') || compiled) {
            throw new SpindriftError(`${quote(name)} ${version} publishes no wheel for ${plan.runtime.name} on ${plan.architecture} (tried ${triedTags(plan, installer)}), and its source builds a compiled wheel (${tag}${compiled ? `, ${compiled.entryName}` : ''}) for this machine, not for Lambda; pin a version of ${name} that publishes manylinux wheels, or build it in a Lambda-compatible container.`);
        }
        makeFolders(into);
        copyFileSync(path.join(attempt, wheel), path.join(into, wheel));
        logger.info(`Built ${wheel} from source: pure Python, so it runs on Lambda as it is`);
        return name;
    }
    finally {
        rmSync(attempt, { recursive: true, force: true });
    }
}
/** The platform tags the installer was given, in words. */
function triedTags(plan, installer) {
    return installer.name === 'pip' ? describeTags(plan.runtime, plan.architecture) : uvPlatform(plan);
}
function installFailure(plan, installer, output, tail, exitCode) {
    if (/DO NOT MATCH THE HASHES|hash mismatch/i.test(output)) {
        // pip: "    name==1.0 from file:///…/name-1.0-py3-none-any.whl#sha256=…:"; uv: "Hash mismatch for `name==1.0`".
        const url = /^\s*\S+==\S+ from (\S+?\.(?:whl|tar\.gz|zip))\b/m.exec(output)?.[1];
        const file = url ? url.split('/').pop() : /Hash mismatch for `?([^`\s]+)/i.exec(output)?.[1];
        return new SpindriftError(`${installer.name} refused ${file ? `${file}, whose` : 'a file whose'} hash differs from what the lock records, so it is not the file that was locked; if the index really changed the file, relock (otherwise the index is not serving what it served before).`);
    }
    const missing = missingWheel(output) ?? /Could not find a version that satisfies the requirement (\S+)/.exec(output)?.[1];
    if (missing) {
        return new SpindriftError(`No wheel of ${quote(missing)} fits ${plan.runtime.name} on ${plan.architecture} (tried ${triedTags(plan, installer)}, abi3 and pure-Python wheels), or no such package exists on the index; check the name, or pin a version that publishes a wheel for this platform.`);
    }
    // Python's zipfile reads a wheel's flagged entry names as UTF-8: one that is not stops the install there.
    // (zipfile's own frame in the traceback tells this from a setup.py that meets a decoding error.)
    if (/UnicodeDecodeError: 'utf-8' codec can't decode/.test(output) && /zipfile\.py", line \d+, in _RealGetContents/.test(output)) {
        const wheel = [...output.matchAll(/(?:Processing|Downloading|Using cached) (?:\S*\/)?([^/\s]+\.whl)/g)].pop()?.[1];
        return new SpindriftError(`${installer.name} could not install ${wheel ? `the wheel ${wheel}` : 'a wheel'} for ${plan.runtime.name} on ${plan.architecture}: it holds a file name that is not valid UTF-8, which no Lambda zip can carry under the same name; pin a version of that distribution whose file names are UTF-8, or drop it.`);
    }
    const unreadable = connectionProblem(output);
    if (unreadable) {
        return new SpindriftError(`${installer.name} could not install the dependencies for ${plan.runtime.name} on ${plan.architecture}: ${unreadable}; check the index URL (package.index-url or the requirements file), the network, the proxy and the credentials.`);
    }
    if (!tail) {
        return new SpindriftError(`${installer.name} stopped without a word while installing the dependencies for ${plan.runtime.name} on ${plan.architecture} (${typeof exitCode === 'number' ? `exit code ${exitCode}` : 'killed by a signal'}: out of memory?); run the build again, and check the runner's memory.`);
    }
    return new SpindriftError(`${installer.name} could not install the dependencies for ${plan.runtime.name} on ${plan.architecture}: ${tail} Fix the requirement ${installer.name} names.`);
}
/**
 * The files pip put in the target, minus what must not ship: console scripts in bin/ (their shebang names
 * this machine's Python), direct_url.json (it records local paths) and uv's .lock. RECORD files drop those lines too,
 * so the layer is the same bytes on every machine.
 */
function installedFiles(target) {
    const files = [];
    const walk = (dir, prefix) => {
        for (const name of readdirSync(dir).sort()) {
            const full = path.join(dir, name);
            const rel = prefix ? `${prefix}/${name}` : name;
            // A name that is not UTF-8 reads as U+FFFD and cannot be opened by it: checkShippable refuses it by name.
            if (name.includes('\uFFFD')) {
                files.push({ name: rel, data: Buffer.alloc(0) });
                continue;
            }
            const stat = statSync(full);
            if (stat.isDirectory()) {
                if (name === '__pycache__' || (!prefix && name === 'bin'))
                    continue;
                walk(full, rel);
            }
            else if (stat.isFile()) {
                // uv leaves its lock file for the target folder at the top: not part of any distribution.
                if (/\.dist-info\/direct_url\.json$/.test(rel) || rel.endsWith('.pyc') || rel === '.lock')
                    continue;
                // Refused before it is read: a file Lambda could never unzip (or one over the 2 GiB a read can hold).
                if (stat.size > UNZIPPED_LIMIT)
                    throw oversized(rel, stat.size, 'dependencies', records(target));
                let data = readFileSync(full);
                if (/^[^/]+\.dist-info\/RECORD$/.test(rel))
                    data = cleanRecord(data);
                files.push({ name: rel, data, executable: (stat.mode & 0o111) !== 0 });
            }
        }
    };
    walk(target, '');
    return files;
}
/** The top-level RECORD files of an install, to name the distribution a file came from. */
function records(target) {
    return readdirSync(target)
        .filter(n => n.endsWith('.dist-info') && existsSync(path.join(target, n, 'RECORD')))
        .map(n => ({ name: `${n}/RECORD`, data: readFileSync(path.join(target, n, 'RECORD')) }));
}
function cleanRecord(record) {
    const kept = record
        .toString('utf8')
        .split('\n')
        .filter(line => !line.startsWith('../') && !/\.dist-info\/direct_url\.json,/.test(line) && !/__pycache__\//.test(line));
    return Buffer.from(kept.join('\n'), 'utf8');
}

// What pip read while it resolved: the index pages and find-links locations it names in its -vv output. The
// resolution memo (resolutionmemo.ts) checks these again before it trusts an earlier resolution.
/** Collects pip's -vv lines one at a time (they can run to megabytes; only the few that matter are kept). */
class PipPagesReader {
    sources = new Map();
    lookups = 0;
    fetchFailed = false;
    inLocations = false;
    line(raw) {
        const line = raw.trim();
        const add = (kind, url) => {
            this.sources.set(`${kind} ${url}`, { kind, url });
        };
        if (/^\d+ location\(s\) to search for versions of /.test(line)) {
            this.lookups++;
            this.inLocations = true;
            return;
        }
        // The locations follow their count as "* URL" lines.
        if (this.inLocations && line.startsWith('* '))
            return add('page', line.slice(2).trim());
        this.inLocations = false;
        const fetching = /^Fetching project page and analyzing links: (\S+)/.exec(line);
        if (fetching)
            return add('page', fetching[1]);
        // A file:// project folder that does not exist is skipped: if it appears later, pip will read it.
        const ignored = /Location '([^']+)' is ignored/.exec(line);
        if (ignored)
            return add('page', ignored[1]);
        const links = /^Looking in links: (.+)$/.exec(line);
        if (links)
            for (const link of links[1].split(', ').map(l => l.trim()).filter(Boolean))
                add('links', link);
        if (/^Could not fetch URL /.test(line))
            this.fetchFailed = true;
    }
    reading() {
        return { sources: [...this.sources.values()], lookups: this.lookups, fetchFailed: this.fetchFailed };
    }
}
/**
 * `python -m pip` at -vv, but without its per-link lines ("Skipping link …", "Found link …"): on a set with
 * big index pages (botocore's has thousands of files) they are nearly all of pip's output, megabytes of it,
 * and formatting and printing them more than doubles the resolution's time. The lines the reader needs are
 * kept. Should pip's module layout differ, nothing is filtered: slower, never different.
 */
const QUIET_LINKS_PIP = String.raw `
import os, sys
# As pip's own __main__ does, and before any import: the project folder (the working directory) shadows nothing.
if sys.path and sys.path[0] in ("", os.getcwd()):
    sys.path.pop(0)
import logging, runpy
try:
    import pip._internal.index.package_finder as finder
    class PerLinkLines(logging.Filter):
        def filter(self, record):
            return not (record.levelno < logging.INFO and isinstance(record.msg, str) and record.msg.startswith(("Skipping link", "Found link")))
    logging.getLogger(finder.__name__).addFilter(PerLinkLines())
except Exception:
    pass
runpy.run_module("pip", run_name="__main__", alter_sys=True)
`;
/** The command that runs pip for a -vv resolution read by PipPagesReader: [python, -c, …] instead of [python, -m, pip]. */
function pipForPageReading(command) {
    return command.length === 3 && command[1] === '-m' && command[2] === 'pip' ? [command[0], '-c', QUIET_LINKS_PIP] : [...command];
}
/** pip's own redaction of a URL's credentials: user:password → user:****, a lone token → ****. */
function pipRedacted(url) {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/i, (_all, scheme, userinfo) => {
        const colon = userinfo.indexOf(':');
        return `${scheme}${colon >= 0 ? `${userinfo.slice(0, colon)}:****` : '****'}@`;
    });
}
/**
 * A URL pip printed redacted, with the credentials of the configured index or find-links URL it starts with
 * put back; undefined when it carries redacted credentials that no configured URL explains (from a netrc or
 * keyring: spindrift cannot read the page as pip did).
 */
function withCredentials(printed, configured) {
    if (!/^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]*\*\*\*\*[^\s/?#]*@/i.test(printed))
        return printed;
    for (const url of configured) {
        const base = url.replace(/\/+$/, '');
        const redacted = pipRedacted(base);
        if (redacted === base)
            continue;
        if (printed === redacted || printed.startsWith(`${redacted}/`) || printed.startsWith(`${redacted}?`))
            return base + printed.slice(redacted.length);
    }
    return undefined;
}

function parseWheel(filename) {
    const m = /^([^-]+)-([^-]+)(?:-\d[^-]*)?-([^-]+)-([^-]+)-([^-]+)\.whl$/.exec(filename);
    if (!m)
        return undefined;
    const tags = m[3].split('.').flatMap(python => m[4].split('.').flatMap(abi => m[5].split('.').map(platform => ({ python, abi, platform }))));
    return { version: m[2], tags, filename };
}
/**
 * Every tag the target's CPython accepts, best first, in the order pip and uv both take from the packaging
 * library: this interpreter's ABI on every platform, then abi3, then no ABI; abi3 of older CPythons; pure
 * Python tags per platform (py3X, py3, py3(X-1)…); and last the "any" platform.
 */
function supportedTags(target, platforms) {
    const [, minor] = target.runtime.pythonVersion.split('.').map(Number);
    const cp = `cp3${minor}`;
    const tags = [];
    const onEvery = (python, abi) => platforms.forEach(platform => tags.push(`${python}-${abi}-${platform}`));
    for (const abi of [cp, 'abi3', 'none'])
        onEvery(cp, abi);
    for (let older = minor - 1; older >= 2; older--)
        onEvery(`cp3${older}`, 'abi3');
    const pythons = [`py3${minor}`, 'py3', ...Array.from({ length: minor }, (_, i) => `py3${minor - 1 - i}`)];
    for (const python of pythons)
        onEvery(python, 'none');
    tags.push(`${cp}-none-any`, ...pythons.map(python => `${python}-none-any`));
    return tags;
}
/** The best wheel of a version for the target, as pip would choose it. */
function bestWheel(wheels, target, platforms) {
    const ranks = new Map(supportedTags(target, platforms).map((tag, i) => [tag, i]));
    let best;
    for (const wheel of wheels) {
        for (const tag of wheel.tags) {
            const name = `${tag.python}-${tag.abi}-${tag.platform}`;
            const r = ranks.get(name);
            if (r !== undefined && (!best || r < best.rank))
                best = { wheel, tag: name, rank: r };
        }
    }
    return best && { wheel: best.wheel, tag: best.tag };
}

// Which file to fetch for each distribution of a resolved set: pip's installation report names the exact
// file it would install, with its URL and sha256. Anything but a wheel from an index is left to the installer.
/**
 * One line of a resolution (the cache key is made of these): `name==version sha256=a,b`, or `name==version`
 * when no hash is known. pip's report (resolve.ts) and uv's pylock.toml (pylock.ts) both write it here.
 */
const resolvedLine = (name, version, hashes) => `${name}==${version}${hashes.length ? ` sha256=${hashes.join(',')}` : ''}`;
/** Every sha256 the resolved lines name (a line without one gives ''): what a remembered resolution's wheels are checked against. */
const resolvedHashes = (lines) => new Set(lines.flatMap(line => (/ sha256=(\S+)$/.exec(line)?.[1] ?? '').split(',')));
/** Why there are no wheels when the installer's resolution failed: the installer then runs, and says what is wrong. */
const unresolved = (installer) => `${installer} could not resolve the set here, so the installer reports why`;
const UNRESOLVED = unresolved('pip');
/** The wheels of a report, or why the fast path does not apply (a sentence fragment for the log line). */
function chooseWheels(items) {
    const wheels = [];
    for (const item of items) {
        const name = canonicalName(item.metadata.name);
        const info = item.download_info;
        const url = info?.url;
        if (!url || item.is_direct || !info.archive_info)
            return `${name} comes from a URL, a folder or version control, not from an index`;
        const filename = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
        if (!filename.endsWith('.whl'))
            return `${name} is a source distribution (${filename}), not a wheel`;
        const sha256 = info.archive_info.hashes?.sha256 ?? /^sha256[=:]([0-9a-f]{64})$/.exec(info.archive_info.hash ?? '')?.[1];
        if (!sha256)
            return `the index gives no sha256 for ${filename}`;
        wheels.push({ name, version: item.metadata.version, filename, url, sha256, requested: item.requested === true });
    }
    return wheels.sort(byName);
}

// Which file uv would install for each distribution: `uv pip compile --format pylock.toml` for one Python
// version and platform lists, per package, the one wheel uv picks (URL and sha256). The same document gives the
// resolved lines of the cache key, so one uv call does both.
/**
 * The resolution a pylock.toml describes: `name==version sha256=…` per package (the hash of the file uv
 * installs), and its wheels, or why the fast path does not apply. undefined when the document is not a pylock
 * uv writes. uv marks every package it installs REQUESTED, dependencies too, so every wheel is "requested".
 */
function pylockResolution(text, target) {
    const doc = parseToml(text);
    const packages = doc?.packages;
    if (!Array.isArray(packages) || !packages.every(isTomlTable))
        return undefined;
    const lines = [];
    const wheels = [];
    let why;
    for (const p of packages) {
        if (typeof p.name !== 'string')
            return undefined;
        const name = canonicalName(p.name);
        const version = typeof p.version === 'string' ? p.version : '';
        const files = Array.isArray(p.wheels) ? p.wheels.filter(isTomlTable) : [];
        const sdist = isTomlTable(p.sdist) ? p.sdist : undefined;
        // One wheel: its hash. Several (uv picks at install time): all of them, so the key still names the files
        // and the "why this wheel" report can match the installed one against the index.
        const hashes = files.length ? files.map(sha256Of).filter((h) => Boolean(h)).sort() : [sdist && sha256Of(sdist)].filter((h) => Boolean(h));
        lines.push(resolvedLine(name, version, hashes));
        why ??= wheelOf(name, version, files, sdist, p, wheels, target);
    }
    return { lines: lines.sort(), wheels: why ?? wheels.sort(byName) };
}
/** Adds the package's one wheel to `wheels`, or says why there is none to use. */
function wheelOf(name, version, files, sdist, p, wheels, target) {
    if (files.length === 0)
        return sdist ? `${name} is a source distribution, not a wheel` : `${name} comes from a URL, a folder or version control, not from an index`;
    // Several wheels: uv takes the one whose best tag ranks first on the target, as pip would; without a clear first, uv decides.
    const file = files.length === 1 ? files[0] : target && firstByTags(files, target);
    if (!file)
        return `uv lists ${files.length} wheels of ${name} for the target`;
    const url = file.url;
    if (typeof url !== 'string')
        return `${name} comes from a local folder or file, not from an index`;
    const filename = fileNameOf(url);
    const sha256 = sha256Of(file);
    if (!filename.endsWith('.whl'))
        return `${name}'s file ${filename} is not a wheel`;
    if (!sha256)
        return `the index gives no sha256 for ${filename}`;
    if (p.marker !== undefined) {
        // uv keeps markers such as python_full_version == '3.11.*' that the target decides: decided here, the same
        // for every patch release of its Python, or left to uv.
        const holds = typeof p.marker === 'string' && target ? decidedOn(p.marker, target) : undefined;
        if (holds === undefined)
            return `${name} carries a marker uv left to install time`;
        // Not for this target: uv installs nothing of it.
        if (!holds)
            return undefined;
    }
    wheels.push({ name, version, filename, url, sha256, requested: true });
    return undefined;
}
function fileNameOf(url) {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
}
/** The wheel whose best tag ranks first among the target's tags; undefined when one is not understood or two tie. */
function firstByTags(files, target) {
    const ranks = new Map(supportedTags(target, platformTags(target.runtime, target.architecture)).map((tag, i) => [tag, i]));
    const ranked = files.map(file => {
        const parsed = typeof file.url === 'string' ? parseWheel(fileNameOf(file.url)) : undefined;
        const best = parsed ? Math.min(...parsed.tags.map(t => ranks.get(`${t.python}-${t.abi}-${t.platform}`) ?? Infinity)) : Infinity;
        return { file, best };
    });
    if (ranked.some(r => r.best === Infinity))
        return undefined;
    ranked.sort((a, b) => a.best - b.best);
    return ranked[0].best < ranked[1].best ? ranked[0].file : undefined;
}
function decidedOn(marker, target) {
    // Extras and groups are what the install asks for, not the target: those markers stay uv's to decide.
    if (/\b(extra|extras|dependency_groups)\b/.test(marker))
        return undefined;
    try {
        return holdsOnTarget(marker, target, 'uv\'s resolution');
    }
    catch {
        return undefined;
    }
}
function sha256Of(file) {
    const hashes = file.hashes;
    const sha = isTomlTable(hashes) ? hashes.sha256 : undefined;
    return typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha) ? sha : undefined;
}

/**
 * What an unlocked set resolves to for the target, now: `name==version sha256=…` per distribution, sorted.
 * The cache key is made from this, not from the requirement text, so a release inside a range is picked up
 * by the next build. pip resolves with `install --dry-run --report` and the very flags of the real install;
 * uv with `pip compile` for the same Python version and platform. undefined when resolution fails: the
 * install then fails with the installer's own words. `onLine` sees each line of pip's -vv output (where it
 * looked: see resolutionmemo.ts); only pip's warnings and errors go on to the debug log.
 */
async function resolveForTarget(plan, python, installer, requirements, logger, onLine) {
    if (requirements.requirements.length === 0 && requirements.files.length === 0)
        return { lines: [], wheels: [] };
    logger.info(`Resolving the dependencies for ${plan.runtime.name} on ${plan.architecture} (the cache key is the resolved set)`);
    if (installer.name === 'pip') {
        const items = await pipReport(plan, python, installer, requirements, [], logger, onLine);
        return items && { lines: items.map(describe$1).sort(), wheels: chooseWheels(items) };
    }
    return uvCompile(plan, python, installer, requirements, [], logger);
}
/**
 * What uv would install, from `uv pip compile --format pylock.toml` for the target's Python version and platform
 * (with `extra` flags); undefined when uv fails. pylock.toml names the one file uv installs per package: the
 * key's lines and the wheels come from this one call.
 */
async function uvCompile(plan, python, installer, requirements, extra, logger) {
    const work = makeWorkFolder('resolve');
    try {
        const input = path.join(work, 'requirements.in');
        writeFileSync(input, requirements.requirements.join('\n') + '\n');
        const install = uvInstallArgs(plan, python, { ...requirements, requirements: [], files: [] }, path.join(work, 'target'));
        // uv pip compile takes pip install's target options (not --target) and its requirements files as sources.
        const options = install.slice(2).filter((arg, i, all) => arg !== '--target' && all[i - 1] !== '--target');
        const sources = [input, ...requirements.files];
        const run = await runTool(installer.command[0], [...installer.command.slice(1), 'pip', 'compile', '--quiet', '--no-header', '--format', 'pylock.toml', ...options, ...extra, ...sources], python.env, logger, plan.projectDir);
        if (run.exitCode !== 0)
            return undefined;
        return pylockResolution(run.stdout, plan);
    }
    finally {
        rmSync(work, { recursive: true, force: true });
    }
}
/**
 * What pip would install, from `install --dry-run --report` with the real install's flags (and `extra`);
 * undefined when pip fails. With `onLine`, pip runs with -vv and every line goes to it instead of the log.
 */
async function pipReport(plan, python, installer, requirements, extra, logger, onLine) {
    const work = makeWorkFolder('resolve');
    try {
        const report = path.join(work, 'report.json');
        const args = [...pipInstallArgs(plan, requirements, path.join(work, 'target'), installer.version), ...extra, '--dry-run', '--ignore-installed', onLine ? '-vv' : '--quiet', '--report', report];
        // pip's -vv chatter stays out of the log, but its warnings and errors do not, nor anything when the user asked for pip's verbose output.
        const verbose = Boolean(python.env.PIP_VERBOSE);
        const observer = onLine ? { ...logger, debug: line => { onLine(line); if (verbose || /^(ERROR|WARNING):/.test(line))
                logger.debug(line); } } : logger;
        // Asked for pip's verbose output, the user gets all of it; otherwise the per-link lines are not even printed.
        const command = onLine && !verbose ? pipForPageReading(installer.command) : installer.command;
        const run = await runTool(command[0], [...command.slice(1), ...args], python.env, observer, plan.projectDir);
        if (run.exitCode !== 0)
            return undefined;
        return JSON.parse(readFileSync(report, 'utf8')).install ?? [];
    }
    finally {
        rmSync(work, { recursive: true, force: true });
    }
}
/** Whether a remembered value (resolutionmemo.ts) has the shape resolveForTarget gives, and its wheels are the resolved lines' files. */
function isResolution(value) {
    if (typeof value !== 'object' || value === null)
        return false;
    const { lines, wheels } = value;
    if (!Array.isArray(lines) || !lines.every(line => typeof line === 'string'))
        return false;
    if (wheels === undefined || typeof wheels === 'string')
        return true;
    if (!Array.isArray(wheels))
        return false;
    const hashes = resolvedHashes(lines);
    return wheels.every(w => typeof w === 'object' && w !== null && ['name', 'version', 'filename', 'url', 'sha256'].every(k => typeof w[k] === 'string') && typeof w.requested === 'boolean' && hashes.has(w.sha256));
}
function describe$1(item) {
    const archive = item.download_info?.archive_info;
    const hash = archive?.hashes?.sha256 ?? archive?.hash?.replace(/^sha256[=:]/, '');
    return resolvedLine(canonicalName(item.metadata.name), item.metadata.version, hash ? [hash] : []);
}

// A lock already names every file it allows (a sha256 per file, per package), so which wheel to ship needs no
// resolver: the index page of each package says which of those files are wheels and for which tags, and the
// one ranking first on the target is the one pip or uv would install. No installer runs; every file is still
// checked against the lock's hash when it is fetched (download.ts). Anything this cannot decide exactly as the
// installer would is left to the installer's own route, with the reason.
/** The installer's index variables that indexesOf reads, pip's find-links (read here too) and the configuration file variables (whose files' keys are checked). */
const FOLLOWED = /^(PIP_INDEX_URL|PIP_EXTRA_INDEX_URL|PIP_FIND_LINKS|PIP_CONFIG_FILE|UV_INDEX_URL|UV_DEFAULT_INDEX|UV_EXTRA_INDEX_URL|UV_CONFIG_FILE|UV_NO_CONFIG)=/;
/**
 * uv settings (uv.toml keys, [tool.uv] keys) that cannot change which file of a locked version uv installs:
 * the project's layout, resolution-only inputs (the lock already holds the outcome), cache and output tuning.
 * Anything else (indexes, find-links, no-binary, exclude-newer, a [pip] table…) leaves the choice to uv.
 */
const UV_INERT_KEYS = new Set([
    'dev-dependencies', 'default-groups', 'package', 'workspace', 'managed', 'conflicts', 'required-version', 'sources',
    'environments', 'required-environments', 'constraint-dependencies', 'override-dependencies', 'build-constraint-dependencies',
    'build-backend', 'cache-keys', 'cache-dir', 'no-cache', 'python-preference', 'python-downloads', 'link-mode',
    'compile-bytecode', 'native-tls', 'concurrent-downloads', 'concurrent-builds', 'concurrent-installs', 'preview'
]);
/**
 * The wheel of every locked package for the target, read from the indexes, or why the installer must choose
 * (a sentence fragment for one log line).
 */
async function pickLockedWheels(plan, locked, installer, files, prefix, env) {
    if (locked.packages.some(p => p.source || p.hashes.length === 0))
        return 'the lock names a package without file hashes, or one that does not come from an index';
    const places = placesOf(plan, installer, files, prefix, env);
    if (typeof places === 'string')
        return places;
    try {
        const picks = await Promise.all(locked.packages.map(p => pickOne(plan, p, places, installer)));
        const why = picks.find((pick) => typeof pick === 'string');
        return why ?? picks.sort(byName);
    }
    catch (error) {
        // An index that cannot be read here: the installer reads it its own way (.netrc, keyring) or says what is wrong.
        if (error instanceof SpindriftError)
            return error.message.replace(/\.$/, '');
        throw error;
    }
}
/** Where the installer would look, or why that cannot be known here: a setting of its own this route does not follow. */
function placesOf(plan, installer, files, prefix, env) {
    const proxy = proxyVariable(env);
    if (proxy)
        return `${proxy} is set, and only ${installer} goes through the proxy`;
    const settings = installerSettings(installer, plan.projectDir, prefix, env);
    const variable = settings.find(setting => /^[A-Z0-9_]+=/.test(setting) && !FOLLOWED.test(setting));
    if (variable)
        return `${installer} has the setting ${variable.replace(/=.*/, '')} of its own`;
    if (installer === 'pip') {
        const entry = pipConfigEntries(prefix, env).find(e => !isInertPipKey(e.key));
        if (entry)
            return `pip's configuration sets ${entry.key}`;
    }
    else {
        const key = uvConfigKeys(plan.projectDir, env).find(k => !UV_INERT_KEYS.has(k));
        if (key)
            return `uv's configuration sets ${key}`;
    }
    const lines = indexOptionLines(files);
    const option = lines.find(line => !/^(?:-i|--index-url|--extra-index-url|-f|--find-links) \S+$/.test(line));
    if (option)
        return `the requirements files set ${option.split(' ')[0]}`;
    const links = [...lines.flatMap(line => /^(?:-f|--find-links) (\S+)$/.exec(line)?.[1] ?? []), ...(installer === 'pip' ? (env.PIP_FIND_LINKS ?? '').split(/\s+/).filter(Boolean) : [])];
    const folders = [];
    for (const link of links) {
        const folder = findLinksFolder(link, plan.projectDir);
        if (!folder || installer !== 'pip')
            return `${installer} also looks for files at ${stripCredentials(link)}`;
        folders.push(folder);
    }
    const named = indexesOf(plan, files, env);
    return { indexes: named.length ? named : ['https://pypi.org/simple'], folders };
}
/** The files of one version of a project in a find-links folder, hashed here (the lock must name the one taken). */
function folderFiles(folder, project, version) {
    return readdirSync(folder)
        .filter(name => ofVersion(name, project, version))
        .map(name => {
        const file = path.join(folder, name);
        return { filename: name, yanked: false, local: true, url: pathToFileURL(file).href, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
    });
}
async function pickOne(plan, p, places, installer) {
    const locked = new Set(p.hashes.map(h => h.replace(/^sha256:/, '')));
    const listed = places.folders.flatMap(folder => folderFiles(folder, p.name, p.version));
    for (const index of places.indexes) {
        const files = (await projectFiles(index, p.name)).filter(f => ofVersion(f.filename, p.name, p.version));
        listed.push(...files);
        if (installer === 'uv' && files.length)
            break;
    }
    if (listed.length === 0)
        return `no index lists ${p.name} ${p.version}`;
    const best = installerChoice(listed, locked, plan, plan.platformTags)?.file;
    if (!best)
        return `none of the files of ${p.name} ${p.version} the lock allows is a wheel for the target`;
    if (!best.sha256 || !locked.has(best.sha256) || !best.url)
        return `${best.filename} comes first for the target, and its hash is not known before it is fetched`;
    // Every line of a lock is asked for by name, so pip writes REQUESTED for each (uv does for every package).
    return { name: canonicalName(p.name), version: p.version, filename: best.filename, url: best.url, sha256: best.sha256, requested: true };
}
/**
 * The file the installer takes among one version's, as pip orders them under hashes: a file whose index-given
 * hash the lock names before one whose hash is not known yet (a find-links file, an index without hashes), a
 * file with another hash left out; then not yanked before yanked (a pin lets a yanked file in), the best-ranked
 * tag on the target, the higher build number. Without `locked` (no hashes to go by) every file counts. With
 * the tag it is taken for; undefined when no wheel fits.
 */
function installerChoice(files, locked, target, platforms) {
    const ranks = supportedTags(target, platforms);
    const rankOf = new Map(ranks.map((tag, i) => [tag, i]));
    const scored = files.flatMap(file => {
        const allowed = !locked || (!file.local && file.sha256 !== undefined && locked.has(file.sha256));
        if (locked && !file.local && file.sha256 !== undefined && !allowed)
            return [];
        const wheel = parseWheel(file.filename);
        const rank = wheel ? Math.min(...wheel.tags.map(t => rankOf.get(`${t.python}-${t.abi}-${t.platform}`) ?? Infinity)) : Infinity;
        return rank === Infinity ? [] : [{ file, allowed, rank, build: buildNumber(file.filename) }];
    });
    scored.sort((a, b) => Number(b.allowed) - Number(a.allowed) || Number(a.file.yanked) - Number(b.file.yanked) || a.rank - b.rank || b.build - a.build);
    return scored[0] && { file: scored[0].file, tag: ranks[scored[0].rank] };
}
/** A wheel's optional build tag (`name-1.0-2-py3-none-any.whl`), by its leading number; 0 without one. */
function buildNumber(filename) {
    const parts = filename.replace(/\.whl$/, '').split('-');
    return parts.length === 6 ? Number(/^\d+/.exec(parts[2])?.[0] ?? 0) : 0;
}
/** Is this file one of the project's, of the locked version? */
function ofVersion(filename, project, version) {
    const found = versionOf(filename, project);
    return found !== undefined && sameVersion(found, version);
}

// The dependency files straight from the chosen wheels, without running an install: pip or uv resolves (pip's
// report or uv's pylock.toml names each file and its hash), spindrift fetches the wheels (cached by hash), checks them and lays their
// files out as pip --target would, keeping each entry's compressed bytes for the layer zip.
/** The environment variable that turns the fast path off (`SPINDRIFT_WHEEL_PATH=0`): the installer then always runs. */
const WHEEL_PATH_VARIABLE = 'SPINDRIFT_WHEEL_PATH';
/**
 * The dependency files from wheels, or why the installer must do it instead (`{ fallback }`, a sentence fragment
 * for one log line). A wheel whose bytes or RECORD do not match stops the build: that is never a fallback.
 */
async function assembleFromWheels(plan, python, installer, requirements, logger) {
    if (python.env[WHEEL_PATH_VARIABLE] === '0')
        return { fallback: `${WHEEL_PATH_VARIABLE}=0 is set` };
    const chosen = requirements.wheels ?? (await reportedWheels(plan, python, installer, requirements, logger));
    if (typeof chosen === 'string')
        return { fallback: chosen };
    let fetched;
    try {
        fetched = await fetchWheels(chosen, plan.cacheDir ? new WheelCache(plan.cacheDir) : undefined, indexesOf(plan, requirements.files, python.env));
    }
    catch (error) {
        if (error instanceof DownloadFailed)
            return { fallback: error.message };
        throw error;
    }
    const files = [];
    const owner = new Map();
    for (const { wheel, data } of fetched) {
        let one;
        try {
            one = wheelFiles(data, wheel.filename, wheel.requested, installer.name);
        }
        catch (error) {
            if (error instanceof NotPlainWheel)
                return { fallback: error.message };
            throw error;
        }
        for (const file of one) {
            // Two wheels writing one file: which one wins is the installer's business.
            const other = owner.get(file.name);
            if (other)
                return { fallback: `${other} and ${wheel.filename} both install ${file.name}` };
            owner.set(file.name, wheel.filename);
            files.push(file);
        }
    }
    const cached = fetched.filter(f => f.cached).length;
    logger.info(`Assembled the dependencies from ${fetched.length} wheels (${fetched.length - cached} downloaded, ${cached} from the wheel cache) without unpacking them`);
    checkInstalledPython(plan, files);
    // The same marker check as after pip's own install, when pip's interpreter is not the target's (uv resolves for the target).
    if (installer.name === 'pip' && !requirements.locked && !interpreterMatches(plan, python)) {
        logger.info(`Checking every dependency marker for ${plan.runtime.name} on ${plan.architecture} (pip evaluated them for Python ${python.minor} on ${python.machine})`);
        await checkMarkers(plan, python, requirementsSeen(requirements.normalised, files));
    }
    const origins = new Map(fetched.map(({ wheel }) => [wheel.name, { url: stripCredentials(wheel.url.split('#')[0]), sha256: wheel.sha256 }]));
    return { files, origins, built: new Set() };
}
/**
 * A lock that names every file itself (pylock.toml as uv exports it: a URL and a hash per wheel, chosen for the
 * target when the lock was read) needs no resolver at all: those files are the layer. undefined otherwise.
 */
function lockedWheels(locked) {
    const wheels = [];
    for (const p of locked.packages) {
        const sha256 = p.hashes.length === 1 ? /^sha256:([0-9a-f]{64})$/.exec(p.hashes[0])?.[1] : undefined;
        if (p.source?.kind !== 'url' || p.source.subdirectory || !sha256 || !/^https?:/.test(p.source.url))
            return undefined;
        const filename = decodeURIComponent(new URL(p.source.url).pathname.split('/').pop() ?? '');
        if (!filename.endsWith('.whl'))
            return undefined;
        // Every line of a lock is asked for by name, so pip writes REQUESTED for each.
        wheels.push({ name: canonicalName(p.name), version: p.version, filename, url: p.source.url, sha256, requested: true });
    }
    return wheels.length ? wheels.sort(byName) : undefined;
}
/** The wheels uv would install for a locked set (uv pip compile --no-deps), each one a file the lock names. */
async function uvLockedWheels(plan, python, installer, set, packages, logger) {
    const resolution = await uvCompile(plan, python, installer, set, ['--no-deps'], logger);
    if (!resolution)
        return unresolved('uv');
    if (typeof resolution.wheels === 'string')
        return resolution.wheels;
    const hashes = new Map(packages.map(p => [canonicalName(p.name), p.hashes]));
    // uv pip compile does not check hashes: a file the lock does not name is left to the installer's --require-hashes.
    const unlocked = resolution.wheels.find(w => (hashes.get(w.name)?.length ?? 0) > 0 && !hashes.get(w.name)?.includes(`sha256:${w.sha256}`));
    return unlocked ? `the lock does not name ${unlocked.filename}, the file uv picks for ${unlocked.name}` : resolution.wheels;
}
/** The wheels pip would install for this set (a lock: exactly its files), or why none can be used. */
async function reportedWheels(plan, python, installer, requirements, logger) {
    const named = requirements.locked && lockedWheels(requirements.locked);
    if (named)
        return named;
    if (requirements.locked?.packages.some(p => p.source))
        return 'the lock names a package by git, a local path or a URL that is not one wheel with its hash, which the installer fetches';
    if (requirements.locked) {
        const picked = await pickLockedWheels(plan, requirements.locked, installer.name, requirements.files, python.prefix, python.env);
        if (typeof picked !== 'string') {
            logger.info(`Picked the locked files for ${plan.runtime.name} on ${plan.architecture} from the index pages: ${installer.name} does not run`);
            return picked;
        }
        logger.debug(`Asking ${installer.name} which locked files to install: ${picked}`);
    }
    const work = makeWorkFolder('resolve');
    try {
        let set = requirements;
        let extra = [];
        if (requirements.locked) {
            const locked = await lockedRequirements(plan, python, requirements.locked, installer.name, work, logger);
            set = { ...requirements, files: [locked.file], requirements: [] };
            extra = locked.flags;
        }
        if (installer.name === 'uv' && requirements.locked)
            return await uvLockedWheels(plan, python, installer, set, requirements.locked.packages, logger);
        // Unlocked (no resolution ran for the key, as with --no-cache): uv resolves the whole set, dependencies too.
        if (installer.name === 'uv') {
            const resolution = await uvCompile(plan, python, installer, set, [], logger);
            return resolution ? resolution.wheels : unresolved('uv');
        }
        const items = await pipReport(plan, python, installer, set, extra, logger);
        if (!items)
            return UNRESOLVED;
        return chooseWheels(items);
    }
    catch (error) {
        if (error instanceof SpindriftError)
            throw error;
        return `pip's report could not be read (${error.message})`;
    }
    finally {
        rmSync(work, { recursive: true, force: true });
    }
}

/**
 * Apply the rules to installed files. *.dist-info is never removed by a glob or the test rule: importlib.metadata
 * reads it; only a dropped distribution loses its dist-info, along with every file its RECORD lists.
 */
function trimFiles(files, rules) {
    const patterns = rules.exclude.map(compileGlob);
    const matched = new Set();
    const dropped = new Set();
    const droppedDirs = [];
    if (rules.dropDistributions.length) {
        const drop = new Set(rules.dropDistributions.map(canonicalName));
        for (const file of files) {
            const record = /^(([^/]+)-[^/-]+\.dist-info)\/RECORD$/.exec(file.name);
            if (!record || !drop.has(canonicalName(record[2])))
                continue;
            droppedDirs.push(`${record[1]}/`);
            for (const line of file.data.toString('utf8').split('\n'))
                dropped.add(line.split(',')[0]);
        }
    }
    // Test suites: a tests/ or test/ folder right under a top-level package, or any such folder that is a package.
    const testDirs = new Set();
    if (rules.stripTests) {
        for (const file of files) {
            const match = /^(?:([^/]+\/tests?\/)|(.+\/tests?\/)__init__\.py$)/.exec(file.name);
            if (match && !/^[^/]+\.dist-info\//.test(file.name))
                testDirs.add(match[1] ?? match[2]);
        }
    }
    const kept = files.filter(file => {
        if (dropped.has(file.name) || droppedDirs.some(d => file.name.startsWith(d)))
            return false;
        if (/^[^/]+\.dist-info\//.test(file.name))
            return true;
        if ([...testDirs].some(dir => file.name.startsWith(dir)))
            return false;
        const hits = patterns.filter(p => p.test(file.name));
        for (const hit of hits)
            matched.add(hit.pattern);
        return hits.length === 0;
    });
    // Patterns that left nothing out: the pipeline warns about those that match neither the app nor its dependencies.
    const unmatched = rules.exclude.filter(pattern => !matched.has(pattern));
    return { kept, removed: files.length - kept.length, unmatched };
}

/** The wheels' scope in a shared cache: one family of entries per runtime and architecture. */
function wheelScope(target) {
    return `${target.runtime.name}-${target.architecture}`;
}

// What this machine's own checks found for a dependency layer, kept under <cacheDir>/checked/: a warm build that
// restores the very bytes it checked before (deps.zip's sha256, verified on every read) for the same key and
// target does not inflate every binary again to audit it. The memo sits outside the layer's folder, so a layer
// restored from GitHub's cache, which this machine never checked, is always checked in full.
/** Bump when the checks on a restored layer change: older memos then stop matching. */
const CHECK_MEMO_FORMAT = 1;
function memoFile(inputs) {
    const { cacheDir, key, zipSha256, auditVersion, target } = inputs;
    const id = createHash('sha256').update(JSON.stringify([CHECK_MEMO_FORMAT, auditVersion, key, zipSha256, target.architecture, target.runtime.name, target.runtime.glibc])).digest('hex').slice(0, 40);
    return path.join(cacheDir, 'checked', `${id}.json`);
}
/** The outcome recorded for these bytes, key and target, or undefined (none, unreadable or malformed: check again). */
function checkedBefore(inputs) {
    const file = memoFile(inputs);
    try {
        const memo = JSON.parse(readFileSync(file, 'utf8'));
        const wellFormed = memo.zipSha256 === inputs.zipSha256 && Array.isArray(memo.warnings) && memo.warnings.every(w => typeof w === 'string') && (memo.maxGlibc === undefined || (typeof memo.maxGlibc === 'string' && /^\d+\.\d+$/.test(memo.maxGlibc)));
        if (!wellFormed)
            return undefined;
        markUsed(file);
        return { maxGlibc: memo.maxGlibc, warnings: memo.warnings };
    }
    catch {
        return undefined;
    }
}
/** Record what the checks found; a failure to write only costs the full checks next time. */
function recordChecked(inputs, outcome) {
    const file = memoFile(inputs);
    try {
        makeFolders(path.dirname(file));
        replaceFile(file, Buffer.from(JSON.stringify({ zipSha256: inputs.zipSha256, ...outcome })), `${file}.${randomBytes(4).toString('hex')}.tmp`);
    }
    catch {
        // A read-only or full cache: the next warm build checks in full.
    }
}

/**
 * The dependency layer for a cache key: restored (GitHub's cache, then the local store), or installed, trimmed,
 * compiled, audited, zipped and stored. A layer that fails the audit is never stored.
 */
async function dependencyLayer(plan, python, installer, requirements, key, { store, remote, logger }) {
    if (store && remote && !store.has(key))
        await remote.restore(store.folder(key), key);
    const restored = await store?.get(key);
    const memo = (zipSha256) => store && { cacheDir: store.cacheDir, key, zipSha256, auditVersion: AUDIT_VERSION, target: plan };
    if (restored) {
        // The same bytes (their hash was just verified) already passed this machine's checks for this key and target.
        const before = checkedBefore(memo(restored.manifest.zipSha256));
        if (before) {
            for (const warning of before.warnings)
                logger.warning(warning);
            restored.manifest.audit = { version: AUDIT_VERSION, maxGlibc: before.maxGlibc };
            logger.info('Dependency layer restored from the cache, the same bytes this machine checked before: pip does not run');
            return { layer: restored, cacheHit: true };
        }
        // A cached layer is an input like a fresh install: the same checks, whatever its manifest says.
        const warnings = [];
        const problem = checkedOrProblem(() => {
            const files = layerFiles(restored.entries);
            checkDependencyNames(files.map(f => f.name), 'cached dependencies');
            checkShippable(files, 'cached dependencies');
            // The report's glibc figure comes from this audit, not from what the manifest claims.
            restored.manifest.audit = { version: AUDIT_VERSION, maxGlibc: checkBinaries(plan, files, 'cached dependencies', noting(logger, warnings)).maxGlibc };
        });
        if (!problem) {
            recordChecked(memo(restored.manifest.zipSha256), { maxGlibc: restored.manifest.audit?.maxGlibc, warnings });
            logger.info('Dependency layer restored from the cache: pip does not run');
            return { layer: restored, cacheHit: true };
        }
        logger.warning(`Ignoring the cached dependency layer ${key}: ${problem}; reinstalling.`);
        store?.remove(key);
    }
    // Checked before a lock is installed; a layer cached under this key (its cutoff in it) passed already.
    if (requirements.locked)
        await checkLockedUploads(plan, requirements.locked, indexesOf(plan, requirements.files, python.env));
    else if (plan.uploadedBefore && !filtersUploads(installer)) {
        // This pip resolves without the cutoff: what it chose is checked on the index before anything is installed.
        const resolved = requirements.resolved ?? (await resolveForTarget(plan, python, installer, requirements, logger))?.lines;
        if (resolved)
            await checkResolvedUploads(plan, resolved, indexesOf(plan, requirements.files, python.env), installer);
    }
    // The layer missed: wheels other layers downloaded (GitHub's cache, by prefix) spare their downloads.
    const wheelsFolder = store && remote && wheelFolder(store.cacheDir);
    if (wheelsFolder)
        await remote?.restoreWheels?.(wheelsFolder, wheelScope(plan));
    const fresh = await dependencyFiles(plan, python, installer, requirements, logger);
    const trimmed = trimFiles(fresh.files, {
        exclude: plan.exclude,
        stripTests: plan.stripTests,
        dropDistributions: plan.skipRuntimeProvided ? [...plan.runtime.provides] : []
    });
    if (trimmed.removed)
        logger.info(`Left out ${trimmed.removed} installed files (package.exclude, strip-tests, skip-runtime-provided)`);
    const compiled = plan.compile ? await compileFiles(plan, python, trimmed.kept, logger) : trimmed.kept;
    const installed = compiled.sort((a, b) => compareNames(a.name, b.name));
    checkDependencyNames(installed.map(f => f.name), 'dependencies');
    checkShippable(installed, 'dependencies');
    const warnings = [];
    const audit = checkBinaries(plan, installed, 'dependencies', noting(logger, warnings));
    const { parts, entries } = await buildZip(installed);
    const wheels = await wheelChoices(installed, {
        target: plan,
        requirements,
        indexes: indexesOf(plan, requirements.files, python.env),
        findLinks: (python.env.PIP_FIND_LINKS ?? '').split(/\s+/).filter(Boolean),
        built: fresh.built,
        origins: fresh.origins
    });
    const layer = { entries, manifest: { ...describeLayer(key, parts, installed), audit: { version: AUDIT_VERSION, maxGlibc: audit.maxGlibc }, unmatchedExcludes: trimmed.unmatched, wheels } };
    // Saved right after a successful install: the next run gains even if a later stage fails.
    if (store?.put(layer, parts)) {
        recordChecked(memo(layer.manifest.zipSha256), { maxGlibc: audit.maxGlibc, warnings });
        if (remote)
            await remote.save(store.folder(key), key);
        if (wheelsFolder)
            await remote?.saveWheels?.(wheelsFolder, wheelScope(plan));
    }
    return { layer, cacheHit: false };
}
/** The logger, with each warning also kept in `warnings` (to be logged again when the checks are not rerun). */
function noting(logger, warnings) {
    return { ...logger, warning: message => { warnings.push(message); logger.warning(message); } };
}
/** The installed files: assembled straight from the wheels when that applies, else by the installer. */
async function dependencyFiles(plan, python, installer, requirements, logger) {
    const empty = requirements.locked ? requirements.locked.packages.length === 0 : requirements.requirements.length === 0 && requirements.files.length === 0;
    if (!empty) {
        const assembled = await assembleFromWheels(plan, python, installer, requirements, logger);
        if (!('fallback' in assembled))
            return assembled;
        logger.info(`Installing with ${installer.name} instead of assembling from the wheels: ${assembled.fallback}`);
    }
    return installDependencies(plan, python, installer, requirements, logger);
}
/** Bump when the audit learns new rules: layers audited by an older one are audited again on restore. */
const AUDIT_VERSION = 1;
/** The message of the check that failed, or undefined when all passed. */
function checkedOrProblem(checks) {
    try {
        checks();
        return undefined;
    }
    catch (error) {
        if (error instanceof SpindriftError)
            return error.message.replace(/\.$/, '');
        throw error;
    }
}
/**
 * A restored layer's files as the checks need them, without inflating the whole layer on every warm run: each
 * stays compressed, told by its first bytes; the checks inflate what they read (RECORDs, .pth files, binaries).
 */
function layerFiles(entries) {
    return entries.map(entry => new PackedSource(entry, headOf(entry)));
}
/** The entry's first HEAD bytes (all of them when it is shorter), copied: the inflated rest is not kept. */
function headOf(entry) {
    if (entry.method === STORED)
        return Buffer.from(entry.compressed.subarray(0, HEAD));
    // A sync flush yields what the first compressed bytes hold, without an error for the missing rest.
    const head = inflateRawSync(entry.compressed.subarray(0, 4096), { finishFlush: constants$2.Z_SYNC_FLUSH }).subarray(0, HEAD);
    return Buffer.from(head.length < Math.min(HEAD, entry.size) ? inflatedEntry(entry).subarray(0, HEAD) : head);
}

/**
 * Requirements files that pin every requirement with == and a --hash (what "uv export" and
 * "pip-compile --generate-hashes" write) are a lock: exactly those versions are installed, and nothing else.
 * A line naming the project folder itself ("-e ." or ".") is the app, which the app stage builds.
 * Returns undefined when the files are not such a lock (then they are ordinary requirements).
 */
function readPinnedRequirements(files, selection) {
    if (files.length === 0)
        return undefined;
    const lines = files.flatMap(file => logicalLines(file, new Set()));
    const requirements = lines.filter(line => !isProject(line.requirement, selection.projectDir, line.where));
    if (requirements.length === 0)
        return undefined;
    const pinned = requirements.map(line => ({ line, parsed: parseRequirement(line.requirement) }));
    if (!pinned.every(({ line, parsed }) => parsed && !parsed.url && /^==[^,*]+$/.test(parsed.specifier) && line.hashes.length > 0))
        return undefined;
    const packages = [];
    for (const { line, parsed } of pinned) {
        if (!parsed || !holdsOnTarget(parsed.marker, selection, line.where))
            continue;
        packages.push({ name: parsed.name, version: parsed.specifier.slice(2), hashes: line.hashes });
    }
    return { format: 'pinned requirements', file: files.join(', '), packages };
}
/** A file's requirement lines, continuation lines joined, comments dropped, -r files followed. */
function logicalLines(file, seen) {
    const resolved = path.resolve(file);
    if (seen.has(resolved))
        return [];
    seen.add(resolved);
    const out = [];
    const physical = readFileSync(resolved, 'utf8').replace(/\\\r?\n/g, ' ').split(/\r?\n/);
    physical.forEach((raw, i) => {
        const line = raw.replace(/(^|\s)#.*$/, '').trim();
        if (!line)
            return;
        const include = /^(?:-r|--requirement)[ =]\s*(.+)$/.exec(line);
        if (include) {
            const target = path.resolve(path.dirname(resolved), include[1].trim());
            if (existsSync(target))
                out.push(...logicalLines(target, seen));
            return;
        }
        if (line.startsWith('-') && !/^(-e|--editable)\s/.test(line))
            return; // global options: --index-url, -c…
        const hashes = [...line.matchAll(/--hash[ =]\s*(\S+)/g)].map(m => sha256Of$1(m[1]));
        if (hashes.some(h => !h))
            throw new SpindriftError(`${file} line ${i + 1} has a --hash that is not sha256:<64 hex digits>; regenerate the file.`);
        out.push({ requirement: line.replace(/\s--hash[ =]\s*\S+/g, '').trim(), hashes: hashes, where: `${file} line ${i + 1}` });
    });
    return out;
}
/** "-e ." or "." (uv export without --no-emit-project): the project folder itself, which is the app. */
function isProject(requirement, projectDir, where) {
    const editable = /^(-e|--editable)\s+(.+)$/.exec(requirement);
    const target = (editable ? editable[2] : requirement).trim();
    if (!/^(\.|\/|file:)/.test(target)) {
        if (editable)
            throw editableRefused(where, requirement);
        return false;
    }
    const local = path.resolve(projectDir, target.replace(/^file:(\/\/)?/, ''));
    if (local === path.resolve(projectDir))
        return true;
    if (editable)
        throw editableRefused(where, requirement);
    return false;
}
function editableRefused(where, requirement) {
    return new SpindriftError(`${where} asks for the editable install ${quote(requirement)}, which would ship a finder pointing at this machine's folder; write it without -e so the package itself is installed.`);
}

/** One set from what the dependency sources read (deps/sources.ts), with its normalised form for the cache key. */
function gatherRequirements(readings) {
    const locked = readings.find(r => r.locked)?.locked;
    if (locked) {
        // A locked set is its own key: exact versions and file hashes, local folders by their content.
        const normalised = locked.packages.map(lockedKeyLine).sort();
        return { requirements: [], files: [], normalised, sources: readings.map(({ source, readFrom }) => ({ source, readFrom })), locked };
    }
    const requirements = readings.flatMap(r => r.requirements);
    const files = readings.flatMap(r => r.files);
    const lines = [...requirements];
    for (const file of files)
        lines.push(...readRequirementLines(file, new Set()));
    const normalised = [...new Set(lines.map(line => canonicalRequirement(stripCredentials(line))))].sort();
    return { requirements, files, normalised, sources: readings.map(({ source, readFrom }) => ({ source, readFrom })) };
}
/**
 * One locked package as it enters the cache key, by what was locked: name, version and file hashes; a git
 * source's URL and commit; an archive URL and its hashes; a local archive's bytes; a local folder's content.
 */
function lockedKeyLine(p) {
    const name = canonicalName(p.name);
    const hashes = [...p.hashes].sort().join(' ');
    const source = p.source;
    if (!source)
        return `${name}==${p.version} ${hashes}`.trim();
    const sub = 'subdirectory' in source && source.subdirectory ? ` subdirectory=${source.subdirectory}` : '';
    switch (source.kind) {
        case 'git':
            return `${name} @ git+${stripCredentials(source.url)}@${source.commit}${sub}`;
        case 'url':
            return `${name} @ ${stripCredentials(source.url)}${sub} ${hashes}`;
        case 'file':
            return `${name} @ ${path.basename(source.path)} sha256=${createHash('sha256').update(readFileSync(source.path)).digest('hex')}`;
        case 'directory':
            return `${name} @ ${path.basename(source.path)} content=${folderHash(source.path)}`;
    }
}
const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;
const SPECIFIER = /^(~=|===|==|!=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+$/;
const MARKER_TOKEN = /\s*(?:"([^"]*)"|'([^']*)'|(<=|>=|==|!=|~=|===|<|>|\(|\))|([A-Za-z0-9_.]+))/y;
/**
 * One spelling of a simple PEP 508 requirement, for the cache key: the same requirement written by a person in
 * pyproject.toml ("Flask >= 3, <4") and by a build backend in METADATA ("flask<4,>=3") must give one key.
 * Names and extras are normalised, specifiers sorted, a marker re-spaced and double-quoted. Anything else (URLs,
 * options, hashes) is returned unchanged: a different spelling then only means a different key.
 */
function canonicalRequirement(line) {
    const name = NAME.exec(line);
    if (!name || line.includes('@'))
        return line;
    let rest = line.slice(name[0].length);
    let extras = '';
    const extrasMatch = /^\[([^\]]*)\]\s*/.exec(rest);
    if (extrasMatch) {
        const list = extrasMatch[1].split(',').map(e => e.trim()).filter(Boolean);
        if (list.some(e => !/^[A-Za-z0-9._-]+$/.test(e)))
            return line;
        extras = list.length ? `[${[...new Set(list.map(canonicalName))].sort().join(',')}]` : '';
        rest = rest.slice(extrasMatch[0].length);
    }
    const semicolon = rest.indexOf(';');
    let specifierText = (semicolon < 0 ? rest : rest.slice(0, semicolon)).trim();
    if (specifierText.startsWith('(') && specifierText.endsWith(')'))
        specifierText = specifierText.slice(1, -1);
    const specifiers = specifierText ? specifierText.split(',').map(s => s.replace(/\s+/g, '')) : [];
    if (specifiers.some(s => !SPECIFIER.test(s)))
        return line;
    let marker = '';
    if (semicolon >= 0) {
        const tokens = markerTokens(rest.slice(semicolon + 1));
        if (!tokens)
            return line;
        marker = `; ${tokens.join(' ')}`;
    }
    return `${canonicalName(name[1])}${extras}${[...specifiers].sort().join(',')}${marker}`;
}
/** A marker's tokens with strings double-quoted, or undefined if it holds anything unexpected. */
function markerTokens(marker) {
    const tokens = [];
    MARKER_TOKEN.lastIndex = 0;
    while (MARKER_TOKEN.lastIndex < marker.length) {
        if (/^\s*$/.test(marker.slice(MARKER_TOKEN.lastIndex)))
            break;
        const match = MARKER_TOKEN.exec(marker);
        if (!match)
            return undefined;
        const quoted = match[1] ?? match[2];
        if (quoted !== undefined && quoted.includes('"'))
            return undefined;
        tokens.push(quoted !== undefined ? `"${quoted}"` : match[3] ?? match[4]);
    }
    return tokens.length ? tokens : undefined;
}
/** A requirements file's logical lines, with included files expanded and local files pinned by content hash. */
function readRequirementLines(file, seen) {
    const resolved = path.resolve(file);
    if (seen.has(resolved))
        return [];
    seen.add(resolved);
    const dir = path.dirname(resolved);
    const text = readUtf8File(resolved, 'Requirements file').replace(/\\\r?\n/g, ' ');
    const out = [];
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.replace(/(^|\s)#.*$/, '').trim().replace(/\s+/g, ' ');
        if (!line)
            continue;
        const include = /^(-r|--requirement|-c|--constraint)[ =](.+)$/.exec(line);
        if (include) {
            const target = path.resolve(dir, include[2].trim());
            if (!existsSync(target)) {
                throw new SpindriftError(`${file} includes ${include[2].trim()}, which does not exist; fix the ${include[1]} line.`);
            }
            out.push(...readRequirementLines(target, seen));
            continue;
        }
        // pip's editable install ships a finder (or .pth) pointing at this machine's folder: never on Lambda.
        if (/^(-e|--editable)[ =]/.test(line))
            throw editableRefused(file, line);
        out.push(pinLocalFile(line, dir));
    }
    return out;
}
/** A line naming a local wheel or archive is keyed by that file's content, so editing the file is a new key. */
function pinLocalFile(line, dir) {
    const candidate = line.startsWith('file:') ? line.slice(5).replace(/^\/\/(localhost)?/, '') : line;
    if (!/^(\.|\/|~)/.test(candidate) && !line.startsWith('file:'))
        return line;
    const local = path.resolve(dir, candidate.split(/\s|;/)[0]);
    if (existsSync(local) && statSync(local).isFile()) {
        return `${path.basename(local)} sha256=${createHash('sha256').update(readFileSync(local)).digest('hex')}`;
    }
    if (existsSync(local) && statSync(local).isDirectory())
        return `${path.basename(local)} content=${folderHash(local)}`;
    return line;
}
/** Files never part of a local package's identity: build products, caches and VCS data. */
const UNHASHED = new Set(['.git', '.hg', '.svn', '__pycache__', 'build', 'dist', '.venv', 'venv', 'node_modules', '.tox', '.nox', '.pytest_cache', '.mypy_cache', '.ruff_cache']);
/** A local folder's content (names, modes and bytes of its files), so an edit is a new cache key. */
function folderHash(dir) {
    const hash = createHash('sha256');
    const walk = (folder, prefix) => {
        for (const name of readdirSync(folder).sort()) {
            if (UNHASHED.has(name) || name.endsWith('.egg-info') || name.endsWith('.pyc'))
                continue;
            const full = path.join(folder, name);
            const stat = statSync(full);
            if (stat.isDirectory())
                walk(full, `${prefix}${name}/`);
            else if (stat.isFile())
                hash.update(`${prefix}${name}\0${stat.mode & 0o111 ? 1 : 0}\0${stat.size}\0`).update(readFileSync(full));
        }
    };
    if (existsSync(dir) && statSync(dir).isDirectory())
        walk(dir, '');
    return hash.digest('hex').slice(0, 32);
}

/**
 * Pipfile.lock (JSON): "default" holds the app's packages, "develop" (and any other category) only when
 * package.groups names it. Each entry has its version ("==1.0"), hashes and markers. With a Pipfile beside
 * it, the lock's _meta hash must be the Pipfile's (as "pipenv install --deploy" checks).
 */
const pipfileLock = {
    name: 'Pipfile.lock',
    refresh: 'pipenv lock',
    relock: 'run "pipenv lock"',
    matches: fileName => fileName === 'Pipfile.lock',
    read(file, selection) {
        let lock;
        try {
            lock = table(JSON.parse(readFileSync(file, 'utf8')));
        }
        catch (error) {
            throw new SpindriftError(`${file} is not valid JSON (${error.message.split('\n')[0]}); regenerate it with "pipenv lock".`);
        }
        const pipfile = path.join(path.dirname(file), 'Pipfile');
        if (existsSync(pipfile) && text(table(table(lock._meta).hash).sha256) !== pipfileHash(readToml(pipfile)))
            throw staleLock(file, 'its hash of the Pipfile differs', this.refresh, 'Pipfile');
        const categories = Object.keys(lock).filter(k => k !== '_meta');
        checkKnown('group', selection.groups, categories.filter(c => c !== 'default'), file);
        if (selection.extras.length)
            throw new SpindriftError(`package.extras is set, but ${file} has no extras (Pipenv locks categories); use package.groups to name a category.`);
        const locked = new Map();
        for (const category of ['default', ...selection.groups]) {
            for (const [name, value] of Object.entries(table(lock[category]))) {
                const entry = table(value);
                const where = `${file} (${category}: ${name})`;
                if (!holdsOnTarget(text(entry.markers), selection, where))
                    continue;
                const hashes = list(entry.hashes).map(sha256Of$1).filter((h) => Boolean(h));
                const source = pipfileSource(entry, path.dirname(file), where, this.relock, hashes);
                const pinned = /^===?(.+)$/.exec(text(entry.version) ?? '');
                if (!pinned && !source)
                    throw new SpindriftError(`${where} is not pinned to one version (${text(entry.version) ?? 'no version'}); spindrift installs only pinned packages from a lock: run "pipenv lock", or publish it to an index.`);
                locked.set(name, { name, version: pinned?.[1] ?? '', hashes, ...(source ? { source } : {}) });
            }
        }
        return { format: 'Pipfile.lock', file, packages: [...locked.values()], relock: this.relock };
    }
};
/**
 * An entry's git (with ref, the commit Pipenv locked), file (a URL, or a local archive or folder) or path
 * (a local archive or folder; editable ones installed non-editable); undefined for an index package.
 */
function pipfileSource(entry, lockDir, where, relock, hashes) {
    const subdirectory = text(entry.subdirectory);
    const git = text(entry.git);
    if (git !== undefined) {
        const url = git.replace(/^git\+/, '');
        const ref = text(entry.ref);
        if (!isFullCommit(ref))
            throw noCommit(where, url, ref, relock);
        return { kind: 'git', url, commit: ref.toLowerCase(), ...(subdirectory ? { subdirectory } : {}) };
    }
    const local = text(entry.path) ?? text(entry.file);
    if (local === undefined)
        return undefined;
    if (/^https?:\/\//i.test(local)) {
        if (hashes.length === 0)
            throw noArchiveHash(where, local, relock);
        return { kind: 'url', url: local, ...(subdirectory ? { subdirectory } : {}) };
    }
    const filePath = local.startsWith('file:') ? fileURLToPath(local.startsWith('file://') ? local : `file://${local.slice(5)}`) : local;
    return localSource(where, path.resolve(lockDir, filePath), entry.editable === true);
}
const PIPFILE_SECTIONS = new Set(['source', 'packages', 'dev-packages', 'requires', 'scripts', 'pipfile', 'pipenv', 'default', 'develop']);
const DEFAULT_SOURCE = [{ name: 'pypi', url: 'https://pypi.org/simple', verify_ssl: true }];
/** Pipenv's hash of a Pipfile (plette's get_hash): its sources, requires and package categories as compact JSON. */
function pipfileHash(pipfile) {
    const data = {
        _meta: { sources: pipfile.source ?? DEFAULT_SOURCE, requires: pipfile.requires ?? {} },
        default: pipfile.packages ?? {},
        develop: pipfile['dev-packages'] ?? {}
    };
    for (const [category, values] of Object.entries(pipfile))
        if (!PIPFILE_SECTIONS.has(category))
            data[category] = values;
    return createHash('sha256').update(pythonJson(data, true)).digest('hex');
}

/**
 * poetry.lock (Poetry 1.x and 2.x): packages with their own dependency tables. The packages installed are
 * those reached from the project's main dependencies (and the groups and extras asked for) along edges whose
 * markers and python constraints hold on the target. content-hash must match pyproject.toml.
 */
const poetryLock = {
    name: 'poetry.lock',
    refresh: 'poetry lock',
    relock: 'run "poetry lock"',
    matches: fileName => fileName === 'poetry.lock',
    read(file, selection) {
        const lock = readToml(file);
        const pyproject = readPyproject(selection.projectDir);
        if (!pyproject)
            throw new SpindriftError(`${file} has no pyproject.toml beside it in ${selection.projectDir}; package the folder that holds the Poetry project.`);
        const recorded = text(table(lock.metadata)['content-hash']);
        const actual = contentHash(pyproject);
        if (recorded !== actual)
            throw staleLock(file, 'its content-hash differs', this.refresh);
        const packages = list(lock.package).map(table);
        // Poetry 1.x before lock-version 2.0 kept the files under [metadata.files].
        const legacyFiles = table(table(lock.metadata).files);
        const byName = new Map(packages.map(p => [canonicalName(text(p.name) ?? ''), p]));
        const roots = rootEdges(pyproject, selection, file);
        const where = (name) => `${file} (package ${name})`;
        const chosen = new Map();
        const visit = (edge, from, throughExtras = []) => {
            if (!holdsOnTarget(edge.marker, selection, from, [], [], throughExtras) || !pythonFits(edge.python, selection))
                return;
            const name = canonicalName(edge.name);
            const node = byName.get(name);
            if (!node)
                throw new SpindriftError(`${from} depends on ${edge.name}, which the lock does not hold; run "poetry lock".`);
            const seen = chosen.get(name);
            const fresh = edge.extras.map(canonicalName).filter(e => !seen?.has(e));
            if (seen && fresh.length === 0)
                return;
            chosen.set(name, new Set([...(seen ?? []), ...fresh]));
            // Which of the extras being installed bring in each optional dependency.
            const activated = new Map();
            for (const [extra, lines] of Object.entries(table(node.extras))) {
                if (!fresh.includes(canonicalName(extra)))
                    continue;
                for (const line of list(lines)) {
                    const dep = canonicalName(String(line).split(/[\s(<>=!~;[]/)[0]);
                    activated.set(dep, [...(activated.get(dep) ?? []), extra]);
                }
            }
            for (const child of dependencyEdges(table(node.dependencies))) {
                // Optional dependencies come in only through an extra that names them; the rest only on the first visit.
                const through = activated.get(canonicalName(child.name));
                if (child.optional ? !through : seen)
                    continue;
                visit(child, where(`${text(node.name)} ${text(node.version)}`), through ?? []);
            }
        };
        for (const edge of roots)
            visit(edge, `${path.join(selection.projectDir, 'pyproject.toml')}`);
        const locked = [];
        for (const name of chosen.keys()) {
            const node = byName.get(name);
            const source = table(node.source);
            const type = text(source.type);
            const files = node.files !== undefined ? list(node.files) : list(legacyFiles[text(node.name) ?? '']);
            const hashes = files.map(f => sha256Of$1(table(f).hash)).filter((h) => Boolean(h));
            const entry = { name: text(node.name) ?? name, version: text(node.version) ?? '', hashes };
            if (!type || type === 'legacy')
                locked.push(entry);
            else
                locked.push({ ...entry, source: poetrySource(source, node.develop === true, path.dirname(file), where(entry.name), this.relock, hashes) });
        }
        return { format: 'poetry.lock', file, packages: locked, relock: this.relock };
    }
};
/**
 * A [package.source] that is not an index: git (resolved_reference is the commit; reference may be a branch),
 * url (an archive), file (a local archive) or directory (a local folder; develop = true is installed non-editable).
 */
function poetrySource(source, develop, lockDir, where, relock, hashes) {
    const type = text(source.type);
    const url = text(source.url) ?? '';
    const subdirectory = text(source.subdirectory);
    if (type === 'git') {
        const commit = text(source.resolved_reference);
        if (!isFullCommit(commit))
            throw noCommit(where, url, commit ?? text(source.reference), relock);
        return { kind: 'git', url, commit: commit.toLowerCase(), ...(subdirectory ? { subdirectory } : {}) };
    }
    if (type === 'url') {
        if (hashes.length === 0)
            throw noArchiveHash(where, url, relock);
        return { kind: 'url', url, ...(subdirectory ? { subdirectory } : {}) };
    }
    if (type === 'file' || type === 'directory')
        return localSource(where, path.resolve(lockDir, url), develop);
    throw new SpindriftError(`${where} comes from a ${type} source, which spindrift does not know how to install exactly; publish it to an index, or set package.lock to none.`);
}
/** The project's own dependencies: [project] (Poetry 2) or [tool.poetry.dependencies], with groups and extras. */
function rootEdges(pyproject, selection, file) {
    const project = table(pyproject.project);
    const poetry = table(table(pyproject.tool).poetry);
    const edges = [];
    const pep508 = (line, optional = false) => {
        const parsed = parseRequirement(line);
        return parsed && { name: parsed.name, marker: parsed.marker, extras: parsed.extras, optional };
    };
    const optionalDependencies = table(project['optional-dependencies']);
    const poetryExtras = table(poetry.extras);
    checkKnown('extra', selection.extras, [...Object.keys(optionalDependencies), ...Object.keys(poetryExtras)], file);
    const groups = table(poetry.group);
    const dependencyGroups = table(pyproject['dependency-groups']);
    checkKnown('group', selection.groups, [...Object.keys(groups), ...Object.keys(dependencyGroups)], file);
    if (Array.isArray(project.dependencies))
        for (const line of project.dependencies)
            edges.push(...[pep508(String(line))].filter((e) => Boolean(e)));
    const poetryMain = dependencyEdges(table(poetry.dependencies)).filter(e => canonicalName(e.name) !== 'python');
    // Poetry 2 reads [tool.poetry.dependencies] beside [project] only to enrich it; alone, it is the list.
    if (!Array.isArray(project.dependencies))
        edges.push(...poetryMain.filter(e => !e.optional));
    const selectedExtras = selection.extras.map(canonicalName);
    for (const [extra, lines] of Object.entries(optionalDependencies)) {
        if (selectedExtras.includes(canonicalName(extra)))
            for (const line of list(lines))
                edges.push(...[pep508(String(line))].filter((e) => Boolean(e)));
    }
    for (const [extra, names] of Object.entries(poetryExtras)) {
        if (!selectedExtras.includes(canonicalName(extra)))
            continue;
        for (const name of list(names)) {
            const edge = poetryMain.find(e => canonicalName(e.name) === canonicalName(String(name)));
            if (edge)
                edges.push({ ...edge, optional: false });
        }
    }
    for (const group of selection.groups) {
        const entry = Object.entries(groups).find(([name]) => canonicalName(name) === canonicalName(group));
        if (entry)
            edges.push(...dependencyEdges(table(table(entry[1]).dependencies)));
        const pep735 = Object.entries(dependencyGroups).find(([name]) => canonicalName(name) === canonicalName(group));
        if (pep735)
            for (const line of list(pep735[1]))
                if (typeof line === 'string')
                    edges.push(...[pep508(line)].filter((e) => Boolean(e)));
    }
    return edges;
}
/** A Poetry dependency table: name = "^1.0" | { version, markers, python, optional, extras } | [ such tables ]. */
function dependencyEdges(dependencies) {
    const edges = [];
    for (const [name, value] of Object.entries(dependencies)) {
        for (const constraint of Array.isArray(value) ? value : [value]) {
            const t = table(constraint);
            edges.push({ name, marker: text(t.markers), python: text(t.python), extras: list(t.extras).map(String), optional: t.optional === true });
        }
    }
    return edges;
}
/** Poetry's python constraint ("^3.10", ">=3.8,<3.11", "~3.9", "3.12.*", "a || b") for the runtime's version. */
function pythonFits(constraint, selection) {
    if (!constraint || constraint.trim() === '*')
        return true;
    const version = selection.runtime.pythonVersion;
    return constraint.split('||').some(part => part.trim().split(/\s*,\s*|\s+(?=[<>=!~^])/).filter(Boolean).every(clause => {
        const m = /^(\^|~=|~|==|!=|<=|>=|<|>|=)?\s*(\d+(?:\.\d+)*)(\.\*)?$/.exec(clause.trim());
        if (!m)
            return true;
        const [, op = '==', bound, star] = m;
        const parts = bound.split('.').map(Number);
        if (op === '^' || op === '~') {
            const upper = op === '^' ? [parts[0] + (parts[0] === 0 ? 0 : 1)] : parts.length > 1 ? [parts[0], parts[1] + 1] : [parts[0] + 1];
            return satisfies(version, `>=${bound},<${upper.join('.')}`) !== false;
        }
        if (star || (op === '==' && parts.length <= 2) || op === '=')
            return satisfies(version, `==${bound}.*`) !== false;
        return satisfies(version, `${op}${bound}`) !== false;
    }));
}
/**
 * Poetry's content-hash: sha256 of the relevant pyproject.toml tables as Python's json.dumps(sort_keys=True)
 * writes them ([project] requires-python, dependencies, optional-dependencies and [tool.poetry] dependencies,
 * source, extras, dev-dependencies, group; Poetry 1.x hashed the [tool.poetry] ones alone, at the top).
 */
function contentHash(pyproject) {
    const legacyKeys = ['dependencies', 'source', 'extras', 'dev-dependencies'];
    const project = table(pyproject.project);
    const poetry = table(table(pyproject.tool).poetry);
    const relevantProject = {};
    for (const key of ['requires-python', 'dependencies', 'optional-dependencies'])
        if (project[key] !== undefined)
            relevantProject[key] = project[key];
    const relevantPoetry = {};
    const hasProject = Object.keys(relevantProject).length > 0;
    for (const key of [...legacyKeys, 'group']) {
        const value = poetry[key];
        if (value === undefined && (!legacyKeys.includes(key) || hasProject))
            continue;
        relevantPoetry[key] = value ?? null;
    }
    let content = relevantPoetry;
    if (hasProject) {
        content = { project: relevantProject, tool: { poetry: relevantPoetry } };
        if (pyproject['dependency-groups'] !== undefined)
            content['dependency-groups'] = pyproject['dependency-groups'];
    }
    return createHash('sha256').update(pythonJson(content)).digest('hex');
}

/**
 * pylock.toml (PEP 751): a flat list of packages, each with the marker it applies under; markers may test
 * `extras` and `dependency_groups`, which are the extras asked for and the default groups plus those asked for.
 */
const pylock = {
    name: 'pylock.toml',
    refresh: 'the tool that wrote it (for example "uv export --format pylock.toml -o pylock.toml")',
    relock: 'regenerate it with the tool that wrote it (for example "uv export --format pylock.toml -o pylock.toml")',
    matches: fileName => /^pylock\.([^.]+\.)?toml$/.test(fileName),
    read(file, selection) {
        const lock = readToml(file);
        if (!/^1(\.|$)/.test(text(lock['lock-version']) ?? '')) {
            throw new SpindriftError(`${file} has lock-version "${text(lock['lock-version']) ?? 'missing'}", and spindrift reads version 1 of PEP 751; regenerate it with a current tool.`);
        }
        checkKnown('extra', selection.extras, list(lock.extras).map(String), file);
        checkKnown('group', selection.groups, list(lock['dependency-groups']).map(String), file);
        const requiresPython = text(lock['requires-python']);
        const where = (p) => `${file} (package ${text(p.name)} ${text(p.version) ?? ''})`.replace(' )', ')');
        const environments = list(lock.environments).map(String);
        if (environments.length && !environments.some(m => holdsOnTarget(m, selection, `${file} (environments)`))) {
            throw new SpindriftError(`${file} was locked for other environments (${environments.join('; ')}), not for ${selection.runtime.name} on ${selection.architecture}; lock it for Linux and Python ${selection.runtime.pythonVersion}.`);
        }
        if (requiresPython && satisfies(selection.runtime.pythonVersion, requiresPython) === false) {
            throw new SpindriftError(`${file} was locked for Python ${requiresPython}, which ${selection.runtime.name} is not; lock it again for Python ${selection.runtime.pythonVersion}, or change package.runtime.`);
        }
        const groups = [...list(lock['default-groups']).map(String), ...selection.groups];
        const locked = [];
        for (const p of list(lock.packages).map(table)) {
            if (!holdsOnTarget(text(p.marker), selection, where(p), selection.extras, groups))
                continue;
            const name = text(p.name) ?? '';
            const version = text(p.version) ?? '';
            const files = [...list(p.wheels), ...(p.sdist ? [p.sdist] : []), ...(p.archive ? [p.archive] : [])].map(table);
            const hashes = files.map(f => sha256Of$1(f.hashes)).filter((h) => Boolean(h));
            const source = pylockSource(p, path.dirname(file), where(p), this.relock, hashes);
            if (source) {
                locked.push({ name, version, hashes, source });
                continue;
            }
            const located = locatedFile(p, path.dirname(file), where(p), this.relock, selection, file);
            if (located) {
                locked.push({ name, version, ...located });
                continue;
            }
            if (!version)
                throw new SpindriftError(`${where(p)} has no version; regenerate the lock.`);
            locked.push({ name, version, hashes });
        }
        return { format: 'pylock.toml', file, packages: locked, relock: this.relock };
    }
};
/**
 * A package's vcs (commit-id is the commit; requested-revision may be a branch), archive (url or path, with
 * hashes) or directory (editable ones installed non-editable) table; undefined for an index package.
 */
function pylockSource(p, lockDir, where, relock, hashes) {
    const local = (t, editable = false) => localSource(where, path.resolve(lockDir, text(t.path)), editable);
    if (p.vcs !== undefined) {
        const vcs = table(p.vcs);
        const url = text(vcs.url) ?? text(vcs.path) ?? '';
        if (text(vcs.type) !== 'git')
            throw new SpindriftError(`${where} comes from a ${text(vcs.type) ?? 'version-control'} repository, and spindrift installs only git ones exactly; publish it to an index, or set package.lock to none.`);
        const commit = text(vcs['commit-id']);
        if (!isFullCommit(commit))
            throw noCommit(where, url, commit ?? text(vcs['requested-revision']), relock);
        const subdirectory = text(vcs.subdirectory);
        return { kind: 'git', url: text(vcs.url) ?? path.resolve(lockDir, url), commit: commit.toLowerCase(), ...(subdirectory ? { subdirectory } : {}) };
    }
    if (p.archive !== undefined) {
        const archive = table(p.archive);
        const subdirectory = text(archive.subdirectory);
        if (text(archive.url) === undefined && text(archive.path) !== undefined)
            return local(archive);
        if (hashes.length === 0)
            throw noArchiveHash(where, text(archive.url) ?? '(no url)', relock);
        return { kind: 'url', url: text(archive.url) ?? '', ...(subdirectory ? { subdirectory } : {}) };
    }
    const directory = table(p.directory);
    if (text(directory.path) !== undefined)
        return local(directory, directory.editable === true);
    return undefined;
}
/**
 * A package whose wheels or sdist the lock locates (a url, or a path relative to the lock's folder): that very
 * file, never the index's file of the same name. The wheel is the listed one whose tags fit the target best
 * (pip's order); the sdist only when no wheel is listed. Undefined when the lock names files only (an index).
 */
function locatedFile(p, lockDir, where, relock, selection, lockFile) {
    const wheels = list(p.wheels).map(table);
    const sdist = p.sdist === undefined ? undefined : table(p.sdist);
    const place = (f) => text(f.url) ?? text(f.path);
    if (![...wheels, ...(sdist ? [sdist] : [])].some(f => place(f) !== undefined))
        return undefined;
    const fileName = (f) => text(f.name) ?? path.basename(text(f.path) ?? new URL(text(f.url)).pathname);
    const named = wheels.filter(w => place(w) !== undefined).flatMap(w => {
        const parsed = parseWheel(fileName(w));
        return parsed ? [{ parsed, w }] : [];
    });
    const best = bestWheel(named.map(n => n.parsed), selection, platformTags(selection.runtime, selection.architecture));
    const chosen = best ? named.find(n => n.parsed === best.wheel)?.w : wheels.length === 0 ? sdist : undefined;
    if (!chosen || place(chosen) === undefined) {
        const listed = wheels.map(fileName).join(', ');
        throw new SpindriftError(`${where} lists no wheel that fits ${selection.runtime.name} on ${selection.architecture} (it lists ${listed || 'none'})${sdist ? ', and spindrift builds its sdist only when the lock lists no wheel' : ''}, so ${lockFile} cannot install it for the target; lock it again for Linux, Python ${selection.runtime.pythonVersion} and ${selection.architecture}, or change package.runtime or package.architecture.`);
    }
    const hash = sha256Of$1(chosen.hashes);
    const hashes = hash ? [hash] : [];
    const url = text(chosen.url);
    if (url === undefined)
        return { hashes, source: localSource(where, path.resolve(lockDir, text(chosen.path))) };
    if (!hash)
        throw noArchiveHash(where, url, relock);
    return { hashes, source: { kind: 'url', url } };
}

/** The members a uv.lock records ([manifest] members, each with its virtual/editable/directory source). */
function workspaceMembers(lock) {
    const data = readToml(lock);
    const packages = list(data.package).map(table);
    const members = new Map();
    for (const name of list(table(data.manifest).members).map(String)) {
        const entry = packages.find(p => canonicalName(text(p.name) ?? '') === canonicalName(name));
        const source = table(entry?.source);
        const folder = text(source.virtual) ?? text(source.editable) ?? text(source.directory);
        if (folder !== undefined)
            members.set(name, path.resolve(path.dirname(lock), folder));
    }
    // A single project's lock has no [manifest]: the project at the lock's folder is its one member.
    if (members.size === 0) {
        const root = packages.find(p => ['virtual', 'editable'].some(k => text(table(p.source)[k]) === '.'));
        if (root)
            members.set(text(root.name) ?? '', path.dirname(lock));
    }
    return { lock, members };
}
/** "a, b and c", each quoted. */
function memberList(members) {
    const names = [...members].sort().map(n => `"${n}"`);
    return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('');
}
/**
 * The workspace member package.member names, found in the uv.lock of projectDir (or of the workspace above
 * it). One sentence when there is no workspace lock, or no such member.
 */
function workspaceMember(projectDir, member, lock) {
    const file = lock && lock !== 'none' ? path.resolve(projectDir, lock) : findWorkspaceLock(projectDir);
    if (!file || path.basename(file) !== 'uv.lock') {
        throw new SpindriftError(`package.member is "${member}", but ${projectDir} is not in a uv workspace with a uv.lock (package.member names a uv workspace member); run "uv lock" in the workspace, or remove package.member.`);
    }
    const { members } = workspaceMembers(file);
    const found = [...members].find(([name]) => canonicalName(name) === canonicalName(member));
    if (!found)
        throw new SpindriftError(`package.member is "${member}", which ${file} does not have as a workspace member (it has ${memberList(members.keys())}); fix package.member.`);
    const [name, folder] = found;
    return { folder, name: text(table(readPyproject(folder)?.project).name) ?? name, lock: file };
}
/** projectDir's own uv.lock, else that of the nearest folder above whose pyproject.toml has [tool.uv.workspace]. */
function findWorkspaceLock(projectDir) {
    let dir = path.resolve(projectDir);
    for (;;) {
        const lock = path.join(dir, 'uv.lock');
        if (existsSync(lock) && (dir === path.resolve(projectDir) || table(table(readPyproject(dir)?.tool).uv).workspace !== undefined))
            return lock;
        if (existsSync(path.join(dir, '.git')))
            return undefined;
        const parent = path.dirname(dir);
        if (parent === dir)
            return undefined;
        dir = parent;
    }
}

/**
 * uv.lock: a graph of packages whose edges carry the markers. The packages installed are those reached from
 * the project (the workspace member being packaged) along edges whose markers hold on the target, through
 * the extras and dependency groups asked for; the project itself is the app, built by the app stage.
 */
const uvLock = {
    name: 'uv.lock',
    refresh: 'uv lock',
    relock: 'run "uv lock"',
    matches: fileName => fileName === 'uv.lock',
    read(file, selection) {
        const lock = readToml(file);
        const lockDir = path.dirname(file);
        const packages = list(lock.package).map(table);
        const pyproject = readPyproject(selection.projectDir);
        const projectName = text(table(pyproject?.project).name);
        if (!projectName) {
            const members = workspaceMembers(file).members.keys();
            throw new SpindriftError(`${file} locks a uv workspace, and package.path ${selection.projectDir} is not one of its members (it has no [project] name), so which member to package is ambiguous; set package.member to one of ${memberList(members)}, or point package.path at that member's folder.`);
        }
        const byName = new Map();
        for (const p of packages)
            byName.set(canonicalName(text(p.name) ?? ''), [...(byName.get(canonicalName(text(p.name) ?? '')) ?? []), p]);
        const root = (byName.get(canonicalName(projectName)) ?? []).find(p => ['editable', 'virtual', 'directory'].some(k => k in table(p.source)));
        if (!root)
            throw staleLock(file, `it does not lock the project ${quote(projectName)}`, this.refresh);
        if (pyproject)
            checkFresh(file, root, pyproject, lockDir === path.resolve(selection.projectDir) ? text(lock['requires-python']) : undefined, this.refresh);
        checkKnown('extra', selection.extras, Object.keys(table(root['optional-dependencies'])), file);
        checkKnown('group', selection.groups, Object.keys(table(root['dev-dependencies'])), file);
        const where = (p) => `${file} (package ${text(p.name)} ${text(p.version) ?? ''})`.replace(' )', ')');
        const find = (edge, from) => {
            const candidates = (byName.get(canonicalName(text(edge.name) ?? '')) ?? []).filter(p => !edge.version || p.version === edge.version);
            const fitting = candidates.length > 1 ? candidates.filter(p => list(p['resolution-markers']).length === 0 || list(p['resolution-markers']).some(m => holdsOnTarget(text(m), selection, where(p)))) : candidates;
            if (fitting.length !== 1)
                throw new SpindriftError(`${where(from)} depends on ${text(edge.name)}, which the lock ${fitting.length ? 'holds in several versions for this target' : 'does not hold'}; run "uv lock" again.`);
            return fitting[0];
        };
        const chosen = new Map();
        const visit = (node, extras) => {
            const seen = chosen.get(node);
            const fresh = extras.filter(e => !seen?.has(e));
            if (seen && fresh.length === 0)
                return;
            chosen.set(node, new Set([...(seen ?? []), ...extras]));
            const edges = seen ? [] : list(node.dependencies).map(table);
            for (const extra of fresh)
                edges.push(...list(table(node['optional-dependencies'])[extra]).map(table));
            if (node === root)
                for (const group of selection.groups)
                    edges.push(...list(table(node['dev-dependencies'])[group]).map(table));
            for (const edge of edges) {
                if (!holdsOnTarget(text(edge.marker), selection, where(node)))
                    continue;
                visit(find(edge, node), list(edge.extra).map(e => canonicalName(String(e))));
            }
        };
        const rootExtras = Object.keys(table(root['optional-dependencies'])).filter(e => selection.extras.some(a => canonicalName(a) === canonicalName(e)));
        visit(root, []);
        if (rootExtras.length)
            visit(root, rootExtras);
        const locked = [];
        for (const node of chosen.keys()) {
            if (node === root)
                continue;
            const source = table(node.source);
            const name = text(node.name) ?? '';
            const version = text(node.version) ?? '';
            if ('virtual' in source)
                continue;
            const hashes = [...list(node.wheels), ...(node.sdist ? [node.sdist] : [])].map(f => sha256Of$1(table(f).hash)).filter((h) => Boolean(h));
            if ('registry' in source) {
                locked.push({ name, version, hashes });
                continue;
            }
            locked.push({ name, version, hashes, source: uvSource(source, lockDir, where(node), this.relock, hashes) });
        }
        return { format: 'uv.lock', file, packages: locked, relock: this.relock };
    }
};
/**
 * A uv.lock source that is not a registry: { git = "URL?subdirectory=…&branch=…#COMMIT" }, { url, subdirectory },
 * { path } (a local archive or folder), { directory } or { editable } (a folder, installed non-editable).
 */
function uvSource(source, lockDir, where, relock, hashes) {
    const git = text(source.git);
    if (git !== undefined) {
        const [base, commit] = git.split('#', 2);
        const [url, query = ''] = base.split('?', 2);
        const subdirectory = new URLSearchParams(query).get('subdirectory') ?? undefined;
        if (!isFullCommit(commit))
            throw noCommit(where, url, commit, relock);
        return { kind: 'git', url, commit: commit.toLowerCase(), ...(subdirectory ? { subdirectory } : {}) };
    }
    const url = text(source.url);
    if (url !== undefined) {
        if (hashes.length === 0)
            throw noArchiveHash(where, url, relock);
        const subdirectory = text(source.subdirectory);
        return { kind: 'url', url, ...(subdirectory ? { subdirectory } : {}) };
    }
    const local = text(source.editable) ?? text(source.directory) ?? text(source.path);
    if (local !== undefined)
        return localSource(where, path.resolve(lockDir, local), text(source.editable) !== undefined);
    throw new SpindriftError(`${where} comes from ${Object.keys(source)[0] ?? 'an unknown source'} (${JSON.stringify(source)}), which spindrift does not know how to install exactly; publish it to an index, or set package.lock to none.`);
}
/** uv records the requirements it locked for; they must still be the project's (what `uv lock --check` checks). */
function checkFresh(file, root, pyproject, lockRequiresPython, refresh) {
    const project = table(pyproject.project);
    const metadata = table(root.metadata);
    const declared = new Set();
    for (const line of list(project.dependencies))
        declared.add(requirementKey(String(line)));
    for (const [extra, lines] of Object.entries(table(project['optional-dependencies']))) {
        for (const line of list(lines))
            declared.add(requirementKey(String(line), extra));
    }
    // A [tool.uv.sources] entry is recorded with its source (url = …), which the declared requirement does not carry.
    const sourced = new Set(Object.keys(table(table(table(pyproject.tool).uv).sources)).map(canonicalName));
    const key = (entry) => lockedKey(entry, sourced);
    const recorded = new Set(list(metadata['requires-dist']).map(table).map(key));
    const missing = [...declared].find(k => !recorded.has(k));
    const extra = [...recorded].find(k => !declared.has(k));
    if (missing || extra)
        throw staleLock(file, missing ? `the project declares ${missing.split('|')[0]}${missing.split('|')[1]}, which the lock did not record` : `the lock records ${extra?.split('|')[0]}, which the project no longer declares that way`, refresh);
    const groups = table(pyproject['dependency-groups']);
    const recordedGroups = table(metadata['requires-dev']);
    for (const name of new Set([...Object.keys(groups), ...Object.keys(recordedGroups)])) {
        const a = new Set(list(groups[name]).filter(l => typeof l === 'string').map(l => requirementKey(String(l))));
        const b = new Set(list(recordedGroups[name]).map(table).map(key));
        if (a.size !== b.size || [...a].some(k => !b.has(k)))
            throw staleLock(file, `the dependency group ${quote(name)} changed`, refresh);
    }
    const declaredPython = text(project['requires-python']);
    if (lockRequiresPython !== undefined && declaredPython !== undefined && normaliseSpecifier(declaredPython) !== normaliseSpecifier(lockRequiresPython)) {
        throw staleLock(file, `requires-python is ${quote(declaredPython)} but the lock was made for ${quote(lockRequiresPython)}`, refresh);
    }
}
/** name|specifier|extras|extra: what a requirement is compared by (other markers are uv's to rewrite). */
function requirementKey(line, extra) {
    const parsed = parseRequirement(line);
    if (!parsed)
        return line;
    return `${parsed.name}|${parsed.url ? `@${parsed.url}` : parsed.specifier}|${parsed.extras.sort().join(',')}|${extra ? canonicalName(extra) : markerExtra(parsed.marker)}`;
}
function lockedKey(entry, sourced) {
    const url = sourced.has(canonicalName(text(entry.name) ?? '')) ? undefined : text(entry.url);
    const spec = url ? `@${url}` : normaliseSpecifier(text(entry.specifier) ?? '');
    const extras = list(entry.extras).map(e => canonicalName(String(e))).sort().join(',');
    return `${canonicalName(text(entry.name) ?? '')}|${spec}|${extras}|${markerExtra(text(entry.marker))}`;
}
function markerExtra(marker) {
    const m = marker && /extra\s*==\s*['"]([^'"]+)['"]/.exec(marker);
    return m ? canonicalName(m[1]) : '';
}

/** The lock formats in the order they are looked for in the project folder (the documented precedence). */
const LOCK_FORMATS = [uvLock, poetryLock, pylock, pipfileLock];
/**
 * The lock that says what to install, or undefined when there is none: package.lock when set; else, in the
 * project folder, uv.lock, poetry.lock, pylock.toml, Pipfile.lock in that order; else the uv.lock of a uv
 * workspace the project belongs to (the nearest folder above whose pyproject.toml has [tool.uv.workspace]);
 * else requirements files that pin every requirement with == and --hash.
 */
function findLock(options, requirementFiles) {
    const locked = lockFor(options, requirementFiles);
    if (locked && (locked.format === 'pylock.toml' || locked.format === 'pinned requirements'))
        checkCovers(locked, options);
    return locked;
}
/**
 * pylock.toml and hashed requirements record nothing of what they were made from: at least every dependency
 * the project's pyproject.toml declares for the target must be among what they pin, or they are stale.
 */
function checkCovers(locked, selection) {
    const declared = list(table(readPyproject(selection.projectDir)?.project).dependencies);
    const pinned = new Set(locked.packages.map(p => canonicalName(p.name)));
    for (const line of declared) {
        const parsed = parseRequirement(String(line));
        if (!parsed || pinned.has(parsed.name) || !holdsOnTarget(parsed.marker, selection, path.join(selection.projectDir, 'pyproject.toml')))
            continue;
        throw new SpindriftError(`${path.join(selection.projectDir, 'pyproject.toml')} declares ${parsed.name}, which ${locked.file} does not pin for ${selection.runtime.name} on ${selection.architecture}, so the lock is stale; regenerate it (for example "uv export --frozen --no-dev -o requirements.txt").`);
    }
}
function lockFor(options, requirementFiles) {
    if (options.lock === 'none')
        return undefined;
    if (options.lock) {
        const file = path.resolve(options.projectDir, options.lock);
        const format = LOCK_FORMATS.find(f => f.matches(path.basename(file)));
        if (format)
            return format.read(file, options);
        const pinned = readPinnedRequirements([file], options);
        if (pinned)
            return pinned;
        throw new SpindriftError(`package.lock ${options.lock} is neither a lock file spindrift reads (uv.lock, poetry.lock, pylock.toml, Pipfile.lock) nor a requirements file that pins every requirement with == and --hash; name one of those, or set package.lock to none.`);
    }
    for (const format of LOCK_FORMATS) {
        const file = path.join(options.projectDir, format.name);
        if (existsSync(file))
            return format.read(file, options);
    }
    const workspace = workspaceLock(options.projectDir);
    if (workspace)
        return uvLock.read(workspace, options);
    return readPinnedRequirements(requirementFiles, options);
}
/** The uv.lock of the workspace above projectDir, if projectDir lies in one (stops at a repository's top). */
function workspaceLock(projectDir) {
    let dir = path.resolve(projectDir);
    while (!existsSync(path.join(dir, '.git'))) {
        const parent = path.dirname(dir);
        if (parent === dir)
            return undefined;
        dir = parent;
        const pyproject = path.join(dir, 'pyproject.toml');
        const lock = path.join(dir, 'uv.lock');
        if (existsSync(lock) && existsSync(pyproject) && statSync(pyproject).isFile() && /^\s*\[tool\.uv\.workspace\]/m.test(readFileSync(pyproject, 'utf8')))
            return lock;
    }
    return undefined;
}

/**
 * A lock (deps/locks/): when there is one, it alone says what to install, for the target; the project's
 * metadata and requirements files are then not installed from (uv and Poetry locks are checked against them).
 */
const lockFile = {
    name: 'lock',
    read(project) {
        if (!project.locks)
            return 'none';
        const locked = findLock({ ...project.locks, projectDir: project.projectDir }, project.requirementFiles);
        if (!locked)
            return 'none';
        return { source: locked.format, readFrom: locked.file.split(', '), requirements: [], files: [], locked };
    }
};
/** Requires-Dist of the project: the built wheel's, or before the build the static list in pyproject.toml. */
const projectMetadata = {
    name: 'project metadata',
    read(project) {
        if (project.declaredDependencies !== undefined) {
            if (project.declaredDependencies.length === 0)
                return 'none';
            return { source: this.name, readFrom: [`${project.projectDir} (the built wheel's METADATA)`], requirements: project.declaredDependencies, files: [] };
        }
        const predicted = predictedDependencies(project.projectDir);
        if (predicted === undefined)
            return 'not-yet';
        return { source: this.name, readFrom: [path.join(project.projectDir, 'pyproject.toml')], requirements: predicted, files: [] };
    }
};
/** The requirements files package.requirements names (requirements.txt by default), handed to the installer with -r. */
const requirementsFiles = {
    name: 'requirements files',
    read(project) {
        if (project.requirementFiles.length === 0)
            return 'none';
        return { source: this.name, readFrom: project.requirementFiles, requirements: [], files: project.requirementFiles };
    }
};
/** Every source, in the order their requirements are given to the installer. */
const DEPENDENCY_SOURCES = [lockFile, projectMetadata, requirementsFiles];
/** The requirement set the sources yield together, or undefined while one of them needs the built project. */
function requirementsFrom(project, sources = DEPENDENCY_SOURCES) {
    const readings = [];
    for (const source of sources) {
        const reading = source.read(project);
        if (reading === 'not-yet')
            return undefined;
        // A lock is the whole answer: what it pins is what ships.
        if (reading !== 'none' && reading.locked)
            return gatherRequirements([reading]);
        if (reading !== 'none')
            readings.push(reading);
    }
    return gatherRequirements(readings);
}
/**
 * The dependencies a project with static metadata will declare, read from pyproject.toml before its wheel is
 * built; undefined when they cannot be known for sure (no metadata, dynamic metadata, unusual TOML).
 */
function predictedDependencies(projectDir) {
    const pyproject = path.join(projectDir, 'pyproject.toml');
    try {
        if (!existsSync(pyproject))
            return undefined;
        // staticDependencies itself asks for a [project] table, which is what makes the folder a project.
        const present = new Set(['setup.py', 'setup.cfg'].filter(name => existsSync(path.join(projectDir, name))));
        return staticDependencies(readFileSync(pyproject, 'utf8'), present);
    }
    catch {
        // Unreadable: the app stage reports that in its own words.
        return undefined;
    }
}

/** A temp file left by a run that was killed outright (SIGKILL) is removed by the next run. */
function removeStaleTemps(dir, base) {
    let names;
    try {
        names = readdirSync(dir);
    }
    catch {
        return;
    }
    for (const name of names) {
        const match = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
        if (!match || match[1] !== base || alive(Number(match[2])))
            continue;
        rmSync(path.join(dir, name), { force: true });
    }
}
/**
 * The first half of an atomic write: a run that writes several files stages them all, then commits them all,
 * so a failure before the commits (a full disk included) leaves every previous file as it was.
 */
async function stageAtomically(outputPath, data, hashed) {
    const dir = path.dirname(outputPath);
    try {
        makeFolders(dir);
    }
    catch (error) {
        throw new SpindriftError(`Cannot create the output folder ${dir} (${error.code}); choose an output.path in a writable folder.`);
    }
    removeStaleTemps(dir, path.basename(outputPath));
    const temp = tempNameBeside(outputPath);
    registerTemp(temp);
    let digest;
    try {
        digest = await stageLargeFile(data, temp, { hashed: hashed && (digest => hashed(digest.toString('hex'))) });
    }
    catch (error) {
        forgetTemp(temp);
        throw new SpindriftError(cannotWrite(`the zip to ${outputPath}`, error, 'choose an output.path in a writable folder'));
    }
    const abort = () => {
        removeQuietly(temp);
        forgetTemp(temp);
    };
    return {
        sha256: digest.toString('hex'),
        commit() {
            try {
                renameSync(temp, outputPath);
            }
            catch (error) {
                abort();
                throw new SpindriftError(cannotWrite(`the zip to ${outputPath}`, error, 'choose an output.path in a writable folder'));
            }
            forgetTemp(temp);
            return { path: outputPath, size: byteLength(data), sha256: digest.toString('hex'), base64Sha256: digest.toString('base64') };
        },
        abort
    };
}

/** The one way every output is written: staged whole beside its path, renamed into place by commit(). */
function stagedOutput(kind, file) {
    return {
        kind,
        path: file,
        async stage(data, { uncompressedSize }, hashed) {
            const staged = await stageAtomically(file, data, hashed);
            return { path: file, sha256: staged.sha256, commit: () => ({ kind, ...staged.commit(), ...(uncompressedSize !== undefined && { uncompressedSize }) }), abort: staged.abort };
        }
    };
}

/** The function's zip: the app, its dependencies (unless they go to a layer) and the shim, written to output.path. */
function functionZip(outputPath) {
    return stagedOutput('function-zip', outputPath);
}

/** Lambda puts a layer's python/ folder on sys.path (as /opt/python): the layout of a Python layer zip. */
const LAYER_PREFIX = 'python/';
/**
 * The dependency layer as a Lambda layer zip: the cached layer's entries under python/, copied as their
 * compressed bytes. Its bytes depend only on the dependency set and the target, never on the app.
 */
function layerZipBytes(entries) {
    // Entry names are in byte order already; one shared prefix keeps that order.
    return zipParts(entries.map(entry => ({ ...entry, name: LAYER_PREFIX + entry.name })), dosTimestamp());
}
/** The layer zip, written to output.layer-path. */
function layerZip(layerPath) {
    return stagedOutput('layer-zip', layerPath);
}

/** The CycloneDX specification version the SBOMs follow. */
const CYCLONEDX_SPEC = '1.7';
/**
 * A CycloneDX JSON SBOM of one zip: one component per distribution actually in it (from its dist-info METADATA),
 * the app as the root component, the zip's SHA-256 as the subject. No clock and no random value: the same zip
 * gives the same bytes (the serial number is derived from the zip's hash).
 */
function sbomOf(files, subject) {
    const components = files
        .filter(file => file.name.startsWith(subject.prefix) && /^[^/]+\.dist-info\/METADATA$/.test(file.name.slice(subject.prefix.length)))
        .filter(file => !subject.appDistInfo || !file.name.slice(subject.prefix.length).startsWith(`${subject.appDistInfo}/`))
        .map(file => componentOf(file.data.toString('utf8'), subject.dependencySource, subject.wheels ?? []))
        .sort((a, b) => compareNames(a['bom-ref'], b['bom-ref']));
    const rootRef = `app:${subject.appName}`;
    const bom = {
        $schema: `http://cyclonedx.org/schema/bom-${CYCLONEDX_SPEC}.schema.json`,
        bomFormat: 'CycloneDX',
        specVersion: CYCLONEDX_SPEC,
        serialNumber: `urn:uuid:${uuidFrom(subject.sha256)}`,
        version: 1,
        metadata: {
            tools: { components: [{ type: 'application', name: 'spindrift' }] },
            component: {
                type: 'application',
                'bom-ref': rootRef,
                name: subject.appName,
                ...(subject.appVersion && { version: subject.appVersion }),
                hashes: [{ alg: 'SHA-256', content: subject.sha256 }],
                // The zip's name is left out: the same zip under another path must give the same SBOM bytes.
                properties: [{ name: 'spindrift:artefact', value: subject.artefact }]
            }
        },
        components,
        dependencies: [{ ref: rootRef, dependsOn: components.map(c => c['bom-ref']) }, ...components.map(c => ({ ref: c['bom-ref'] }))]
    };
    return Buffer.from(`${JSON.stringify(bom, null, 2)}\n`, 'utf8');
}
/** One distribution from its METADATA headers: name, version, purl and the licence it declares. */
function componentOf(metadata, source, wheels) {
    const headers = metadataHeaders(metadata);
    const name = headers.get('name')?.[0] ?? 'unknown';
    const version = headers.get('version')?.[0];
    const purl = `pkg:pypi/${canonicalName(name)}${version ? `@${encodeURIComponent(version)}` : ''}`;
    const component = { type: 'library', 'bom-ref': purl, name, ...(version && { version }), purl };
    const licenses = licencesOf(headers);
    if (licenses.length)
        component.licenses = licenses;
    const wheel = wheels.find(w => canonicalName(w.name) === canonicalName(name) && w.version === version);
    // The hash of the wheel file the distribution was installed from, as the index or the lock gives it.
    if (wheel?.sha256)
        component.hashes = [{ alg: 'SHA-256', content: wheel.sha256 }];
    const properties = [...(source ? [{ name: 'spindrift:dependency-source', value: source }] : []), ...(wheel ? [{ name: 'spindrift:chosen-by', value: wheel.chosenBy }] : [])];
    if (properties.length)
        component.properties = properties;
    return component;
}
/** License-Expression (PEP 639) when declared; else a short License field; else the licence classifiers. */
function licencesOf(headers) {
    const expression = headers.get('license-expression')?.[0]?.trim();
    if (expression)
        return [{ expression }];
    const text = headers.get('license')?.[0]?.trim();
    if (text && text.length <= 100 && !text.includes('\n'))
        return [{ license: { name: text } }];
    const classifiers = (headers.get('classifier') ?? []).filter(c => c.startsWith('License ::')).map(c => c.split('::').pop().trim());
    return [...new Set(classifiers)].sort().map(name => ({ license: { name } }));
}
/** RFC 822-style headers of a METADATA file (up to the first blank line), names lower-cased, repeated ones kept. */
function metadataHeaders(metadata) {
    const headers = new Map();
    let last;
    for (const line of metadata.split(/\r?\n/)) {
        if (line === '')
            break;
        if (/^\s/.test(line) && last) {
            const values = headers.get(last);
            values[values.length - 1] += `\n${line.trim()}`;
            continue;
        }
        const colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        last = line.slice(0, colon).trim().toLowerCase();
        headers.set(last, [...(headers.get(last) ?? []), line.slice(colon + 1).trim()]);
    }
    return headers;
}
/** An RFC 4122 version-5-shaped UUID from a hex digest: stable for the same zip, unique across zips. */
function uuidFrom(hex) {
    const bytes = createHash('sha256').update(`spindrift-sbom:${hex}`).digest().subarray(0, 16);
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const h = bytes.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** build/app.zip → build/app.cdx.json: the SBOM sits beside the zip it describes. */
function sbomPath(zipPath) {
    return path.join(path.dirname(zipPath), `${path.basename(zipPath).replace(/\.zip$/i, '')}.cdx.json`);
}
/** The SBOM of the zip staged at `zipPath` (its sha256 as read back from the disk), staged beside it. */
function stageSbom(zipPath, sha256, files, subject) {
    const file = sbomPath(zipPath);
    return stagedOutput('sbom', file).stage(sbomOf(files, { ...subject, sha256 }), {});
}
/** The METADATA files among packed entries (the cached dependency layer's), inflated: all an SBOM reads. */
function metadataFiles(entries) {
    return entries
        .filter(entry => /^[^/]+\.dist-info\/METADATA$/.test(entry.name))
        .map(entry => ({ name: entry.name, data: entry.method === 8 ? inflateRawSync(entry.compressed) : entry.compressed }));
}

/** spindrift.json for the zip: the target it was built for, beside the shim (see common/targetfile.ts). */
function renderTargetFile(target, app) {
    const text = formatTargetFile({ runtime: target.runtime.name, architecture: target.architecture, app: app.type, handler: HANDLER });
    return { name: TARGET_FILE, data: Buffer.from(text, 'utf8') };
}

// The resolution memo: an unlocked set's resolution is kept under <cacheDir>/resolutions/<key>.json with a digest
// of every index page and find-links location pip read for it. A later build that finds every one of them as it
// was (and the memo under a day old) takes the resolution from the memo instead of running pip's resolver: what
// pip reads is all that decides what it picks, so the answer would be the same. Anything changed, unreadable or
// unexpected means resolving again, never an error.
// The digests can only be taken after pip has read the pages: a release published in between would pair the
// old answer with the new page. So a memo is trusted only once confirmed: pip resolved while every page read
// the same just before and just after it ran. A first resolution is kept unconfirmed; the next build with
// unchanged pages resolves once more, and that run confirms it.
/** Bump when the memo's shape or meaning changes: older memos then stop matching. */
const MEMO_FORMAT = 2;
/** A memo older than this is resolved again whatever the pages say (a last guard against what pages cannot show). */
const MEMO_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** pip's own Accept header for index pages (pip/_internal/index/collector.py), so the index answers as it did to pip. */
const PIP_ACCEPT = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01';
/**
 * The resolution `resolve` gives, or the memo's when nothing pip read has changed since. `resolve` is handed a
 * line observer for pip's -vv output; `isValue` says whether a memo's stored value has the expected shape.
 */
async function rememberedResolution(inputs, resolve, isValue) {
    // Nothing to resolve: nothing to remember either.
    if (inputs.normalised.length === 0)
        return resolve();
    const why = notRememberable(inputs);
    if (why) {
        inputs.logger.debug(`The resolution is not remembered: ${why}.`);
        return resolve();
    }
    const key = createHash('sha256').update(JSON.stringify([MEMO_FORMAT, inputs.keyParts])).digest('hex').slice(0, 40);
    const file = path.join(inputs.cacheDir, 'resolutions', `${key}.json`);
    const memo = readMemo(file, key, isValue);
    // The pages as read just before pip runs, when a memo says which: read the same after it, they confirm its answer.
    let before;
    if (memo) {
        const { changed, now } = await readAgain(memo.sources, inputs.configuredUrls);
        before = now;
        if (!changed && !memo.confirmed) {
            inputs.logger.debug('Resolving once more: a remembered resolution is used only once a run between two equal readings of its pages confirms it.');
        }
        else if (!changed) {
            markUsed(file);
            const pages = memo.sources.filter(s => s.kind === 'page').length;
            const links = memo.sources.length - pages;
            const counted = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;
            inputs.logger.info(`Resolution unchanged: the ${counted(pages, 'index page')} pip read${links ? ` and ${counted(links, 'find-links location')}` : ''} are as they were, so pip's resolver does not run`);
            return memo.value;
        }
        else
            inputs.logger.debug(`Resolving again: ${changed} changed since the last resolution.`);
    }
    const reader = new PipPagesReader();
    const value = await resolve(line => reader.line(line));
    if (value === undefined)
        return value;
    const reading = reader.reading();
    if (reading.fetchFailed)
        inputs.logger.debug('The resolution is not remembered: pip could not read an index page.');
    // No page read (pip's wording changed, or only local packages without dependencies): nothing to check it by.
    else if (reading.lookups === 0 || reading.sources.length === 0)
        inputs.logger.debug("The resolution is not remembered: pip's output named no index page it read.");
    else
        await remember(file, key, reading.sources, value, before, inputs);
    return value;
}
/** The index and find-links URLs an install is told about, with their credentials (pip prints them redacted). */
function configuredUrls(index, requirementFiles, env) {
    const findLinks = indexOptionLines(requirementFiles)
        .map(line => /^(?:-f|--find-links) (\S+)/.exec(line)?.[1])
        .filter((url) => Boolean(url));
    return [...new Set([...indexesOf(index, requirementFiles, env), ...findLinks, ...(env.PIP_FIND_LINKS ?? '').split(/\s+/).filter(Boolean)])];
}
/** Why this resolution cannot be checked by its pages, or undefined when it can. */
function notRememberable(inputs) {
    if (!inputs.cacheDir)
        return 'no cache folder';
    if (inputs.installer !== 'pip')
        return 'only resolutions by pip are remembered (uv does not say which pages it read)';
    const proxy = proxyVariable(inputs.env);
    if (proxy)
        return `${proxy} is set, and what pip saw through the proxy cannot be read again the same way`;
    const direct = inputs.normalised.find(line => !/^(-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host)\b/.test(line) && /[a-z][a-z0-9+.-]*:\/\//i.test(line));
    if (direct)
        return `"${direct.split(/\s/)[0]}" is read from its URL, not from an index page`;
    return undefined;
}
function readMemo(file, key, isValue) {
    let parsed;
    try {
        parsed = JSON.parse(readFileSync(file, 'utf8'));
    }
    catch {
        return undefined;
    }
    const memo = parsed;
    if (!memo || typeof memo !== 'object' || memo.format !== MEMO_FORMAT || memo.key !== key)
        return undefined;
    const age = Date.now() - Number(memo.createdAt);
    if (!Number.isFinite(age) || age < 0 || age >= MEMO_MAX_AGE_MS)
        return undefined;
    const sourceOk = (s) => {
        const source = s;
        return Boolean(source) && (source?.kind === 'page' || source?.kind === 'links') && typeof source?.url === 'string' && typeof source?.digest === 'string' && /^([0-9a-f]{64}|missing)$/.test(source.digest);
    };
    if (!Array.isArray(memo.sources) || !memo.sources.every(sourceOk) || typeof memo.confirmed !== 'boolean' || !isValue(memo.value))
        return undefined;
    return memo;
}
/**
 * Store what pip read with the resolution; nothing is stored when a page cannot be read back. Confirmed when
 * `before` (the pages as read just before pip ran) names the same sources with the same digests.
 */
async function remember(file, key, sources, value, before, inputs) {
    const digests = await Promise.all(sources.map(async (source) => ({ ...source, digest: await digestOf(source, inputs.configuredUrls) })));
    const unreadable = digests.find(d => d.digest === undefined);
    if (unreadable) {
        inputs.logger.debug(`The resolution is not remembered: ${unreadable.url} cannot be read back as pip read it.`);
        return;
    }
    const read = digests;
    const asRead = (list) => list.map(s => `${s.kind} ${s.url} ${s.digest}`).sort().join('\n');
    const confirmed = before !== undefined && asRead(before) === asRead(read);
    const memo = { format: MEMO_FORMAT, key, createdAt: Date.now(), sources: read, confirmed, value };
    try {
        makeFolders(path.dirname(file));
        replaceFile(file, Buffer.from(JSON.stringify(memo)), `${file}.${randomBytes(4).toString('hex')}.tmp`);
    }
    catch {
        // A read-only or full cache: the next build resolves again.
    }
}
/**
 * Every source read again at once: the first whose digest differs now (undefined when none does), and the
 * digests now (undefined when one cannot be read).
 */
async function readAgain(sources, configured) {
    const now = await Promise.all(sources.map(source => digestOf(source, configured)));
    const index = sources.findIndex((source, i) => now[i] !== source.digest);
    const readable = now.every((digest) => digest !== undefined);
    return { changed: index < 0 ? undefined : sources[index].url, now: readable ? sources.map((source, i) => ({ ...source, digest: now[i] })) : undefined };
}
/** sha256 of what pip would read at a source now, "missing", or undefined when it cannot be read as pip would. */
async function digestOf(source, configured) {
    if (/^https?:\/\//i.test(source.url))
        return pageDigest(source.url, configured);
    let local;
    try {
        local = source.url.startsWith('file:') ? fileURLToPath(source.url) : source.url;
    }
    catch {
        return undefined;
    }
    if (!path.isAbsolute(local))
        return undefined;
    const stat = statOf(local);
    if (!stat)
        return 'missing';
    if (stat.isFile())
        return fileDigest(local);
    if (!stat.isDirectory())
        return 'missing';
    // An index's project folder is read as its index.html; a find-links folder as the files in it.
    if (source.kind === 'page')
        return fileDigest(path.join(local, 'index.html'));
    const listing = readdirSync(local)
        .sort()
        .map(name => {
        const entry = statOf(path.join(local, name));
        return `${name}\0${entry?.size ?? -1}\0${entry?.mtimeMs ?? -1}`;
    });
    return sha256(Buffer.from(listing.join('\n')));
}
async function pageDigest(printed, configured) {
    const full = withCredentials(printed, configured);
    if (!full)
        return undefined;
    try {
        // The memo's answer must be the page pip read: pip's Accept, and no cached copy from the way.
        const response = await get(full, { headers: { Accept: PIP_ACCEPT, 'Cache-Control': 'max-age=0' }, timeoutMs: 15_000 });
        if (response.status === 404)
            return 'missing';
        if (response.status < 200 || response.status > 299)
            return undefined;
        return sha256(response.body);
    }
    catch {
        return undefined;
    }
}
function fileDigest(file) {
    try {
        return sha256(readFileSync(file));
    }
    catch {
        return 'missing';
    }
}
function statOf(file) {
    try {
        return statSync(file);
    }
    catch {
        return undefined;
    }
}
function sha256(data) {
    return createHash('sha256').update(data).digest('hex');
}

/**
 * The interpreter that runs pip: package.python when set; otherwise one of the runtime's exact minor version
 * (pip then evaluates markers and Requires-Python as Lambda would), looked for as python3.X on PATH, in pyenv's
 * versions (its shims fail unless pyenv selects that version, so the versioned binaries are called directly),
 * in the GitHub tool cache and among uv-managed Pythons; else python3. The log says which one and why.
 * python3 is asked first: when it already is the runtime's version, it is the one. With `cacheDir`, what a real
 * executable answered is kept (interpreterfacts.ts).
 */
async function chooseInterpreter(configured, target, env, logger, cacheDir) {
    const probeInterpreter$1 = (command, env) => probeInterpreter(command, env, cacheDir);
    if (configured)
        return probeInterpreter$1(configured, env);
    const minor = target.runtime.pythonVersion;
    // python3 itself is the first candidate: when it is the runtime's version, nothing else needs looking for.
    const python3 = await probeInterpreter$1('python3', env).catch(() => undefined);
    if (python3 && python3.minor === minor && python3.pip)
        return python3;
    for (const candidate of pythonCandidates(minor, target.architecture, env)) {
        const python = await probeInterpreter$1(candidate.command, env).catch(() => undefined);
        // One without pip cannot install; the fallback's own message then says so if it lacks pip too.
        if (python && python.minor === minor && python.pip) {
            logger.info(`Using ${candidate.command} (Python ${python.version}, ${candidate.where}): the runtime's Python ${minor}, since package.python is not set`);
            return python;
        }
    }
    const fallback = python3 ?? (await probeInterpreter$1('python3', env));
    logger.info(`No Python ${minor} found (looked for python${minor} on PATH, in pyenv, the GitHub tool cache and uv's Pythons): using python3 (Python ${fallback.version}); set package.python to a Python ${minor} to install as Lambda would`);
    return fallback;
}
/**
 * Interpreters that may be Python `minor`, most likely first: existing files only, nothing is run to find them
 * (the caller probes them). The packager and `spindrift invoke` both look here.
 */
function pythonCandidates(minor, architecture, env) {
    const found = [];
    const home = env.HOME || os.homedir();
    const name = `python${minor}`;
    for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
        const file = path.join(dir, name);
        // A pyenv shim runs whatever version pyenv selects, and fails for the others.
        if (isFile(file) && !/[\\/]shims[\\/]/.test(realpath(file)))
            found.push({ command: file, where: 'on PATH' });
    }
    const pyenvRoot = env.PYENV_ROOT || path.join(home, '.pyenv');
    for (const version of versionsIn(path.join(pyenvRoot, 'versions'), minor))
        found.push({ command: path.join(pyenvRoot, 'versions', version, 'bin', name), where: 'pyenv' });
    if (env.RUNNER_TOOL_CACHE) {
        const base = path.join(env.RUNNER_TOOL_CACHE, 'Python');
        const arch = architecture === 'arm64' ? 'arm64' : 'x64';
        for (const version of versionsIn(base, minor))
            found.push({ command: path.join(base, version, arch, 'bin', 'python3'), where: 'the GitHub tool cache' });
    }
    const uvDir = env.UV_PYTHON_INSTALL_DIR || path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'uv', 'python');
    for (const entry of listing(uvDir).filter(e => e.startsWith(`cpython-${minor}.`) && e.includes('-linux-')).sort(byVersion).reverse()) {
        found.push({ command: path.join(uvDir, entry, 'bin', name), where: 'a uv-managed Python' });
    }
    return found.filter(c => isFile(c.command));
}
/** "3.12.1", "3.12.10"… under dir, newest first. */
function versionsIn(dir, minor) {
    return listing(dir).filter(v => v.startsWith(`${minor}.`) && /^\d+\.\d+\.\d+$/.test(v)).sort(byVersion).reverse();
}
function byVersion(a, b) {
    const numbers = (s) => (/(\d+)\.(\d+)\.(\d+)/.exec(s) ?? []).slice(1).map(Number);
    const [x, y] = [numbers(a), numbers(b)];
    for (let i = 0; i < 3; i++)
        if ((x[i] ?? 0) !== (y[i] ?? 0))
            return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
}
function listing(dir) {
    try {
        return readdirSync(dir);
    }
    catch {
        return [];
    }
}
function isFile(file) {
    try {
        return statSync(file).isFile();
    }
    catch {
        return false;
    }
}
function realpath(file) {
    try {
        return existsSync(file) ? realpathSync(file) : file;
    }
    catch {
        return file;
    }
}

// Where a build's time goes, stage by stage: `spindrift package --profile` prints it, --verbose logs it.
/**
 * Wall time per named stage. A stage timed twice (several functions, or a retry) adds up. Stages that run side
 * by side (the dependency layer while the app is built) overlap, so their sum can exceed the total.
 * "start-up" is the time from the process's start to the clock's creation: Node and spindrift's own loading.
 */
class StageClock {
    madeAt = performance.now();
    stages = new Map();
    async time(stage, work) {
        const started = performance.now();
        try {
            return await work();
        }
        finally {
            this.add(stage, performance.now() - started);
        }
    }
    timeSync(stage, work) {
        const started = performance.now();
        try {
            return work();
        }
        finally {
            this.add(stage, performance.now() - started);
        }
    }
    add(stage, ms) {
        this.stages.set(stage, (this.stages.get(stage) ?? 0) + ms);
    }
    /** Each stage in the order it first ran, with start-up first and the total (process start to now) last. */
    entries() {
        return [{ stage: 'start-up', ms: this.madeAt }, ...[...this.stages].map(([stage, ms]) => ({ stage, ms })), { stage: 'total', ms: performance.now() }];
    }
    /** "Profile: start-up 120 ms · interpreter 3 ms · … · total 650 ms" */
    line() {
        return `Profile: ${this.entries().map(e => `${e.stage} ${Math.round(e.ms)} ms`).join(' · ')}`;
    }
}
/** Time `work` on the clock when there is one. */
function timed(clock, stage, work) {
    return clock ? clock.time(stage, work) : work();
}
function timeSync(clock, stage, work) {
    return clock ? clock.timeSync(stage, work) : work();
}

// The pipeline: settings → Plan (config/) → app (app/) → requirements (deps/sources) → dependency layer
// (deps/, cached) → audit (audit/) → zip (zip/) → outputs (outputs/). The faces call runPlan and nothing deeper.
function newSharedWork(outputs = []) {
    const done = new Map();
    const once = (key, make) => {
        if (!done.has(key))
            done.set(key, make());
        return done.get(key);
    };
    return { once, layerZips: new Map(), outputs };
}
/** One function: prepared (every check passed, every file staged), then committed. */
async function runPlan(plan, context) {
    const prepared = await preparePlan(plan, context);
    return timeSync(context.clock, 'write', () => prepared.commit());
}
async function preparePlan(plan, { logger, env: given, remote, shared, signal, clock }) {
    if (plan.member)
        logger.info(`Packaging the uv workspace member "${plan.member}" (${plan.projectDir}), locked by ${plan.lock}`);
    // Every external step reads its time limit from the environment it runs in.
    const env = { ...given, [TIMEOUT_VARIABLE]: String(plan.timeout) };
    const work = shared ?? newSharedWork();
    await work.once('stale work folders', async () => removeStaleWorkFolders());
    if (plan.runtime.deprecated) {
        logger.warning(`${plan.runtime.name} has been deprecated by AWS Lambda since ${plan.runtime.deprecated}: it gets no security patches; move to a current runtime.`);
    }
    if (plan.snapstartWarmup && Number(plan.runtime.pythonVersion.split('.')[1]) < 12) {
        logger.warning(`package.snapstart-warmup is set, but Lambda SnapStart needs python3.12 or later, so on ${plan.runtime.name} the warm-up request is never sent; choose python3.12 or later, or remove the setting.`);
    }
    checkProjectPython(plan.projectDir, plan);
    const python = await work.once(`python ${plan.python} ${plan.runtime.name} ${plan.architecture}`, () => timed(clock, 'interpreter', () => chooseInterpreter(plan.python, plan, env, logger, plan.cacheDir)));
    logger.info(`Python ${python.version} (${python.machine}) with pip ${python.pip ?? 'missing'} packages for ${plan.runtime.name} on ${plan.architecture}`);
    if (plan.compile)
        checkCompiler(plan, python);
    const installer = await work.once(`installer ${plan.installer} ${python.command}`, () => timed(clock, 'installer', () => findInstaller(plan, python)));
    const store = plan.cacheDir ? new LayerStore(plan.cacheDir, logger, cacheBound(env)) : undefined;
    // Asked several times per set (the early layer, the layer, the report): hashed once.
    const keys = new WeakMap();
    const keyOf = (requirements) => {
        if (!keys.has(requirements))
            keys.set(requirements, cacheKey(plan, python, installer, requirements, env));
        return keys.get(requirements);
    };
    // A set that could not be resolved is keyed by its text: it is installed, but never stored or reused.
    const layerFor = (requirements, log) => {
        const key = keyOf(requirements);
        return work.once(`layer ${key}`, () => timed(clock, 'dependency layer', () => dependencyLayer(plan, python, installer, requirements, key, { store: requirements.locked || requirements.resolved ? store : undefined, remote, logger: log })));
    };
    const resolved = (requirements) => {
        if (requirements.locked || !store)
            return Promise.resolve(requirements);
        // The same normalised set (pyproject.toml's spelling or the wheel's) is resolved once, for every function of the run.
        const id = JSON.stringify([requirements.normalised, plan.runtime.name, plan.architecture, plan.indexUrl, plan.extraIndexUrls, installer.name, python.command]);
        // What pip read is checked again first: unchanged, the last resolution stands and pip's resolver does not run.
        const memo = { cacheDir: plan.cacheDir, installer: installer.name, keyParts: [cacheKeyParts(plan, python, installer, requirements, env), plan.runtime.name, plan.runtime.glibc, plan.architecture, plan.projectDir, python.command, python.version, installer.name, installer.version], normalised: requirements.normalised, configuredUrls: configuredUrls(plan, requirements.files, env), env, logger };
        const resolve = () => rememberedResolution(memo, onLine => resolveForTarget(plan, python, installer, requirements, logger, onLine), isResolution);
        return work.once(`resolution ${id}`, () => timed(clock, 'resolution', resolve).then(resolution => ({ ...requirements, resolved: resolution?.lines, wheels: resolution ? resolution.wheels : unresolved(installer.name) })));
    };
    // When the sources can tell the dependencies before the project is built, install them meanwhile.
    const locks = { lock: plan.lock, groups: plan.groups, extras: plan.extras, runtime: plan.runtime, architecture: plan.architecture };
    const predicted = requirementsFrom({ projectDir: plan.projectDir, requirementFiles: plan.requirementFiles, locks });
    // A lock's markers are decided for the target by spindrift itself, whatever Python runs pip.
    if (!predicted?.locked)
        warnOnInterpreterMismatch(plan, python, logger);
    const early = predicted && startEarly(resolved(predicted), keyOf, layerFor, logger);
    let app;
    try {
        // Functions over one project with the same app settings share one app stage.
        const appKey = JSON.stringify([plan.projectDir, plan.include, plan.exclude, plan.compile, plan.indexUrl, plan.extraIndexUrls, plan.cacheDir, installer, python.command]);
        app = await logger.group(`App: ${plan.projectDir}`, () => work.once(`app ${appKey}`, () => timed(clock, 'app', async () => {
            const collected = await collectApp(plan, python, installer, logger, [...work.outputs, ...ownOutputs(plan)]);
            const trimmed = trimFiles(collected.files, { exclude: plan.exclude, stripTests: false, dropDistributions: [] });
            const files = trimmed.kept;
            return { ...collected, unmatchedExcludes: trimmed.unmatched, files: plan.compile ? await compileFiles(plan, python, files, logger) : files };
        })));
    }
    catch (error) {
        await early?.settled;
        throw error;
    }
    signal?.throwIfAborted();
    // A lock alone says what to install, whatever the built project declares: it is not read and parsed again.
    const declared = predicted?.locked ? predicted : requirementsFrom({ projectDir: plan.projectDir, requirementFiles: plan.requirementFiles, declaredDependencies: app.declaredDependencies, locks });
    if (!declared)
        throw new Error('the dependency sources still need the built project after it was built');
    const requirements = await resolved(declared);
    const key = keyOf(requirements);
    const dependencySource = describeSources(requirements);
    logger.info(`Dependencies from ${dependencySource}`);
    const { layer, cacheHit } = await logger.group(`Dependencies: ${key}`, async () => {
        if (early) {
            const settled = await early.settled;
            early.log.replayTo(logger);
            if ((await early.key) === key) {
                if ('error' in settled)
                    throw settled.error;
                if (!settled.value.cacheHit)
                    logger.info('The dependencies pyproject.toml lists were installed while the project was built: the wheel declares the same.');
                return settled.value;
            }
            logger.info('The built project declares other dependencies than its pyproject.toml lists; installing what it declares.');
        }
        return layerFor(requirements, logger);
    });
    // A layer stored before this was recorded says nothing: no warning rather than a wrong one.
    const unmatchedByDeps = layer.manifest.unmatchedExcludes;
    for (const pattern of app.unmatchedExcludes) {
        if (unmatchedByDeps?.includes(pattern))
            logger.warning(`package.exclude pattern ${quote(pattern)} matches no file of the app or its dependencies; check its spelling (patterns are relative to the zip's root, for example "**/*.md").`);
    }
    signal?.throwIfAborted();
    const output = functionZip(plan.outputPath);
    const { staged, stagedLayer, stagedSbom } = await logger.group(`Zip: ${output.path}`, () => timed(clock, 'checks and zip', async () => {
        checkContents(plan, plan.projectDir, layer.manifest.files.map(f => f.name), app.files.map(f => f.name));
        checkBinaries(plan, app.files, 'project', logger);
        // The shim and spindrift.json both say the app kind: rendered again when the kind is inferred. With a layer,
        // the function zip is the app, the shim and spindrift.json; the checks still see both, as Lambda will.
        const build = async (options) => {
            const added = [renderShim(options), renderTargetFile(plan, options)];
            const files = [...app.files, ...added];
            const whole = await mergeIntoZip(layer.entries, files);
            return { files, whole, archive: plan.layerPath ? await mergeIntoZip([], files) : whole };
        };
        let built = await build(plan);
        const inferred = await inferType(plan, plan, python, built.whole, logger);
        if (inferred)
            built = await build({ ...plan, type: inferred });
        const { files: appFiles, archive } = built;
        const unzipped = uncompressedSize(layer, appFiles);
        if (plan.importCheck)
            await importCheck(plan, python, built.whole);
        checkSize(plan.runtime.name, byteLength(archive), unzipped, [{ name: `${plan.name} (your app)`, version: '', size: sum(app.files) }, ...(layer.manifest.distributions ?? [])], logger);
        signal?.throwIfAborted();
        const sbomFor = (artefact) => (plan.sbom ? { appName: plan.name, ...appIdentity(app), artefact, dependencySource: requirements.sources.map(s => s.source).join(', ') || undefined, wheels: layer.manifest.wheels } : undefined);
        const stagedLayer = plan.layerPath ? await stageSharedLayer(plan.layerPath, key, layer, work, logger, sbomFor('layer-zip')) : undefined;
        const sbom = plan.sbom ? (sha256) => stageSbom(plan.outputPath, sha256, [...(plan.layerPath ? [] : metadataFiles(layer.entries)), ...appFiles], { ...sbomFor('function-zip'), prefix: '' }) : undefined;
        const { staged, stagedSbom } = await stageWithSbom(output, archive, { uncompressedSize: plan.layerPath ? sum(appFiles) : unzipped }, sbom);
        return { staged, stagedLayer, stagedSbom };
    }));
    const reports = distributionReports(layer.manifest.distributions ?? [], layer.manifest.wheels);
    const finish = (artefact, layerArtefact, sbomArtefact) => ({
        result: {
            path: artefact.path,
            size: artefact.size,
            sha256: artefact.sha256,
            base64Sha256: artefact.base64Sha256,
            uncompressedSize: artefact.uncompressedSize ?? 0,
            handler: HANDLER,
            cacheHit,
            dependencySource,
            ...(sbomArtefact && { sbom: sbomArtefact.path }),
            distributions: layerArtefact ? [] : reports,
            ...(layerArtefact && { layer: { ...layerResult(layerArtefact, plan, stagedLayer?.sbomPath), distributions: reports } })
        },
        report: {
            runtime: plan.runtime.name,
            architecture: plan.architecture,
            python: python.version,
            cacheKey: key,
            cacheKeyParts: cacheKeyParts(plan, python, installer, requirements, env),
            maxGlibc: layer.manifest.audit?.maxGlibc,
            dependencies: layer.manifest.distributions ?? [],
            dependencySources: requirements.sources,
            artefacts: [artefact, ...(sbomArtefact ? [sbomArtefact] : []), ...(layerArtefact ? [layerArtefact] : [])]
        }
    });
    return {
        commit() {
            const layerArtefact = stagedLayer?.commit(logger);
            const artefact = staged.commit();
            const sbomArtefact = stagedSbom?.commit();
            logger.info(`Wrote ${artefact.path} (${artefact.size} bytes, base64 SHA-256 ${artefact.base64Sha256})${sbomArtefact ? ` and its SBOM ${sbomArtefact.path}` : ''}`);
            return finish(artefact, layerArtefact, sbomArtefact);
        },
        abort() {
            staged.abort();
            stagedSbom?.abort();
            stagedLayer?.abort();
        }
    };
}
/**
 * Every function of the run. They are prepared concurrently (as many at once as the machine has cores),
 * sharing one install and one cached layer per dependency key; each function's log is shown in one piece, in
 * settings order. Only when every function is ready are the files renamed into place: a failure anywhere
 * leaves every previous zip as it was, and stops the run with the first failing function's error.
 */
async function runPlans(plans, context) {
    if (plans.length === 1 && plans[0].functionName === undefined)
        return [{ run: await runPlan(plans[0], context) }];
    const shared = newSharedWork(plans.flatMap(ownOutputs));
    const logs = plans.map(() => bufferedLogger());
    const limit = Math.max(1, os.availableParallelism());
    const outcomes = [];
    const running = new Set();
    for (const [index, plan] of plans.entries()) {
        while (running.size >= limit)
            await Promise.race(running);
        const work = preparePlan(plan, { ...context, logger: logs[index].logger, shared }).then(value => ({ value }), (error) => ({ error }));
        const tracked = work.finally(() => running.delete(tracked));
        running.add(tracked);
        outcomes.push(work);
    }
    const prepared = [];
    let failure;
    for (const [index, plan] of plans.entries()) {
        const outcome = await outcomes[index];
        context.logger.info(`── function ${plan.functionName}`);
        logs[index].replayTo(context.logger);
        if ('error' in outcome)
            failure ??= outcome;
        else
            prepared.push(outcome.value);
    }
    if (failure) {
        for (const run of prepared)
            run.abort();
        throw failure.error;
    }
    const runs = [];
    try {
        for (const [index, run] of prepared.entries()) {
            runs.push({ functionName: plans[index].functionName, run: timeSync(context.clock, 'write', () => run.commit()) });
            logs[index].replayTo(context.logger);
        }
    }
    catch (error) {
        for (const run of prepared.slice(runs.length))
            run.abort();
        throw error;
    }
    return runs;
}
function summariseRuns(runs) {
    const functions = {};
    const layers = new Map();
    for (const { functionName, run } of runs) {
        const name = functionName ?? 'function';
        functions[name] = run.result;
        const layer = run.result.layer;
        if (layer) {
            const entry = layers.get(layer.path) ?? { ...layer, functions: [] };
            entry.functions.push(name);
            layers.set(layer.path, entry);
        }
    }
    return { functions, layers: [...layers.values()] };
}
/**
 * The layer zip at `layerPath`, staged once per run however many functions share it; two functions that need
 * different dependency layers cannot share one path.
 */
async function stageSharedLayer(layerPath, key, layer, shared, logger, sbom) {
    const resolved = path.resolve(layerPath);
    const existing = shared.layerZips.get(resolved);
    if (existing) {
        if (existing.key !== key) {
            throw new SpindriftError(`Two functions share output.layer-path ${layerPath} but need different dependency layers (their requirements, target or trim settings differ); give each its own output.layer-path.`);
        }
        return existing.staged;
    }
    const staged = stageLayerZip(layerPath, layer, logger, sbom);
    shared.layerZips.set(resolved, { key, staged });
    return staged;
}
async function stageLayerZip(layerPath, layer, logger, sbom) {
    const data = layerZipBytes(layer.entries);
    checkLayerZipSize(byteLength(data), logger);
    // The layer's SBOM lists what is under python/; it describes the layer, not the app.
    const layerSbom = sbom && ((sha256) => stageSbom(layerPath, sha256, metadataFiles(layer.entries), { ...sbom, appDistInfo: undefined, prefix: '' }));
    const { staged, stagedSbom } = await stageWithSbom(layerZip(layerPath), data, { uncompressedSize: layer.manifest.uncompressedSize }, layerSbom);
    let committed;
    const shared_ = {
        sbomPath: stagedSbom?.path,
        commit(log) {
            if (!committed) {
                committed = staged.commit();
                stagedSbom?.commit();
                log.info(`Wrote the layer ${committed.path} (${committed.size} bytes, base64 SHA-256 ${committed.base64Sha256})`);
            }
            return committed;
        },
        abort: () => {
            if (committed)
                return;
            staged.abort();
            stagedSbom?.abort();
        }
    };
    return shared_;
}
/**
 * A zip staged with its SBOM, when one is asked for: the SBOM needs the zip's digest, so it is rendered and
 * staged while the zip is read back and flushed. When either fails, neither stays staged.
 */
async function stageWithSbom(output, data, facts, sbom) {
    // Settled into a value at once: a failing SBOM must not be an unhandled rejection while the zip is awaited.
    let sbomStaging;
    const hashed = sbom && ((sha256) => {
        sbomStaging = sbom(sha256).then(value => ({ value }), (error) => ({ error }));
    });
    let staged;
    try {
        staged = await output.stage(data, facts, hashed);
    }
    catch (error) {
        const started = await sbomStaging;
        if (started && 'value' in started)
            started.value.abort();
        throw error;
    }
    const settled = await sbomStaging;
    if (settled && 'error' in settled) {
        staged.abort();
        throw settled.error;
    }
    return { staged, stagedSbom: settled?.value };
}
/** Every file this function's run writes (zips and SBOMs): never read back as app files. */
function ownOutputs(plan) {
    const zips = [plan.outputPath, ...(plan.layerPath ? [plan.layerPath] : [])];
    return plan.sbom ? [...zips, ...zips.map(sbomPath)] : zips;
}
function layerResult(artefact, plan, sbom) {
    const { path: file, sha256, base64Sha256, size } = artefact;
    return { path: file, sha256, base64Sha256, size, uncompressedSize: artefact.uncompressedSize ?? 0, compatibleRuntime: plan.runtime.name, compatibleArchitecture: plan.architecture, ...(sbom && { sbom }) };
}
/** The app's own dist-info (a project built as a wheel): its version for the SBOM's root, left out of the components. */
function appIdentity(app) {
    const metadata = app.files.find(f => /^[^/]+\.dist-info\/METADATA$/.test(f.name));
    if (!metadata)
        return {};
    const version = /^Version:\s*(\S+)/m.exec(metadata.data.toString('utf8'))?.[1];
    return { appVersion: version, appDistInfo: metadata.name.split('/')[0] };
}
/** A dependency layer being made for the predicted requirements, its log kept until the app stage is done. */
function startEarly(requirements, keyOf, layerFor, live) {
    // A terminal's log takes both stages' lines as they come ("Installing…" before the install, not after it).
    const log = live.interleave ? { logger: live, replayTo: () => { } } : bufferedLogger(live);
    const settled = requirements.then(r => layerFor(r, log.logger)).then(value => ({ value }), (error) => ({ error }));
    return { key: requirements.then(keyOf, () => undefined), log, settled };
}
/** Say up front when pip's interpreter is not the target's: its markers are then verified after the install. */
function warnOnInterpreterMismatch(plan, python, logger) {
    if (plan.installer === 'uv' || interpreterMatches(plan, python))
        return;
    logger.warning(`pip runs on Python ${python.minor} (${python.machine}) for ${plan.runtime.name} on ${plan.architecture}: every dependency marker will be checked for the target, and the build stops if one decides differently; run spindrift with Python ${plan.runtime.pythonVersion} (for example actions/setup-python) to avoid that risk.`);
}
/** The sources in words, with what each read. */
function describeSources(requirements) {
    if (requirements.sources.length === 0)
        return 'none';
    return requirements.sources.map(s => `${s.source} (${s.readFrom.join(', ')})`).join(', ');
}
function sum(files) {
    return files.reduce((total, f) => total + f.data.length, 0);
}
function uncompressedSize(layer, added) {
    const sizes = new Map(layer.manifest.files.map(f => [f.name, f.size]));
    for (const file of added)
        sizes.set(file.name, file.data.length);
    let total = 0;
    for (const size of sizes.values())
        total += size;
    return total;
}

/** The list itself, its literal types kept: the library's `PackageOptions` is derived from it (see OptionValues). */
const OPTION_LIST = [
    {
        key: 'package.name',
        kind: 'string',
        defaultText: 'the project folder\'s name',
        description: 'Name of your package; names the default output file.'
    },
    {
        key: 'package.type',
        kind: 'string',
        choices: ['plain', 'wsgi', 'asgi', 'flask'],
        defaultText: 'inferred from the entry object when `package.python` is the runtime\'s version and machine (a WSGI or ASGI app found, else `plain`); otherwise `plain`',
        description: '`plain`: a Lambda handler function; `wsgi`: any WSGI app (Flask, Django\'s `application`…) behind the HTTP shim; `asgi`: any ASGI 3 app (FastAPI, Starlette, Quart, Litestar, Django\'s ASGI `application`…); `flask` is another name for `wsgi`. The shim checks at init that the entry is what the type says.'
    },
    {
        key: 'package.entry',
        kind: 'string',
        defaultText: 'required',
        description: 'What the shim calls: `from yourapp.main import app`, `from a.b import c as d` or `a.b:c`; an app factory as `a.b:create_app()` or `from a.b import create_app()` (called once at init, with no arguments).'
    },
    {
        key: 'package.events-entry',
        kind: 'string',
        defaultText: 'none: non-HTTP events fail with a clear error',
        description: 'For `wsgi` and `asgi`: a plain `(event, context)` function for non-HTTP events (SQS, S3, schedules…), in the same forms as `package.entry`.'
    },
    {
        key: 'package.base-path',
        kind: 'string',
        defaultText: 'none',
        description: 'For `wsgi` and `asgi` behind a custom domain\'s API mapping: this leading path (e.g. `/api`) becomes SCRIPT_NAME (ASGI `root_path`), matched on whole segments.'
    },
    {
        key: 'package.text-mime-types',
        valueName: 'TYPE',
        kind: 'list',
        defaultText: '`text/*`, JSON, XML, JavaScript and form types',
        description: 'For `wsgi` and `asgi`: more response content types sent as text rather than base64 (`application/x-foo`, or `application/*`).'
    },
    {
        key: 'package.snapstart-warmup',
        kind: 'string',
        defaultText: 'none',
        description: 'For `wsgi` and `asgi` with Lambda SnapStart (python3.12 and later): a request such as `GET /health` (a method, a path, an optional `?query`) sent through the app in the runtime\'s before-snapshot hook, so the snapshot holds a warmed-up app; `random` is re-seeded after each restore.'
    },
    {
        key: 'package.runtime',
        kind: 'string',
        defaultText: 'required',
        description: 'The function\'s Lambda runtime: `python3.10` … `python3.14`.'
    },
    {
        key: 'package.architecture',
        kind: 'string',
        choices: ['x86_64', 'arm64'],
        defaultText: '`x86_64`',
        description: 'The function\'s architecture; wheels are chosen for it.'
    },
    {
        key: 'package.path',
        kind: 'string',
        defaultText: 'the settings file\'s folder, else the current folder',
        description: 'The project folder: one with `pyproject.toml`/`setup.py`, or a plain folder of Python files.'
    },
    {
        key: 'package.requirements',
        valueName: 'FILE',
        kind: 'list',
        defaultText: '`requirements.txt` in the project folder, when present',
        description: 'Requirements files whose dependencies are installed besides the project\'s declared ones.'
    },
    {
        key: 'package.lock',
        kind: 'string',
        defaultText: 'the first found: `uv.lock`, `poetry.lock`, `pylock.toml`, `Pipfile.lock` in the project folder, the uv workspace\'s `uv.lock` above it, requirements files pinned with `==` and `--hash`',
        description: 'The lock file that says exactly what to install (its markers decided for the runtime and architecture), relative to the project folder, or `none` to ignore locks.'
    },
    {
        key: 'package.groups',
        kind: 'list',
        defaultText: 'none: the main dependencies only (dev groups never)',
        description: 'Dependency groups of the lock to install besides the main dependencies (Poetry groups, PEP 735 groups, Pipfile categories).'
    },
    {
        key: 'package.extras',
        kind: 'list',
        defaultText: 'none',
        description: 'The project\'s extras (optional dependencies) to install from the lock.'
    },
    {
        key: 'package.member',
        valueName: 'NAME',
        kind: 'string',
        defaultText: 'the member whose folder `package.path` is; required when `package.path` is a uv workspace root that is not itself a member',
        description: 'The uv workspace member to package: its folder becomes the project folder, and the workspace\'s `uv.lock` gives its dependencies and the local members it depends on.'
    },
    {
        key: 'package.python',
        valueName: 'PYTHON',
        kind: 'string',
        defaultText: 'a Python of the runtime\'s version (`python3.X` on PATH, pyenv, the GitHub tool cache, uv-managed), else `python3`',
        description: 'The interpreter that runs pip (and builds the project).'
    },
    {
        key: 'package.installer',
        kind: 'string',
        choices: ['pip', 'uv'],
        defaultText: '`pip`',
        description: 'What installs the dependencies and builds the project\'s wheel (`pip wheel` or `uv build --wheel`). `uv` resolves environment markers for the target itself and builds faster (uv from PATH, or `python -m uv`).'
    },
    {
        key: 'package.index-url',
        kind: 'string',
        defaultText: 'pip\'s own (PyPI, or `PIP_INDEX_URL`)',
        description: 'Package index to install from; credentials in it never reach logs or cache keys.'
    },
    {
        key: 'package.extra-index-url',
        valueName: 'URL',
        kind: 'list',
        defaultText: 'none',
        description: 'Further package indexes.'
    },
    {
        key: 'package.cooldown-days',
        kind: 'string',
        valueName: 'DAYS',
        defaultText: 'none: any upload time',
        description: 'A quarantine against freshly published releases: refuse distributions uploaded less than this many days ago (the cutoff is that many days before today, midnight UTC, and is part of the cache key). Resolution uses pip\'s `--uploaded-prior-to` (pip 26.0 or later) or uv\'s `--exclude-newer`; a lock\'s versions, and what an older pip resolved, are checked against the index\'s upload times (PEP 700 JSON, as PyPI gives them), and a too-fresh one is refused by name and upload date.'
    },
    {
        key: 'package.exclude',
        valueName: 'GLOB',
        kind: 'list',
        defaultText: 'none (`__pycache__` and `*.pyc` are always left out)',
        description: 'Globs of files to leave out of the zip (`**/*.md`, `botocore/data/ec2/**`); `*.dist-info` is always kept.'
    },
    {
        key: 'package.include',
        valueName: 'GLOB',
        kind: 'list',
        defaultText: 'none',
        description: 'Globs of a plain folder\'s files to keep although the default excludes (secrets, VCS and tool folders) would leave them out.'
    },
    {
        key: 'package.only',
        kind: 'list',
        defaultText: 'none: every file the default excludes keep',
        description: 'An allow-list for a plain folder: only files matching one of these globs ship (`app/**`, `handler.py`); the default excludes still apply.'
    },
    {
        key: 'package.timeout',
        kind: 'string',
        defaultText: '`900`',
        description: 'Seconds any one external step (an install, a build, a setup.py, the import check) may take before it is stopped and the run fails.'
    },
    {
        key: 'package.strip-tests',
        kind: 'boolean',
        defaultText: '`false`',
        description: 'Leave out `tests/` and `test/` folders inside dependencies.'
    },
    {
        key: 'package.skip-runtime-provided',
        kind: 'boolean',
        defaultText: '`false`',
        description: 'Leave out what the Lambda runtime already provides (boto3, botocore, s3transfer, jmespath, python-dateutil, six, urllib3). AWS recommends bundling boto3, so this is opt-in.'
    },
    {
        key: 'package.compile',
        kind: 'boolean',
        defaultText: '`false`',
        description: 'Ship bytecode (`unchecked-hash` .pyc, reproducible) for faster cold starts; needs Python of the runtime\'s exact version.'
    },
    {
        key: 'package.import-check',
        kind: 'boolean',
        defaultText: '`false`',
        description: 'Before writing the zip, import the entry from it in an isolated interpreter; needs Python of the runtime\'s version and machine.'
    },
    {
        key: 'package.layer',
        kind: 'boolean',
        defaultText: '`false`',
        description: 'Put the dependencies in a Lambda layer zip of their own (`python/…`, written to `output.layer-path`) and only the app and the shim in the function zip: an app edit then changes only the function zip.'
    },
    {
        key: 'output.path',
        kind: 'string',
        defaultText: '`build/<package.name>.zip` (`build/<function>.zip` under `functions:`)',
        description: 'Where the zip is written (atomically: a failed run leaves an existing file as it was).'
    },
    {
        key: 'output.sbom',
        kind: 'boolean',
        defaultText: '`true`',
        description: 'Write a CycloneDX JSON SBOM beside every zip (`build/app.zip` → `build/app.cdx.json`): one component per distribution in the zip, the app as the root, the zip\'s SHA-256 as the subject; the same zip gives the same SBOM bytes.'
    },
    {
        key: 'output.layer-path',
        kind: 'string',
        defaultText: '`build/<package.name>-layer.zip` (`build/<function>-layer.zip` under `functions:`)',
        description: 'With `package.layer`: where the layer zip is written. Functions that share a dependency set and target can share one layer: give them the same path (set it at the top level).'
    },
    {
        key: 'cache',
        kind: 'boolean',
        defaultText: '`true`',
        description: 'Reuse the dependency layer from `$SPINDRIFT_CACHE_DIR` (default `$XDG_CACHE_HOME/spindrift` or `~/.cache/spindrift`). CLI: `--no-cache`.'
    }
];
const OPTIONS = OPTION_LIST;
const OPTION_KEYS = OPTIONS.map(o => o.key);
/** `package.index-url` → `indexUrl`; `output.path` → `outputPath`: the library's option names. */
function optionName(key) {
    const local = key.startsWith('package.') ? key.slice('package.'.length) : key;
    return local.replace(/[.-]([a-z])/g, (_, c) => c.toUpperCase());
}
/** `package.index-url` → `package-index-url`: the CLI flag (with `--`) and the action input. */
function dashed(key) {
    return key.replace(/\./g, '-');
}

const ACCEPTED_FORMS = '"from yourapp.main import app", "from yourapp.main import app as application" or "yourapp.main:app"';
const FACTORY_FORMS = ', or for an app factory "yourapp:create_app()" or "from yourapp import create_app()"';
const PYTHON_KEYWORDS = new Set(('False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '));
const FROM_IMPORT = /^from\s+(\S+)\s+import\s+(\S+?)(\(\))?(?:\s+as\s+(\S+))?$/;
const COLON_FORM = /^([^:\s]+):([^:\s]+?)(\(\))?$/;
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;
/**
 * Parse the seed's entry string. The result only ever holds validated identifiers: the shim is generated
 * from these parts, never from the user's text. A factory call is only the empty `()` after the name (no
 * arguments, so no code), and only where `factories` allows it.
 */
function parseEntry(text, setting = 'package.entry', factories = true) {
    const trimmed = text.trim();
    const match = FROM_IMPORT.exec(trimmed) ?? COLON_FORM.exec(trimmed);
    if (!match)
        throw badEntry(text, setting, 'it is not in an accepted form', factories);
    const [, module, attribute, call] = match;
    if (call && !factories)
        throw badEntry(text, setting, 'it calls a factory, and only package.entry can', factories);
    if (call && match[4] !== undefined)
        throw badEntry(text, setting, 'an app factory\'s call cannot be renamed with "as"', factories);
    for (const part of module.split('.')) {
        const problem = identifierProblem(part);
        if (problem)
            throw badEntry(text, setting, `module ${quote(module)} ${problem}`, factories);
    }
    const problem = identifierProblem(attribute);
    if (problem)
        throw badEntry(text, setting, `${quote(attribute)} ${problem}`, factories);
    // An `as` alias names nothing the shim needs, but it must still be a valid name.
    const alias = match[4];
    const aliasProblem = alias === undefined ? undefined : identifierProblem(alias);
    if (aliasProblem)
        throw badEntry(text, setting, `alias ${quote(alias)} ${aliasProblem}`, factories);
    return call ? { module, attribute, call: true } : { module, attribute };
}
function identifierProblem(name) {
    if (!IDENTIFIER.test(name))
        return 'is not a valid Python name';
    if (PYTHON_KEYWORDS.has(name))
        return 'is a Python keyword';
    if (name.startsWith('__') && name.endsWith('__'))
        return 'is a reserved dunder name';
    return undefined;
}
function badEntry(text, setting, why, factories) {
    const shown = JSON.stringify(text.length > 80 ? text.slice(0, 80) + '…' : text);
    return new SpindriftError(`${setting} ${shown} cannot be used because ${why}; write it as ${ACCEPTED_FORMS}${factories ? FACTORY_FORMS : ''}.`);
}

/** Turn merged option values into a Plan, or fail with the first problem found. */
function resolvePlan(values, context) {
    const str = (key) => {
        const value = values[key];
        return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const list = (key) => {
        const value = values[key];
        return Array.isArray(value) ? value : undefined;
    };
    const entryText = str('package.entry');
    if (!entryText) {
        if (context.functionName)
            throw new SpindriftError(`package.entry is not set for function ${context.functionName}; set it under functions: ${context.functionName}: package: entry:, for example "from yourapp.main import app".`);
        throw new SpindriftError('package.entry is not set; set it in settings.spindrift or with --package-entry, for example "from yourapp.main import app".');
    }
    const entry = parseEntry(entryText);
    const runtimeName = str('package.runtime');
    if (!runtimeName) {
        throw new SpindriftError('package.runtime is not set; set it to your function\'s runtime (for example python3.12) in settings.spindrift or with --package-runtime.');
    }
    const runtime = findRuntime(runtimeName);
    const architecture = (str('package.architecture') ?? 'x86_64');
    const givenDir = str('package.path') ?? context.baseDir;
    if (!existsSync(givenDir)) {
        throw new SpindriftError(`package.path ${givenDir} does not exist; point it at your project folder.`);
    }
    if (!statSync(givenDir).isDirectory()) {
        throw new SpindriftError(`package.path ${givenDir} is a file, not a folder; point it at the folder that holds your project.`);
    }
    // package.member: that uv workspace member's folder is the project for everything (its name, its requirements,
    // its sources); the workspace's uv.lock is its lock, unless package.lock says none.
    const givenLock = str('package.lock');
    const member = str('package.member');
    const workspace = member ? workspaceMember(givenDir, member, givenLock) : undefined;
    const projectDir = workspace?.folder ?? givenDir;
    const requirementFiles = list('package.requirements') ?? defaultRequirements(projectDir);
    for (const file of requirementFiles) {
        if (!existsSync(file)) {
            throw new SpindriftError(`Requirements file ${file} does not exist; fix package.requirements (or --package-requirements).`);
        }
        if (!statSync(file).isFile()) {
            throw new SpindriftError(`Requirements file ${file} is ${statSync(file).isDirectory() ? 'a folder' : 'not a regular file'}; point package.requirements (or --package-requirements) at a requirements file.`);
        }
    }
    if (context.boundary) {
        const inside = (target) => isInside(realpathOrSelf(target), realpathSync(context.boundary));
        for (const [setting, target] of [['package.path', projectDir], ...requirementFiles.map(f => ['package.requirements', f])]) {
            if (!inside(target)) {
                throw new SpindriftError(`${setting} ${target} is outside the workspace ${context.boundary}; package only what the workflow checked out (move the files into the repository, or fix the path).`);
            }
        }
        // What the requirements files include or name (-r ../x.txt, ./lib, file:/elsewhere) must stay inside too.
        const outside = filesNamedBy(requirementFiles).find(file => !inside(file));
        if (outside) {
            throw new SpindriftError(`A requirements file includes or names ${outside}, which is outside the workspace ${context.boundary}; package only what the workflow checked out (move it into the repository, or fix the line).`);
        }
    }
    const lock = workspace && givenLock !== 'none' ? workspace.lock : givenLock;
    if (lock && lock !== 'none' && !(existsSync(path.resolve(projectDir, lock)) && statSync(path.resolve(projectDir, lock)).isFile())) {
        throw new SpindriftError(`package.lock ${lock} does not exist in ${projectDir}; name the lock file (uv.lock, poetry.lock, pylock.toml, Pipfile.lock or a requirements file pinned with --hash), or set it to none.`);
    }
    const name = str('package.name') ?? context.functionName ?? workspace?.name ?? path.basename(projectDir);
    const fileBase = context.functionName ?? name;
    const outputPath = str('output.path') ?? path.join(context.baseDir, 'build', `${fileBase}.zip`);
    const layerPath = values['package.layer'] === true ? str('output.layer-path') ?? path.join(context.baseDir, 'build', `${fileBase}-layer.zip`) : undefined;
    if (existsSync(outputPath) && statSync(outputPath).isDirectory()) {
        throw new SpindriftError(`output.path ${outputPath} is a folder; give the path of the .zip file to write, for example ${path.join(outputPath, name + '.zip')}.`);
    }
    // The action writes inside its workspace, or in the runner's temp folder (RUNNER_TEMP) meant for such files.
    const writable = [context.boundary, context.env.RUNNER_TEMP].filter((dir) => Boolean(dir) && existsSync(dir));
    if (context.boundary && !writable.some(dir => isInside(realpathOrSelf(outputPath), realpathSync(dir)))) {
        throw new SpindriftError(`output.path ${outputPath} is outside the workspace ${context.boundary}; write the zip inside the workspace (for example build/${name}.zip) or under RUNNER_TEMP.`);
    }
    checkOutputIsNotAnInput(outputPath, projectDir, [...(context.settingsFile ? [{ what: 'the settings file', file: context.settingsFile }] : []), ...requirementFiles.map(file => ({ what: 'a requirements file', file }))]);
    if (layerPath && path.resolve(layerPath) === path.resolve(outputPath)) {
        throw new SpindriftError(`output.layer-path and output.path are both ${outputPath}; give the layer zip its own file, for example ${outputPath.replace(/\.zip$/, '')}-layer.zip.`);
    }
    if (layerPath && existsSync(layerPath) && statSync(layerPath).isDirectory()) {
        throw new SpindriftError(`output.layer-path ${layerPath} is a folder; give the path of the layer .zip file to write, for example ${path.join(layerPath, fileBase + '-layer.zip')}.`);
    }
    const typeText = str('package.type');
    const type = packageType(typeText ?? 'plain');
    const eventsText = str('package.events-entry');
    const basePathText = str('package.base-path');
    const textMimeTypes = list('package.text-mime-types') ?? [];
    const warmupText = str('package.snapstart-warmup');
    const kindSettings = [['package.events-entry', eventsText], ['package.base-path', basePathText], ['package.text-mime-types', textMimeTypes.length], ['package.snapstart-warmup', warmupText]];
    checkKindSettings(type, kindSettings.filter(([, value]) => value).map(([setting]) => setting));
    for (const mime of textMimeTypes) {
        if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/i.test(mime)) {
            throw new SpindriftError(`package.text-mime-types entry ${quote(mime)} is not a content type; write it as "type/subtype" or "type/*".`);
        }
    }
    const exclude = list('package.exclude') ?? [];
    const include = list('package.include') ?? [];
    checkGlobs(exclude, 'package.exclude');
    checkGlobs(include, 'package.include');
    const only = list('package.only') ?? [];
    checkGlobs(only, 'package.only');
    const timeoutText = str('package.timeout') ?? '900';
    const timeout = Number(timeoutText);
    if (!/^\d+(\.\d+)?$/.test(timeoutText) || !(timeout > 0) || timeout > 86_400) {
        throw new SpindriftError(`package.timeout is ${quote(timeoutText)}; set it to a number of seconds between 1 and 86400, for example 900.`);
    }
    const cooldownText = str('package.cooldown-days');
    const cooldownDays = cooldownText === undefined ? undefined : Number(cooldownText);
    if (cooldownText !== undefined && (!/^\d+$/.test(cooldownText) || cooldownDays < 1 || cooldownDays > 3650)) {
        throw new SpindriftError(`package.cooldown-days is "${cooldownText.slice(0, 40)}"; set it to a whole number of days between 1 and 3650, for example 7.`);
    }
    const cacheOn = values['cache'] !== false;
    return {
        name,
        type,
        typeGiven: typeText !== undefined,
        entry,
        eventsEntry: eventsText ? parseEntry(eventsText, 'package.events-entry', false) : undefined,
        basePath: basePathText ? normaliseBasePath(basePathText) : undefined,
        textMimeTypes,
        snapstartWarmup: warmupText ? parseWarmup(warmupText) : undefined,
        runtime,
        architecture,
        platformTags: platformTags(runtime, architecture),
        projectDir,
        requirementFiles,
        lock,
        groups: list('package.groups') ?? [],
        extras: list('package.extras') ?? [],
        member,
        python: str('package.python'),
        installer: (str('package.installer') ?? 'pip'),
        indexUrl: str('package.index-url'),
        extraIndexUrls: list('package.extra-index-url') ?? [],
        ...(cooldownDays !== undefined && { cooldownDays, uploadedBefore: cooldownCutoff(cooldownDays, new Date()) }),
        outputPath,
        layerPath,
        sbom: values['output.sbom'] !== false,
        functionName: context.functionName,
        exclude,
        include,
        only,
        stripTests: values['package.strip-tests'] === true,
        skipRuntimeProvided: values['package.skip-runtime-provided'] === true,
        compile: values['package.compile'] === true,
        importCheck: values['package.import-check'] === true,
        timeout,
        cacheDir: cacheOn ? defaultCacheDir(context.env) : undefined
    };
}
/** Names that are code wherever they sit in the project: an output there would become a module of the next run. */
const CODE_FILE = /\.(py|pyw|pyi|pyc|pth|so)$/;
/**
 * Refuse an output path that would replace one of the project's inputs (the settings file, a requirements
 * file, a file of the project that is not a zip) or something that is not a regular file (a FIFO, a device):
 * checked before anything is written, so the mistake costs nothing.
 */
/** Whether file (resolved through links, even if it does not exist yet) lies inside folder. */
function isInsideFolder(file, folder) {
    return isInside(realpathOrSelf(file), realpathOrSelf(folder));
}
function checkOutputIsNotAnInput(outputPath, projectDir, inputs) {
    const real = realpathOrSelf(outputPath);
    const existing = lstatOrUndefined(outputPath);
    if (existing && !existing.isFile() && !existing.isSymbolicLink()) {
        throw new SpindriftError(`output.path ${outputPath} exists and is not a regular file (${kindOf$1(existing)}); give the path of the .zip file to write.`);
    }
    if (existing?.isSymbolicLink() && existsSync(outputPath) && !statSync(outputPath).isFile()) {
        throw new SpindriftError(`output.path ${outputPath} is a link to something that is not a regular file; give the path of the .zip file to write.`);
    }
    for (const { what, file } of inputs) {
        if (realpathOrSelf(file) === real)
            throw new SpindriftError(`output.path ${outputPath} is ${what} of this run; writing the zip there would destroy it: choose another output.path, such as build/app.zip.`);
    }
    const project = realpathOrSelf(projectDir);
    if (!isInside(real, project) || real === project)
        return;
    const isZip = existing ? startsLikeZip(outputPath) || outputPath.endsWith('.zip') : !CODE_FILE.test(outputPath);
    if (!isZip) {
        throw new SpindriftError(`output.path ${outputPath} is one of the project's own files (${path.relative(project, real)}); writing the zip there would destroy it: choose another output.path, such as build/app.zip.`);
    }
}
function realpathOrSelf(file) {
    const resolved = path.resolve(file);
    try {
        return realpathSync(resolved);
    }
    catch {
        // Not there yet: resolve its folder, so a link in the path still compares equal.
        const dir = path.dirname(resolved);
        return dir === resolved ? resolved : path.join(realpathOrSelf(dir), path.basename(resolved));
    }
}
function lstatOrUndefined(file) {
    try {
        return lstatSync(file);
    }
    catch {
        return undefined;
    }
}
function kindOf$1(stat) {
    if (stat.isFIFO())
        return 'a FIFO';
    if (stat.isCharacterDevice() || stat.isBlockDevice())
        return 'a device';
    if (stat.isSocket())
        return 'a socket';
    return 'not a file';
}
function startsLikeZip(file) {
    try {
        const fd = openSync(file, 'r');
        try {
            const head = Buffer.alloc(4);
            readSync(fd, head, 0, 4, 0);
            return head.equals(Buffer.from('PK\x03\x04', 'latin1')) || head.equals(Buffer.from('PK\x05\x06', 'latin1'));
        }
        finally {
            closeSync(fd);
        }
    }
    catch {
        return false;
    }
}
function isInside(file, folder) {
    return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}
/** "api/v1/" → "/api/v1"; only plain URL path segments (no query, dots or encoded bytes). */
function normaliseBasePath(text) {
    const segments = text.split('/').filter(Boolean);
    if (segments.length === 0 || !segments.every(s => /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/.test(s) && s !== '..')) {
        throw new SpindriftError(`package.base-path ${quote(text)} is not a URL path; write it as "/api" or "/api/v1".`);
    }
    return '/' + segments.join('/');
}
function defaultRequirements(projectDir) {
    const file = path.join(projectDir, 'requirements.txt');
    return existsSync(file) ? [file] : [];
}
/** $SPINDRIFT_CACHE_DIR, else $XDG_CACHE_HOME/spindrift (an absolute one, as the XDG spec says), else ~/.cache/spindrift. */
function defaultCacheDir(env) {
    if (env.SPINDRIFT_CACHE_DIR)
        return env.SPINDRIFT_CACHE_DIR;
    if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME))
        return path.join(env.XDG_CACHE_HOME, 'spindrift');
    return path.join(env.HOME || os.homedir(), '.cache', 'spindrift');
}
/** N days before today's midnight UTC: the same cutoff (and cache key) all day. */
function cooldownCutoff(days, now) {
    const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    return new Date(midnight - days * 86_400_000).toISOString().replace('.000Z', 'Z');
}

/*! js-yaml 5.5.0 https://github.com/nodeca/js-yaml @license MIT */
//#region src/tag.ts
/**
* Returned by a scalar resolver when the source does not match its tag.
*
* @category Tags
*/
var NOT_RESOLVED = Symbol("NOT_RESOLVED");
/**
* Create a normalized scalar tag definition.
*
* @category Tags
*/
function defineScalarTag(tagName, options) {
	return {
		tagName,
		nodeKind: "scalar",
		implicit: options.implicit ?? false,
		matchByTagPrefix: options.matchByTagPrefix ?? false,
		implicitFirstChars: options.implicitFirstChars ?? null,
		resolve: options.resolve,
		identify: options.identify,
		represent: options.represent ?? ((data) => String(data)),
		representTagName: options.representTagName ?? (() => tagName)
	};
}
/**
* Create a normalized sequence tag definition.
*
* @category Tags
*/
function defineSequenceTag(tagName, options) {
	const carrierIsResult = options.finalize === void 0;
	return {
		tagName,
		nodeKind: "sequence",
		implicit: false,
		matchByTagPrefix: options.matchByTagPrefix ?? false,
		create: options.create,
		addItem: options.addItem,
		finalize: options.finalize ?? ((carrier) => carrier),
		carrierIsResult,
		identify: options.identify,
		represent: options.represent ?? ((data) => data),
		representTagName: options.representTagName ?? (() => tagName)
	};
}
/**
* Create a normalized mapping tag definition.
*
* @category Tags
*/
function defineMappingTag(tagName, options) {
	const carrierIsResult = options.finalize === void 0;
	return {
		tagName,
		nodeKind: "mapping",
		implicit: false,
		matchByTagPrefix: options.matchByTagPrefix ?? false,
		create: options.create,
		addPair: options.addPair,
		has: options.has,
		keys: options.keys,
		get: options.get,
		finalize: options.finalize ?? ((carrier) => carrier),
		carrierIsResult,
		identify: options.identify,
		represent: options.represent ?? ((data) => data),
		representTagName: options.representTagName ?? (() => tagName)
	};
}
//#endregion
//#region src/tag/scalar/str.ts
/** @category Tags */
var strTag = defineScalarTag("tag:yaml.org,2002:str", {
	resolve: (source) => source,
	identify: (data) => typeof data === "string"
});
//#endregion
//#region src/tag/scalar/null_core.ts
var NULL_VALUES$1 = [
	"",
	"~",
	"null",
	"Null",
	"NULL"
];
/** @category Tags */
var nullCoreTag = defineScalarTag("tag:yaml.org,2002:null", {
	implicit: true,
	implicitFirstChars: [
		"",
		"~",
		"n",
		"N"
	],
	resolve: (source) => {
		if (NULL_VALUES$1.indexOf(source) !== -1) return null;
		return NOT_RESOLVED;
	},
	identify: (object) => object === null,
	represent: () => "null"
});
//#endregion
//#region src/tag/scalar/null_json.ts
/** @category Tags */
var nullJsonTag = defineScalarTag("tag:yaml.org,2002:null", {
	implicit: true,
	implicitFirstChars: ["n"],
	resolve: (source, isExplicit) => {
		if (source === "null" || isExplicit && source === "") return null;
		return NOT_RESOLVED;
	},
	identify: (object) => object === null,
	represent: () => "null"
});
//#endregion
//#region src/tag/scalar/null_yaml11.ts
var NULL_VALUES = [
	"",
	"~",
	"null",
	"Null",
	"NULL"
];
/** @category Tags */
var nullYaml11Tag = defineScalarTag("tag:yaml.org,2002:null", {
	implicit: true,
	implicitFirstChars: [
		"",
		"~",
		"n",
		"N"
	],
	resolve: (source) => {
		if (NULL_VALUES.indexOf(source) !== -1) return null;
		return NOT_RESOLVED;
	},
	identify: (object) => object === null,
	represent: () => "null"
});
//#endregion
//#region src/tag/scalar/bool_core.ts
var TRUE_VALUES$2 = [
	"true",
	"True",
	"TRUE"
];
var FALSE_VALUES$2 = [
	"false",
	"False",
	"FALSE"
];
/** @category Tags */
var boolCoreTag = defineScalarTag("tag:yaml.org,2002:bool", {
	implicit: true,
	implicitFirstChars: [
		"t",
		"T",
		"f",
		"F"
	],
	resolve: (source) => {
		if (TRUE_VALUES$2.indexOf(source) !== -1) return true;
		if (FALSE_VALUES$2.indexOf(source) !== -1) return false;
		return NOT_RESOLVED;
	},
	identify: (object) => Object.prototype.toString.call(object) === "[object Boolean]",
	represent: (object) => object ? "true" : "false"
});
//#endregion
//#region src/tag/scalar/bool_json.ts
var TRUE_VALUES$1 = ["true"];
var FALSE_VALUES$1 = ["false"];
/** @category Tags */
var boolJsonTag = defineScalarTag("tag:yaml.org,2002:bool", {
	implicit: true,
	implicitFirstChars: ["t", "f"],
	resolve: (source) => {
		if (TRUE_VALUES$1.indexOf(source) !== -1) return true;
		if (FALSE_VALUES$1.indexOf(source) !== -1) return false;
		return NOT_RESOLVED;
	},
	identify: (object) => Object.prototype.toString.call(object) === "[object Boolean]",
	represent: (object) => object ? "true" : "false"
});
//#endregion
//#region src/tag/scalar/bool_yaml11.ts
var TRUE_VALUES = [
	"true",
	"True",
	"TRUE",
	"y",
	"Y",
	"yes",
	"Yes",
	"YES",
	"on",
	"On",
	"ON"
];
var FALSE_VALUES = [
	"false",
	"False",
	"FALSE",
	"n",
	"N",
	"no",
	"No",
	"NO",
	"off",
	"Off",
	"OFF"
];
/** @category Tags */
var boolYaml11Tag = defineScalarTag("tag:yaml.org,2002:bool", {
	implicit: true,
	implicitFirstChars: [
		"y",
		"Y",
		"n",
		"N",
		"t",
		"T",
		"f",
		"F",
		"o",
		"O"
	],
	resolve: (source) => {
		if (TRUE_VALUES.indexOf(source) !== -1) return true;
		if (FALSE_VALUES.indexOf(source) !== -1) return false;
		return NOT_RESOLVED;
	},
	identify: (object) => Object.prototype.toString.call(object) === "[object Boolean]",
	represent: (object) => object ? "true" : "false"
});
//#endregion
//#region src/tag/scalar/int_core.ts
var YAML_INTEGER_IMPLICIT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
var YAML_INTEGER_EXPLICIT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
function parseYamlInteger$2(source) {
	let value = source;
	let sign = 1;
	if (value[0] === "-" || value[0] === "+") {
		if (value[0] === "-") sign = -1;
		value = value.slice(1);
	}
	if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
	if (value.startsWith("0o")) return sign * parseInt(value.slice(2), 8);
	if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
	return sign * parseInt(value, 10);
}
function resolveYamlInteger$2(source, isExplicit) {
	if (isExplicit) {
		if (!YAML_INTEGER_EXPLICIT_PATTERN$1.test(source)) return NOT_RESOLVED;
	} else if (!YAML_INTEGER_IMPLICIT_PATTERN$1.test(source)) return NOT_RESOLVED;
	const result = parseYamlInteger$2(source);
	return Number.isFinite(result) ? result : NOT_RESOLVED;
}
/** @category Tags */
var intCoreTag = defineScalarTag("tag:yaml.org,2002:int", {
	implicit: true,
	implicitFirstChars: [
		"-",
		"+",
		..."0123456789"
	],
	resolve: resolveYamlInteger$2,
	identify: (object) => Number.isInteger(object) && !Object.is(object, -0) && object.toString(10).indexOf("e") < 0,
	represent: (object) => object.toString(10)
});
//#endregion
//#region src/tag/scalar/int_json.ts
var YAML_INTEGER_IMPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^-?(?:0|[1-9][0-9]*)$");
var YAML_INTEGER_EXPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
function parseYamlInteger$1(source) {
	let value = source;
	let sign = 1;
	if (value[0] === "-" || value[0] === "+") {
		if (value[0] === "-") sign = -1;
		value = value.slice(1);
	}
	if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
	if (value.startsWith("0o")) return sign * parseInt(value.slice(2), 8);
	if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
	return sign * parseInt(value, 10);
}
function resolveYamlInteger$1(source, isExplicit) {
	if (isExplicit) {
		if (!YAML_INTEGER_EXPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
	} else if (!YAML_INTEGER_IMPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
	const result = parseYamlInteger$1(source);
	return Number.isFinite(result) ? result : NOT_RESOLVED;
}
/** @category Tags */
var intJsonTag = defineScalarTag("tag:yaml.org,2002:int", {
	implicit: true,
	implicitFirstChars: ["-", ..."0123456789"],
	resolve: resolveYamlInteger$1,
	identify: (object) => Number.isInteger(object) && !Object.is(object, -0) && object.toString(10).indexOf("e") < 0,
	represent: (object) => object.toString(10)
});
//#endregion
//#region src/tag/scalar/int_yaml11.ts
var YAML_INTEGER_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+|[-+]?(?:0|[1-9][0-9_]*))$");
function parseYamlInteger(source) {
	let value = source.replace(/_/g, "");
	let sign = 1;
	if (value[0] === "-" || value[0] === "+") {
		if (value[0] === "-") sign = -1;
		value = value.slice(1);
	}
	if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
	if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
	if (value.includes(":")) {
		let result = 0;
		for (const part of value.split(":")) result = result * 60 + Number(part);
		return sign * result;
	}
	if (value !== "0" && value[0] === "0") return sign * parseInt(value, 8);
	return sign * parseInt(value, 10);
}
function resolveYamlInteger(source) {
	if (!YAML_INTEGER_PATTERN.test(source)) return NOT_RESOLVED;
	const result = parseYamlInteger(source);
	return Number.isFinite(result) ? result : NOT_RESOLVED;
}
/** @category Tags */
var intYaml11Tag = defineScalarTag("tag:yaml.org,2002:int", {
	implicit: true,
	implicitFirstChars: [
		"-",
		"+",
		..."0123456789"
	],
	resolve: resolveYamlInteger,
	identify: (object) => Number.isInteger(object) && !Object.is(object, -0) && object.toString(10).indexOf("e") < 0,
	represent: (object) => object.toString(10)
});
//#endregion
//#region src/tag/scalar/float_core.ts
var YAML_FLOAT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
var YAML_FLOAT_SPECIAL_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat$2(source) {
	if (!YAML_FLOAT_PATTERN$1.test(source)) return NOT_RESOLVED;
	let value = source.toLowerCase();
	const sign = value[0] === "-" ? -1 : 1;
	if ("+-".includes(value[0])) value = value.slice(1);
	if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
	if (value === ".nan") return NaN;
	const result = sign * parseFloat(value);
	if (Number.isFinite(result) || YAML_FLOAT_SPECIAL_PATTERN$1.test(source)) return result;
	return NOT_RESOLVED;
}
function representYamlFloat$2(object) {
	if (isNaN(object)) return ".nan";
	if (object === Number.POSITIVE_INFINITY) return ".inf";
	if (object === Number.NEGATIVE_INFINITY) return "-.inf";
	if (Object.is(object, -0)) return "-0.0";
	const result = object.toString(10);
	return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
/** @category Tags */
var floatCoreTag = defineScalarTag("tag:yaml.org,2002:float", {
	implicit: true,
	implicitFirstChars: [
		"-",
		"+",
		".",
		..."0123456789"
	],
	resolve: resolveYamlFloat$2,
	identify: (object) => typeof object === "number" && (!Number.isInteger(object) || Object.is(object, -0) || object.toString(10).indexOf("e") >= 0),
	represent: representYamlFloat$2
});
//#endregion
//#region src/tag/scalar/float_json.ts
var YAML_FLOAT_IMPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$");
var YAML_FLOAT_EXPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat$1(source, isExplicit) {
	if (isExplicit) {
		if (!YAML_FLOAT_EXPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
		let value = source.toLowerCase();
		const sign = value[0] === "-" ? -1 : 1;
		if ("+-".includes(value[0])) value = value.slice(1);
		if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
		if (value === ".nan") return NaN;
		const result = sign * parseFloat(value);
		return Number.isFinite(result) ? result : NOT_RESOLVED;
	}
	if (!YAML_FLOAT_IMPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
	const result = Number(source);
	if (Number.isFinite(result)) return result;
	return NOT_RESOLVED;
}
function representYamlFloat$1(object) {
	if (isNaN(object)) return ".nan";
	if (object === Number.POSITIVE_INFINITY) return ".inf";
	if (object === Number.NEGATIVE_INFINITY) return "-.inf";
	if (Object.is(object, -0)) return "-0.0";
	const result = object.toString(10);
	return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
/** @category Tags */
var floatJsonTag = defineScalarTag("tag:yaml.org,2002:float", {
	implicit: true,
	implicitFirstChars: ["-", ..."0123456789"],
	resolve: resolveYamlFloat$1,
	identify: (object) => typeof object === "number" && (!Number.isInteger(object) || Object.is(object, -0) || object.toString(10).indexOf("e") >= 0),
	represent: representYamlFloat$1
});
//#endregion
//#region src/tag/scalar/float_yaml11.ts
var YAML_FLOAT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?(?:(?:[0-9][0-9_]*)?\\.[0-9_]*)(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
var YAML_FLOAT_SPECIAL_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat(source) {
	if (!YAML_FLOAT_PATTERN.test(source)) return NOT_RESOLVED;
	let value = source.toLowerCase().replace(/_/g, "");
	const sign = value[0] === "-" ? -1 : 1;
	if ("+-".includes(value[0])) value = value.slice(1);
	if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
	if (value === ".nan") return NaN;
	let result = 0;
	if (value.includes(":")) {
		for (const part of value.split(":")) result = result * 60 + Number(part);
		result *= sign;
	} else result = sign * parseFloat(value);
	if (Number.isFinite(result) || YAML_FLOAT_SPECIAL_PATTERN.test(source)) return result;
	return NOT_RESOLVED;
}
function representYamlFloat(object) {
	if (isNaN(object)) return ".nan";
	if (object === Number.POSITIVE_INFINITY) return ".inf";
	if (object === Number.NEGATIVE_INFINITY) return "-.inf";
	if (Object.is(object, -0)) return "-0.0";
	const result = object.toString(10);
	return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
/** @category Tags */
var floatYaml11Tag = defineScalarTag("tag:yaml.org,2002:float", {
	implicit: true,
	implicitFirstChars: [
		"-",
		"+",
		".",
		..."0123456789"
	],
	resolve: resolveYamlFloat,
	identify: (object) => typeof object === "number" && (!Number.isInteger(object) || Object.is(object, -0) || object.toString(10).indexOf("e") >= 0),
	represent: representYamlFloat
});
//#endregion
//#region src/tag/scalar/merge.ts
/**
* Enables merge keys in {@link CORE_SCHEMA} when added with
* {@link Schema.withTags}.
*
* @category Tags
*/
var mergeTag = defineScalarTag("tag:yaml.org,2002:merge", {
	implicit: true,
	implicitFirstChars: ["<"],
	resolve: (source, isExplicit) => {
		if (source === "<<" || isExplicit && source === "") return "<<";
		return NOT_RESOLVED;
	},
	identify: () => false
});
//#endregion
//#region src/tag/scalar/binary.ts
var BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;
function resolveYamlBinary(source) {
	const input = source.replace(/\s/g, "");
	if (input.length % 4 !== 0 || !BASE64_PATTERN.test(input)) return NOT_RESOLVED;
	const binary = atob(input);
	const result = new Uint8Array(binary.length);
	for (let index = 0; index < binary.length; index++) result[index] = binary.charCodeAt(index);
	return result;
}
function representYamlBinary(object) {
	let binary = "";
	for (let index = 0; index < object.length; index++) binary += String.fromCharCode(object[index]);
	return btoa(binary);
}
/**
* The `!!binary` tag, represented as a `Uint8Array`.
*
* @category Tags
*/
var binaryTag = defineScalarTag("tag:yaml.org,2002:binary", {
	resolve: resolveYamlBinary,
	identify: (object) => Object.prototype.toString.call(object) === "[object Uint8Array]",
	represent: representYamlBinary
});
//#endregion
//#region src/tag/scalar/timestamp.ts
var YAML_DATE_REGEXP = /* @__PURE__ */ new RegExp("^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$");
var YAML_TIMESTAMP_REGEXP = /* @__PURE__ */ new RegExp("^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \\t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\\.([0-9]*))?(?:[ \\t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?$");
function makeUtcDate(year, month, day, hour = 0, minute = 0, second = 0, fraction = 0) {
	const date = new Date(Date.UTC(year, month, day, hour, minute, second, fraction));
	date.setUTCFullYear(year, month, day);
	return date;
}
function resolveYamlTimestamp(source) {
	let match = YAML_DATE_REGEXP.exec(source);
	if (match === null) match = YAML_TIMESTAMP_REGEXP.exec(source);
	if (match === null) return NOT_RESOLVED;
	const year = +match[1];
	const month = +match[2] - 1;
	const day = +match[3];
	if (!match[4]) {
		const date = makeUtcDate(year, month, day);
		if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) return NOT_RESOLVED;
		return date;
	}
	const hour = +match[4];
	const minute = +match[5];
	const second = +match[6];
	let fraction = 0;
	if (hour > 23 || minute > 59 || second > 59) return NOT_RESOLVED;
	if (match[7]) {
		let value = match[7].slice(0, 3);
		while (value.length < 3) value += "0";
		fraction = +value;
	}
	const date = makeUtcDate(year, month, day, hour, minute, second, fraction);
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) return NOT_RESOLVED;
	if (match[9]) {
		const offsetHour = +match[10];
		const offsetMinute = +(match[11] || 0);
		if (offsetHour > 23 || offsetMinute > 59) return NOT_RESOLVED;
		const offset = (offsetHour * 60 + offsetMinute) * 6e4;
		date.setTime(date.getTime() - (match[9] === "-" ? -offset : offset));
	}
	return date;
}
/**
* The YAML 1.1 `!!timestamp` tag, represented as a JavaScript `Date`.
*
* @category Tags
*/
var timestampTag = defineScalarTag("tag:yaml.org,2002:timestamp", {
	implicit: true,
	implicitFirstChars: [..."0123456789"],
	resolve: resolveYamlTimestamp,
	identify: (object) => object instanceof Date,
	represent: (object) => object.toISOString()
});
//#endregion
//#region src/tag/sequence/seq.ts
/** @category Tags */
var seqTag = defineSequenceTag("tag:yaml.org,2002:seq", {
	create: () => [],
	addItem: (container, item) => {
		container.push(item);
	},
	identify: Array.isArray
});
//#endregion
//#region src/common/object.ts
function isPlainObject(data) {
	if (data === null || typeof data !== "object" || Array.isArray(data)) return false;
	const prototype = Object.getPrototypeOf(data);
	return prototype === null || prototype === Object.prototype;
}
function pick(object, keys) {
	const result = {};
	for (const key of keys) if (object[key] !== void 0) result[key] = object[key];
	return result;
}
//#endregion
//#region src/tag/sequence/omap.ts
/**
* Provided only for YAML 1.1 compatibility and supported by the loader only.
* JavaScript has no dedicated class to represent this type, so it cannot be
* identified and dumped.
*
* ```yaml
* !!omap
*   - one: 1
*   - two: 2
* ```
*
* is loaded as
*
* ```javascript
* [
*   { one: 1 },
*   { two: 2 }
* ]
* ```
*
* @category Tags
*/
var omapTag = defineSequenceTag("tag:yaml.org,2002:omap", {
	create: () => ({
		list: [],
		seen: /* @__PURE__ */ new Set()
	}),
	addItem: (carrier, item) => {
		let key;
		if (item instanceof Map) {
			if (item.size !== 1) return "cannot resolve an ordered map item";
			key = item.keys().next().value;
		} else if (isPlainObject(item)) {
			const itemKeys = Object.keys(item);
			if (itemKeys.length !== 1) return "cannot resolve an ordered map item";
			key = itemKeys[0];
		} else return "cannot resolve an ordered map item";
		if (carrier.seen.has(key)) return "duplicate key in ordered map";
		carrier.seen.add(key);
		carrier.list.push(item);
		return "";
	},
	finalize: (carrier) => carrier.list,
	identify: () => false
});
//#endregion
//#region src/tag/sequence/pairs.ts
/**
* Provided only for YAML 1.1 compatibility and supported by the loader only.
* JavaScript has no dedicated class to represent this type, so it cannot be
* identified and dumped.
*
* ```yaml
* !!pairs
*   - one: 1
*   - two: 2
* ```
*
* is loaded as
*
* ```javascript
* [
*   ['one', 1],
*   ['two', 2]
* ]
* ```
*
* @category Tags
*/
var pairsTag = defineSequenceTag("tag:yaml.org,2002:pairs", {
	create: () => [],
	addItem: (container, item) => {
		if (item instanceof Map) {
			if (item.size !== 1) return "cannot resolve a pairs item";
			container.push(item.entries().next().value);
			return "";
		}
		if (Object.prototype.toString.call(item) !== "[object Object]") return "cannot resolve a pairs item";
		const object = item;
		const keys = Object.keys(object);
		if (keys.length !== 1) return "cannot resolve a pairs item";
		container.push([keys[0], object[keys[0]]]);
		return "";
	},
	identify: () => false
});
//#endregion
//#region src/tag/mapping/map.ts
/**
* This is the default mapping implementation. It uses `{}` objects and has only
* partial functionality due to language limitations. This choice was made
* because users expect to get JavaScript objects, and it was left unchanged to
* avoid too many breaking changes in the v5 release.
*
* Side effects:
*
* - `Object.hasOwn()` checks or `for...of` loops are required for safe use (to
*   avoid falling through to prototypes).
* - Only scalar string keys are supported properly.
* - Other scalar keys, such as `null` and numbers, are converted to strings.
*   This is historical behaviour, and it can cause side effects such as
*   problems with `!!merge`.
*
* Note that non-string scalar keys may be deprecated in future versions.
*
* Ideally, use {@link realMapTag} instead.
*
* @category Tags
*/
var mapTag = defineMappingTag("tag:yaml.org,2002:map", {
	create: () => ({}),
	identify: isPlainObject,
	represent: (o) => {
		const map = /* @__PURE__ */ new Map();
		for (const key of Object.keys(o)) map.set(key, o[key]);
		return map;
	},
	addPair: (container, key, value) => {
		if (key !== null && typeof key === "object") return "object-based map does not support complex keys";
		const normalizedKey = String(key);
		if (normalizedKey === "__proto__") Object.defineProperty(container, normalizedKey, {
			value,
			enumerable: true,
			configurable: true,
			writable: true
		});
		else container[normalizedKey] = value;
		return "";
	},
	has: (container, key) => {
		if (key !== null && typeof key === "object") return false;
		return Object.prototype.hasOwnProperty.call(container, String(key));
	},
	keys: (container) => Object.keys(container),
	get: (container, key) => {
		const normalizedKey = String(key);
		if (!Object.prototype.hasOwnProperty.call(container, normalizedKey)) return null;
		return container[normalizedKey];
	}
});
//#endregion
//#region src/tag/mapping/set.ts
/**
* The YAML 1.1 `!!set` tag, represented as a JavaScript `Set`.
*
* @category Tags
*/
var setTag = defineMappingTag("tag:yaml.org,2002:set", {
	create: () => /* @__PURE__ */ new Set(),
	identify: (data) => data instanceof Set,
	represent: (data) => {
		const map = /* @__PURE__ */ new Map();
		for (const key of data) map.set(key, null);
		return map;
	},
	addPair: (container, key, value) => {
		if (value !== null) return "cannot resolve a set item";
		container.add(key);
		return "";
	},
	has: (container, key) => container.has(key),
	keys: (container) => container.keys(),
	get: () => null
});
//#endregion
//#region src/schema.ts
function createTagDefinitionMap() {
	return {
		scalar: Object.create(null),
		sequence: Object.create(null),
		mapping: Object.create(null)
	};
}
function createTagDefinitionListMap() {
	return {
		scalar: [],
		sequence: [],
		mapping: []
	};
}
function compileTags(tags) {
	const result = [];
	for (const tag of tags) {
		let index = result.length;
		for (let previousIndex = 0; previousIndex < result.length; previousIndex++) {
			const previous = result[previousIndex];
			if (previous.nodeKind === tag.nodeKind && previous.tagName === tag.tagName && previous.matchByTagPrefix === tag.matchByTagPrefix) {
				index = previousIndex;
				break;
			}
		}
		result[index] = tag;
	}
	return result;
}
/**
* Controls tag resolution when loading and type selection when dumping.
*
* @category Schemas
*/
var Schema = class Schema {
	tags;
	/** @internal */
	implicitScalarTags;
	/**
	* Dispatch implicit scalar resolvers by `source.charAt(0)`. Each bucket holds
	* the resolvers that may match that key, in schema order; a key absent from
	* the map uses
	* {@link Schema.implicitScalarAnyFirstChar}
	* (resolvers that declared no first-char constraint, so they apply to any
	* first character).
	*/
	implicitScalarByFirstChar;
	implicitScalarAnyFirstChar;
	/**
	* The default scalar tag (`!!str`), resolved once so the composer's fallback
	* for unresolved plain scalars avoids a keyed lookup per scalar.
	*
	* @internal
	*/
	defaultScalarTag;
	/**
	* The default container tags (`!!seq` / `!!map`), used by the dumper: when a
	* value is identified by its default tag, the tag is implicit and not
	* printed. Undefined if the schema does not define them (then such values
	* can't be dumped).
	*
	* @internal
	*/
	defaultSequenceTag;
	/** @internal */
	defaultMappingTag;
	exact;
	prefix;
	constructor(tags) {
		const compiledTags = compileTags(tags);
		const implicitScalarTags = [];
		const exact = createTagDefinitionMap();
		const prefix = createTagDefinitionListMap();
		for (const tag of compiledTags) {
			if (tag.nodeKind === "scalar" && tag.implicit) {
				if (tag.matchByTagPrefix) throw new Error("Implicit scalar tags cannot match by tag prefix");
				implicitScalarTags.push(tag);
			}
			switch (tag.nodeKind) {
				case "scalar":
					if (tag.matchByTagPrefix) prefix.scalar.push(tag);
					else exact.scalar[tag.tagName] = tag;
					break;
				case "sequence":
					if (tag.matchByTagPrefix) prefix.sequence.push(tag);
					else exact.sequence[tag.tagName] = tag;
					break;
				case "mapping": if (tag.matchByTagPrefix) prefix.mapping.push(tag);
				else exact.mapping[tag.tagName] = tag;
			}
		}
		const implicitScalarAnyFirstChar = implicitScalarTags.filter((tag) => tag.implicitFirstChars === null);
		const keys = /* @__PURE__ */ new Set();
		for (const tag of implicitScalarTags) if (tag.implicitFirstChars !== null) for (const key of tag.implicitFirstChars) keys.add(key);
		const implicitScalarByFirstChar = /* @__PURE__ */ new Map();
		for (const key of keys) implicitScalarByFirstChar.set(key, implicitScalarTags.filter((tag) => tag.implicitFirstChars === null || tag.implicitFirstChars.indexOf(key) !== -1));
		const defaultScalarTag = exact.scalar["tag:yaml.org,2002:str"];
		if (!defaultScalarTag) throw new Error("schema does not define the default scalar tag (tag:yaml.org,2002:str)");
		this.tags = compiledTags;
		this.implicitScalarTags = implicitScalarTags;
		this.implicitScalarByFirstChar = implicitScalarByFirstChar;
		this.implicitScalarAnyFirstChar = implicitScalarAnyFirstChar;
		this.defaultScalarTag = defaultScalarTag;
		this.defaultSequenceTag = exact.sequence["tag:yaml.org,2002:seq"];
		this.defaultMappingTag = exact.mapping["tag:yaml.org,2002:map"];
		this.exact = exact;
		this.prefix = prefix;
	}
	/** @internal */
	lookupScalarTag(tagName) {
		const exactTag = this.exact.scalar[tagName];
		if (exactTag) return exactTag;
		for (const tag of this.prefix.scalar) if (tagName.startsWith(tag.tagName)) return tag;
	}
	/** @internal */
	lookupSequenceTag(tagName) {
		const exactTag = this.exact.sequence[tagName];
		if (exactTag) return exactTag;
		for (const tag of this.prefix.sequence) if (tagName.startsWith(tag.tagName)) return tag;
	}
	/** @internal */
	lookupMappingTag(tagName) {
		const exactTag = this.exact.mapping[tagName];
		if (exactTag) return exactTag;
		for (const tag of this.prefix.mapping) if (tagName.startsWith(tag.tagName)) return tag;
	}
	/** @internal */
	resolveImplicitScalarTag(source) {
		const candidates = this.implicitScalarByFirstChar.get(source.charAt(0)) ?? this.implicitScalarAnyFirstChar;
		for (const tag of candidates) {
			const value = tag.resolve(source, false, tag.tagName);
			if (value !== NOT_RESOLVED) return {
				value,
				tag
			};
		}
		const tag = this.defaultScalarTag;
		return {
			value: tag.resolve(source, false, tag.tagName),
			tag
		};
	}
	/**
	* Creates a new schema with the specified tags added. If a tag already
	* exists, it is replaced by the specified tag.
	*
	* @example
	*
	* ```javascript
	* import { CORE_SCHEMA, mergeTag, realMapTag } from 'js-yaml'
	*
	* const schema = CORE_SCHEMA.withTags(mergeTag, realMapTag)
	* ```
	*/
	withTags(...tags) {
		let flatTags = [];
		for (const tag of tags) flatTags = flatTags.concat(tag);
		return new Schema([...this.tags, ...flatTags]);
	}
};
/**
* The YAML 1.2 Failsafe Schema: strings, sequences, and mappings.
*
* @category Schemas
*/
var FAILSAFE_SCHEMA = new Schema([
	strTag,
	seqTag,
	mapTag
]);
/**
* The YAML 1.2 JSON Schema. It uses JSON scalar forms while retaining YAML
* collection syntax.
*
* @category Schemas
*/
new Schema([
	...FAILSAFE_SCHEMA.tags,
	nullJsonTag,
	boolJsonTag,
	intJsonTag,
	floatJsonTag
]);
/**
* The default schema for the loaders. Note, {@link CORE_SCHEMA} comes
* without the `!!merge` tag. You can easily enable it if needed.
*
* @example
* Enable {@link mergeTag}:
*
* ```javascript
* import { load, CORE_SCHEMA, mergeTag } from 'js-yaml'
*
* try {
*   load(data, { schema: CORE_SCHEMA.withTags(mergeTag) })
* } catch (e) {
*   console.error(e)
* }
* ```
*
* @category Schemas
*/
var CORE_SCHEMA = new Schema([
	...FAILSAFE_SCHEMA.tags,
	nullCoreTag,
	boolCoreTag,
	intCoreTag,
	floatCoreTag
]);
/**
* YAML 1.1-compatible schema.
*
* @category Schemas
*/
var YAML11_SCHEMA = new Schema([
	...FAILSAFE_SCHEMA.tags,
	nullYaml11Tag,
	boolYaml11Tag,
	intYaml11Tag,
	floatYaml11Tag,
	timestampTag,
	mergeTag,
	binaryTag,
	omapTag,
	pairsTag,
	setTag
]);
/**
* The dumper schema for maximum compatibility. It combines all supported type
* variants from YAML 1.1 and YAML 1.2 so strings matching any of them are
* quoted. This makes the generated YAML more compatible with other parsers.
*
* The schema is based on YAML 1.1, but extends `!!int` and `!!float` to accept
* both YAML 1.1 and Core Schema forms, since Core Schema supports some forms
* that YAML 1.1 does not.
*
* @category Schemas
*/
YAML11_SCHEMA.withTags({
	...intYaml11Tag,
	resolve: (source, isExplicit, tagName) => {
		const result = intYaml11Tag.resolve(source, isExplicit, tagName);
		return result === NOT_RESOLVED ? intCoreTag.resolve(source, isExplicit, tagName) : result;
	}
}, {
	...floatYaml11Tag,
	resolve: (source, isExplicit, tagName) => {
		const result = floatYaml11Tag.resolve(source, isExplicit, tagName);
		return result === NOT_RESOLVED ? floatCoreTag.resolve(source, isExplicit, tagName) : result;
	}
});
//#endregion
//#region src/tag/mapping/real_map.ts
/**
* Recommended when non-string keys are actually needed. It uses native
* JavaScript `Map` objects, so keys keep their constructed types instead of
* being converted to strings.
*
* It is not the default to avoid widespread breaking changes in existing
* projects. `Map` has a different access API and does not pass deep equality
* checks against `{}`-based fixtures. Alongside the other changes in v5,
* making it the default was considered too disruptive.
*
* If these differences are acceptable for your project, we recommend using
* {@link realMapTag} to guarantee the absence of problems and side effects.
*
* @example
* Enable {@link realMapTag}:
*
* ```javascript
* import { load, CORE_SCHEMA, realMapTag } from 'js-yaml'
*
* try {
*   load(data, { schema: CORE_SCHEMA.withTags(realMapTag) })
* } catch (e) {
*   console.error(e)
* }
* ```
*
* @category Tags
*/
defineMappingTag("tag:yaml.org,2002:map", {
	create: () => /* @__PURE__ */ new Map(),
	addPair: (container, key, value) => {
		container.set(key, value);
		return "";
	},
	has: (container, key) => container.has(key),
	keys: (container) => container.keys(),
	get: (container, key) => container.get(key),
	identify: (data) => data instanceof Map || isPlainObject(data),
	represent: (data) => {
		if (data instanceof Map) return data;
		const map = /* @__PURE__ */ new Map();
		const obj = data;
		for (const key of Object.keys(obj)) map.set(key, obj[key]);
		return map;
	}
});
//#endregion
//#region src/tag/mapping/legacy_map.ts
function normalizeKey(key) {
	if (Array.isArray(key)) {
		const array = Array.prototype.slice.call(key);
		for (let index = 0; index < array.length; index++) {
			if (Array.isArray(array[index])) return null;
			if (typeof array[index] === "object" && Object.prototype.toString.call(array[index]) === "[object Object]") array[index] = "[object Object]";
		}
		return String(array);
	}
	if (typeof key === "object" && Object.prototype.toString.call(key) === "[object Object]") return "[object Object]";
	return String(key);
}
/**
* This implementation exists solely to reproduce v4 behavior exactly. Its use
* is strongly discouraged. If complex or non-string keys are needed, use
* {@link realMapTag} instead.
*
* @category Tags
*/
defineMappingTag("tag:yaml.org,2002:map", {
	create: () => ({}),
	identify: isPlainObject,
	represent: (o) => {
		const map = /* @__PURE__ */ new Map();
		for (const key of Object.keys(o)) map.set(key, o[key]);
		return map;
	},
	addPair: (container, key, value) => {
		const normalizedKey = normalizeKey(key);
		if (normalizedKey === null) return "nested arrays are not supported inside keys";
		if (normalizedKey === "__proto__") Object.defineProperty(container, normalizedKey, {
			value,
			enumerable: true,
			configurable: true,
			writable: true
		});
		else container[normalizedKey] = value;
		return "";
	},
	has: (container, key) => {
		const normalizedKey = normalizeKey(key);
		return normalizedKey !== null && Object.prototype.hasOwnProperty.call(container, normalizedKey);
	},
	keys: (container) => Object.keys(container),
	get: (container, key) => {
		const normalizedKey = String(key);
		if (!Object.prototype.hasOwnProperty.call(container, normalizedKey)) return null;
		return container[normalizedKey];
	}
});
//#endregion
//#region src/common/snippet.ts
var DEFAULT_SNIPPET_OPTIONS = {
	maxLength: 79,
	indent: 1,
	linesBefore: 3,
	linesAfter: 2
};
function getLine(buffer, lineStart, lineEnd, position, maxLineLength) {
	let head = "";
	let tail = "";
	const maxHalfLength = Math.floor(maxLineLength / 2) - 1;
	if (position - lineStart > maxHalfLength) {
		head = " ... ";
		lineStart = position - maxHalfLength + head.length;
	}
	if (lineEnd - position > maxHalfLength) {
		tail = " ...";
		lineEnd = position + maxHalfLength - tail.length;
	}
	return {
		str: head + buffer.slice(lineStart, lineEnd).replace(/\t/g, "→") + tail,
		pos: position - lineStart + head.length
	};
}
function padStart(string, max) {
	return " ".repeat(Math.max(max - string.length, 0)) + string;
}
function makeSnippet(mark, options) {
	if (!mark.buffer) return null;
	const opts = {
		...DEFAULT_SNIPPET_OPTIONS,
		...options
	};
	const re = /\r?\n|\r|\0/g;
	const lineStarts = [0];
	const lineEnds = [];
	let match;
	let foundLineNo = -1;
	while (match = re.exec(mark.buffer)) {
		lineEnds.push(match.index);
		lineStarts.push(match.index + match[0].length);
		if (mark.position <= match.index && foundLineNo < 0) foundLineNo = lineStarts.length - 2;
	}
	if (foundLineNo < 0) foundLineNo = lineStarts.length - 1;
	let result = "";
	const lineNoLength = Math.min(mark.line + opts.linesAfter, lineEnds.length).toString().length;
	const maxLineLength = opts.maxLength - (opts.indent + lineNoLength + 3);
	for (let i = 1; i <= opts.linesBefore; i++) {
		if (foundLineNo - i < 0) break;
		const line = getLine(mark.buffer, lineStarts[foundLineNo - i], lineEnds[foundLineNo - i], mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo - i]), maxLineLength);
		result = `${" ".repeat(opts.indent)}${padStart((mark.line - i + 1).toString(), lineNoLength)} | ${line.str}\n${result}`;
	}
	const line = getLine(mark.buffer, lineStarts[foundLineNo], lineEnds[foundLineNo], mark.position, maxLineLength);
	result += `${" ".repeat(opts.indent)}${padStart((mark.line + 1).toString(), lineNoLength)} | ${line.str}\n`;
	result += `${"-".repeat(opts.indent + lineNoLength + 3 + line.pos)}^\n`;
	for (let i = 1; i <= opts.linesAfter; i++) {
		if (foundLineNo + i >= lineEnds.length) break;
		const line = getLine(mark.buffer, lineStarts[foundLineNo + i], lineEnds[foundLineNo + i], mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo + i]), maxLineLength);
		result += `${" ".repeat(opts.indent)}${padStart((mark.line + i + 1).toString(), lineNoLength)} | ${line.str}\n`;
	}
	return result.replace(/\n$/, "");
}
//#endregion
//#region src/common/exception.ts
function formatError(exception, compact) {
	let where = "";
	if (!exception.mark) return exception.reason;
	if (exception.mark.name) where += `in "${exception.mark.name}" `;
	where += `(${exception.mark.line + 1}:${exception.mark.column + 1})`;
	if (!compact && exception.mark.snippet) where += `\n\n${exception.mark.snippet}`;
	return `${exception.reason} ${where}`;
}
/**
* A YAML error. Unlike an ordinary `Error`, it adds a source snippet showing
* the location of the problem to the error message, when available.
*
* @category Main
*/
var YAMLException = class YAMLException extends Error {
	reason;
	mark;
	/**
	* Optional `mark` contains source snippet data. Usually, use
	* {@link YAMLException.throwAt} instead of passing it directly.
	*/
	constructor(reason, mark) {
		super();
		this.name = "YAMLException";
		this.reason = reason;
		this.mark = mark;
		this.message = formatError(this, false);
		if (Error.captureStackTrace) Error.captureStackTrace(this, this.constructor);
	}
	/**
	* Returns the formatted error, omitting the source snippet in compact mode.
	*/
	toString(compact) {
		return `${this.name}: ${formatError(this, compact)}`;
	}
	/**
	* Builds a YAMLException with a source snippet and throws it. `source` is
	* the raw input text; `position` is an offset into it.
	*/
	static throwAt(source, position, message, filename = "") {
		let line = 0;
		let lineStart = 0;
		for (let index = 0; index < position; index++) {
			const ch = source.charCodeAt(index);
			if (ch === 10) {
				line++;
				lineStart = index + 1;
			} else if (ch === 13) {
				line++;
				if (source.charCodeAt(index + 1) === 10) index++;
				lineStart = index + 1;
			}
		}
		const mark = {
			name: filename,
			buffer: source,
			position,
			line,
			column: position - lineStart
		};
		mark.snippet = makeSnippet(mark);
		throw new YAMLException(message, mark);
	}
};
//#endregion
//#region src/parser/events.ts
/** @category Events */
var EVENT_ID = {
	DOCUMENT: 1,
	SEQUENCE: 2,
	MAPPING: 3,
	SCALAR: 4,
	ALIAS: 5,
	POP: 6
};
/** @category Nodes */
var SCALAR_STYLE = {
	PLAIN: 1,
	SINGLE_QUOTED: 2,
	DOUBLE_QUOTED: 3,
	LITERAL_BLOCK: 4,
	FOLDED_BLOCK: 5
};
/** @category Nodes */
var COLLECTION_STYLE = {
	BLOCK: 1,
	FLOW: 2
};
/** @category Nodes */
var CHOMPING_MODE = {
	CLIP: 1,
	STRIP: 2,
	KEEP: 3
};
//#endregion
//#region src/parser/parser_scalar.ts
var NO_RANGE$3 = -1;
function simpleEscapeSequence(c) {
	switch (c) {
		case 48: return "\0";
		case 97: return "\x07";
		case 98: return "\b";
		case 116: return "	";
		case 9: return "	";
		case 110: return "\n";
		case 118: return "\v";
		case 102: return "\f";
		case 114: return "\r";
		case 101: return "\x1B";
		case 32: return " ";
		case 34: return "\"";
		case 47: return "/";
		case 92: return "\\";
		case 78: return "";
		case 95: return "\xA0";
		case 76: return "\u2028";
		case 80: return "\u2029";
		default: return "";
	}
}
var simpleEscapeCheck = new Array(256);
var simpleEscapeMap = new Array(256);
for (let i = 0; i < 256; i++) {
	simpleEscapeCheck[i] = simpleEscapeSequence(i) ? 1 : 0;
	simpleEscapeMap[i] = simpleEscapeSequence(i);
}
function charFromCodepoint(c) {
	if (c <= 65535) return String.fromCharCode(c);
	return String.fromCharCode((c - 65536 >> 10) + 55296, (c - 65536 & 1023) + 56320);
}
function fromHexCode$1(c) {
	if (c >= 48 && c <= 57) return c - 48;
	return (c | 32) - 97 + 10;
}
function escapedHexLen$1(c) {
	if (c === 120) return 2;
	if (c === 117) return 4;
	return 8;
}
function skipFoldedBreaks(input, position, end) {
	let breaks = 0;
	while (position < end) {
		const ch = input.charCodeAt(position);
		if (ch === 10) {
			breaks++;
			position++;
		} else if (ch === 13) {
			breaks++;
			position++;
			if (input.charCodeAt(position) === 10) position++;
		} else if (ch === 32 || ch === 9) position++;
		else break;
	}
	return {
		position,
		breaks
	};
}
function foldedBreaks(count) {
	if (count === 1) return " ";
	return "\n".repeat(count - 1);
}
function getPlainValue(input, start, end) {
	let result = "";
	let position = start;
	let captureStart = start;
	let captureEnd = start;
	while (position < end) {
		const ch = input.charCodeAt(position);
		if (ch === 10 || ch === 13) {
			result += input.slice(captureStart, captureEnd);
			const fold = skipFoldedBreaks(input, position, end);
			result += foldedBreaks(fold.breaks);
			position = captureStart = captureEnd = fold.position;
		} else {
			position++;
			if (ch !== 32 && ch !== 9) captureEnd = position;
		}
	}
	return result + input.slice(captureStart, captureEnd);
}
function getSingleQuotedValue(input, start, end) {
	let result = "";
	let position = start;
	let captureStart = start;
	let captureEnd = start;
	while (position < end) {
		const ch = input.charCodeAt(position);
		if (ch === 39) {
			result += input.slice(captureStart, position) + "'";
			position += 2;
			captureStart = captureEnd = position;
		} else if (ch === 10 || ch === 13) {
			result += input.slice(captureStart, captureEnd);
			const fold = skipFoldedBreaks(input, position, end);
			result += foldedBreaks(fold.breaks);
			position = captureStart = captureEnd = fold.position;
		} else {
			position++;
			if (ch !== 32 && ch !== 9) captureEnd = position;
		}
	}
	return result + input.slice(captureStart, end);
}
function getDoubleQuotedValue(input, start, end) {
	let result = "";
	let position = start;
	let captureStart = start;
	let captureEnd = start;
	while (position < end) {
		const ch = input.charCodeAt(position);
		if (ch === 92) {
			result += input.slice(captureStart, position);
			position++;
			const escaped = input.charCodeAt(position);
			if (escaped === 10 || escaped === 13) position = skipFoldedBreaks(input, position, end).position;
			else if (escaped < 256 && simpleEscapeCheck[escaped]) {
				result += simpleEscapeMap[escaped];
				position++;
			} else {
				let hexLength = escapedHexLen$1(escaped);
				let hexResult = 0;
				for (; hexLength > 0; hexLength--) {
					position++;
					const digit = fromHexCode$1(input.charCodeAt(position));
					hexResult = (hexResult << 4) + digit;
				}
				result += charFromCodepoint(hexResult);
				position++;
			}
			captureStart = captureEnd = position;
		} else if (ch === 10 || ch === 13) {
			result += input.slice(captureStart, captureEnd);
			const fold = skipFoldedBreaks(input, position, end);
			result += foldedBreaks(fold.breaks);
			position = captureStart = captureEnd = fold.position;
		} else {
			position++;
			if (ch !== 32 && ch !== 9) captureEnd = position;
		}
	}
	return result + input.slice(captureStart, end);
}
function getBlockValue(input, start, end, indent, chomping, folded) {
	const textIndent = indent < 0 ? 0 : indent;
	const region = input.slice(start, end).replace(/\r\n?/g, "\n");
	const lines = region === "" ? [] : (region.endsWith("\n") ? region.slice(0, -1) : region).split("\n");
	let result = "";
	let didReadContent = false;
	let emptyLines = 0;
	let atMoreIndented = false;
	for (const line of lines) {
		let column = 0;
		while (column < textIndent && line.charCodeAt(column) === 32) column++;
		if (indent < 0 || column >= line.length) {
			emptyLines++;
			continue;
		}
		const content = line.slice(textIndent);
		const first = content.charCodeAt(0);
		if (folded) {
			if (first === 32 || first === 9) {
				atMoreIndented = true;
				result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
			} else if (atMoreIndented) {
				atMoreIndented = false;
				result += "\n".repeat(emptyLines + 1);
			} else if (emptyLines === 0) {
				if (didReadContent) result += " ";
			} else result += "\n".repeat(emptyLines);
		} else result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
		result += content;
		didReadContent = true;
		emptyLines = 0;
	}
	if (chomping === CHOMPING_MODE.KEEP) result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
	else if (chomping !== CHOMPING_MODE.STRIP) {
		if (didReadContent) result += "\n";
	}
	return result;
}
/**
* Decodes the scalar referenced by event offsets in `input`.
*
* @category Events
*/
function getScalarValue(input, scalar) {
	if (scalar.valueStart === NO_RANGE$3) return "";
	const { valueStart, valueEnd } = scalar;
	if (scalar.fast) return input.slice(valueStart, valueEnd);
	switch (scalar.style) {
		case SCALAR_STYLE.SINGLE_QUOTED: return getSingleQuotedValue(input, valueStart, valueEnd);
		case SCALAR_STYLE.DOUBLE_QUOTED: return getDoubleQuotedValue(input, valueStart, valueEnd);
		case SCALAR_STYLE.LITERAL_BLOCK: return getBlockValue(input, valueStart, valueEnd, scalar.indent, scalar.chomping, false);
		case SCALAR_STYLE.FOLDED_BLOCK: return getBlockValue(input, valueStart, valueEnd, scalar.indent, scalar.chomping, true);
		default: return getPlainValue(input, valueStart, valueEnd);
	}
}
//#endregion
//#region src/common/tagname.ts
var DEFAULT_TAG_HANDLERS = Object.assign(Object.create(null), {
	"!": "!",
	"!!": "tag:yaml.org,2002:"
});
function tagPercentDecode(source) {
	let result = "";
	let index = 0;
	while (index < source.length) {
		if (source.charCodeAt(index) !== 37) {
			result += source[index++];
			continue;
		}
		let ch = parseInt(source.slice(index + 1, index + 3), 16);
		index += 3;
		if (ch >= 192) {
			let remaining = ch < 224 ? 1 : ch < 240 ? 2 : 3;
			ch &= (1 << 6 - remaining) - 1;
			while (remaining-- > 0) {
				ch = ch << 6 | parseInt(source.slice(index + 1, index + 3), 16) & 63;
				index += 3;
			}
		}
		if (ch < 65536) result += String.fromCharCode(ch);
		else {
			ch -= 65536;
			result += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
		}
	}
	return result;
}
function tagNameFull(rawTag, tagHandlers) {
	if (rawTag.startsWith("!<") && rawTag.endsWith(">")) return tagPercentDecode(rawTag.slice(2, -1));
	const handleEnd = rawTag.indexOf("!", 1);
	const handle = handleEnd === -1 ? "!" : rawTag.slice(0, handleEnd + 1);
	return tagPercentDecode(tagHandlers?.[handle] ?? DEFAULT_TAG_HANDLERS[handle] ?? handle) + tagPercentDecode(rawTag.slice(handle.length));
}
//#endregion
//#region src/parser/constructor.ts
var NO_RANGE$2 = -1;
var MERGE_TAG_NAME = "tag:yaml.org,2002:merge";
var DEFAULT_CONSTRUCTOR_OPTIONS = {
	filename: "",
	schema: CORE_SCHEMA,
	json: false,
	maxTotalMergeKeys: 1e4,
	maxAliases: -1
};
function eventPosition$1(event) {
	if ("tagStart" in event && event.tagStart !== NO_RANGE$2) return event.tagStart;
	if ("anchorStart" in event && event.anchorStart !== NO_RANGE$2) return event.anchorStart;
	if ("valueStart" in event && event.valueStart !== NO_RANGE$2) return event.valueStart;
	if ("start" in event) return event.start;
	return 0;
}
function throwError$1(state, message) {
	YAMLException.throwAt(state.source, state.position, message, state.filename);
}
function finalizeCollection(state, position, tag, carrier) {
	try {
		return tag.finalize(carrier);
	} catch (error) {
		if (error instanceof YAMLException) throw error;
		YAMLException.throwAt(state.source, position, error instanceof Error ? error.message : String(error), state.filename);
	}
}
function constructScalar(state, event) {
	const source = getScalarValue(state.source, event);
	const rawTag = event.tagStart === NO_RANGE$2 ? "" : state.source.slice(event.tagStart, event.tagEnd);
	const strTag = state.schema.defaultScalarTag;
	if (rawTag !== "") {
		if (rawTag === "!") return {
			value: source,
			tag: strTag
		};
		const tagName = tagNameFull(rawTag, state.tagHandlers);
		const scalarTag = state.schema.lookupScalarTag(tagName);
		if (scalarTag) {
			const result = scalarTag.resolve(source, true, tagName);
			if (result === NOT_RESOLVED) throwError$1(state, `cannot resolve a node with !<${tagName}> explicit tag`);
			return {
				value: result,
				tag: scalarTag
			};
		}
		const collectionTagDef = state.schema.lookupMappingTag(tagName) ?? state.schema.lookupSequenceTag(tagName);
		if (collectionTagDef) {
			if (source !== "") throwError$1(state, `cannot resolve a node with !<${tagName}> explicit tag`);
			const carrier = collectionTagDef.create(tagName);
			return {
				value: collectionTagDef.carrierIsResult ? carrier : finalizeCollection(state, state.position, collectionTagDef, carrier),
				tag: collectionTagDef
			};
		}
		throwError$1(state, `unknown scalar tag !<${tagName}>`);
	}
	if (event.style === SCALAR_STYLE.PLAIN) return state.schema.resolveImplicitScalarTag(source);
	return {
		value: strTag.resolve(source, false, strTag.tagName),
		tag: strTag
	};
}
function collectionTagName(state, event, defaultTagName) {
	const rawTag = event.tagStart === NO_RANGE$2 ? "" : state.source.slice(event.tagStart, event.tagEnd);
	return rawTag === "" || rawTag === "!" ? defaultTagName : tagNameFull(rawTag, state.tagHandlers);
}
function isMappingTag(tag) {
	return tag.nodeKind === "mapping";
}
function chargeMergeWork(state) {
	state.totalMergeKeys++;
	if (state.maxTotalMergeKeys !== -1 && state.totalMergeKeys > state.maxTotalMergeKeys) throwError$1(state, `merge keys exceeded maxTotalMergeKeys (${state.maxTotalMergeKeys})`);
}
function mergeKeys(state, frame, source, sourceTag) {
	chargeMergeWork(state);
	for (const sourceKey of sourceTag.keys(source)) {
		chargeMergeWork(state);
		if (frame.tag.has(frame.value, sourceKey)) continue;
		const err = frame.tag.addPair(frame.value, sourceKey, sourceTag.get(source, sourceKey));
		if (err) throwError$1(state, err);
		frame.overridable ??= /* @__PURE__ */ new Set();
		frame.overridable.add(sourceKey);
	}
}
function mergeSource(state, frame, source, sourceTag) {
	state.position = frame.keyPosition;
	if (isMappingTag(sourceTag)) mergeKeys(state, frame, source, sourceTag);
	else if (sourceTag.nodeKind === "sequence" && Array.isArray(source)) {
		if (source.length > 100) throwError$1(state, "abnormal merge sequence size");
		for (const element of source) {
			const elementTag = state.nodeTags.get(element);
			if (!elementTag) throwError$1(state, "cannot merge mappings; the provided source object is unacceptable");
			mergeKeys(state, frame, element, elementTag);
		}
	} else throwError$1(state, "cannot merge mappings; the provided source object is unacceptable");
}
function addMappingValue(state, frame, key, value, tag) {
	state.position = frame.keyPosition;
	if (frame.keyIsMerge) {
		mergeSource(state, frame, value, tag);
		return;
	}
	if (!state.json && frame.tag.has(frame.value, key) && !frame.overridable?.has(key)) throwError$1(state, "duplicated mapping key");
	const err = frame.tag.addPair(frame.value, key, value);
	if (err) throwError$1(state, err);
	frame.overridable?.delete(key);
}
function addValue(state, value, tag) {
	const frame = state.frames[state.frames.length - 1];
	if (frame.kind === "document") {
		frame.value = value;
		frame.hasValue = true;
	} else if (frame.kind === "sequence") {
		if (isMappingTag(tag)) state.nodeTags.set(value, tag);
		const err = frame.tag.addItem(frame.value, value, frame.index++);
		if (err) throwError$1(state, err);
	} else if (frame.hasKey) {
		const key = frame.key;
		frame.key = void 0;
		frame.hasKey = false;
		addMappingValue(state, frame, key, value, tag);
	} else {
		frame.key = value;
		frame.keyPosition = state.position;
		frame.hasKey = true;
		frame.keyIsMerge = tag.tagName === MERGE_TAG_NAME;
	}
}
function storeAnchor(state, event, value, tag, isValueFinal) {
	if (event.anchorStart !== NO_RANGE$2) {
		const anchor = {
			value,
			tag,
			isValueFinal
		};
		state.anchors.set(state.source.slice(event.anchorStart, event.anchorEnd), anchor);
		return anchor;
	}
	return null;
}
/**
* Constructs JavaScript documents directly from parser events, without an
* intermediate AST.
*
* @category Events
*/
function constructFromEvents(events, options) {
	const state = {
		...DEFAULT_CONSTRUCTOR_OPTIONS,
		...options,
		events,
		documents: [],
		eventIndex: 0,
		position: 0,
		frames: [],
		anchors: /* @__PURE__ */ new Map(),
		nodeTags: /* @__PURE__ */ new Map(),
		tagHandlers: Object.create(null),
		totalMergeKeys: 0,
		aliasCount: 0
	};
	while (state.eventIndex < state.events.length) {
		const event = state.events[state.eventIndex++];
		state.position = eventPosition$1(event);
		switch (event.type) {
			case EVENT_ID.DOCUMENT:
				state.anchors = /* @__PURE__ */ new Map();
				state.nodeTags = /* @__PURE__ */ new Map();
				state.aliasCount = 0;
				state.tagHandlers = Object.create(null);
				for (const directive of event.directives) if (directive.kind === "tag") state.tagHandlers[directive.handle] = directive.prefix;
				state.frames.push({
					kind: "document",
					position: state.position,
					value: void 0,
					hasValue: false
				});
				break;
			case EVENT_ID.SCALAR: {
				const { value, tag } = constructScalar(state, event);
				storeAnchor(state, event, value, tag, true);
				addValue(state, value, tag);
				break;
			}
			case EVENT_ID.SEQUENCE: {
				const tagName = collectionTagName(state, event, "tag:yaml.org,2002:seq");
				const tag = state.schema.lookupSequenceTag(tagName);
				if (!tag) throwError$1(state, `unknown sequence tag !<${tagName}>`);
				const value = tag.create(tagName);
				const anchor = storeAnchor(state, event, value, tag, tag.carrierIsResult);
				state.frames.push({
					kind: "sequence",
					position: state.position,
					value,
					tag,
					anchor,
					index: 0
				});
				break;
			}
			case EVENT_ID.MAPPING: {
				const tagName = collectionTagName(state, event, "tag:yaml.org,2002:map");
				const tag = state.schema.lookupMappingTag(tagName);
				if (!tag) throwError$1(state, `unknown mapping tag !<${tagName}>`);
				const value = tag.create(tagName);
				const anchor = storeAnchor(state, event, value, tag, tag.carrierIsResult);
				state.frames.push({
					kind: "mapping",
					position: state.position,
					value,
					tag,
					anchor,
					key: void 0,
					keyPosition: state.position,
					hasKey: false,
					keyIsMerge: false,
					overridable: null
				});
				break;
			}
			case EVENT_ID.ALIAS: {
				if (state.maxAliases !== -1 && ++state.aliasCount > state.maxAliases) throwError$1(state, `aliases exceeded maxAliases (${state.maxAliases})`);
				const name = state.source.slice(event.anchorStart, event.anchorEnd);
				const anchor = state.anchors.get(name);
				if (!anchor) throwError$1(state, `unidentified alias "${name}"`);
				if (!anchor.isValueFinal) throwError$1(state, `recursive alias "${name}" is not supported for tag ${anchor.tag.tagName} because it uses finalize()`);
				addValue(state, anchor.value, anchor.tag);
				break;
			}
			case EVENT_ID.POP: {
				const frame = state.frames.pop();
				if (frame.kind === "mapping" && frame.hasKey) {
					state.position = frame.keyPosition;
					throwError$1(state, "incomplete mapping pair in event stream");
				}
				if (frame.kind === "document") state.documents.push(frame.value);
				else {
					const value = frame.tag.carrierIsResult ? frame.value : finalizeCollection(state, frame.position, frame.tag, frame.value);
					if (frame.anchor) {
						frame.anchor.value = value;
						frame.anchor.isValueFinal = true;
					}
					addValue(state, value, frame.tag);
				}
				break;
			}
		}
	}
	return state.documents;
}
//#endregion
//#region src/parser/parser.ts
var NO_RANGE$1 = -1;
var HAS_OWN = Object.prototype.hasOwnProperty;
var CONTEXT_FLOW_IN = 1;
var CONTEXT_FLOW_OUT = 2;
var CONTEXT_BLOCK_IN = 3;
var CONTEXT_BLOCK_OUT = 4;
var PATTERN_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
var PATTERN_FLOW_INDICATORS = /[,\[\]{}]/;
var PATTERN_TAG_HANDLE = /^(?:!|!!|![0-9A-Za-z-]+!)$/;
var NS_URI_CHAR = String.raw`(?:%[0-9A-Fa-f]{2}|[0-9A-Za-z\-#;/?:@&=+$,_.!~*'()\[\]])`;
var NS_TAG_CHAR = String.raw`(?:%[0-9A-Fa-f]{2}|[0-9A-Za-z\-#;/?:@&=+$.~*'()_])`;
var PATTERN_TAG_URI = new RegExp(`^(?:${NS_URI_CHAR})*$`);
var PATTERN_TAG_SUFFIX = new RegExp(`^(?:${NS_TAG_CHAR})+$`);
var PATTERN_TAG_PREFIX = new RegExp(`^(?:!(?:${NS_URI_CHAR})*|${NS_TAG_CHAR}(?:${NS_URI_CHAR})*)$`);
var DEFAULT_PARSER_OPTIONS = {
	filename: "",
	maxDepth: 100
};
function addDocumentEvent(state, explicitStart, explicitEnd) {
	state.events.push({
		type: EVENT_ID.DOCUMENT,
		explicitStart,
		explicitEnd,
		directives: state.directives
	});
}
function addSequenceEvent(state, start, anchorStart, anchorEnd, tagStart, tagEnd, style) {
	state.events.push({
		type: EVENT_ID.SEQUENCE,
		start,
		anchorStart,
		anchorEnd,
		tagStart,
		tagEnd,
		style
	});
}
function addMappingEvent(state, start, anchorStart, anchorEnd, tagStart, tagEnd, style) {
	state.events.push({
		type: EVENT_ID.MAPPING,
		start,
		anchorStart,
		anchorEnd,
		tagStart,
		tagEnd,
		style
	});
}
function insertFlowPairMappingEvent(state, snapshot) {
	state.events.splice(snapshot.eventsLength, 0, {
		type: EVENT_ID.MAPPING,
		start: snapshot.position,
		anchorStart: NO_RANGE$1,
		anchorEnd: NO_RANGE$1,
		tagStart: NO_RANGE$1,
		tagEnd: NO_RANGE$1,
		style: COLLECTION_STYLE.FLOW
	});
}
function addScalarEvent(state, valueStart, valueEnd, anchorStart, anchorEnd, tagStart, tagEnd, style, chomping = CHOMPING_MODE.CLIP, indent = -1, fast = false) {
	state.events.push({
		type: EVENT_ID.SCALAR,
		valueStart,
		valueEnd,
		anchorStart,
		anchorEnd,
		tagStart,
		tagEnd,
		style,
		chomping,
		indent,
		fast
	});
}
function addAliasEvent(state, anchorStart, anchorEnd) {
	state.events.push({
		type: EVENT_ID.ALIAS,
		anchorStart,
		anchorEnd
	});
}
function addPopEvent(state) {
	state.events.push({ type: EVENT_ID.POP });
}
function addEmptyScalarEvent(state) {
	addScalarEvent(state, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, SCALAR_STYLE.PLAIN);
}
function emptyProperties() {
	return {
		anchorStart: NO_RANGE$1,
		anchorEnd: NO_RANGE$1,
		tagStart: NO_RANGE$1,
		tagEnd: NO_RANGE$1
	};
}
function snapshotState(state) {
	return {
		position: state.position,
		line: state.line,
		lineStart: state.lineStart,
		lineIndent: state.lineIndent,
		firstTabInLine: state.firstTabInLine,
		eventsLength: state.events.length
	};
}
function restoreState(state, snapshot) {
	state.position = snapshot.position;
	state.line = snapshot.line;
	state.lineStart = snapshot.lineStart;
	state.lineIndent = snapshot.lineIndent;
	state.firstTabInLine = snapshot.firstTabInLine;
	state.events.length = snapshot.eventsLength;
}
function throwError(state, message) {
	YAMLException.throwAt(state.input.slice(0, state.length), state.position, message, state.filename);
}
function isEol(c) {
	return c === 10 || c === 13;
}
function isWhiteSpace(c) {
	return c === 9 || c === 32;
}
function isWsOrEol(c) {
	return isWhiteSpace(c) || isEol(c);
}
function isWsOrEolOrEnd(c) {
	return c === 0 || isWsOrEol(c);
}
function isFlowIndicator(c) {
	return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}
function fromDecimalCode(c) {
	return c >= 48 && c <= 57 ? c - 48 : -1;
}
function fromHexCode(c) {
	if (c >= 48 && c <= 57) return c - 48;
	const lc = c | 32;
	if (lc >= 97 && lc <= 102) return lc - 97 + 10;
	return -1;
}
function escapedHexLen(c) {
	if (c === 120) return 2;
	if (c === 117) return 4;
	if (c === 85) return 8;
	return 0;
}
function isSimpleEscape(c) {
	return c === 48 || c === 97 || c === 98 || c === 116 || c === 9 || c === 110 || c === 118 || c === 102 || c === 114 || c === 101 || c === 32 || c === 34 || c === 47 || c === 92 || c === 78 || c === 95 || c === 76 || c === 80;
}
function consumeLineBreak(state) {
	if (state.input.charCodeAt(state.position) === 10) state.position++;
	else {
		state.position++;
		if (state.input.charCodeAt(state.position) === 10) state.position++;
	}
	state.line++;
	state.lineStart = state.position;
	state.lineIndent = 0;
	state.firstTabInLine = -1;
}
function skipSeparationSpace(state, allowComments) {
	let lineBreaks = 0;
	let ch = state.input.charCodeAt(state.position);
	let hasSeparation = state.position === state.lineStart || isWsOrEol(state.input.charCodeAt(state.position - 1));
	while (ch !== 0) {
		while (isWhiteSpace(ch)) {
			hasSeparation = true;
			if (ch === 9 && state.firstTabInLine === -1) state.firstTabInLine = state.position;
			ch = state.input.charCodeAt(++state.position);
		}
		if (allowComments && hasSeparation && ch === 35) do
			ch = state.input.charCodeAt(++state.position);
		while (!isEol(ch) && ch !== 0);
		if (!isEol(ch)) break;
		consumeLineBreak(state);
		lineBreaks++;
		hasSeparation = true;
		ch = state.input.charCodeAt(state.position);
		while (ch === 32) {
			state.lineIndent++;
			ch = state.input.charCodeAt(++state.position);
		}
	}
	return lineBreaks;
}
function testDocumentSeparator(state, position = state.position) {
	const ch = state.input.charCodeAt(position);
	if ((ch === 45 || ch === 46) && ch === state.input.charCodeAt(position + 1) && ch === state.input.charCodeAt(position + 2)) {
		const following = state.input.charCodeAt(position + 3);
		return following === 0 || isWsOrEol(following);
	}
	return false;
}
function skipByteOrderMark(state) {
	if (state.position === state.lineStart && state.input.charCodeAt(state.position) === 65279) {
		state.position++;
		state.lineStart = state.position;
	}
}
function testDocumentBoundary(state) {
	if (state.position !== state.lineStart) return false;
	if (testDocumentSeparator(state)) return true;
	if (state.input.charCodeAt(state.position) !== 65279) return false;
	const snapshot = snapshotState(state);
	skipByteOrderMark(state);
	skipSeparationSpace(state, true);
	const ch = state.input.charCodeAt(state.position);
	const result = state.position === state.lineStart && (ch === 37 || ch === 45 && testDocumentSeparator(state));
	restoreState(state, snapshot);
	return result;
}
function skipUntilLineEnd(state) {
	let ch = state.input.charCodeAt(state.position);
	while (ch !== 0 && !isEol(ch)) ch = state.input.charCodeAt(++state.position);
}
function checkPrintable(state, start, end) {
	const match = PATTERN_NON_PRINTABLE.exec(state.input.slice(start, end));
	if (match !== null) {
		state.position = start + match.index + match[0].length - 1;
		throwError(state, "the stream contains non-printable characters");
	}
}
function readTagProperty(state, props, inFlow) {
	if (state.input.charCodeAt(state.position) !== 33) return false;
	if (props.tagStart !== NO_RANGE$1) throwError(state, "duplication of a tag property");
	const start = state.position;
	let isVerbatim = false;
	let isNamed = false;
	let tagHandle = "!";
	let ch = state.input.charCodeAt(++state.position);
	if (ch === 60) {
		isVerbatim = true;
		ch = state.input.charCodeAt(++state.position);
	} else if (ch === 33) {
		isNamed = true;
		tagHandle = "!!";
		ch = state.input.charCodeAt(++state.position);
	}
	let suffixStart = state.position;
	let tagName;
	if (isVerbatim) {
		while (ch !== 0 && ch !== 62) ch = state.input.charCodeAt(++state.position);
		if (ch !== 62) throwError(state, "unexpected end of the stream within a verbatim tag");
		tagName = state.input.slice(suffixStart, state.position);
		state.position++;
	} else {
		while (ch !== 0 && !isWsOrEol(ch) && !(inFlow && isFlowIndicator(ch))) {
			if (ch === 33) {
				if (!isNamed) {
					tagHandle = state.input.slice(suffixStart - 1, state.position + 1);
					if (!PATTERN_TAG_HANDLE.test(tagHandle)) throwError(state, "named tag handle cannot contain such characters");
					isNamed = true;
					suffixStart = state.position + 1;
				} else throwError(state, "tag suffix cannot contain exclamation marks");
			}
			ch = state.input.charCodeAt(++state.position);
		}
		tagName = state.input.slice(suffixStart, state.position);
		if (PATTERN_FLOW_INDICATORS.test(tagName)) throwError(state, "tag suffix cannot contain flow indicator characters");
	}
	if (tagName && !(isVerbatim ? PATTERN_TAG_URI.test(tagName) : PATTERN_TAG_SUFFIX.test(tagName))) throwError(state, `tag name cannot contain such characters: ${tagName}`);
	if (!isVerbatim && tagHandle !== "!" && tagHandle !== "!!" && !HAS_OWN.call(state.tagHandlers, tagHandle)) throwError(state, `undeclared tag handle "${tagHandle}"`);
	props.tagStart = start;
	props.tagEnd = state.position;
	return true;
}
function readAnchorProperty(state, props) {
	if (state.input.charCodeAt(state.position) !== 38) return false;
	if (props.anchorStart !== NO_RANGE$1) throwError(state, "duplication of an anchor property");
	state.position++;
	const start = state.position;
	while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position)) && !isFlowIndicator(state.input.charCodeAt(state.position))) state.position++;
	if (state.position === start) throwError(state, "name of an anchor node must contain at least one character");
	props.anchorStart = start;
	props.anchorEnd = state.position;
	return true;
}
function readAlias(state, props) {
	if (state.input.charCodeAt(state.position) !== 42) return false;
	if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) throwError(state, "alias node should not have any properties");
	state.position++;
	const start = state.position;
	while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position)) && !isFlowIndicator(state.input.charCodeAt(state.position))) state.position++;
	if (state.position === start) throwError(state, "name of an alias node must contain at least one character");
	addAliasEvent(state, start, state.position);
	return true;
}
function readFlowScalarBreak(state, nodeIndent) {
	skipSeparationSpace(state, false);
	if (state.lineIndent < nodeIndent) throwError(state, "deficient indentation");
}
function readSingleQuotedScalar(state, nodeIndent, props) {
	if (state.input.charCodeAt(state.position) !== 39) return false;
	state.position++;
	const start = state.position;
	let simple = true;
	while (state.input.charCodeAt(state.position) !== 0) {
		const ch = state.input.charCodeAt(state.position);
		if (ch === 39) {
			if (state.input.charCodeAt(state.position + 1) === 39) {
				simple = false;
				state.position += 2;
				continue;
			}
			const end = state.position;
			state.position++;
			addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.SINGLE_QUOTED, CHOMPING_MODE.CLIP, -1, simple);
			return true;
		}
		if (isEol(ch)) {
			simple = false;
			readFlowScalarBreak(state, nodeIndent);
		} else if (state.position === state.lineStart && testDocumentSeparator(state)) throwError(state, "unexpected end of the document within a single quoted scalar");
		else if (ch !== 9 && ch < 32) throwError(state, "expected valid JSON character");
		else state.position++;
	}
	throwError(state, "unexpected end of the stream within a single quoted scalar");
}
function readDoubleQuotedScalar(state, nodeIndent, props) {
	if (state.input.charCodeAt(state.position) !== 34) return false;
	state.position++;
	const start = state.position;
	let simple = true;
	while (state.input.charCodeAt(state.position) !== 0) {
		const ch = state.input.charCodeAt(state.position);
		if (ch === 34) {
			const end = state.position;
			state.position++;
			addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.DOUBLE_QUOTED, CHOMPING_MODE.CLIP, -1, simple);
			return true;
		}
		if (ch === 92) {
			simple = false;
			const escaped = state.input.charCodeAt(++state.position);
			if (isEol(escaped)) readFlowScalarBreak(state, nodeIndent);
			else if (isSimpleEscape(escaped)) state.position++;
			else {
				let hexLength = escapedHexLen(escaped);
				if (hexLength === 0) throwError(state, "unknown escape sequence");
				while (hexLength-- > 0) {
					state.position++;
					if (fromHexCode(state.input.charCodeAt(state.position)) < 0) throwError(state, "expected hexadecimal character");
				}
				state.position++;
			}
		} else if (isEol(ch)) {
			simple = false;
			readFlowScalarBreak(state, nodeIndent);
		} else if (state.position === state.lineStart && testDocumentSeparator(state)) throwError(state, "unexpected end of the document within a double quoted scalar");
		else if (ch !== 9 && ch < 32) throwError(state, "expected valid JSON character");
		else state.position++;
	}
	throwError(state, "unexpected end of the stream within a double quoted scalar");
}
function readBlockScalar(state, parentIndent, props) {
	const ch = state.input.charCodeAt(state.position);
	let chomping = CHOMPING_MODE.CLIP;
	let indent = -1;
	let detectedIndent = false;
	if (ch !== 124 && ch !== 62) return false;
	const style = ch === 124 ? SCALAR_STYLE.LITERAL_BLOCK : SCALAR_STYLE.FOLDED_BLOCK;
	state.position++;
	while (state.input.charCodeAt(state.position) !== 0) {
		const current = state.input.charCodeAt(state.position);
		const digit = fromDecimalCode(current);
		if (current === 43 || current === 45) {
			if (chomping !== CHOMPING_MODE.CLIP) throwError(state, "repeat of a chomping mode identifier");
			chomping = current === 43 ? CHOMPING_MODE.KEEP : CHOMPING_MODE.STRIP;
			state.position++;
		} else if (digit >= 0) {
			if (digit === 0) throwError(state, "bad explicit indentation width of a block scalar; it cannot be less than one");
			if (detectedIndent) throwError(state, "repeat of an indentation width identifier");
			indent = parentIndent + digit - 1;
			detectedIndent = true;
			state.position++;
		} else break;
	}
	let hadWhitespace = false;
	while (isWhiteSpace(state.input.charCodeAt(state.position))) {
		hadWhitespace = true;
		state.position++;
	}
	if (hadWhitespace && state.input.charCodeAt(state.position) === 35) skipUntilLineEnd(state);
	if (isEol(state.input.charCodeAt(state.position))) consumeLineBreak(state);
	else if (state.input.charCodeAt(state.position) !== 0) throwError(state, "a line break is expected");
	let contentIndent = detectedIndent ? indent : -1;
	let maxLeadingIndent = 0;
	const valueStart = state.position;
	let valueEnd = state.position;
	while (state.input.charCodeAt(state.position) !== 0) {
		const linePosition = state.position;
		let column = 0;
		while (state.input.charCodeAt(linePosition + column) === 32) column++;
		const first = state.input.charCodeAt(linePosition + column);
		if (first === 0) {
			if (contentIndent >= 0) {
				if (column > contentIndent) valueEnd = linePosition + column;
			} else if (column > 0) valueEnd = linePosition + column;
			break;
		}
		if (testDocumentBoundary(state)) break;
		if (!detectedIndent && contentIndent === -1 && isEol(first)) maxLeadingIndent = Math.max(maxLeadingIndent, column);
		if (!detectedIndent && contentIndent === -1 && !isEol(first)) {
			if (first === 9 && column < parentIndent) {
				state.position = linePosition + column;
				throwError(state, "tab characters must not be used in indentation");
			}
			if (column >= parentIndent && column < maxLeadingIndent) {
				state.position = linePosition + column;
				throwError(state, "bad indentation of a mapping entry");
			}
		}
		if (contentIndent === -1 && first !== 0 && !isEol(first) && column < parentIndent) {
			state.lineIndent = column;
			state.position = linePosition + column;
			break;
		}
		if (!detectedIndent && first !== 0 && !isEol(first) && contentIndent === -1) contentIndent = column;
		const requiredIndent = contentIndent === -1 ? parentIndent + 1 : contentIndent;
		if (first !== 0 && !isEol(first) && column < requiredIndent) {
			state.lineIndent = column;
			state.position = linePosition + column;
			break;
		}
		skipUntilLineEnd(state);
		valueEnd = state.position;
		if (isEol(state.input.charCodeAt(state.position))) {
			consumeLineBreak(state);
			valueEnd = state.position;
		}
	}
	checkPrintable(state, valueStart, valueEnd);
	addScalarEvent(state, valueStart, valueEnd, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, style, chomping, contentIndent);
	return true;
}
function canStartPlainScalar(state, nodeContext) {
	const ch = state.input.charCodeAt(state.position);
	const inFlow = nodeContext === CONTEXT_FLOW_IN;
	if (ch === 0 || isWsOrEol(ch) || ch === 35 || ch === 38 || ch === 42 || ch === 33 || ch === 124 || ch === 62 || ch === 39 || ch === 34 || ch === 37 || ch === 64 || ch === 96 || isFlowIndicator(ch)) return false;
	if (ch === 63 || ch === 45) {
		const following = state.input.charCodeAt(state.position + 1);
		if (isWsOrEolOrEnd(following) || inFlow && isFlowIndicator(following)) return false;
	}
	return true;
}
function readPlainScalar(state, nodeIndent, nodeContext, props) {
	if (!canStartPlainScalar(state, nodeContext)) return false;
	const start = state.position;
	let end = state.position;
	let ch = state.input.charCodeAt(state.position);
	const inFlow = nodeContext === CONTEXT_FLOW_IN;
	let multiline = false;
	while (ch !== 0) {
		if (testDocumentBoundary(state)) break;
		if (ch === 58) {
			const following = state.input.charCodeAt(state.position + 1);
			if (isWsOrEolOrEnd(following) || inFlow && isFlowIndicator(following)) break;
		} else if (ch === 35) {
			if (isWsOrEol(state.input.charCodeAt(state.position - 1))) break;
		} else if (inFlow && isFlowIndicator(ch)) break;
		else if (isEol(ch)) {
			const savedPosition = state.position;
			const savedLine = state.line;
			const savedLineStart = state.lineStart;
			const savedLineIndent = state.lineIndent;
			skipSeparationSpace(state, false);
			if (state.lineIndent >= nodeIndent) {
				multiline = true;
				ch = state.input.charCodeAt(state.position);
				continue;
			}
			state.position = savedPosition;
			state.line = savedLine;
			state.lineStart = savedLineStart;
			state.lineIndent = savedLineIndent;
			break;
		}
		if (!isWhiteSpace(ch)) end = state.position + 1;
		ch = state.input.charCodeAt(++state.position);
	}
	if (end === start) return false;
	checkPrintable(state, start, end);
	addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.PLAIN, CHOMPING_MODE.CLIP, -1, !multiline);
	return true;
}
function skipFlowSeparationSpace(state, nodeIndent) {
	const startLine = state.line;
	skipSeparationSpace(state, true);
	if (state.line > startLine && state.lineIndent < nodeIndent || state.firstTabInLine !== -1 && state.lineIndent < nodeIndent) throwError(state, "deficient indentation");
}
function readFlowCollection(state, nodeIndent, props) {
	const ch = state.input.charCodeAt(state.position);
	const isMapping = ch === 123;
	const start = state.position;
	let readNext = true;
	if (ch !== 91 && ch !== 123) return false;
	const terminator = isMapping ? 125 : 93;
	if (isMapping) addMappingEvent(state, start, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.FLOW);
	else addSequenceEvent(state, start, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.FLOW);
	state.position++;
	while (state.input.charCodeAt(state.position) !== 0) {
		skipFlowSeparationSpace(state, nodeIndent);
		let ch = state.input.charCodeAt(state.position);
		if (ch === terminator) {
			state.position++;
			addPopEvent(state);
			return true;
		} else if (!readNext) throwError(state, "missed comma between flow collection entries");
		else if (ch === 44) throwError(state, "expected the node content, but found ','");
		let isPair = false;
		let isExplicitPair = false;
		if (ch === 63 && isWsOrEol(state.input.charCodeAt(state.position + 1))) {
			isPair = isExplicitPair = true;
			state.position += 1;
			skipFlowSeparationSpace(state, nodeIndent);
		}
		const entryLine = state.line;
		const entryStart = snapshotState(state);
		const keyWasRead = parseNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true);
		skipFlowSeparationSpace(state, nodeIndent);
		ch = state.input.charCodeAt(state.position);
		if ((isMapping || isExplicitPair || state.line === entryLine) && ch === 58) {
			isPair = true;
			state.position++;
			skipFlowSeparationSpace(state, nodeIndent);
			if (!isMapping) {
				insertFlowPairMappingEvent(state, entryStart);
				if (!keyWasRead) addEmptyScalarEvent(state);
			} else if (!keyWasRead) addEmptyScalarEvent(state);
			if (!parseNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true)) addEmptyScalarEvent(state);
			skipFlowSeparationSpace(state, nodeIndent);
			if (!isMapping) addPopEvent(state);
		} else if (isMapping && isPair) {
			if (!keyWasRead) addEmptyScalarEvent(state);
			addEmptyScalarEvent(state);
		} else if (isMapping) addEmptyScalarEvent(state);
		else if (isPair) {
			insertFlowPairMappingEvent(state, entryStart);
			if (!keyWasRead) addEmptyScalarEvent(state);
			addEmptyScalarEvent(state);
			addPopEvent(state);
		}
		ch = state.input.charCodeAt(state.position);
		if (ch === 44) {
			readNext = true;
			state.position++;
		} else readNext = false;
	}
	throwError(state, "unexpected end of the stream within a flow collection");
}
function readBlockSequence(state, nodeIndent, props) {
	if (state.firstTabInLine !== -1 || state.input.charCodeAt(state.position) !== 45 || !isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) return false;
	addSequenceEvent(state, state.position, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.BLOCK);
	while (state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) {
		if (state.firstTabInLine !== -1) {
			state.position = state.firstTabInLine;
			throwError(state, "tab characters must not be used in indentation");
		}
		const entryLine = state.line;
		state.position++;
		const hadBreak = skipSeparationSpace(state, true) > 0;
		if (state.firstTabInLine !== -1 && state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) throwError(state, "bad indentation of a sequence entry");
		if (hadBreak && state.lineIndent <= nodeIndent) addEmptyScalarEvent(state);
		else parseNode(state, nodeIndent, CONTEXT_BLOCK_IN, false, true);
		skipSeparationSpace(state, true);
		if (state.lineIndent < nodeIndent || state.position >= state.length) break;
		if (state.lineIndent > nodeIndent) throwError(state, "bad indentation of a sequence entry");
		if (state.line === entryLine && state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) throwError(state, "bad indentation of a sequence entry");
	}
	addPopEvent(state);
	return true;
}
function readBlockMapping(state, nodeIndent, flowIndent, props) {
	let atExplicitKey = false;
	let detected = false;
	let mappingOpened = false;
	let pendingExplicitKey = false;
	if (state.firstTabInLine !== -1) return false;
	let ch = state.input.charCodeAt(state.position);
	while (ch !== 0) {
		if (!atExplicitKey && state.firstTabInLine !== -1) {
			state.position = state.firstTabInLine;
			throwError(state, "tab characters must not be used in indentation");
		}
		const following = state.input.charCodeAt(state.position + 1);
		const entryLine = state.line;
		if ((ch === 63 || ch === 58) && isWsOrEolOrEnd(following)) {
			if (!mappingOpened) {
				addMappingEvent(state, state.position, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.BLOCK);
				mappingOpened = true;
			}
			if (ch === 63) {
				if (atExplicitKey) addEmptyScalarEvent(state);
				detected = true;
				atExplicitKey = true;
			} else if (atExplicitKey) atExplicitKey = false;
			else {
				addEmptyScalarEvent(state);
				detected = true;
				atExplicitKey = false;
			}
			state.position += 1;
			pendingExplicitKey = true;
		} else {
			if (atExplicitKey) {
				addEmptyScalarEvent(state);
				atExplicitKey = false;
			}
			const beforeKey = snapshotState(state);
			if (!parseNode(state, flowIndent, CONTEXT_FLOW_OUT, false, true)) break;
			if (state.line === entryLine) {
				ch = state.input.charCodeAt(state.position);
				while (isWhiteSpace(ch)) ch = state.input.charCodeAt(++state.position);
				if (ch === 58) {
					ch = state.input.charCodeAt(++state.position);
					if (!isWsOrEolOrEnd(ch)) throwError(state, "a whitespace character is expected after the key-value separator within a block mapping");
					if (!mappingOpened) {
						state.events.splice(beforeKey.eventsLength, 0, {
							type: EVENT_ID.MAPPING,
							start: beforeKey.position,
							anchorStart: props.anchorStart,
							anchorEnd: props.anchorEnd,
							tagStart: props.tagStart,
							tagEnd: props.tagEnd,
							style: COLLECTION_STYLE.BLOCK
						});
						mappingOpened = true;
					}
					detected = true;
					atExplicitKey = false;
					pendingExplicitKey = false;
				} else if (detected) throwError(state, "expected ':' after a mapping key");
				else {
					if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) {
						restoreState(state, beforeKey);
						return false;
					}
					return true;
				}
			} else if (detected) throwError(state, "can not read a block mapping entry; a multiline key may not be an implicit key");
			else {
				if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) {
					restoreState(state, beforeKey);
					return false;
				}
				return true;
			}
		}
		if (parseNode(state, nodeIndent, CONTEXT_BLOCK_OUT, true, pendingExplicitKey)) pendingExplicitKey = false;
		if (!atExplicitKey) {
			if (pendingExplicitKey) {
				addEmptyScalarEvent(state);
				pendingExplicitKey = false;
			}
		}
		skipSeparationSpace(state, true);
		ch = state.input.charCodeAt(state.position);
		if ((state.line === entryLine || state.lineIndent > nodeIndent) && ch !== 0) throwError(state, "bad indentation of a mapping entry");
		else if (state.lineIndent < nodeIndent) break;
	}
	if (!detected) return false;
	if (atExplicitKey) addEmptyScalarEvent(state);
	if (mappingOpened) addPopEvent(state);
	return true;
}
function parseNode(state, parentIndent, nodeContext, allowToSeek, allowCompact, allowPropertyMapping = true) {
	if (state.depth >= state.maxDepth) throwError(state, `nesting exceeded maxDepth (${state.maxDepth})`);
	state.depth++;
	let indentStatus = 1;
	let atNewLine = false;
	let hasContent = false;
	let propertyStart = null;
	const props = emptyProperties();
	let allowBlockScalars = nodeContext === CONTEXT_BLOCK_OUT || nodeContext === CONTEXT_BLOCK_IN;
	let allowBlockCollections = allowBlockScalars;
	const allowBlockStyles = allowBlockScalars;
	if (allowToSeek && skipSeparationSpace(state, true)) {
		atNewLine = true;
		if (state.lineIndent > parentIndent) indentStatus = 1;
		else if (state.lineIndent === parentIndent) indentStatus = 0;
		else indentStatus = -1;
	}
	if (indentStatus === 1) while (true) {
		const ch = state.input.charCodeAt(state.position);
		const propertyState = snapshotState(state);
		if (atNewLine && indentStatus !== 1 && (ch === 33 || ch === 38)) break;
		if (atNewLine && allowBlockStyles && (props.tagStart !== NO_RANGE$1 || props.anchorStart !== NO_RANGE$1) && (ch === 33 || ch === 38)) {
			const fallbackState = snapshotState(state);
			const flowIndent = parentIndent + 1;
			if (readBlockMapping(state, state.position - state.lineStart, flowIndent, props) && state.events[fallbackState.eventsLength]?.type === EVENT_ID.MAPPING) {
				state.depth--;
				return true;
			}
			restoreState(state, fallbackState);
		}
		if (atNewLine && (ch === 33 && props.tagStart !== NO_RANGE$1 || ch === 38 && props.anchorStart !== NO_RANGE$1)) break;
		if (!readTagProperty(state, props, nodeContext === CONTEXT_FLOW_IN) && !readAnchorProperty(state, props)) break;
		if (propertyStart === null) propertyStart = propertyState;
		if (skipSeparationSpace(state, true)) {
			atNewLine = true;
			allowBlockCollections = allowBlockStyles;
			if (state.lineIndent > parentIndent) indentStatus = 1;
			else if (state.lineIndent === parentIndent) indentStatus = 0;
			else indentStatus = -1;
		} else allowBlockCollections = false;
	}
	if (allowBlockCollections) allowBlockCollections = atNewLine || allowCompact;
	if (indentStatus === 1 || nodeContext === CONTEXT_BLOCK_OUT) {
		const flowIndent = nodeContext === CONTEXT_FLOW_IN || nodeContext === CONTEXT_FLOW_OUT ? parentIndent : parentIndent + 1;
		const blockIndent = state.position - state.lineStart;
		if (indentStatus === 1) {
			if (allowBlockCollections && (readBlockSequence(state, blockIndent, props) || readBlockMapping(state, blockIndent, flowIndent, props)) || readFlowCollection(state, flowIndent, props)) hasContent = true;
			else {
				const ch = state.input.charCodeAt(state.position);
				if (propertyStart !== null && allowPropertyMapping && allowBlockStyles && !allowBlockCollections && ch !== 124 && ch !== 62) {
					const fallbackState = snapshotState(state);
					const propertyIndent = propertyStart.position - propertyStart.lineStart;
					restoreState(state, propertyStart);
					if (readBlockMapping(state, propertyIndent, flowIndent, emptyProperties()) && state.events[fallbackState.eventsLength]?.type === EVENT_ID.MAPPING) hasContent = true;
					else restoreState(state, fallbackState);
				}
				if (!hasContent && (allowBlockScalars && readBlockScalar(state, flowIndent, props) || readSingleQuotedScalar(state, flowIndent, props) || readDoubleQuotedScalar(state, flowIndent, props) || readAlias(state, props) || readPlainScalar(state, flowIndent, nodeContext, props))) hasContent = true;
			}
		} else if (indentStatus === 0) hasContent = allowBlockCollections && readBlockSequence(state, blockIndent, props);
	}
	allowBlockScalars = allowBlockScalars && !hasContent;
	if (!hasContent && (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1 || allowBlockScalars)) {
		addScalarEvent(state, NO_RANGE$1, NO_RANGE$1, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.PLAIN);
		hasContent = true;
	}
	state.depth--;
	return hasContent || props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1;
}
function readDirective(state) {
	if (state.lineIndent > 0 || state.input.charCodeAt(state.position) !== 37) return false;
	state.position++;
	const nameStart = state.position;
	while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position))) state.position++;
	const name = state.input.slice(nameStart, state.position);
	const args = [];
	if (name.length === 0) throwError(state, "directive name must not be less than one character in length");
	while (state.input.charCodeAt(state.position) !== 0 && !isEol(state.input.charCodeAt(state.position))) {
		while (isWhiteSpace(state.input.charCodeAt(state.position))) state.position++;
		if (state.input.charCodeAt(state.position) === 35 || isEol(state.input.charCodeAt(state.position)) || state.input.charCodeAt(state.position) === 0) break;
		const start = state.position;
		while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position))) state.position++;
		args.push(state.input.slice(start, state.position));
	}
	if (isEol(state.input.charCodeAt(state.position))) consumeLineBreak(state);
	if (name === "YAML") {
		if (state.directives.some((directive) => directive.kind === "yaml")) throwError(state, "duplication of %YAML directive");
		if (args.length !== 1) throwError(state, "YAML directive accepts exactly one argument");
		const match = /^([0-9]+)\.([0-9]+)$/.exec(args[0]);
		if (match === null) throwError(state, "ill-formed argument of the YAML directive");
		if (parseInt(match[1], 10) !== 1) throwError(state, "unacceptable YAML version of the document");
		state.directives.push({
			kind: "yaml",
			version: args[0]
		});
	} else if (name === "TAG") {
		if (args.length !== 2) throwError(state, "TAG directive accepts exactly two arguments");
		const [handle, prefix] = args;
		if (!PATTERN_TAG_HANDLE.test(handle)) throwError(state, "ill-formed tag handle (first argument) of the TAG directive");
		if (HAS_OWN.call(state.tagHandlers, handle)) throwError(state, `there is a previously declared suffix for "${handle}" tag handle`);
		if (!PATTERN_TAG_PREFIX.test(prefix)) throwError(state, "ill-formed tag prefix (second argument) of the TAG directive");
		state.tagHandlers[handle] = prefix;
		state.directives.push({
			kind: "tag",
			handle,
			prefix
		});
	}
	return true;
}
function readDocument(state) {
	state.directives = [];
	state.tagHandlers = Object.create(null);
	let hasDirectives = false;
	skipSeparationSpace(state, true);
	while (readDirective(state)) {
		hasDirectives = true;
		skipSeparationSpace(state, true);
	}
	let explicitStart = false;
	let explicitEnd = false;
	let allowCompact = true;
	if (state.lineIndent === 0 && state.input.charCodeAt(state.position) === 45 && state.input.charCodeAt(state.position + 1) === 45 && state.input.charCodeAt(state.position + 2) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 3))) {
		explicitStart = true;
		const markerLine = state.line;
		state.position += 3;
		skipSeparationSpace(state, true);
		allowCompact = state.line > markerLine;
	} else if (hasDirectives) throwError(state, "directives end mark is expected");
	const documentEventIndex = state.events.length;
	if (!explicitStart && state.position === state.lineStart && state.input.charCodeAt(state.position) === 46 && testDocumentSeparator(state)) {
		state.position += 3;
		skipSeparationSpace(state, true);
		return;
	}
	addDocumentEvent(state, explicitStart, false);
	if (!parseNode(state, state.lineIndent - 1, CONTEXT_BLOCK_OUT, false, allowCompact, allowCompact)) addEmptyScalarEvent(state);
	skipSeparationSpace(state, true);
	if (state.position === state.lineStart && testDocumentSeparator(state)) {
		explicitEnd = state.input.charCodeAt(state.position) === 46;
		if (explicitEnd) {
			const markerLine = state.line;
			state.position += 3;
			skipSeparationSpace(state, true);
			if (state.line === markerLine && state.position < state.length) throwError(state, "end of the stream or a document separator is expected");
		}
	}
	const documentEvent = state.events[documentEventIndex];
	if (documentEvent?.type === EVENT_ID.DOCUMENT) documentEvent.explicitEnd = explicitEnd;
	addPopEvent(state);
	if (!explicitEnd && state.position < state.length && !testDocumentBoundary(state)) throwError(state, "end of the stream or a document separator is expected");
}
/**
* Parses YAML into a flat event stream referencing source text by offsets.
*
* @category Events
*/
function parseEvents(input, options) {
	const length = input.length;
	const state = {
		...DEFAULT_PARSER_OPTIONS,
		...options,
		input: `${input}\0`,
		length,
		position: 0,
		line: 0,
		lineStart: 0,
		lineIndent: 0,
		firstTabInLine: -1,
		depth: 0,
		directives: [],
		tagHandlers: Object.create(null),
		events: []
	};
	const nullpos = input.indexOf("\0");
	if (nullpos !== -1) YAMLException.throwAt(input, nullpos, "null byte is not allowed in input", state.filename);
	while (state.position < state.length) {
		skipByteOrderMark(state);
		skipSeparationSpace(state, true);
		if (state.position >= state.length) break;
		const documentStart = state.position;
		readDocument(state);
		if (state.position === documentStart)
 /* c8 ignore next */
		throwError(state, "can not read a document");
	}
	return state.events;
}
//#endregion
//#region src/load.ts
var DEFAULT_LOAD_OPTIONS = {
	...DEFAULT_PARSER_OPTIONS,
	...DEFAULT_CONSTRUCTOR_OPTIONS
};
function loadDocuments(input, options = {}) {
	const opts = {
		...DEFAULT_LOAD_OPTIONS,
		...options
	};
	const source = String(input);
	const PARSER_OPT_KEYS = Object.keys(DEFAULT_PARSER_OPTIONS);
	const CONSTRUCTOR_OPT_KEYS = Object.keys(DEFAULT_CONSTRUCTOR_OPTIONS);
	return constructFromEvents(parseEvents(source, pick(opts, PARSER_OPT_KEYS)), {
		...pick(opts, CONSTRUCTOR_OPT_KEYS),
		source
	});
}
/**
* Parses `string` as a single YAML document. Throws {@link YAMLException} on
* error. This function does not understand multi-document or empty sources; it
* throws an exception on those.
*
* > [!NOTE]
* > 1. When processing untrusted input, see the
* >    [security considerations](../docs/safety.md).
* > 2. All exceptions MUST be caught, not just {@link YAMLException}.
* > 3. The default {@link CORE_SCHEMA} comes without the `!!merge` tag. You can
* >    easily enable it if needed.
* > 4. The default {@link mapTag} is `{}`-object based, with known limitations
* >    (see description). For full compatibility use {@link realMapTag}
* >    instead (it uses native JS `Map`).
*
* @example
* Enable {@link mergeTag} and {@link realMapTag}:
*
* ```javascript
* import { load, CORE_SCHEMA, mergeTag, realMapTag } from 'js-yaml'
*
* try {
*   load(data, { schema: CORE_SCHEMA.withTags(mergeTag, realMapTag) })
* } catch (e) {
*   console.error(e)
* }
* ```
*
* @category Main
*/
function load(input, options) {
	const documents = loadDocuments(input, options);
	if (documents.length === 0) throw new YAMLException("expected a document, but the input is empty");
	if (documents.length === 1) return documents[0];
	throw new YAMLException("expected a single document in the stream, but found more");
}
//#endregion
//#region src/ast/styler_defaults.ts
function hasBit(mask, bit) {
	return (mask & 1 << bit) !== 0;
}
/**
* Default scalar styling rules in application order.
* See [Scalar styling](../../docs/scalar_styling.md) for usage details.
*
* @category AST
*/
var DEFAULT_SCALAR_STYLE_RULES = {
	applyQuoteFlowKeysOption,
	doubleQuoteForInvisibles,
	doubleQuoteWhitespaceOnly,
	applyForceQuotesOption,
	tryLongOrMultilineAsBlock,
	quoteInvalidPlain,
	fallbackToDoubleQuoted
};
function _preferredQuotedStyle(layout) {
	if (layout.presenterOptions.quoteStyle === "single" && hasBit(layout.allowedStylesMask, SCALAR_STYLE.SINGLE_QUOTED)) return SCALAR_STYLE.SINGLE_QUOTED;
	return SCALAR_STYLE.DOUBLE_QUOTED;
}
function applyQuoteFlowKeysOption(layout) {
	if (!layout.presenterOptions.quoteFlowKeys) return;
	if (!layout.isKey || !layout.flowOnly || layout.style !== SCALAR_STYLE.PLAIN) return;
	layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function doubleQuoteForInvisibles(layout) {
	if (layout.style === SCALAR_STYLE.PLAIN && /[\t\x7F-\xA0\u2028\u2029\uFEFF\uFFFE\uFFFF]/.test(layout.node.value)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function doubleQuoteWhitespaceOnly(layout) {
	if (layout.style === SCALAR_STYLE.PLAIN && /^\s+$/.test(layout.node.value)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function applyForceQuotesOption(layout) {
	if (!layout.presenterOptions.forceQuotes) return;
	if (layout.isKey || layout.style !== SCALAR_STYLE.PLAIN) return;
	if (layout.node.tag !== layout.presenterOptions.schema.defaultScalarTag.tagName) return;
	layout.style = layout.node.value.includes("\n") ? SCALAR_STYLE.DOUBLE_QUOTED : _preferredQuotedStyle(layout);
}
function tryLongOrMultilineAsBlock(layout) {
	if (layout.style !== SCALAR_STYLE.PLAIN || layout.isKey) return;
	const value = layout.node.value;
	const multiline = value.indexOf("\n") !== -1;
	if (!hasBit(layout.allowedStylesMask, SCALAR_STYLE.LITERAL_BLOCK)) {
		if (multiline) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
		return;
	}
	const w = layout.presenterOptions.lineWidth;
	if (w === -1) {
		if (multiline) layout.style = SCALAR_STYLE.LITERAL_BLOCK;
		return;
	}
	const availableWidth = Math.max(Math.min(w, 40), w - layout.shiftOfContent);
	let position = 0;
	let shouldFold = false;
	while (position <= value.length) {
		let lineEnd = value.length;
		const nextLineBreak = value.indexOf("\n", position);
		if (nextLineBreak !== -1) lineEnd = nextLineBreak;
		const line = value.slice(position, lineEnd);
		if (line.length > availableWidth && line[0] !== " " && / [^ \t]/.test(line)) shouldFold = true;
		if (nextLineBreak === -1) break;
		position = nextLineBreak + 1;
	}
	if (shouldFold) layout.style = SCALAR_STYLE.FOLDED_BLOCK;
	else if (multiline) layout.style = SCALAR_STYLE.LITERAL_BLOCK;
}
function quoteInvalidPlain(layout) {
	if (layout.style === SCALAR_STYLE.PLAIN && !hasBit(layout.allowedStylesMask, SCALAR_STYLE.PLAIN)) layout.style = _preferredQuotedStyle(layout);
}
function fallbackToDoubleQuoted(layout) {
	if (!hasBit(layout.allowedStylesMask, layout.style)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
({
	scalarStyleRules: Object.keys(DEFAULT_SCALAR_STYLE_RULES).map((name) => Reflect.get(DEFAULT_SCALAR_STYLE_RULES, name))});

/** What a settings file's top level may hold: the sections, the run-wide keys and functions. */
const TOP_LEVEL_KEYS = [...new Set([...OPTION_KEYS.map(k => k.split('.')[0]), 'functions'])];
/** Keys that apply to the whole run, never to one function. */
const RUN_ONLY_KEYS = new Set(['cache']);
/** A function's name is a file name (build/<name>.zip), a JSON key and a matrix value. */
const FUNCTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Options whose values are paths: relative ones are taken from the settings file's folder, or the cwd for flags. */
const PATH_OPTIONS = new Set(['package.path', 'package.requirements', 'output.path', 'output.layer-path']);
const DEFAULT_SETTINGS_FILE = 'settings.spindrift';
/** Far above any real settings file; refusing bigger ones keeps a wrong --file from eating memory. */
const MAX_SETTINGS_BYTES = 1024 * 1024;
/**
 * Read a settings file. A missing default file means "no settings"; a missing file the user named is an error.
 */
function readSettingsFile(file, explicit) {
    let bytes;
    try {
        if (statSync(file).isDirectory()) {
            throw new SpindriftError(`Settings file ${file} is a folder; point --file at a settings.spindrift file.`);
        }
        // A FIFO would block the read and /dev/zero would never end it: only a regular file is read.
        if (!statSync(file).isFile()) {
            throw new SpindriftError(`Settings file ${file} is not a regular file (a device, FIFO or socket); point --file at a settings.spindrift file.`);
        }
        const size = statSync(file).size;
        if (size > MAX_SETTINGS_BYTES) {
            throw new SpindriftError(`Settings file ${file} is ${(size / (1024 * 1024)).toFixed(1)} MB; a settings file is a few lines: check that --file points at the right file.`, { file });
        }
        bytes = readFileSync(file);
    }
    catch (error) {
        if (error instanceof SpindriftError)
            throw error;
        if (!explicit && error.code === 'ENOENT')
            return { values: {} };
        throw new SpindriftError(`Settings file ${file} cannot be read (${error.code ?? error}); check the path given to --file.`);
    }
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        throw new SpindriftError(`Settings file ${file} is not valid UTF-8 text; save it as UTF-8.`, { file });
    }
    return parseSettingsDocument(text, file);
}
/** Parse settings YAML: the run's values and, when there is a functions: section, each function's own. */
function parseSettingsDocument(text, file) {
    // js-yaml 5 refuses an empty document; an empty or comment-only settings file simply sets nothing.
    if (!/^\s*[^#\s]/m.test(text))
        return { values: {} };
    let document;
    try {
        document = load(text, { filename: file });
    }
    catch (error) {
        if (error instanceof YAMLException) {
            const line = error.mark ? error.mark.line + 1 : undefined;
            const where = line ? `${file} line ${line}` : file;
            throw new SpindriftError(`Settings file ${where} is not valid YAML (${error.reason}); fix that line.`, { file, line });
        }
        throw error;
    }
    if (document === null || document === undefined)
        return { values: {} };
    // Not a settings file at all (--file /etc/passwd): say so without quoting a word of it.
    if (!isMap(document)) {
        throw new SpindriftError(`Settings file ${file} is not a spindrift settings file: it holds ${kindOf(document)}, not a map of sections (package:, output:); check the path given to --file.`, { file, line: 1 });
    }
    if (!Object.keys(document).some(key => TOP_LEVEL_KEYS.includes(key) || closest(key, TOP_LEVEL_KEYS) !== undefined)) {
        throw new SpindriftError(`Settings file ${file} is not a spindrift settings file: none of its top-level keys is ${TOP_LEVEL_KEYS.join(', ')} or close to one; check the path given to --file.`, { file, line: 1 });
    }
    const { functions: functionsBody, ...sections } = document;
    const values = sectionValues(sections, text, file, 0);
    if (functionsBody === undefined || functionsBody === null)
        return { values };
    const at = findLine(text, 'functions');
    if (!isMap(functionsBody) || Object.keys(functionsBody).length === 0) {
        throw new SpindriftError(`functions in ${file}${at ? ` line ${at}` : ''} must be a map of function names to their package: and output: settings, not ${describe(functionsBody)}.`, { file, line: at });
    }
    const functions = [];
    for (const [name, body] of Object.entries(functionsBody)) {
        const line = findLine(text, name, at);
        const where = ` in ${file}${line ? ` line ${line}` : ''}`;
        if (!FUNCTION_NAME.test(name)) {
            throw new SpindriftError(`Function name ${quote(name)}${where} is not usable as a file name; use letters, digits, - and _ (at most 64).`, { file, line });
        }
        if (!isMap(body)) {
            throw new SpindriftError(`Function ${name}${where} must be a map with package: and output: sections (for example package.entry), not ${describe(body)}.`, { file, line });
        }
        for (const section of Object.keys(body)) {
            if (section === 'functions' || RUN_ONLY_KEYS.has(section)) {
                const sectionLine = findLine(text, section, line);
                throw new SpindriftError(`${section} in ${file}${sectionLine ? ` line ${sectionLine}` : ''} (function ${name}) applies to the whole run; move it to the top level of the settings file.`, { file, line: sectionLine });
            }
        }
        functions.push({ name, values: sectionValues(body, text, file, line ?? 0, name), file, line });
    }
    return { values, functions };
}
/** The option values of a map of sections (the file's top level, or one function's), checked key by key. */
function sectionValues(document, text, file, after, functionName) {
    const values = {};
    const baseDir = path.dirname(path.resolve(file));
    const lineOf = (key, from = after) => findLine(text, key, from);
    for (const [section, body] of Object.entries(document)) {
        const spec = OPTIONS.find(o => o.key === section);
        if (spec) {
            const line = lineOf(section);
            values[spec.key] = checkValue(spec, body, { file, line, written: writtenValue(text, line) }, baseDir);
            continue;
        }
        const sectionKeys = OPTION_KEYS.filter(k => k.startsWith(section + '.'));
        if (sectionKeys.length === 0) {
            // A key written without its section (entry: instead of package: entry:) is the usual slip.
            const suggestion = OPTION_KEYS.find(k => k.endsWith(`.${section}`)) ?? closest(section, [...new Set(OPTION_KEYS.map(k => k.split('.')[0])), ...(functionName ? [] : ['functions'])]);
            throw unknownKey(section, suggestion, { file, line: lineOf(section) }, functionName);
        }
        if (body === null)
            continue;
        if (!isMap(body)) {
            throw new SpindriftError(`${section} in ${file} must be a map of keys (for example ${sectionKeys[0]}), not ${describe(body)}.`, { file, line: lineOf(section) });
        }
        for (const [name, value] of Object.entries(body)) {
            const key = `${section}.${name}`;
            const line = findLine(text, name, lineOf(section));
            const where = { file, line, written: writtenValue(text, line) };
            const keySpec = OPTIONS.find(o => o.key === key);
            if (!keySpec)
                throw unknownKey(key, closest(key, OPTION_KEYS), where, functionName);
            if (value === null)
                continue;
            values[key] = checkValue(keySpec, value, where, baseDir);
        }
    }
    return values;
}
/** Check one value's type, normalise it and make path values absolute against baseDir. */
function checkValue(spec, value, where, baseDir) {
    const place = where.file ? ` in ${where.file}${where.line ? ` line ${where.line}` : ''}` : '';
    // YAML reads an unquoted 3.10 as the number 3.1 (a version losing its trailing zero): name that, since the
    // value a later message would show is not what was typed.
    if (typeof value === 'number' && spec.kind === 'string' && where.written !== undefined && /^\d+\.\d*0$/.test(where.written)) {
        const name = spec.key.split('.').at(-1);
        const meant = spec.key === 'package.runtime' && /^\d+\.\d+$/.test(where.written) ? `python${where.written}` : where.written;
        throw new SpindriftError(`${name}: ${where.written.slice(0, 40)}${place} was read as the number ${value}; quote it: ${name}: "${meant.slice(0, 40)}".`, { file: where.file, line: where.line });
    }
    let checked;
    if (spec.kind === 'boolean') {
        if (typeof value !== 'boolean') {
            throw new SpindriftError(`${spec.key}${place} must be true or false, not ${describe(value)}.`, where);
        }
        checked = value;
    }
    else if (spec.kind === 'list') {
        const items = Array.isArray(value) ? value : [value];
        if (!items.every(item => typeof item === 'string' && item.trim() !== '')) {
            throw new SpindriftError(`${spec.key}${place} must be a text value or a list of them, not ${describe(value)}.`, where);
        }
        checked = items.map(item => item.trim());
    }
    else {
        if (typeof value !== 'string' && typeof value !== 'number') {
            throw new SpindriftError(`${spec.key}${place} must be a text value, not ${describe(value)}.`, where);
        }
        checked = String(value).trim();
        if (spec.choices && !spec.choices.includes(checked)) {
            const suggestion = closest(checked, spec.choices);
            throw new SpindriftError(`${spec.key}${place} is ${quote(checked)}, which is not one of ${spec.choices.map(c => `"${c}"`).join(', ')}` +
                (suggestion ? `; did you mean "${suggestion}"?` : '.'), where);
        }
    }
    if ((spec.key === 'output.path' || spec.key === 'output.layer-path') && /[/\\]$/.test(checked)) {
        throw new SpindriftError(`${spec.key} ${quote(checked)}${place} ends with a slash; give the path of the .zip file to write, for example ${checked.length > 80 ? 'build/app.zip' : `${checked}app.zip`}.`, where);
    }
    if (PATH_OPTIONS.has(spec.key)) {
        checked = Array.isArray(checked) ? checked.map(p => path.resolve(baseDir, p)) : path.resolve(baseDir, checked);
    }
    return checked;
}
function unknownKey(key, suggestion, where, functionName) {
    const place = where.file ? ` in ${where.file}${where.line ? ` line ${where.line}` : ''}` : '';
    // No close match: a short pointer, never the whole list (it grows with every option).
    const known = functionName ? 'a function takes package: and output: sections' : 'settings are package.* and output.* keys and cache; run "spindrift package --help" for every one';
    const hint = suggestion ? `did you mean "${suggestion}"?` : `${known}.`;
    return new SpindriftError(`Unknown setting ${quote(key)}${functionName ? ` for function ${functionName}` : ''}${place}; ${hint}`, where);
}
function isMap(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function describe(value) {
    if (Array.isArray(value))
        return 'a list';
    if (value === null)
        return 'empty';
    if (typeof value === 'object')
        return 'a map';
    return `${typeof value} ${typeof value === 'string' ? quote(value) : String(value).slice(0, 40)}`;
}
/** What a document that is not a map holds, in words and without its content. */
function kindOf(value) {
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'string')
        return 'plain text';
    return `a ${typeof value}`;
}
/** The value as written on a `key: value` line (before YAML typed it), when it is a plain scalar. */
function writtenValue(text, line) {
    if (line === undefined)
        return undefined;
    const match = /:\s*([^\s#'"[{][^#]*?)\s*(#.*)?$/.exec(text.split(/\r?\n/)[line - 1] ?? '');
    return match?.[1];
}
/** 1-based line of setting `section.name` in a settings file, for annotating a value found wrong later. */
function settingLine(file, key) {
    const [section, name] = key.split('.');
    try {
        const text = readFileSync(file, 'utf8');
        const sectionLine = findLine(text, section);
        return name === undefined ? sectionLine : findLine(text, name, sectionLine);
    }
    catch {
        return undefined;
    }
}
/** 1-based line of `key:` in the YAML text, at or after line `after`: for messages and annotations. */
function findLine(text, key, after = 0) {
    const lines = text.split(/\r?\n/);
    const pattern = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
    for (let i = Math.max(0, after - 1); i < lines.length; i++)
        if (pattern.test(lines[i]))
            return i + 1;
    return undefined;
}

/** Settings file < flags/inputs, then validation: the one way every face gets its Plan. */
function configure(input) {
    const plans = configureAll(input);
    if (plans.length > 1) {
        throw new SpindriftError(`The settings file defines ${plans.length} functions (${plans.map(p => p.functionName).join(', ')}); build them with packager.packageFunctions (or spindrift package), which can also pick some of them.`);
    }
    return plans[0];
}
/**
 * One Plan per function: defaults < the settings file's top level < the function's own settings < flags. A file
 * without a functions: section is one function, exactly as before.
 */
function configureAll(input) {
    const explicit = input.settingsFile !== undefined && input.settingsFile !== '';
    const file = path.resolve(input.cwd, explicit ? input.settingsFile : DEFAULT_SETTINGS_FILE);
    // Nothing outside the workspace is read, so no text of a foreign file (say /etc/passwd) reaches the log.
    if (explicit && input.boundary && !isInsideFolder(file, input.boundary)) {
        throw new SpindriftError(`Settings file ${file} is outside the workspace ${input.boundary}; keep the settings file in the repository (settings-file is relative to working-directory).`);
    }
    const document = explicit || input.readDefaultFile !== false ? readSettingsFile(file, explicit) : { values: {} };
    const fromFlags = {};
    for (const [key, value] of Object.entries(input.overrides)) {
        if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
            continue;
        const spec = OPTIONS.find(o => o.key === key);
        if (!spec)
            throw new SpindriftError(`Unknown option ${quote(key)}.`);
        fromFlags[key] = checkValue(spec, value, {}, input.cwd);
    }
    const usedFile = Object.keys(document.values).length > 0 || explicit || document.functions !== undefined;
    const context = { baseDir: usedFile ? path.dirname(file) : input.cwd, env: input.env, boundary: input.boundary, settingsFile: usedFile ? file : undefined };
    const selected = input.functions ?? [];
    // A value checked only when the Plan is made (the runtime) still points at its line when it came from the file.
    const planAt = (values, fileValues, planContext) => {
        try {
            return resolvePlan(values, planContext);
        }
        catch (error) {
            const key = error instanceof SpindriftError && !error.file ? /^(package\.runtime) /.exec(error.message)?.[1] : undefined;
            if (key && fileValues[key] !== undefined && fromFlags[key] === undefined)
                throw new SpindriftError(error.message, { file, line: settingLine(file, key) });
            throw error;
        }
    };
    if (!document.functions) {
        if (selected.length > 0) {
            throw new SpindriftError(`--function ${selected[0]} was given, but ${usedFile ? file : 'there is no settings file, so it'} defines no functions: section; leave --function out, or list the functions in the settings file.`);
        }
        return [planAt({ ...document.values, ...fromFlags }, document.values, context)];
    }
    const names = document.functions.map(f => f.name);
    for (const name of selected) {
        if (!names.includes(name)) {
            const suggestion = closest(name, names);
            throw new SpindriftError(`--function ${name} is not in ${file}'s functions (${names.join(', ')})${suggestion ? `; did you mean ${suggestion}?` : '; fix the name.'}`);
        }
    }
    const chosen = selected.length ? document.functions.filter(f => selected.includes(f.name)) : document.functions;
    const plans = chosen.map(f => planAt({ ...document.values, ...f.values, ...fromFlags }, { ...document.values, ...f.values }, { ...context, functionName: f.name }));
    checkDistinctOutputs(plans);
    return plans;
}
/** Two functions writing one zip would overwrite each other; a shared layer path is fine (checked when built). */
function checkDistinctOutputs(plans) {
    const seen = new Map();
    for (const plan of plans) {
        const output = path.resolve(plan.outputPath);
        const other = seen.get(output);
        if (other) {
            throw new SpindriftError(`Functions ${other} and ${plan.functionName} both write ${plan.outputPath}; give each its own output.path (the default is build/<function>.zip).`);
        }
        seen.set(output, plan.functionName ?? '');
    }
    for (const plan of plans) {
        const clash = plan.layerPath ? seen.get(path.resolve(plan.layerPath)) : undefined;
        if (clash !== undefined) {
            throw new SpindriftError(`Function ${plan.functionName}'s output.layer-path ${plan.layerPath} is function ${clash}'s output.path; give the layer its own file.`);
        }
    }
}

export { parseTargetFile as $, ARCHITECTURES as A, cacheEntries as B, runPlan as C, DEFAULT_SETTINGS_FILE as D, quietLogger as E, optionName as F, AdmZip as G, get as H, workspaceMember as I, findLock as J, describeSource as K, projectFiles as L, platformTags as M, parseWheel as N, OPTIONS as O, installerChoice as P, bestWheel as Q, compareVersions$1 as R, SpindriftError as S, parseVersion as T, UNZIPPED_LIMIT as U, sameVersion as V, WHEEL_ARCH as W, registerChild as X, forgetChild as Y, ZIPPED_LIMIT as Z, TARGET_FILE as _, canonicalName as a, alive as a0, removeStaleWorkFolders as a1, makeWorkFolder as a2, pythonCandidates as a3, runTool as a4, pipTail as a5, forgetTemp as a6, removePendingTemps as b, commonjsGlobal as c, dashed as d, configureAll as e, StageClock as f, runPlans as g, asUserError as h, stripCredentials as i, secretsOf as j, cannotWrite as k, reportFailure as l, makeFolders as m, closest as n, stderrLogger as o, configure as p, quote as q, replaceFile as r, summariseRuns as s, findRuntime as t, currentRuntimeNames as u, DEFAULT_CACHE_MAX_MB as v, defaultCacheDir as w, isFolder as x, cleanCache as y, pruneCache as z };
