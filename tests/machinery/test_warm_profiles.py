"""Warm profiles, without an Odoo: a page handed out keeps what a browser caches (a script
served for an hour is not fetched again), in this run and the next, and nothing a test
before it stored (cookies, local storage); a profile another run uses is left to it.

The stand-in on loopback serves a page that reads its cookie and local storage before it
sets them, and a script it counts.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from fixtures.browser import WarmProfiles, warm_profiles_apply
from fixtures.loopback import ServedInThread

PAGE = b"""<html><body><script>
window.before = {storage: localStorage.getItem("k"), session: sessionStorage.getItem("k"),
                 cookie: document.cookie};
localStorage.setItem("k", "set by the test before");
sessionStorage.setItem("k", "set in this tab before");
document.cookie = "session_id=left-behind; path=/";
</script><script src="/script.js"></script></body></html>"""


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.scripts = 0
        self.lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/script.js":
            with self.server.lock:
                self.server.scripts += 1
            self.answer(b"window.scripted = true;", "text/javascript",
                        ("Cache-Control", "public, max-age=3600"))  # fmt: skip
        else:
            self.answer(PAGE, "text/html")

    def answer(self, body: bytes, kind: str, *headers: tuple[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def site():
    with ServedInThread(Site(), "site") as served:
        yield served


#: What the page finds where no test was before it.
NOTHING = {"storage": None, "session": None, "cookie": ""}


def visit(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_function("window.scripted === true")
    return page.evaluate("window.before")


@pytest.fixture
def profiles(pytestconfig, browser_type, browser_type_launch_args, browser_name, tmp_path):
    """Warm profiles kept in a folder of the test's own (the suite's are kept in the user's
    cache), closed after the test."""
    if warm_profiles_apply(pytestconfig, browser_name, None):
        pytest.skip("warm profiles are not used in this run (another browser or artifacts)")
    opened = []

    def make():
        opened.append(WarmProfiles(browser_type, browser_type_launch_args, kept=tmp_path))
        return opened[-1]

    yield make
    for each in opened:
        each.close()


def test_a_page_keeps_the_cache_and_nothing_the_test_before_stored(
    profiles, browser_context_args, site
):
    warm = profiles()
    first = warm.page(browser_context_args)
    assert visit(first, site.url + "/") == NOTHING
    assert visit(first, site.url + "/") == {
        "storage": "set by the test before",
        "session": "set in this tab before",
        "cookie": "session_id=left-behind",
    }, "within one test the site keeps what it stored"
    other = first.context.new_page()  # a test's own second tab

    second = warm.page(browser_context_args)

    assert second is first, "the tab of the test before is handed out again"
    assert second.url == "about:blank", "the tab is handed out blank"
    assert other.is_closed(), "the other pages of the test before are closed"
    assert visit(second, site.url + "/") == NOTHING, (
        "a site's cookies and storage (the tab's session storage too) do not outlive the "
        "test that made them"
    )
    assert site.server.scripts == 1, "the script was fetched again: the cache was not kept"


def test_a_tab_that_cannot_be_left_blank_is_replaced(profiles, browser_context_args, site):
    warm = profiles()
    first = warm.page(browser_context_args)
    visit(first, site.url + "/")
    first.close()

    second = warm.page(browser_context_args)

    assert second is not first, "a closed tab is not handed out"
    assert not second.is_closed()
    assert visit(second, site.url + "/") == NOTHING


def test_the_next_run_starts_from_the_kept_cache_with_no_site_data(
    profiles, browser_context_args, site
):
    run = profiles()
    visit(run.page(browser_context_args), site.url + "/")
    run.close()

    page = profiles().page(browser_context_args)

    assert visit(page, site.url + "/") == NOTHING, (
        "a kept profile holds no cookie or storage of the run before"
    )
    assert site.server.scripts == 1, "the next run fetched the script again: no cache kept"


def test_a_profile_in_use_by_another_run_is_left_to_it(profiles, browser_context_args, site):
    first, second = profiles(), profiles()
    visit(first.page(browser_context_args), site.url + "/")

    page = second.page(browser_context_args)

    assert visit(page, site.url + "/") == NOTHING
    assert site.server.scripts == 2, "the second run has a profile of its own"
    assert len({p.context for p in (page, first.page(browser_context_args))}) == 2


@pytest.mark.parametrize(
    ("browser", "options", "connected", "why"),
    [
        ("chromium", {}, None, ""),
        ("firefox", {}, None, "--browser firefox"),
        ("chromium", {}, {"ws_endpoint": "ws://127.0.0.1:1"}, "a browser connected to"),
        ("chromium", {"--tracing": "retain-on-failure"}, None, "--tracing retain-on-failure"),
        ("chromium", {"--screenshot": "only-on-failure"}, None, "--screenshot only-on-failure"),
        ("chromium", {"--video": "on"}, None, "--video on"),
    ],
)
def test_warm_profiles_give_way_to_what_pytest_playwright_does_itself(
    browser, options, connected, why
):
    config = SimpleNamespace(getoption=lambda name, default=None: options.get(name, "off"))
    reason = warm_profiles_apply(config, browser, connected)
    assert reason.startswith(why) if why else reason == ""
