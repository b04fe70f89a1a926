// The CycloneDX SBOM written beside every zip: its components are the zip's dist-infos, it validates against the
// official CycloneDX schema, the same zip gives the same bytes, and the action hands over provenance subjects.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { test } from 'node:test'
import AdmZip from 'adm-zip'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { makeIndex, sha256File } from './helpers/pyindex.js'
import { runCli, tempDir, writeTree } from './helpers/run.js'

const work = tempDir()
const INDEX = makeIndex(path.join(work, 'index'), [
  { name: 'Expressed_Lib', version: '1.2.0', tag: 'py3-none-any', metadata: ['License-Expression: MIT OR Apache-2.0'], requires: ['plainlic>=1'] },
  { name: 'plainlic', version: '3.0', tag: 'py3-none-any', metadata: ['License: BSD-3-Clause'] },
  { name: 'classified', version: '0.9', tag: 'py3-none-any', metadata: ['Classifier: Programming Language :: Python', 'Classifier: License :: OSI Approved :: MIT License'] }
])

/** The official CycloneDX 1.7 JSON schema (shipped by the CycloneDX project's own library) in a draft-07 validator. */
function cycloneDxValidator() {
  const schemaDir = path.join(path.dirname(createRequire(import.meta.url).resolve('@cyclonedx/cyclonedx-library/package.json')), 'res', 'schema')
  const load = (file: string) => JSON.parse(readFileSync(path.join(schemaDir, file), 'utf8'))
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats.default(ajv)
  // The bom schema refers to its companions by their SNAPSHOT file names.
  for (const file of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json', 'cryptography-defs.SNAPSHOT.schema.json']) ajv.addSchema({ ...load(file), $id: `http://cyclonedx.org/schema/${file}` })
  const validate = ajv.compile(load('bom-1.7.SNAPSHOT.schema.json'))
  // The problems, or undefined for a valid document.
  return (document: unknown): string | undefined => (validate(document) ? undefined : JSON.stringify(validate.errors, null, 2))
}

function app(): string {
  const dir = tempDir('spindrift-sbom-app-')
  writeTree(dir, { 'handler.py': 'import expressed_lib\n\ndef handler(event, context):\n    return 1\n', 'requirements.txt': 'expressed-lib==1.2.0\nclassified\n' })
  return dir
}

const args = (dir: string, out: string, extra: string[] = []) => ['package', '--package-path', dir, '--package-name', 'orders', '--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--package-index-url', INDEX, '--output-path', out, '--json', ...extra]

test('the SBOM beside the zip: a component per distribution in the zip with purl, version and licence, the app as root, the zip as subject; valid CycloneDX 1.7', () => {
  const dir = app()
  const out = path.join(dir, 'out', 'orders.zip')
  const run = runCli(args(dir, out), { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') } })
  assert.equal(run.code, 0, run.stderr)
  const result = JSON.parse(run.stdout)
  assert.equal(result.sbom, path.join(dir, 'out', 'orders.cdx.json'))
  const bom = JSON.parse(readFileSync(result.sbom, 'utf8'))
  assert.equal(cycloneDxValidator()(bom), undefined)
  assert.equal(bom.specVersion, '1.7')
  assert.equal(bom.metadata.component.name, 'orders')
  assert.deepEqual(bom.metadata.component.hashes, [{ alg: 'SHA-256', content: result.sha256 }])
  const inZip = new AdmZip(out).getEntries().map(e => e.entryName).filter(n => /\.dist-info\/METADATA$/.test(n)).map(n => n.split('-')[0].toLowerCase())
  assert.deepEqual(bom.components.map((c: { name: string }) => c.name.toLowerCase().replace(/-/g, '_')).sort(), inZip.sort(), 'exactly the distributions in the zip')
  const byName = Object.fromEntries(bom.components.map((c: { name: string }) => [c.name, c]))
  assert.equal(byName.Expressed_Lib.purl, 'pkg:pypi/expressed-lib@1.2.0')
  assert.deepEqual(byName.Expressed_Lib.licenses, [{ expression: 'MIT OR Apache-2.0' }])
  assert.deepEqual(byName.plainlic.licenses, [{ license: { name: 'BSD-3-Clause' } }])
  assert.deepEqual(byName.classified.licenses, [{ license: { name: 'MIT License' } }])
  assert.deepEqual(byName.plainlic.properties, [{ name: 'spindrift:dependency-source', value: 'requirements files' }, { name: 'spindrift:chosen-by', value: 'resolution' }])
  assert.deepEqual(byName.Expressed_Lib.properties[1], { name: 'spindrift:chosen-by', value: 'pin' })
  // The SHA-256 of the wheel file each came from, as the index gave it.
  assert.deepEqual(byName.plainlic.hashes, [{ alg: 'SHA-256', content: sha256File(path.join(work, 'index', 'files', 'plainlic-3.0-py3-none-any.whl')) }])
  assert.deepEqual(bom.dependencies[0], { ref: 'app:orders', dependsOn: bom.components.map((c: { 'bom-ref': string }) => c['bom-ref']) })
})

test('the SBOM is deterministic: the same zip gives the same SBOM bytes, another zip another serial number; output.sbom false writes none', () => {
  const dir = app()
  const env = { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') }
  const first = JSON.parse(runCli(args(dir, path.join(dir, 'a.zip')), { env }).stdout)
  const second = JSON.parse(runCli(args(dir, path.join(dir, 'b.zip')), { env }).stdout)
  assert.equal(first.sha256, second.sha256)
  const sbomA = readFileSync(first.sbom)
  assert.ok(sbomA.equals(readFileSync(second.sbom)), 'same zip ⇒ same SBOM bytes')
  writeTree(dir, { 'handler.py': 'import expressed_lib\n\ndef handler(event, context):\n    return 2\n' })
  const third = JSON.parse(runCli(args(dir, path.join(dir, 'c.zip')), { env }).stdout)
  assert.notEqual(JSON.parse(readFileSync(third.sbom, 'utf8')).serialNumber, JSON.parse(sbomA.toString()).serialNumber)
  const off = runCli(args(dir, path.join(dir, 'd.zip'), ['--no-output-sbom']), { env })
  assert.equal(off.code, 0, off.stderr)
  assert.equal(JSON.parse(off.stdout).sbom, undefined)
  assert.equal(existsSync(path.join(dir, 'd.cdx.json')), false)
})

test('with a layer, the layer zip has its own SBOM listing the dependencies; the function zip\'s lists none', () => {
  const dir = app()
  const run = runCli(args(dir, path.join(dir, 'fn.zip'), ['--package-layer', '--output-layer-path', path.join(dir, 'deps.zip')]), { env: { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') } })
  assert.equal(run.code, 0, run.stderr)
  const result = JSON.parse(run.stdout)
  const layerBom = JSON.parse(readFileSync(result.layer.sbom, 'utf8'))
  assert.equal(result.layer.sbom, path.join(dir, 'deps.cdx.json'))
  assert.deepEqual(layerBom.metadata.component.hashes, [{ alg: 'SHA-256', content: result.layer.sha256 }])
  assert.deepEqual(layerBom.components.map((c: { name: string }) => c.name).sort(), ['Expressed_Lib', 'classified', 'plainlic'])
  assert.deepEqual(JSON.parse(readFileSync(result.sbom, 'utf8')).components, [])
  // Why this wheel: the layer's distributions are listed on the layer, none on the function zip.
  assert.deepEqual(result.layer.distributions.map((d: { name: string }) => d.name).sort(), ['Expressed_Lib', 'classified', 'plainlic'])
  assert.equal(result.layer.distributions.find((d: { name: string }) => d.name === 'plainlic').file, 'plainlic-3.0-py3-none-any.whl')
  assert.deepEqual(result.distributions, [])
  assert.equal(cycloneDxValidator()(layerBom), undefined)
})

test('the action: sbom-path, subject-name and subject-digest as actions/attest-build-provenance and attest-sbom take them', async () => {
  const { runAction } = await import('./helpers/action.js')
  const ws = tempDir('spindrift-ws-')
  writeTree(ws, { 'app/handler.py': 'def handler(event, context):\n    return 1\n', 'app/requirements.txt': 'plainlic\n' })
  const run = await runAction(ws, { 'package-path': 'app', 'package-entry': 'handler:handler', 'package-runtime': 'python3.11', 'package-index-url': INDEX, 'output-path': 'build/app.zip' }, { SPINDRIFT_CACHE_DIR: tempDir('spindrift-cache-') })
  assert.equal(run.code, 0, run.stdout + run.stderr)
  assert.equal(run.outputs['subject-name'], 'app.zip')
  const digest = createHash('sha256').update(readFileSync(run.outputs['zip-path'])).digest()
  assert.equal(run.outputs['subject-digest'], `sha256:${digest.toString('hex')}`)
  assert.equal(Buffer.from(run.outputs['base64-sha256'], 'base64').toString('hex'), digest.toString('hex'), 'CodeSha256 and the attestation digest are one SHA-256')
  assert.equal(run.outputs['sbom-path'], path.join(ws, 'build', 'app.cdx.json'))
  assert.ok(existsSync(run.outputs['sbom-path']))
  // Why this wheel, collapsed in the job summary.
  assert.match(run.summary, /<details><summary>Why these wheels \(1 distributions\)<\/summary>[\s\S]*<td>plainlic<\/td><td>3\.0<\/td><td><code>plainlic-3\.0-py3-none-any\.whl<\/code><\/td><td>py3-none-any<\/td><td>resolution<\/td>[\s\S]*<\/details>/)
})
