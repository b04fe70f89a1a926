/** What the action adds to the local layer store: a shared cache (GitHub's) restored into and saved from its folder. */
export interface RemoteCache {
    /** Fill `folder` with the entry saved under `key`; false on a miss or any failure (after warning). */
    restore(folder: string, key: string): Promise<boolean>;
    /** Save `folder` under `key`; failures are warnings. */
    save(folder: string, key: string): Promise<void>;
    /**
     * Before an install: fill the wheel cache folder from the newest entry for this target (`scope`, runtime and
     * architecture), whatever wheels it holds; the wheel cache checks every file's hash on use.
     */
    restoreWheels?(folder: string, scope: string): Promise<void>;
    /** After a new layer is stored: save the wheel cache folder, when it holds other wheels than were restored. */
    saveWheels?(folder: string, scope: string): Promise<void>;
}
/** The wheels' scope in a shared cache: one family of entries per runtime and architecture. */
export declare function wheelScope(target: {
    runtime: {
        name: string;
    };
    architecture: string;
}): string;
