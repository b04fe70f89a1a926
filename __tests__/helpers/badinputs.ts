// The bad-input corpus: each case is run through the CLI (cli-errors.test.ts) and the action bundle
// (action-errors.test.ts). Every one must give one clear sentence, a non-zero exit, no stack trace, and
// write nothing: an existing zip at the output path keeps its bytes and no temp files are left.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import path from 'node:path'
import { filesIn, tempDir, writeTree } from './run.js'

export interface Case {
  /** Only meaningful on the command line (flag syntax). */
  cliOnly?: boolean
  name: string
  /** Files of the app folder (also where the CLI runs). */
  files?: Record<string, string>
  /** Flags after `package`; OUT is replaced by the output path. */
  args: string[]
  message: RegExp
  /** Extra environment variables for the run. */
  env?: Record<string, string>
  /** The action's sentence, where its workspace boundary speaks first. */
  actionMessage?: RegExp
  code?: number
  setup?: (dir: string) => void
  /** More to assert about the app folder afterwards (an input the run must not have touched). */
  check?: (dir: string) => void
}

export const GOOD = ['--package-entry', 'from handler import handler', '--package-runtime', 'python3.11', '--output-path', 'OUT']
/** An index folder with no packages in it: pip answers "no such package" truthfully. */
const EMPTY_INDEX = (() => {
  const dir = path.join(tempDir('spindrift-empty-index-'), 'simple')
  mkdirSync(dir)
  writeFileSync(path.join(dir, 'index.html'), '<!DOCTYPE html><html><body></body></html>\n')
  return dir
})()

export const HANDLER = { 'handler.py': 'def handler(event, context):\n    return event\n' }

export const cases: Case[] = [
  { name: 'malformed YAML', files: { ...HANDLER, 'settings.spindrift': 'package:\n  type: flask\n  entry: [from x\n' }, args: ['--output-path', 'OUT'], message: /settings\.spindrift line \d is not valid YAML .*; fix that line\./ },
  { name: 'unknown key', files: { ...HANDLER, 'settings.spindrift': 'package:\n  runtim: python3.11\n' }, args: [], message: /Unknown setting "package\.runtim" in .*settings\.spindrift line 2; did you mean "package\.runtime"\?/ },
  { name: 'wrong value type', files: { ...HANDLER, 'settings.spindrift': 'package:\n  entry: [a, b]\n' }, args: [], message: /package\.entry in .* line 2 must be a text value, not a list\./ },
  { name: 'unknown package.type', files: HANDLER, args: [...GOOD, '--package-type', 'django'], message: /package\.type is "django", which is not one of "plain", "wsgi", "asgi", "flask"\./ },
  { name: 'retired runtime python3.6', files: HANDLER, args: ['--package-entry', 'handler:handler', '--package-runtime', 'python3.6', '--output-path', 'OUT'], message: /package\.runtime "python3\.6" is retired: AWS Lambda no longer runs it; choose one of the current runtimes: python3\.10, python3\.11, python3\.12, python3\.13, python3\.14\./ },
  { name: 'not a Lambda runtime', files: HANDLER, args: ['--package-entry', 'handler:handler', '--package-runtime', 'python4', '--output-path', 'OUT'], message: /package\.runtime "python4" is not an AWS Lambda Python runtime/ },
  { name: 'misspelt architecture', files: HANDLER, args: [...GOOD, '--package-architecture', 'amd64'], message: /package\.architecture is "amd64", which is not one of "x86_64", "arm64"/ },
  { name: 'entry that does not parse', files: HANDLER, args: ['--package-entry', 'import handler', '--package-runtime', 'python3.11', '--output-path', 'OUT'], message: /package\.entry "import handler" cannot be used because it is not in an accepted form; write it as "from yourapp\.main import app"/ },
  { name: 'entry that tries to inject code', files: HANDLER, args: ['--package-entry', 'from handler import handler;import os', '--package-runtime', 'python3.11', '--output-path', 'OUT'], message: /cannot be used because/ },
  { name: 'entry missing', files: HANDLER, args: ['--package-runtime', 'python3.11', '--output-path', 'OUT'], message: /package\.entry is not set/ },
  { name: 'runtime missing', files: HANDLER, args: ['--package-entry', 'handler:handler', '--output-path', 'OUT'], message: /package\.runtime is not set; set it to your function's runtime/ },
  { name: 'project path not found', files: HANDLER, args: [...GOOD, '--package-path', 'nowhere'], message: /package\.path .*nowhere does not exist; point it at your project folder\./ },
  { name: 'project path is a file', files: HANDLER, args: [...GOOD, '--package-path', 'handler.py'], message: /package\.path .*handler\.py is a file, not a folder/ },
  { name: 'requirements file not found', files: HANDLER, args: [...GOOD, '--package-requirements', 'reqs.txt'], message: /Requirements file .*reqs\.txt does not exist; fix package\.requirements/ },
  { name: 'requirements include not found', files: { ...HANDLER, 'requirements.txt': '-r other.txt\n' }, args: GOOD, message: /requirements\.txt includes other\.txt, which does not exist; fix the -r line\./ },
  { name: 'output path is a directory', files: { ...HANDLER, 'out.zip/keep': '' }, args: ['--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', 'out.zip'], message: /output\.path .*out\.zip is a folder; give the path of the \.zip file to write/ },
  { name: 'output path not writable', files: HANDLER, args: ['--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', '/proc/spindrift-test/app.zip'], actionMessage: /output\.path .* is outside the workspace .*; write the zip inside the workspace/, message: /Cannot create the output folder \/proc\/spindrift-test .*; choose an output\.path in a writable folder\./ },
  { name: '--file that does not exist', files: HANDLER, args: ['--file', 'missing.yml'], message: /Settings file .*missing\.yml cannot be read \(ENOENT\); check the path given to --file\./ },
  { name: 'settings that are not UTF-8', files: HANDLER, setup: dir => writeFileSync(path.join(dir, 'settings.spindrift'), Buffer.from([0x70, 0x3a, 0x20, 0xff, 0xfe, 0x0a])), args: [], message: /is not valid UTF-8 text; save it as UTF-8\./ },
  { name: 'interpreter not found', files: HANDLER, args: [...GOOD, '--package-python', '/nonexistent/python3'], message: /Python interpreter "\/nonexistent\/python3" was not found; install Python/ },
  { name: 'entry module not in the package', files: HANDLER, args: ['--package-entry', 'from handlers import handler', '--package-runtime', 'python3.11', '--output-path', 'OUT'], message: /package\.entry names module "handlers", but neither handlers\.py nor handlers\/__init__\.py is in the package/ },
  { name: 'project with its own index.py', files: { ...HANDLER, 'index.py': 'x = 1\n' }, args: GOOD, message: /has its own index\.py at its root/ },
  { name: 'project with its own spindrift.json', files: { ...HANDLER, 'spindrift.json': '{}\n' }, args: GOOD, message: /has its own spindrift\.json at its root, where spindrift records the zip's runtime and architecture; rename or move that file\./ },
  { name: 'symlink pointing outside the project', files: HANDLER, setup: dir => symlinkSync('/etc/hostname', path.join(dir, 'leak.txt')), args: GOOD, message: /leak\.txt is a symlink to .*, outside the project; replace it with a real file or remove it\./ },
  { name: 'flask-only options on a plain handler', files: HANDLER, args: [...GOOD, '--package-events-entry', 'handler:handler'], message: /package\.events-entry only apply to package\.type wsgi or asgi, but the type is plain/ },
  { name: 'snapstart warm-up on a plain handler', files: HANDLER, args: [...GOOD, '--package-snapstart-warmup', 'GET /health'], message: /package\.snapstart-warmup only apply to package\.type wsgi or asgi, but the type is plain/ },
  { name: 'snapstart warm-up that is not a request', files: HANDLER, args: [...GOOD, '--package-type', 'asgi', '--package-snapstart-warmup', 'GET health now'], message: /package\.snapstart-warmup "GET health now" is not a request; write it as a method and a URL path, for example "GET \/health"/ },
  { name: 'app factory as the events entry', files: HANDLER, args: [...GOOD, '--package-type', 'wsgi', '--package-events-entry', 'handler:make()'], message: /package\.events-entry "handler:make\(\)" cannot be used because it calls a factory, and only package\.entry can/ },
  { name: 'app factory with arguments', files: HANDLER, args: ['--package-entry', 'handler:create_app(debug=True)', '--package-runtime', 'python3.11', '--output-path', 'OUT'], message: /package\.entry "handler:create_app\(debug=True\)" cannot be used because "create_app\(debug=True\)" is not a valid Python name; write it as .*"yourapp:create_app\(\)"/ },
  { name: 'base path that is not a URL path', files: HANDLER, args: [...GOOD, '--package-type', 'flask', '--package-base-path', '/api?x=1'], message: /package\.base-path "\/api\?x=1" is not a URL path; write it as "\/api"/ },
  { name: 'text type that is not a content type', files: HANDLER, args: [...GOOD, '--package-type', 'flask', '--package-text-mime-types', 'json'], message: /package\.text-mime-types entry "json" is not a content type/ },
  { name: 'events entry that does not parse', files: HANDLER, args: [...GOOD, '--package-type', 'flask', '--package-events-entry', 'events'], message: /package\.events-entry "events" cannot be used because it is not in an accepted form/ },
  { name: 'events entry module not in the package', files: HANDLER, args: [...GOOD, '--package-type', 'flask', '--package-events-entry', 'jobs:run'], message: /package\.events-entry names module "jobs", but neither jobs\.py nor jobs\/__init__\.py is in the package/ },
  { name: 'a huge settings file', files: HANDLER, setup: dir => writeFileSync(path.join(dir, 'settings.spindrift'), '# filler\n'.repeat(300_000)), args: [], message: /settings\.spindrift is 2\.6 MB; a settings file is a few lines: check that --file points at the right file\./ },
  { name: 'an alias bomb where a map belongs', files: { ...HANDLER, 'settings.spindrift': 'a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\npackage: *c\n' }, args: [], message: /Unknown setting "a" in .*settings\.spindrift line 1/ },
  { name: 'a list where the output map belongs', files: { ...HANDLER, 'settings.spindrift': 'output:\n  - path: x.zip\n' }, args: [], message: /output in .*settings\.spindrift must be a map of keys \(for example output\.path\), not a list\./ },
  { name: 'entry with a newline', files: HANDLER, args: ['--package-entry', 'from handler import handler\nimport os', '--package-runtime', 'python3.11', '--output-path', 'OUT'], message: /cannot be used because it is not in an accepted form/ },
  { name: 'entry with quotes', files: HANDLER, args: ['--package-entry', 'from handler import "handler"', '--package-runtime', 'python3.11', '--output-path', 'OUT'], message: /because ""handler"" is not a valid Python name/ },
  { name: 'entry naming a dunder', files: HANDLER, args: ['--package-entry', 'from os import __builtins__', '--package-runtime', 'python3.11', '--output-path', 'OUT'], message: /"__builtins__" is a reserved dunder name/ },
  { name: 'runtime without the python prefix', files: HANDLER, args: ['--package-entry', 'handler:handler', '--package-runtime', '3.11', '--output-path', 'OUT'], message: /package\.runtime "3\.11" is not an AWS Lambda Python runtime; did you mean "python3\.11"\?/ },
  { name: 'architecture in capitals', files: HANDLER, args: [...GOOD, '--package-architecture', 'ARM64'], message: /is "ARM64", which is not one of "x86_64", "arm64"; did you mean "arm64"\?/ },
  { name: 'output path that is read-only', files: HANDLER, args: ['--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', '/sys/spindrift-test.zip'], actionMessage: /output\.path .* is outside the workspace .*; write the zip inside the workspace/, message: /Cannot write the zip to \/sys\/spindrift-test\.zip \(.*\); choose an output\.path in a writable folder\./ },
  { name: 'output path ending in a slash', files: HANDLER, args: ['--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', 'newdir/'], message: /output\.path "newdir\/" ends with a slash; give the path of the \.zip file to write/ },
  { name: 'a settings file that is a folder', files: { ...HANDLER, 'conf/keep': '' }, args: ['--file', 'conf'], message: /Settings file .*conf is a folder; point --file at a settings\.spindrift file\./ },
  { name: 'an interpreter that is not Python', files: HANDLER, args: [...GOOD, '--package-python', '/bin/true'], message: /"\/bin\/true" did not run as a Python interpreter \(exit code 0\); set package\.python to a Python 3 executable\./ },
  { name: 'a project with no Python files', files: { 'README.md': '# nothing to run\n' }, args: GOOD, message: /package\.entry names module "handler", but neither handler\.py nor handler\/__init__\.py is in the package/ },
  { name: 'a requirement line pip rejects', files: { ...HANDLER, 'requirements.txt': 'flask[oops\n' }, args: GOOD, message: /pip could not install the dependencies for python3\.11 on x86_64: .*flask\[oops/ },
  { name: 'a dependency that does not exist', files: { ...HANDLER, 'requirements.txt': 'no-such-dependency-xyz\n' }, args: [...GOOD, '--package-index-url', 'file:///nonexistent-index/simple'], message: /pip found no "no-such-dependency-xyz" because the index folder \/nonexistent-index\/simple does not exist; check the index URL/ },
  { name: 'a dependency that does not exist on a working index', files: { ...HANDLER, 'requirements.txt': 'no-such-dependency-xyz\n' }, args: [...GOOD, '--package-index-url', pathToFileURL(EMPTY_INDEX).href], message: /No wheel of "no-such-dependency-xyz" fits python3\.11 on x86_64 .*or no such package exists on the index/ },
  { name: 'an index that refuses the connection', files: { ...HANDLER, 'requirements.txt': 'anything\n' }, args: [...GOOD, '--package-index-url', 'http://127.0.0.1:9/simple'], message: /pip found no "anything" because the index http:\/\/127\.0\.0\.1:9\/simple refused the connection/ },
  { name: 'an index URL with credentials that cannot be reached', files: { ...HANDLER, 'requirements.txt': 'anything\n' }, args: [...GOOD, '--package-index-url', 'http://deploy:hunter2secret@127.0.0.1:9/simple'], message: /^(?!.*hunter2secret).*pip found no "anything" because the index http:\/\/127\.0\.0\.1:9\/simple refused the connection/ },
  { name: 'output path that is the requirements file', files: { ...HANDLER, 'requirements.txt': '' }, args: ['--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', 'requirements.txt'], message: /output\.path .*requirements\.txt is a requirements file of this run; writing the zip there would destroy it: choose another output\.path/, setup: dir => writeFileSync(path.join(dir, 'requirements.txt'), '# keep me\n'), check: dir => assert.equal(readFileSync(path.join(dir, 'requirements.txt'), 'utf8'), '# keep me\n') },
  { name: 'output path that is the settings file', files: { ...HANDLER, 'settings.spindrift': 'package:\n  entry: handler:handler\n  runtime: python3.11\noutput:\n  path: settings.spindrift\n' }, args: [], message: /output\.path .*settings\.spindrift is the settings file of this run; writing the zip there would destroy it/, check: dir => assert.match(readFileSync(path.join(dir, 'settings.spindrift'), 'utf8'), /^package:/) },
  { name: 'output path that is a module of the project', files: HANDLER, args: ['--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', 'handler.py'], message: /output\.path .*handler\.py is one of the project's own files \(handler\.py\); writing the zip there would destroy it/, check: dir => assert.equal(readFileSync(path.join(dir, 'handler.py'), 'utf8'), HANDLER['handler.py']) },
  { name: 'output path that would become a module of the project', files: HANDLER, args: ['--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', 'lib/new.py'], message: /output\.path .*lib\/new\.py is one of the project's own files/ },
  { name: 'output path that is a FIFO', files: HANDLER, setup: dir => execFileSync('mkfifo', [path.join(dir, 'pipe')]), args: ['--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', 'pipe'], message: /output\.path .*pipe exists and is not a regular file \(a FIFO\); give the path of the \.zip file to write\./ },
  { name: 'output path that is a device', files: HANDLER, args: ['--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', '/dev/null'], actionMessage: /output\.path .* is outside the workspace .*; write the zip inside the workspace/, message: /output\.path \/dev\/null exists and is not a regular file \(a device\)/ },
  { name: 'a settings file that is /dev/zero', files: HANDLER, args: ['--file', '/dev/zero'], actionMessage: /Settings file \/dev\/zero is outside the workspace/, message: /Settings file \/dev\/zero is not a regular file \(a device, FIFO or socket\); point --file at a settings\.spindrift file\./ },
  { name: 'a settings file that is a FIFO', files: HANDLER, setup: dir => execFileSync('mkfifo', [path.join(dir, 'settings.spindrift')]), args: [], message: /Settings file .*settings\.spindrift is not a regular file \(a device, FIFO or socket\)/ },
  { name: 'a timeout that is not a number', files: HANDLER, args: [...GOOD, '--package-timeout', 'soon'], message: /package\.timeout is "soon"; set it to a number of seconds between 1 and 86400, for example 900\./ },
  { name: 'a pyproject.toml that is a folder', files: { ...HANDLER, 'pyproject.toml/keep': '' }, args: GOOD, message: /pyproject\.toml is not a file \(a folder\?\); remove it or make it the project's pyproject\.toml\./ },
  { name: 'a TMPDIR that does not exist', files: { ...HANDLER, 'requirements.txt': 'anything\n' }, env: { TMPDIR: '/nonexistent-spindrift-tmp' }, args: GOOD, message: /The temporary folder \/nonexistent-spindrift-tmp does not exist; set TMPDIR to a writable folder with free space\./ },
  { name: 'a file name that is not UTF-8', files: HANDLER, setup: dir => writeFileSync(Buffer.from(`${dir}/caf\xe9.py`, 'latin1'), 'x = 1\n'), args: GOOD, message: /\/caf\\xe9\.py has a file name that is not valid UTF-8, which a Lambda zip cannot carry under the same name; rename it, or exclude it with package\.exclude\.$/ },
  { name: 'a non-UTF-8 name inside an excluded folder is no problem', files: { ...HANDLER, '.git/HEAD': '' }, setup: dir => writeFileSync(Buffer.from(`${dir}/.git/caf\xe9`, 'latin1'), ''), args: ['--package-entry', 'nothing:here', '--package-runtime', 'python3.11', '--output-path', 'OUT'], message: /package\.entry names module "nothing", but neither nothing\.py/ },
  { name: 'a sparse file over 2 GiB', files: HANDLER, setup: dir => execFileSync('truncate', ['-s', '3G', path.join(dir, 'big.bin')]), args: GOOD, message: /\/big\.bin is 3072\.0 MB, over the 250\.0 MB Lambda unzips for a function, so no zip holding it can run; exclude it \(package\.exclude\) or move it to S3\.$/ },
  { name: 'a file over 250 MB', files: HANDLER, setup: dir => execFileSync('truncate', ['-s', '300M', path.join(dir, 'data.bin')]), args: GOOD, message: /\/data\.bin is 300\.0 MB, over the 250\.0 MB Lambda unzips/ },
  { name: 'project files that together pass 250 MB', files: HANDLER, setup: dir => { for (const n of ['a', 'b', 'c']) execFileSync('truncate', ['-s', '100M', path.join(dir, `${n}.bin`)]) }, args: GOOD, message: /The project's files reach 300\.0 MB at .*\/c\.bin, over the 250\.0 MB Lambda unzips for a function; exclude large files/ },
  { name: 'a project deeper than the path limit', files: HANDLER, setup: dir => execFileSync('python3', ['-c', 'import os, sys\nos.chdir(sys.argv[1])\nfor _ in range(22):\n    os.mkdir("d" * 200)\n    os.chdir("d" * 200)\nopen("x.py", "w").close()', dir]), args: GOOD, message: /^spindrift: Cannot (read|list) .{60}….{120}: its name, or the whole path, is longer than the file system allows \(ENAMETOOLONG\); use a shorter name or a shallower folder\.$/, check: dir => execFileSync('rm', ['-rf', path.join(dir, 'd'.repeat(200))]) },
  { name: 'an output folder that is a file', files: { ...HANDLER, 'outfile': '' }, args: ['--package-entry', 'handler:handler', '--package-runtime', 'python3.11', '--output-path', 'outfile/app.zip'], message: /Cannot write the zip to .*outfile\/app\.zip \(ENOTDIR\); choose an output\.path in a writable folder\./ },
  { name: 'a requirements file that is a folder', files: { ...HANDLER, 'requirements.txt/keep': '' }, args: GOOD, message: /Requirements file .*requirements\.txt is a folder; point package\.requirements/ },
  { name: 'a runtime YAML reads as a float', files: { ...HANDLER, 'settings.spindrift': 'package:\n  entry: handler:handler\n  runtime: 3.10\n' }, args: [], message: /runtime: 3\.10 in .*settings\.spindrift line 3 was read as the number 3\.1; quote it: runtime: "python3\.10"\.$/ },
  { name: 'a --file that is not a settings file', files: { ...HANDLER, 'passwd': 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' }, args: ['--file', 'passwd'], message: /^(?!.*root:x)(?!.*daemon).*Settings file .*passwd is not a spindrift settings file: it holds plain text, not a map of sections \(package:, output:\); check the path given to --file\.$/ },
  { name: 'a long value is quoted only in part', files: HANDLER, args: ['--package-entry', 'handler:handler', '--package-runtime', `python${'9'.repeat(400)}`, '--output-path', 'OUT'], message: new RegExp(`^(?!.*${'9'.repeat(81)})spindrift: package\\.runtime "python${'9'.repeat(74)}…" is not an AWS Lambda Python runtime`) },
  { name: "a setup.py that fails with its own message", files: { ...HANDLER, 'requirements.txt': './bad\n', 'bad/setup.py': 'import sys\nprint("checking for libfoo... not found", file=sys.stderr)\nsys.stderr.write("error: libfoo-dev is required to build bad\\n")\nsys.exit(1)\n' }, args: GOOD, message: /^(?!.*subprocess-exited-with-error).*pip could not install the dependencies for python3\.11 on x86_64: error: libfoo-dev is required to build bad\. Fix the requirement pip names\.$/ },
  { name: "a setup.py that prints its cause without error:", files: { ...HANDLER, 'requirements.txt': './bad\n', 'bad/setup.py': 'import sys\nprint("Could not find the Rust compiler: install rustc", file=sys.stderr)\nsys.exit(1)\n' }, args: GOOD, message: /pip could not install the dependencies for python3\.11 on x86_64: Could not find the Rust compiler: install rustc\. Fix the requirement pip names\.$/ },
  { name: 'a setup.py that meets a decoding error', files: { ...HANDLER, 'requirements.txt': './bad\n', 'bad/setup.py': 'from setuptools import setup\nsetup(name="bad", version="1", long_description=open("README").read())\n' }, setup: dir => writeFileSync(path.join(dir, 'bad', 'README'), Buffer.from('caf\xe9\n', 'latin1')), args: GOOD, message: /: UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 3: invalid continuation byte \(in setup\.py line 2\)\. Fix the requirement pip names\.$/ },
  { name: 'a requirements file that is not UTF-8', files: HANDLER, setup: dir => writeFileSync(path.join(dir, 'requirements.txt'), Buffer.from('six\nrequests  # caf\xe9\n', 'latin1')), args: GOOD, message: /Requirements file .*requirements\.txt is not valid UTF-8 text \(byte 0xe9 on line 2\); save it as UTF-8\.$/ },
  { name: 'an index behind a proxy that cannot be reached', files: { ...HANDLER, 'requirements.txt': 'anything\n' }, env: { HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', PIP_RETRIES: '1', NO_PROXY: '', no_proxy: '' }, args: [...GOOD, '--package-index-url', 'https://deploy:hunter2secret@no-such-host.invalid/simple'], message: /^(?!.*hunter2secret).*pip found no "anything", and the index https:\/\/no-such-host\.invalid\/simple could not be read: the proxy \(HTTPS_PROXY\/HTTP_PROXY\) could not be reached; check the index URL/ },
  { name: 'unknown flag', files: HANDLER, args: [...GOOD, '--package-nme', 'x'], message: /unknown option --package-nme; did you mean --package-name\?/, code: 2, cliOnly: true },
  { name: 'flag without its value', files: HANDLER, args: ['--package-entry'], message: /Option '--package-entry <value>' argument missing/, code: 2, cliOnly: true },
  { name: 'package.lock that does not exist', files: HANDLER, args: [...GOOD, '--package-lock', 'uv.lock'], message: /package\.lock uv\.lock does not exist in .*; name the lock file .* or set it to none\./ },
  { name: 'package.lock that is not a lock', files: { ...HANDLER, 'reqs.txt': 'flask>=3\n' }, args: [...GOOD, '--package-lock', 'reqs.txt'], message: /package\.lock reqs\.txt is neither a lock file spindrift reads .* nor a requirements file that pins every requirement with == and --hash/ },
  { name: 'uv.lock that is not TOML', files: { ...HANDLER, 'uv.lock': 'version = = 1\n' }, args: GOOD, message: /uv\.lock is not valid TOML \(.*\); fix it, or regenerate it\./ },
  { name: 'poetry.lock whose content-hash is stale', files: { ...HANDLER, 'pyproject.toml': '[tool.poetry]\npackage-mode = false\n[tool.poetry.dependencies]\npython = "^3.10"\n', 'poetry.lock': '[metadata]\nlock-version = "2.1"\ncontent-hash = "0000"\n' }, args: GOOD, message: /poetry\.lock no longer matches the project's pyproject\.toml \(its content-hash differs\), so it does not say what to install; run "poetry lock" and commit the lock\./ },
  { name: 'an editable requirement', files: { ...HANDLER, 'requirements.txt': '-e ./lib\n' }, args: GOOD, message: /requirements\.txt (line \d+ )?asks for the editable install "-e \.\/lib", which would ship a finder pointing at this machine's folder; write it without -e/ },
  { name: 'requires-python the runtime does not meet', files: { ...HANDLER, 'pyproject.toml': '[project]\nname = "app"\nversion = "1"\nrequires-python = ">=3.13"\n' }, args: GOOD, message: /pyproject\.toml says requires-python = ">=3\.13", but package\.runtime python3\.11 runs Python 3\.11; set package\.runtime to a runtime the project supports/ },
  { name: 'a lock marker spindrift cannot read', files: { ...HANDLER, 'pylock.toml': 'lock-version = "1.0"\n[[packages]]\nname = "x"\nversion = "1"\nmarker = "python_version >>> \'3\'"\n' }, args: GOOD, message: /pylock\.toml \(package x 1\) has the environment marker "python_version >>> '3'", which spindrift cannot read/ },
]


/**
 * A case's app folder, with an existing zip at the output path; checkNothingWritten() asserts afterwards that
 * the zip kept its bytes and no temp file was left beside it.
 */
export function prepareCase(c: Case): { dir: string; out: string; checkNothingWritten: () => void } {
  const dir = tempDir('spindrift-bad-')
  writeTree(dir, c.files ?? {})
  c.setup?.(dir)
  const outDir = path.join(dir, 'out')
  mkdirSync(outDir)
  const out = path.join(outDir, 'app.zip')
  writeFileSync(out, 'previous zip')
  return {
    dir,
    out,
    checkNothingWritten: () => {
      assert.equal(readFileSync(out, 'utf8'), 'previous zip')
      assert.deepEqual(filesIn(outDir), ['app.zip'])
      c.check?.(dir)
    }
  }
}
