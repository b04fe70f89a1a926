// The binary audit: real wheels from PyPI and objects compiled here, each cross-checked with binutils' readelf.
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { before, test } from 'node:test'
import AdmZip from 'adm-zip'
import { auditFiles, binaryKind, ownersFromRecords, readElf, type AuditTarget } from '../src/audit/audit.js'
import { compareVersions } from '../src/audit/elf.js'
import { tempDir } from './helpers/run.js'

const work = tempDir('spindrift-audit-')

const X86_311: AuditTarget = { architecture: 'x86_64', glibc: [2, 26], runtime: 'python3.11' }
const X86_312: AuditTarget = { architecture: 'x86_64', glibc: [2, 34], runtime: 'python3.12' }
const ARM_311: AuditTarget = { architecture: 'arm64', glibc: [2, 26], runtime: 'python3.11' }
const ARM_312: AuditTarget = { architecture: 'arm64', glibc: [2, 34], runtime: 'python3.12' }

type File = { name: string; data: Buffer }

// ---------------------------------------------------------------------------------------------------------------
// binutils, used only here to check the TypeScript reader against an independent one

function readelf(args: string[], file: string): string {
  return execFileSync('readelf', [...args, '--wide', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** The "Version needs" section of `readelf -V`: [{ file, versions }] in file order. */
function readelfNeeds(file: string): { file: string; versions: string[] }[] {
  const needs: { file: string; versions: string[] }[] = []
  let inNeeds = false
  for (const line of readelf(['-V'], file).split('\n')) {
    if (/^Version needs section/.test(line)) inNeeds = true
    else if (/^\S/.test(line) || !line.trim()) inNeeds = false
    if (!inNeeds) continue
    const fileMatch = /Version: \d+\s+File: (\S+)\s+Cnt: \d+/.exec(line)
    const nameMatch = /^\s+0x[0-9a-f]+:\s+Name: (\S+)\s+Flags/.exec(line)
    if (fileMatch) needs.push({ file: fileMatch[1], versions: [] })
    else if (nameMatch) needs.at(-1)?.versions.push(nameMatch[1])
  }
  return needs
}

function readelfVersions(file: string, prefix: string, from?: string): string[] {
  const found = new Set<string>()
  for (const need of readelfNeeds(file)) {
    if (from && need.file !== from) continue
    for (const v of need.versions) if (v.startsWith(`${prefix}_`) && /^\d/.test(v.slice(prefix.length + 1))) found.add(v.slice(prefix.length + 1))
  }
  return [...found].sort(compareVersions)
}

function readelfNeeded(file: string): string[] {
  return [...readelf(['-d'], file).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map(m => m[1])
}

function readelfHeader(file: string, field: string): string {
  const match = new RegExp(`^\\s*${field}:\\s+(.*)$`, 'm').exec(readelf(['-h'], file))
  assert.ok(match, `readelf -h shows ${field}`)
  return match[1].trim()
}

// ---------------------------------------------------------------------------------------------------------------
// real wheels, downloaded once per run

const WHEELS = {
  orjsonX86: ['orjson==3.10.15', 'manylinux_2_17_x86_64'],
  orjsonArm: ['orjson==3.10.15', 'manylinux_2_17_aarch64'],
  orjsonMusl: ['orjson==3.10.15', 'musllinux_1_2_x86_64'],
  orjsonMac: ['orjson==3.10.15', 'macosx_11_0_arm64'],
  cryptography228: ['cryptography==44.0.0', 'manylinux_2_28_x86_64'],
  numpy: ['numpy==2.2.6', 'manylinux_2_17_x86_64'],
  setuptools: ['setuptools==75.8.0', 'manylinux_2_17_x86_64']
} as const
type WheelKey = keyof typeof WHEELS

/** Each wheel's files in memory and extracted to a folder (for readelf). */
const wheels = {} as Record<WheelKey, { dir: string; wheel: string; files: File[] }>

function pipDownload(key: WheelKey): Promise<void> {
  const [requirement, platform] = WHEELS[key]
  const dir = path.join(work, 'wheels', key)
  const args = ['-m', 'pip', 'download', '-q', '--disable-pip-version-check', '--only-binary=:all:', '--no-deps']
  args.push('--platform', platform, '--python-version', '3.11', '--implementation', 'cp', '-d', dir, requirement)
  return new Promise((resolve, reject) => {
    const child = spawn('python3', args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('close', code => (code === 0 ? resolve() : reject(new Error(`pip download ${requirement} for ${platform} failed: ${stderr}`))))
  })
}

before(async () => {
  await Promise.all((Object.keys(WHEELS) as WheelKey[]).map(pipDownload))
  for (const key of Object.keys(WHEELS) as WheelKey[]) {
    const folder = path.join(work, 'wheels', key)
    const wheel = path.join(folder, readdirSync(folder).find(n => n.endsWith('.whl')) as string)
    const zip = new AdmZip(wheel)
    const dir = path.join(work, 'extracted', key)
    zip.extractAllTo(dir, true)
    const files = zip.getEntries().filter(e => !e.isDirectory).map(e => ({ name: e.entryName, data: e.getData() }))
    wheels[key] = { dir, wheel: path.basename(wheel), files }
  }
})

/** The one file of a wheel whose name matches. */
function only(key: WheelKey, pattern: RegExp): File & { path: string } {
  const matches = wheels[key].files.filter(f => pattern.test(f.name))
  assert.equal(matches.length, 1, `${key}: one file matches ${pattern}: ${matches.map(f => f.name).join(', ')}`)
  return { ...matches[0], path: path.join(wheels[key].dir, matches[0].name) }
}

function audit(key: WheelKey, target: AuditTarget) {
  const files = wheels[key].files
  return auditFiles(files, target, ownersFromRecords(files))
}

test('real manylinux_2_17 x86_64 wheel (orjson): read as readelf reads it, accepted for x86_64, refused for arm64', () => {
  const so = only('orjsonX86', /\.so$/)
  const elf = readElf(so.data)
  assert.ok(elf)
  assert.equal(elf.error, undefined)
  assert.equal(elf.machine, 62)
  assert.equal(readelfHeader(so.path, 'Machine'), 'Advanced Micro Devices X86-64')
  assert.deepEqual(elf.neededLibraries, readelfNeeded(so.path))
  assert.deepEqual(elf.versionsNeeded, readelfNeeds(so.path))
  const expected = readelfVersions(so.path, 'GLIBC')
  assert.ok(expected.length > 0)
  assert.deepEqual(elf.glibcVersionsNeeded, expected)

  for (const target of [X86_311, X86_312]) {
    const result = audit('orjsonX86', target)
    assert.deepEqual(result.problems, [])
    assert.equal(result.binaries, 1)
    assert.equal(result.maxGlibc, expected.at(-1))
  }
  const arm = audit('orjsonX86', ARM_312)
  assert.deepEqual(arm.problems, [{ file: so.name, distribution: 'orjson', problem: 'is an ELF for x86_64, not arm64' }])
})

test('real manylinux_2_17 aarch64 wheel (orjson): refused for x86_64 naming the distribution, accepted for arm64', () => {
  const so = only('orjsonArm', /\.so$/)
  assert.equal(readelfHeader(so.path, 'Machine'), 'AArch64')
  const elf = readElf(so.data)
  assert.equal(elf?.machine, 183)
  assert.equal(elf?.machineName, 'aarch64')
  assert.deepEqual(elf?.versionsNeeded, readelfNeeds(so.path))

  for (const target of [X86_311, X86_312]) {
    const result = audit('orjsonArm', target)
    assert.deepEqual(result.problems, [{ file: so.name, distribution: 'orjson', problem: 'is an ELF for aarch64, not x86_64' }])
    assert.equal(result.maxGlibc, undefined, 'a refused machine says nothing about glibc')
  }
  for (const target of [ARM_311, ARM_312]) {
    const result = audit('orjsonArm', target)
    assert.deepEqual(result.problems, [])
    assert.equal(result.maxGlibc, readelfVersions(so.path, 'GLIBC').at(-1))
  }
  // Without RECORD owners, the problem names the file only.
  assert.deepEqual(auditFiles(wheels.orjsonArm.files, X86_311).problems, [{ file: so.name, problem: 'is an ELF for aarch64, not x86_64' }])
})

test('real manylinux_2_28 wheel (cryptography): refused for glibc 2.26 with the version readelf finds, accepted for 2.34', () => {
  const so = only('cryptography228', /_rust\.abi3\.so$/)
  const expected = readelfVersions(so.path, 'GLIBC')
  const newest = expected.at(-1) as string
  assert.ok(compareVersions(newest, '2.26') > 0, `the wheel needs more than 2.26 (readelf: ${expected.join(' ')})`)
  assert.deepEqual(readElf(so.data)?.glibcVersionsNeeded, expected)

  const old = audit('cryptography228', X86_311)
  assert.deepEqual(old.problems, [{ file: so.name, distribution: 'cryptography', problem: `needs GLIBC_${newest}, newer than python3.11's 2.26` }])
  assert.equal(old.maxGlibc, newest)
  const unnamed = auditFiles(wheels.cryptography228.files, { architecture: 'x86_64', glibc: [2, 26] })
  assert.equal(unnamed.problems[0]?.problem, `needs GLIBC_${newest}, newer than the target's 2.26`)

  const current = audit('cryptography228', X86_312)
  assert.deepEqual(current.problems, [])
  assert.equal(current.maxGlibc, newest)
})

test('real musllinux wheel (orjson): refused as musl, by what it links and not only by its name', () => {
  const so = only('orjsonMusl', /\.so$/)
  const needed = readelfNeeded(so.path)
  assert.ok(needed.includes('libc.so'), `readelf: ${needed.join(', ')}`)
  assert.deepEqual(readElf(so.data)?.neededLibraries, needed)
  for (const target of [X86_311, X86_312]) {
    assert.deepEqual(audit('orjsonMusl', target).problems, [{ file: so.name, distribution: 'orjson', problem: 'is linked against musl libc' }])
  }
  // Renamed so that nothing in its name says musl: what it links still does.
  const renamed = auditFiles([{ name: 'orjson/orjson.so', data: so.data }], X86_311)
  assert.deepEqual(renamed.problems, [{ file: 'orjson/orjson.so', problem: 'is linked against musl libc' }])
  // And the glibc build of the same module, under the musl name's neighbour, is not mistaken for musl.
  const glibc = only('orjsonX86', /\.so$/)
  assert.deepEqual(auditFiles([{ name: 'orjson/orjson.so', data: glibc.data }], X86_311).problems, [])
})

test('real macOS wheel (orjson, universal2): refused as Mach-O for every target', () => {
  const so = only('orjsonMac', /\.so$/)
  assert.equal(so.data.readUInt32BE(0), 0xcafebabe, 'a universal (fat) binary')
  assert.equal(readElf(so.data), undefined)
  for (const target of [X86_311, ARM_312]) {
    const result = audit('orjsonMac', target)
    assert.equal(result.binaries, 1)
    assert.deepEqual(result.problems, [{ file: so.name, distribution: 'orjson', problem: 'is a macOS (Mach-O) binary' }])
  }
})

test('real numpy wheel: every ELF read as readelf reads it; the install is accepted for x86_64 and timed', t => {
  const elves = wheels.numpy.files.filter(f => f.data.subarray(0, 4).equals(Buffer.from('\x7fELF', 'latin1')))
  assert.ok(elves.length >= 20, `numpy ships ${elves.length} ELF files`)
  let glibc: string[] = []
  let glibcxx: string[] = []
  for (const file of elves) {
    const onDisk = path.join(wheels.numpy.dir, file.name)
    const elf = readElf(file.data)
    assert.equal(elf?.error, undefined, file.name)
    assert.deepEqual(elf?.neededLibraries, readelfNeeded(onDisk), file.name)
    assert.deepEqual(elf?.versionsNeeded, readelfNeeds(onDisk), file.name)
    glibc = [...glibc, ...readelfVersions(onDisk, 'GLIBC')]
    glibcxx = [...glibcxx, ...readelfVersions(onDisk, 'GLIBCXX', 'libstdc++.so.6')]
  }
  const files = wheels.numpy.files
  const started = performance.now()
  const owners = ownersFromRecords(files)
  const result = auditFiles(files, X86_311, owners)
  const elapsed = performance.now() - started
  t.diagnostic(`audited ${files.length} files (${result.binaries} binaries, ${(files.reduce((s, f) => s + f.data.length, 0) / 1e6).toFixed(1)} MB) in ${elapsed.toFixed(1)} ms, RECORD owners included`)
  assert.equal(result.binaries, elves.length)
  assert.deepEqual(result.problems, [])
  assert.equal(result.maxGlibc, glibc.sort(compareVersions).at(-1))
  assert.equal(result.maxGlibcxx, glibcxx.sort(compareVersions).at(-1))
  assert.deepEqual(result.notes, [], 'numpy needs no libstdc++ newer than GCC 7')

  const arm = auditFiles(files, ARM_311, owners)
  assert.equal(arm.problems.length, elves.length)
  assert.ok(arm.problems.every(p => p.problem === 'is an ELF for x86_64, not arm64' && p.distribution === 'numpy'))
})

test('real setuptools wheel: its Windows launcher templates are notes, never problems; a Windows extension is a problem', () => {
  const exes = wheels.setuptools.files.filter(f => f.name.endsWith('.exe'))
  assert.ok(exes.length >= 4, 'setuptools ships cli-*.exe and gui-*.exe')
  for (const exe of exes) assert.equal(exe.data.readUInt32BE(exe.data.readUInt32LE(0x3c)), 0x50450000, `${exe.name} is PE`)
  const result = audit('setuptools', X86_311)
  assert.deepEqual(result.problems, [])
  assert.equal(result.binaries, exes.length)
  assert.deepEqual(
    result.notes,
    exes.map(f => ({ file: f.name, distribution: 'setuptools', problem: 'is a Windows (PE) executable, never run on Lambda' }))
  )
  const pyd = auditFiles([{ name: 'ext/mod.cp311-win_amd64.pyd', data: exes[0].data }], X86_311)
  assert.deepEqual(pyd.problems, [{ file: 'ext/mod.cp311-win_amd64.pyd', problem: 'is a Windows (PE) binary' }])
})

test('ownersFromRecords: quoted paths, a folder around the install, and scripts outside it', () => {
  const record = [
    'plain/__init__.py,sha256=abc,10',
    '"odd, name/x.so",sha256=def,20',
    '"quote""d/y.so",,',
    './dotted/z.so,,',
    '../../bin/tool,,',
    'plain-1.0.dist-info/RECORD,,',
    ''
  ].join('\r\n')
  const owners = ownersFromRecords([
    { name: 'python/plain-1.0.dist-info/RECORD', data: Buffer.from(record) },
    { name: 'python/plain/__init__.py', data: Buffer.from('') }
  ])
  assert.deepEqual(
    [...owners.entries()].sort(),
    [
      ['python/dotted/z.so', 'plain'],
      ['python/odd, name/x.so', 'plain'],
      ['python/plain-1.0.dist-info/RECORD', 'plain'],
      ['python/plain/__init__.py', 'plain'],
      ['python/quote"d/y.so', 'plain']
    ]
  )
  // A real wheel's RECORD lists every file of the wheel but RECORD's own hash.
  const fromWheel = ownersFromRecords(wheels.orjsonX86.files)
  assert.deepEqual([...fromWheel.keys()].sort(), wheels.orjsonX86.files.map(f => f.name).sort())
})

// ---------------------------------------------------------------------------------------------------------------
// objects compiled here: this machine's glibc is 2.36, so each function below gets the symbol version glibc
// introduced it with; readelf confirms each one before the audit is judged

const gccDir = path.join(work, 'gcc')

function compile(name: string, source: string, args: string[] = ['-shared', '-fPIC'], lang = 'c', libs: string[] = []): string {
  const out = path.join(gccDir, name)
  const src = `${out}.${lang === 'c' ? 'c' : 'cc'}`
  execFileSync('mkdir', ['-p', gccDir])
  writeFileSync(src, source)
  execFileSync(lang === 'c' ? 'gcc' : 'g++', ['-O0', ...args, '-o', out, src, ...libs], { stdio: ['ignore', 'pipe', 'pipe'] })
  return out
}

const HEADERS = '#define _GNU_SOURCE\n#include <stdio.h>\n#include <stdlib.h>\n#include <math.h>\n#include <dlfcn.h>\n#include <sys/mman.h>\n#include <sys/random.h>\n#include <sys/pidfd.h>\n'

const SYMBOL_CASES: { fn: string; body: string; glibc: string }[] = [
  { fn: 'puts', body: 'return puts("x");', glibc: '2.2.5' },
  { fn: 'getrandom', body: 'char b[4]; return (int)getrandom(b, 4, 0);', glibc: '2.25' },
  { fn: 'reallocarray', body: 'return reallocarray(0, 2, 3) != 0;', glibc: '2.26' },
  { fn: 'memfd_create', body: 'return memfd_create("x", 0);', glibc: '2.27' },
  { fn: 'dlopen', body: 'return dlopen("x", 1) != 0;', glibc: '2.34' },
  { fn: 'pidfd_open', body: 'return pidfd_open(1, 0);', glibc: '2.36' }
]

for (const { fn, body, glibc } of SYMBOL_CASES) {
  test(`compiled .so calling ${fn} needs GLIBC_${glibc}: accepted up to the ceiling, refused past it`, () => {
    const so = compile(`${fn}.so`, `${HEADERS}int f(void) { ${body} }\n`)
    assert.equal(readelfVersions(so, 'GLIBC').at(-1), glibc, 'readelf agrees with the case table')
    const data = readFileSync(so)
    assert.deepEqual(readElf(data)?.versionsNeeded, readelfNeeds(so))
    for (const target of [X86_311, X86_312, { architecture: 'x86_64', glibc: [2, 36] } as AuditTarget]) {
      const ceiling = target.glibc.join('.')
      const result = auditFiles([{ name: `lib/${fn}.so`, data }], target)
      assert.equal(result.maxGlibc, glibc)
      if (compareVersions(glibc, ceiling) > 0) {
        const whose = target.runtime ? `${target.runtime}'s` : "the target's"
        assert.deepEqual(result.problems, [{ file: `lib/${fn}.so`, problem: `needs GLIBC_${glibc}, newer than ${whose} ${ceiling}` }])
      } else {
        assert.deepEqual(result.problems, [], `${fn} within ${ceiling}`)
      }
    }
  })
}

/** Two version-need entries (libm's exp2f@GLIBC_2.27, libc's memfd_create@GLIBC_2.27), stripped of symbols. */
let two: { path: string; data: Buffer }
function twoVersions() {
  if (two) return two
  const full = compile('two.so', `${HEADERS}int f(float x) { return memfd_create("x", 0) + (int)exp2f(x); }\n`, ['-shared', '-fPIC'], 'c', ['-lm'])
  const stripped = `${full}.stripped`
  execFileSync('strip', ['--strip-all', '-o', stripped, full])
  two = { path: stripped, data: readFileSync(stripped) }
  return two
}

/** The file with one 16/32/64-bit little-endian field overwritten. */
function patched(data: Buffer, changes: [offset: number, bytes: 1 | 2 | 4 | 8, value: number | bigint][]): Buffer {
  const copy = Buffer.from(data)
  for (const [offset, bytes, value] of changes) {
    if (bytes === 1) copy.writeUInt8(Number(value), offset)
    else if (bytes === 2) copy.writeUInt16LE(Number(value), offset)
    else if (bytes === 4) copy.writeUInt32LE(Number(value), offset)
    else copy.writeBigUInt64LE(BigInt(value), offset)
  }
  return copy
}

test('stripped: no section headers at all, the program headers still give every version need', () => {
  const { path: so, data } = twoVersions()
  const needs = readelfNeeds(so)
  assert.deepEqual(needs.map(n => n.file), ['libm.so.6', 'libc.so.6'])
  const withSections = readElf(data)
  assert.equal(withSections?.dynamicFrom, 'program headers')
  assert.deepEqual(withSections?.versionsNeeded, needs)

  // e_shoff, e_shnum, e_shstrndx zeroed, as sstrip leaves a file: readelf then finds no version information.
  const noSections = patched(data, [[40, 8, 0], [60, 2, 0], [62, 2, 0]])
  const bare = path.join(gccDir, 'two.nosections')
  writeFileSync(bare, noSections)
  assert.deepEqual(readelfNeeds(bare), [])
  assert.match(readelf(['-V'], bare), /No version information found/)
  const elf = readElf(noSections)
  assert.equal(elf?.error, undefined)
  assert.equal(elf?.dynamicFrom, 'program headers')
  assert.deepEqual(elf?.versionsNeeded, needs)
  assert.deepEqual(elf?.neededLibraries, readelfNeeded(so))
  assert.deepEqual(auditFiles([{ name: 'two.so', data: noSections }], X86_311).problems, [{ file: 'two.so', problem: "needs GLIBC_2.27, newer than python3.11's 2.26" }])
})

test('no program headers: the section headers are the fallback and give the same answer', () => {
  const { path: so, data } = twoVersions()
  const noSegments = patched(data, [[32, 8, 0], [56, 2, 0]])
  const elf = readElf(noSegments)
  assert.equal(elf?.error, undefined)
  assert.equal(elf?.dynamicFrom, 'section headers')
  assert.deepEqual(elf?.versionsNeeded, readelfNeeds(so))
  assert.deepEqual(elf?.neededLibraries, readelfNeeded(so))
  assert.deepEqual(elf?.glibcVersionsNeeded, ['2.2.5', '2.27'])
})

test('an executable without extension: its interpreter is read, and it is audited by its magic, not its name', () => {
  const exe = compile('tool', '#include <stdio.h>\nint main(void) { return puts("x"); }\n', [])
  const data = readFileSync(exe)
  const interpreter = /Requesting program interpreter: ([^\]]+)\]/.exec(readelf(['-l'], exe))?.[1]
  assert.ok(interpreter)
  const elf = readElf(data)
  assert.equal(elf?.interpreter, interpreter)
  const newest = readelfVersions(exe, 'GLIBC').at(-1) as string
  assert.equal(newest, '2.34', '__libc_start_main@GLIBC_2.34 on glibc 2.34 and later')
  assert.deepEqual(auditFiles([{ name: 'bin/tool', data }], X86_311).problems, [{ file: 'bin/tool', problem: "needs GLIBC_2.34, newer than python3.11's 2.26" }])
  assert.deepEqual(auditFiles([{ name: 'bin/tool', data }], X86_312).problems, [])
})

test('a relocatable object (.o) of the right machine has nothing to check but its header', () => {
  const obj = compile('obj.o', 'int f(void) { return 1; }\n', ['-c'])
  const elf = readElf(readFileSync(obj))
  assert.equal(elf?.type, 1)
  assert.equal(elf?.error, undefined)
  assert.deepEqual(elf?.versionsNeeded, [])
  const result = auditFiles([{ name: 'obj.o', data: readFileSync(obj) }], X86_311)
  assert.deepEqual([result.binaries, result.problems, result.maxGlibc], [1, [], undefined])
})

test('C++: libstdc++ versions newer than the runtime’s are a note (GCC 7 on AL2), not a problem', () => {
  const so = compile(
    'cxx.so',
    '#include <filesystem>\n#include <string>\nextern "C" int f(int n) { std::string s(n, \'x\'); return std::filesystem::exists(s); }\n',
    ['-shared', '-fPIC'],
    'c++'
  )
  const data = readFileSync(so)
  const glibcxx = readelfVersions(so, 'GLIBCXX', 'libstdc++.so.6').at(-1) as string
  assert.equal(glibcxx, '3.4.26', 'std::filesystem came with GCC 9')
  const cxxabi = readelfVersions(so, 'CXXABI', 'libstdc++.so.6').at(-1)
  assert.deepEqual(readElf(data)?.glibcxxVersionsNeeded, readelfVersions(so, 'GLIBCXX'))

  const al2 = auditFiles([{ name: 'cxx.so', data }], X86_311)
  assert.deepEqual(al2.problems, [])
  assert.equal(al2.maxGlibcxx, glibcxx)
  assert.equal(al2.maxCxxabi, cxxabi)
  assert.deepEqual(al2.notes, [
    { file: 'cxx.so', problem: "needs GLIBCXX_3.4.26, newer than the GLIBCXX_3.4.24 of python3.11's libstdc++ (GCC 7); it loads only where a newer libstdc++ is present" }
  ])
  const al2023 = auditFiles([{ name: 'cxx.so', data }], X86_312)
  assert.deepEqual([al2023.problems, al2023.notes], [[], []])

  // A vendored libstdc++ (auditwheel gives it a hashed name) answers for itself: no note.
  const vendored = Buffer.from(data)
  const at = vendored.indexOf('libstdc++.so.6\0')
  assert.ok(at > 0)
  vendored.write('libstdc++-ab.so\0', at, 'latin1')
  const own = auditFiles([{ name: 'cxx.so', data: vendored }], X86_311)
  assert.deepEqual([own.notes, own.maxGlibcxx], [[], undefined])
})

test('ELF files for another machine, class, byte order or OS are refused with what they are', () => {
  const { data } = twoVersions()
  const cases: [string, Buffer, AuditTarget, string | undefined][] = [
    ['e_machine aarch64', patched(data, [[18, 2, 183]]), X86_311, 'is an ELF for aarch64, not x86_64'],
    ['e_machine aarch64 on arm64', patched(data, [[18, 2, 183]]), ARM_312, undefined],
    ['e_machine ppc64 (little-endian)', patched(data, [[18, 2, 21]]), X86_312, 'is an ELF for ppc64, not x86_64'],
    ['e_machine i386 in an ELF64', patched(data, [[18, 2, 3]]), X86_312, 'is an ELF for i386, not x86_64'],
    ['e_machine unknown', patched(data, [[18, 2, 4242]]), X86_312, 'is an ELF for machine 4242, not x86_64'],
    ['OS/ABI FreeBSD', patched(data, [[7, 1, 9]]), X86_312, 'is an ELF for FreeBSD, not Linux'],
    ['OS/ABI GNU', patched(data, [[7, 1, 3]]), X86_312, undefined],
    ['x86_64 on arm64', data, ARM_311, 'is an ELF for x86_64, not arm64']
  ]
  for (const [label, bytes, target, problem] of cases) {
    const result = auditFiles([{ name: 'x.so', data: bytes }], target)
    assert.deepEqual(result.problems, problem ? [{ file: 'x.so', problem }] : [], label)
  }
})

test('32-bit and big-endian ELF files are refused; readelf agrees on what they are', () => {
  const obj32 = compile('obj32.o', 'int f(void) { return 1; }\n', ['-m32', '-c'])
  assert.equal(readelfHeader(obj32, 'Class'), 'ELF32')
  assert.equal(readelfHeader(obj32, 'Machine'), 'Intel 80386')
  const elf32 = readElf(readFileSync(obj32))
  assert.deepEqual([elf32?.bits, elf32?.machineName], [32, 'i386'])
  assert.deepEqual(auditFiles([{ name: 'lib32.so', data: readFileSync(obj32) }], X86_311).problems, [{ file: 'lib32.so', problem: 'is a 32-bit ELF for i386, not x86_64' }])

  // An ELF64 big-endian header (s390x), made by hand.
  const be = Buffer.alloc(64)
  Buffer.from('7f454c46020201', 'hex').copy(be)
  be.writeUInt16BE(3, 16)
  be.writeUInt16BE(22, 18)
  be.writeUInt32BE(1, 20)
  be.writeUInt16BE(64, 52)
  const bePath = path.join(gccDir, 'be.so')
  writeFileSync(bePath, be)
  assert.equal(readelfHeader(bePath, 'Data'), "2's complement, big endian")
  assert.equal(readelfHeader(bePath, 'Machine'), 'IBM S/390')
  assert.deepEqual(auditFiles([{ name: 'be.so', data: be }], X86_311).problems, [{ file: 'be.so', problem: 'is a big-endian ELF for s390x, not x86_64' }])
})

test('every prefix of a small ELF is reported as damaged, never thrown; too short for a magic it is no binary', t => {
  const { data } = twoVersions()
  const started = performance.now()
  for (let length = 0; length < data.length; length++) {
    const prefix = data.subarray(0, length)
    let result
    try {
      result = auditFiles([{ name: 'cut.so', data: prefix }], X86_312)
    } catch (error) {
      assert.fail(`a ${length}-byte prefix threw ${(error as Error).stack}`)
    }
    if (length < 4) {
      assert.equal(result.binaries, 0)
      continue
    }
    assert.equal(result.problems.length, 1, `${length} bytes`)
    assert.match(result.problems[0].problem, /^is a damaged ELF file \((?!unreadable)[^)]+\)$/, `${length} bytes`)
  }
  t.diagnostic(`${data.length} prefixes in ${(performance.now() - started).toFixed(0)} ms`)
  assert.deepEqual(auditFiles([{ name: 'whole.so', data }], X86_312).problems, [])
})

test('corrupt tables: every field that points somewhere, pointed elsewhere, gives a problem or a bounded answer', () => {
  const { path: so, data } = twoVersions()
  const dynamicOffset = Number(/^\s+DYNAMIC\s+(0x[0-9a-f]+)/m.exec(readelf(['-l'], so))?.[1])
  const tags = [...readelf(['-d'], so).matchAll(/^\s+0x([0-9a-f]{16}) \(/gm)].map(m => Number.parseInt(m[1], 16))
  const entry = (tag: number) => dynamicOffset + tags.indexOf(tag) * 16
  const verneed = Number(/Version needs section.*\n\s+Addr: \S+\s+Offset: (0x[0-9a-f]+)/.exec(readelf(['-V'], so))?.[1])
  assert.ok(dynamicOffset > 0 && verneed > 0 && tags.includes(0x6ffffffe) && tags.includes(5))
  const phdr = (i: number) => 64 + i * 56
  const dynamicPhdr = [...Array(data.readUInt16LE(56)).keys()].find(i => data.readUInt32LE(phdr(i)) === 2) as number

  const cases: [string, Buffer, RegExp | string[]][] = [
    ['e_phoff past 2^53', patched(data, [[32, 8, 0xffffffffffffffffn]]), /program header offset out of range/],
    ['e_phoff past the end', patched(data, [[32, 8, data.length]]), /program headers past the end of the file/],
    ['e_phnum PN_XNUM, section 0 says 0xffffffff', patched(data, [[56, 2, 0xffff], [data.readUInt32LE(40) + 44, 4, 0xffffffff]]), /program headers past the end/],
    ['e_phentsize too small', patched(data, [[54, 2, 8]]), /program header size too small/],
    ['e_shoff past the end', patched(data, [[40, 8, data.length - 10]]), /section headers past the end/],
    ['PT_DYNAMIC size huge', patched(data, [[phdr(dynamicPhdr) + 32, 8, 2 ** 40]]), /segment past the end/],
    ['DT_STRTAB unmapped', patched(data, [[entry(5) + 8, 8, 0x7fffffff]]), /string table address is in no loadable segment/],
    ['DT_VERNEED unmapped', patched(data, [[entry(0x6ffffffe) + 8, 8, 0x7fffffff]]), /version needs address is in no loadable segment/],
    ['DT_STRSZ zero', patched(data, [[entry(10) + 8, 8, 0]]), /past the end of its table/],
    ['vn_file out of the string table', patched(data, [[verneed + 4, 4, 0xfffffff0]]), /version need file name past the end of its table/],
    ['vn_version 2', patched(data, [[verneed, 2, 2]]), /version need has unknown version 2/],
    ['vn_next zero early: one library only', patched(data, [[verneed + 12, 4, 0]]), ['libm.so.6']],
    ['vn_next into its own aux entries', patched(data, [[verneed + 12, 4, 16]]), /version need has unknown version|past the end/],
    ['vn_cnt 0xffff, the aux chain ends first', patched(data, [[verneed + 2, 2, 0xffff]]), ['libm.so.6', 'libc.so.6']],
    ['vn_aux pointing at itself, count 0xffff', patched(data, [[verneed + 2, 2, 0xffff], [verneed + 8, 4, 0]]), ['libm.so.6', 'libc.so.6']],
    ['DT_VERNEEDNUM 0xffffffff: the chain still ends', patched(data, [[entry(0x6fffffff) + 8, 8, 0xffffffff]]), ['libm.so.6', 'libc.so.6']],
    ['vna_name huge', patched(data, [[verneed + 16 + 8, 4, 0xffffffff]]), /needed version name past the end of its table/]
  ]
  for (const [label, bytes, expected] of cases) {
    const elf = readElf(bytes)
    assert.ok(elf, label)
    if (expected instanceof RegExp) {
      assert.match(elf.error ?? 'no error', expected, label)
      assert.match(auditFiles([{ name: 'x.so', data: bytes }], X86_312).problems[0]?.problem ?? '', /^is a damaged ELF file/, label)
    } else {
      assert.equal(elf.error, undefined, label)
      assert.deepEqual(elf.versionsNeeded.map(n => n.file), expected, label)
    }
  }
})

test('random corruption of headers and tables (seeded): never a throw, never an internal error', t => {
  const { data } = twoVersions()
  let seed = 0x5eed
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const shoff = Number(data.readBigUInt64LE(40))
  const dynamic = Number(/^\s+DYNAMIC\s+(0x[0-9a-f]+)/m.exec(readelf(['-l'], twoVersions().path))?.[1])
  const started = performance.now()
  let damaged = 0
  for (let i = 0; i < 4000; i++) {
    const copy = Buffer.from(data)
    for (let n = 1 + Math.floor(random() * 4); n > 0; n--) {
      // The ELF header, program headers, dynamic string and version tables live in the first 1.2 KB, the
      // section headers and the dynamic segment at the end.
      const at = random() < 0.6 ? Math.floor(random() * 1200) : random() < 0.5 ? shoff + Math.floor(random() * (data.length - shoff)) : dynamic + Math.floor(random() * 0x1c0)
      if (at < 4 || at >= copy.length) continue
      copy[at] = random() < 0.3 ? 0xff : Math.floor(random() * 256)
    }
    const elf = readElf(copy)
    assert.ok(elf)
    assert.doesNotMatch(elf.error ?? '', /internal/)
    if (elf.error) damaged++
    auditFiles([{ name: 'fuzz.so', data: copy }], X86_311)
  }
  t.diagnostic(`4000 mutants, ${damaged} reported damaged, in ${(performance.now() - started).toFixed(0)} ms`)
  assert.ok(damaged > 100, 'the mutations reach the structures read')
})

test('PE and Mach-O are recognised by magic bytes; look-alikes (Java classes, text starting "MZ") are not', () => {
  const pe = Buffer.alloc(0x100)
  pe.write('MZ', 0, 'latin1')
  pe.writeUInt32LE(0x80, 0x3c)
  pe.write('PE\0\0', 0x80, 'latin1')
  pe.writeUInt16LE(0x8664, 0x84)
  const macho = (hex: string) => Buffer.concat([Buffer.from(hex, 'hex'), Buffer.alloc(28)])
  const cases: [string, Buffer, string | undefined][] = [
    ['lib/_ext.cp311-win_amd64.pyd', pe, 'is a Windows (PE) binary'],
    ['lib/helper.dll', pe, 'is a Windows (PE) binary'],
    ['no-extension', pe, 'is a Windows (PE) binary'],
    ['lib/x.so (Mach-O 64 LE)', macho('cffaedfe0c000001'), 'is a macOS (Mach-O) binary'],
    ['lib/x.so (Mach-O 32 LE)', macho('cefaedfe07000000'), 'is a macOS (Mach-O) binary'],
    ['lib/x.dylib (Mach-O 64 BE)', macho('feedfacf01000007'), 'is a macOS (Mach-O) binary'],
    ['lib/x.so (Mach-O 32 BE)', macho('feedface00000012'), 'is a macOS (Mach-O) binary'],
    ['lib/x.so (universal, 2 archs)', macho('cafebabe00000002'), 'is a macOS (Mach-O) binary'],
    ['lib/x.so (universal 64, 1 arch)', macho('cafebabf00000001'), 'is a macOS (Mach-O) binary'],
    ['Example.class (Java 8)', macho('cafebabe00000034'), undefined],
    ['notes.txt ("MZ" text)', Buffer.from('MZ is how this text starts, and then it goes on for more than sixty-four bytes.'), undefined],
    ['truncated PE pointer', Buffer.concat([pe.subarray(0, 0x40)]), undefined],
    ['empty', Buffer.alloc(0), undefined],
    ['three bytes of an ELF magic', Buffer.from('\x7fEL', 'latin1'), undefined]
  ]
  for (const [name, data, problem] of cases) {
    const result = auditFiles([{ name, data }], X86_311)
    assert.equal(result.binaries, problem ? 1 : 0, name)
    assert.deepEqual(result.problems, problem ? [{ file: name, problem }] : [], name)
  }
  assert.equal(binaryKind(pe), 'pe')
  assert.equal(binaryKind(macho('cafebabe00000034')), undefined)
  assert.deepEqual(auditFiles([{ name: 'setuptools/cli-64.exe', data: pe }], X86_311).notes, [{ file: 'setuptools/cli-64.exe', problem: 'is a Windows (PE) executable, never run on Lambda' }])
})
