/** https://user:token@host/simple → https://host/simple: credentials never enter keys or logs. */
export function stripCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1')
}
