/** https://user:token@host/simple → https://host/simple: credentials never enter keys or logs. */
export declare function stripCredentials(text: string): string;
