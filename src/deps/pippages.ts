// What pip read while it resolved: the index pages and find-links locations it names in its -vv output. The
// resolution memo (resolutionmemo.ts) checks these again before it trusts an earlier resolution.

/** Where pip looked: an index page (a project's page, or a find-links HTML page) or a find-links location. */
export interface PipSource {
  kind: 'page' | 'links'
  /** As pip printed it: credentials redacted (`user:****@`), so it can be stored. */
  url: string
}

/** What one pip run's -vv output tells about where it looked. */
export interface PipReading {
  sources: PipSource[]
  /** "N location(s) to search for versions of X" lines: none in a run that resolved something means pip's output was not understood. */
  lookups: number
  /** pip could not read a page ("Could not fetch URL …"): it resolved without it, so its answer is not to be kept. */
  fetchFailed: boolean
}

/** Collects pip's -vv lines one at a time (they can run to megabytes; only the few that matter are kept). */
export class PipPagesReader {
  private readonly sources = new Map<string, PipSource>()
  private lookups = 0
  private fetchFailed = false
  private inLocations = false

  line(raw: string): void {
    const line = raw.trim()
    const add = (kind: PipSource['kind'], url: string): void => {
      this.sources.set(`${kind} ${url}`, { kind, url })
    }
    if (/^\d+ location\(s\) to search for versions of /.test(line)) {
      this.lookups++
      this.inLocations = true
      return
    }
    // The locations follow their count as "* URL" lines.
    if (this.inLocations && line.startsWith('* ')) return add('page', line.slice(2).trim())
    this.inLocations = false
    const fetching = /^Fetching project page and analyzing links: (\S+)/.exec(line)
    if (fetching) return add('page', fetching[1])
    // A file:// project folder that does not exist is skipped: if it appears later, pip will read it.
    const ignored = /Location '([^']+)' is ignored/.exec(line)
    if (ignored) return add('page', ignored[1])
    const links = /^Looking in links: (.+)$/.exec(line)
    if (links) for (const link of links[1].split(', ').map(l => l.trim()).filter(Boolean)) add('links', link)
    if (/^Could not fetch URL /.test(line)) this.fetchFailed = true
  }

  reading(): PipReading {
    return { sources: [...this.sources.values()], lookups: this.lookups, fetchFailed: this.fetchFailed }
  }
}

/**
 * `python -m pip` at -vv, but without its per-link lines ("Skipping link …", "Found link …"): on a set with
 * big index pages (botocore's has thousands of files) they are nearly all of pip's output, megabytes of it,
 * and formatting and printing them more than doubles the resolution's time. The lines the reader needs are
 * kept. Should pip's module layout differ, nothing is filtered: slower, never different.
 */
const QUIET_LINKS_PIP = String.raw`
import os, sys
# As pip's own __main__ does, and before any import: the project folder (the working directory) shadows nothing.
if sys.path and sys.path[0] in ("", os.getcwd()):
    sys.path.pop(0)
import logging, runpy
try:
    import pip._internal.index.package_finder as finder
    class PerLinkLines(logging.Filter):
        def filter(self, record):
            return not (record.levelno < logging.INFO and isinstance(record.msg, str) and record.msg.startswith(("Skipping link", "Found link")))
    logging.getLogger(finder.__name__).addFilter(PerLinkLines())
except Exception:
    pass
runpy.run_module("pip", run_name="__main__", alter_sys=True)
`

/** The command that runs pip for a -vv resolution read by PipPagesReader: [python, -c, …] instead of [python, -m, pip]. */
export function pipForPageReading(command: readonly string[]): string[] {
  return command.length === 3 && command[1] === '-m' && command[2] === 'pip' ? [command[0], '-c', QUIET_LINKS_PIP] : [...command]
}

/** pip's own redaction of a URL's credentials: user:password → user:****, a lone token → ****. */
export function pipRedacted(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/i, (_all, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':')
    return `${scheme}${colon >= 0 ? `${userinfo.slice(0, colon)}:****` : '****'}@`
  })
}

/**
 * A URL pip printed redacted, with the credentials of the configured index or find-links URL it starts with
 * put back; undefined when it carries redacted credentials that no configured URL explains (from a netrc or
 * keyring: spindrift cannot read the page as pip did).
 */
export function withCredentials(printed: string, configured: readonly string[]): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]*\*\*\*\*[^\s/?#]*@/i.test(printed)) return printed
  for (const url of configured) {
    const base = url.replace(/\/+$/, '')
    const redacted = pipRedacted(base)
    if (redacted === base) continue
    if (printed === redacted || printed.startsWith(`${redacted}/`) || printed.startsWith(`${redacted}?`)) return base + printed.slice(redacted.length)
  }
  return undefined
}
