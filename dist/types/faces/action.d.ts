/** The action face: inputs (by the naming rule) and settings.spindrift → Plan → outputs and a job summary. */
export declare function run(env?: NodeJS.ProcessEnv): Promise<void>;
