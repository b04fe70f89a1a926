"""Helpers shared by the shim tests: load the template, a recording WSGI echo app, decoding helpers."""

import importlib.util
import json
import sys
from pathlib import Path
from urllib.parse import parse_qs

SHIM_PATH = Path(__file__).resolve().parents[1] / "index.py"


def load_shim():
    """The template index.py as a module (its default _CONFIG loads no entry)."""
    name = "spindrift_shim_under_test"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SHIM_PATH)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


shim = load_shim()


class ClosingBody:
    """A response iterable that records whether close() was called."""

    def __init__(self, chunks, fail_after=None):
        self.chunks = chunks
        self.fail_after = fail_after
        self.closed = False

    def __iter__(self):
        for index, chunk in enumerate(self.chunks):
            if self.fail_after is not None and index == self.fail_after:
                raise RuntimeError("boom while iterating")
            yield chunk

    def close(self):
        self.closed = True


class EchoApp:
    """Records the environ it was called with; answers with JSON, two Set-Cookie and a custom header."""

    def __init__(self, status="200 OK", headers=None, body=None):
        self.environ = None
        self.request_body = None
        self.status = status
        self.headers = headers
        self.body = body
        self.returned = None

    def __call__(self, environ, start_response):
        self.environ = environ
        self.request_body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        if self.headers is None:
            headers = [
                ("Content-Type", "application/json"),
                ("Set-Cookie", "a=1; Path=/"),
                ("Set-Cookie", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT"),
                ("X-Echo", "yes"),
            ]
        else:
            headers = self.headers
        body = self.body
        if body is None:
            body = json.dumps({"path": environ["PATH_INFO"]}).encode()
        start_response(self.status, headers)
        self.returned = ClosingBody([body])
        return self.returned


def wsgi_text(value):
    """A PEP 3333 native string back to the Unicode text it stands for (UTF-8 bytes seen as latin-1)."""
    return value.encode("latin-1").decode("utf-8")


def query_args(environ):
    """QUERY_STRING parsed the way a framework does: a multi-dict of decoded values."""
    return parse_qs(wsgi_text(environ["QUERY_STRING"]), keep_blank_values=True)


def invoke(event, config=None, app=None, context=None):
    """Run one HTTP event through the shim's serve path; return (response envelope, the app)."""
    config = {"type": "flask", "module": "m", "attribute": "a", **(config or {})}
    app = app or EchoApp()
    source = shim.classify(event)
    assert source in shim.HTTP_SOURCES, source
    return shim.serve(app, event, context, source, config), app
