import assert from 'node:assert/strict'
import path from 'node:path'
import { test } from 'node:test'
import { SpindriftError } from '../src/common/errors.js'
import { parseSettings } from '../src/config/settings.js'

const FILE = '/project/settings.spindrift'

test('the seed settings file parses into option keys, output path made absolute against its folder', () => {
  const text = 'package:\n  type: flask\n  name: yourwebapp\n  entry: from yourwebapp.main import app\n  runtime: python3.11\n\noutput:\n  path: build/app.zip\n'
  assert.deepEqual(parseSettings(text, FILE), {
    'package.type': 'flask',
    'package.name': 'yourwebapp',
    'package.entry': 'from yourwebapp.main import app',
    'package.runtime': 'python3.11',
    'output.path': path.resolve('/project/build/app.zip')
  })
})

test('requirements take a single file or a list; cache takes a boolean', () => {
  assert.deepEqual(parseSettings('package:\n  requirements: req.txt\n', FILE), { 'package.requirements': ['/project/req.txt'] })
  assert.deepEqual(parseSettings('package:\n  requirements: [a.txt, sub/b.txt]\ncache: false\n', FILE), {
    'package.requirements': ['/project/a.txt', '/project/sub/b.txt'],
    cache: false
  })
})

for (const [label, text] of [
  ['empty', ''],
  ['whitespace only', '  \n\n'],
  ['comment only', '# nothing set yet\n   # really\n'],
  ['an empty document', '---\n'],
  ['sections left empty', 'package:\noutput:\n']
]) {
  test(`an ${label} settings file sets nothing`, () => {
    assert.deepEqual(parseSettings(text, FILE), {})
  })
}

const bad: [string, string, RegExp, number | undefined][] = [
  ['malformed YAML names the line', 'package:\n  type: flask\n  name: [oops\n', /line \d+ is not valid YAML/, undefined],
  ['tabs in indentation', 'package:\n\ttype: flask\n', /line 2 is not valid YAML \(tab characters/, 2],
  ['duplicate keys', 'package:\n  type: flask\n  type: plain\n', /line 3 is not valid YAML \(duplicated mapping key\)/, 3],
  ['a list at the top', '- package\n', /is not a spindrift settings file: it holds a list, not a map of sections \(package:, output:\); check the path given to --file\./, 1],
  ['a scalar at the top', 'just text\n', /is not a spindrift settings file: it holds plain text, not a map of sections/, 1],
  ['a YAML map of other keys', 'services:\n  web: x\nversion: 3\n', /is not a spindrift settings file: none of its top-level keys is package, output, cache, functions or close to one/, 1],
  ['a version read as a float', 'package:\n  runtime: 3.10\n', /^runtime: 3\.10 in \/project\/settings\.spindrift line 2 was read as the number 3\.1; quote it: runtime: "python3\.10"\.$/, 2],
  ['a version read as a float, with a comment', 'package:\n  python: 3.10   # the interpreter\n', /^python: 3\.10 in .* line 2 was read as the number 3\.1; quote it: python: "3\.10"\.$/, 2],
  ['a long value is capped', `package:\n  type: ${'x'.repeat(500)}\n`, new RegExp(`is "${'x'.repeat(80)}…", which is not one of`), 2],
  ['unknown section with suggestion', 'pakage:\n  type: flask\n', /Unknown setting "pakage" in \/project\/settings\.spindrift line 1; did you mean "package"\?/, 1],
  ['unknown key with suggestion', 'package:\n  type: flask\n  entyr: x:y\n', /Unknown setting "package\.entyr" .* line 3; did you mean "package\.entry"\?/, 3],
  ['unknown key far from any', 'package:\n  zzzzzzzzzz: 1\n', /Unknown setting "package\.zzzzzzzzzz".*; settings are package\.\* and output\.\* keys and cache; run "spindrift package --help" for every one\./, 2],
  ['section that is not a map', 'package: flask\n', /package in \/project\/settings\.spindrift must be a map of keys/, 1],
  ['wrong type: map for a string', 'package:\n  name:\n    a: 1\n', /package\.name in .* line 2 must be a text value, not a map\./, 2],
  ['wrong type: list for a string', 'package:\n  runtime: [python3.11]\n', /package\.runtime .* must be a text value, not a list\./, 2],
  ['wrong type: boolean option', 'cache: maybe\n', /cache .* must be true or false, not string "maybe"\./, 1],
  ['yes is not a boolean in YAML 1.2', 'cache: yes\n', /must be true or false, not string "yes"/, 1],
  ['unknown package.type lists the choices', 'package:\n  type: django\n', /package\.type .* is "django", which is not one of "plain", "wsgi", "asgi", "flask"\./, 2],
  ['misspelt package.type gets a suggestion', 'package:\n  type: flsk\n', /did you mean "flask"\?/, 2],
  ['misspelt architecture gets a suggestion', 'package:\n  architecture: arm65\n', /is "arm65", which is not one of "x86_64", "arm64"; did you mean "arm64"\?/, 2],
  ['requirements list with a non-string', 'package:\n  requirements: [a.txt, 3]\n', /package\.requirements .* must be a text value or a list of them/, 2]
]

test('a number YAML reads faithfully is taken as text (timeout: 900; runtime: 3.11 goes on to the runtime check)', () => {
  assert.equal(parseSettings('package:\n  timeout: 900\n', FILE)['package.timeout'], '900')
  assert.equal(parseSettings('package:\n  runtime: 3.11\n', FILE)['package.runtime'], '3.11')
  assert.equal(parseSettings('package:\n  timeout: 1e3\n', FILE)['package.timeout'], '1000')
})

test('the text of a file that is not a settings file is never quoted', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n'
  for (const text of [passwd, 'SECRET_TOKEN=abc123\nOTHER=1\n', 'secret_token: abc123\n']) {
    assert.throws(() => parseSettings(text, FILE), (error: Error) => {
      assert.doesNotMatch(error.message, /root:x|daemon|abc123|SECRET_TOKEN|secret_token/i)
      assert.match(error.message, /is not a spindrift settings file/)
      return true
    })
  }
})

for (const [label, text, message, line] of bad) {
  test(`settings error: ${label}`, () => {
    assert.throws(
      () => parseSettings(text, FILE),
      (error: unknown) => {
        assert.ok(error instanceof SpindriftError, String(error))
        assert.match(error.message, message)
        assert.equal(error.message.includes('\n'), false, 'one line')
        assert.equal(error.file, FILE)
        if (line !== undefined) assert.equal(error.line, line)
        return true
      }
    )
  })
}

test('an alias bomb cannot blow up: aliases are expanded by reference, and a list where a map belongs is refused', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
  for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`)
  lines.push('package: *i')
  const started = Date.now()
  assert.throws(() => parseSettings(lines.join('\n'), FILE), /Unknown setting "a"/)
  assert.ok(Date.now() - started < 2000)
})
