"""The envelope returned to Lambda, per source, and the text/base64 decision (table-driven)."""

import base64
import json

import pytest

import hand_events as ev
from shimkit import EchoApp, invoke, shim

APP_HEADERS = [
    ("Content-Type", "application/json"),
    ("Set-Cookie", "a=1; Path=/"),
    ("Set-Cookie", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT"),
    ("X-Multi", "one"),
    ("x-multi", "two"),
]
BODY = b'{"ok": true}'

V1_MV = {
    "statusCode": 201,
    "multiValueHeaders": {
        "Content-Type": ["application/json"],
        "Set-Cookie": ["a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT"],
        "X-Multi": ["one", "two"],
    },
    "body": '{"ok": true}',
    "isBase64Encoded": False,
}
V2 = {
    "statusCode": 201,
    "headers": {"Content-Type": "application/json", "X-Multi": "one, two"},
    "cookies": ["a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT"],
    "body": '{"ok": true}',
    "isBase64Encoded": False,
}
ALB_MV = dict(V1_MV, statusDescription="201 Created")
ALB_SINGLE = {
    "statusCode": 201,
    "statusDescription": "201 Created",
    "headers": {
        "Content-Type": "application/json",
        "Set-Cookie": "b=2; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
        "X-Multi": "one, two",
    },
    "body": '{"ok": true}',
    "isBase64Encoded": False,
}


@pytest.mark.parametrize(
    "event, expected",
    [
        (ev.rest_v1(), V1_MV),
        (ev.rest_v1_minimal(), V1_MV),
        (ev.http_v1(), V1_MV),
        (ev.http_v2(), V2),
        (ev.function_url(), V2),
        (ev.alb_multi(), ALB_MV),
        (ev.alb_single(), ALB_SINGLE),
        (ev.alb_health_check(), ALB_SINGLE),
    ],
    ids=["rest", "rest-minimal", "http-v1", "http-v2", "function-url", "alb-mv", "alb-single", "alb-health"],
)
def test_envelope_per_source(event, expected, capsys):
    response, _ = invoke(event, app=EchoApp(status="201 Created", headers=APP_HEADERS, body=BODY))
    assert response == expected
    json.dumps(response)  # must be serialisable as it is
    warned = "multi-value headers disabled" in capsys.readouterr().err
    assert warned == (expected is ALB_SINGLE)


def test_v2_with_no_set_cookie_still_has_a_cookies_list():
    response, _ = invoke(ev.http_v2(), app=EchoApp(headers=[("Content-Type", "text/plain")], body=b"x"))
    assert response["cookies"] == []
    assert response["headers"] == {"Content-Type": "text/plain"}


@pytest.mark.parametrize(
    "status, description",
    [
        ("200 OK", "200 OK"),
        ("404 Not Found", "404 Not Found"),
        ("418 I'm a teapot", "418 I'm a teapot"),
        ("299 ", "299 Unknown"),
        ("503", "503 Service Unavailable"),
        ("200 \u00c7a va", "200 OK"),
    ],
)
def test_alb_status_description(status, description):
    response, _ = invoke(ev.alb_single(), app=EchoApp(status=status, headers=[], body=b""))
    assert response["statusDescription"] == description
    assert response["statusCode"] == int(status[:3])


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
GZIP = b"\x1f\x8b\x08\x00\x00\x00\x00\x00"


@pytest.mark.parametrize(
    "headers, body, config, binary",
    [
        ([("Content-Type", "text/html; charset=utf-8")], "<p>caf\u00e9</p>".encode(), {}, False),
        ([("Content-Type", "application/json")], b"{}", {}, False),
        ([("Content-Type", "application/problem+json")], b"{}", {}, False),
        ([("Content-Type", "image/svg+xml")], b"<svg/>", {}, False),
        ([("Content-Type", "application/javascript")], b"1", {}, False),
        ([("content-type", "IMAGE/PNG")], PNG, {}, True),
        ([("Content-Type", "application/octet-stream")], b"plain ascii", {}, True),
        ([("Content-Type", "application/pdf")], b"%PDF-1.4", {}, True),
        ([("Content-Type", "application/pdf")], b"%PDF-1.4", {"text_mime_types": ["application/pdf"]}, False),
        ([("Content-Type", "application/x-custom")], b"x", {"text_mime_types": ["application/*"]}, False),
        ([("Content-Type", "font/woff2")], b"x", {"text_mime_types": ["application/*"]}, True),
        ([("Content-Type", "application/pdf")], b"%PDF", {"text_mime_types": "application/pdf"}, False),
        ([("Content-Type", "text/plain"), ("Content-Encoding", "gzip")], GZIP, {}, True),
        ([("Content-Type", "text/plain"), ("Content-Encoding", "identity")], b"hi", {}, False),
        ([("Content-Type", "application/json"), ("Content-Encoding", "br")], b"valid utf-8", {}, True),
        ([("Content-Type", "text/plain; charset=latin-1")], "caf\u00e9".encode("latin-1"), {}, True),
        ([], b"no content type, valid utf-8 \xc3\xa9", {}, False),
        ([], PNG, {}, True),
        ([], b"", {}, False),
    ],
)
def test_binary_detection(headers, body, config, binary):
    assert shim.is_binary_response(headers, body, config) is binary
    for event in (ev.rest_v1(), ev.http_v2(), ev.alb_single()):
        response, _ = invoke(event, config, app=EchoApp(headers=headers, body=body))
        assert response["isBase64Encoded"] is binary
        decoded = base64.b64decode(response["body"]) if binary else response["body"].encode("utf-8")
        assert decoded == body


def test_build_response_rejects_non_http_sources():
    with pytest.raises(ValueError):
        shim.build_response("sqs", "200 OK", [], b"", {}, {})


def test_oversized_alb_response_is_reported(capsys):
    big = b"x" * (1024 * 1024 + 1)
    response, _ = invoke(ev.alb_single(), app=EchoApp(headers=[("Content-Type", "text/plain")], body=big))
    assert len(response["body"]) == len(big)
    err = capsys.readouterr().err
    assert "1048576-byte limit" in err and "/p%20q/caf%C3%A9" in err
    invoke(ev.http_v2(), app=EchoApp(headers=[("Content-Type", "text/plain")], body=big))
    assert "limit" not in capsys.readouterr().err


def test_header_values_lose_surrounding_whitespace_as_djangos_set_cookie_has():
    # django.core.handlers.wsgi writes cookies with c.output(header=""): a leading space
    headers = [("Set-Cookie", " a=1; Path=/"), ("Set-Cookie", "\tb=2 "), ("X-Pad", "  v  ")]
    v2 = shim.build_response("http_v2", "200 OK", headers, b"", {})
    assert v2["cookies"] == ["a=1; Path=/", "b=2"] and v2["headers"]["X-Pad"] == "v"
    rest = shim.build_response("rest_v1", "200 OK", headers, b"", {})
    assert rest["multiValueHeaders"]["Set-Cookie"] == ["a=1; Path=/", "b=2"]
