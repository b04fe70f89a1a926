// The build requirements of a pyproject project installed by spindrift itself (src/app/buildenv.ts) from a
// local index: only when it picks what pip or uv would, giving the same project wheel; otherwise the installer
// installs them, and one log line says why.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, test } from 'node:test'
import { markerHolds } from '../src/app/buildenv.js'
import { makeIndex, serveIndex } from './helpers/pyindex.js'
import { writeBuildableProject } from './helpers/projects.js'
import { ROOT, runCliAsync, tempDir, zipText } from './helpers/run.js'

const UV = path.join(ROOT, '.venv-test', 'bin', 'uv')
const work = tempDir()
const root = path.join(work, 'index')
makeIndex(root, [
  { name: 'buildhelper', version: '1.0', tag: 'py3-none-any' },
  // The one pip picks: 2.1 is yanked, 2.5 needs a Python that does not exist, 3.0rc1 is a pre-release.
  { name: 'buildhelper', version: '2.0', tag: 'py3-none-any' },
  { name: 'buildhelper', version: '2.1', tag: 'py3-none-any' },
  { name: 'buildhelper', version: '2.5', tag: 'py3-none-any', requiresPython: '>=3.99' },
  { name: 'buildhelper', version: '3.0rc1', tag: 'py3-none-any' },
  // Dependencies that never apply here: an extra, and an old Python.
  { name: 'plainhelper', version: '1.0', tag: 'py2.py3-none-any', requires: ['pytest; extra == "test"', 'tomli; python_version < "3.0" and platform_release > "5"'] },
  { name: 'needsdep', version: '1.0', tag: 'py3-none-any', requires: ['buildhelper>=1'] }
])
const page = path.join(root, 'simple', 'buildhelper', 'index.html')
writeFileSync(page, readFileSync(page, 'utf8').replace(/(href="[^"]*buildhelper-2\.1-py3-none-any\.whl[^"]*")/, '$1 data-yanked=""'))
// The same index without hashes: pip installs from it, spindrift does not.
const bare = path.join(work, 'bare')
makeIndex(bare, [{ name: 'buildhelper', version: '2.0', tag: 'py3-none-any' }])
const barePage = path.join(bare, 'simple', 'buildhelper', 'index.html')
writeFileSync(barePage, readFileSync(barePage, 'utf8').replace(/#sha256=[0-9a-f]{64}/g, ''))

const servers = await Promise.all([serveIndex(root), serveIndex(bare)])
const [index, bareIndex] = servers
after(() => servers.forEach(s => s.close()))

/** An interpreter that refuses `pip install --target` (the build requirements' install) and runs everything else. */
function pythonRefusingBuildEnv(): string {
  const file = path.join(tempDir(), 'python-refusing-build-env')
  writeFileSync(file, '#!/bin/sh\ncase " $* " in *" -m pip install --target "*) echo "pip install --target ran" >&2; exit 99;; esac\nexec python3 "$@"\n', { mode: 0o755 })
  return file
}

/**
 * A project whose in-tree backend imports its build requirements and writes which buildhelper it got into the
 * wheel (built_with.py): a different pick is a different zip.
 */
function project(name: string, requires: string[]): string {
  const dir = tempDir('spindrift-buildenv-')
  writeBuildableProject(dir, { name, dependencies: [], module: 'def handler(event, context):\n    return {}\n' })
  const pyproject = path.join(dir, 'pyproject.toml')
  writeFileSync(pyproject, readFileSync(pyproject, 'utf8').replace('requires = []', `requires = ${JSON.stringify(requires)}`))
  const backend = path.join(dir, '_build', 'backend.py')
  const imports = requires.map(r => `import ${r.split(/[<>=! ;]/)[0]}\n`).join('')
  writeFileSync(backend, `${imports}import buildhelper\nwith open("${name}/built_with.py", "w") as f:\n    f.write(f"VERSION = {buildhelper.VERSION!r}\\n")\n` + readFileSync(backend, 'utf8'))
  return dir
}

async function build(dir: string, name: string, out: string, indexUrl: string, extra: string[] = [], env: Record<string, string> = {}) {
  const zip = path.join(work, out)
  const run = await runCliAsync(['package', '--package-path', dir, '--package-entry', `${name}.handlers:handler`, '--package-runtime', 'python3.11', '--package-index-url', indexUrl, '--output-path', zip, '--verbose', ...extra], { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), ...env })
  assert.equal(run.code, 0, run.stderr)
  return { log: run.stderr, bytes: readFileSync(zip), builtWith: zipText(zip, `${name}/built_with.py`) }
}

test('pip: build requirements from the index are installed without pip, the newest pip would take, and the wheel is the one pip wheel builds', async () => {
  const dir = project('direct_app', ['buildhelper>=1', 'plainhelper'])
  const refusing = ['--package-python', pythonRefusingBuildEnv()]
  const before = index.downloads()
  const direct = await build(dir, 'direct_app', 'direct.zip', index.url, refusing)
  assert.match(direct.log, /^Installed the build requirements as pip would, without running it: buildhelper 2\.0, plainhelper 1\.0$/m)
  assert.match(direct.log, /its build requirements \(buildhelper>=1, plainhelper\) installed by spindrift$/m)
  assert.doesNotMatch(direct.log, /pip install --target ran|instead:/)
  assert.equal(index.downloads() - before, 2, 'both wheels downloaded by spindrift, not by pip')
  assert.equal(direct.builtWith, "VERSION = '2.0'\n", 'not the yanked 2.1, the 2.5 for another Python or the 3.0rc1 pre-release')

  // pip wheel (its own isolated build environment) picks the same and builds the same bytes.
  const viaPipWheel = await build(dir, 'direct_app', 'direct-pipwheel.zip', index.url, [], { SPINDRIFT_DIRECT_BUILD: '0' })
  assert.match(viaPipWheel.log, /^Building the project's wheel with pip$/m)
  assert.equal(viaPipWheel.builtWith, "VERSION = '2.0'\n")
  assert.ok(direct.bytes.equals(viaPipWheel.bytes), 'the same zip bytes as pip wheel')
  // So does pip install --target, with the switch off; the refusing interpreter shows that route is pip's.
  const viaPip = await build(dir, 'direct_app', 'direct-pip.zip', index.url, [], { SPINDRIFT_DIRECT_BUILD_ENV: '0' })
  assert.match(viaPip.log, /^Installing the build requirements with pip: SPINDRIFT_DIRECT_BUILD_ENV=0 is set$/m)
  assert.match(viaPip.log, /installed by pip$/m)
  assert.ok(direct.bytes.equals(viaPip.bytes), 'the same zip bytes as with pip install --target')
  const refused = await build(dir, 'direct_app', 'direct-refused.zip', index.url, refusing, { SPINDRIFT_DIRECT_BUILD_ENV: '0' })
  assert.match(refused.log, /pip install --target ran/)
  assert.match(refused.log, /with pip wheel instead: the build requirements did not install/)
})

test('uv: uv pip installs them by default; on request spindrift does, with the same pick and bytes as uv build', { skip: !existsSync(UV) && 'no uv in .venv-test' }, async () => {
  const dir = project('uvdirect_app', ['buildhelper>=1'])
  const uv = ['--package-installer', 'uv']
  const env = { PATH: `${path.dirname(UV)}:${process.env.PATH}` }
  // By default uv installs them (from its own cache, faster), saying so.
  const byUv = await build(dir, 'uvdirect_app', 'uv-default.zip', index.url, uv, env)
  assert.match(byUv.log, /^Installing the build requirements with uv: uv installs them from its own cache faster \(SPINDRIFT_DIRECT_BUILD_ENV=1 has spindrift do it\)$/m)
  assert.match(byUv.log, /installed by uv$/m)
  const before = index.downloads()
  const direct = await build(dir, 'uvdirect_app', 'uv-direct.zip', index.url, uv, { ...env, SPINDRIFT_DIRECT_BUILD_ENV: '1' })
  assert.match(direct.log, /^Installed the build requirements as uv would, without running it: buildhelper 2\.0$/m)
  assert.equal(index.downloads() - before, 1)
  const viaUvBuild = await build(dir, 'uvdirect_app', 'uv-build.zip', index.url, uv, { ...env, SPINDRIFT_DIRECT_BUILD: '0' })
  assert.match(viaUvBuild.log, /^Building the project's wheel with uv$/m)
  assert.equal(viaUvBuild.builtWith, "VERSION = '2.0'\n")
  assert.ok(direct.bytes.equals(viaUvBuild.bytes), 'the same zip bytes as uv build')
  assert.ok(direct.bytes.equals(byUv.bytes), 'the same zip bytes as with uv pip installing them')
})

test('a build requirement with a dependency that applies, an index without hashes or a pip setting: pip installs them, and the log says why', async () => {
  const needs = project('needs_app', ['needsdep'])
  const withDep = await build(needs, 'needs_app', 'needs.zip', index.url)
  assert.match(withDep.log, /^Installing the build requirements with pip: needsdep 1\.0 needs buildhelper>=1$/m)
  assert.match(withDep.log, /installed by pip$/m)
  assert.equal(withDep.builtWith, "VERSION = '2.0'\n")
  const viaPipWheel = await build(needs, 'needs_app', 'needs-pipwheel.zip', index.url, [], { SPINDRIFT_DIRECT_BUILD: '0' })
  assert.ok(withDep.bytes.equals(viaPipWheel.bytes))

  const plain = project('bare_app', ['buildhelper'])
  const noHash = await build(plain, 'bare_app', 'bare.zip', bareIndex.url)
  assert.match(noHash.log, /^Installing the build requirements with pip: the index gives no sha256 for buildhelper-2\.0-py3-none-any\.whl$/m)
  assert.match(noHash.log, /installed by pip$/m)

  const setting = await build(plain, 'bare_app', 'setting.zip', index.url, [], { PIP_PRE: '1' })
  assert.match(setting.log, /^Installing the build requirements with pip: pip has settings of its own here \(PIP_PRE\)$/m)
  assert.equal(setting.builtWith, "VERSION = '3.0rc1'\n", 'pip --pre takes the pre-release: the setting mattered')

  // pip.conf: keys that only tune output or TLS are no reason; one that changes the choice is.
  const home = tempDir('spindrift-home-')
  const pipConf = path.join(home, '.config', 'pip', 'pip.conf')
  const withConf = (text: string, out: string) => {
    mkdirSync(path.dirname(pipConf), { recursive: true })
    writeFileSync(pipConf, text)
    return build(plain, 'bare_app', out, index.url, [], { HOME: home, XDG_CONFIG_HOME: '', PIP_CONFIG_FILE: '' })
  }
  const inert = await withConf('[global]\ntimeout = 60\ncert = /etc/ssl/certs/ca-certificates.crt\n[freeze]\npre = yes\n', 'conf-inert.zip')
  assert.match(inert.log, /^Installed the build requirements as pip would, without running it: buildhelper 2\.0$/m)
  const pre = await withConf('[global]\ntimeout = 60\n[install]\npre = yes\n', 'conf-pre.zip')
  assert.match(pre.log, new RegExp(`^Installing the build requirements with pip: pip has settings of its own here \\(pre in ${pipConf.replace(/[.]/g, '\\.')}\\)$`, 'm'))
  assert.equal(pre.builtWith, "VERSION = '3.0rc1'\n")
})

test('markers are decided only when the values they need are known, or the rest decides them', () => {
  const values = { python_version: '3.11', python_full_version: '3.11.7', extra: '', sys_platform: 'linux' }
  assert.equal(markerHolds('extra == "test"', values), false)
  assert.equal(markerHolds('python_version >= "3.8" and sys_platform == "linux"', values), true)
  assert.equal(markerHolds('platform_release > "5"', values), undefined)
  assert.equal(markerHolds('extra == "test" and platform_release > "5"', values), false)
  assert.equal(markerHolds('(implementation_name == "pypy" or python_version < "3")', values), undefined)
  assert.equal(markerHolds('implementation_name == "pypy" or python_version > "3"', values), true)
  assert.equal(markerHolds('sys_platform >= "linux"', values), undefined, 'an ordering on a string variable is packaging\'s version-or-string rule')
  assert.equal(markerHolds('python_version <', values), undefined)
})
