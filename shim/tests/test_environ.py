"""What the WSGI app sees, per event shape (table-driven)."""

import sys
import wsgiref.validate

import pytest

import hand_events as ev
from shimkit import EchoApp, invoke, query_args, wsgi_text


def _without_headers(event, *keys):
    for key in keys:
        event.pop(key, None)
    return event


def _with(event, **changes):
    event.update(changes)
    return event


_V2_QUERY = "a=1&a=2&b=x%20y&c=1+1&d=%2B&e"


# Each row: (id, event, config, expectations). Expectation keys:
#   method, script, path (decoded text), args (multi-dict), query (exact QUERY_STRING), uri (REQUEST_URI),
#   body (bytes), length (CONTENT_LENGTH), remote, user, server, port, scheme, env (exact environ values),
#   absent (environ keys that must not exist).
CASES = [
    (
        "rest-v1-stage-encoded-path-mv",
        ev.rest_v1(),
        {},
        {
            "method": "POST",
            "script": "/live",
            "path": "/caf\u00e9/a/b/x+y/",
            "args": {
                "q": ["first", "last"],
                "sp": ["a b"],
                "plus": ["1+1"],
                "amp": ["x&y=z"],
                "uni": ["caf\u00e9"],
                "empty": [""],
            },
            "uri": "/live/caf%C3%A9/a%2Fb/x+y/?q=first&q=last&sp=a%20b&plus=1%2B1&amp=x%26y%3Dz"
            "&uni=caf%C3%A9&empty=",
            "body": b"k=v&bin=\xff\x00",
            "length": "10",
            "remote": "203.0.113.9",
            "user": "user-42",
            "server": ev.APIGW_HOST,
            "port": "443",
            "scheme": "https",
            "env": {
                "HTTP_ACCEPT": "text/html, application/json",
                "CONTENT_TYPE": "application/x-www-form-urlencoded",
                "HTTP_COOKIE": "a=1; b=2; c=3",
                "HTTP_USER_AGENT": "real-agent",
                "HTTP_HOST": ev.APIGW_HOST,
                "HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.1",
                "SERVER_PROTOCOL": "HTTP/1.1",
            },
            "absent": ["HTTP_CONTENT_LENGTH", "HTTP_CONTENT_TYPE"],
        },
    ),
    (
        "rest-v1-stage-from-default-host",
        ev.rest_v1_minimal(),
        {},
        {
            "method": "GET",
            "script": "/prod",
            "path": "/items/7",
            "query": "",
            "uri": "/prod/items/7",
            "length": "0",
            "body": b"",
            "remote": "198.51.100.2",
            "scheme": "https",
            "port": "443",
            "absent": ["HTTP_COOKIE", "REMOTE_USER", "spindrift.authorizer", "CONTENT_TYPE"],
        },
    ),
    (
        "rest-v1-test-invoke-stage",
        ev.rest_v1_minimal(stage="test-invoke-stage"),
        {},
        {"script": "", "path": "/items/7"},
    ),
    (
        "rest-v1-custom-domain-no-stage",
        ev.rest_v1_minimal(host="api.example.com"),
        {},
        {"script": "", "path": "/items/7", "server": "api.example.com"},
    ),
    (
        "rest-v1-null-headers",
        ev.rest_v1_minimal(host=None),
        {},
        {"script": "", "path": "/items/7", "server": "localhost", "port": "443", "absent": ["HTTP_HOST"]},
    ),
    (
        "rest-v1-rc-path-prefix",
        ev.rest_v1_minimal(rc_path="/prod/items/7", host=None),
        {},
        {"script": "/prod"},
    ),
    (
        "rest-v1-root-with-stage",
        ev.rest_v1_minimal(path="/", rc_path="/prod/"),
        {},
        {"script": "/prod", "path": "/"},
    ),
    ("rest-v1-rc-path-equal", ev.rest_v1_minimal(rc_path="/items/7"), {}, {"script": "", "path": "/items/7"}),
    (
        "rest-v1-literal-percent-25",
        ev.rest_v1_minimal(path="/a%2541/b%20c"),
        {},
        {"path": "/a%41/b c", "uri": "/prod/a%2541/b%20c"},
    ),
    (
        "rest-v1-invalid-utf8-path",
        ev.rest_v1_minimal(path="/x%FF"),
        {},
        {"env": {"PATH_INFO": "/x\xff"}},
    ),
    (
        "base-path-custom-domain",
        ev.rest_v1_minimal(path="/api/items/7", host="api.example.com"),
        {"base_path": "api"},
        {"script": "/api", "path": "/items/7", "uri": "/api/items/7"},
    ),
    (
        "base-path-with-slashes",
        ev.rest_v1_minimal(path="/api/items/7", host="api.example.com"),
        {"base_path": "/api/"},
        {"script": "/api", "path": "/items/7"},
    ),
    (
        "base-path-segment-boundary",
        ev.rest_v1_minimal(path="/apiary/x", host="api.example.com"),
        {"base_path": "/api"},
        {"script": "", "path": "/apiary/x"},
    ),
    (
        "base-path-exact",
        ev.rest_v1_minimal(path="/api", host="api.example.com"),
        {"base_path": "/api"},
        {"script": "/api", "env": {"PATH_INFO": ""}},
    ),
    (
        "base-path-nested-unicode",
        ev.rest_v1_minimal(path="/v%C3%A9/2/x", host="api.example.com"),
        {"base_path": "v\u00e9/2"},
        {"script": "/v\u00e9/2", "path": "/x"},
    ),
    (
        "base-path-after-stage",
        ev.rest_v1_minimal(path="/v1/items", rc_path="/prod/v1/items"),
        {"base_path": "v1"},
        {"script": "/prod/v1", "path": "/items"},
    ),
    (
        "base-path-root-is-ignored",
        ev.rest_v1_minimal(host="api.example.com"),
        {"base_path": "/"},
        {"script": ""},
    ),
    (
        "http-v1-decoded-path",
        ev.http_v1(),
        {},
        {
            "method": "PUT",
            "script": "",
            "path": "/files/100%41 x",
            "args": {"k": ["1", "2"]},
            "uri": "/files/100%2541%20x?k=1&k=2",
            "body": "caf\u00e9".encode(),
            "length": "5",
            "remote": "192.0.2.10",
            "env": {"HTTP_HEADER2": "one, two", "CONTENT_TYPE": "text/plain"},
        },
    ),
    (
        "http-v1-named-stage-in-path",
        _with(ev.http_v1(), path="/beta/x", requestContext={"path": "/beta/x", "stage": "beta"}),
        {},
        {"script": "/beta", "path": "/x"},
    ),
    (
        "http-v2-named-stage",
        ev.http_v2(),
        {},
        {
            "method": "DELETE",
            "script": "/beta",
            "path": "/files/a+b/100%41/",
            "query": "a=1&a=2&b=x%20y&c=1+1&d=%2B&e",
            "args": {"a": ["1", "2"], "b": ["x y"], "c": ["1 1"], "d": ["+"], "e": [""]},
            "uri": "/beta/files/a+b/100%2541/?a=1&a=2&b=x%20y&c=1+1&d=%2B&e",
            "body": b'{"k": "v"}',
            "length": "10",
            "remote": "192.0.2.20",
            "server": ev.APIGW_HOST,
            "env": {
                "HTTP_COOKIE": "s=1; u=3; t=2",
                "HTTP_ACCEPT": "text/html,application/json",
                "CONTENT_TYPE": "application/json",
            },
            "absent": ["REMOTE_USER"],
        },
    ),
    (
        "http-v2-named-stage-custom-domain-keeps-segment",
        _with(
            ev.http_v2(raw_path="/beta/items", stage="beta"),
            headers={"host": "api.example.com"},
            requestContext={"domainName": "api.example.com", "stage": "beta", "http": {"method": "GET"}},
        ),
        {},
        {"script": "", "path": "/beta/items", "server": "api.example.com", "uri": "/beta/items?" + _V2_QUERY},
    ),
    (
        "http-v2-named-stage-domain-name-only",
        _without_headers(ev.http_v2(raw_path="/beta/items", stage="beta"), "headers"),
        {},
        {"script": "/beta", "path": "/items", "server": ev.APIGW_HOST},
    ),
    (
        "http-v2-named-stage-china-default-host",
        _with(
            ev.http_v2(raw_path="/beta/items", stage="beta"),
            headers={"host": "abc123defg.execute-api.cn-north-1.amazonaws.com.cn"},
        ),
        {},
        {"script": "/beta", "path": "/items"},
    ),
    (
        "http-v1-named-stage-custom-domain-keeps-segment",
        _with(
            ev.http_v1(),
            path="/beta/x",
            headers={"host": "api.example.com"},
            multiValueHeaders={},
            requestContext={"path": "/beta/x", "stage": "beta", "domainName": "api.example.com"},
        ),
        {},
        {"script": "", "path": "/beta/x"},
    ),
    (
        "http-v2-named-stage-custom-domain-with-base-path",
        _with(
            ev.http_v2(raw_path="/beta/items", stage="beta"),
            headers={"host": "api.example.com"},
            requestContext={"domainName": "api.example.com", "stage": "beta", "http": {"method": "GET"}},
        ),
        {"base_path": "beta"},
        {"script": "/beta", "path": "/items"},
    ),
    ("http-v2-default-root", ev.http_v2(raw_path="/", stage="$default"), {}, {"script": "", "path": "/"}),
    (
        "http-v2-stage-only",
        ev.http_v2(raw_path="/beta", stage="beta"),
        {},
        {"script": "/beta", "env": {"PATH_INFO": ""}},
    ),
    (
        "http-v2-stage-boundary",
        ev.http_v2(raw_path="/betamax/x", stage="beta"),
        {},
        {"script": "", "path": "/betamax/x"},
    ),
    (
        "http-v2-unicode-path",
        ev.http_v2(raw_path="/caf\u00e9/\u00fc\u20ac", stage="$default"),
        {},
        {
            "path": "/caf\u00e9/\u00fc\u20ac",
            "env": {"PATH_INFO": "/caf\u00c3\u00a9/\u00c3\u00bc\u00e2\u0082\u00ac"},
        },
    ),
    (
        "http-v2-no-headers-no-cookies",
        _without_headers(ev.http_v2(stage="$default", raw_path="/x"), "headers", "cookies"),
        {},
        {"server": ev.APIGW_HOST, "port": "443", "scheme": "https", "absent": ["HTTP_COOKIE", "HTTP_HOST"]},
    ),
    (
        "http-v2-base64-body",
        ev.http_v2(body="AAEC/w==", isBase64Encoded=True),
        {},
        {"body": b"\x00\x01\x02\xff", "length": "4"},
    ),
    (
        "function-url-encoded-raw-path",
        ev.function_url(),
        {},
        {
            "method": "GET",
            "script": "",
            "path": "/caf\u00e9/x y/a%41",
            "query": "n=caf%C3%A9",
            "args": {"n": ["caf\u00e9"]},
            "uri": "/caf%C3%A9/x%20y/a%2541?n=caf%C3%A9",
            "remote": "192.0.2.30",
            "server": ev.URL_HOST,
            "length": "0",
            "env": {"HTTP_COOKIE": "s=1; t=2"},
        },
    ),
    (
        "function-url-named-stage-is-not-stripped",
        _with(
            ev.function_url(),
            rawPath="/beta/x",
            requestContext={"domainName": ev.URL_HOST, "stage": "beta", "http": {"method": "GET"}},
        ),
        {},
        {"script": "", "path": "/beta/x"},
    ),
    (
        "alb-single-raw-query",
        ev.alb_single(),
        {},
        {
            "method": "GET",
            "script": "",
            "path": "/p q/caf\u00e9",
            "args": {"a": ["x y"], "b": ["x+y"], "c": ["caf\u00e9"], "e": [""]},
            "remote": "10.0.0.1",
            "server": ev.ALB_HOST,
            "port": "443",
            "scheme": "https",
            "length": "0",
            "env": {"HTTP_COOKIE": "x=1; y=2"},
        },
    ),
    (
        "alb-multi-value",
        ev.alb_multi(),
        {},
        {
            "method": "POST",
            "args": {"a": ["x y", "1"], "b": ["\u20ac"]},
            "remote": "10.0.0.2",
            "server": ev.ALB_HOST,
            "port": "8443",
            "scheme": "http",
            "body": b"hello",
            "length": "5",
            "env": {
                "HTTP_ACCEPT": "text/html, application/json",
                "HTTP_COOKIE": "x=1; y=2",
                "HTTP_HOST": ev.ALB_HOST + ":8443",
            },
        },
    ),
    (
        "alb-https-on-a-custom-port",
        _with(
            ev.alb_single(),
            headers={"host": ev.ALB_HOST, "x-forwarded-proto": "HTTPS", "x-forwarded-port": "8443"},
        ),
        {},
        {"scheme": "https", "port": "8443", "server": ev.ALB_HOST},
    ),
    (
        "alb-health-check-no-host",
        ev.alb_health_check(),
        {},
        {
            "path": "/health",
            "server": "localhost",
            "port": "80",
            "scheme": "http",
            "env": {"HTTP_USER_AGENT": "ELB-HealthChecker/2.0"},
            "absent": ["REMOTE_ADDR", "HTTP_HOST", "HTTP_COOKIE"],
        },
    ),
    (
        "alb-null-headers",
        {"requestContext": ev.ELB, "httpMethod": "GET", "path": "/", "headers": None, "body": None},
        {},
        {"path": "/", "query": "", "server": "localhost", "length": "0", "absent": ["REMOTE_ADDR"]},
    ),
    (
        "lattice-v1",
        ev.lattice_v1(),
        {},
        {
            "method": "POST",
            "script": "",
            "path": "/caf\u00e9/x y",
            "args": {"q": ["a b"], "u": ["caf\u00e9"]},
            "body": b"hi there",
            "length": "8",
            "remote": "10.0.0.9",
            "server": ev.LATTICE_HOST,
            "scheme": "http",
            "port": "80",
            "env": {"HTTP_USER_AGENT": "real", "HTTP_COOKIE": "s=1; t=2", "CONTENT_TYPE": "text/plain"},
        },
    ),
    (
        "lattice-v2",
        ev.lattice_v2(),
        {},
        {
            "method": "PUT",
            "path": "/orders/7",
            "args": {"a": ["1", "2"], "b": ["x"]},
            "body": b'{"n": 1}',
            "remote": "10.0.0.10",
            "scheme": "https",
            "port": "443",
            "env": {"HTTP_ACCEPT": "text/html, application/json"},
        },
    ),
    (
        "lattice-v2-base-path",
        _with(ev.lattice_v2(), path="/api/orders/7"),
        {"base_path": "/api"},
        {"script": "/api", "path": "/orders/7"},
    ),
    (
        "null-header-values",
        _with(
            ev.rest_v1_minimal(host="api.example.com"),
            headers={"X-A": None, "X-B": "b", "Host": "api.example.com"},
            multiValueHeaders={"X-C": [None, "c"], "X-D": None, "Host": ["api.example.com"]},
        ),
        {},
        {"env": {"HTTP_X_B": "b", "HTTP_X_C": "c"}, "absent": ["HTTP_X_A", "HTTP_X_D"]},
    ),
]


def _check(environ, request_body, expected):
    checks = {
        "method": lambda: environ["REQUEST_METHOD"],
        "script": lambda: wsgi_text(environ["SCRIPT_NAME"]),
        "path": lambda: wsgi_text(environ["PATH_INFO"]),
        "args": lambda: query_args(environ),
        "query": lambda: environ["QUERY_STRING"],
        "uri": lambda: environ["REQUEST_URI"],
        "body": lambda: request_body,
        "length": lambda: environ["CONTENT_LENGTH"],
        "remote": lambda: environ.get("REMOTE_ADDR"),
        "user": lambda: environ.get("REMOTE_USER"),
        "server": lambda: environ["SERVER_NAME"],
        "port": lambda: environ["SERVER_PORT"],
        "scheme": lambda: environ["wsgi.url_scheme"],
    }
    for key, want in expected.items():
        if key == "env":
            for name, value in want.items():
                assert environ.get(name) == value, name
        elif key == "absent":
            for name in want:
                assert name not in environ, name
        else:
            assert checks[key]() == want, key


@pytest.mark.parametrize("name, event, config, expected", CASES, ids=[case[0] for case in CASES])
def test_environ_seen_by_the_app(name, event, config, expected):
    response, app = invoke(event, config)
    assert response["statusCode"] == 200, response
    _check(app.environ, app.request_body, expected)


# The validator also checks the response side, including that the iterable gets closed (it complains
# from __del__, which pytest reports as an unraisable-exception warning: made an error here).
@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("name, event, config, expected", CASES, ids=[case[0] for case in CASES])
def test_environ_passes_the_pep3333_validator(name, event, config, expected):
    validated = wsgiref.validate.validator(EchoApp())
    response, _ = invoke(event, config, app=validated)
    assert response["statusCode"] == 200, response


@pytest.mark.parametrize("name, event, config, expected", CASES, ids=[case[0] for case in CASES])
def test_environ_strings_are_latin1_native_strings(name, event, config, expected):
    _, app = invoke(event, config)
    for key, value in app.environ.items():
        if isinstance(value, str) and not key.startswith(("spindrift.", "awslambda.")):
            value.encode("latin-1")  # raises if the shim left a non-latin-1 character in


def test_content_length_comes_from_the_decoded_body_not_the_header():
    event = ev.http_v2(body=None)
    assert event["headers"]["content-length"] == "41"
    _, app = invoke(event)
    assert app.environ["CONTENT_LENGTH"] == "0"
    assert app.request_body == b""


def test_event_context_and_authorizer_are_exposed():
    event = ev.rest_v1()
    context = object()
    _, app = invoke(event, context=context)
    environ = app.environ
    assert environ["spindrift.event"] is event
    assert environ["awslambda.event"] is event
    assert environ["spindrift.context"] is context
    assert environ["awslambda.context"] is context
    assert environ["spindrift.source"] == "rest_v1"
    assert environ["spindrift.authorizer"] == {"principalId": "user-42", "tier": "gold"}
    assert environ["wsgi.errors"] is sys.stderr
    assert environ["wsgi.version"] == (1, 0)


def test_underscore_headers_never_shadow_real_ones():
    event = ev.rest_v1()
    event["headers"] = {"user_agent": "spoofed"}
    event["multiValueHeaders"] = {"user_agent": ["spoofed"]}
    _, app = invoke(event)
    assert "HTTP_USER_AGENT" not in app.environ
    assert all("spoofed" != v for v in app.environ.values())


def test_multi_value_headers_win_over_single_headers():
    event = ev.rest_v1_minimal(host="api.example.com")
    event["headers"] = {"X-Tag": "second", "Host": "api.example.com"}
    event["multiValueHeaders"] = {"x-tag": ["first", "second"], "Host": ["api.example.com"]}
    _, app = invoke(event)
    assert app.environ["HTTP_X_TAG"] == "first, second"


def test_query_falls_back_to_single_value_parameters():
    event = ev.rest_v1_minimal()
    event["queryStringParameters"] = {"a": "1 2", "b": "\u00e9"}
    _, app = invoke(event)
    assert query_args(app.environ) == {"a": ["1 2"], "b": ["\u00e9"]}


def test_v2_without_raw_query_string_uses_the_parameters():
    event = ev.http_v2()
    del event["rawQueryString"]
    event["queryStringParameters"] = {"x": "1 2"}
    _, app = invoke(event)
    assert query_args(app.environ) == {"x": ["1 2"]}
