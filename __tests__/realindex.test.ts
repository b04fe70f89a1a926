// The real package index: binary-heavy packages for four runtime × architecture targets. What pip chose
// (wheel tags), what the binaries are (ELF machine, highest GLIBC needed), and the x86_64 python3.11 zip run;
// the bundled example built by spindrift's own frontend and by pip wheel / uv build.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import AdmZip from 'adm-zip'
import { compareVersions, readElf } from '../src/audit/elf.js'
import { ROOT, copyTree, extract, runCli, tempDir, writeTree } from './helpers/run.js'

const PACKAGES = ['pydantic-core', 'orjson', 'cryptography', 'numpy']
const TARGETS: [string, 'x86_64' | 'arm64', string, number, string][] = [
  // runtime, architecture, ELF machine, e_machine, glibc ceiling
  ['python3.11', 'x86_64', 'x86_64', 62, '2.26'],
  ['python3.12', 'arm64', 'aarch64', 183, '2.34'],
  ['python3.13', 'x86_64', 'x86_64', 62, '2.34'],
  ['python3.14', 'arm64', 'aarch64', 183, '2.34']
]
const app = tempDir('spindrift-real-')
writeTree(app, { 'handler.py': 'def handler(event, context):\n    return 1\n', 'requirements.txt': PACKAGES.join('\n') + '\n' })
const cache = tempDir('spindrift-cache-')

for (const [runtime, architecture, machineName, machine, ceiling] of TARGETS) {
  test(`${runtime} on ${architecture}: ${PACKAGES.join(', ')} with the right wheels and binaries`, () => {
    const out = path.join(app, `${runtime}-${architecture}.zip`)
    const run = runCli(['package', '--package-path', app, '--package-entry', 'handler:handler', '--package-runtime', runtime, '--package-architecture', architecture, '--output-path', out, '--json'], { env: { SPINDRIFT_CACHE_DIR: cache } })
    assert.equal(run.code, 0, run.stderr)
    const zip = new AdmZip(out)
    const pyTag = `cp${runtime.slice('python'.length).replace('.', '')}`
    const arch = machineName
    // Every distribution's wheel tag: pure, abi3, or this CPython; manylinux within the ceiling; this machine.
    const tags = zip.getEntries().filter(e => /^[^/]+\.dist-info\/WHEEL$/.test(e.entryName)).flatMap(e => [...e.getData().toString().matchAll(/^Tag: (\S+)$/gm)].map(m => [e.entryName.split('-')[0], m[1]]))
    const found = new Set(tags.map(([dist]) => dist.toLowerCase().replace(/_/g, '-')))
    for (const pkg of PACKAGES) assert.ok(found.has(pkg), `${pkg} installed (${[...found].join(', ')})`)
    for (const [dist, tag] of tags) {
      const [python, abi, platform] = tag.split('-')
      if (platform === 'any') continue
      assert.ok(python === pyTag || abi === 'abi3', `${dist}: ${tag} is for ${pyTag} or abi3`)
      const manylinux = /^manylinux_(\d+)_(\d+)_(.+)$/.exec(platform) ?? /^manylinux(2014)_(.+)$/.exec(platform)
      assert.ok(manylinux, `${dist}: ${tag} is a manylinux wheel`)
      assert.ok(platform.endsWith(`_${arch}`), `${dist}: ${tag} is for ${arch}`)
      if (manylinux[1] !== '2014') assert.ok(compareVersions(`${manylinux[1]}.${manylinux[2]}`, ceiling) <= 0, `${dist}: ${tag} within glibc ${ceiling}`)
    }
    // Every shared object: ELF for the target machine, GLIBC needs within the runtime's.
    let highest = '0'
    let shared = 0
    for (const entry of zip.getEntries().filter(e => /\.so(\.\d+)*$/.test(e.entryName))) {
      const elf = readElf(entry.getData())
      assert.ok(elf && !elf.error, `${entry.entryName} is a readable ELF`)
      assert.equal(elf.machine, machine, `${entry.entryName} is for ${machineName}`)
      for (const version of elf.glibcVersionsNeeded) if (compareVersions(version.replace('GLIBC_', ''), highest) > 0) highest = version.replace('GLIBC_', '')
      shared++
    }
    assert.ok(shared >= 4, `${shared} shared objects`)
    assert.ok(compareVersions(highest, ceiling) <= 0, `highest GLIBC needed ${highest} ≤ ${ceiling}`)
    console.log(`${runtime} ${architecture}: ${shared} shared objects, highest GLIBC needed ${highest}; wheels: ${tags.map(([d, t]) => `${d} ${t}`).join(', ')}`)

    if (runtime === 'python3.11' && architecture === 'x86_64') {
      // This machine can run it: import every package from the extracted zip in a Python with no site-packages.
      const dir = extract(out)
      const script = `import sys; sys.path.insert(0, ${JSON.stringify(dir)}); import pydantic_core, orjson, numpy; from cryptography.hazmat.primitives import hashes; print(numpy.arange(3).sum(), orjson.dumps({"a": 1}).decode(), pydantic_core.__version__ != "", hashes.Hash(hashes.SHA256()).finalize().hex()[:8])`
      const output = execFileSync('python3', ['-S', '-E', '-c', script], { encoding: 'utf8' }).trim()
      assert.equal(output, '3 {"a":1} True e3b0c442')
    }
  })
}

// The bundled example (setuptools from the real index): spindrift's own frontend builds the same app files as
// pip wheel and uv build, for both installers.
for (const installer of ['pip', 'uv']) {
  test(`examples/flask-app with ${installer}: the direct build ships the same zip as ${installer === 'pip' ? 'pip wheel' : 'uv build'}`, () => {
    const project = tempDir('spindrift-flask-')
    copyTree(path.join(ROOT, 'examples', 'flask-app'), project)
    const zip = (direct: string, buildEnv = '1') => {
      const out = path.join(project, `${installer}-${direct}-${buildEnv}.zip`)
      const run = runCli(['package', '--file', 'settings.spindrift', '--package-runtime', 'python3.11', '--package-installer', installer, '--output-path', out, '--verbose'], { cwd: project, env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-'), SPINDRIFT_DIRECT_BUILD: direct, SPINDRIFT_DIRECT_BUILD_ENV: buildEnv } })
      assert.equal(run.code, 0, run.stderr)
      return { bytes: readFileSync(out), log: run.stderr, names: new AdmZip(out).getEntries().map(e => e.entryName) }
    }
    // setuptools installed by spindrift from PyPI, then by the installer: the same setuptools, the same wheel.
    const direct = zip('1')
    assert.match(direct.log, new RegExp(`^Installed the build requirements as ${installer} would, without running it: setuptools \\d`, 'm'))
    assert.match(direct.log, /with its backend setuptools\.build_meta, its build requirements \(setuptools>=68\) installed by spindrift$/m)
    assert.doesNotMatch(direct.log, /instead:/)
    const installed = zip('1', '0')
    assert.match(installed.log, new RegExp(`with its backend setuptools\\.build_meta, its build requirements \\(setuptools>=68\\) installed by ${installer}$`, 'm'))
    const classic = zip('0')
    assert.match(classic.log, new RegExp(`^Building the project's wheel with ${installer}$`, 'm'))
    assert.ok(direct.names.includes('yourwebapp/main.py'))
    assert.ok(direct.bytes.equals(classic.bytes), 'the same zip bytes as pip wheel / uv build')
    assert.ok(direct.bytes.equals(installed.bytes), 'the same zip bytes as with the installer installing setuptools')
  })
}
