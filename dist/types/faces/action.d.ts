/** RUNNER_DEBUG (the runner's "debug logging") or ACTIONS_STEP_DEBUG: the resolved plan, the cache key's parts, pip -v, stacks. */
export declare function debugEnabled(env: NodeJS.ProcessEnv): boolean;
/** The action face: inputs (by the naming rule) and settings.spindrift → Plan → outputs and a job summary. */
export declare function run(env?: NodeJS.ProcessEnv): Promise<void>;
