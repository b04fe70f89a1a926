"""Conformance over published AWS event payloads kept in ../shared/events (next to the repository).

The expectations below encode the table of ../shared/events/README.md, one row per file. The files are
read from there, never copied into the project. Every JSON file in the folder must have a row here.
"""

import base64
import json
from pathlib import Path

import pytest

from shimkit import AsgiEchoApp, EchoApp, asgi_view, query_args, shim, wsgi_text, wsgi_view

def _find_events_dir():
    """../shared/events beside the checkout (a worktree may sit one folder deeper than main)."""
    for folder in Path(__file__).resolve().parents[2].parents:
        if (folder / "shared" / "events").is_dir():
            return folder / "shared" / "events"
    return Path(__file__).resolve().parents[2].parent / "shared" / "events"


EVENTS_DIR = _find_events_dir()

# Expectation keys (all optional except source):
#   source, method, script, path (decoded text), args (multi-dict), env (exact environ values),
#   absent (environ keys that must not exist), server, port, scheme, remote, user, body (bytes),
#   envelope ("v1-MV", "v2", "ALB-MV", "ALB-single"), config (extra shim config for this file).
# Non-HTTP rows only give the source; they must raise the clear error or reach the events entry.
EXPECTED = {
    "aws-lambda-go/apigw-request.json": {
        "source": "rest_v1",
        "method": "POST",
        "script": "/testStage",
        "path": "/hello/world",
        "args": {"name": ["me"]},
        "server": "gy415nuibc.execute-api.us-east-1.amazonaws.com",
        "env": {
            "HTTP_HOST": "gy415nuibc.execute-api.us-east-1.amazonaws.com",
            "HTTP_X_FORWARDED_FOR": "54.240.196.186, 54.182.214.83",
            "CONTENT_TYPE": "application/json",
        },
        "remote": "192.168.196.186",
        "user": "admin",
        "body": b'{\r\n\t"a": 1\r\n}',
        "envelope": "v1-MV",
    },
    "aws-lambda-go/apigw-v2-request-no-authorizer.json": {
        "source": "http_v2",
        "method": "GET",
        "script": "",
        "path": "/",
        "args": {},
        "env": {"HTTP_HOST": "aaaaaaaaaa.execute-api.us-west-2.amazonaws.com"},
        "remote": "1.2.3.4",
        "absent": ["HTTP_COOKIE"],
        "body": b"",
        "envelope": "v2",
    },
    "aws-lambda-go/apigw-v2-request-jwt-authorizer.json": {
        "source": "http_v2",
        "method": "GET",
        "script": "",
        "path": "/my/path",
        "args": {"parameter1": ["value1", "value2"], "parameter2": ["value"]},
        "server": "id.execute-api.us-east-1.amazonaws.com",
        "port": "443",
        "scheme": "https",
        "env": {"HTTP_COOKIE": "cookie1; cookie2", "HTTP_HEADER1": "value1", "HTTP_HEADER2": "value2"},
        "absent": ["HTTP_HOST", "CONTENT_TYPE"],
        "remote": "IP",
        "body": b'{\r\n\t"a": 1\r\n}',
        "envelope": "v2",
    },
    "aws-lambda-go/alb-lambda-target-request-headers-only.json": {
        "source": "alb",
        "method": "GET",
        "script": "",
        "path": "/",
        "args": {"key": ["hello"]},
        "env": {"HTTP_HOST": "lambda-test-alb-1334523864.us-east-1.elb.amazonaws.com"},
        "scheme": "http",
        "port": "80",
        "remote": "25.12.198.67",
        "body": b"",
        "envelope": "ALB-single",
    },
    "aws-lambda-go/alb-lambda-target-request-multivalue-headers.json": {
        "source": "alb_mv",
        "method": "GET",
        "script": "",
        "path": "/",
        "args": {"key": ["hello"]},
        "env": {"HTTP_HOST": "lambda-test-alb-1234567.us-east-1.elb.amazonaws.com"},
        "scheme": "http",
        "port": "80",
        "remote": "72.21.198.67",
        "body": b"",
        "envelope": "ALB-MV",
    },
    "aws-lambda-go/lambda-urls-request.json": {
        "source": "function_url",
        "method": "POST",
        "script": "",
        "path": "/my/path",
        "args": {"parameter1": ["value1", "value2"], "parameter2": ["value"]},
        "server": "<url-id>.lambda-url.us-west-2.on.aws",
        "env": {"HTTP_HEADER2": "value1,value2", "HTTP_COOKIE": "cookie1; cookie2"},
        "remote": "123.123.123.123",
        "body": b"Hello from client!",
        "envelope": "v2",
    },
    "aws-lambda-go/sqs-event.json": {"source": "sqs"},
    "aws-lambda-go/s3-event.json": {"source": "s3"},
    "aws-lambda-go/apigw-custom-auth-request-type-request.json": {"source": "authorizer"},
    "powertools-lambda-python/apiGatewayProxyEvent.json": {
        "source": "http_v1",
        "method": "GET",
        "script": "",
        "path": "/my/path",
        "args": {"parameter1": ["value1", "value2"], "parameter2": ["value"]},
        "env": {
            "HTTP_HEADER2": "value1, value2",
            "HTTP_HEADER1": "value1",
            "HTTP_ORIGIN": "https://aws.amazon.com",
        },
        "absent": ["HTTP_HOST"],
        "remote": "192.168.0.1/32",
        "body": b"Hello from Lambda!",
        "envelope": "v1-MV",
    },
    "powertools-lambda-python/apiGatewayProxyV2Event.json": {
        "source": "http_v2",
        "method": "POST",
        "script": "",
        "path": "/my/path",
        "args": {"parameter1": ["value1", "value2"], "parameter2": ["value"]},
        "env": {"HTTP_COOKIE": "cookie1; cookie2", "HTTP_HEADER2": "value1,value2"},
        "absent": ["CONTENT_TYPE"],
        "remote": "192.168.0.1/32",
        "body": b'{"message": "hello world", "username": "tom"}',
        "envelope": "v2",
    },
    "powertools-lambda-python/lambdaFunctionUrlEvent.json": {
        "source": "function_url",
        "method": "GET",
        "script": "",
        "path": "/",
        "args": {},
        "env": {"HTTP_HOST": "<url-id>.lambda-url.us-east-1.on.aws"},
        "absent": ["HTTP_COOKIE"],
        "remote": "123.123.123.123",
        "body": b"",
        "envelope": "v2",
    },
    # Lattice v1 and v2 are HTTP sources; v2 must not pass as payload 2.0 (it has no requestContext.http).
    "powertools-lambda-python/vpcLatticeEvent.json": {
        "source": "lattice_v1",
        "method": "GET",
        "script": "",
        "path": "/testpath",
        "args": {"order-id": ["1"]},
        "server": "test-lambda-service-3908sdf9u3u.dkfjd93.vpc-lattice-svcs.us-east-2.on.aws",
        "remote": "10.213.229.10",
        "env": {"HTTP_ACCEPT": "*/*", "HTTP_HEADER2": "value1,value2"},
        "absent": ["HTTP_USER_AGENT", "HTTP_COOKIE"],  # user_agent (underscore) must not pose as User-Agent
        "body": b'{"test": "event"}',
        "envelope": "Lattice",
    },
    "powertools-lambda-python/vpcLatticeV2EventWithHeaders.json": {
        "source": "lattice_v2",
        "method": "GET",
        "script": "",
        "path": "/newpath",
        "args": {"parameter1": ["value1", "value2"], "parameter2": ["value"]},
        "server": "lattice-svc-027b423199122da5f.7d67968.vpc-lattice-svcs.us-east-1.on.aws",
        "remote": "172.31.40.143",
        "env": {"HTTP_POWERTOOLS": "a, b", "HTTP_HEADER2": "value1, value2", "HTTP_USER_AGENT": "curl/8.3.0"},
        "body": b'{"message": "Hello from Lambda!"}',
        "envelope": "Lattice",
    },
    "powertools-lambda-python/apiGatewayProxyEventPrincipalId.json": {
        "source": "rest_v1",
        "method": "POST",
        "script": "",
        "path": "/trip",
        "args": {},
        "user": "fake",
        "body": b"",
        "envelope": "v1-MV",
    },
    "powertools-lambda-python/eventBridgeEvent.json": {"source": "eventbridge"},
    "aws-lambda-dotnet/values-get-all-httpapi-v2-with-stage.json": {
        "source": "http_v2",
        "method": "GET",
        "script": "/beta",
        "path": "/api/values",
        "args": {},
        "env": {"HTTP_HOST": "uzdrcy3wk7.execute-api.us-east-1.amazonaws.com"},
        "remote": "192.182.149.40",
        "body": b"",
        "envelope": "v2",
    },
    "aws-lambda-dotnet/cookies-get-multiple-httpapi-v2-request.json": {
        "source": "http_v2",
        "method": "GET",
        "script": "",
        "path": "/api/cookietests/TestCookie3",
        "args": {},
        "env": {"HTTP_COOKIE": "TestCookie1=TestValue1; TestCookie2=TestValue2; TestCookie3=TestValue3"},
        "body": b"",
        "envelope": "v2",
    },
    "aws-lambda-dotnet/values-put-binary-alb-request.json": {
        "source": "alb",
        "method": "PUT",
        "script": "",
        "path": "/api/binary",
        "args": {},
        "env": {"CONTENT_TYPE": "text/plain"},
        "body": b"Greetings, programs!",
        "envelope": "ALB-single",
    },
    "aws-lambda-dotnet/values-get-querystring-alb-mv-encoding-request.json": {
        "source": "alb_mv",
        "method": "GET",
        "script": "",
        "path": "/api/rawquerystring",
        "args": {"url": ["http://www.gooogle.com"]},
        "env": {"HTTP_ACCEPT": "text/html, application/xhtml+xml"},
        "body": b"",
        "envelope": "ALB-MV",
    },
    "aws-lambda-dotnet/values-get-querystring-httpapi-v2-encoding-request.json": {
        "source": "http_v2",
        "method": "GET",
        "script": "",
        "path": "/api/rawquerystring/json",
        "args": {
            "url": ["http://www.google.com"],
            "testDateTimeOffset": ["2019-03-12T16:06:06.549817 00:00"],
        },
        "env": {
            "QUERY_STRING": "url=http://www.google.com&testDateTimeOffset=2019-03-12T16:06:06.549817+00:00"
        },
        "body": b"",
        "envelope": "v2",
    },
    # The README lists "v1, single headers" for this 2018 capture (it has no multiValueHeaders); API Gateway
    # accepts multiValueHeaders from every REST proxy integration, and the shim always answers that way.
    "aws-lambda-dotnet/encode-space-in-resource-path-and-query.json": {
        "source": "rest_v1",
        "method": "GET",
        "script": "/Prod",
        "path": "/foo bar",
        "args": {"greeting": ["hello world"]},
        "remote": "50.35.77.7",
        "body": b"",
        "envelope": "v1-MV",
    },
    "aws-lambda-dotnet/values-get-different-proxypath-apigatway-request.json": {
        "source": "rest_v1",
        "method": "GET",
        "script": "",
        "path": "/test/api/resourcepath",
        "args": {},
        "body": b"",
        "envelope": "v1-MV",
    },
    "aws-lambda-dotnet/trailing-slash-in-path-httpapi-v2.json": {
        "source": "http_v2",
        "script": "/beta",
        "path": "/foo/",
        "envelope": "v2",
    },
    "aws-lambda-dotnet/encode-plus-in-resource-path-httpapi-v2.json": {
        "source": "http_v2",
        "script": "",
        "path": "/foo+bar",
        "envelope": "v2",
    },
    "aws-lambda-dotnet/values-get-customauthorizer-apigateway-request.json": {
        "source": "rest_v1",
        "method": "GET",
        "script": "",
        "path": "/api/resourcepath/5",
        "args": {},
        "absent": ["REMOTE_USER"],
        "env": {
            "spindrift.authorizer": {"stringKey": "Hey there I'm a string!", "numKey": 9, "boolKey": True}
        },
        "body": b"",
        "envelope": "v1-MV",
    },
    "aws-lambda-java-libs/cloud_front_event.json": {"source": "cloudfront"},
    "aws-lambda-java-libs/scheduled_event.json": {"source": "scheduled"},
}

# The same file with a configured base path (README: "with a configured base path `test`").
BASE_PATH_CASE = (
    "aws-lambda-dotnet/values-get-different-proxypath-apigatway-request.json",
    "test",
    "/test",
    "/api/resourcepath",
)

ENVELOPE_KEYS = {
    "v1-MV": {"statusCode", "multiValueHeaders", "body", "isBase64Encoded"},
    "v2": {"statusCode", "headers", "cookies", "body", "isBase64Encoded"},
    "ALB-MV": {"statusCode", "statusDescription", "multiValueHeaders", "body", "isBase64Encoded"},
    "ALB-single": {"statusCode", "statusDescription", "headers", "body", "isBase64Encoded"},
    "Lattice": {"statusCode", "statusDescription", "headers", "body", "isBase64Encoded"},
}

FLASK = {"type": "flask", "module": "m", "attribute": "app"}


def _events_dir():
    if not EVENTS_DIR.is_dir():
        pytest.skip("../shared/events not found: conformance over published AWS events skipped")
    return EVENTS_DIR


def _load(name):
    return json.loads((_events_dir() / name).read_text(encoding="utf-8-sig"))


def test_every_published_event_has_an_expectation():
    found = sorted(p.relative_to(_events_dir()).as_posix() for p in _events_dir().rglob("*.json"))
    assert found, "no JSON files under " + str(EVENTS_DIR)
    assert found == sorted(EXPECTED), "files and expectation rows differ"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_classification(name):
    assert shim.classify(_load(name)) == EXPECTED[name]["source"]


HTTP_ROWS = sorted(name for name, row in EXPECTED.items() if row["source"] in shim.HTTP_SOURCES)
OTHER_ROWS = sorted(name for name in EXPECTED if name not in HTTP_ROWS)


@pytest.mark.parametrize("name", HTTP_ROWS)
def test_http_event_as_seen_by_the_app(name):
    row = EXPECTED[name]
    event = _load(name)
    app = EchoApp()
    context = object()
    response = shim.dispatch(event, context, FLASK, app)
    environ = app.environ
    assert response["statusCode"] == 200, response
    assert environ["spindrift.event"] is event and environ["spindrift.context"] is context
    assert wsgi_text(environ["SCRIPT_NAME"]) == row["script"]
    assert wsgi_text(environ["PATH_INFO"]) == row["path"]
    if "method" in row:
        assert environ["REQUEST_METHOD"] == row["method"]
    if "args" in row:
        assert query_args(environ) == row["args"]
    if "body" in row:
        assert app.request_body == row["body"]
        assert environ["CONTENT_LENGTH"] == str(len(row["body"]))
    for key, environ_key in (
        ("server", "SERVER_NAME"),
        ("port", "SERVER_PORT"),
        ("scheme", "wsgi.url_scheme"),
    ):
        if key in row:
            assert environ[environ_key] == row[key], key
    if "remote" in row:
        assert environ["REMOTE_ADDR"] == row["remote"]
    if "user" in row:
        assert environ["REMOTE_USER"] == row["user"]
    for key, value in row.get("env", {}).items():
        assert environ.get(key) == value, key
    for key in row.get("absent", []):
        assert key not in environ, key
    assert "HTTP_CONTENT_LENGTH" not in environ and "HTTP_CONTENT_TYPE" not in environ


@pytest.mark.parametrize("name", HTTP_ROWS)
def test_http_event_response_envelope(name):
    row = EXPECTED[name]
    png = b"\x89PNG\r\n\x1a\n\x00"
    headers = [("Content-Type", "image/png"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
    response = shim.dispatch(_load(name), None, FLASK, EchoApp(headers=headers, body=png))
    assert set(response) == ENVELOPE_KEYS[row["envelope"]]
    assert response["isBase64Encoded"] is True
    assert base64.b64decode(response["body"]) == png
    if row["envelope"] == "v2":
        assert response["cookies"] == ["a=1", "b=2"]
    elif row["envelope"] in ("ALB-single", "Lattice"):
        assert response["headers"]["Set-Cookie"] == "b=2"
        assert response["statusDescription"] == "200 OK"
    else:
        assert response["multiValueHeaders"]["Set-Cookie"] == ["a=1", "b=2"]


def test_base_path_moves_into_script_name():
    name, base_path, script, path = BASE_PATH_CASE
    app = EchoApp()
    shim.dispatch(_load(name), None, dict(FLASK, base_path=base_path), app)
    assert (app.environ["SCRIPT_NAME"], app.environ["PATH_INFO"]) == (script, path)


@pytest.mark.parametrize("name", OTHER_ROWS)
def test_non_http_event_is_rejected_clearly(name):
    app = EchoApp()
    with pytest.raises(shim.UnsupportedEventError) as raised:
        shim.dispatch(_load(name), None, FLASK, app)
    assert raised.value.source == EXPECTED[name]["source"]
    assert "this function serves a WSGI app and no package.events-entry is configured" in str(raised.value)
    assert app.environ is None


@pytest.mark.parametrize("name", OTHER_ROWS)
def test_non_http_event_goes_to_the_events_entry(name):
    event = _load(name)
    seen = []
    result = shim.dispatch(event, None, FLASK, EchoApp(), lambda e, c: seen.append(e) or "done")
    assert result == "done" and seen == [event]


ASGI = {"type": "asgi", "module": "m", "attribute": "app"}


@pytest.mark.parametrize("name", HTTP_ROWS)
def test_http_event_both_adapters_see_the_same_request(name):
    wsgi_app, asgi_app = EchoApp(), AsgiEchoApp()
    shim.dispatch(_load(name), None, FLASK, wsgi_app)
    response = shim.dispatch(_load(name), None, ASGI, asgi_app, adapter=shim._runner_for(asgi_app).run)
    assert response["statusCode"] == 200, response
    assert asgi_view(asgi_app.scope, asgi_app.request_body) == wsgi_view(wsgi_app.environ, wsgi_app.request_body)
    assert asgi_app.scope["root_path"] == EXPECTED[name]["script"]


@pytest.mark.parametrize("name", HTTP_ROWS)
def test_http_event_asgi_response_envelope(name):
    row = EXPECTED[name]
    png = b"\x89PNG\r\n\x1a\n\x00"
    headers = [(b"content-type", b"image/png"), (b"set-cookie", b"a=1"), (b"set-cookie", b"b=2")]
    app = AsgiEchoApp(headers=headers, body=png)
    response = shim.dispatch(_load(name), None, ASGI, app, adapter=shim._runner_for(app).run)
    assert set(response) == ENVELOPE_KEYS[row["envelope"]]
    assert response["isBase64Encoded"] is True and base64.b64decode(response["body"]) == png
    if row["envelope"] == "v2":
        assert response["cookies"] == ["a=1", "b=2"]
    elif row["envelope"] in ("ALB-single", "Lattice"):
        assert response["headers"]["set-cookie"] == "b=2"
    else:
        assert response["multiValueHeaders"]["set-cookie"] == ["a=1", "b=2"]


@pytest.mark.parametrize("name", OTHER_ROWS)
def test_non_http_event_never_reaches_the_asgi_app(name):
    app = AsgiEchoApp()
    with pytest.raises(shim.UnsupportedEventError):
        shim.dispatch(_load(name), None, ASGI, app)
    assert app.scope is None
