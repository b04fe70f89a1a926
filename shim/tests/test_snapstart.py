"""SnapStart: the configured warm-up request goes through the app in the before-snapshot hook, and random is
re-seeded after restore; a stand-in for the runtime's snapshot_restore_py module records the hooks."""

import json
import random
import subprocess
import sys
import textwrap

from shimkit import AsgiEchoApp, EchoApp, shim
from test_generated_config import generate


class Hooks:
    """Stands in for snapshot_restore_py: keeps what is registered."""

    def __init__(self):
        self.before, self.after = [], []

    def register_before_snapshot(self, func, *args, **kwargs):
        self.before.append(func)

    def register_after_restore(self, func, *args, **kwargs):
        self.after.append(func)


WARMUP = {"method": "GET", "path": "/health", "query": "deep=1"}


def test_wsgi_warmup_goes_through_the_app_before_the_snapshot(capsys):
    app, hooks = EchoApp(), Hooks()
    config = {"type": "wsgi", "module": "m", "snapstart_warmup": WARMUP}
    assert shim.register_snapstart(config, app, None, None, hooks) is True
    assert app.environ is None, "nothing is sent at registration"
    hooks.before[0]()
    assert (app.environ["REQUEST_METHOD"], app.environ["PATH_INFO"], app.environ["QUERY_STRING"]) == ("GET", "/health", "deep=1")
    assert app.environ["HTTP_USER_AGENT"] == "spindrift-snapstart-warmup"
    assert "spindrift: SnapStart warm-up GET /health answered 200." in capsys.readouterr().err


def test_asgi_warmup_runs_on_the_apps_event_loop(capsys):
    app, hooks = AsgiEchoApp(), Hooks()
    runner = shim.AsgiRunner(app)
    config = {"type": "asgi", "module": "m", "snapstart_warmup": {"method": "POST", "path": "/warm"}}
    shim.register_snapstart(config, app, None, runner.run, hooks)
    hooks.before[0]()
    assert (app.scope["method"], app.scope["path"]) == ("POST", "/warm")


def test_a_failing_warmup_is_a_warning_and_the_snapshot_goes_ahead(capsys):
    hooks = Hooks()
    config = {"type": "wsgi", "module": "m", "snapstart_warmup": WARMUP}
    shim.register_snapstart(config, EchoApp(status="503 Service Unavailable"), None, None, hooks)
    hooks.before[0]()
    assert "spindrift: SnapStart warm-up GET /health answered 503; the snapshot is taken anyway" in capsys.readouterr().err


def test_random_is_reseeded_after_restore():
    hooks = Hooks()
    shim.register_snapstart({"type": "wsgi", "module": "m", "snapstart_warmup": WARMUP}, EchoApp(), None, None, hooks)
    snapshot = random.getstate()
    draws = []
    for _ in range(2):  # two environments restored from the same snapshot
        random.setstate(snapshot)
        hooks.after[0]()
        draws.append(random.random())
    random.setstate(snapshot)
    assert draws[0] != draws[1] and random.random() not in draws


def test_nothing_is_registered_without_a_warmup():
    hooks = Hooks()
    assert shim.register_snapstart({"type": "wsgi", "module": "m"}, EchoApp(), None, None, hooks) is False
    assert hooks.before == hooks.after == []


RUNNER = textwrap.dedent("""
    import json, sys
    sys.path[:0] = json.loads(sys.argv[1])
    import index, webapp
    import snapshot_restore_py as hooks
    seen_at_init = list(webapp.SEEN)
    for func in reversed(hooks.BEFORE):
        func()
    for func in hooks.AFTER:
        func()
    print(json.dumps({"at_init": seen_at_init, "after_hooks": webapp.SEEN}))
    """)
STAND_IN = textwrap.dedent("""
    BEFORE, AFTER = [], []


    def register_before_snapshot(func, *args, **kwargs):
        BEFORE.append(func)


    def register_after_restore(func, *args, **kwargs):
        AFTER.append(func)
    """)
WEBAPP = textwrap.dedent("""
    SEEN = []


    def app(environ, start_response):
        SEEN.append(environ["PATH_INFO"])
        start_response("204 No Content", [])
        return []
    """)


def _init(tmp_path, with_hooks):
    config = {"type": "wsgi", "module": "webapp", "attribute": "app", "snapstart_warmup": WARMUP}
    (tmp_path / "index.py").write_text(generate(config), encoding="utf-8")
    (tmp_path / "webapp.py").write_text(WEBAPP, encoding="utf-8")
    if with_hooks:
        (tmp_path / "snapshot_restore_py.py").write_text(STAND_IN, encoding="utf-8")
    runner = RUNNER if with_hooks else "import json, sys\nsys.path[:0] = json.loads(sys.argv[1])\nimport index, webapp\nprint(json.dumps(webapp.SEEN))"
    done = subprocess.run([sys.executable, "-S", "-c", runner, json.dumps([str(tmp_path)])], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def test_generated_shim_registers_with_the_runtime_hook_module(tmp_path):
    seen, stderr = _init(tmp_path, with_hooks=True)
    assert seen == {"at_init": [], "after_hooks": ["/health"]}
    assert "SnapStart warm-up GET /health answered 204." in stderr


def test_generated_shim_without_the_hook_module_sends_nothing(tmp_path):
    seen, stderr = _init(tmp_path, with_hooks=False)
    assert seen == [] and stderr == ""
