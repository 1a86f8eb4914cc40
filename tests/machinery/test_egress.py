"""The closed network: the sink refuses and records every request sent to it, and the network
guard fails a test whose pages asked for a host off this machine, and only such a test.

The guard is proved with a real Chromium, in one inner pytest run whose tests each do one
thing a scenario might do; the outer tests read that run's JUnit report.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests

from fixtures.browser import NetworkGuard
from fixtures.egress import EgressAttempt, EgressSink, egress_failure, is_loopback_url
from fixtures.options import PROJECT_ROOT


@pytest.fixture(scope="module")
def sink():
    """One sink for the module, as a run has one per source; tests read it with ``since``."""
    with EgressSink("browser") as sink:
        yield sink


@pytest.fixture
def since() -> float:
    return time.monotonic()


def through(sink: EgressSink) -> dict[str, str]:
    return {"http": sink.url, "https": sink.url}


# -- the sink ---------------------------------------------------------------------------------


def test_sink_listens_on_loopback(sink):
    assert sink.url.startswith("http://127.0.0.1:")


def test_sink_refuses_plain_http_with_403_and_records_it(sink, since):
    answer = requests.get("http://example.invalid/path?q=1", proxies=through(sink), timeout=5)
    assert answer.status_code == 403
    assert answer.reason == "Egress refused by howto-proof"
    assert answer.text == "howto-proof: this request would leave the machine; refused.\n"
    (attempt,) = sink.attempts(since)
    assert (attempt.source, attempt.method, attempt.target) == (
        "browser",
        "GET",
        "http://example.invalid/path?q=1",
    )
    assert since <= attempt.at <= time.monotonic()


def test_sink_records_the_method(sink, since):
    requests.post("http://example.invalid/token", data={"a": "b"}, proxies=through(sink), timeout=5)
    assert [(a.method, a.target) for a in sink.attempts(since)] == [
        ("POST", "http://example.invalid/token")
    ]


def test_sink_refuses_a_tunnel_and_records_host_and_port(sink, since):
    with pytest.raises(requests.exceptions.ProxyError) as error:
        requests.get("https://login.microsoftonline.com/common", proxies=through(sink), timeout=5)
    assert "403" in str(error.value)
    (attempt,) = sink.attempts(since)
    assert (attempt.method, attempt.target) == ("CONNECT", "login.microsoftonline.com:443")


def test_attempts_since_leaves_out_earlier_ones(sink, since):
    requests.get("http://before.invalid/", proxies=through(sink), timeout=5)
    middle = time.monotonic()
    requests.get("http://after.invalid/", proxies=through(sink), timeout=5)
    assert [a.target for a in sink.attempts(since)] == [
        "http://before.invalid/",
        "http://after.invalid/",
    ]
    assert [a.target for a in sink.attempts(middle)] == ["http://after.invalid/"]


@pytest.mark.parametrize("dropped", [BrokenPipeError, ConnectionResetError])
def test_sink_stays_quiet_when_a_client_hangs_up_before_its_refusal(sink, capsys, dropped):
    """Chromium closing a context mid-request must not print a traceback into the run."""
    try:
        raise dropped(32, "the client went away")
    except ConnectionError:
        sink._served.server.handle_error(None, ("127.0.0.1", 1))
    assert capsys.readouterr().err == ""


def test_sink_still_reports_its_own_errors(sink, capsys):
    try:
        raise RuntimeError("a bug in the sink")
    except RuntimeError:
        sink._served.server.handle_error(None, ("127.0.0.1", 1))
    assert "RuntimeError: a bug in the sink" in capsys.readouterr().err


def test_attempt_reads_as_method_target_and_source():
    attempt = EgressAttempt("odoo", "CONNECT", "accounts.google.com:443", 0.0)
    assert str(attempt) == "CONNECT accounts.google.com:443 (from odoo)"


def test_egress_failure_lists_each_attempt_and_points_at_the_mocks():
    message = egress_failure(
        ["GET https://login.microsoftonline.com/ (from the browser)", "CONNECT x:443 (from odoo)"]
    )
    assert message.startswith("This test reached for hosts that are not loopback;")
    assert "\n  - GET https://login.microsoftonline.com/ (from the browser)\n" in message
    assert "\n  - CONNECT x:443 (from odoo)\n" in message
    assert message.endswith("(fixtures/idp) instead of the real ones.")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8069/web",
        "http://localhost/",
        "https://localhost:8443/x",
        "http://[::1]:8069/",
        "ws://127.0.0.1:8072/websocket",
        "about:blank",
        "data:text/html,<h1>x</h1>",
        "blob:http://127.0.0.1:8069/5c3e",
        "chrome-extension://abcdef/background.js",
    ],
)
def test_loopback_and_local_schemes_stay_on_the_machine(url):
    assert is_loopback_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        "https://accounts.google.com/o/oauth2/auth",
        "http://127.0.0.1.nip.io/",
        "http://localhost.example.com/",
        "http://10.0.0.1:8069/",
        "http://0.0.0.0:8069/",
        "https://update.googleapis.com/service/update2",
    ],
)
def test_other_hosts_leave_the_machine(url):
    assert not is_loopback_url(url)


# -- the guard, without a browser -------------------------------------------------------------


class FakeContext:
    """What the guard needs of a Playwright context: ``on("request", handler)``."""

    def __init__(self) -> None:
        self.handlers = []

    def on(self, event: str, handler) -> None:
        assert event == "request"
        self.handlers.append(handler)

    def request(self, method: str, url: str) -> None:
        for handler in self.handlers:
            handler(type("Request", (), {"method": method, "url": url})())


def test_guard_counts_page_requests_off_the_machine_only():
    guard, context = NetworkGuard([]), FakeContext()
    guard.watch(context)
    context.request("GET", "http://127.0.0.1:8069/web/login")
    context.request("POST", "https://login.microsoftonline.com/common/oauth2/v2.0/token")
    context.request("GET", "data:image/png;base64,AAAA")
    assert guard.attempts() == [
        "POST https://login.microsoftonline.com/common/oauth2/v2.0/token (from the browser)"
    ]


def test_guard_counts_server_sink_attempts_from_its_start_only(sink):
    requests.get("http://earlier-test.invalid/", proxies=through(sink), timeout=5)
    guard = NetworkGuard([sink])
    assert guard.attempts() == []
    requests.get("http://this-test.invalid/", proxies=through(sink), timeout=5)
    assert guard.attempts() == ["GET http://this-test.invalid/ (from browser)"]


# -- the guard, with a real Chromium ----------------------------------------------------------

INNER_TESTS = '''
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

MICROSOFT = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"


class Local(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<!doctype html><title>local</title><h1>On this machine</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def local_page():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Local)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_loopback_only(page, local_page):
    page.goto(local_page)
    assert page.locator("h1").inner_text() == "On this machine"


def test_navigates_off_machine(page):
    try:
        page.goto("http://example.invalid/")
    except Exception:
        pass  # refused or not: the guard decides


def test_fetches_microsoft_from_loopback(page, local_page):
    page.goto(local_page)
    outcome = page.evaluate(
        "url => fetch(url).then(() => 'answered', () => 'refused')", MICROSOFT
    )
    assert outcome == "refused"


def test_background_traffic_is_not_the_tests_doing(page, local_page, browser_egress_sink):
    """What Chromium sends on its own reaches the same sink; no page of the test asked."""
    before = len(browser_egress_sink.attempts())
    proxy = {"http": browser_egress_sink.url}
    answer = requests.get("http://update.googleapis.com/service/update2", proxies=proxy)
    assert answer.status_code == 403
    page.goto(local_page)
    assert len(browser_egress_sink.attempts()) > before
'''


def _cases(report: Path) -> dict[str, ET.Element]:
    """Test name (without pytest-playwright's ``[chromium]``) -> its JUnit test case."""
    cases = ET.parse(report).getroot().iter("testcase")
    return {case.get("name").split("[")[0]: case for case in cases}


@pytest.fixture(scope="module")
def browser_run(tmp_path_factory) -> dict[str, ET.Element]:
    """One inner run of INNER_TESTS with the project's plugins and a real Chromium."""
    folder = tmp_path_factory.mktemp("guard")
    (folder / "pytest.ini").write_text("[pytest]\n")
    (folder / "conftest.py").write_text((PROJECT_ROOT / "conftest.py").read_text())
    (folder / "test_guard.py").write_text(INNER_TESTS)
    report = folder / "junit.xml"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env.pop(name, None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={report}"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if "No Chromium to drive" in run.stdout:
        pytest.skip("no Chromium on this machine")
    assert report.exists(), run.stdout + run.stderr
    return _cases(report)


def _problems(case: ET.Element) -> list[ET.Element]:
    return case.findall("failure") + case.findall("error")


def test_guard_passes_a_test_that_stays_on_loopback(browser_run):
    assert _problems(browser_run["test_loopback_only"]) == []


def test_guard_fails_a_test_that_navigates_off_the_machine(browser_run):
    problems = _problems(browser_run["test_navigates_off_machine"])
    assert len(problems) == 1
    text = problems[0].text
    assert "This test reached for hosts that are not loopback" in text
    assert "  - GET http://example.invalid/ (from the browser)" in text


def test_guard_fails_a_loopback_page_that_fetches_microsoft(browser_run):
    problems = _problems(browser_run["test_fetches_microsoft_from_loopback"])
    assert len(problems) == 1
    text = problems[0].text
    assert (
        "  - GET https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"
        " (from the browser)"
    ) in text
    assert "127.0.0.1" not in text.split("This test reached", 1)[1]


def test_guard_ignores_traffic_no_page_asked_for(browser_run):
    assert _problems(browser_run["test_background_traffic_is_not_the_tests_doing"]) == []


def test_video_uses_the_system_ffmpeg_where_playwright_has_none(tmp_path, monkeypatch):
    from fixtures.browser import ffmpeg_for_video

    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "ffmpeg").write_text("#!/bin/sh\n")
    (tools / "ffmpeg").chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "browsers"))

    ffmpeg_for_video()

    (linked,) = (tmp_path / "browsers").glob("ffmpeg-*/ffmpeg-linux")
    assert linked.resolve() == (tools / "ffmpeg").resolve()


def test_video_without_any_ffmpeg_says_what_to_install(tmp_path, monkeypatch):
    from fixtures.browser import ffmpeg_for_video
    from fixtures.errors import UsageError

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "browsers"))

    with pytest.raises(UsageError, match="playwright install ffmpeg"):
        ffmpeg_for_video()
