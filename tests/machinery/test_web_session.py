"""WebSession, the suite's odoorpc client, without an Odoo: it signs in once over the web
client's route and makes every call on that session, never with the password again.

The stand-in on loopback answers the three routes the way Odoo 18 does (answers recorded
from a running 18.0-20250925): ``/web/webclient/version_info``,
``/web/session/authenticate`` (a session cookie, or Odoo's error for AccessDenied), and
``/web/dataset/call_kw/<model>/<method>`` (``auth="user"``: Odoo answers a request
without a session of that database with a 404 page). Against a real Odoo the client is
used by every e2e test.
"""

from __future__ import annotations

import json
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from odoorpc.error import RPCError

from fixtures.loopback import ServedInThread
from fixtures.odoo.targets import WebSession, connect

DB, LOGIN, PASSWORD = "howto_proof_c1_1", "admin", "admin"
SESSION = "_n_chBn6cRw7P-z2MY0bXFQlqNdH6L-ji_hcfcUfqx9LzGUd1R_LkMNdnelFBxsvfZpnQJ7OFsmDoc"
ACCESS_DENIED = {
    "code": 200,
    "message": "Odoo Server Error",
    "data": {
        "name": "odoo.exceptions.AccessDenied",
        "debug": "odoo.exceptions.AccessDenied: Access Denied\n",
        "message": "Access Denied",
        "arguments": ["Access Denied"],
        "context": {},
    },
}
VERSION_INFO = {
    "server_version": "18.0-20250925",
    "server_version_info": [18, 0, 0, "final", 0, ""],
    "server_serie": "18.0",
    "protocol_version": 1,
}
NOT_FOUND = b"<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"


class OdooWebRoutes:
    """The three routes, and a log of what arrived: path, params, session cookie."""

    def __init__(self):
        self.log: list[tuple[str, dict, str | None]] = []
        routes = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                cookie = self.headers.get("Cookie", "")
                session = dict(
                    part.strip().split("=", 1) for part in cookie.split(";") if "=" in part
                ).get("session_id")
                params = request.get("params", {})
                routes.log.append((self.path, params, session))
                status, headers, body = routes.answer(self.path, params, session)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self._served = ServedInThread(ThreadingHTTPServer(("127.0.0.1", 0), Handler), "odoo")
        self.url = self._served.url

    def answer(self, path: str, params: dict, session: str | None):
        json_type = [("Content-Type", "application/json; charset=utf-8")]
        if path == "/web/webclient/version_info":
            return 200, json_type, rpc({"result": VERSION_INFO})
        if path == "/web/session/authenticate":
            if (params["db"], params["login"], params["password"]) != (DB, LOGIN, PASSWORD):
                return 200, json_type, rpc({"error": ACCESS_DENIED})
            cookie = ("Set-Cookie", f"session_id={SESSION}; Max-Age=604800; HttpOnly; Path=/")
            result = {"uid": 2, "user_context": {"lang": "de_DE", "tz": "Europe/Zurich", "uid": 2}}
            return 200, [*json_type, cookie], rpc({"result": {**result, "db": DB}})
        if path.startswith("/web/dataset/call_kw/") and session == SESSION:
            assert path == f"/web/dataset/call_kw/{params['model']}/{params['method']}", path
            return 200, json_type, rpc({"result": [params["model"], params["method"]]})
        return 404, [("Content-Type", "text/html; charset=utf-8")], NOT_FOUND

    def __enter__(self) -> OdooWebRoutes:
        self._served.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._served.__exit__(*exc)


def rpc(answer: dict) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "id": None, **answer}).encode()


@pytest.fixture
def odoo():
    with OdooWebRoutes() as routes:
        yield routes


def test_signs_in_once_then_calls_on_the_session_without_the_password(odoo):
    client = WebSession(odoo.url)
    client.login(DB, LOGIN, PASSWORD)

    assert client.execute_kw("res.users", "search_count", [[]]) == ["res.users", "search_count"]
    assert client.execute("res.partner", "name_search", "Erika") == ["res.partner", "name_search"]
    paths = [path for path, _, _ in odoo.log]
    assert paths == [
        "/web/webclient/version_info",
        "/web/session/authenticate",
        "/web/dataset/call_kw/res.users/search_count",
        "/web/dataset/call_kw/res.partner/name_search",
    ]
    calls = [(params, session) for path, params, session in odoo.log if "call_kw" in path]
    assert all(session == SESSION for _, session in calls)
    assert not any(PASSWORD in json.dumps(params) for params, _ in calls)
    assert calls[1][0]["args"] == ["Erika"]


def test_hands_on_its_session_and_the_users_context(odoo):
    client = WebSession(odoo.url)
    assert client.session_id is None

    client.login(DB, LOGIN, PASSWORD)

    assert client.session_id == SESSION  # what a browser context takes over as a cookie
    assert (client.env.db, client.env.uid) == (DB, 2)
    assert client.env.context == {"lang": "de_DE", "tz": "Europe/Zurich", "uid": 2}


def test_a_wrong_password_is_odoos_access_denied_and_no_session(odoo):
    client = WebSession(odoo.url)

    with pytest.raises(RPCError, match="Access Denied"):
        client.login(DB, LOGIN, "not-the-password")

    assert client.session_id is None
    assert [path for path, _, _ in odoo.log][-1] == "/web/session/authenticate"


def test_clients_never_read_the_proxies_from_the_environment(odoo, monkeypatch):
    """The copy pool's thread makes its clients while pytest writes to os.environ: urllib's
    own reading of the proxies there raised KeyError once and ended that thread. Odoo is on
    loopback, and no client goes through a proxy."""

    def environment_read(*args):
        raise AssertionError("a client read the proxies from os.environ")

    monkeypatch.setattr(urllib.request, "getproxies", environment_read)
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # nothing listens there

    client = WebSession(odoo.url)
    client.login(DB, LOGIN, PASSWORD)
    assert client.session_id == SESSION
    assert connect(odoo.url).version == VERSION_INFO["server_version"]
