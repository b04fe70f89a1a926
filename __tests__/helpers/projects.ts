// Small Python projects for hermetic tests, written by the tests themselves.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { tempDir, writeTree } from './run.js'

/**
 * A PEP 517 build backend kept inside the project (backend-path), so pip can build the project's wheel
 * without fetching setuptools: it packs the package folder named like the project and declares
 * [project].dependencies as Requires-Dist. [tool.fakebackend] changes it: tag = "cp311-cp311-linux_x86_64"
 * builds an impure wheel holding a compiled-module stand-in; extra-requires = [...] declares more than
 * pyproject.toml lists (as a plugin-driven backend might); fail = true makes the build fail.
 */
const IN_TREE_BACKEND = String.raw`
import base64, hashlib, os, tomllib, zipfile

def _pyproject():
    with open("pyproject.toml", "rb") as f:
        return tomllib.load(f)

def get_requires_for_build_wheel(config_settings=None):
    return []

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    pyproject = _pyproject()
    project = pyproject["project"]
    name, version = project["name"], project["version"]
    fake = pyproject.get("tool", {}).get("fakebackend", {})
    if fake.get("fail"):
        raise RuntimeError("the fake backend was told to fail")
    tag = fake.get("tag", "py3-none-any")
    files = {}
    for folder, dirs, names in os.walk(name):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for n in sorted(names):
            path = os.path.join(folder, n)
            with open(path, "rb") as f:
                files[path.replace(os.sep, "/")] = f.read()
    if tag != "py3-none-any":
        files[f"{name}/_speedups.cpython-311-x86_64-linux-gnu.so"] = b"\x7fELF stand-in for a compiled module"
    info = f"{name}-{version}.dist-info"
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    metadata += [f"Requires-Dist: {d}" for d in project.get("dependencies", []) + fake.get("extra-requires", [])]
    files[f"{info}/METADATA"] = ("\n".join(metadata) + "\n").encode()
    purelib = "true" if tag == "py3-none-any" else "false"
    files[f"{info}/WHEEL"] = f"Wheel-Version: 1.0\nGenerator: in-tree\nRoot-Is-Purelib: {purelib}\nTag: {tag}\n".encode()
    record = [f"{p},sha256={base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()},{len(d)}" for p, d in files.items()]
    files[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode()
    filename = f"{name}-{version}-{tag}.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as z:
        for p, d in files.items():
            z.writestr(p, d)
    return filename
`

/** How the in-tree backend should misbehave, if at all. */
export interface FakeBackend {
  tag?: string
  extraRequires?: string[]
  fail?: boolean
}

function pyprojectToml(name: string, version: string, dependencies: string[], backend: FakeBackend = {}): string {
  const lines = ['[build-system]', 'requires = []', 'build-backend = "backend"', 'backend-path = ["_build"]', '', '[project]', `name = "${name}"`, `version = "${version}"`, `dependencies = ${JSON.stringify(dependencies)}`, '']
  lines.push('[tool.fakebackend]')
  if (backend.tag) lines.push(`tag = "${backend.tag}"`)
  if (backend.extraRequires) lines.push(`extra-requires = ${JSON.stringify(backend.extraRequires)}`)
  if (backend.fail) lines.push('fail = true')
  return lines.join('\n') + '\n'
}

/** A project with packaging metadata (pyproject.toml) whose wheel holds only its package, not the repository. */
export function writeBuildableProject(dir: string, options: { name: string; dependencies: string[]; module: string; backend?: FakeBackend }): void {
  writeTree(dir, {
    'pyproject.toml': pyprojectToml(options.name, '1.0', options.dependencies, options.backend),
    '_build/backend.py': IN_TREE_BACKEND,
    [`${options.name}/__init__.py`]: '',
    [`${options.name}/handlers.py`]: options.module,
    'tests/test_nothing.py': 'def test_nothing():\n    pass\n',
    'README.md': '# not part of the wheel\n'
  })
}

export interface FakeSdist {
  name: string
  version: string
  requires?: string[]
  /** The tag of the wheel it builds: pure by default. */
  tag?: string
}

/** A source distribution (.tar.gz) built by the in-tree backend, written into dir; returns its path. */
export function makeSdist(dir: string, sdist: FakeSdist): string {
  const base = `${sdist.name}-${sdist.version}`
  const staging = tempDir('spindrift-sdist-')
  writeTree(path.join(staging, base), {
    'pyproject.toml': pyprojectToml(sdist.name, sdist.version, sdist.requires ?? [], { tag: sdist.tag ?? 'py3-none-any' }),
    'PKG-INFO': `Metadata-Version: 2.1\nName: ${sdist.name}\nVersion: ${sdist.version}\n`,
    '_build/backend.py': IN_TREE_BACKEND,
    [`${sdist.name}/__init__.py`]: 'BUILT_FROM_SOURCE = True\n'
  })
  const file = path.join(dir, `${base}.tar.gz`)
  execFileSync('tar', ['-czf', file, '-C', staging, base])
  return file
}
