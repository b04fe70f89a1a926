from flask import Flask, jsonify, request, url_for

app = Flask(__name__)


@app.get("/hello")
def hello():
    name = request.args.get("name", "world")
    return f"Hello, {name}!\n"


@app.post("/echo")
def echo():
    return jsonify(
        method=request.method,
        path=request.path,
        args=request.args.to_dict(flat=False),
        json=request.get_json(silent=True),
        user_agent=request.headers.get("User-Agent"),
        hello_url=url_for("hello"),
    )
