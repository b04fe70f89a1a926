/**
 * Wall time per named stage. A stage timed twice (several functions, or a retry) adds up. Stages that run side
 * by side (the dependency layer while the app is built) overlap, so their sum can exceed the total.
 * "start-up" is the time from the process's start to the clock's creation: Node and spindrift's own loading.
 */
export declare class StageClock {
    private readonly madeAt;
    private readonly stages;
    time<T>(stage: string, work: () => Promise<T>): Promise<T>;
    timeSync<T>(stage: string, work: () => T): T;
    add(stage: string, ms: number): void;
    /** Each stage in the order it first ran, with start-up first and the total (process start to now) last. */
    entries(): {
        stage: string;
        ms: number;
    }[];
    /** "Profile: start-up 120 ms · interpreter 3 ms · … · total 650 ms" */
    line(): string;
}
/** Time `work` on the clock when there is one. */
export declare function timed<T>(clock: StageClock | undefined, stage: string, work: () => Promise<T>): Promise<T>;
export declare function timeSync<T>(clock: StageClock | undefined, stage: string, work: () => T): T;
