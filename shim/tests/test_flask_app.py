"""A real Flask app behind the shim: url_for under SCRIPT_NAME, cookies, forms, binary responses."""

import base64
import io

import pytest

import hand_events as ev
from shimkit import shim

flask = pytest.importorskip("flask")

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\xff"

app = flask.Flask(__name__)


@app.route("/items/<int:item_id>")
def item(item_id):
    return {
        "self": flask.url_for("item", item_id=item_id),
        "external": flask.url_for("item", item_id=item_id, _external=True),
        "path": flask.request.path,
        "args": flask.request.args.to_dict(flat=False),
        "remote_addr": flask.request.remote_addr,
        "remote_user": flask.request.remote_user,
    }


@app.route("/caf\u00e9/<name>")
def unicode_route(name):
    return {"name": name, "self": flask.url_for("unicode_route", name=name)}


@app.route("/cookies")
def cookies():
    response = flask.make_response({"got": flask.request.cookies.to_dict()})
    response.set_cookie("a", "1")
    response.set_cookie("b", "2", path="/x", httponly=True)
    return response


@app.route("/form", methods=["POST"])
def form():
    return {"form": flask.request.form.to_dict(flat=False), "length": flask.request.content_length}


@app.route("/image.png")
def image():
    return flask.send_file(io.BytesIO(PNG), mimetype="image/png")


CONFIG = {"type": "flask", "module": "m", "attribute": "app"}


def call(event, **config):
    return shim.dispatch(event, None, dict(CONFIG, **config), app)


def as_get(event):
    """The hand events use several methods; these routes want GET."""
    if "httpMethod" in event:
        event["httpMethod"] = "GET"
    else:
        event["requestContext"]["http"]["method"] = "GET"
    return event


def body_json(response):
    assert response["isBase64Encoded"] is False
    return flask.json.loads(response["body"])


@pytest.mark.parametrize(
    "event, config, self_url, external",
    [
        (
            ev.rest_v1_minimal(path="/items/7"),
            {},
            "/prod/items/7",
            "https://" + ev.APIGW_HOST + "/prod/items/7",
        ),
        (
            as_get(ev.http_v2(raw_path="/beta/items/7", stage="beta")),
            {},
            "/beta/items/7",
            "https://" + ev.APIGW_HOST + "/beta/items/7",
        ),
        (
            ev.rest_v1_minimal(path="/api/items/7", host="api.example.com"),
            {"base_path": "api"},
            "/api/items/7",
            "https://api.example.com/api/items/7",
        ),
        (
            dict(ev.alb_multi(), httpMethod="GET", path="/items/7"),
            {},
            "/items/7",
            "http://" + ev.ALB_HOST + ":8443/items/7",
        ),
    ],
    ids=["rest-stage", "http-v2-stage", "base-path", "alb-port"],
)
def test_url_for_honours_script_name(event, config, self_url, external):
    response = call(event, **config)
    assert response["statusCode"] == 200, response
    data = body_json(response)
    assert data["path"] == "/items/7"
    assert data["self"] == self_url
    assert data["external"] == external


def test_request_details_reach_flask():
    event = ev.rest_v1_minimal(path="/items/3")
    event["multiValueQueryStringParameters"] = {"tag": ["a b", "c+d"], "x": ["\u00e9"]}
    event["requestContext"]["authorizer"] = {"principalId": "alice"}
    data = body_json(call(event))
    assert data["args"] == {"tag": ["a b", "c+d"], "x": ["\u00e9"]}
    assert data["remote_addr"] == "198.51.100.2"
    assert data["remote_user"] == "alice"


def test_alb_raw_query_values_are_decoded_once_by_flask():
    event = ev.alb_single()
    event["path"] = "/items/1"
    data = body_json(call(event))
    assert data["args"] == {"a": ["x y"], "b": ["x+y"], "c": ["caf\u00e9"], "e": [""]}
    assert data["remote_addr"] == "10.0.0.1"


def test_unicode_route_from_an_encoded_function_url_path():
    event = ev.function_url()
    event["rawPath"] = "/caf%C3%A9/%C3%BC"
    data = body_json(call(event))
    assert data == {"name": "\u00fc", "self": "/caf%C3%A9/%C3%BC"}


@pytest.mark.parametrize(
    "event, cookies",
    [
        (as_get(ev.http_v2(raw_path="/cookies", stage="$default")), {"s": "1", "u": "3", "t": "2"}),
        (ev.function_url(), {"s": "1", "t": "2"}),
    ],
    ids=["http-v2", "function-url"],
)
def test_v2_request_cookies_and_response_cookies(event, cookies):
    event["rawPath"] = "/cookies"
    response = call(event)
    assert response["statusCode"] == 200
    assert body_json(response)["got"] == cookies
    assert response["cookies"] == ["a=1; Path=/", "b=2; HttpOnly; Path=/x"]
    assert not any(name.lower() == "set-cookie" for name in response["headers"])


@pytest.mark.parametrize(
    "event", [ev.rest_v1_minimal(path="/cookies"), as_get(ev.http_v1())], ids=["rest", "http-v1"]
)
def test_v1_set_cookies_are_all_kept(event):
    event["path"] = "/cookies"
    event["requestContext"].pop("path", None)
    event["multiValueHeaders"] = {"Cookie": ["k=1", "l=2"]}
    response = call(event)
    assert body_json(response)["got"] == {"k": "1", "l": "2"}
    assert response["multiValueHeaders"]["Set-Cookie"] == ["a=1; Path=/", "b=2; HttpOnly; Path=/x"]
    assert "headers" not in response


def test_form_post_with_base64_body():
    event = ev.rest_v1_minimal(path="/form")
    event["httpMethod"] = "POST"
    event["headers"] = {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": "3"}
    event["multiValueHeaders"] = None
    event["body"] = base64.b64encode(b"a=1&a=2&b=caf%C3%A9+x").decode()
    event["isBase64Encoded"] = True
    data = body_json(call(event))
    assert data == {"form": {"a": ["1", "2"], "b": ["caf\u00e9 x"]}, "length": 21}


@pytest.mark.parametrize(
    "event",
    [
        ev.rest_v1_minimal(path="/image.png"),
        as_get(ev.http_v2(raw_path="/image.png", stage="$default")),
        ev.alb_single(),
    ],
    ids=["rest", "http-v2", "alb"],
)
def test_binary_response_is_base64(event):
    event["path"] = event["rawPath"] = "/image.png"
    response = call(event)
    assert response["statusCode"] == 200
    assert response["isBase64Encoded"] is True
    assert base64.b64decode(response["body"]) == PNG


def test_flask_404_is_passed_through():
    response = call(ev.alb_single())
    assert response["statusCode"] == 404
    assert response["statusDescription"] == "404 NOT FOUND"
