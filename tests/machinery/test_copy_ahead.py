"""Copies made ahead for the test to come, of the template it takes, without an Odoo.

The copy pool's thread copies a template while the test before runs; a copy nobody takes
costs the running test as much as one it uses (seconds of PostgreSQL and Odoo work on two
cores). The pool's bookkeeping is proven here with its copying and dropping recorded
instead of sent to Odoo (they are proven against a real Odoo by every e2e test); which
template the next test takes, with stand-in test items.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from fixtures.odoo.databases import MODULES, CopyPool, Database
from fixtures.odoo.plugin import NEXT_TEST, UNKNOWN, next_template

#: Nothing listens there: the pool's thread only records what it is asked to do.
NOWHERE = "http://127.0.0.1:9"


class RecordedPool(CopyPool):
    """A pool whose thread records the copies and drops it is asked for."""

    def __init__(self):
        self.made: list[str] = []
        self.dropped: list[str] = []
        self.lock = threading.Lock()
        server = SimpleNamespace(
            url=NOWHERE, master_password="-", version=SimpleNamespace(series="18.0")
        )
        template = SimpleNamespace(name="howto_proof_tpl")
        super().__init__(server, template)

    def _copy(self, name: str):
        with self.lock:
            self.made.append(name)
        return Database(name, NOWHERE)

    def _drop(self, name: str) -> None:
        with self.lock:
            self.dropped.append(name)


@pytest.fixture
def pool():
    made = RecordedPool()
    yield made
    made.close()


def test_a_copy_not_asked_ahead_is_not_made(pool):
    first = pool.take(ahead=False)
    pool.close()  # the thread does what it was asked, then stops
    assert pool.made == [first.name], "one test, one copy: nothing made for nobody"
    assert pool.dropped == []


def test_a_copy_asked_ahead_is_made_and_dropped_if_nobody_takes_it(pool):
    first = pool.take(ahead=True)
    pool.close()
    assert pool.made[0] == first.name
    assert len(pool.made) == 2
    assert pool.dropped == pool.made[1:], "the copy made ahead is dropped at the end"


def test_a_test_after_one_that_made_none_ahead_gets_its_own(pool):
    first = pool.take(ahead=False)
    second = pool.take(ahead=False)
    pool.give_back(first)
    pool.close()
    assert [first.name, second.name] == pool.made
    assert pool.dropped == [first.name]


def test_a_peeked_copy_is_the_next_one_taken_and_makes_none_ahead_by_itself(pool):
    peeked = pool.peek()
    taken = pool.take(ahead=False)
    pool.close()
    assert taken is peeked
    assert pool.made == [peeked.name]


def test_prepare_asks_for_one_copy_however_often_it_is_called(pool):
    pool.take(ahead=False)
    pool.prepare()
    pool.prepare()
    second = pool.take(ahead=False)
    pool.close()
    assert pool.made == [pool.made[0], second.name]


# -- which template the next test takes a copy of --------------------------------------------
class Item:
    """What next_template reads of a pytest item: its markers, fixtures and stash."""

    def __init__(self, *marks, fixtures=("odoo_db",)):
        self.marks = {mark.name: mark for mark in marks}
        self.fixturenames = list(fixtures)
        self.stash = pytest.Stash()

    def get_closest_marker(self, name):
        return self.marks.get(name)

    def then(self, following: Item | None) -> Item:
        self.stash[NEXT_TEST] = following
        return self


class Databases:
    """Derives modules from app names as a catalogue would (stock for 'Lager'), in the
    languages whose default catalogue the run has opened."""

    APPS = {"Lager": ("stock",), "Verkauf": ("sale_management",), "Kontakte": ("contacts",)}

    def __init__(self, lang=None, opened=("de_DE", "en_US")):
        self.settings = SimpleNamespace(lang=lang)
        self.opened = opened

    def derive_known(self, apps, named, lang):
        if lang not in self.opened:
            return None
        return tuple(module for app in apps for module in self.APPS[app]) + tuple(named)


GERMAN = pytest.mark.odoo_lang("de_DE").mark
STOCK = (*MODULES, "stock")


def stock_howto(*marks) -> Item:
    return Item(GERMAN, pytest.mark.odoo_modules(apps=("Lager",)).mark, *marks)


@pytest.mark.parametrize(
    ("following", "template", "why"),
    [
        (stock_howto(), ("de_DE", STOCK), "the next how-to needs the same modules"),
        (Item(GERMAN, pytest.mark.odoo_modules("stock").mark), ("de_DE", STOCK), "named"),
        (
            Item(GERMAN, pytest.mark.odoo_modules(apps=("Verkauf",)).mark),
            ("de_DE", (*MODULES, "sale_management")),
            "other apps: another template, made ahead too",
        ),
        (
            Item(pytest.mark.odoo_modules(apps=("Lager",)).mark),
            ("en_US", STOCK),
            "another language",
        ),
        (Item(GERMAN), ("de_DE", MODULES), "the default modules"),
        (Item(fixtures=("tmp_path",)), None, "a test without an Odoo database"),
        (None, None, "the last test of the run"),
    ],
)
def test_the_next_test_s_template_is_told_by_its_markers(following, template, why):
    current = stock_howto().then(following)
    assert next_template(current, Databases()) == template, why


def test_a_template_that_only_a_database_not_opened_yet_could_tell_is_not_told():
    """Deriving French modules needs the French default template: the next test's own."""
    following = Item(
        pytest.mark.odoo_lang("fr_FR").mark, pytest.mark.odoo_modules(apps=("Lager",)).mark
    )
    assert next_template(stock_howto().then(following), Databases()) is None


def test_where_the_next_test_is_not_known_a_copy_is_made_ahead():
    """pytest tells its hooks the next test; a runner that does not gets the copy ahead."""
    assert next_template(stock_howto(), Databases()) is UNKNOWN


def test_the_language_given_on_the_command_line_is_every_test_s():
    current = stock_howto().then(Item(pytest.mark.odoo_modules(apps=("Lager",)).mark))
    assert next_template(current, Databases(lang="de_DE")) == ("de_DE", STOCK)


def test_a_test_to_come_gets_its_copy_from_a_pool_that_made_none_ahead(pool):
    """A A B A: the second A made no copy ahead (B came next); B asks A's pool for one."""
    from fixtures.odoo.plugin import Databases as RunDatabases

    server = SimpleNamespace(url=NOWHERE, version=SimpleNamespace(series="18.0"))
    databases = RunDatabases(server, SimpleNamespace(rebuild_template=False), None, print)
    databases.pools[("de_DE", STOCK)] = pool
    pool.take(ahead=False)

    databases.prepare("de_DE", STOCK)
    pool.close()

    assert len(pool.made) == 2, "no copy was made for the test to come"


# -- the next test's template, told from what was kept of the default template ----------------
class StandInOdoo:
    """What the default template's copy answers over odoorpc: its menus (Inventory, not
    installed: no menu) and its modules; every call is counted."""

    def __init__(self):
        self.calls = []

    def execute_kw(self, model, method, args, kwargs):
        self.calls.append((model, method))
        if model == "ir.ui.menu":
            return [{"id": 1, "name": "Kontakte", "parent_id": False, "groups_id": []}]
        if model == "ir.model.data":
            return [{"module": "contacts", "name": "menu_contacts", "res_id": 1}]
        return [
            {"id": 1, "name": "contacts", "shortdesc": "Kontakte", "application": True,
             "state": "installed"},
            {"id": 2, "name": "stock", "shortdesc": "Lager", "application": True,
             "state": "uninstalled"},
        ]  # fmt: skip


class OpenedPool:
    """A default template's pool, as Databases.pool hands it out: a copy held ready."""

    def __init__(self, odoo):
        self.opened = 0
        self.odoo = odoo

    def peek(self):
        self.opened += 1
        return SimpleNamespace(admin=self.odoo)


def run_databases(monkeypatch, tmp_path, odoo, rebuild=False, there=True):
    """The run's Databases on a server whose default German template is ``there`` (its
    database manager lists it), with what is kept on disk in ``tmp_path``."""
    from fixtures.odoo import memo as memo_module
    from fixtures.odoo.databases import TemplateSpec
    from fixtures.odoo.plugin import Databases as RunDatabases

    monkeypatch.setattr(memo_module, "STATE_HOME", tmp_path)
    server = SimpleNamespace(url=NOWHERE, version=SimpleNamespace(series="18.0", full="18.0-x"))
    databases = RunDatabases(server, SimpleNamespace(rebuild_template=rebuild), None, print)
    default = TemplateSpec("18.0", "de_DE", MODULES).name
    databases._listed = {default} if there else set()
    pool = OpenedPool(odoo)
    monkeypatch.setattr(databases, "pool", lambda lang, modules=MODULES: pool)
    return databases, pool


def test_the_next_test_s_template_is_told_from_what_the_last_run_kept(monkeypatch, tmp_path):
    odoo = StandInOdoo()
    last_run, _ = run_databases(monkeypatch, tmp_path, odoo)
    assert last_run.derive(("Lager",), (), "de_DE") == ("stock",)  # a test's own: may open
    asked = len(odoo.calls)

    databases, pool = run_databases(monkeypatch, tmp_path, odoo)

    assert databases.derive_known(("Lager",), (), "de_DE") == ("stock",)
    assert pool.opened == 0, "a copy of the default template was opened to tell"
    assert len(odoo.calls) == asked, "Odoo was asked again"


def test_what_was_not_kept_is_not_told_and_opens_nothing(monkeypatch, tmp_path):
    databases, pool = run_databases(monkeypatch, tmp_path, StandInOdoo())

    assert databases.derive_known(("Lager",), (), "de_DE") is None
    assert pool.opened == 0, "the test before would wait for a copy of another template"
    assert databases.derive(("Lager",), (), "de_DE") == ("stock",), "the test's own is told"
    assert pool.opened == 1


@pytest.mark.parametrize(
    ("rebuild", "there", "why"),
    [(True, True, "--rebuild-template: built anew this run"), (False, False, "not built yet")],
)
def test_what_was_kept_of_a_template_not_there_as_it_was_is_not_used(
    monkeypatch, tmp_path, rebuild, there, why
):
    odoo = StandInOdoo()
    last_run, _ = run_databases(monkeypatch, tmp_path, odoo)
    last_run.derive(("Lager",), (), "de_DE")

    databases, pool = run_databases(monkeypatch, tmp_path, odoo, rebuild=rebuild, there=there)

    assert databases.derive_known(("Lager",), (), "de_DE") is None, why
    assert databases.derive(("Lager",), (), "de_DE") == ("stock",)
    assert pool.opened == 1, why


def test_the_copies_of_runs_that_died_are_dropped_before_the_first_copy_made_ahead():
    """The first test may ask for the next test's copy before its own pool opens."""
    from fixtures.odoo.plugin import Databases as RunDatabases

    server = SimpleNamespace(url=NOWHERE, version=SimpleNamespace(series="18.0"))
    databases = RunDatabases(server, SimpleNamespace(rebuild_template=False), None, print)
    swept = []
    databases.templates = SimpleNamespace(drop_stale_copies=lambda: swept.append(1))

    databases.prepare("de_DE", STOCK)
    databases.prepare("en_US", STOCK)

    assert swept == [1], "swept before the first copy, and only once"
