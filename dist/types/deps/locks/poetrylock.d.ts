import { type LockFormat } from './lock.js';
/**
 * poetry.lock (Poetry 1.x and 2.x): packages with their own dependency tables. The packages installed are
 * those reached from the project's main dependencies (and the groups and extras asked for) along edges whose
 * markers and python constraints hold on the target. content-hash must match pyproject.toml.
 */
export declare const poetryLock: LockFormat;
/**
 * Poetry's content-hash: sha256 of the relevant pyproject.toml tables as Python's json.dumps(sort_keys=True)
 * writes them ([project] requires-python, dependencies, optional-dependencies and [tool.poetry] dependencies,
 * source, extras, dev-dependencies, group; Poetry 1.x hashed the [tool.poetry] ones alone, at the top).
 */
export declare function contentHash(pyproject: Record<string, unknown>): string;
