"""spindrift handler shim: the ``index.handler`` entry point at the root of a spindrift Lambda zip.

Standard library only; runs on the Lambda Python runtimes 3.10 to 3.14.

Configuration contract
----------------------
The module-level assignment of ``_CONFIG`` below is the only line of this file that begins with the
name ``_CONFIG`` followed by `` = ``. The packager replaces that whole line with one line of the form
``_CONFIG = json.loads("<JSON text, written as a Python string literal>")``; everything else in this file
is copied unchanged. The JSON object has these keys (strings unless noted; a missing optional key means
its default):

``type``               ``"plain"`` (a Lambda function ``(event, context)``) or ``"flask"`` (any WSGI app).
``module``             dotted module path of the entry, e.g. ``"yourwebapp.main"`` (validated by packager).
``attribute``          attribute of ``module`` to use, e.g. ``"app"`` (validated by the packager).
``events_module``      optional; with ``events_attribute``, a plain ``(event, context)`` function that
``events_attribute``   receives non-HTTP events (SQS, S3, schedules...) when ``type`` is ``"flask"``.
``base_path``          optional custom-domain base path (``"/api"`` or ``"api"``), matched on path-segment
                       boundaries and moved from PATH_INFO into SCRIPT_NAME.
``text_mime_types``    optional list of extra response content types sent as text instead of base64
                       (exact ``"application/x-foo"`` or a whole family ``"application/*"``).
``reraise``            optional bool; re-raise app exceptions (Lambda then reports a failed invocation,
                       so retries and DLQs apply) instead of answering HTTP 500.

The entry (and the events function) are imported with ``importlib.import_module`` and ``getattr`` when
this module is imported, i.e. in Lambda's init phase. Nothing is ever exec'd or eval'd.

Behaviour
---------
``plain``: ``handler`` calls the entry and returns its result.
``flask``: ``classify`` names the event source. HTTP events (API Gateway REST v1, HTTP API payload 1.0
and 2.0, Function URLs, ALB with single or multi-value headers) are turned into a PEP 3333 environ by
``build_environ``, run through the app by ``run_wsgi`` (buffered; the iterable is always closed) and
answered in the source's own envelope by ``build_response``. Other events go to the events function, or
raise ``UnsupportedEventError`` naming the source. VPC Lattice, Lambda@Edge and authorizer inputs are
treated as non-HTTP. Response streaming is not supported (use the Lambda Web Adapter for that).

Environ extras: ``spindrift.event`` and ``awslambda.event`` (the raw event), ``spindrift.context`` and
``awslambda.context``, ``spindrift.source`` (the ``classify`` name), ``spindrift.authorizer`` (the
event's ``requestContext.authorizer``) and ``REMOTE_USER`` (its ``principalId``). Request headers whose
names contain ``_`` are dropped. A response body is sent base64-encoded when it has a Content-Encoding
other than identity, a non-text Content-Type, or is not valid UTF-8; a REST API decodes it for the client
only if its binaryMediaTypes match the request's Accept header.
"""

import base64
import http
import importlib
import io
import json
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

    def __init__(self, source, event=None):
        self.source = source
        label = _SOURCE_LABELS.get(source, "a " + source)
        hint = ""
        if source == "unknown" and isinstance(event, dict):
            keys = sorted(str(key) for key in event)[:8]
            hint = " (top-level keys: " + ", ".join(keys) + ")"
        super().__init__(
            "spindrift: received " + label + " event" + hint + ", but this function serves a WSGI app "
            "and no package.events-entry is configured to handle non-HTTP events."
        )


HTTP_SOURCES = frozenset({"rest_v1", "http_v1", "http_v2", "function_url", "alb", "alb_mv"})

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
    "lattice": "a VPC Lattice",
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

_ENCODED_PATH_SOURCES = frozenset({"rest_v1", "alb", "alb_mv", "function_url"})
_V2_SOURCES = frozenset({"http_v2", "function_url"})
_ALB_SOURCES = frozenset({"alb", "alb_mv"})

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
    if "method" in event and ("raw_path" in event or (version == "2.0" and "path" in event)):
        return "lattice"
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
    """Return (SCRIPT_NAME, PATH_INFO, REQUEST_URI path part), all PEP 3333 native strings."""
    encoded = source in _ENCODED_PATH_SOURCES
    if source in _V2_SOURCES:
        raw = event.get("rawPath")
        if not isinstance(raw, str) or not raw:
            raw, encoded = _dict(rc.get("http")).get("path"), False
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
    else:
        pairs = _query_pairs(event.get("multiValueQueryStringParameters")) or _query_pairs(
            event.get("queryStringParameters")
        )
    if source in _ALB_SOURCES:  # ALB hands over the values exactly as the client sent them
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
    if event.get("isBase64Encoded") is True:
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


def build_environ(event, context, source, config):
    """Build the PEP 3333 environ for an HTTP event of the given source."""
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
        scheme = ("https" if port == "443" else "http") if source in _ALB_SOURCES else "https"
    port = port or ("443" if scheme == "https" else "80")

    if source in _V2_SOURCES:
        method, protocol = http_ctx.get("method"), http_ctx.get("protocol")
    else:
        method, protocol = event.get("httpMethod"), rc.get("protocol")
    if not isinstance(protocol, str) or not protocol.startswith("HTTP/"):
        protocol = "HTTP/1.1"

    script_name, path_info, raw_uri = _script_and_path(event, source, rc, server_name, config)
    query = _query_string(event, source)
    if query:
        raw_uri += "?" + query
    body = _request_body(event)

    environ = {
        "REQUEST_METHOD": _to_wsgi(_as_text(method or "GET").upper()),
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path_info,
        "QUERY_STRING": query,
        "REQUEST_URI": raw_uri,
        "RAW_URI": raw_uri,
        "SERVER_NAME": _to_wsgi(server_name),
        "SERVER_PORT": port,
        "SERVER_PROTOCOL": protocol,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.input_terminated": True,
        "spindrift.source": source,
        "spindrift.event": event,
        "spindrift.context": context,
        "awslambda.event": event,
        "awslambda.context": context,
    }
    for name, values in headers.items():
        # Names with '_' are dropped: 'user_agent' must never pose as 'User-Agent' (as gunicorn does).
        if not values or "_" in name or name in ("content-length", "cookie"):
            continue
        value = _to_wsgi(", ".join(values))
        if name == "content-type":
            environ["CONTENT_TYPE"] = value
        else:
            environ["HTTP_" + name.upper().replace("-", "_")] = value
    cookie = _cookie_header(headers, event)
    if cookie:
        environ["HTTP_COOKIE"] = _to_wsgi(cookie)
    remote_addr = _remote_addr(source, rc, headers)
    if remote_addr:
        environ["REMOTE_ADDR"] = _to_wsgi(remote_addr)
    if "authorizer" in rc:
        environ["spindrift.authorizer"] = rc["authorizer"]
        principal = _dict(rc["authorizer"]).get("principalId")
        if principal not in (None, ""):
            environ["REMOTE_USER"] = _to_wsgi(_as_text(principal))
    return environ


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
    """[(name, value)] -> {first spelling of name: [values]}, grouped case-insensitively, order kept."""
    spelling, grouped = {}, {}
    for name, value in headers:
        key = spelling.setdefault(name.lower(), name)
        grouped.setdefault(key, []).append(value)
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
    if source in _ALB_SOURCES:
        response["statusDescription"] = _status_description(code, reason)
    if source in _V2_SOURCES:
        response["headers"] = {k: ", ".join(v) for k, v in grouped.items() if k.lower() != "set-cookie"}
        response["cookies"] = [v for k, vs in grouped.items() if k.lower() == "set-cookie" for v in vs]
    elif source == "alb":
        single = {}
        for name, values in grouped.items():
            if name.lower() == "set-cookie":
                if len(values) > 1:
                    _warn(
                        "the ALB target group has multi-value headers disabled, so only the last of %d "
                        "Set-Cookie headers is sent; enable multi-value headers on the target group "
                        "to keep them all." % len(values)
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


def serve(app, event, context, source, config):
    """Serve one HTTP event through a WSGI app; app failures become a 500 in the source's envelope."""
    try:
        environ = build_environ(event, context, source, config)
        status, headers, body = run_wsgi(app, environ)
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


def dispatch(event, context, config, target, events_target=None):
    """What ``handler`` does, with the configuration and the loaded entries passed in."""
    if target is None:
        raise EntryPointError("spindrift: no entry is configured in this shim (_CONFIG has no module).")
    if config.get("type", "plain") == "plain":
        return target(event, context)
    source = classify(event)
    if source in HTTP_SOURCES:
        return serve(target, event, context, source, config)
    if events_target is not None:
        return events_target(event, context)
    raise UnsupportedEventError(source, event)


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


def load_entries(config):
    """Return (target, events_target) for a configuration; (None, None) for the bare template."""
    kind = config.get("type", "plain")
    if kind not in ("plain", "flask"):
        raise EntryPointError("spindrift: unknown package type %r (expected plain or flask)." % (kind,))
    if not config.get("module"):
        return None, None
    target = load_entry(config["module"], config.get("attribute") or "")
    events_target = None
    if kind == "flask" and config.get("events_module"):
        events_target = load_entry(
            config["events_module"], config.get("events_attribute") or "", "package.events-entry"
        )
    return target, events_target


_TARGET, _EVENTS_TARGET = load_entries(_CONFIG)


def handler(event, context):
    """The Lambda handler (``index.handler``)."""
    return dispatch(event, context, _CONFIG, _TARGET, _EVENTS_TARGET)
