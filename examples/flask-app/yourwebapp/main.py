from flask import Flask, jsonify, request, url_for

app = Flask(__name__)

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@app.get("/hello")
def hello():
    name = request.args.get("name", "world")
    return f"Hello, {name}!\n"


# A 1x1 transparent PNG: a binary response, sent base64-encoded by the shim.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@app.get("/pixel.png")
def pixel():
    return PIXEL, 200, {"Content-Type": "image/png"}


@app.route("/", defaults={"path": ""}, methods=ALL_METHODS)
@app.route("/<path:path>", methods=ALL_METHODS)
def echo(path):
    """Describe the request as the app saw it: handy to check what a Lambda event turns into."""
    response = jsonify(
        method=request.method,
        path=request.path,
        script_root=request.script_root,
        args=request.args.to_dict(flat=False),
        cookies=request.cookies.to_dict(),
        body=request.get_data(as_text=True),
        remote_addr=request.remote_addr,
        hello_url=url_for("hello"),
    )
    response.set_cookie("seen", "1")
    response.set_cookie("path", request.path.replace(";", ""))
    return response
