/**
 * https://user:token@host/simple → https://host/simple, and ?token=abc → ?token=***: credentials never enter
 * keys or logs. The user part runs to the last "@" before the host, so a password holding "@" goes whole.
 */
export declare function stripCredentials(text: string): string;
/** The secrets a URL carries, each whole: the password (or lone token) of its user part and secret query values. */
export declare function secretsOf(url: string): string[];
