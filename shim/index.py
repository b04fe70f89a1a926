"""spindrift handler shim: the ``index.handler`` entry point at the root of a spindrift Lambda zip.

Standard library only; runs on the Lambda Python runtimes 3.10 to 3.14.

Configuration contract
----------------------
The module-level assignment of ``_CONFIG`` below is the only line of this file that begins with the
name ``_CONFIG`` followed by `` = ``. The packager replaces that whole line with one line of the form
``_CONFIG = json.loads("<JSON text, written as a Python string literal>")``; everything else in this file
is copied unchanged. The JSON object has these keys (strings unless noted; a missing optional key means
its default):

``type``               ``"plain"`` (a Lambda function ``(event, context)``), ``"wsgi"`` (any WSGI app; ``"flask"``
                       is read as ``"wsgi"``) or ``"asgi"`` (any ASGI 3 app).
``module``             dotted module path of the entry, e.g. ``"yourwebapp.main"`` (validated by packager).
``attribute``          attribute of ``module`` to use, e.g. ``"app"`` (validated by the packager).
``call``               optional bool; the attribute is an app factory, called once at init with no arguments.
``events_module``      optional; with ``events_attribute``, a plain ``(event, context)`` function that
``events_attribute``   receives non-HTTP events (SQS, S3, schedules...) when ``type`` is wsgi or asgi.
``base_path``          optional custom-domain base path (``"/api"`` or ``"api"``), matched on path-segment
                       boundaries and moved from PATH_INFO into SCRIPT_NAME (ASGI: into root_path).
``text_mime_types``    optional list of extra response content types sent as text instead of base64
                       (exact ``"application/x-foo"`` or a whole family ``"application/*"``).
``reraise``            optional bool; re-raise app exceptions (Lambda then reports a failed invocation,
                       so retries and DLQs apply) instead of answering HTTP 500.
``snapstart_warmup``   optional ``{"method", "path", "query"}``: a request sent through the app in SnapStart's
                       before-snapshot hook (``snapshot_restore_py``, python3.12+), ``random`` re-seeded
                       after restore; nothing happens where the hook module is absent.

The entry (and the events function) are imported with ``importlib.import_module`` and ``getattr`` when
this module is imported, i.e. in Lambda's init phase, and the entry object is checked against ``type``
(``check_entry``: a mismatch raises EntryTypeError naming the type to set). Nothing is ever exec'd or eval'd.

Behaviour
---------
``plain``: ``handler`` calls the entry and returns its result.
``wsgi`` and ``asgi``: ``classify`` names the event source. HTTP events (API Gateway REST v1, HTTP API payload
1.0 and 2.0, Function URLs, ALB with single or multi-value headers) are translated once into a neutral
``HttpRequest`` by ``build_request``; ``wsgi_environ`` makes the PEP 3333 environ of it (run by ``run_wsgi``,
buffered, the iterable always closed) and ``asgi_scope`` the ASGI 3 scope (run by ``AsgiRunner`` on one event
loop kept for the life of the environment, after lifespan startup at init). The answer goes back in the
source's own envelope by ``build_response``. Other events go to the events function, or raise
``UnsupportedEventError`` naming the source. VPC Lattice payload versions 1 and 2 are HTTP sources too
(answered with one value per header, as ALB without multi-value headers). Lambda@Edge and authorizer inputs
are treated as non-HTTP. Response streaming is not supported (use the Lambda Web Adapter for that).

WSGI environ extras: ``spindrift.event`` and ``awslambda.event`` (the raw event), ``spindrift.context`` and
``awslambda.context``, ``spindrift.source`` (the ``classify`` name), ``spindrift.authorizer`` (the
event's ``requestContext.authorizer``) and ``REMOTE_USER`` (its ``principalId``). ASGI scope extras:
``aws.event``, ``aws.context``, the same ``spindrift.*`` keys and ``spindrift.user``. Request headers whose
names contain ``_`` are dropped. A response body is sent base64-encoded when it has a Content-Encoding
other than identity, a non-text Content-Type, or is not valid UTF-8; a REST API decodes it for the client
only if its binaryMediaTypes match the request's Accept header.
"""

import asyncio
import atexit
import base64
import functools
import http
import importlib
import inspect
import io
import json
import random
import re
import sys
import traceback
from urllib.parse import quote, unquote_to_bytes

_CONFIG = {"type": "plain", "module": "", "attribute": ""}


class SpindriftError(Exception):
    """Base class of the errors this shim raises itself."""


class EntryPointError(SpindriftError):
    """The configured entry (or events entry) cannot be imported or used."""


class UnsupportedEventError(SpindriftError):
    """A non-HTTP event reached a WSGI app and no events entry is configured to take it."""

    def __init__(self, source, event=None, kind="wsgi"):
        self.source = source
        label = _SOURCE_LABELS.get(source, "a " + source)
        hint = ""
        if source == "unknown" and isinstance(event, dict):
            keys = sorted(str(key) for key in event)[:8]
            hint = " (top-level keys: " + ", ".join(keys) + ")"
        super().__init__(
            "spindrift: received " + label + " event" + hint + ", but this function serves "
            + ("an ASGI" if kind == "asgi" else "a WSGI")
            + " app "
            "and no package.events-entry is configured to handle non-HTTP events."
        )


HTTP_SOURCES = frozenset(
    {"rest_v1", "http_v1", "http_v2", "function_url", "alb", "alb_mv", "lattice_v1", "lattice_v2"}
)

_SOURCE_LABELS = {
    "sqs": "an SQS",
    "s3": "an S3",
    "sns": "an SNS",
    "dynamodb": "a DynamoDB Streams",
    "kinesis": "a Kinesis",
    "ses": "an SES",
    "codecommit": "a CodeCommit",
    "eventbridge": "an EventBridge",
    "scheduled": "a scheduled (EventBridge / CloudWatch Events)",
    "authorizer": "an API Gateway Lambda-authorizer",
    "lattice_v1": "a VPC Lattice",
    "lattice_v2": "a VPC Lattice",
    "cloudfront": "a Lambda@Edge (CloudFront)",
    "cloudwatch_logs": "a CloudWatch Logs",
    "kafka": "a Kafka",
    "mq": "an Amazon MQ",
    "cognito": "a Cognito trigger",
    "cloudformation": "a CloudFormation custom-resource",
    "unknown": "an unrecognised",
}

_RECORD_SOURCES = {
    "aws:sqs": "sqs",
    "aws:s3": "s3",
    "aws:sns": "sns",
    "aws:dynamodb": "dynamodb",
    "aws:kinesis": "kinesis",
    "aws:ses": "ses",
    "aws:codecommit": "codecommit",
}

_TOP_LEVEL_SOURCES = {"aws:kafka": "kafka", "SelfManagedKafka": "kafka", "aws:mq": "mq", "aws:rmq": "mq"}

_FUNCTION_URL_HOST = re.compile(r"^[^.]+\.lambda-url\.[a-z0-9-]+\.on\.aws$", re.IGNORECASE)
_DEFAULT_APIGW_HOST = re.compile(
    r"^[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$", re.IGNORECASE
)

_ENCODED_PATH_SOURCES = frozenset({"rest_v1", "alb", "alb_mv", "function_url", "lattice_v1", "lattice_v2"})
_V2_SOURCES = frozenset({"http_v2", "function_url"})
_ALB_SOURCES = frozenset({"alb", "alb_mv"})
_LATTICE_SOURCES = frozenset({"lattice_v1", "lattice_v2"})
# Proxies that hand over the query as the client sent it, and whose scheme is known only from headers.
_PROXY_SOURCES = _ALB_SOURCES | _LATTICE_SOURCES

# Characters kept as they are when a path is written back in its encoded form (REQUEST_URI).
_PATH_SAFE = "/:@!$&'()*+,;="
# Raw ALB query text is passed through; only bytes that cannot appear in a URL get escaped.
_RAW_QUERY_SAFE = "!$%&'()*+,/:;=?@~"

_TEXT_TYPES = frozenset(
    {
        "application/json",
        "application/javascript",
        "application/x-javascript",
        "application/ecmascript",
        "application/xml",
        "application/x-www-form-urlencoded",
        "application/graphql",
        "application/sql",
        "application/yaml",
        "application/x-yaml",
    }
)
_TEXT_SUFFIXES = ("+json", "+xml", "+yaml")

_RESPONSE_LIMIT = 6 * 1024 * 1024  # synchronous invocation payload
_ALB_RESPONSE_LIMIT = 1024 * 1024
_FALLBACK_SERVER_NAME = "localhost"


# ---------------------------------------------------------------------------------------------------------
# Event classification


def _dict(value):
    return value if isinstance(value, dict) else {}


def classify(event):
    """Name the source of a Lambda event: one of HTTP_SOURCES, or a non-HTTP name such as "sqs"."""
    if not isinstance(event, dict):
        return "unknown"
    rc = _dict(event.get("requestContext"))
    if event.get("type") in ("REQUEST", "TOKEN") and ("methodArn" in event or "routeArn" in event):
        return "authorizer"
    if "elb" in rc:
        multi = isinstance(event.get("multiValueHeaders"), dict) or isinstance(
            event.get("multiValueQueryStringParameters"), dict
        )
        return "alb_mv" if multi else "alb"
    version = event.get("version")
    if version == "2.0" and isinstance(rc.get("http"), dict):
        return "function_url" if _is_function_url(event, rc) else "http_v2"
    if "method" in event and "raw_path" in event:
        return "lattice_v1"
    if "method" in event and version == "2.0" and "path" in event:
        return "lattice_v2"
    if "httpMethod" in event:
        return "http_v1" if version == "1.0" else "rest_v1"
    records = event.get("Records")
    if isinstance(records, list) and records and isinstance(records[0], dict):
        record = records[0]
        if "cf" in record:
            return "cloudfront"
        name = record.get("eventSource") or record.get("EventSource")
        return _RECORD_SOURCES.get(name, "unknown")
    if "detail-type" in event and "source" in event:
        return "scheduled" if event.get("detail-type") == "Scheduled Event" else "eventbridge"
    if "awslogs" in event:
        return "cloudwatch_logs"
    if event.get("eventSource") in _TOP_LEVEL_SOURCES:
        return _TOP_LEVEL_SOURCES[event["eventSource"]]
    if "triggerSource" in event and "userPoolId" in event:
        return "cognito"
    if "RequestType" in event and "ServiceToken" in event:
        return "cloudformation"
    return "unknown"


def _is_function_url(event, rc):
    host = _split_host(_first(_collect_headers(event).get("host")))[0]
    for name in (rc.get("domainName"), host):
        if isinstance(name, str) and _FUNCTION_URL_HOST.match(name):
            return True
    return False


# ---------------------------------------------------------------------------------------------------------
# Request: event -> WSGI environ


def _to_wsgi(text):
    """A str from the event (Unicode) as a PEP 3333 native string: its UTF-8 bytes decoded as latin-1."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def _unquote_wsgi(text):
    """Percent-decode once, to a PEP 3333 native string. '+' stays '+'."""
    return unquote_to_bytes(text).decode("latin-1")


def _quote_wsgi(wsgi_text, safe=_PATH_SAFE):
    return quote(wsgi_text.encode("latin-1"), safe=safe)


def _first(values):
    return values[0] if values else ""


def _as_text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _collect_headers(event):
    """Merge ``headers`` and ``multiValueHeaders`` into {lower-case name: [values]}; multi-value wins."""
    merged = {}
    for key in ("headers", "multiValueHeaders"):
        block = event.get(key)
        if not isinstance(block, dict):
            continue
        found = {}
        for name, value in block.items():
            values = value if isinstance(value, list) else [value]
            found.setdefault(_as_text(name).lower(), []).extend(_as_text(v) for v in values if v is not None)
        merged.update(found)
    return merged


def _split_host(host):
    """'example.com:8080' -> ('example.com', '8080'); handles '[::1]:80'. Port is '' when absent."""
    host = (host or "").strip()
    if host.startswith("["):
        end = host.find("]")
        if end != -1:
            rest = host[end + 1 :]
            return host[: end + 1], rest[1:] if rest.startswith(":") else ""
    if host.count(":") == 1:
        name, port = host.split(":")
        return name, port
    return host, ""


def _first_item(values):
    """First comma-separated item of a (possibly repeated) header, stripped and lower-cased."""
    return ",".join(values).split(",")[0].strip().lower() if values else ""


def _segment_prefix(path, prefix):
    """Split ``prefix`` off ``path`` if it ends on a segment boundary: ('/api', '/x') or ('', path)."""
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        return prefix, path[len(prefix) :]
    return "", path


def _normalise_base_path(value):
    if not isinstance(value, str) or not value.strip("/ "):
        return ""
    return _to_wsgi("/" + value.strip().strip("/"))


def _script_and_path(event, source, rc, host, config):
    """Return (SCRIPT_NAME, PATH_INFO, the encoded full path), all PEP 3333 native strings."""
    encoded = source in _ENCODED_PATH_SOURCES
    if source in _V2_SOURCES:
        raw = event.get("rawPath")
        if not isinstance(raw, str) or not raw:
            raw, encoded = _dict(rc.get("http")).get("path"), False
    elif source == "lattice_v1":
        raw = _as_text(event.get("raw_path") or "").split("?", 1)[0]
    else:
        raw = event.get("path")
    if not isinstance(raw, str) or not raw:
        raw = "/"
    path = _unquote_wsgi(raw) if encoded else _to_wsgi(raw)
    raw_uri = _quote_wsgi(_to_wsgi(raw), safe=_PATH_SAFE + "%") if encoded else _quote_wsgi(path)

    # A stage prefix that AWS left out of the path field (REST, and HTTP API 1.0 if so reported).
    outside = ""
    if source in ("rest_v1", "http_v1"):
        rc_path = rc.get("path")
        if isinstance(rc_path, str) and raw.startswith("/") and rc_path.endswith(raw):
            leftover = rc_path[: len(rc_path) - len(raw)]
            if leftover.startswith("/") and not leftover.endswith("/"):
                outside = _unquote_wsgi(leftover) if encoded else _to_wsgi(leftover)
        elif source == "rest_v1":
            stage = rc.get("stage")
            if (
                isinstance(stage, str)
                and stage not in ("", "$default", "test-invoke-stage")
                and _DEFAULT_APIGW_HOST.match(host)
            ):
                outside = _to_wsgi("/" + stage)
    script = outside
    raw_uri = _quote_wsgi(outside) + raw_uri

    # HTTP API named stages are part of the path field only on the default execute-api host: through a
    # custom domain the API mapping replaces the stage, so a route "/beta/items" keeps its first segment.
    if source in ("http_v1", "http_v2") and not outside and _DEFAULT_APIGW_HOST.match(host):
        stage = rc.get("stage")
        if isinstance(stage, str) and stage not in ("", "$default"):
            script, path = _segment_prefix(path, _to_wsgi("/" + stage))

    moved, path = _segment_prefix(path, _normalise_base_path(config.get("base_path")))
    return script + moved, path, raw_uri


def _query_pairs(params):
    pairs = []
    for key, value in _dict(params).items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item is None and isinstance(value, list):
                continue
            pairs.append((_as_text(key), "" if item is None else _as_text(item)))
    return pairs


def _query_string(event, source):
    if source in _V2_SOURCES:
        raw = event.get("rawQueryString")
        if isinstance(raw, str):
            return _to_wsgi(raw)
        pairs = _query_pairs(event.get("queryStringParameters"))
    elif source == "lattice_v1":
        pairs = _query_pairs(event.get("query_string_parameters"))
        raw_path = _as_text(event.get("raw_path") or "")
        if not pairs and "?" in raw_path:
            return _to_wsgi(raw_path.split("?", 1)[1])
    else:
        pairs = _query_pairs(event.get("multiValueQueryStringParameters")) or _query_pairs(
            event.get("queryStringParameters")
        )
    if source in _PROXY_SOURCES:  # ALB (and, as far as is known, Lattice) pass the values as the client sent them
        return "&".join(
            quote(k, safe=_RAW_QUERY_SAFE) + "=" + quote(v, safe=_RAW_QUERY_SAFE) for k, v in pairs
        )
    return "&".join(quote(k, safe="") + "=" + quote(v, safe="") for k, v in pairs)


def _request_body(event):
    body = event.get("body")
    if body is None:
        return b""
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if not isinstance(body, str):
        body = json.dumps(body)
    if event.get("isBase64Encoded") is True or event.get("is_base64_encoded") is True:
        return base64.b64decode(body)
    return body.encode("utf-8", "surrogatepass")


def _cookie_header(headers, event):
    """One Cookie value from the cookie header(s) and the payload 2.0 ``cookies`` list, de-duplicated."""
    parts = []
    for value in headers.get("cookie", []):
        parts.extend(value.split(";"))
    cookies = event.get("cookies")
    if isinstance(cookies, list):
        parts.extend(_as_text(c) for c in cookies if c is not None)
    seen = []
    for part in parts:
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return "; ".join(seen)


def _remote_addr(source, rc, headers):
    if source in ("rest_v1", "http_v1"):
        ip = _dict(rc.get("identity")).get("sourceIp")
    elif source in _V2_SOURCES:
        ip = _dict(rc.get("http")).get("sourceIp")
    else:
        hops = [hop.strip() for hop in ",".join(headers.get("x-forwarded-for", [])).split(",")]
        ip = hops[-1]
    return ip if isinstance(ip, str) and ip else None


class HttpRequest:
    """One HTTP request, translated once from the event; both adapters are built from it, so they agree.

    Text fields are PEP 3333 native strings (the UTF-8 bytes decoded as latin-1: lossless): ``script`` and
    ``path`` are decoded, ``raw_path`` is the percent-encoded full path (script included), ``query`` is the
    encoded query string. ``headers`` are (lower-case name, value) with repeats joined by ", " and without
    Cookie and Content-Length, which are ``cookie`` (joined by "; ") and ``len(body)``.
    """

    __slots__ = (
        "source", "method", "protocol", "script", "path", "raw_path", "query", "headers", "cookie",
        "body", "remote", "scheme", "server_name", "server_port", "event", "context", "authorizer", "user",
    )  # fmt: skip

    def __init__(self, **fields):
        for name in self.__slots__:
            setattr(self, name, fields.get(name))


def build_request(event, context, source, config):
    """Translate an HTTP event of the given source into the neutral HttpRequest."""
    rc = _dict(event.get("requestContext"))
    http_ctx = _dict(rc.get("http"))
    headers = _collect_headers(event)

    host, host_port = _split_host(_first(headers.get("host")))
    server_name = host or (rc.get("domainName") if isinstance(rc.get("domainName"), str) else "")
    server_name = server_name or _FALLBACK_SERVER_NAME

    scheme = _first_item(headers.get("x-forwarded-proto"))
    forwarded_port = _first_item(headers.get("x-forwarded-port"))
    port = forwarded_port if forwarded_port.isdigit() else host_port if host_port.isdigit() else ""
    if scheme not in ("http", "https"):
        scheme = ("https" if port == "443" else "http") if source in _PROXY_SOURCES else "https"
    port = port or ("443" if scheme == "https" else "80")

    if source in _V2_SOURCES:
        method, protocol = http_ctx.get("method"), http_ctx.get("protocol")
    elif source in _LATTICE_SOURCES:
        method, protocol = event.get("method"), None
    else:
        method, protocol = event.get("httpMethod"), rc.get("protocol")
    if not isinstance(protocol, str) or not protocol.startswith("HTTP/"):
        protocol = "HTTP/1.1"

    script_name, path_info, raw_path = _script_and_path(event, source, rc, server_name, config)
    # Names with '_' are dropped: 'user_agent' must never pose as 'User-Agent' (as gunicorn does).
    kept = [
        (name, _to_wsgi(", ".join(values)))
        for name, values in headers.items()
        if values and "_" not in name and name not in ("content-length", "cookie")
    ]
    remote = _remote_addr(source, rc, headers)
    authorizer = rc["authorizer"] if "authorizer" in rc else _NO_AUTHORIZER
    principal = _dict(authorizer).get("principalId")
    return HttpRequest(
        source=source,
        method=_to_wsgi(_as_text(method or "GET").upper()),
        protocol=protocol,
        script=script_name,
        path=path_info,
        raw_path=raw_path,
        query=_query_string(event, source),
        headers=kept,
        cookie=_to_wsgi(_cookie_header(headers, event)),
        body=_request_body(event),
        remote=_to_wsgi(remote) if remote else None,
        scheme=scheme,
        server_name=_to_wsgi(server_name),
        server_port=port,
        event=event,
        context=context,
        authorizer=authorizer,
        user=None if principal in (None, "") else _to_wsgi(_as_text(principal)),
    )


_NO_AUTHORIZER = object()


def wsgi_environ(request):
    """The PEP 3333 environ for a neutral request."""
    raw_uri = request.raw_path + ("?" + request.query if request.query else "")
    environ = {
        "REQUEST_METHOD": request.method,
        "SCRIPT_NAME": request.script,
        "PATH_INFO": request.path,
        "QUERY_STRING": request.query,
        "REQUEST_URI": raw_uri,
        "RAW_URI": raw_uri,
        "SERVER_NAME": request.server_name,
        "SERVER_PORT": request.server_port,
        "SERVER_PROTOCOL": request.protocol,
        "CONTENT_LENGTH": str(len(request.body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": request.scheme,
        "wsgi.input": io.BytesIO(request.body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.input_terminated": True,
        "spindrift.source": request.source,
        "spindrift.event": request.event,
        "spindrift.context": request.context,
        "awslambda.event": request.event,
        "awslambda.context": request.context,
    }
    for name, value in request.headers:
        if name == "content-type":
            environ["CONTENT_TYPE"] = value
        else:
            environ["HTTP_" + name.upper().replace("-", "_")] = value
    if request.cookie:
        environ["HTTP_COOKIE"] = request.cookie
    if request.remote:
        environ["REMOTE_ADDR"] = request.remote
    if request.authorizer is not _NO_AUTHORIZER:
        environ["spindrift.authorizer"] = request.authorizer
    if request.user is not None:
        environ["REMOTE_USER"] = request.user
    return environ


def build_environ(event, context, source, config):
    """Build the PEP 3333 environ for an HTTP event of the given source."""
    return wsgi_environ(build_request(event, context, source, config))


def _from_wsgi(native):
    """A PEP 3333 native string back to text; bytes that are not UTF-8 become U+FFFD (as uvicorn does)."""
    return native.encode("latin-1").decode("utf-8", "replace")


_ASGI_HTTP_VERSIONS = {"HTTP/1.0": "1.0", "HTTP/2": "2", "HTTP/2.0": "2", "HTTP/3": "3", "HTTP/3.0": "3"}


def asgi_scope(request, state=None):
    """The ASGI 3 HTTP connection scope for a neutral request. As the spec says, ``path`` includes
    ``root_path``, and ``raw_path`` is the encoded full path."""
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in request.headers]
    if request.cookie:
        headers.append((b"cookie", request.cookie.encode("latin-1")))
    headers.append((b"content-length", str(len(request.body)).encode("ascii")))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": _ASGI_HTTP_VERSIONS.get(request.protocol.upper(), "1.1"),
        "method": request.method,
        "scheme": request.scheme,
        "path": _from_wsgi(request.script + request.path),
        "raw_path": request.raw_path.encode("latin-1"),
        "query_string": request.query.encode("latin-1"),
        "root_path": _from_wsgi(request.script),
        "headers": headers,
        "client": (request.remote, 0) if request.remote else None,
        "server": (request.server_name, int(request.server_port)),
        "state": dict(state or {}),
        "extensions": {},
        "spindrift.source": request.source,
        "aws.event": request.event,
        "aws.context": request.context,
        "spindrift.event": request.event,
        "spindrift.context": request.context,
    }
    if request.authorizer is not _NO_AUTHORIZER:
        scope["spindrift.authorizer"] = request.authorizer
    if request.user is not None:
        scope["spindrift.user"] = _from_wsgi(request.user)
    return scope


# ---------------------------------------------------------------------------------------------------------
# Running the app


def run_wsgi(app, environ):
    """Call a WSGI app and buffer its answer: (status, [(name, value)], body bytes). Always closes."""
    state = {"status": None, "headers": None}
    chunks = []

    def write(data):
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError("WSGI body chunks must be bytes, got " + type(data).__name__)
        chunks.append(bytes(data))

    def start_response(status, headers, exc_info=None):
        if exc_info is not None:
            try:
                if any(chunks):  # output has begun: too late to change the status
                    raise exc_info[1].with_traceback(exc_info[2])
            finally:
                exc_info = None
        elif state["status"] is not None:
            raise AssertionError("start_response called a second time without exc_info")
        if not isinstance(status, str):
            raise TypeError("WSGI status must be a str, got " + type(status).__name__)
        state["status"], state["headers"] = status, list(headers)
        return write

    result = app(environ, start_response)
    try:
        for chunk in result:
            write(chunk)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    if state["status"] is None:
        raise RuntimeError("the WSGI app returned without calling start_response")
    return state["status"], state["headers"], b"".join(chunks)


# ---------------------------------------------------------------------------------------------------------
# Response: WSGI answer -> the source's envelope


def _parse_status(status):
    code, _, reason = status.strip().partition(" ")
    if len(code) != 3 or not code.isdigit():
        raise ValueError("invalid WSGI status line: " + repr(status))
    return int(code), reason.strip()


def _status_description(code, reason):
    if reason and reason.isascii() and reason.isprintable():
        return "%d %s" % (code, reason)
    try:
        return "%d %s" % (code, http.HTTPStatus(code).phrase)
    except ValueError:
        return "%d Unknown" % code


def _header_value(headers, name):
    values = [value for key, value in headers if key.lower() == name]
    return values[-1] if values else ""


def _is_text_type(mime, config):
    if mime.startswith("text/") or mime in _TEXT_TYPES or mime.endswith(_TEXT_SUFFIXES):
        return True
    extras = config.get("text_mime_types") or ()
    for extra in [extras] if isinstance(extras, str) else extras:
        extra = _as_text(extra).strip().lower()
        if mime == extra or (extra.endswith("/*") and mime.startswith(extra[:-1])):
            return True
    return False


def is_binary_response(headers, body, config):
    """Base64 or text: Content-Encoding first, then Content-Type, then whether the body is valid UTF-8."""
    encoding = _header_value(headers, "content-encoding").strip().lower()
    if encoding and encoding != "identity":
        return True
    mime = _header_value(headers, "content-type").split(";")[0].strip().lower()
    if mime and not _is_text_type(mime, config):
        return True
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _group_headers(headers):
    """[(name, value)] -> {first spelling of name: [values]}, grouped case-insensitively, order kept.

    Values lose surrounding spaces and tabs (not part of a field value, RFC 9110): Django's WSGI handler
    writes Set-Cookie as " a=1; Path=/", which a cookies list would otherwise pass on as it is."""
    spelling, grouped = {}, {}
    for name, value in headers:
        key = spelling.setdefault(name.lower(), name)
        grouped.setdefault(key, []).append(value.strip(" \t"))
    return grouped


def _warn(message):
    sys.stderr.write("spindrift: " + message + "\n")


def build_response(source, status, headers, body, config, event=None):
    """Wrap a buffered WSGI answer in the Lambda response envelope the event source expects."""
    if source not in HTTP_SOURCES:
        raise ValueError("no HTTP response envelope for event source " + repr(source))
    code, reason = _parse_status(status)
    binary = is_binary_response(headers, body, config)
    text = base64.b64encode(body).decode("ascii") if binary else body.decode("utf-8")
    grouped = _group_headers(headers)

    response = {"statusCode": code}
    if source in _PROXY_SOURCES:
        response["statusDescription"] = _status_description(code, reason)
    if source in _V2_SOURCES:
        response["headers"] = {k: ", ".join(v) for k, v in grouped.items() if k.lower() != "set-cookie"}
        response["cookies"] = [v for k, vs in grouped.items() if k.lower() == "set-cookie" for v in vs]
    elif source == "alb" or source in _LATTICE_SOURCES:
        single = {}
        for name, values in grouped.items():
            if name.lower() == "set-cookie":
                if len(values) > 1:
                    _warn(
                        (
                            "the ALB target group has multi-value headers disabled, so only the last of %d "
                            "Set-Cookie headers is sent; enable multi-value headers on the target group "
                            "to keep them all."
                            if source == "alb"
                            else "a VPC Lattice response has one value per header, so only the last of %d "
                            "Set-Cookie headers is sent."
                        )
                        % len(values)
                    )
                single[name] = values[-1]
            else:
                single[name] = ", ".join(values)
        response["headers"] = single
    else:  # rest_v1, http_v1, alb_mv: multiValueHeaders only (both keys would duplicate values)
        response["multiValueHeaders"] = grouped
    response["body"] = text
    response["isBase64Encoded"] = binary

    limit = _ALB_RESPONSE_LIMIT if source in _ALB_SOURCES else _RESPONSE_LIMIT
    size = len(text) + sum(len(k) + len(v) for k, v in headers)
    if size > limit:
        where = ""
        if isinstance(event, dict):
            where = " for " + _as_text(event.get("rawPath") or event.get("path") or "?")
        _warn(
            "the response%s is about %d bytes, over the %d-byte limit of this event source; "
            "AWS will reject it." % (where, size, limit)
        )
    return response


_ERROR_STATUS = "500 Internal Server Error"
_ERROR_HEADERS = [("Content-Type", "text/plain; charset=utf-8")]
_ERROR_BODY = b"Internal Server Error"


def _wsgi_adapter(app):
    return lambda request: run_wsgi(app, wsgi_environ(request))


def serve(app, event, context, source, config, adapter=None):
    """Serve one HTTP event through an app; app failures become a 500 in the source's envelope.

    ``adapter`` turns an HttpRequest into (status line, [(name, value)], body bytes); by default the
    WSGI one for ``app``.
    """
    adapter = adapter or _wsgi_adapter(app)
    try:
        request = build_request(event, context, source, config)
        status, headers, body = adapter(request)
        return build_response(source, status, headers, body, config, event)
    except Exception:
        if config.get("reraise"):
            raise
        where = _as_text(event.get("rawPath") or event.get("path") or "/")
        sys.stderr.write(
            "spindrift: unhandled exception while serving a %s event for %s; answering 500.\n%s"
            % (source, where, traceback.format_exc())
        )
        sys.stderr.flush()
    return build_response(source, _ERROR_STATUS, _ERROR_HEADERS, _ERROR_BODY, config, event)


def dispatch(event, context, config, target, events_target=None, adapter=None):
    """What ``handler`` does, with the configuration and the loaded entries passed in."""
    if target is None:
        raise EntryPointError("spindrift: no entry is configured in this shim (_CONFIG has no module).")
    kind = package_type(config)
    if kind == "plain":
        return target(event, context)
    source = classify(event)
    if source in HTTP_SOURCES:
        if adapter is None and kind == "asgi":
            adapter = _runner_for(target).run
        return serve(target, event, context, source, config, adapter)
    if events_target is not None:
        return events_target(event, context)
    raise UnsupportedEventError(source, event, kind)


_RUNNERS = {}


def _runner_for(app):
    """One AsgiRunner (so one event loop) per app object."""
    runner = _RUNNERS.get(id(app))
    if runner is None or runner.app is not app:
        runner = _RUNNERS[id(app)] = AsgiRunner(app)
    return runner


# ---------------------------------------------------------------------------------------------------------
# ASGI: one event loop for the life of the execution environment


class LifespanError(SpindriftError):
    """The ASGI app's lifespan startup failed: Lambda's init phase fails with its message."""


class AsgiRunner:
    """Runs an ASGI 3 app on an event loop that persists across invocations (connection pools survive).

    ``startup()`` runs the lifespan protocol's startup once; ``run(request)`` serves one HttpRequest and
    returns (status line, headers, body) once the body is complete and the tasks the request started
    (background work) are done or the invocation's time is nearly up.
    """

    def __init__(self, app, loop=None):
        self.app = app
        self.loop = loop or asyncio.new_event_loop()
        self.state = {}
        self.lifespan_supported = None

    # -- lifespan -------------------------------------------------------------------------------------

    def startup(self):
        """Lifespan startup. Raises LifespanError if the app reports failure; an app that does not speak
        lifespan (it raises, or returns without answering) is served without it."""
        return self.loop.run_until_complete(self._startup())

    async def _startup(self):
        answer = self.loop.create_future()
        incoming = asyncio.Queue()
        incoming.put_nowait({"type": "lifespan.startup"})

        async def receive():
            return await incoming.get()  # in Lambda shutdown never comes: the environment is just ended

        async def send(message):
            kind = message.get("type")
            if kind in ("lifespan.startup.complete", "lifespan.startup.failed") and not answer.done():
                answer.set_result(message)

        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self.state}
        task = self.loop.create_task(self._call_lifespan(scope, receive, send))
        await asyncio.wait([answer, task], return_when=asyncio.FIRST_COMPLETED)
        if answer.done():
            message = answer.result()
            if message["type"] == "lifespan.startup.failed":
                reason = _as_text(message.get("message") or "").strip() or "no message given"
                raise LifespanError("spindrift: the ASGI app's lifespan startup failed: " + reason)
            self.lifespan_supported = True
            self._lifespan = (task, incoming)  # waits for a shutdown that only a normal exit sends
            return True
        answer.cancel()
        self.lifespan_supported = False
        error = task.result()
        if error is not None:
            _warn(
                "the ASGI app does not support the lifespan protocol (it raised %s: %s); serving it "
                "without startup." % (type(error).__name__, error)
            )
        return False

    def shutdown(self, timeout=5.0):
        """Lifespan shutdown, for a normal interpreter exit (the import check, local runs): Lambda ends an
        environment without one. Then the loop is closed, so no task is left pending."""
        lifespan = getattr(self, "_lifespan", None)
        if self.loop.is_closed():
            return
        if lifespan is not None:
            task, incoming = lifespan
            incoming.put_nowait({"type": "lifespan.shutdown"})
            self.loop.run_until_complete(asyncio.wait([task], timeout=timeout))
            if not task.done():
                task.cancel()
                self.loop.run_until_complete(asyncio.wait([task]))
        self.loop.close()

    async def _call_lifespan(self, scope, receive, send):
        try:
            await self.app(scope, receive, send)
        except Exception as error:  # the spec: an app that raises here does not support lifespan
            return error
        return None

    # -- one HTTP request ------------------------------------------------------------------------------

    def run(self, request):
        asyncio.set_event_loop(self.loop)
        return self.loop.run_until_complete(self._http(request))

    async def _http(self, request):
        answered = asyncio.Event()
        response = {"start": None, "chunks": [], "complete": False}
        state = {"body_sent": False}

        async def receive():
            if not state["body_sent"]:
                state["body_sent"] = True
                return {"type": "http.request", "body": request.body, "more_body": False}
            await answered.wait()  # the client "disconnects" once the whole response has been sent
            return {"type": "http.disconnect"}

        async def send(message):
            kind = message.get("type")
            if kind == "http.response.start":
                if response["start"] is not None:
                    raise RuntimeError("ASGI app sent http.response.start twice")
                response["start"] = message
            elif kind == "http.response.body":
                if response["start"] is None:
                    raise RuntimeError("ASGI app sent http.response.body before http.response.start")
                if response["complete"]:
                    raise RuntimeError("ASGI app sent http.response.body after the body was complete")
                response["chunks"].append(bytes(message.get("body") or b""))
                if not message.get("more_body", False):
                    response["complete"] = True
                    answered.set()
            # Other messages (trailers, server push) have no place in a Lambda response: ignored.

        current = asyncio.current_task()
        before = asyncio.all_tasks()
        scope = asgi_scope(request, self.state)
        try:
            await self.app(scope, receive, send)
        except Exception:
            if not response["complete"]:
                raise
            _warn("the ASGI app raised after its response was complete:\n" + traceback.format_exc())
        finally:
            answered.set()
        await self._finish_tasks(before | {current}, request.context)
        if not response["complete"]:
            raise RuntimeError("the ASGI app returned without completing its response")
        start = response["start"]
        code = int(start["status"])
        try:
            reason = http.HTTPStatus(code).phrase
        except ValueError:
            reason = ""
        headers = [
            (bytes(name).decode("latin-1"), bytes(value).decode("latin-1"))
            for name, value in start.get("headers") or ()
        ]
        return ("%d %s" % (code, reason)).strip(), headers, b"".join(response["chunks"])

    async def _finish_tasks(self, before, context):
        """Wait for tasks this request started (Lambda freezes the environment once handler returns)."""
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        deadline = None
        if callable(remaining):
            deadline = self.loop.time() + max(0.0, remaining() / 1000.0 - 0.5)
        while True:
            pending = [t for t in asyncio.all_tasks() if t not in before and not t.done()]
            if not pending:
                return
            timeout = None if deadline is None else deadline - self.loop.time()
            if timeout is not None and timeout <= 0:
                _warn(
                    "%d background task(s) of this request are still running as the invocation's time "
                    "runs out; they resume with the next invocation." % len(pending)
                )
                return
            await asyncio.wait(pending, timeout=timeout)


# ---------------------------------------------------------------------------------------------------------
# Loading the entries (Lambda init phase)


def load_entry(module_name, attribute, what="package.entry"):
    """importlib.import_module(module_name) then getattr(attribute); clear errors, nothing evaluated."""
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise EntryPointError("spindrift: cannot import %r (%s): %s" % (module_name, what, exc)) from exc
    try:
        target = getattr(module, attribute)
    except AttributeError:
        raise EntryPointError(
            "spindrift: module %r has no attribute %r (%s)." % (module_name, attribute, what)
        ) from None
    if not callable(target):
        raise EntryPointError("spindrift: %s.%s (%s) is not callable." % (module_name, attribute, what))
    return target


_TYPE_ALIASES = {"flask": "wsgi"}
PACKAGE_TYPES = ("plain", "wsgi", "asgi")


def package_type(config):
    """The configured type, with ``flask`` read as its honest name ``wsgi``."""
    kind = config.get("type", "plain")
    return _TYPE_ALIASES.get(kind, kind)


# ---------------------------------------------------------------------------------------------------------
# What the entry object is: checked at init against package.type (and by --package-import-check)

_FRAMEWORKS = {
    "fastapi": "FastAPI",
    "starlette": "Starlette",
    "quart": "Quart",
    "litestar": "Litestar",
    "starlite": "Starlite",
    "django": "Django",
    "flask": "Flask",
    "werkzeug": "Werkzeug",
    "bottle": "Bottle",
    "falcon": "Falcon",
    "pyramid": "Pyramid",
    "sanic": "Sanic",
    "blacksheep": "BlackSheep",
    "connexion": "Connexion",
    "socketio": "python-socketio",
    "asgiref": "asgiref",
    "a2wsgi": "a2wsgi",
}
_WSGI_FRAMEWORKS = frozenset({"Flask", "Werkzeug", "Bottle", "Pyramid"})


class EntryTypeError(EntryPointError):
    """The entry object is not what package.type says; ``suggested`` is the type to set (or None)."""

    def __init__(self, message, suggested=None):
        super().__init__(message)
        self.suggested = suggested


def _framework(obj):
    """'FastAPI' for a FastAPI instance (by the top-level package of its class), else ''."""
    if inspect.isroutine(obj) or isinstance(obj, type):
        return ""
    for cls in type(obj).__mro__:
        name = _FRAMEWORKS.get((getattr(cls, "__module__", "") or "").split(".")[0])
        if name:
            return name
    return ""


def _unwrap(obj):
    while isinstance(obj, functools.partial):
        obj = obj.func
    return obj


def _positional_count(obj):
    """How many positional arguments ``obj`` accepts (None when unbounded or unknown)."""
    try:
        parameters = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return None
    count = 0
    for parameter in parameters:
        if parameter.kind == parameter.VAR_POSITIONAL:
            return None
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD):
            count += 1
    return count


def entry_shape(obj):
    """What an entry object is: ("asgi" | "async" | "wsgi" | "callable", framework name or '').

    asgi: an async callable taking (scope, receive, send), or an object whose ``__call__`` is one
    (FastAPI, Starlette, Quart, Django's ASGIHandler). async: another coroutine function. wsgi: a callable
    that a known WSGI framework made (Flask...), or one with Flask's ``wsgi_app``. callable: any other
    callable; a WSGI function and a Lambda handler both take two arguments and cannot be told apart.
    """
    framework = _framework(obj)
    target = _unwrap(obj)
    routine = inspect.isroutine(target) or isinstance(target, type)
    call = target if routine else getattr(target, "__call__", None)  # a bound method: no self
    if inspect.iscoroutinefunction(call):
        count = _positional_count(obj if obj is not target else call)  # a partial binds some
        return ("asgi" if count in (None, 3) else "async"), framework
    if framework in _WSGI_FRAMEWORKS or callable(getattr(obj, "wsgi_app", None)):
        return "wsgi", framework
    if framework == "Django" and type(obj).__name__ == "WSGIHandler":
        return "wsgi", framework
    return "callable", framework


def check_entry(obj, kind, name):
    """Raise EntryTypeError (one sentence naming the type to set) when ``obj`` is not a ``kind`` entry."""
    shape, framework = entry_shape(obj)
    what = " (%s)" % framework if framework else ""
    if shape == "asgi" and kind != "asgi":
        raise EntryTypeError(
            "spindrift: %s is an ASGI application%s; set package.type: asgi." % (name, what), "asgi"
        )
    if shape == "wsgi" and kind != "wsgi":
        raise EntryTypeError(
            "spindrift: %s is a WSGI application%s; set package.type: wsgi." % (name, what), "wsgi"
        )
    if shape == "async" and kind != "asgi":
        raise EntryTypeError(
            "spindrift: %s is an async function that does not take (scope, receive, send), so it is "
            "neither an ASGI app nor a handler Lambda's Python runtime can call; make it a regular def "
            "(event, context) for package.type: plain." % name
        )
    if kind == "asgi" and shape != "asgi":
        raise EntryTypeError(
            "spindrift: %s is not an ASGI application (an async callable taking scope, receive and "
            "send); set package.type: plain for a Lambda handler function or wsgi for a WSGI app." % name,
            None,
        )


def load_entries(config):
    """Return (target, events_target) for a configuration; (None, None) for the bare template.

    With ``call`` (an app factory, ``create_app()``) the imported attribute is called once, with no
    arguments, and its result is the app. The result is then checked against the package type.
    """
    kind = package_type(config)
    if kind not in PACKAGE_TYPES:
        raise EntryPointError(
            "spindrift: unknown package type %r (expected plain, wsgi, asgi or flask)." % (config.get("type"),)
        )
    if not config.get("module"):
        return None, None
    target = load_entry(config["module"], config.get("attribute") or "")
    name = "%s:%s" % (config["module"], config.get("attribute") or "")
    if config.get("call"):
        name += "()"
        try:
            target = target()
        except Exception as exc:
            raise EntryPointError(
                "spindrift: the app factory %s (package.entry) raised %s: %s" % (name, type(exc).__name__, exc)
            ) from exc
        if not callable(target):
            raise EntryPointError(
                "spindrift: the app factory %s (package.entry) returned %s, which is not callable."
                % (name, type(target).__name__)
            )
    check_entry(target, kind, "package.entry " + name)
    events_target = None
    if kind != "plain" and config.get("events_module"):
        events_target = load_entry(
            config["events_module"], config.get("events_attribute") or "", "package.events-entry"
        )
    return target, events_target


# ---------------------------------------------------------------------------------------------------------
# SnapStart (python3.12+): an optional warm-up request before the snapshot, random re-seeded after restore


def warmup_event(warmup):
    """The HTTP API payload 2.0 event of the configured warm-up request ({"method", "path", "query"})."""
    path = warmup.get("path") or "/"
    method = (warmup.get("method") or "GET").upper()
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": warmup.get("query") or "",
        "headers": {"host": "localhost", "user-agent": "spindrift-snapstart-warmup"},
        "requestContext": {
            "domainName": "localhost",
            "stage": "$default",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1"},
        },
        "isBase64Encoded": False,
    }


def register_snapstart(config, target, events_target, adapter, hooks=None):
    """With ``snapstart_warmup`` configured, register the warm-up with the runtime's before-snapshot hook
    (``snapshot_restore_py``, in the python3.12+ managed runtimes) and a re-seed of ``random`` after restore.
    Returns False when the hook module is not there (not a SnapStart runtime): nothing is sent then."""
    warmup = config.get("snapstart_warmup")
    if not isinstance(warmup, dict) or target is None:
        return False
    if hooks is None:
        try:
            hooks = importlib.import_module("snapshot_restore_py")
        except ImportError:
            return False

    def before_snapshot():
        event = warmup_event(warmup)
        response = dispatch(event, None, config, target, events_target, adapter)
        code = response.get("statusCode") if isinstance(response, dict) else None
        line = "SnapStart warm-up %s %s answered %s" % (event["requestContext"]["http"]["method"], event["rawPath"], code)
        if isinstance(code, int) and code < 400:
            sys.stderr.write("spindrift: " + line + ".\n")
        else:
            _warn(line + "; the snapshot is taken anyway, with whatever the request loaded.")

    def after_restore():
        random.seed()  # every restored copy would otherwise draw the same numbers

    hooks.register_before_snapshot(before_snapshot)
    hooks.register_after_restore(after_restore)
    return True


def _start(config):
    """Lambda's init phase: load the entries; for ASGI, make the event loop and run lifespan startup;
    register the SnapStart warm-up when configured."""
    target, events_target = load_entries(config)
    adapter = None
    if target is not None and package_type(config) == "asgi":
        runner = _runner_for(target)
        asyncio.set_event_loop(runner.loop)
        runner.startup()
        atexit.register(runner.shutdown)
        adapter = runner.run
    register_snapstart(config, target, events_target, adapter)
    return target, events_target, adapter


_TARGET, _EVENTS_TARGET, _ADAPTER = _start(_CONFIG)


def handler(event, context):
    """The Lambda handler (``index.handler``)."""
    return dispatch(event, context, _CONFIG, _TARGET, _EVENTS_TARGET, _ADAPTER)
