/** The HTTP event sources `spindrift serve` can stand in for. */
export const SOURCES = ['rest', 'http-v2', 'http-v1', 'function-url', 'alb', 'alb-multi'] as const
export type EventSource = (typeof SOURCES)[number]
