/** What the action adds to the local layer store: a shared cache (GitHub's) restored into and saved from its folder. */
export interface RemoteCache {
    /** Fill `folder` with the entry saved under `key`; false on a miss or any failure (after warning). */
    restore(folder: string, key: string): Promise<boolean>;
    /** Save `folder` under `key`; failures are warnings. */
    save(folder: string, key: string): Promise<void>;
}
