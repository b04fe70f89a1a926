// Small Python projects for hermetic tests, written by the tests themselves.
import { writeTree } from './run.js'

/**
 * A PEP 517 build backend kept inside the project (backend-path), so pip can build the project's wheel
 * without fetching setuptools: it packs the package folder named like the project and declares
 * [project].dependencies as Requires-Dist.
 */
const IN_TREE_BACKEND = `
import base64, hashlib, os, tomllib, zipfile

def _project():
    with open("pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]

def get_requires_for_build_wheel(config_settings=None):
    return []

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project = _project()
    name, version = project["name"], project["version"]
    files = {}
    for folder, dirs, names in os.walk(name):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for n in sorted(names):
            path = os.path.join(folder, n)
            with open(path, "rb") as f:
                files[path.replace(os.sep, "/")] = f.read()
    info = f"{name}-{version}.dist-info"
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    metadata += [f"Requires-Dist: {d}" for d in project.get("dependencies", [])]
    files[f"{info}/METADATA"] = ("\\n".join(metadata) + "\\n").encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\\nGenerator: in-tree\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
    record = [f"{p},sha256={base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode()},{len(d)}" for p, d in files.items()]
    files[f"{info}/RECORD"] = ("\\n".join(record + [f"{info}/RECORD,,"]) + "\\n").encode()
    filename = f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w") as z:
        for p, d in files.items():
            z.writestr(p, d)
    return filename
`

/** A project with packaging metadata (pyproject.toml) whose wheel holds only its package, not the repository. */
export function writeBuildableProject(dir: string, options: { name: string; dependencies: string[]; module: string }): void {
  writeTree(dir, {
    'pyproject.toml': [
      '[build-system]',
      'requires = []',
      'build-backend = "backend"',
      'backend-path = ["_build"]',
      '',
      '[project]',
      `name = "${options.name}"`,
      'version = "1.0"',
      `dependencies = ${JSON.stringify(options.dependencies)}`,
      ''
    ].join('\n'),
    '_build/backend.py': IN_TREE_BACKEND,
    [`${options.name}/__init__.py`]: '',
    [`${options.name}/handlers.py`]: options.module,
    'tests/test_nothing.py': 'def test_nothing():\n    pass\n',
    'README.md': '# not part of the wheel\n'
  })
}
