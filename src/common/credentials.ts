/** Query parameters that carry a credential (?token=…, &api_key=…, &sig=…). */
const SECRET_PARAM = /([?&](?:[A-Za-z0-9_.-]*(?:token|key|secret|password|passwd|pwd|auth|sig|signature|credential)[A-Za-z0-9_.-]*)=)([^&#\s]+)/gi

/**
 * https://user:token@host/simple → https://host/simple, and ?token=abc → ?token=***: credentials never enter
 * keys or logs. The user part runs to the last "@" before the host, so a password holding "@" goes whole.
 */
export function stripCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1').replace(SECRET_PARAM, '$1***')
}

/** The secrets a URL carries, each whole: the password (or lone token) of its user part and secret query values. */
export function secretsOf(url: string): string[] {
  const secrets: string[] = []
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^\s/?#]*)@/i.exec(url)?.[1]
  if (userinfo) {
    // user:password → the password; a lone token → the token. A user name alone is not a secret.
    const colon = userinfo.indexOf(':')
    secrets.push(colon >= 0 ? userinfo.slice(colon + 1) : userinfo)
  }
  for (const match of url.matchAll(SECRET_PARAM)) secrets.push(match[2])
  // Masks shorter than this would blank out ordinary words in the log.
  return secrets.filter(secret => secret.length >= 3)
}
