// Where a build's time goes, stage by stage: `spindrift package --profile` prints it, --verbose logs it.
import { performance } from 'node:perf_hooks'

/**
 * Wall time per named stage. A stage timed twice (several functions, or a retry) adds up. Stages that run side
 * by side (the dependency layer while the app is built) overlap, so their sum can exceed the total.
 * "start-up" is the time from the process's start to the clock's creation: Node and spindrift's own loading.
 */
export class StageClock {
  private readonly madeAt = performance.now()
  private readonly stages = new Map<string, number>()

  async time<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now()
    try {
      return await work()
    } finally {
      this.add(stage, performance.now() - started)
    }
  }

  timeSync<T>(stage: string, work: () => T): T {
    const started = performance.now()
    try {
      return work()
    } finally {
      this.add(stage, performance.now() - started)
    }
  }

  add(stage: string, ms: number): void {
    this.stages.set(stage, (this.stages.get(stage) ?? 0) + ms)
  }

  /** Each stage in the order it first ran, with start-up first and the total (process start to now) last. */
  entries(): { stage: string; ms: number }[] {
    return [{ stage: 'start-up', ms: this.madeAt }, ...[...this.stages].map(([stage, ms]) => ({ stage, ms })), { stage: 'total', ms: performance.now() }]
  }

  /** "Profile: start-up 120 ms · interpreter 3 ms · … · total 650 ms" */
  line(): string {
    return `Profile: ${this.entries().map(e => `${e.stage} ${Math.round(e.ms)} ms`).join(' · ')}`
  }
}

/** Time `work` on the clock when there is one. */
export function timed<T>(clock: StageClock | undefined, stage: string, work: () => Promise<T>): Promise<T> {
  return clock ? clock.time(stage, work) : work()
}

export function timeSync<T>(clock: StageClock | undefined, stage: string, work: () => T): T {
  return clock ? clock.timeSync(stage, work) : work()
}
