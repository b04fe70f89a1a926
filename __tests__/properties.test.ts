// Property-based tests (fast-check) of the parsers that take user text (settings, entries, paths) and of the zip writer.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { dump } from 'js-yaml'
import AdmZip from 'adm-zip'
import { buildZip, checkEntryName } from '../src/zip/archive.js'
import { parseEntry } from '../src/config/entry.js'
import { SpindriftError } from '../src/common/errors.js'
import { OPTION_KEYS } from '../src/config/options.js'
import { normaliseBasePath } from '../src/config/plan.js'
import { parseSettings } from '../src/config/settings.js'
import { compareNames } from '../src/common/names.js'

const FILE = '/project/settings.spindrift'
const RUNS = { numRuns: 400 }

/** Either a result or a SpindriftError with a one-line message: never another exception. */
function refusedCleanly(work: () => unknown): boolean {
  try {
    work()
    return true
  } catch (error) {
    assert.ok(error instanceof SpindriftError, `not a SpindriftError: ${error}`)
    assert.ok(!error.message.includes('\n') && error.message.length < 600, error.message)
    return false
  }
}

const yamlish = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom('package:', 'output:', '  type: flask', '  entry: a:b', '\t', '- x', '&a [1]', '*a', '{', '}', ': :', '  path: x', 'cache: true', '"', "'", '#', '  name: [1, 2]', '---', '...', '!!python/object x'), { maxLength: 12 }).map(lines => lines.join('\n'))
)

test('settings parser: any text either parses into known keys or is refused with one sentence', () => {
  fc.assert(
    fc.property(yamlish, text => {
      let values: Record<string, unknown> = {}
      if (refusedCleanly(() => (values = parseSettings(text, FILE)))) {
        for (const key of Object.keys(values)) assert.ok(OPTION_KEYS.includes(key), key)
      }
    }),
    RUNS
  )
})

const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter(w => !['if', 'in', 'is', 'as', 'or', 'and', 'not', 'for', 'def', 'del', 'try', 'from', 'with', 'else', 'elif', 'pass', 'class', 'while', 'yield', 'raise', 'break', 'async', 'await', 'global', 'import', 'lambda', 'return', 'assert', 'except', 'finally', 'continue', 'nonlocal'].includes(w))

test('settings round trip: generated valid settings dump to YAML and parse back to the same values', () => {
  fc.assert(
    fc.property(
      fc.record({ name: word, type: fc.constantFrom('plain', 'flask'), runtime: fc.constantFrom('python3.11', 'python3.14'), architecture: fc.constantFrom('x86_64', 'arm64') }, { requiredKeys: [] }),
      fc.option(fc.boolean(), { nil: undefined }),
      (pkg, cache) => {
        const document: Record<string, unknown> = { package: pkg }
        if (cache !== undefined) document.cache = cache
        const values = parseSettings(dump(document), FILE)
        const expected: Record<string, unknown> = Object.fromEntries(Object.entries(pkg).map(([k, v]) => [`package.${k}`, v]))
        if (cache !== undefined) expected.cache = cache
        assert.deepEqual(values, expected)
      }
    ),
    RUNS
  )
})

test('entry parser: any text yields only Python names, or is refused with one sentence', () => {
  const identifier = /^[\p{L}_][\p{L}\p{N}_]*$/u
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('from a import b;', 'from a import b\n', 'a:b:c', 'from __x__ import y')), text => {
      let entry = { module: '', attribute: '' }
      if (refusedCleanly(() => (entry = parseEntry(text)))) {
        assert.ok(entry.module.split('.').every(p => identifier.test(p)), entry.module)
        assert.ok(identifier.test(entry.attribute), entry.attribute)
      }
    }),
    RUNS
  )
})

test('entry parser: the three accepted forms of one entry agree', () => {
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), word, word, (parts, attribute, alias) => {
      const module = parts.join('.')
      const expected = { module, attribute }
      assert.deepEqual(parseEntry(`from ${module} import ${attribute}`), expected)
      assert.deepEqual(parseEntry(`from ${module} import ${attribute} as ${alias}`), expected)
      assert.deepEqual(parseEntry(`${module}:${attribute}`), expected)
    }),
    RUNS
  )
})

test('zip entry names: only relative paths that stay inside the package are accepted', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(word, fc.constantFrom('..', '.', '', '/', '\\', 'a\\b')), { minLength: 1, maxLength: 5 }), parts => {
      const name = parts.join('/')
      const safe = !name.startsWith('/') && !name.includes('\\') && name.split('/').every(p => p !== '' && p !== '..' && p !== '.')
      let accepted = true
      try {
        checkEntryName(name)
      } catch {
        accepted = false
      }
      assert.equal(accepted, safe, name)
    }),
    RUNS
  )
})

test('base path normaliser: a result is always "/" + clean segments, and normalising is idempotent', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.oneof(word, fc.constantFrom('', '..', '.', 'v1', '%2F', '?')), { maxLength: 4 }).map(p => p.join('/'))), text => {
      let normalised = ''
      if (refusedCleanly(() => (normalised = normaliseBasePath(text)))) {
        assert.match(normalised, /^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/)
        assert.ok(!normalised.split('/').includes('..'))
        assert.equal(normaliseBasePath(normalised), normalised)
      }
    }),
    RUNS
  )
})

/** File contents that exercise the zip writer: empty, tiny, incompressible, repetitive, and over one 1 MiB piece. */
const fileData = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.uint8Array({ minLength: 16 * 1024 - 2, maxLength: 16 * 1024 + 2 }),
  fc.tuple(fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 120_000 })).map(([line, repeat]) => new TextEncoder().encode(line.repeat(repeat))),
  fc.tuple(fc.uint8Array({ minLength: 2048, maxLength: 4096 }), fc.integer({ min: 300, max: 700 })).map(([block, repeat]) => {
    // Partly repetitive, partly varied: blocks with a counter, past 1 MiB for the larger repeats.
    const out = new Uint8Array(block.length * repeat)
    for (let i = 0; i < repeat; i++) out.set(block.map(b => (b + (i % 7)) & 0xff), i * block.length)
    return out
  })
)

test('zip writer: any set of files reads back byte for byte, with its mode, in name order, and the same bytes twice', async () => {
  const names = fc.array(fc.constantFrom('a', 'B', 'ü', 'z9', '_x', 'ñame'), { minLength: 1, maxLength: 3 }).map(parts => parts.join('/') + '.py')
  const files = fc.uniqueArray(fc.record({ name: names, data: fileData, executable: fc.boolean() }), { selector: f => f.name, minLength: 1, maxLength: 8 })
  await fc.assert(
    fc.asyncProperty(files, async sources => {
      const inputs = sources.map(s => ({ ...s, data: Buffer.from(s.data) }))
      const zip = Buffer.concat((await buildZip(inputs)).parts)
      assert.ok(zip.equals(Buffer.concat((await buildZip([...inputs].reverse())).parts)), 'input order does not matter')
      const entries = new AdmZip(zip).getEntries()
      assert.deepEqual(entries.map(e => e.entryName), inputs.map(s => s.name).sort(compareNames))
      for (const entry of entries) {
        const source = inputs.find(s => s.name === entry.entryName)!
        assert.ok(entry.getData().equals(source.data), entry.entryName)
        assert.equal((entry.header.attr >>> 16) & 0o777, source.executable ? 0o755 : 0o644)
      }
    }),
    { numRuns: 60 }
  )
})

test('name order: compareNames is the byte order of the UTF-8 names, surrogates and lone surrogates included', () => {
  const utf8Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
  // Mostly shared prefixes, with units from every range whose order differs between UTF-16 and UTF-8.
  const unit = fc.constantFrom('a', 'b', '/', '.', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\uffff', '\ud83d\ude00')
  const name = fc.array(unit, { maxLength: 6 }).map(units => units.join(''))
  fc.assert(
    fc.property(name, name, fc.string({ unit: 'binary', maxLength: 8 }), (a, b, c) => {
      assert.equal(compareNames(a, b), utf8Order(a, b), JSON.stringify([a, b]))
      assert.equal(compareNames(a + c, a), utf8Order(a + c, a), JSON.stringify([a, c]))
    }),
    { numRuns: 2000 }
  )
})
