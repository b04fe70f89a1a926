// A wheel's files as pip --target would install them, read straight from the wheel: every file is checked
// against the wheel's RECORD, deflated entries stay compressed (copied raw into the layer zip later, inflated
// again only where a check reads them), and the dist-info gets the INSTALLER, REQUESTED and RECORD pip would write.
import { createHash } from 'node:crypto'
import { SpindriftError } from '../../common/errors.js'
import { binaryKind, readElf, type ElfInfo } from '../../audit/audit.js'
import type { ZipSource } from '../../zip/archive.js'
import { DEFLATED, directoryOf, HEAD, inflatedEntry, PackedSource, ZipLayoutError, type PackedEntry, type StoredEntry } from '../../zip/zipformat.js'

/** A wheel the fast path does not handle; the installer path does (the reason goes into one log line). */
export class NotPlainWheel extends Error {}

/** The entries of a wheel from its central directory; what the fast path never handles is a NotPlainWheel. */
export function rawEntries(zip: Buffer, file: string): StoredEntry[] {
  try {
    return directoryOf(zip)
  } catch (error) {
    if (!(error instanceof ZipLayoutError)) throw error
    throw error.unsupported ? new NotPlainWheel(`${file} ${error.message}`) : damaged(file, error.message)
  }
}

/**
 * The files pip --target installs from one wheel, minus what spindrift never ships (console scripts in bin/,
 * the .data scripts): `*.data/purelib|platlib` and `*.data/data` at the root, and a RECORD rewritten as pip writes it. `requested`: pip marks the
 * distributions the user asked for (not those pulled in as dependencies) with an empty REQUESTED file. A deflated
 * entry becomes a PackedSource (a stored one is a slice of the wheel, compressed afresh), each with the sha256 its
 * RECORD line gave, checked here: the layer's manifest needs no second pass.
 */
export function wheelFiles(zip: Buffer, file: string, requested: boolean, installer: 'pip' | 'uv' = 'pip'): ZipSource[] {
  const entries = rawEntries(zip, file).filter(e => !e.name.endsWith('/'))
  const distInfos = [...new Set(entries.map(e => e.name.split('/')[0]).filter(top => top.endsWith('.dist-info')))]
  if (distInfos.length !== 1) throw damaged(file, `it holds ${distInfos.length} .dist-info folders instead of one`)
  const distInfo = distInfos[0]
  const prefix = distInfo.slice(0, -'.dist-info'.length)
  const recordName = `${distInfo}/RECORD`
  const recordEntry = entries.find(e => e.name === recordName)
  if (!recordEntry) throw damaged(file, 'it has no RECORD')
  const record = parseRecord(inflated(recordEntry, file).toString('utf8'))
  const files: ZipSource[] = []
  const rows: [string, string, string][] = []
  const seen = new Set<string>()
  for (const entry of entries) {
    seen.add(entry.name)
    if (entry.name === recordName || /\.dist-info\/RECORD\.(jws|p7s)$/.test(entry.name)) continue
    const data = inflated(entry, file)
    const row = record.get(entry.name)
    if (!row || !row.hash) throw damaged(file, `its RECORD does not list ${entry.name}`)
    const [algorithm, digest] = row.hash.split('=', 2)
    if (!['sha256', 'sha384', 'sha512'].includes(algorithm)) throw new NotPlainWheel(`${file}'s RECORD uses the hash ${algorithm}`)
    const actual = createHash(algorithm).update(data).digest()
    if (actual.toString('base64url') !== digest.replace(/=+$/, '') || (row.size !== '' && Number(row.size) !== data.length)) {
      throw damaged(file, `${entry.name} does not match the hash its RECORD lists`)
    }
    const sha256 = algorithm === 'sha256' ? actual.toString('hex') : undefined
    const name = installedName(entry.name, prefix, file, installer)
    // Paths pip puts outside the target's lib folder are recorded as ../../… and then left out, as pip's are.
    if (name === undefined) continue
    if (name.inRecord) rows.push([name.path, row.hash, row.size])
    if (name.ships) {
      const executable = (entry.mode & 0o170000) === 0o100000 && (entry.mode & 0o111) !== 0
      // The inflated bytes are dropped here, but for a copy of their head and an ELF's headers; a stored entry (a
      // slice of the wheel) is compressed afresh: deflate keeps it stored when that is no smaller.
      if (entry.method === DEFLATED) {
        const elf = binaryKind(data) === 'elf' ? readElf(data) : undefined
        files.push(new WheelFile({ name: name.path, method: DEFLATED, crc: entry.crc, size: entry.size, compressed: entry.compressed, executable }, Buffer.from(data.subarray(0, HEAD)), sha256, elf))
      } else files.push({ name: name.path, data, executable, sha256 })
    }
  }
  for (const listed of record.keys()) {
    if (!seen.has(listed) && !listed.endsWith('/')) throw damaged(file, `its RECORD lists ${listed}, which the wheel does not hold`)
  }
  // The files the installer writes itself: who installed it, whether it was asked for, and the RECORD of it all.
  const written: [string, Buffer][] = [[`${distInfo}/INSTALLER`, Buffer.from(installer === 'pip' ? 'pip\n' : 'uv')], ...(requested ? [[`${distInfo}/REQUESTED`, Buffer.alloc(0)] as [string, Buffer]] : [])]
  for (const [name, data] of written) {
    files.push({ name, data })
    rows.push([name, `sha256=${createHash('sha256').update(data).digest('base64url')}`, String(data.length)])
  }
  rows.push([recordName, '', ''])
  // pip ends its RECORD lines with \r\n (Python's csv module), uv with \n; both sort them.
  const end = installer === 'pip' ? '\r\n' : '\n'
  files.push({ name: recordName, data: Buffer.from(rows.sort(compareRows).map(row => csvRow(row) + end).join(''), 'utf8') })
  return files
}

/** A wheel's deflated file, with an ELF's headers read while its bytes were at hand: auditFiles reads `elf` instead of inflating it again. */
class WheelFile extends PackedSource {
  constructor(packed: PackedEntry, head: Buffer, sha256: string | undefined, readonly elf: ElfInfo | undefined) {
    super(packed, head, sha256)
  }
}

/**
 * Where pip --target puts a wheel entry, whether it ships (bin/ does not), and whether RECORD keeps its line.
 * uv's RECORD also lists the scripts it writes into bin/; those rows are left out here, as the files are.
 */
function installedName(name: string, prefix: string, file: string, installer: 'pip' | 'uv'): { path: string; ships: boolean; inRecord: boolean } | undefined {
  const data = `${prefix}.data/`
  if (!name.startsWith(data)) return { path: name, ships: true, inRecord: true }
  const [scheme, ...rest] = name.slice(data.length).split('/')
  const inner = rest.join('/')
  if (scheme === 'purelib' || scheme === 'platlib') return { path: inner, ships: true, inRecord: true }
  if (scheme === 'scripts') return undefined
  // Headers land under a folder named after pip's own Python version: rare in wheels, so the installer places them.
  if (scheme === 'headers') throw new NotPlainWheel(`${file} installs C headers`)
  if (scheme === 'data') {
    // pip moves the target's lib/ (its own site folder) aside: data under lib/ lands elsewhere, so the installer decides.
    if (rest[0] === 'lib' || rest[0] === 'bin') throw new NotPlainWheel(`${file} installs data into ${rest[0]}/`)
    // uv records data files by their path in the target; pip by a path outside its lib folder, left out.
    return { path: inner, ships: true, inRecord: installer === 'uv' }
  }
  throw new NotPlainWheel(`${file} has a .data/${scheme} folder`)
}

/** RECORD rows by path: hash ("sha256=…") and size as written. */
function parseRecord(text: string): Map<string, { hash: string; size: string }> {
  const rows = new Map<string, { hash: string; size: string }>()
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue
    const [name, hash = '', size = ''] = csvFields(line)
    rows.set(name, { hash, size })
  }
  return rows
}

/** One CSV line's fields (RECORD quotes a path that holds a comma or a quote). */
function csvFields(line: string): string[] {
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') fields.push(field), (field = '')
    else field += c
  }
  fields.push(field)
  return fields
}

/** A row as Python's csv module writes it: quoted only when needed. */
function csvRow(fields: string[]): string {
  return fields.map(f => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')
}

/** Python's tuple order on (path, hash, size), as pip sorts its rows. */
function compareRows(a: string[], b: string[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1
  return 0
}

function inflated(entry: StoredEntry, file: string): Buffer {
  let data: Buffer
  try {
    data = inflatedEntry(entry)
  } catch {
    throw damaged(file, `${entry.name} cannot be decompressed`)
  }
  if (data.length !== entry.size) throw damaged(file, `${entry.name} is not the size its zip directory says`)
  return data
}

function damaged(file: string, why: string): SpindriftError {
  return new SpindriftError(`Refusing the wheel ${file}: ${why}, so it is damaged or was tampered with; if it came from the wheel cache run "spindrift cache clean", otherwise check the index that serves it.`)
}
