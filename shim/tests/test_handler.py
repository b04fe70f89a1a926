"""Dispatch, error handling, the WSGI call itself, and loading the entries."""

import sys
import types

import pytest

import hand_events as ev
from shimkit import ClosingBody, EchoApp, shim

FLASK = {"type": "flask", "module": "m", "attribute": "app"}


def test_plain_type_calls_the_function_with_event_and_context():
    calls = []

    def fn(event, context):
        calls.append((event, context))
        return {"answer": 42}

    event, context = ev.http_v2(), object()  # a plain function gets HTTP events untouched too
    assert shim.dispatch(event, context, {"type": "plain"}, fn) == {"answer": 42}
    assert calls == [(event, context)]


def test_flask_type_serves_http_events():
    app = EchoApp()
    response = shim.dispatch(ev.http_v2(), None, FLASK, app)
    assert response["statusCode"] == 200
    assert app.environ["PATH_INFO"] == "/files/a+b/100%41/"


@pytest.mark.parametrize(
    "event, label",
    [
        (ev.SQS, "an SQS"),
        (ev.S3, "an S3"),
        (ev.SCHEDULED, "a scheduled (EventBridge / CloudWatch Events)"),
        (ev.REQUEST_AUTHORIZER_V1, "an API Gateway Lambda-authorizer"),
        (ev.EDGE, "a Lambda@Edge (CloudFront)"),
    ],
)
def test_non_http_event_without_events_entry_raises_a_clear_error(event, label):
    app = EchoApp()
    with pytest.raises(shim.UnsupportedEventError) as raised:
        shim.dispatch(event, None, FLASK, app)
    assert str(raised.value) == (
        "spindrift: received " + label + " event, but this function serves a WSGI app and no "
        "package.events-entry is configured to handle non-HTTP events."
    )
    assert app.environ is None  # the app never saw it


def test_unknown_event_error_names_the_keys():
    with pytest.raises(shim.UnsupportedEventError) as raised:
        shim.dispatch({"zeta": 1, "alpha": 2}, None, FLASK, EchoApp())
    assert raised.value.source == "unknown"
    assert "received an unrecognised event (top-level keys: alpha, zeta)" in str(raised.value)
    assert isinstance(raised.value, shim.SpindriftError)


def test_non_http_events_go_to_the_events_entry():
    received = []

    def on_event(event, context):
        received.append((event, context))
        return {"batchItemFailures": []}

    app = EchoApp()
    assert shim.dispatch(ev.SQS, "ctx", FLASK, app, on_event) == {"batchItemFailures": []}
    assert received == [(ev.SQS, "ctx")]
    assert app.environ is None
    response = shim.dispatch(ev.alb_single(), "ctx", FLASK, app, on_event)
    assert response["statusCode"] == 200 and len(received) == 1  # HTTP still goes to the app


def test_unconfigured_template_refuses_to_run():
    with pytest.raises(shim.EntryPointError, match="no entry is configured"):
        shim.dispatch({}, None, {"type": "plain", "module": ""}, None)
    assert shim._TARGET is None
    with pytest.raises(shim.EntryPointError):
        shim.handler({}, None)


class Boom(Exception):
    pass


def _raising_app(environ, start_response):
    raise Boom("app failed")


@pytest.mark.parametrize(
    "event, header_key",
    [
        (ev.rest_v1(), "multiValueHeaders"),
        (ev.http_v1(), "multiValueHeaders"),
        (ev.http_v2(), "headers"),
        (ev.function_url(), "headers"),
        (ev.alb_single(), "headers"),
        (ev.alb_multi(), "multiValueHeaders"),
    ],
)
def test_app_exception_becomes_500_in_the_source_envelope(event, header_key, capsys):
    response = shim.dispatch(event, None, FLASK, _raising_app)
    assert response["statusCode"] == 500
    assert response["body"] == "Internal Server Error"
    assert response["isBase64Encoded"] is False
    assert header_key in response
    content_type = response[header_key].get("Content-Type")
    assert content_type in ("text/plain; charset=utf-8", ["text/plain; charset=utf-8"])
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert "Boom: app failed" in err
    where = event.get("rawPath") or event["path"]
    assert (
        "spindrift: unhandled exception while serving a %s event for %s" % (shim.classify(event), where)
        in err
    )


def test_reraise_mode_propagates_the_exception(capsys):
    with pytest.raises(Boom):
        shim.dispatch(ev.http_v2(), None, dict(FLASK, reraise=True), _raising_app)
    assert "Traceback" not in capsys.readouterr().err  # Lambda itself reports it


def test_malformed_event_body_is_a_500_not_a_crash(capsys):
    event = ev.http_v2(body="a", isBase64Encoded=True)  # one base64 character is never valid
    app = EchoApp()
    response = shim.dispatch(event, None, FLASK, app)
    assert response["statusCode"] == 500
    assert "binascii.Error" in capsys.readouterr().err
    assert app.environ is None


def test_iterable_is_closed_on_success_and_on_failure(capsys):
    body = ClosingBody([b"a", b"b"])
    status, headers, data = shim.run_wsgi(lambda e, sr: (sr("200 OK", []), body)[1], {})
    assert (status, headers, data, body.closed) == ("200 OK", [], b"ab", True)

    failing = ClosingBody([b"a", b"b"], fail_after=1)

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return failing

    response = shim.dispatch(ev.http_v2(), None, FLASK, app)
    assert response["statusCode"] == 500
    assert failing.closed is True
    assert "boom while iterating" in capsys.readouterr().err


def test_write_callable_and_generator_body():
    def app(environ, start_response):
        write = start_response("200 OK", [("Content-Type", "text/plain")])
        write(b"head-")

        def gen():
            yield b""
            yield b"tail"

        return gen()

    assert shim.run_wsgi(app, {}) == ("200 OK", [("Content-Type", "text/plain")], b"head-tail")


def test_start_response_with_exc_info_replaces_the_status_before_output():
    def app(environ, start_response):
        start_response("200 OK", [("X-A", "1")])
        try:
            raise ValueError("late")
        except ValueError:
            start_response("500 Oops", [("X-B", "2")], sys.exc_info())
        return [b"error page"]

    assert shim.run_wsgi(app, {}) == ("500 Oops", [("X-B", "2")], b"error page")


def test_start_response_with_exc_info_after_output_reraises():
    def app(environ, start_response):
        write = start_response("200 OK", [])
        write(b"partial")
        try:
            raise ValueError("late")
        except ValueError:
            start_response("500 Oops", [], sys.exc_info())
        return []

    with pytest.raises(ValueError, match="late"):
        shim.run_wsgi(app, {})


@pytest.mark.parametrize(
    "app, error",
    [
        (lambda e, sr: [b"no start_response"], RuntimeError),
        (lambda e, sr: (sr("200 OK", []), sr("200 OK", []), [])[-1], AssertionError),
        (lambda e, sr: (sr("200 OK", []), ["text, not bytes"])[1], TypeError),
        (lambda e, sr: (sr(200, []), [])[1], TypeError),
    ],
    ids=["no-start-response", "start-response-twice", "str-chunk", "int-status"],
)
def test_wsgi_protocol_violations_raise(app, error):
    with pytest.raises(error):
        shim.run_wsgi(app, {})


def test_invalid_status_line_is_a_500(capsys):
    response = shim.dispatch(ev.alb_single(), None, FLASK, EchoApp(status="OK"))
    assert response["statusCode"] == 500
    assert response["statusDescription"] == "500 Internal Server Error"
    assert "invalid WSGI status line" in capsys.readouterr().err


@pytest.fixture
def fake_modules(monkeypatch):
    def add(name, **attrs):
        module = types.ModuleType(name)
        module.__dict__.update(attrs)
        monkeypatch.setitem(sys.modules, name, module)
        return module

    return add


def test_load_entries_imports_module_and_attribute(fake_modules):
    app, on_event = EchoApp(), (lambda e, c: None)
    fake_modules("spindrift_fake_web", app=app)
    fake_modules("spindrift_fake_jobs", handle=on_event)
    config = {
        "type": "flask",
        "module": "spindrift_fake_web",
        "attribute": "app",
        "events_module": "spindrift_fake_jobs",
        "events_attribute": "handle",
    }
    assert shim.load_entries(config) == (app, on_event)
    assert shim.load_entries(dict(config, type="plain")) == (app, None)  # events entry is flask-only


@pytest.mark.parametrize(
    "config, message",
    [
        ({"type": "django", "module": "x", "attribute": "y"}, "unknown package type 'django'"),
        (
            {"type": "plain", "module": "spindrift_no_such_module", "attribute": "f"},
            "cannot import 'spindrift_no_such_module' (package.entry)",
        ),
        (
            {"type": "plain", "module": "spindrift_fake_web", "attribute": "nope"},
            "module 'spindrift_fake_web' has no attribute 'nope' (package.entry)",
        ),
        (
            {"type": "plain", "module": "spindrift_fake_web", "attribute": "VALUE"},
            "spindrift_fake_web.VALUE (package.entry) is not callable",
        ),
        (
            {
                "type": "flask",
                "module": "spindrift_fake_web",
                "attribute": "app",
                "events_module": "spindrift_fake_web",
                "events_attribute": "gone",
            },
            "has no attribute 'gone' (package.events-entry)",
        ),
    ],
)
def test_load_entries_errors_are_clear(config, message, fake_modules):
    fake_modules("spindrift_fake_web", app=EchoApp(), VALUE=3)
    with pytest.raises(shim.EntryPointError) as raised:
        shim.load_entries(config)
    assert message in str(raised.value)
