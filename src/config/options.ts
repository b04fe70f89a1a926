/**
 * Every setting, once. Settings key `a.b` ⇔ CLI flag `--a-b` ⇔ action input `a-b`; the README's reference
 * table is generated from this list (scripts/docs.ts) and a test fails when it drifts.
 */
export type OptionKind = 'string' | 'list' | 'boolean'

export interface OptionSpec {
  key: string
  kind: OptionKind
  /** Allowed values, for closed sets. */
  choices?: readonly string[]
  /** The value's name in `--help` (default: the key's last word, upper-cased: `--output-path PATH`). */
  valueName?: string
  /** What happens when the option is not given, in words (defaults that depend on other settings). */
  defaultText: string
  description: string
}

/** The list itself, its literal types kept: the library's `PackageOptions` is derived from it (see OptionValues). */
const OPTION_LIST = [
  {
    key: 'package.name',
    kind: 'string',
    defaultText: 'the project folder\'s name',
    description: 'Name of your package; names the default output file.'
  },
  {
    key: 'package.type',
    kind: 'string',
    choices: ['plain', 'wsgi', 'asgi', 'flask'],
    defaultText: 'inferred from the entry object when `package.python` is the runtime\'s version and machine (a WSGI or ASGI app found, else `plain`); otherwise `plain`',
    description: '`plain`: a Lambda handler function; `wsgi`: any WSGI app (Flask, Django\'s `application`…) behind the HTTP shim; `asgi`: any ASGI 3 app (FastAPI, Starlette, Quart, Litestar, Django\'s ASGI `application`…); `flask` is another name for `wsgi`. The shim checks at init that the entry is what the type says.'
  },
  {
    key: 'package.entry',
    kind: 'string',
    defaultText: 'required',
    description: 'What the shim calls: `from yourapp.main import app`, `from a.b import c as d` or `a.b:c`; an app factory as `a.b:create_app()` or `from a.b import create_app()` (called once at init, with no arguments).'
  },
  {
    key: 'package.events-entry',
    kind: 'string',
    defaultText: 'none: non-HTTP events fail with a clear error',
    description: 'For `wsgi` and `asgi`: a plain `(event, context)` function for non-HTTP events (SQS, S3, schedules…), in the same forms as `package.entry`.'
  },
  {
    key: 'package.base-path',
    kind: 'string',
    defaultText: 'none',
    description: 'For `wsgi` and `asgi` behind a custom domain\'s API mapping: this leading path (e.g. `/api`) becomes SCRIPT_NAME (ASGI `root_path`), matched on whole segments.'
  },
  {
    key: 'package.text-mime-types',
    valueName: 'TYPE',
    kind: 'list',
    defaultText: '`text/*`, JSON, XML, JavaScript and form types',
    description: 'For `wsgi` and `asgi`: more response content types sent as text rather than base64 (`application/x-foo`, or `application/*`).'
  },
  {
    key: 'package.snapstart-warmup',
    kind: 'string',
    defaultText: 'none',
    description: 'For `wsgi` and `asgi` with Lambda SnapStart (python3.12 and later): a request such as `GET /health` (a method, a path, an optional `?query`) sent through the app in the runtime\'s before-snapshot hook, so the snapshot holds a warmed-up app; `random` is re-seeded after each restore.'
  },
  {
    key: 'package.runtime',
    kind: 'string',
    defaultText: 'required',
    description: 'The function\'s Lambda runtime: `python3.10` … `python3.14`.'
  },
  {
    key: 'package.architecture',
    kind: 'string',
    choices: ['x86_64', 'arm64'],
    defaultText: '`x86_64`',
    description: 'The function\'s architecture; wheels are chosen for it.'
  },
  {
    key: 'package.path',
    kind: 'string',
    defaultText: 'the settings file\'s folder, else the current folder',
    description: 'The project folder: one with `pyproject.toml`/`setup.py`, or a plain folder of Python files.'
  },
  {
    key: 'package.requirements',
    valueName: 'FILE',
    kind: 'list',
    defaultText: '`requirements.txt` in the project folder, when present',
    description: 'Requirements files whose dependencies are installed besides the project\'s declared ones.'
  },
  {
    key: 'package.lock',
    kind: 'string',
    defaultText: 'the first found: `uv.lock`, `poetry.lock`, `pylock.toml`, `Pipfile.lock` in the project folder, the uv workspace\'s `uv.lock` above it, requirements files pinned with `==` and `--hash`',
    description: 'The lock file that says exactly what to install (its markers decided for the runtime and architecture), relative to the project folder, or `none` to ignore locks.'
  },
  {
    key: 'package.groups',
    kind: 'list',
    defaultText: 'none: the main dependencies only (dev groups never)',
    description: 'Dependency groups of the lock to install besides the main dependencies (Poetry groups, PEP 735 groups, Pipfile categories).'
  },
  {
    key: 'package.extras',
    kind: 'list',
    defaultText: 'none',
    description: 'The project\'s extras (optional dependencies) to install from the lock.'
  },
  {
    key: 'package.member',
    valueName: 'NAME',
    kind: 'string',
    defaultText: 'the member whose folder `package.path` is; required when `package.path` is a uv workspace root that is not itself a member',
    description: 'The uv workspace member to package: its folder becomes the project folder, and the workspace\'s `uv.lock` gives its dependencies and the local members it depends on.'
  },
  {
    key: 'package.python',
    valueName: 'PYTHON',
    kind: 'string',
    defaultText: 'a Python of the runtime\'s version (`python3.X` on PATH, pyenv, the GitHub tool cache, uv-managed), else `python3`',
    description: 'The interpreter that runs pip (and builds the project).'
  },
  {
    key: 'package.installer',
    kind: 'string',
    choices: ['pip', 'uv'],
    defaultText: '`pip`',
    description: 'What installs the dependencies and builds the project\'s wheel (`pip wheel` or `uv build --wheel`). `uv` resolves environment markers for the target itself and builds faster (uv from PATH, or `python -m uv`).'
  },
  {
    key: 'package.index-url',
    kind: 'string',
    defaultText: 'pip\'s own (PyPI, or `PIP_INDEX_URL`)',
    description: 'Package index to install from; credentials in it never reach logs or cache keys.'
  },
  {
    key: 'package.extra-index-url',
    valueName: 'URL',
    kind: 'list',
    defaultText: 'none',
    description: 'Further package indexes.'
  },
  {
    key: 'package.cooldown-days',
    kind: 'string',
    valueName: 'DAYS',
    defaultText: 'none: any upload time',
    description: 'A quarantine against freshly published releases: refuse distributions uploaded less than this many days ago (the cutoff is that many days before today, midnight UTC, and is part of the cache key). Resolution uses pip\'s `--uploaded-prior-to` (pip 26.0 or later) or uv\'s `--exclude-newer`; a lock\'s versions, and what an older pip resolved, are checked against the index\'s upload times (PEP 700 JSON, as PyPI gives them), and a too-fresh one is refused by name and upload date.'
  },
  {
    key: 'package.exclude',
    valueName: 'GLOB',
    kind: 'list',
    defaultText: 'none (`__pycache__` and `*.pyc` are always left out)',
    description: 'Globs of files to leave out of the zip (`**/*.md`, `botocore/data/ec2/**`); `*.dist-info` is always kept.'
  },
  {
    key: 'package.include',
    valueName: 'GLOB',
    kind: 'list',
    defaultText: 'none',
    description: 'Globs of a plain folder\'s files to keep although the default excludes (secrets, VCS and tool folders) would leave them out.'
  },
  {
    key: 'package.only',
    kind: 'list',
    defaultText: 'none: every file the default excludes keep',
    description: 'An allow-list for a plain folder: only files matching one of these globs ship (`app/**`, `handler.py`); the default excludes still apply.'
  },
  {
    key: 'package.timeout',
    kind: 'string',
    defaultText: '`900`',
    description: 'Seconds any one external step (an install, a build, a setup.py, the import check) may take before it is stopped and the run fails.'
  },
  {
    key: 'package.strip-tests',
    kind: 'boolean',
    defaultText: '`false`',
    description: 'Leave out `tests/` and `test/` folders inside dependencies.'
  },
  {
    key: 'package.skip-runtime-provided',
    kind: 'boolean',
    defaultText: '`false`',
    description: 'Leave out what the Lambda runtime already provides (boto3, botocore, s3transfer, jmespath, python-dateutil, six, urllib3). AWS recommends bundling boto3, so this is opt-in.'
  },
  {
    key: 'package.compile',
    kind: 'boolean',
    defaultText: '`false`',
    description: 'Ship bytecode (`unchecked-hash` .pyc, reproducible) for faster cold starts; needs Python of the runtime\'s exact version.'
  },
  {
    key: 'package.import-check',
    kind: 'boolean',
    defaultText: '`false`',
    description: 'Before writing the zip, import the entry from it in an isolated interpreter; needs Python of the runtime\'s version and machine.'
  },
  {
    key: 'package.layer',
    kind: 'boolean',
    defaultText: '`false`',
    description: 'Put the dependencies in a Lambda layer zip of their own (`python/…`, written to `output.layer-path`) and only the app and the shim in the function zip: an app edit then changes only the function zip.'
  },
  {
    key: 'output.path',
    kind: 'string',
    defaultText: '`build/<package.name>.zip` (`build/<function>.zip` under `functions:`)',
    description: 'Where the zip is written (atomically: a failed run leaves an existing file as it was).'
  },
  {
    key: 'output.sbom',
    kind: 'boolean',
    defaultText: '`true`',
    description: 'Write a CycloneDX JSON SBOM beside every zip (`build/app.zip` → `build/app.cdx.json`): one component per distribution in the zip, the app as the root, the zip\'s SHA-256 as the subject; the same zip gives the same SBOM bytes.'
  },
  {
    key: 'output.layer-path',
    kind: 'string',
    defaultText: '`build/<package.name>-layer.zip` (`build/<function>-layer.zip` under `functions:`)',
    description: 'With `package.layer`: where the layer zip is written. Functions that share a dependency set and target can share one layer: give them the same path (set it at the top level).'
  },
  {
    key: 'cache',
    kind: 'boolean',
    defaultText: '`true`',
    description: 'Reuse the dependency layer from `$SPINDRIFT_CACHE_DIR` (default `$XDG_CACHE_HOME/spindrift` or `~/.cache/spindrift`). CLI: `--no-cache`.'
  }
] as const satisfies readonly OptionSpec[]

export const OPTIONS: readonly OptionSpec[] = OPTION_LIST

export const OPTION_KEYS = OPTIONS.map(o => o.key)

/** `package.index-url` → `indexUrl`; `output.path` → `outputPath`: the library's option names. */
export function optionName(key: string): string {
  const local = key.startsWith('package.') ? key.slice('package.'.length) : key
  return local.replace(/[.-]([a-z])/g, (_, c: string) => c.toUpperCase())
}

// The same naming at the type level, so every option in OPTION_LIST is typed without a second list.
type Local<K extends string> = K extends `package.${infer Rest}` ? Rest : K
type Dashed<S extends string> = S extends `${infer Head}.${infer Tail}` ? `${Head}-${Dashed<Tail>}` : S
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S
type Choice<O> = O extends { choices: readonly (infer C extends string)[] } ? C : string
type ValueOf<O> = O extends { kind: 'boolean' } ? boolean : O extends { kind: 'list' } ? Choice<O> | readonly Choice<O>[] : Choice<O>

/** Every option by its library name (`package.index-url` → `indexUrl`), closed sets as string-literal unions. */
export type OptionValues = { [O in (typeof OPTION_LIST)[number] as Camel<Dashed<Local<O['key']>>>]?: ValueOf<O> }

/** `package.index-url` → `package-index-url`: the CLI flag (with `--`) and the action input. */
export function dashed(key: string): string {
  return key.replace(/\./g, '-')
}

/** Inputs only the action has (the CLI's -f and its cwd play these parts). */
export const ACTION_ONLY_INPUTS: readonly { name: string; default: string; description: string }[] = [
  { name: 'settings-file', default: 'settings.spindrift', description: 'Settings file, relative to working-directory; a missing default file means "inputs only".' },
  { name: 'working-directory', default: '.', description: 'Folder the settings file and relative paths are taken from, relative to the workspace.' },
  { name: 'function', default: '', description: 'Only these functions of the settings file\'s `functions:` section, one per line (for matrix jobs); all of them when empty.' },
  { name: 'restore-cache', default: 'true', description: 'Restore the dependency layer from GitHub\'s cache (false: install, or use only the runner\'s own cache folder).' },
  { name: 'save-cache', default: 'auto', description: 'Save a newly installed dependency layer to GitHub\'s cache: true, false, or auto (save, except on release events, tag pushes, pull_request_target and workflow_run, whose caches other refs could restore). Set it to ${{ github.ref == \'refs/heads/main\' }} so that only main writes.' },
  { name: 'cache-suffix', default: '', description: 'Text added to the end of the cache key (letters, digits, ., _ and -): change it to force a fresh layer.' },
  { name: 'pr-comment', default: 'false', description: 'On pull_request events, also post the size and dependency changes against the base branch as a comment (updated on later pushes), with github-token; the job summary always shows them. Needs `pull-requests: write`.' },
  { name: 'github-token', default: '${{ github.token }}', description: 'Token for pr-comment (the workflow\'s own by default). The comparison itself needs only GitHub\'s cache.' }
]

/** The action's outputs: the result object, by the naming rule (base64Sha256 → base64-sha256). */
export const ACTION_OUTPUTS: readonly { name: string; description: string }[] = [
  { name: 'zip-path', description: 'Absolute path of the zip.' },
  { name: 'base64-sha256', description: 'Base64 of the zip\'s SHA-256 digest: Terraform\'s source_code_hash, Lambda\'s CodeSha256.' },
  { name: 'sha256', description: 'Hex SHA-256 of the zip.' },
  { name: 'size', description: 'Zip size in bytes.' },
  { name: 'uncompressed-size', description: 'Sum of the unzipped file sizes in bytes.' },
  { name: 'handler', description: 'The Lambda handler setting: index.handler.' },
  { name: 'cache-hit', description: 'true when the dependency layer came from the cache and pip did not install anything.' },
  { name: 'layer-zip-path', description: 'With `package.layer`: absolute path of the dependency layer zip.' },
  { name: 'layer-base64-sha256', description: 'With `package.layer`: base64 SHA-256 of the layer zip (`aws_lambda_layer_version`\'s source_code_hash).' },
  { name: 'sbom-path', description: 'With `output.sbom` (the default): absolute path of the zip\'s CycloneDX SBOM (for `actions/attest-sbom`).' },
  { name: 'subject-name', description: 'The zip\'s file name, as `actions/attest-build-provenance` takes it.' },
  { name: 'subject-digest', description: '`sha256:<hex>` of the zip, as `actions/attest-build-provenance` takes it (the same SHA-256 as Lambda\'s CodeSha256, in hex).' },
  { name: 'artefacts', description: 'JSON: `{ "functions": { name: result }, "layers": [layer…] }`, every zip with its path, hashes and sizes (the single-function outputs above are set when one function is built).' },
  { name: 'cache-key', description: 'The key the dependency layer is cached under in GitHub\'s cache (with cache-suffix).' }
]
