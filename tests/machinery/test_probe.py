"""The readiness probe: one HTTP call to Odoo's version route, one clear answer for each way
it can go wrong; and the wait loop around it, on a fake clock (no sleeps)."""

from __future__ import annotations

import pytest
import requests
import responses

from fixtures.odoo import probe as probe_module
from fixtures.odoo.probe import VERSION_ROUTE, NotReady, OdooVersion, probe, wait_until_ready

URL = "http://127.0.0.1:8069"
ENDPOINT = URL + VERSION_ROUTE
#: What Odoo 18 answers on /web/webclient/version_info (taken from a running one).
ODOO_18 = {
    "jsonrpc": "2.0",
    "id": None,
    "result": {
        "server_version": "18.0-20250925",
        "server_version_info": [18, 0, 0, "final", 0, ""],
        "server_serie": "18.0",
        "protocol_version": 1,
    },
}


@pytest.fixture
def http():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def clock(monkeypatch):
    """The probe module's monotonic clock, moved on by the watch instead of by time."""

    class Clock:
        now = 1000.0

        def watch(self, seconds: float) -> None:
            self.now += seconds

    fake = Clock()
    monkeypatch.setattr(probe_module.time, "monotonic", lambda: fake.now)
    return fake


def test_nothing_listening_is_told_as_such(http):
    http.post(ENDPOINT, body=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(NotReady) as error:
        probe(URL)
    assert str(error.value) == f"nothing answers at {URL}: is Odoo running, and on that port?"


@pytest.mark.parametrize(
    "timeout", [requests.exceptions.ReadTimeout, requests.exceptions.ConnectTimeout]
)
def test_timeout_names_the_seconds_waited(http, timeout):
    http.post(ENDPOINT, body=timeout("slow"))
    with pytest.raises(NotReady) as error:
        probe(URL, timeout=2.5)
    assert str(error.value) == f"{URL} did not answer within 2.5 s."


def test_http_error_names_the_status(http):
    http.post(ENDPOINT, status=502, body="Bad Gateway")
    with pytest.raises(NotReady) as error:
        probe(URL)
    assert str(error.value) == (f"{URL} answered HTTP 502 to {VERSION_ROUTE}; an Odoo answers 200.")


@pytest.mark.parametrize(
    "answer",
    [
        {"body": "<html>Welcome to nginx!</html>"},
        {"json": {"jsonrpc": "2.0", "id": None, "result": {"protocol_version": 1}}},
        {"json": {"jsonrpc": "2.0", "id": None, "error": {"code": 404}}},
        {"json": ["not", "a", "dict"]},
        {"json": {"result": {"server_version": "18.0", "server_version_info": None}}},
    ],
    ids=["html", "no-server-version", "json-rpc-error", "list", "null-version-info"],
)
def test_answer_not_like_odoo(http, answer):
    http.post(ENDPOINT, status=200, **answer)
    with pytest.raises(NotReady) as error:
        probe(URL)
    assert str(error.value) == (
        f"{URL} answered, but not like an Odoo: {VERSION_ROUTE} gave no server version."
    )


def test_odoo_answer_gives_series_and_full_version(http):
    http.post(ENDPOINT, json=ODOO_18)
    version = probe(URL + "/")
    assert version == OdooVersion(series="18.0", full="18.0-20250925")
    assert version.major == 18
    assert http.calls[0].request.url == ENDPOINT


def test_probe_is_a_json_rpc_call(http):
    http.post(
        ENDPOINT,
        json=ODOO_18,
        match=[
            responses.matchers.json_params_matcher(
                {"jsonrpc": "2.0", "method": "call", "params": {}}
            )
        ],
    )
    assert probe(URL).series == "18.0"


# -- wait_until_ready -------------------------------------------------------------------------


def test_wait_returns_once_odoo_answers_after_failures(http, clock):
    http.post(ENDPOINT, body=requests.exceptions.ConnectionError("refused"))
    http.post(ENDPOINT, status=502)
    http.post(ENDPOINT, json=ODOO_18)
    waits: list[float] = []

    def watch(seconds: float) -> None:
        waits.append(seconds)
        clock.watch(seconds)

    version = wait_until_ready(URL, timeout=10, watch=watch, interval=0.5)
    assert version.full == "18.0-20250925"
    assert len(http.calls) == 3
    assert waits == [0.5, 0.5]


def test_wait_gives_up_after_timeout_with_the_last_answer(http, clock):
    http.post(ENDPOINT, body=requests.exceptions.ConnectionError("refused"))
    http.post(ENDPOINT, status=503)  # repeats from here on
    with pytest.raises(NotReady) as error:
        wait_until_ready(URL, timeout=1, watch=clock.watch, interval=0.25)
    assert str(error.value) == (
        f"Odoo at {URL} was not ready after 1 s. Last answer: {URL} answered HTTP 503 to "
        f"{VERSION_ROUTE}; an Odoo answers 200."
    )
    assert len(http.calls) == 5  # at 0, 0.25, 0.5, 0.75 and 1.0 s


def test_wait_stops_at_once_when_the_watch_gives_a_reason(http, clock):
    http.post(ENDPOINT, body=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(NotReady) as error:
        wait_until_ready(URL, timeout=120, watch=lambda seconds: "odoo-bin exited with code 1.")
    assert str(error.value) == "odoo-bin exited with code 1."
    assert len(http.calls) == 1
    assert clock.now == 1000.0


def test_wait_probes_with_no_longer_timeout_than_it_has(http, clock):
    http.post(ENDPOINT, body=requests.exceptions.ReadTimeout("slow"))
    with pytest.raises(NotReady) as error:
        wait_until_ready(URL, timeout=0.5, watch=clock.watch, interval=0.5)
    assert str(error.value).endswith(f"Last answer: {URL} did not answer within 0.5 s.")
    assert http.calls[0].request.req_kwargs["timeout"] == 0.5
