"""The entry object is checked against package.type at init: each wrong pairing fails with one sentence
naming the type to set; app factories are called once; a failing lifespan startup fails init."""

import json
import subprocess
import sys
import textwrap

import pytest

import hand_events as ev
from test_generated_config import generate

APPS = {
    "plainfn": """
        def handler(event, context):
            return {"plain": True}
    """,
    "asyncfn": """
        async def handler(event, context):
            return {"plain": True}
    """,
    "wsgifn": """
        def app(environ, start_response):
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"wsgi " + environ["PATH_INFO"].encode()]
    """,
    "rawasgi": """
        async def app(scope, receive, send):
            if scope["type"] == "lifespan":
                raise ValueError("no lifespan here")
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"raw asgi " + scope["path"].encode()})


        class App:
            async def __call__(self, scope, receive, send):
                await app(scope, receive, send)


        instance = App()
    """,
    "flaskapp": """
        import flask

        app = flask.Flask(__name__)
        calls = []


        @app.route("/<path:rest>")
        def any_path(rest):
            return "flask /" + rest


        def create_app():
            calls.append(1)
            assert len(calls) == 1, "the factory was called twice"
            return app


        def broken_factory():
            raise RuntimeError("no DATABASE_URL")


        def not_an_app():
            return 42
    """,
    "starletteapp": """
        import contextlib

        from starlette.applications import Starlette
        from starlette.responses import PlainTextResponse
        from starlette.routing import Route

        started = []


        async def home(request):
            return PlainTextResponse("starlette %s %d" % (request.url.path, len(started)))


        @contextlib.asynccontextmanager
        async def lifespan(app):
            started.append(1)
            yield


        @contextlib.asynccontextmanager
        async def failing(app):
            raise RuntimeError("cannot reach the database")
            yield


        app = Starlette(routes=[Route("/{rest:path}", home)], lifespan=lifespan)
        broken = Starlette(routes=[Route("/{rest:path}", home)], lifespan=failing)


        def create_app():
            return Starlette(routes=[Route("/{rest:path}", home)], lifespan=lifespan)
    """,
    "djangoapps": """
        import django
        from django.conf import settings

        settings.configure(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"], SECRET_KEY="x")
        django.setup()
        from django.core.handlers.asgi import ASGIHandler
        from django.core.handlers.wsgi import WSGIHandler

        urlpatterns = []
        wsgi = WSGIHandler()
        asgi = ASGIHandler()
    """,
}

RUNNER = textwrap.dedent("""
    import json, sys
    sys.path[:0] = json.loads(sys.argv[1])
    try:
        import index
    except Exception as error:
        print(json.dumps({"error": type(error).__name__, "message": str(error)}))
        sys.exit(0)
    print(json.dumps({"response": index.handler(json.load(sys.stdin), None)}))
    """)


def _get(path):
    event = ev.http_v2(raw_path=path, stage="$default")
    event["requestContext"]["http"]["method"] = "GET"
    return event


def init(tmp_path, config, event=None):
    """Write index.py with ``config`` beside the apps, import it in a fresh interpreter, send ``event``."""
    (tmp_path / "index.py").write_text(generate(config), encoding="utf-8")
    for name, source in APPS.items():
        (tmp_path / (name + ".py")).write_text(textwrap.dedent(source), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps([str(tmp_path)])],
        input=json.dumps(event or _get("/x")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


MISMATCHES = [
    ("starletteapp", "app", "wsgi", "is an ASGI application (Starlette); set package.type: asgi."),
    ("starletteapp", "app", "plain", "is an ASGI application (Starlette); set package.type: asgi."),
    ("starletteapp", "app", "flask", "is an ASGI application (Starlette); set package.type: asgi."),
    ("rawasgi", "app", "wsgi", "is an ASGI application; set package.type: asgi."),
    ("rawasgi", "instance", "plain", "is an ASGI application; set package.type: asgi."),
    ("flaskapp", "app", "asgi", "is a WSGI application (Flask); set package.type: wsgi."),
    ("flaskapp", "app", "plain", "is a WSGI application (Flask); set package.type: wsgi."),
    ("djangoapps", "wsgi", "asgi", "is a WSGI application (Django); set package.type: wsgi."),
    ("djangoapps", "asgi", "wsgi", "is an ASGI application (Django); set package.type: asgi."),
    ("djangoapps", "wsgi", "plain", "is a WSGI application (Django); set package.type: wsgi."),
    ("plainfn", "handler", "asgi", "is not an ASGI application (an async callable taking scope, receive and send); set package.type: plain for a Lambda handler function or wsgi for a WSGI app."),
    ("wsgifn", "app", "asgi", "is not an ASGI application"),
    ("asyncfn", "handler", "plain", "is an async function that does not take (scope, receive, send)"),
    ("asyncfn", "handler", "wsgi", "is an async function that does not take (scope, receive, send)"),
]


@pytest.mark.parametrize("module, attribute, kind, sentence", MISMATCHES, ids=["%s.%s-as-%s" % m[:3] for m in MISMATCHES])
def test_a_wrong_type_fails_init_with_one_sentence(tmp_path, module, attribute, kind, sentence):
    outcome, _ = init(tmp_path, {"type": kind, "module": module, "attribute": attribute})
    assert outcome["error"] == "EntryTypeError"
    assert outcome["message"].startswith("spindrift: package.entry %s:%s " % (module, attribute))
    assert sentence in outcome["message"]
    assert "\n" not in outcome["message"] and outcome["message"].endswith(".")


MATCHES = [
    ("plainfn", "handler", "plain", {"plain": True}),
    ("wsgifn", "app", "wsgi", "wsgi /x"),
    ("flaskapp", "app", "wsgi", "flask /x"),
    ("flaskapp", "app", "flask", "flask /x"),
    ("rawasgi", "app", "asgi", "raw asgi /x"),
    ("rawasgi", "instance", "asgi", "raw asgi /x"),
    ("starletteapp", "app", "asgi", "starlette /x 1"),
]


@pytest.mark.parametrize("module, attribute, kind, body", MATCHES, ids=["%s.%s-as-%s" % m[:3] for m in MATCHES])
def test_the_right_type_serves(tmp_path, module, attribute, kind, body):
    outcome, _ = init(tmp_path, {"type": kind, "module": module, "attribute": attribute})
    response = outcome["response"]
    assert (response if kind == "plain" else response["body"]) == body


def test_a_wsgi_function_and_a_handler_cannot_be_told_apart():
    from shimkit import shim

    namespace = {}
    exec(textwrap.dedent(APPS["wsgifn"]) + textwrap.dedent(APPS["plainfn"]), namespace)
    assert shim.entry_shape(namespace["app"]) == shim.entry_shape(namespace["handler"]) == ("callable", "")


def test_django_wsgi_and_asgi_handlers_pass_the_check(tmp_path):
    from shimkit import shim

    sys.path.insert(0, str(tmp_path))
    try:
        (tmp_path / "djangoapps.py").write_text(textwrap.dedent(APPS["djangoapps"]), encoding="utf-8")
        import djangoapps

        assert shim.entry_shape(djangoapps.wsgi) == ("wsgi", "Django")
        assert shim.entry_shape(djangoapps.asgi) == ("asgi", "Django")
    finally:
        sys.path.remove(str(tmp_path))


def test_factory_is_called_once_at_init(tmp_path):
    outcome, _ = init(tmp_path, {"type": "wsgi", "module": "flaskapp", "attribute": "create_app", "call": True})
    assert outcome["response"]["body"] == "flask /x"


def test_asgi_factory_with_lifespan(tmp_path):
    outcome, _ = init(tmp_path, {"type": "asgi", "module": "starletteapp", "attribute": "create_app", "call": True})
    assert outcome["response"]["body"] == "starlette /x 1"


@pytest.mark.parametrize(
    "attribute, kind, message",
    [
        ("broken_factory", "wsgi", "spindrift: the app factory flaskapp:broken_factory() (package.entry) raised RuntimeError: no DATABASE_URL"),
        ("not_an_app", "wsgi", "spindrift: the app factory flaskapp:not_an_app() (package.entry) returned int, which is not callable."),
        ("create_app", "asgi", "spindrift: package.entry flaskapp:create_app() is a WSGI application (Flask); set package.type: wsgi."),
    ],
)
def test_factory_failures_fail_init(tmp_path, attribute, kind, message):
    outcome, _ = init(tmp_path, {"type": kind, "module": "flaskapp", "attribute": attribute, "call": True})
    assert outcome["message"] == message


def test_factory_result_is_checked_not_the_factory(tmp_path):
    # create_app is a plain function; its result (a Starlette app) is what gets checked
    outcome, _ = init(tmp_path, {"type": "wsgi", "module": "starletteapp", "attribute": "create_app", "call": True})
    assert outcome["message"] == "spindrift: package.entry starletteapp:create_app() is an ASGI application (Starlette); set package.type: asgi."


def test_failing_lifespan_startup_fails_init_with_its_message(tmp_path):
    outcome, _ = init(tmp_path, {"type": "asgi", "module": "starletteapp", "attribute": "broken"})
    assert outcome["error"] == "LifespanError"
    assert outcome["message"].startswith("spindrift: the ASGI app's lifespan startup failed: ")
    assert "cannot reach the database" in outcome["message"]


def test_lifespan_unsupported_app_is_served_with_a_note(tmp_path):
    outcome, stderr = init(tmp_path, {"type": "asgi", "module": "rawasgi", "attribute": "app"})
    assert outcome["response"]["body"] == "raw asgi /x"
    assert "does not support the lifespan protocol (it raised ValueError: no lifespan here)" in stderr
