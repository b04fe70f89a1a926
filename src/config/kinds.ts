import { SpindriftError } from '../common/errors.js'
import type { Entry } from './entry.js'

export type PackageType = 'plain' | 'flask'

/** The handler the shim calls and how it adapts events (one AppKind below per type). */
export interface AppOptions {
  type: PackageType
  entry: Entry
  /** For flask: where non-HTTP events go. */
  eventsEntry?: Entry
  /** For flask: leading path moved into SCRIPT_NAME, normalised to "/a/b". */
  basePath?: string
  textMimeTypes: string[]
}


/**
 * One kind of app behind the shim: which settings it takes and what the shim is told about it. Adding a kind
 * (ASGI next) is one more entry here and its adapter in shim/index.py; app/shim.ts renders what shimConfig gives.
 */
export interface AppKind {
  readonly type: PackageType
  /** Settings only this kind uses; naming one of them for another kind is an error. */
  readonly ownSettings: readonly string[]
  /** The shim's configuration (JSON data, never code) for this kind's part of the app options. */
  shimConfig(app: AppOptions): Record<string, unknown>
}

/** A Lambda handler function, bound as it is. */
const plain: AppKind = {
  type: 'plain',
  ownSettings: [],
  shimConfig: app => ({ type: 'plain', module: app.entry.module, attribute: app.entry.attribute })
}

/** Any WSGI app (Flask, Django's WSGI application…) behind the shim's PEP 3333 adapter. */
const wsgi: AppKind = {
  type: 'flask',
  ownSettings: ['package.events-entry', 'package.base-path', 'package.text-mime-types'],
  shimConfig: app => {
    const config: Record<string, unknown> = { type: 'flask', module: app.entry.module, attribute: app.entry.attribute }
    if (app.eventsEntry) Object.assign(config, { events_module: app.eventsEntry.module, events_attribute: app.eventsEntry.attribute })
    if (app.basePath) config.base_path = app.basePath
    if (app.textMimeTypes.length) config.text_mime_types = app.textMimeTypes
    return config
  }
}

export const APP_KINDS: readonly AppKind[] = [plain, wsgi]

export function appKind(type: PackageType): AppKind {
  const kind = APP_KINDS.find(k => k.type === type)
  if (!kind) throw new Error(`no app kind for package.type ${type}`)
  return kind
}

/** Settings given that belong to another kind than the chosen one: one sentence naming them and the kind they need. */
export function checkKindSettings(type: PackageType, given: readonly string[]): void {
  const chosen = appKind(type)
  for (const other of APP_KINDS) {
    if (other === chosen) continue
    const foreign = given.filter(setting => other.ownSettings.includes(setting) && !chosen.ownSettings.includes(setting))
    if (foreign.length === 0) continue
    throw new SpindriftError(`${foreign.join(' and ')} only apply to package.type ${other.type}, but the type is ${type}; remove ${foreign.length > 1 ? 'them' : 'it'} or set package.type to ${other.type}.`)
  }
}
