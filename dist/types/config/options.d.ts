/**
 * Every setting, once. Settings key `a.b` ⇔ CLI flag `--a-b` ⇔ action input `a-b`; the README's reference
 * table is generated from this list (scripts/docs.ts) and a test fails when it drifts.
 */
export type OptionKind = 'string' | 'list' | 'boolean';
export interface OptionSpec {
    key: string;
    kind: OptionKind;
    /** Allowed values, for closed sets. */
    choices?: readonly string[];
    /** The value's name in `--help` (default: the key's last word, upper-cased: `--output-path PATH`). */
    valueName?: string;
    /** What happens when the option is not given, in words (defaults that depend on other settings). */
    defaultText: string;
    description: string;
}
/** The list itself, its literal types kept: the library's `PackageOptions` is derived from it (see OptionValues). */
declare const OPTION_LIST: readonly [{
    readonly key: "package.name";
    readonly kind: "string";
    readonly defaultText: "the project folder's name";
    readonly description: "Name of your package; names the default output file.";
}, {
    readonly key: "package.type";
    readonly kind: "string";
    readonly choices: readonly ["plain", "wsgi", "asgi", "flask"];
    readonly defaultText: "inferred from the entry object when `package.python` is the runtime's version and machine (a WSGI or ASGI app found, else `plain`); otherwise `plain`";
    readonly description: "`plain`: a Lambda handler function; `wsgi`: any WSGI app (Flask, Django's `application`…) behind the HTTP shim; `asgi`: any ASGI 3 app (FastAPI, Starlette, Quart, Litestar, Django's ASGI `application`…); `flask` is another name for `wsgi`. The shim checks at init that the entry is what the type says.";
}, {
    readonly key: "package.entry";
    readonly kind: "string";
    readonly defaultText: "required";
    readonly description: "What the shim calls: `from yourapp.main import app`, `from a.b import c as d` or `a.b:c`; an app factory as `a.b:create_app()` or `from a.b import create_app()` (called once at init, with no arguments).";
}, {
    readonly key: "package.events-entry";
    readonly kind: "string";
    readonly defaultText: "none: non-HTTP events fail with a clear error";
    readonly description: "For `wsgi` and `asgi`: a plain `(event, context)` function for non-HTTP events (SQS, S3, schedules…), in the same forms as `package.entry`.";
}, {
    readonly key: "package.base-path";
    readonly kind: "string";
    readonly defaultText: "none";
    readonly description: "For `wsgi` and `asgi` behind a custom domain's API mapping: this leading path (e.g. `/api`) becomes SCRIPT_NAME (ASGI `root_path`), matched on whole segments.";
}, {
    readonly key: "package.text-mime-types";
    readonly valueName: "TYPE";
    readonly kind: "list";
    readonly defaultText: "`text/*`, JSON, XML, JavaScript and form types";
    readonly description: "For `wsgi` and `asgi`: more response content types sent as text rather than base64 (`application/x-foo`, or `application/*`).";
}, {
    readonly key: "package.snapstart-warmup";
    readonly kind: "string";
    readonly defaultText: "none";
    readonly description: "For `wsgi` and `asgi` with Lambda SnapStart (python3.12 and later): a request such as `GET /health` (a method, a path, an optional `?query`) sent through the app in the runtime's before-snapshot hook, so the snapshot holds a warmed-up app; `random` is re-seeded after each restore.";
}, {
    readonly key: "package.runtime";
    readonly kind: "string";
    readonly defaultText: "required";
    readonly description: "The function's Lambda runtime: `python3.10` … `python3.14`.";
}, {
    readonly key: "package.architecture";
    readonly kind: "string";
    readonly choices: readonly ["x86_64", "arm64"];
    readonly defaultText: "`x86_64`";
    readonly description: "The function's architecture; wheels are chosen for it.";
}, {
    readonly key: "package.path";
    readonly kind: "string";
    readonly defaultText: "the settings file's folder, else the current folder";
    readonly description: "The project folder: one with `pyproject.toml`/`setup.py`, or a plain folder of Python files.";
}, {
    readonly key: "package.requirements";
    readonly valueName: "FILE";
    readonly kind: "list";
    readonly defaultText: "`requirements.txt` in the project folder, when present";
    readonly description: "Requirements files whose dependencies are installed besides the project's declared ones.";
}, {
    readonly key: "package.lock";
    readonly kind: "string";
    readonly defaultText: "the first found: `uv.lock`, `poetry.lock`, `pylock.toml`, `Pipfile.lock` in the project folder, the uv workspace's `uv.lock` above it, requirements files pinned with `==` and `--hash`";
    readonly description: "The lock file that says exactly what to install (its markers decided for the runtime and architecture), relative to the project folder, or `none` to ignore locks.";
}, {
    readonly key: "package.groups";
    readonly kind: "list";
    readonly defaultText: "none: the main dependencies only (dev groups never)";
    readonly description: "Dependency groups of the lock to install besides the main dependencies (Poetry groups, PEP 735 groups, Pipfile categories).";
}, {
    readonly key: "package.extras";
    readonly kind: "list";
    readonly defaultText: "none";
    readonly description: "The project's extras (optional dependencies) to install from the lock.";
}, {
    readonly key: "package.member";
    readonly valueName: "NAME";
    readonly kind: "string";
    readonly defaultText: "the member whose folder `package.path` is; required when `package.path` is a uv workspace root that is not itself a member";
    readonly description: "The uv workspace member to package: its folder becomes the project folder, and the workspace's `uv.lock` gives its dependencies and the local members it depends on.";
}, {
    readonly key: "package.python";
    readonly valueName: "PYTHON";
    readonly kind: "string";
    readonly defaultText: "a Python of the runtime's version (`python3.X` on PATH, pyenv, the GitHub tool cache, uv-managed), else `python3`";
    readonly description: "The interpreter that runs pip (and builds the project).";
}, {
    readonly key: "package.installer";
    readonly kind: "string";
    readonly choices: readonly ["pip", "uv"];
    readonly defaultText: "`pip`";
    readonly description: "What installs the dependencies and builds the project's wheel (`pip wheel` or `uv build --wheel`). `uv` resolves environment markers for the target itself and builds faster (uv from PATH, or `python -m uv`).";
}, {
    readonly key: "package.index-url";
    readonly kind: "string";
    readonly defaultText: "pip's own (PyPI, or `PIP_INDEX_URL`)";
    readonly description: "Package index to install from; credentials in it never reach logs or cache keys.";
}, {
    readonly key: "package.extra-index-url";
    readonly valueName: "URL";
    readonly kind: "list";
    readonly defaultText: "none";
    readonly description: "Further package indexes.";
}, {
    readonly key: "package.cooldown-days";
    readonly kind: "string";
    readonly valueName: "DAYS";
    readonly defaultText: "none: any upload time";
    readonly description: "A quarantine against freshly published releases: refuse distributions uploaded less than this many days ago (the cutoff is that many days before today, midnight UTC, and is part of the cache key). Resolution uses pip's `--uploaded-prior-to` (pip 26.0 or later) or uv's `--exclude-newer`; a lock's versions, and what an older pip resolved, are checked against the index's upload times (PEP 700 JSON, as PyPI gives them), and a too-fresh one is refused by name and upload date.";
}, {
    readonly key: "package.exclude";
    readonly valueName: "GLOB";
    readonly kind: "list";
    readonly defaultText: "none (`__pycache__` and `*.pyc` are always left out)";
    readonly description: "Globs of files to leave out of the zip (`**/*.md`, `botocore/data/ec2/**`); `*.dist-info` is always kept.";
}, {
    readonly key: "package.include";
    readonly valueName: "GLOB";
    readonly kind: "list";
    readonly defaultText: "none";
    readonly description: "Globs of a plain folder's files to keep although the default excludes (secrets, VCS and tool folders) would leave them out.";
}, {
    readonly key: "package.only";
    readonly kind: "list";
    readonly defaultText: "none: every file the default excludes keep";
    readonly description: "An allow-list for a plain folder: only files matching one of these globs ship (`app/**`, `handler.py`); the default excludes still apply.";
}, {
    readonly key: "package.timeout";
    readonly kind: "string";
    readonly defaultText: "`900`";
    readonly description: "Seconds any one external step (an install, a build, a setup.py, the import check) may take before it is stopped and the run fails.";
}, {
    readonly key: "package.strip-tests";
    readonly kind: "boolean";
    readonly defaultText: "`false`";
    readonly description: "Leave out `tests/` and `test/` folders inside dependencies.";
}, {
    readonly key: "package.skip-runtime-provided";
    readonly kind: "boolean";
    readonly defaultText: "`false`";
    readonly description: "Leave out what the Lambda runtime already provides (boto3, botocore, s3transfer, jmespath, python-dateutil, six, urllib3). AWS recommends bundling boto3, so this is opt-in.";
}, {
    readonly key: "package.compile";
    readonly kind: "boolean";
    readonly defaultText: "`false`";
    readonly description: "Ship bytecode (`unchecked-hash` .pyc, reproducible) for faster cold starts; needs Python of the runtime's exact version.";
}, {
    readonly key: "package.import-check";
    readonly kind: "boolean";
    readonly defaultText: "`false`";
    readonly description: "Before writing the zip, import the entry from it in an isolated interpreter; needs Python of the runtime's version and machine.";
}, {
    readonly key: "package.layer";
    readonly kind: "boolean";
    readonly defaultText: "`false`";
    readonly description: "Put the dependencies in a Lambda layer zip of their own (`python/…`, written to `output.layer-path`) and only the app and the shim in the function zip: an app edit then changes only the function zip.";
}, {
    readonly key: "output.path";
    readonly kind: "string";
    readonly defaultText: "`build/<package.name>.zip` (`build/<function>.zip` under `functions:`)";
    readonly description: "Where the zip is written (atomically: a failed run leaves an existing file as it was).";
}, {
    readonly key: "output.sbom";
    readonly kind: "boolean";
    readonly defaultText: "`true`";
    readonly description: "Write a CycloneDX JSON SBOM beside every zip (`build/app.zip` → `build/app.cdx.json`): one component per distribution in the zip, the app as the root, the zip's SHA-256 as the subject; the same zip gives the same SBOM bytes.";
}, {
    readonly key: "output.layer-path";
    readonly kind: "string";
    readonly defaultText: "`build/<package.name>-layer.zip` (`build/<function>-layer.zip` under `functions:`)";
    readonly description: "With `package.layer`: where the layer zip is written. Functions that share a dependency set and target can share one layer: give them the same path (set it at the top level).";
}, {
    readonly key: "cache";
    readonly kind: "boolean";
    readonly defaultText: "`true`";
    readonly description: "Reuse the dependency layer from `$SPINDRIFT_CACHE_DIR` (default `$XDG_CACHE_HOME/spindrift` or `~/.cache/spindrift`). CLI: `--no-cache`.";
}];
export declare const OPTIONS: readonly OptionSpec[];
export declare const OPTION_KEYS: string[];
/** `package.index-url` → `indexUrl`; `output.path` → `outputPath`: the library's option names. */
export declare function optionName(key: string): string;
type Local<K extends string> = K extends `package.${infer Rest}` ? Rest : K;
type Dashed<S extends string> = S extends `${infer Head}.${infer Tail}` ? `${Head}-${Dashed<Tail>}` : S;
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
type Choice<O> = O extends {
    choices: readonly (infer C extends string)[];
} ? C : string;
type ValueOf<O> = O extends {
    kind: 'boolean';
} ? boolean : O extends {
    kind: 'list';
} ? Choice<O> | readonly Choice<O>[] : Choice<O>;
/** Every option by its library name (`package.index-url` → `indexUrl`), closed sets as string-literal unions. */
export type OptionValues = {
    [O in (typeof OPTION_LIST)[number] as Camel<Dashed<Local<O['key']>>>]?: ValueOf<O>;
};
/** `package.index-url` → `package-index-url`: the CLI flag (with `--`) and the action input. */
export declare function dashed(key: string): string;
/** Inputs only the action has (the CLI's -f and its cwd play these parts). */
export declare const ACTION_ONLY_INPUTS: readonly {
    name: string;
    default: string;
    description: string;
}[];
/** The action's outputs: the result object, by the naming rule (base64Sha256 → base64-sha256). */
export declare const ACTION_OUTPUTS: readonly {
    name: string;
    description: string;
}[];
export {};
