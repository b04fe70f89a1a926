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


class AsgiEchoApp:
    """The ASGI twin of EchoApp: records the scope and the request body, answers the same way."""

    def __init__(self, status=200, headers=None, body=None):
        self.scope = None
        self.request_body = None
        self.status = status
        self.headers = headers
        self.body = body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError("only http scopes")
        self.scope = scope
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        self.request_body = b"".join(chunks)
        if self.headers is None:
            headers = [
                (b"content-type", b"application/json"),
                (b"set-cookie", b"a=1; Path=/"),
                (b"set-cookie", b"b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT"),
                (b"x-echo", b"yes"),
            ]
        else:
            headers = self.headers
        body = self.body
        if body is None:
            body = json.dumps({"path": scope["path"][len(scope["root_path"]) :]}).encode()
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def asgi_invoke(event, config=None, app=None, context=None):
    """Run one HTTP event through the shim's ASGI path; return (response envelope, the app)."""
    config = {"type": "asgi", "module": "m", "attribute": "a", **(config or {})}
    app = app or AsgiEchoApp()
    source = shim.classify(event)
    assert source in shim.HTTP_SOURCES, source
    return shim.serve(app, event, context, source, config, shim._runner_for(app).run), app


def wsgi_view(environ, body):
    """The request as a WSGI app saw it, in adapter-neutral terms (text, not native strings)."""
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].lower().replace("_", "-")] = wsgi_text(value)
    if "CONTENT_TYPE" in environ:
        headers["content-type"] = wsgi_text(environ["CONTENT_TYPE"])
    headers["content-length"] = environ["CONTENT_LENGTH"]
    uri = environ["REQUEST_URI"]
    return {
        "method": environ["REQUEST_METHOD"],
        "root": wsgi_text(environ["SCRIPT_NAME"]),
        "path": environ["PATH_INFO"].encode("latin-1").decode("utf-8", "replace"),
        "raw_path": uri.split("?", 1)[0],
        "query": environ["QUERY_STRING"].encode("latin-1"),
        "headers": headers,
        "body": body,
        "client": environ.get("REMOTE_ADDR"),
        "scheme": environ["wsgi.url_scheme"],
        "server": (wsgi_text(environ["SERVER_NAME"]), int(environ["SERVER_PORT"])),
        "http_version": environ["SERVER_PROTOCOL"],
    }


def asgi_view(scope, body):
    """The request as an ASGI app saw it, in the same terms as wsgi_view."""
    headers = {}
    for name, value in scope["headers"]:
        assert name == name.lower() and isinstance(name, bytes) and isinstance(value, bytes)
        assert name.decode("latin-1") not in headers, "repeated header " + repr(name)
        headers[name.decode("latin-1")] = value.decode("latin-1").encode("latin-1").decode("utf-8")
    root, path = scope["root_path"], scope["path"]
    assert path.startswith(root), (root, path)  # ASGI: path includes root_path
    client = scope["client"]
    return {
        "method": scope["method"],
        "root": root,
        "path": path[len(root) :],
        "raw_path": scope["raw_path"].decode("ascii"),
        "query": scope["query_string"],
        "headers": headers,
        "body": body,
        "client": client[0] if client else None,
        "scheme": scope["scheme"],
        "server": tuple(scope["server"]),
        "http_version": "HTTP/" + {"2": "2.0", "3": "3.0"}.get(scope["http_version"], scope["http_version"]),
    }
