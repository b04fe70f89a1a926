from flask import Flask, jsonify, request, url_for

app = Flask(__name__)

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@app.get("/hello")
def hello():
    name = request.args.get("name", "world")
    return f"Hello, {name}!\n"


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
