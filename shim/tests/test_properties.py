"""Property-based tests (hypothesis): random HTTP events of every source never crash the shim, and the app
sees the method, path, query and body that the client sent."""

import base64
import json
from urllib.parse import parse_qs, quote, urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shimkit import shim

METHODS = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
# Path segments: any text but the separators a client would have to encode anyway ("/", "?", "#").
SEGMENT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/?#"), min_size=1, max_size=8)
PATHS = st.builds(lambda parts, slash: "/" + "/".join(parts) + ("/" if slash and parts else ""), st.lists(SEGMENT, max_size=4), st.booleans())
QUERY_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=6)
QUERIES = st.lists(st.tuples(QUERY_TEXT, st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6)), max_size=4)
BODIES = st.one_of(st.none(), st.binary(max_size=64))


def echo(environ, start_response):
    raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    seen = {
        "method": environ["REQUEST_METHOD"],
        "path": environ["PATH_INFO"].encode("latin-1").decode("utf-8"),
        "script": environ["SCRIPT_NAME"],
        "query": parse_qs(environ["QUERY_STRING"], keep_blank_values=True),
        "body": base64.b64encode(raw).decode(),
    }
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(seen).encode()]


def body_fields(body):
    if body is None:
        return {"body": None, "isBase64Encoded": False}
    return {"body": base64.b64encode(body).decode(), "isBase64Encoded": True}


def multi(query):
    grouped = {}
    for key, value in query:
        grouped.setdefault(key, []).append(value)
    return grouped


def encoded_path(path):
    return quote(path, safe="/")


def rest_event(method, path, query, body):
    grouped = multi(query)
    return {
        "resource": "/{proxy+}",
        "path": encoded_path(path),
        "httpMethod": method,
        "headers": {"Host": "api.example.com"},
        "multiValueHeaders": {"Host": ["api.example.com"]},
        "queryStringParameters": {k: v[-1] for k, v in grouped.items()} or None,
        "multiValueQueryStringParameters": grouped or None,
        "requestContext": {"stage": "prod", "path": "/prod" + encoded_path(path), "identity": {"sourceIp": "1.2.3.4"}},
        **body_fields(body),
    }


def http_v2_event(method, path, query, body):
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,  # HTTP API hands the path over decoded
        "rawQueryString": urlencode(query, quote_via=quote),
        "headers": {"host": "abc.execute-api.us-east-1.amazonaws.com"},
        "requestContext": {"domainName": "abc.execute-api.us-east-1.amazonaws.com", "stage": "$default", "http": {"method": method, "path": path, "sourceIp": "1.2.3.4"}},
        **body_fields(body),
    }


def function_url_event(method, path, query, body):
    host = "abcdefgh.lambda-url.us-east-1.on.aws"
    event = http_v2_event(method, path, query, body)
    event["rawPath"] = encoded_path(path)  # Function URLs keep it encoded
    event["headers"] = {"host": host}
    event["requestContext"]["domainName"] = host
    return event


def alb_event(method, path, query, body, multi_value):
    # ALB passes query keys and values as the client sent them: still percent-encoded.
    raw = [(quote(k, safe=""), quote(v, safe="")) for k, v in query]
    event = {"requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:tg"}}, "httpMethod": method, "path": encoded_path(path), **body_fields(body)}
    if multi_value:
        event["multiValueHeaders"] = {"host": ["alb.example.com"]}
        event["multiValueQueryStringParameters"] = multi(raw)
    else:
        event["headers"] = {"host": "alb.example.com"}
        event["queryStringParameters"] = {k: v for k, v in raw}
        query = list({k: v for k, v in query}.items())  # single-value ALB keeps one value per key
    return event, query


def roundtrip(event, method, path, query, body, script=""):
    source = shim.classify(event)
    assert source in shim.HTTP_SOURCES, source
    response = shim.serve(echo, event, None, source, {})
    assert response["statusCode"] == 200, response
    assert "isBase64Encoded" in response
    text = base64.b64decode(response["body"]).decode() if response["isBase64Encoded"] else response["body"]
    seen = json.loads(text)
    assert seen["method"] == method
    assert seen["path"] == path
    assert seen["script"] == script
    assert seen["query"] == multi(query)
    assert base64.b64decode(seen["body"]) == (body or b"")


async def asgi_echo(scope, receive, send):
    message = await receive()
    root = scope["root_path"]
    seen = {
        "method": scope["method"],
        "path": scope["path"][len(root) :],
        "script": root,
        "query": parse_qs(scope["query_string"].decode("latin-1").encode("latin-1").decode("utf-8"), keep_blank_values=True),
        "body": base64.b64encode(message["body"]).decode(),
    }
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": json.dumps(seen).encode()})


def asgi_roundtrip(event, method, path, query, body, script=""):
    source = shim.classify(event)
    response = shim.serve(asgi_echo, event, None, source, {}, shim._runner_for(asgi_echo).run)
    assert response["statusCode"] == 200, response
    seen = json.loads(base64.b64decode(response["body"]).decode() if response["isBase64Encoded"] else response["body"])
    assert (seen["method"], seen["path"], seen["script"]) == (method, path, script)
    assert seen["query"] == multi(query)
    assert base64.b64decode(seen["body"]) == (body or b"")


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(METHODS, PATHS, QUERIES, BODIES)
def test_rest_v1_round_trips(method, path, query, body):
    roundtrip(rest_event(method, path, query, body), method, path, query, body, script="/prod")
    asgi_roundtrip(rest_event(method, path, query, body), method, path, query, body, script="/prod")


@PROPERTY
@given(METHODS, PATHS, QUERIES, BODIES)
def test_http_api_v2_round_trips(method, path, query, body):
    roundtrip(http_v2_event(method, path, query, body), method, path, query, body)
    asgi_roundtrip(http_v2_event(method, path, query, body), method, path, query, body)


@PROPERTY
@given(METHODS, PATHS, QUERIES, BODIES)
def test_function_url_round_trips(method, path, query, body):
    roundtrip(function_url_event(method, path, query, body), method, path, query, body)
    asgi_roundtrip(function_url_event(method, path, query, body), method, path, query, body)


@PROPERTY
@given(METHODS, PATHS, QUERIES, BODIES, st.booleans())
def test_alb_round_trips(method, path, query, body, multi_value):
    event, expected_query = alb_event(method, path, query, body, multi_value)
    roundtrip(event, method, path, expected_query, body)
    asgi_roundtrip(event, method, path, expected_query, body)


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=10)


@PROPERTY
@given(st.dictionaries(st.sampled_from(["version", "httpMethod", "rawPath", "path", "requestContext", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies", "queryStringParameters", "rawQueryString", "Records", "type", "methodArn"]), JSONISH, max_size=8))
def test_arbitrary_events_never_crash_the_classifier_or_the_server(event):
    source = shim.classify(event)
    assert isinstance(source, str)
    if source in shim.HTTP_SOURCES:
        response = shim.serve(echo, event, None, source, {})
        assert isinstance(response["statusCode"], int) and "isBase64Encoded" in response
        response = shim.serve(asgi_echo, event, None, source, {}, shim._runner_for(asgi_echo).run)
        assert isinstance(response["statusCode"], int) and "isBase64Encoded" in response
