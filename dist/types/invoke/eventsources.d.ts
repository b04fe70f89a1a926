/** The HTTP event sources `spindrift serve` can stand in for. */
export declare const SOURCES: readonly ["rest", "http-v2", "http-v1", "function-url", "alb", "alb-multi"];
export type EventSource = (typeof SOURCES)[number];
