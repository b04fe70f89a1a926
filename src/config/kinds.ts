import { SpindriftError, quote } from '../common/errors.js'
import type { Entry } from './entry.js'

export type PackageType = 'plain' | 'wsgi' | 'asgi'

/** `package.type` values that name another type: the seed's `flask` is any WSGI app. */
export const TYPE_ALIASES: Readonly<Record<string, PackageType>> = { flask: 'wsgi' }

/** The handler the shim calls and how it adapts events (one AppKind below per type). */
export interface AppOptions {
  type: PackageType
  /** False when package.type was left out: the type may then be inferred from the entry object. */
  typeGiven: boolean
  entry: Entry
  /** For wsgi and asgi: where non-HTTP events go. */
  eventsEntry?: Entry
  /** For wsgi and asgi: leading path moved into SCRIPT_NAME (root_path), normalised to "/a/b". */
  basePath?: string
  textMimeTypes: string[]
  /** For wsgi and asgi: the request sent through the app before a SnapStart snapshot. */
  snapstartWarmup?: WarmupRequest
}

/** `package.snapstart-warmup: GET /health?deep=1` parsed. */
export interface WarmupRequest {
  method: string
  path: string
  query: string
}

/**
 * One kind of app behind the shim: which settings it takes and what the shim is told about it. Adding a kind
 * is one more entry here and its adapter in shim/index.py; app/shim.ts renders what shimConfig gives.
 */
export interface AppKind {
  readonly type: PackageType
  /** Settings only web kinds use; naming one of them for another kind is an error. */
  readonly ownSettings: readonly string[]
  /** The shim's configuration (JSON data, never code) for this kind's part of the app options. */
  shimConfig(app: AppOptions): Record<string, unknown>
}

function entryConfig(type: PackageType, entry: Entry): Record<string, unknown> {
  const config: Record<string, unknown> = { type, module: entry.module, attribute: entry.attribute }
  if (entry.call) config.call = true
  return config
}

/** A Lambda handler function, bound as it is. */
const plain: AppKind = {
  type: 'plain',
  ownSettings: [],
  shimConfig: app => entryConfig('plain', app.entry)
}

const WEB_SETTINGS = ['package.events-entry', 'package.base-path', 'package.text-mime-types', 'package.snapstart-warmup']

/** An HTTP app behind one of the shim's adapters: both share the event translation and these settings. */
function webKind(type: 'wsgi' | 'asgi'): AppKind {
  return {
    type,
    ownSettings: WEB_SETTINGS,
    shimConfig: app => {
      const config = entryConfig(type, app.entry)
      if (app.eventsEntry) Object.assign(config, { events_module: app.eventsEntry.module, events_attribute: app.eventsEntry.attribute })
      if (app.basePath) config.base_path = app.basePath
      if (app.textMimeTypes.length) config.text_mime_types = app.textMimeTypes
      if (app.snapstartWarmup) config.snapstart_warmup = app.snapstartWarmup
      return config
    }
  }
}

/** Any WSGI app (Flask, Django's WSGI application…) behind the PEP 3333 adapter; ASGI 3 apps (FastAPI, Starlette, Quart, Django's ASGI application…) behind the ASGI adapter. */
export const APP_KINDS: readonly AppKind[] = [plain, webKind('wsgi'), webKind('asgi')]

export function appKind(type: PackageType): AppKind {
  const kind = APP_KINDS.find(k => k.type === type)
  if (!kind) throw new Error(`no app kind for package.type ${type}`)
  return kind
}

/** A package.type setting's value (already one of the option's choices) as the type it names. */
export function packageType(value: string): PackageType {
  return TYPE_ALIASES[value] ?? (value as PackageType)
}

/** Settings given that belong to other kinds than the chosen one: one sentence naming them and the kinds they need. */
export function checkKindSettings(type: PackageType, given: readonly string[]): void {
  const chosen = appKind(type)
  const foreign = given.filter(setting => !chosen.ownSettings.includes(setting) && APP_KINDS.some(k => k.ownSettings.includes(setting)))
  if (foreign.length === 0) return
  const kinds = APP_KINDS.filter(k => foreign.every(setting => k.ownSettings.includes(setting))).map(k => k.type)
  throw new SpindriftError(`${foreign.join(' and ')} only apply to package.type ${kinds.join(' or ')}, but the type is ${type}; remove ${foreign.length > 1 ? 'them' : 'it'} or set package.type to ${kinds[0]}.`)
}

const WARMUP = /^(?:(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s+)?(\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)(?:\?([A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*))?$/

/** "GET /health?deep=1" (the method defaults to GET) → its parts; anything else is one sentence. */
export function parseWarmup(text: string): WarmupRequest {
  const match = WARMUP.exec(text.trim())
  if (!match) {
    throw new SpindriftError(`package.snapstart-warmup ${quote(text)} is not a request; write it as a method and a URL path, for example "GET /health" or "GET /ready?deep=1".`)
  }
  return { method: match[1] ?? 'GET', path: match[2], query: match[3] ?? '' }
}
