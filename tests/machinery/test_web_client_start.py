"""The web client's start, without an Odoo: the checks set it off and go on reading Odoo
while it loads, and whatever looks at the page next waits until it is there.

The stand-in on loopback holds its answer to ``/odoo`` until the test lets it go, so what
is under test is the order of events, not a time.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from fixtures.howto.labels import UiText
from fixtures.loopback import ServedInThread
from fixtures.odoo.series import adapter_for
from fixtures.pages.backend import Backend


class HeldOdoo(ThreadingHTTPServer):
    """Answers ``/odoo`` with a page once ``release`` is set, and says when it has."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.release, self.answered = threading.Event(), threading.Event()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.release.wait(timeout=30)
        body = (
            b"<html><body><p>the web client</p>"
            b"<nav class='o_navbar_apps_menu'><button>apps</button></nav>"
            b"<span class='o_menu_brand'>Lager</span><div class='o_action_manager'>"
            b"<div class='o_view_controller'>the app's first screen</div></div></body></html>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.answered.set()

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def held_odoo():
    server = HeldOdoo()
    with ServedInThread(server, "held-odoo") as served:
        yield served
        server.release.set()


def test_the_start_is_set_off_without_waiting_for_odoo_and_looked_at_once_there(page, held_odoo):
    database = SimpleNamespace(url=held_odoo.url, adapter=adapter_for("18.0"))
    backend = Backend(page, database, vocabulary=None)

    backend.open_web_client()

    assert not held_odoo.server.answered.is_set(), "the start waited for Odoo's answer"
    held_odoo.server.release.set()
    assert backend.is_open(debug=False), "the page looked at before the start was there"
    assert page.url == f"{held_odoo.url}/odoo"
    assert page.locator("p").inner_text() == "the web client"


def test_a_load_of_its_own_waits_for_a_start_on_its_way_not_cut_short_by_it(page, held_odoo):
    database = SimpleNamespace(url=held_odoo.url, adapter=adapter_for("17.0"))
    backend = Backend(page, database, vocabulary=None)
    backend.open_web_client()
    held_odoo.server.release.set()

    backend.home(debug=True)  # in the developer mode: a load of its own

    assert page.url == f"{held_odoo.url}/web?debug=1"
    assert backend.is_open(debug=True)
    assert not backend.is_open(debug=False)


#: The stand-in's menus: what the vocabulary says of Inventory's.
INVENTORY = UiText("menu", "Lager", "Inventory", "stock.menu_stock_root")
MENUS = SimpleNamespace(
    menu_id={"stock.menu_stock_root": 118}.get,
    menu_path={"stock.menu_stock_root": (INVENTORY,)}.get,
)


@pytest.mark.parametrize(
    ("series", "debug", "url"),
    [
        ("18.0", False, "/odoo?menu_id=118"),
        ("19.0", True, "/odoo?menu_id=118&debug=1"),
        ("17.0", True, "/web?debug=1#menu_id=118"),
    ],
)
def test_the_start_goes_to_the_first_walk_s_menu_by_odoo_s_own_link(
    page, held_odoo, series, debug, url
):
    database = SimpleNamespace(url=held_odoo.url, adapter=adapter_for(series))
    backend = Backend(page, database, vocabulary=MENUS)

    backend.open_web_client(debug=debug, menu=INVENTORY.key)

    assert not held_odoo.server.answered.is_set(), "the start waited for Odoo's answer"
    held_odoo.server.release.set()
    assert backend.in_app(INVENTORY, debug=debug), "not looked at in the app"
    assert page.url == held_odoo.url + url


def test_a_start_at_a_menu_the_database_lacks_opens_the_start_page(page, held_odoo):
    database = SimpleNamespace(url=held_odoo.url, adapter=adapter_for("18.0"))
    backend = Backend(page, database, vocabulary=MENUS)

    backend.open_web_client(menu="stock.menu_stock_config_settings")
    held_odoo.server.release.set()

    assert backend.is_open(debug=False)
    assert page.url == f"{held_odoo.url}/odoo"
