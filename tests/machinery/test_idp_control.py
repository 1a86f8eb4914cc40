"""The control API every mock identity provider shares: test data, fault injection, the
token question, and an exception inside the mock surfacing in the test."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from fixtures.idp.base import AppRegistration, MockIdpClient
from fixtures.idp.microsoft import MicrosoftIdentityPlatform
from fixtures.redact import fingerprint, secrets

pytest_plugins = ["pytester"]


def wait_until(condition, timeout: float = 5.0) -> None:
    """Wait for a condition another thread brings about (polled, bounded)."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        pause.wait(0.01)


# -- test data ----------------------------------------------------------------------------
def test_add_account_answers_the_derived_subject(microsoft_idp, http):
    answer = http.put(
        microsoft_idp.url + "/_mock/accounts/Max.Muster@Example.com",
        json={"password": "pw-max-muster", "name": "Max Muster"},
        timeout=10,
    )

    assert answer.status_code == 200
    assert answer.json() == {"ok": True, "subject": "sub-max-muster-at-example-com"}


def test_registering_an_app_again_replaces_it(outlook, microsoft_idp, mailbox):
    assert outlook.start().status_code == 200

    microsoft_idp.register_app(
        AppRegistration(client_id=outlook.app.client_id, redirect_uris=["http://elsewhere/"])
    )

    assert "AADSTS50011" in outlook.start().text


def test_bad_audience_is_refused_with_400(microsoft_idp, http):
    answer = http.put(
        microsoft_idp.url + "/_mock/apps/some-app",
        json={"redirect_uris": ["http://127.0.0.1/cb"], "audience": "Everybody"},
        timeout=10,
    )

    assert answer.status_code == 400
    assert answer.json()["error"].startswith("audience must be one of ['AzureADMultipleOrgs',")


def test_bad_fault_kind_is_refused_with_400(microsoft_idp, http):
    answer = http.post(
        microsoft_idp.url + "/_mock/faults",
        json={"endpoint": "token", "kind": "timeout"},
        timeout=10,
    )

    assert answer.status_code == 400
    assert answer.json() == {"error": "kind must be one of ('server_error', 'hang')"}


def test_client_raises_on_a_refused_control_call(microsoft_idp):
    with pytest.raises(AssertionError, match=r"control API refused POST /faults: .*kind must be"):
        microsoft_idp.inject("token", "explode")


# -- whose token is this ------------------------------------------------------------------
def test_whose_names_account_client_and_kind_without_the_token(
    outlook, mailbox, microsoft_idp, http
):
    token = outlook.redeem(outlook.connect(mailbox)).json()

    answer = http.post(
        microsoft_idp.url + "/_mock/introspect", json={"token": token["access_token"]}, timeout=10
    )

    assert answer.json() == {
        "active": True,
        "account": "postfach@example.com",
        "client_id": outlook.app.client_id,
        "grant_type": "authorization_code",
        "kind": "access",
    }
    assert token["access_token"] not in answer.text
    assert token["refresh_token"] not in answer.text


def test_whose_tells_a_rotated_refresh_token_is_no_longer_active(outlook, mailbox, microsoft_idp):
    old = outlook.redeem(outlook.connect(mailbox)).json()["refresh_token"]
    new = outlook.refresh(old).json()["refresh_token"]

    assert microsoft_idp.whose(old)["active"] is False
    assert microsoft_idp.whose(old)["kind"] == "refresh"
    assert microsoft_idp.whose(new)["active"] is True
    assert microsoft_idp.whose(new)["grant_type"] == "refresh_token"


def test_whose_knows_nothing_of_a_foreign_token(microsoft_idp):
    assert microsoft_idp.whose("a-token-from-somewhere-else") == {"active": False}


# -- faults -------------------------------------------------------------------------------
def test_server_error_answers_500_once_then_normally(outlook, microsoft_idp):
    microsoft_idp.inject("authorize", "server_error")

    first, second = outlook.start(), outlook.start()

    assert first.status_code == 500
    assert "Injected by howto-proof" in first.text
    assert second.status_code == 200
    assert [e.outcome for e in microsoft_idp.journal] == ["fault server_error", "sign-in page"]


def test_fault_count_says_how_many_requests_fail(outlook, microsoft_idp):
    microsoft_idp.inject("authorize", "server_error", count=2)

    assert [outlook.start().status_code for _ in range(3)] == [500, 500, 200]


def test_fault_hits_only_its_endpoint(outlook, mailbox, microsoft_idp):
    microsoft_idp.inject("token", "server_error")

    code = outlook.connect(mailbox)

    assert outlook.redeem(code).status_code == 500
    assert outlook.redeem(code).status_code == 200  # the fault came before the code was used


def test_hang_is_bounded_by_its_seconds(outlook, microsoft_idp):
    microsoft_idp.inject("authorize", "hang", seconds=0.3)

    started = time.monotonic()
    answer = outlook.start()
    took = time.monotonic() - started

    assert answer.status_code == 500
    assert 0.3 <= took < 5
    assert microsoft_idp.journal.expect("authorize").outcome == "fault hang"


def test_reset_releases_a_held_request(outlook, mailbox, microsoft_idp, microsoft_idp_server):
    code = outlook.connect(mailbox)
    microsoft_idp.inject("token", "hang", seconds=30)
    faults = microsoft_idp_server.state.faults

    with ThreadPoolExecutor(max_workers=1) as pool:
        started = time.monotonic()
        held = pool.submit(outlook.redeem, code)
        wait_until(lambda: faults[0].count == 0)  # the mock took the fault: the request is held
        assert not held.done()
        microsoft_idp.reset()
        answer = held.result(timeout=10)

    assert answer.status_code == 500
    assert time.monotonic() - started < 10


# -- an exception inside the mock ---------------------------------------------------------
@pytest.fixture
def own_server():
    """A server of its own, so a route can be added before its first request."""
    with MicrosoftIdentityPlatform() as server:
        yield server


def test_exception_inside_the_mock_is_kept_redacted(own_server):
    secret = "leaked-secret-" + fingerprint("own-server")
    secrets.add(secret)

    def boom():
        raise RuntimeError(f"the mock tripped over {secret}")

    own_server.app.add_url_rule("/boom", "boom", boom)
    client = MockIdpClient(own_server.url, own_server.title)

    answer = requests.get(own_server.url + "/boom", timeout=10)

    assert answer.status_code == 500
    assert answer.text == "mock identity provider crashed; see the test report"
    [kept] = client.errors()
    assert kept.startswith("Traceback (most recent call last):")
    assert f"RuntimeError: the mock tripped over <redacted {fingerprint(secret)}>" in kept
    assert secret not in kept
    assert client.journal.expect(path="/boom").outcome == "mock crashed"


def test_http_errors_are_answers_not_crashes(microsoft_idp, http):
    missing = http.get(microsoft_idp.url + "/nowhere", timeout=10)
    wrong_method = http.get(microsoft_idp.url + "/common/oauth2/v2.0/token", timeout=10)

    assert (missing.status_code, wrong_method.status_code) == (404, 405)
    assert microsoft_idp.errors() == []
    assert [e.outcome for e in microsoft_idp.journal] == ["http 404", "http 405"]


def test_fixture_fails_the_test_with_the_mocks_traceback(pytester):
    pytester.makeconftest('pytest_plugins = ["fixtures.idp.plugin"]')
    pytester.makepyfile(
        """
        import requests

        def test_something_that_makes_the_mock_crash(microsoft_idp, microsoft_idp_server):
            def boom():
                raise ZeroDivisionError("the mock divided by zero")

            microsoft_idp_server.app.add_url_rule("/boom", "boom", boom)
            assert requests.get(microsoft_idp.url + "/boom", timeout=10).status_code == 500

        def test_the_next_test_starts_clean(microsoft_idp):
            assert microsoft_idp.errors() == []
        """
    )

    # the outer run has pytest-playwright in charge already; the inner one needs no browser
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-p", "no:playwright")

    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_something_that_makes_the_mock_crash*",
            "Microsoft identity platform (mock) failed while serving this test:",
            "Traceback (most recent call last):",
            "*ZeroDivisionError: the mock divided by zero",
        ]
    )
