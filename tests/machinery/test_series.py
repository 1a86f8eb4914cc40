"""The series adapters: which web client a series speaks, chosen by the series a target
reports; nothing else in the suite tests a version number."""

from __future__ import annotations

import pytest

from fixtures.odoo.series import UnknownSeries, adapter_for
from fixtures.pages.backend import in_mode, same_document


@pytest.mark.parametrize(
    ("series", "url", "record"),
    [
        ("17.0", "http://h/web#id=7&cids=1&menu_id=4&action=86&model=fetchmail.server&view_type=form",
         ("fetchmail.server", 7)),
        ("17.0", "http://h/web?#model=ir.mail_server&id=12", ("ir.mail_server", 12)),
        ("18.0", "http://h/odoo/fetchmail.server/7", ("fetchmail.server", 7)),
        ("18.0", "http://h/odoo/action-mail.action_email_server_tree/7?debug=1", ("", 7)),
        ("18.0", "http://h/odoo/users/2", ("", 2)),
        ("19.0", "http://h/odoo/ir.mail_server/3", ("ir.mail_server", 3)),
        ("18.0", "http://h/odoo/settings", None),
    ],
)  # fmt: skip
def test_each_series_reads_the_record_a_web_client_url_shows(series, url, record):
    assert adapter_for(series).record_in(url) == record


@pytest.mark.parametrize("series", ["17.0", "18.0", "19.0"])
def test_a_record_url_a_series_writes_is_one_it_reads_and_matches(series):
    adapter = adapter_for(series)

    url = "http://h" + adapter.record_url("fetchmail.server", 42)

    assert adapter.record_in(url) == ("fetchmail.server", 42)
    assert adapter.record_url_pattern("fetchmail.server", 42).search(url)
    assert not adapter.record_url_pattern("fetchmail.server", 4).search(url)
    assert not adapter.record_url_pattern("ir.mail_server").search(url)


def test_the_17_router_puts_the_fragments_keys_in_any_order():
    pattern = adapter_for("17.0").record_url_pattern("fetchmail.server", 7)

    assert pattern.search("http://h/web?debug=1#cids=1&model=fetchmail.server&id=7")
    assert not pattern.search("http://h/web#id=70&model=fetchmail.server")


@pytest.mark.parametrize(
    ("series", "new_page", "groups", "list_view", "timeout"),
    [
        ("17.0", True, "groups_id", "tree", 10),
        ("18.0", True, "groups_id", "list", 10),
        ("19.0", False, "group_ids", "list", 5),
    ],
)
def test_what_differs_between_series(series, new_page, groups, list_view, timeout):
    adapter = adapter_for(series)

    assert adapter.name == series
    assert (adapter.outlook_in_new_page, adapter.groups_field, adapter.list_view) == (
        new_page,
        groups,
        list_view,
    )
    assert adapter.outlook_token_timeout == timeout


def test_the_outlook_scopes_of_19_ask_for_openid():
    scope = "https://outlook.office.com/SMTP.Send"

    assert adapter_for("18.0").outlook_scope(scope) == f"offline_access {scope}"
    assert adapter_for("19.0").outlook_scope(scope).startswith("openid email offline_access")


def test_a_series_without_an_adapter_says_which_file_to_add():
    with pytest.raises(UnknownSeries) as caught:
        adapter_for("20.0")

    assert "has no adapter for Odoo 20.0" in str(caught.value)
    assert "fixtures/odoo/series/v20.py" in str(caught.value)


@pytest.mark.parametrize(
    ("url", "debug", "expected"),
    [
        ("http://h/odoo/settings#general_settings", True,
         "http://h/odoo/settings?debug=1#general_settings"),
        ("http://h/odoo/action-18?debug=1", False, "http://h/odoo/action-18"),
        ("http://h/odoo/action-18?debug=1", True, "http://h/odoo/action-18?debug=1"),
        ("http://h/web?debug=1&cids=1#action=86&menu_id=4", False,
         "http://h/web?cids=1#action=86&menu_id=4"),
        ("http://h/web#action=86&menu_id=4", True, "http://h/web?debug=1#action=86&menu_id=4"),
    ],
)  # fmt: skip
def test_the_developer_mode_is_turned_on_and_off_in_the_url_of_the_same_screen(
    url, debug, expected
):
    assert in_mode(url, debug) == expected


@pytest.mark.parametrize(
    ("here", "link", "stays"),
    [
        ("http://h/web#action=86&menu_id=4", "http://h/web#menu_id=7", True),
        ("http://h/web#menu_id=7", "http://h/web#menu_id=7", True),
        ("http://h/web?debug=1#action=86", "http://h/web#menu_id=7", False),
        ("http://h/odoo/action-86", "http://h/odoo?menu_id=7", False),
        ("http://h/odoo?menu_id=7", "http://h/odoo?menu_id=7", False),
        ("about:blank", "http://h/web#menu_id=7", False),
    ],
)  # fmt: skip
def test_a_link_goes_by_a_blank_page_only_where_it_would_stay_in_it(here, link, stays):
    """17.0's links differ from the page on show after their "#" only: the browser would
    tell the web client's router and load nothing."""
    assert same_document(here, link) is stays
