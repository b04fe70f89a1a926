"""The ASGI adapter: the same event tables as the WSGI tests drive both adapters, which must see the same
request; then the ASGI protocol itself (bodies, disconnects, background work, lifespan, the event loop)."""

import asyncio
import base64
import json

import pytest

import hand_events as ev
from shimkit import AsgiEchoApp, EchoApp, asgi_invoke, asgi_view, invoke, shim, wsgi_view
from test_environ import CASES, _check


@pytest.mark.parametrize("name, event, config, expected", CASES, ids=[case[0] for case in CASES])
def test_both_adapters_see_the_same_request(name, event, config, expected):
    wsgi_response, wsgi_app = invoke(json.loads(json.dumps(event)), config)
    asgi_response, asgi_app = asgi_invoke(json.loads(json.dumps(event)), config)
    assert wsgi_response["statusCode"] == asgi_response["statusCode"] == 200
    assert asgi_view(asgi_app.scope, asgi_app.request_body) == wsgi_view(wsgi_app.environ, wsgi_app.request_body)
    # and the WSGI side still meets the table's expectations, so the shared view is the right one
    _check(wsgi_app.environ, wsgi_app.request_body, expected)


@pytest.mark.parametrize("name, event, config, expected", CASES, ids=[case[0] for case in CASES])
def test_both_adapters_answer_with_the_same_envelope(name, event, config, expected):
    headers = [("content-type", "text/html; charset=utf-8"), ("set-cookie", "a=1"), ("set-cookie", "b=2"), ("x-n", "\xe9")]
    body = "caf\u00e9".encode()
    wsgi_app = EchoApp(status="404 Not Found", headers=headers, body=body)
    asgi_app = AsgiEchoApp(status=404, headers=[(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers], body=body)
    wsgi_response, _ = invoke(json.loads(json.dumps(event)), config, app=wsgi_app)
    asgi_response, _ = asgi_invoke(json.loads(json.dumps(event)), config, app=asgi_app)
    assert asgi_response == wsgi_response
    assert wsgi_response["statusCode"] == 404 and wsgi_response["body"] == "caf\u00e9"


def test_scope_shape_follows_the_asgi_spec():
    context = object()
    event = ev.http_v2()
    _, app = asgi_invoke(event, context=context)
    scope = app.scope
    assert scope["type"] == "http" and scope["asgi"]["version"] == "3.0"
    assert scope["http_version"] == "1.1"
    assert scope["root_path"] == "/beta" and scope["path"] == "/beta/files/a+b/100%41/"
    assert scope["raw_path"] == b"/beta/files/a+b/100%2541/"
    assert scope["query_string"] == b"a=1&a=2&b=x%20y&c=1+1&d=%2B&e"
    assert scope["client"] == ("192.0.2.20", 0)
    assert scope["server"] == (ev.APIGW_HOST, 443)
    assert scope["aws.event"] is event and scope["spindrift.event"] is event
    assert scope["aws.context"] is context and scope["spindrift.context"] is context
    assert scope["spindrift.source"] == "http_v2"
    assert scope["spindrift.authorizer"] == {"jwt": {"claims": {"sub": "abc"}, "scopes": None}}
    assert dict(scope["headers"])[b"cookie"] == b"s=1; u=3; t=2"
    assert dict(scope["headers"])[b"content-length"] == b"10"


def test_principal_is_exposed_as_spindrift_user():
    _, app = asgi_invoke(ev.rest_v1())
    assert app.scope["spindrift.user"] == "user-42"
    assert app.scope["path"] == "/live/caf\u00e9/a/b/x+y/"


def test_invalid_utf8_path_is_replaced_in_path_and_exact_in_raw_path():
    _, app = asgi_invoke(ev.rest_v1_minimal(path="/x%FF"))
    assert app.scope["path"] == "/prod/x\ufffd"
    assert app.scope["raw_path"] == b"/prod/x%FF"


@pytest.mark.parametrize(
    "event, key",
    [
        (ev.rest_v1(), "multiValueHeaders"),
        (ev.http_v1(), "multiValueHeaders"),
        (ev.http_v2(), "cookies"),
        (ev.function_url(), "cookies"),
        (ev.alb_single(), "headers"),
        (ev.alb_multi(), "multiValueHeaders"),
    ],
)
def test_binary_body_and_set_cookie_per_source(event, key):
    png = b"\x89PNG\r\n\x1a\n\x00\xff"
    headers = [(b"content-type", b"image/png"), (b"set-cookie", b"a=1"), (b"set-cookie", b"b=2")]
    response, _ = asgi_invoke(event, app=AsgiEchoApp(status=201, headers=headers, body=png))
    assert response["statusCode"] == 201
    assert response["isBase64Encoded"] is True and base64.b64decode(response["body"]) == png
    if key == "cookies":
        assert response["cookies"] == ["a=1", "b=2"]
    elif key == "multiValueHeaders":
        assert response["multiValueHeaders"]["set-cookie"] == ["a=1", "b=2"]
    else:
        assert response["headers"]["set-cookie"] == "b=2" and response["statusDescription"] == "201 Created"


class StreamingApp:
    """Streams its body in pieces while a second task waits for the disconnect (as Starlette does)."""

    def __init__(self):
        self.disconnected_early = False
        self.events = []

    async def __call__(self, scope, receive, send):
        await receive()
        done = asyncio.Event()

        async def listen():
            message = await receive()
            self.events.append(message["type"])
            if not done.is_set():
                self.disconnected_early = True

        listener = asyncio.ensure_future(listen())
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        for part in (b"one ", b"two ", b"three"):
            await asyncio.sleep(0)
            await send({"type": "http.response.body", "body": part, "more_body": True})
        done.set()
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        await listener


def test_streamed_body_is_collected_and_disconnect_comes_only_after_it():
    app = StreamingApp()
    response, _ = asgi_invoke(ev.http_v2(), app=app)
    assert response["body"] == "one two three"
    assert app.events == ["http.disconnect"] and not app.disconnected_early


def test_background_work_finishes_before_the_response_is_returned():
    seen = []

    async def app(scope, receive, send):
        async def later():
            await asyncio.sleep(0.05)
            seen.append("task")

        asyncio.get_running_loop().create_task(later())  # Quart-style: a task outliving the app call
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
        await asyncio.sleep(0.02)  # Starlette-style: the app awaits its background tasks after the body
        seen.append("after-body")

    response, _ = asgi_invoke(ev.http_v2(), app=app)
    assert response["body"] == "ok"
    assert seen == ["after-body", "task"]


class FakeContext:
    def __init__(self, millis):
        self.millis = millis

    def get_remaining_time_in_millis(self):
        return self.millis


def test_background_work_is_cut_short_when_the_invocation_runs_out_of_time(capsys):
    async def app(scope, receive, send):
        asyncio.get_running_loop().create_task(asyncio.sleep(30))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    response, _ = asgi_invoke(ev.http_v2(), app=app, context=FakeContext(600))
    assert response["body"] == "ok"
    assert "1 background task(s) of this request are still running" in capsys.readouterr().err


@pytest.mark.parametrize(
    "app, log",
    [
        (lambda: _raises_before_start, "RuntimeError: before start"),
        (lambda: _never_answers, "returned without completing its response"),
        (lambda: _body_before_start, "http.response.body before http.response.start"),
        (lambda: _start_twice, "http.response.start twice"),
    ],
)
def test_app_failures_become_500(app, log, capsys):
    response, _ = asgi_invoke(ev.http_v2(), app=app())
    assert response["statusCode"] == 500 and response["body"] == "Internal Server Error"
    assert log in capsys.readouterr().err


async def _raises_before_start(scope, receive, send):
    raise RuntimeError("before start")


async def _never_answers(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})


async def _body_before_start(scope, receive, send):
    await send({"type": "http.response.body", "body": b"x"})


async def _start_twice(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.start", "status": 200, "headers": []})


def test_exception_after_a_complete_response_keeps_the_response(capsys):
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 202, "headers": []})
        await send({"type": "http.response.body", "body": b"sent"})
        raise RuntimeError("late")

    response, _ = asgi_invoke(ev.http_v2(), app=app)
    assert (response["statusCode"], response["body"]) == (202, "sent")
    assert "raised after its response was complete" in capsys.readouterr().err


def test_reraise_mode_propagates():
    with pytest.raises(RuntimeError, match="before start"):
        asgi_invoke(ev.http_v2(), config={"reraise": True}, app=_raises_before_start)


def test_unknown_status_code_has_an_empty_reason():
    response, _ = asgi_invoke(ev.alb_single(), app=AsgiEchoApp(status=599, headers=[], body=b""))
    assert response["statusCode"] == 599 and response["statusDescription"] == "599 Unknown"


# ---------------------------------------------------------------------------------------------------------
# Lifespan and the event loop


class LifespanApp:
    """Answers lifespan startup (or fails it); puts a loop-bound object into the lifespan state."""

    def __init__(self, fail=None):
        self.fail = fail
        self.startups = 0
        self.loops = []

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            message = await receive()
            assert message["type"] == "lifespan.startup"
            self.startups += 1
            if self.fail:
                await send({"type": "lifespan.startup.failed", "message": self.fail})
                return
            scope["state"]["lock"] = asyncio.Lock()
            scope["state"]["loop"] = asyncio.get_running_loop()
            await send({"type": "lifespan.startup.complete"})
            await receive()  # waits for shutdown
            return
        self.loops.append(asyncio.get_running_loop())
        async with scope["state"]["lock"]:  # bound to the startup loop: fails on any other loop
            pass
        assert scope["state"]["loop"] is asyncio.get_running_loop()
        scope["state"]["mutated"] = True  # a request's copy: never seen by the next request
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def test_lifespan_startup_runs_once_and_the_loop_persists():
    app = LifespanApp()
    runner = shim.AsgiRunner(app)
    assert runner.startup() is True
    config = {"type": "asgi", "module": "m", "attribute": "a"}
    for _ in range(3):
        response = shim.dispatch(ev.http_v2(), None, config, app, adapter=runner.run)
        assert response["body"] == "ok", response
    assert app.startups == 1
    assert len(set(map(id, app.loops))) == 1
    assert "mutated" not in runner.state


def test_lifespan_startup_failure_fails_with_its_message():
    runner = shim.AsgiRunner(LifespanApp(fail="database unreachable"))
    with pytest.raises(shim.LifespanError) as raised:
        runner.startup()
    assert str(raised.value) == "spindrift: the ASGI app's lifespan startup failed: database unreachable"


def test_app_without_lifespan_support_is_served(capsys):
    runner = shim.AsgiRunner(AsgiEchoApp())  # raises ValueError on a lifespan scope, as Django does
    assert runner.startup() is False
    assert "does not support the lifespan protocol (it raised ValueError: only http scopes)" in capsys.readouterr().err
    response = shim.dispatch(ev.http_v2(), None, {"type": "asgi", "module": "m"}, runner.app, adapter=runner.run)
    assert response["statusCode"] == 200


def test_app_returning_from_lifespan_without_answering_is_served_silently(capsys):
    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            return
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    runner = shim.AsgiRunner(app)
    assert runner.startup() is False
    assert capsys.readouterr().err == ""
    response = shim.dispatch(ev.http_v2(), None, {"type": "asgi", "module": "m"}, app, adapter=runner.run)
    assert response["statusCode"] == 204


def test_non_http_events_go_to_the_events_entry_or_fail_naming_asgi():
    config = {"type": "asgi", "module": "m"}
    assert shim.dispatch(ev.SQS, None, config, AsgiEchoApp(), lambda e, c: "jobs") == "jobs"
    with pytest.raises(shim.UnsupportedEventError, match="serves an ASGI app and no package.events-entry"):
        shim.dispatch(ev.SQS, None, config, AsgiEchoApp())


def test_wsgi_echo_is_not_served_by_the_asgi_adapter_and_vice_versa():
    # the two echo apps are the right twins: each is what its type says
    assert shim.entry_shape(AsgiEchoApp()) == ("asgi", "")
    assert shim.entry_shape(EchoApp()) == ("callable", "")


@pytest.mark.parametrize("event", [ev.lattice_v1(), ev.lattice_v2()], ids=["v1", "v2"])
def test_lattice_envelope_has_one_value_per_header(event, capsys):
    headers = [(b"content-type", b"text/plain"), (b"set-cookie", b"a=1"), (b"set-cookie", b"b=2"), (b"x-a", b"1"), (b"x-a", b"2")]
    response, _ = asgi_invoke(event, app=AsgiEchoApp(status=201, headers=headers, body=b"made"))
    assert response == {
        "statusCode": 201,
        "statusDescription": "201 Created",
        "headers": {"content-type": "text/plain", "set-cookie": "b=2", "x-a": "1, 2"},
        "body": "made",
        "isBase64Encoded": False,
    }
    assert "a VPC Lattice response has one value per header, so only the last of 2 Set-Cookie headers is sent" in capsys.readouterr().err


def test_shutdown_sends_lifespan_shutdown_and_closes_the_loop():
    events = []

    async def app(scope, receive, send):
        assert scope["type"] == "lifespan"
        await receive()
        await send({"type": "lifespan.startup.complete"})
        events.append((await receive())["type"])
        await send({"type": "lifespan.shutdown.complete"})

    runner = shim.AsgiRunner(app)
    runner.startup()
    runner.shutdown()
    assert events == ["lifespan.shutdown"] and runner.loop.is_closed()
    runner.shutdown()  # a second call is harmless
