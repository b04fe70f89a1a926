// What is read from pyproject.toml before a build (src/pyproject.ts), and the requirement spelling the cache
// key uses (canonicalRequirement in src/requirements.ts): both decide whether the early install is used.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hasStaticMetadata, staticDependencies } from '../src/deps/pyproject.js'
import { canonicalRequirement } from '../src/deps/requirements.js'

const NONE = new Set<string>()
const project = (body: string) => `[build-system]\nrequires = ["setuptools>=68"]\n\n[project]\nname = "app"\nversion = "1"\n${body}\n\n[tool.ruff]\nline-length = 100\n`

const DEPENDENCIES: [label: string, toml: string, files: Set<string>, expected: string[] | undefined][] = [
  ['one line', project('dependencies = ["flask>=3,<4", \'requests\']'), NONE, ['flask>=3,<4', 'requests']],
  ['several lines, comments, trailing comma', project('dependencies = [\n  "a==1",  # pinned\n  # "b",\n  "c; python_version < \'3.12\'",\n]'), NONE, ['a==1', "c; python_version < '3.12'"]],
  ['no list: no dependencies', project('description = "x"'), NONE, []],
  ['an empty list', project('dependencies = []'), NONE, []],
  ['dynamic metadata', project('dynamic = ["dependencies"]'), NONE, undefined],
  ['a dynamic key in another table is not the project\'s', project('dependencies = ["a"]') + '\n[tool.x]\ndynamic = ["version"]\n', NONE, ['a']],
  ['a quoted "dynamic" key is dynamic metadata', project('dependencies = ["a"]\n"dynamic" = ["version"]'), NONE, undefined],
  ['a literal-quoted \'dynamic\' key is dynamic metadata', project("dependencies = ['a']\n'dynamic' = ['version']"), NONE, undefined],
  ['dynamic = [] computes nothing: static', project('dependencies = ["a"]\ndynamic = []'), NONE, ['a']],
  ['[project] written as dotted keys', 'project.name = "a"\nproject.version = "1"\nproject.dependencies = ["x>=1"]\n', NONE, ['x>=1']],
  ['a quoted dependencies key', project('"dependencies" = ["q"]'), NONE, ['q']],
  ['a dependencies value that is not a list of strings', project('dependencies = [1, 2]'), NONE, undefined],
  ['not valid TOML', project('dependencies = ["a"]\nname = "again"'), NONE, undefined],
  ['optional dependencies as a table', project('dependencies = ["a"]') + '\n[project.optional-dependencies]\ndev = ["pytest"]\n', NONE, undefined],
  ['optional dependencies as a key', project('dependencies = ["a"]\noptional-dependencies = { dev = ["pytest"] }'), NONE, undefined],
  ['a setup.py beside it', project('dependencies = ["a"]'), new Set(['setup.py']), undefined],
  ['a setup.cfg beside it', project('dependencies = ["a"]'), new Set(['setup.cfg']), undefined],
  ['no [project] table', '[build-system]\nrequires = ["setuptools"]\n', NONE, undefined],
  ['escapes are read', project('dependencies = ["a\\u0062"]'), NONE, ['ab']],
  ['multi-line strings are read', project('dependencies = ["""a"""]'), NONE, ['a']],
  ['an unclosed list', project('dependencies = ["a",'), NONE, undefined],
  ['a dependencies key in another table is not the project\'s', '[project]\nname = "a"\n\n[tool.x]\ndependencies = ["b"]\n', NONE, []]
]
for (const [label, toml, files, expected] of DEPENDENCIES) {
  test(`staticDependencies: ${label}`, () => assert.deepEqual(staticDependencies(toml, files), expected))
}

test('hasStaticMetadata: a quoted "dynamic" key makes the metadata dynamic (a setuptools-scm version is never reused)', () => {
  assert.equal(hasStaticMetadata('[project]\nname = "a"\n"dynamic" = ["version"]\n', NONE), false)
  assert.equal(hasStaticMetadata('[project]\nname = "a"\nversion = "1"\n', NONE), true)
})

/** Pairs that must share one spelling (a person's and a build backend's), and lines that must stay as they are. */
const SAME: [string, string][] = [
  ['flask>=3,<4', 'flask<4,>=3'],
  ['Flask >= 3, <4', 'flask<4,>=3'],
  ['Foo_Bar.baz[Sec, B] >= 1.0', 'foo-bar-baz[b,sec]>=1.0'],
  ["x; python_version<'3.9'", 'x ; python_version < "3.9"'],
  ['a (>=1,<2)', 'a<2,>=1'],
  ["b; os_name=='nt' and (python_version>='3.8' or extra=='x')", 'b ; os_name == "nt" and ( python_version >= "3.8" or extra == "x" )']
]
for (const [a, b] of SAME) {
  test(`canonicalRequirement: "${a}" and "${b}" are spelt alike`, () => assert.equal(canonicalRequirement(a), canonicalRequirement(b)))
}

const DIFFERENT: [string, string][] = [
  ['a>=1', 'a>1'],
  ['a==1', 'a===1'],
  ['a[x]', 'a'],
  ['a; python_version < "3.9"', 'a; python_version <= "3.9"'],
  ['a', 'b']
]
for (const [a, b] of DIFFERENT) {
  test(`canonicalRequirement: "${a}" and "${b}" stay apart`, () => assert.notEqual(canonicalRequirement(a), canonicalRequirement(b)))
}

for (const line of ['pkg @ https://example.com/pkg.whl', 'x==1.0 --hash=sha256:abc', '-r other.txt', '--index-url https://x/simple', 'a>=1; weird $ marker']) {
  test(`canonicalRequirement: "${line}" is left as it is`, () => assert.equal(canonicalRequirement(line), line))
}
