"""The journal of a mock identity provider: what each request was and what the mock made of
it, secrets only as fingerprints, and questions whose misses say what arrived instead."""

from __future__ import annotations

import re

import pytest

from fixtures.idp.base import AppRegistration
from fixtures.idp.plugin import new_account
from fixtures.redact import fingerprint


def test_token_request_is_recorded_with_what_the_mock_made_of_it(outlook, mailbox, microsoft_idp):
    outlook.redeem(outlook.connect(mailbox))

    entry = microsoft_idp.journal.expect("token", grant_type="authorization_code")

    assert entry.endpoint == "token"
    assert entry.method == "POST"
    assert entry.path == "/common/oauth2/v2.0/token"
    assert entry.status == 200
    assert entry.outcome == "token issued (authorization_code)"
    assert entry.account == "postfach@example.com"
    assert entry.params["client_id"] == outlook.app.client_id
    assert entry.params["redirect_uri"] == outlook.redirect_uri
    assert entry.params["scope"] == outlook.SCOPE


def test_each_step_of_the_flow_is_an_entry_in_order(outlook, mailbox, microsoft_idp):
    outlook.redeem(outlook.connect(mailbox))

    steps = [(e.seq, e.endpoint, e.method, e.status, e.outcome) for e in microsoft_idp.journal]

    assert steps == [
        (1, "authorize", "GET", 200, "sign-in page"),
        (2, "authorize", "POST", 200, "consent page"),
        (3, "authorize", "POST", 302, "code issued"),
        (4, "token", "POST", 200, "token issued (authorization_code)"),
    ]
    assert [e.account for e in microsoft_idp.journal] == [None, *["postfach@example.com"] * 3]


def test_refused_request_is_recorded_with_the_error(outlook, mailbox, microsoft_idp):
    outlook.redeem(outlook.connect(mailbox), client_secret="wrong-secret-value")

    entry = microsoft_idp.journal.expect("token")

    assert (entry.status, entry.outcome) == (401, "invalid_client")


def test_secrets_appear_only_as_fingerprints(outlook, mailbox, microsoft_idp, http):
    code = outlook.connect(mailbox)
    token = outlook.redeem(code).json()
    rotated = outlook.refresh(token["refresh_token"]).json()
    raw = {
        "password": mailbox.password,
        "client_secret": outlook.app.client_secret,
        "code": code,
        "refresh_token": token["refresh_token"],
    }

    text = http.get(microsoft_idp.url + "/_mock/journal", timeout=10).text

    for value in [*raw.values(), token["access_token"], rotated["refresh_token"]]:
        assert value not in text
    journal = microsoft_idp.journal
    assert journal.expect("authorize", action="signin").params["password"] == fingerprint(
        mailbox.password
    )
    assert journal.expect("token", grant_type="authorization_code").params == {
        "client_id": outlook.app.client_id,
        "client_secret": fingerprint(outlook.app.client_secret),
        "scope": outlook.SCOPE,
        "redirect_uri": outlook.redirect_uri,
        "grant_type": "authorization_code",
        "code": fingerprint(code),
    }
    refresh = journal.expect("token", grant_type="refresh_token")
    assert refresh.params["refresh_token"] == fingerprint(token["refresh_token"])
    assert re.fullmatch(r"sha256:[0-9a-f]{8}", refresh.params["client_secret"])


def test_google_access_token_in_the_query_is_fingerprinted(google_idp, http):
    app = google_idp.register_app(
        AppRegistration(
            client_id="journal.apps.googleusercontent.com",
            redirect_uris=["http://127.0.0.1:8069/auth_oauth/signin"],
        )
    )
    user = google_idp.add_account(new_account("erika@example.com", "Erika Mustermann"))
    params = {
        "response_type": "token",
        "client_id": app.client_id,
        "redirect_uri": app.redirect_uris[0],
        "scope": "openid email",
        "state": "{}",
    }
    authorize = google_idp.url + "/o/oauth2/auth"
    http.post(
        authorize,
        params=params,
        data={"action": "signin", "login": user.email, "password": user.password},
        timeout=10,
    )
    answer = http.post(
        authorize,
        params=params,
        data={"action": "consent", "decision": "accept"},
        allow_redirects=False,
        timeout=10,
    )
    token = answer.headers["Location"].split("access_token=")[1].split("&")[0]
    http.get(google_idp.url + "/oauth2/v3/userinfo", params={"access_token": token}, timeout=10)

    text = http.get(google_idp.url + "/_mock/journal", timeout=10).text

    assert token not in text
    entry = google_idp.journal.expect("userinfo")
    assert entry.params == {"access_token": fingerprint(token)}
    assert (entry.status, entry.outcome, entry.account) == (200, "userinfo", "erika@example.com")


def test_control_api_calls_are_not_recorded(microsoft_idp, outlook, mailbox):
    microsoft_idp.set_code_lifetime(30)
    microsoft_idp.whose("anything-at-all")

    assert len(microsoft_idp.journal) == 0


def test_reset_empties_the_journal(outlook, microsoft_idp):
    outlook.start()
    assert len(microsoft_idp.journal) == 1

    microsoft_idp.reset()

    assert list(microsoft_idp.journal) == []


def test_expect_returns_the_last_matching_entry(outlook, mailbox, microsoft_idp):
    outlook.connect(mailbox)
    assert outlook.start().status_code == 302  # signed in already: a code at once

    entry = microsoft_idp.journal.expect("authorize", outcome="code issued")

    assert entry.seq == len(microsoft_idp.journal)
    assert entry.method == "GET"
    assert len(microsoft_idp.journal.find("authorize", outcome="code issued")) == 2


def test_expect_matches_on_entry_fields_as_well_as_params(outlook, microsoft_idp):
    outlook.start()

    entry = microsoft_idp.journal.expect(
        "authorize", method="GET", status=200, response_mode="query"
    )

    assert entry.outcome == "sign-in page"


def test_expect_miss_lists_what_arrived_and_how_it_differs(outlook, mailbox, microsoft_idp):
    outlook.redeem(outlook.connect(mailbox))

    with pytest.raises(AssertionError) as miss:
        microsoft_idp.journal.expect("token", grant_type="refresh_token")

    message = str(miss.value)
    assert message.startswith(
        "No token with grant_type='refresh_token'. "
        "Microsoft identity platform (mock) saw 4 request(s):"
    )
    assert "[4] POST /common/oauth2/v2.0/token -> 200 token issued (authorization_code)" in (
        message
    )
    assert "differs: grant_type is 'authorization_code', expected 'refresh_token'" in message
    assert "differs: endpoint is 'authorize', not 'token'" in message
    assert message.count("differs:") == 4


def test_expect_miss_on_an_empty_journal_says_nothing_arrived(microsoft_idp):
    with pytest.raises(
        AssertionError,
        match=r"^No token with grant_type='authorization_code': "
        r"Microsoft identity platform \(mock\) saw no request at all\.$",
    ):
        microsoft_idp.journal.expect("token", grant_type="authorization_code")


def test_expect_none_passes_when_nothing_matches(outlook, microsoft_idp):
    outlook.start()

    assert microsoft_idp.journal.expect_none("token") is None


def test_expect_none_fails_listing_the_unwanted_requests(outlook, mailbox, microsoft_idp):
    outlook.redeem(outlook.connect(mailbox))

    with pytest.raises(AssertionError) as unwanted:
        microsoft_idp.journal.expect_none("token")

    message = str(unwanted.value)
    assert message.startswith(
        "Microsoft identity platform (mock) saw requests it should not have:\n"
    )
    assert "[4] POST /common/oauth2/v2.0/token -> 200 token issued (authorization_code)" in (
        message
    )
    assert "/authorize" not in message


def test_journals_of_two_apps_tell_clients_apart(outlook_for, microsoft_idp):
    first, second = outlook_for(), outlook_for()
    first.start()
    second.start()

    assert microsoft_idp.journal.expect(client_id=second.app.client_id).seq == 2
    assert microsoft_idp.journal.expect(client_id=first.app.client_id).seq == 1
