"""The packager's mechanism end to end: replace the _CONFIG line, import the result in a bare interpreter.

The packager (TypeScript) writes ``_CONFIG = json.loads(<JSON.stringify(JSON.stringify(config))>)``.
``json.dumps(json.dumps(config))`` is the same text; ``ensure_ascii=False`` mimics JSON.stringify keeping
non-ASCII characters as they are.
"""

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import hand_events as ev
from shimkit import SHIM_PATH

TEMPLATE = SHIM_PATH.read_text(encoding="utf-8")
CONFIG_LINE = re.compile(r"^_CONFIG = .*$", re.MULTILINE)

WEBAPP = """
import json

IMPORTED = True


def app(environ, start_response):
    seen = {k: environ[k] for k in ("REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING")}
    body = json.dumps(seen).encode()
    headers = [("Content-Type", "application/json"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
    start_response("200 OK", headers)
    return [body]
"""
JOBS = """
def handle(event, context):
    return {"handled": event["Records"][0]["eventSource"]}
"""
PLAIN = """
def handler(event, context):
    return {"plain": event}
"""
FLASK_APP = """
import flask

app = flask.Flask(__name__)


@app.route("/items/<int:n>")
def items(n):
    return {"url": flask.url_for("items", n=n, _external=True)}
"""

RUNNER = textwrap.dedent("""
    import json, sys
    sys.path[:0] = json.loads(sys.argv[1])
    import index
    assert sys.argv[2] in sys.modules, "the entry was not imported at init"
    event = json.load(sys.stdin)
    print(json.dumps(index.handler(event, None)))
    """)


def generate(config, ensure_ascii=True):
    literal = json.dumps(json.dumps(config, ensure_ascii=ensure_ascii), ensure_ascii=ensure_ascii)
    line = "_CONFIG = json.loads(" + literal + ")"
    return CONFIG_LINE.sub(lambda _: line, TEMPLATE, count=1)


def build(tmp_path, config, ensure_ascii=True):
    (tmp_path / "index.py").write_text(generate(config, ensure_ascii), encoding="utf-8")
    (tmp_path / "webapp").mkdir()
    (tmp_path / "webapp" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "webapp" / "main.py").write_text(WEBAPP, encoding="utf-8")
    (tmp_path / "webapp" / "jobs.py").write_text(JOBS, encoding="utf-8")
    (tmp_path / "webapp" / "flaskapp.py").write_text(FLASK_APP, encoding="utf-8")
    (tmp_path / "plainfn.py").write_text(PLAIN, encoding="utf-8")
    return tmp_path


def run(paths, event, module="webapp.main", python=sys.executable):
    """Import index in ``python -S -E`` with ``paths`` first on sys.path and call handler(event)."""
    return subprocess.run(
        [python, "-S", "-E", "-W", "error", "-c", RUNNER, json.dumps([str(p) for p in paths]), module],
        input=json.dumps(event),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_template_has_exactly_one_config_line_after_import_json():
    lines = TEMPLATE.splitlines()
    config_lines = [i for i, line in enumerate(lines) if line.startswith("_CONFIG = ")]
    assert len(config_lines) == 1
    assert len([line for line in lines if re.match(r"\s*_CONFIG\s*=", line)]) == 1
    assert lines[config_lines[0]] == '_CONFIG = {"type": "plain", "module": "", "attribute": ""}'
    assert "import json" in lines[: config_lines[0]]
    assert not re.search(r"\b(exec|eval)\(", TEMPLATE)


FLASK_CONFIG = {"type": "flask", "module": "webapp.main", "attribute": "app"}


def test_generated_flask_shim_serves_http(tmp_path):
    root = build(tmp_path, dict(FLASK_CONFIG, base_path="/api"))
    event = ev.rest_v1_minimal(path="/api/items/7", host="api.example.com")
    event["multiValueQueryStringParameters"] = {"q": ["a b"]}
    done = run([root], event)
    assert done.returncode == 0, done.stderr
    response = json.loads(done.stdout)
    assert json.loads(response["body"]) == {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "/api",
        "PATH_INFO": "/items/7",
        "QUERY_STRING": "q=a%20b",
    }
    assert response["multiValueHeaders"]["Set-Cookie"] == ["a=1", "b=2"]
    assert response["isBase64Encoded"] is False


def test_generated_config_with_literal_non_ascii(tmp_path):
    root = build(tmp_path, dict(FLASK_CONFIG, base_path="/caf\u00e9"), ensure_ascii=False)
    assert "caf\u00e9" in (root / "index.py").read_text(encoding="utf-8")
    done = run([root], ev.http_v2(raw_path="/caf\u00e9/x", stage="$default"))
    assert done.returncode == 0, done.stderr
    body = json.loads(json.loads(done.stdout)["body"])
    assert (body["SCRIPT_NAME"], body["PATH_INFO"]) == ("/caf\u00c3\u00a9", "/x")


def test_generated_shim_routes_non_http_events_to_the_events_entry(tmp_path):
    config = dict(FLASK_CONFIG, events_module="webapp.jobs", events_attribute="handle")
    done = run([build(tmp_path, config)], ev.SQS)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"handled": "aws:sqs"}


def test_generated_shim_rejects_non_http_events_without_events_entry(tmp_path):
    done = run([build(tmp_path, FLASK_CONFIG)], ev.SQS)
    assert done.returncode != 0
    assert (
        "UnsupportedEventError: spindrift: received an SQS event, but this function serves a WSGI app "
        "and no package.events-entry is configured to handle non-HTTP events."
    ) in done.stderr


def test_generated_plain_shim(tmp_path):
    config = {"type": "plain", "module": "plainfn", "attribute": "handler"}
    done = run([build(tmp_path, config)], {"x": [1, 2]}, module="plainfn")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"plain": {"x": [1, 2]}}


def test_generated_shim_with_a_bad_entry_fails_at_import(tmp_path):
    config = {"type": "flask", "module": "webapp.main", "attribute": "missing"}
    done = run([build(tmp_path, config)], {})
    assert done.returncode != 0
    assert (
        "EntryPointError: spindrift: module 'webapp.main' has no attribute 'missing' (package.entry)."
        in done.stderr
    )


def test_generated_shim_with_flask(tmp_path):
    flask = pytest.importorskip("flask")
    site_packages = Path(flask.__file__).resolve().parents[1]
    config = {"type": "flask", "module": "webapp.flaskapp", "attribute": "app"}
    event = ev.http_v2(raw_path="/beta/items/3", stage="beta")
    event["requestContext"]["http"]["method"] = "GET"
    done = run([build(tmp_path, config), site_packages], event, module="webapp.flaskapp")
    assert done.returncode == 0, done.stderr
    response = json.loads(done.stdout)
    assert json.loads(response["body"]) == {"url": "https://" + ev.APIGW_HOST + "/beta/items/3"}


def _pyenv_python(minor):
    """~/.pyenv/versions/3.N.x/bin/python3.N, the newest of them, or None."""
    versions = Path.home() / ".pyenv" / "versions"
    found = sorted(versions.glob("3.%d.*/bin/python3.%d" % (minor, minor))) if versions.is_dir() else []
    return str(found[-1]) if found else None


def _other_interpreters():
    found = []
    for minor in range(10, 15):
        if minor == sys.version_info[1]:
            continue
        for path in (shutil.which("python3.%d" % minor), _pyenv_python(minor)):
            if not path:
                continue
            probe = subprocess.run(
                [path, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True
            )
            if probe.returncode == 0 and probe.stdout.strip() == "(3, %d)" % minor:
                found.append(path)
                break
    return found


@pytest.mark.parametrize("python", _other_interpreters() or [None])
def test_generated_shim_on_other_python_versions(tmp_path, python):
    if python is None:
        pytest.skip("no other python3.10-3.14 interpreter on PATH")
    done = run([build(tmp_path, FLASK_CONFIG)], ev.function_url(), python=python)
    assert done.returncode == 0, done.stderr
    assert json.loads(json.loads(done.stdout)["body"])["PATH_INFO"] == "/caf\u00c3\u00a9/x y/a%41"


ASGI_APP = """
import asyncio

state = {"loops": set()}


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        await receive()
        scope["state"]["ready"] = True
        await send({"type": "lifespan.startup.complete"})
        await receive()
        return
    state["loops"].add(id(asyncio.get_running_loop()))
    body = (await receive())["body"]
    text = "%s %s %s %s %d" % (scope["root_path"], scope["path"], scope["state"].get("ready"), body.decode(), len(state["loops"]))
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": text.encode(), "more_body": True})
    await send({"type": "http.response.body", "body": b"!"})
"""

ASGI_RUNNER = textwrap.dedent("""
    import json, sys
    sys.path[:0] = json.loads(sys.argv[1])
    import index
    event = json.load(sys.stdin)
    print(json.dumps([index.handler(event, None)["body"] for _ in range(2)]))
    """)


@pytest.mark.parametrize("python", [sys.executable] + _other_interpreters())
def test_generated_asgi_shim_on_each_python(tmp_path, python):
    root = build(tmp_path, {"type": "asgi", "module": "asgiapp", "attribute": "app"})
    (root / "asgiapp.py").write_text(ASGI_APP, encoding="utf-8")
    done = subprocess.run(
        [python, "-S", "-E", "-W", "error", "-c", ASGI_RUNNER, json.dumps([str(root)])],
        input=json.dumps(ev.http_v2(raw_path="/beta/x", stage="beta")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    # root_path from the stage, lifespan state, the body, one event loop for both invocations, a streamed body
    assert json.loads(done.stdout) == ['/beta /beta/x True {"k": "v"} 1!'] * 2
    assert done.stderr == "", "a normal exit sends lifespan shutdown and leaves no task pending"
