import { createHash } from 'node:crypto'
import { canonicalName, compareNames } from '../common/names.js'
import type { WheelChoice } from '../common/report.js'

/** The CycloneDX specification version the SBOMs follow. */
export const CYCLONEDX_SPEC = '1.7'

/** A file of the zip the SBOM describes: only *.dist-info/METADATA files are read. */
export interface ZipFile {
  name: string
  data: Buffer
}

/** What the SBOM says about the artefact itself and how its dependencies were chosen. */
export interface SbomSubject {
  /** The app's name (package.name), the root component. */
  appName: string
  /** The app's version, from its own dist-info when it was built as a wheel. */
  appVersion?: string
  /** What kind of artefact: the function zip or a layer zip. */
  artefact: 'function-zip' | 'layer-zip'
  /** The artefact's hex SHA-256: the SBOM's subject. */
  sha256: string
  /** Where the dependency set came from ("requirements files", "uv.lock"…), recorded on each component. */
  dependencySource?: string
  /** Prefix of the dependencies inside the zip: "" for a function zip, "python/" for a layer. */
  prefix: string
  /** A dist-info to leave out of the components (the app's own). */
  appDistInfo?: string
  /** What the layer recorded about each wheel: its file's SHA-256 and what chose it. */
  wheels?: Pick<WheelChoice, 'name' | 'version' | 'sha256' | 'chosenBy'>[]
}

interface Component {
  type: 'library' | 'application'
  'bom-ref': string
  name: string
  version?: string
  purl?: string
  licenses?: ({ expression: string } | { license: { name: string } })[]
  hashes?: { alg: 'SHA-256'; content: string }[]
  properties?: { name: string; value: string }[]
}

/**
 * A CycloneDX JSON SBOM of one zip: one component per distribution actually in it (from its dist-info METADATA),
 * the app as the root component, the zip's SHA-256 as the subject. No clock and no random value: the same zip
 * gives the same bytes (the serial number is derived from the zip's hash).
 */
export function sbomOf(files: ZipFile[], subject: SbomSubject): Buffer {
  const components = files
    .filter(file => file.name.startsWith(subject.prefix) && /^[^/]+\.dist-info\/METADATA$/.test(file.name.slice(subject.prefix.length)))
    .filter(file => !subject.appDistInfo || !file.name.slice(subject.prefix.length).startsWith(`${subject.appDistInfo}/`))
    .map(file => componentOf(file.data.toString('utf8'), subject.dependencySource, subject.wheels ?? []))
    .sort((a, b) => compareNames(a['bom-ref'], b['bom-ref']))
  const rootRef = `app:${subject.appName}`
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
  }
  return Buffer.from(`${JSON.stringify(bom, null, 2)}\n`, 'utf8')
}

/** One distribution from its METADATA headers: name, version, purl and the licence it declares. */
function componentOf(metadata: string, source: string | undefined, wheels: NonNullable<SbomSubject['wheels']>): Component {
  const headers = metadataHeaders(metadata)
  const name = headers.get('name')?.[0] ?? 'unknown'
  const version = headers.get('version')?.[0]
  const purl = `pkg:pypi/${canonicalName(name)}${version ? `@${encodeURIComponent(version)}` : ''}`
  const component: Component = { type: 'library', 'bom-ref': purl, name, ...(version && { version }), purl }
  const licenses = licencesOf(headers)
  if (licenses.length) component.licenses = licenses
  const wheel = wheels.find(w => canonicalName(w.name) === canonicalName(name) && w.version === version)
  // The hash of the wheel file the distribution was installed from, as the index or the lock gives it.
  if (wheel?.sha256) component.hashes = [{ alg: 'SHA-256', content: wheel.sha256 }]
  const properties = [...(source ? [{ name: 'spindrift:dependency-source', value: source }] : []), ...(wheel ? [{ name: 'spindrift:chosen-by', value: wheel.chosenBy }] : [])]
  if (properties.length) component.properties = properties
  return component
}

/** License-Expression (PEP 639) when declared; else a short License field; else the licence classifiers. */
function licencesOf(headers: Map<string, string[]>): Component['licenses'] & object {
  const expression = headers.get('license-expression')?.[0]?.trim()
  if (expression) return [{ expression }]
  const text = headers.get('license')?.[0]?.trim()
  if (text && text.length <= 100 && !text.includes('\n')) return [{ license: { name: text } }]
  const classifiers = (headers.get('classifier') ?? []).filter(c => c.startsWith('License ::')).map(c => c.split('::').pop()!.trim())
  return [...new Set(classifiers)].sort().map(name => ({ license: { name } }))
}

/** RFC 822-style headers of a METADATA file (up to the first blank line), names lower-cased, repeated ones kept. */
function metadataHeaders(metadata: string): Map<string, string[]> {
  const headers = new Map<string, string[]>()
  let last: string | undefined
  for (const line of metadata.split(/\r?\n/)) {
    if (line === '') break
    if (/^\s/.test(line) && last) {
      const values = headers.get(last)!
      values[values.length - 1] += `\n${line.trim()}`
      continue
    }
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    last = line.slice(0, colon).trim().toLowerCase()
    headers.set(last, [...(headers.get(last) ?? []), line.slice(colon + 1).trim()])
  }
  return headers
}

/** An RFC 4122 version-5-shaped UUID from a hex digest: stable for the same zip, unique across zips. */
function uuidFrom(hex: string): string {
  const bytes = createHash('sha256').update(`spindrift-sbom:${hex}`).digest().subarray(0, 16)
  bytes[6] = (bytes[6] & 0x0f) | 0x50
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const h = bytes.toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
