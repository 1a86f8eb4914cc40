"""What the mock identity provider tests share: an HTTP client that talks to loopback
directly, Odoo's side of the Outlook flow (as ``microsoft_outlook`` sends it, see
notes/outlook.md), and a landing page for redirects in the browser."""

from __future__ import annotations

import json
import secrets as random
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from fixtures.idp.base import Account, AppRegistration
from fixtures.idp.plugin import new_account
from fixtures.loopback import ServedInThread


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


class OdooOutlook:
    """Odoo's microsoft_outlook against the mock: the authorize URL, the sign-in and
    consent a user does, the token requests Odoo's server sends."""

    SCOPE = "offline_access https://outlook.office.com/IMAP.AccessAsUser.All"
    #: Odoo's callback; never contacted here (redirects are read, not followed).
    CONFIRM_URI = "http://127.0.0.1:8069/microsoft_outlook/confirm"
    #: Odoo's state: JSON with default separators, to come back byte for byte.
    STATE = json.dumps(
        {"model": "fetchmail.server", "id": 1, "csrf_token": "8f48b9ee0c1d2e3f4a5b6c7d8e9f553a"}
    )

    def __init__(self, http: requests.Session, endpoint: str, app: AppRegistration):
        self.http, self.endpoint, self.app = http, endpoint, app
        self.redirect_uri = app.redirect_uris[0]

    def authorize_url(self, **changes: str) -> str:
        request = requests.Request(
            "GET", self.endpoint + "authorize", params=self.authorize_params(**changes)
        )
        return request.prepare().url

    def authorize_params(self, **changes: str) -> dict[str, str]:
        params = {
            "client_id": self.app.client_id,
            "response_type": "code",
            "redirect_uri": self.redirect_uri,
            "response_mode": "query",
            "scope": self.SCOPE,
            "state": self.STATE,
        }
        return {**params, **changes}

    def start(self, **changes: str) -> requests.Response:
        """The browser opens Odoo's authorize URL."""
        return self.http.get(
            self.endpoint + "authorize",
            params=self.authorize_params(**changes),
            allow_redirects=False,
            timeout=10,
        )

    def _form(self, form: dict, **changes: str) -> requests.Response:
        return self.http.post(
            self.endpoint + "authorize",
            params=self.authorize_params(**changes),
            data=form,
            allow_redirects=False,
            timeout=10,
        )

    def sign_in(self, account: Account, password: str | None = None, **changes: str):
        form = {"action": "signin", "login": account.email}
        form["password"] = account.password if password is None else password
        return self._form(form, **changes)

    def consent(self, decision: str = "accept", **changes: str) -> requests.Response:
        return self._form({"action": "consent", "decision": decision}, **changes)

    def connect(self, account: Account, **changes: str) -> str:
        """Sign-in and consent in one go; the code from the redirect back to Odoo."""
        assert self.start(**changes).status_code == 200
        assert self.sign_in(account, **changes).status_code == 200
        answer = self.consent(**changes)
        assert answer.status_code == 302, answer.text
        return query_of(answer.headers["Location"])["code"]

    def token(self, **fields: str | None) -> requests.Response:
        """Odoo's _fetch_outlook_token: the form, in its order; None leaves a field out."""
        data = {
            "client_id": self.app.client_id,
            "client_secret": self.app.client_secret,
            "scope": self.SCOPE,
            "redirect_uri": self.redirect_uri,
            **fields,
        }
        data = {key: value for key, value in data.items() if value is not None}
        return self.http.post(self.endpoint + "token", data=data, timeout=10)

    def redeem(self, code: str, **fields: str | None) -> requests.Response:
        return self.token(grant_type="authorization_code", code=code, **fields)

    def refresh(self, refresh_token: str, **fields: str | None) -> requests.Response:
        return self.token(grant_type="refresh_token", refresh_token=refresh_token, **fields)


@pytest.fixture
def http():
    """A cookie-keeping client for loopback: no proxy from the environment in between."""
    with requests.Session() as session:
        session.trust_env = False
        yield session


@pytest.fixture
def outlook_for(http, microsoft_idp):
    """Odoo connected to a newly registered app; by default multi-tenant, with a secret
    and Odoo's callback, on the /common/ endpoint, as the how-to registers it."""

    def connect(tenant: str = "common", **registration) -> OdooOutlook:
        registration = {
            "client_id": str(uuid.uuid4()),
            "client_secret": "secret-" + random.token_urlsafe(24),
            "redirect_uris": [OdooOutlook.CONFIRM_URI],
            **registration,
        }
        app = microsoft_idp.register_app(AppRegistration(**registration))
        return OdooOutlook(http, microsoft_idp.endpoint_for(tenant), app)

    return connect


@pytest.fixture
def mailbox(microsoft_idp) -> Account:
    return microsoft_idp.add_account(new_account("postfach@example.com", "Postfach Benutzer"))


@pytest.fixture
def outlook(outlook_for) -> OdooOutlook:
    return outlook_for()


class Landing:
    """A loopback page that answers every request with 200 and remembers what arrived."""

    def __init__(self) -> None:
        self.arrived: list[str] = []
        self.url = ""  # set once it is served

    @Request.application
    def app(self, request: Request) -> Response:
        self.arrived.append(request.full_path)
        return Response("<h1>Landed</h1>", mimetype="text/html")


@pytest.fixture
def landing():
    """Where the browser is sent back to (the role Odoo plays in the real flow), served as
    the suite's own servers are (stopped within 50 ms)."""
    page = Landing()
    server = make_server("127.0.0.1", 0, page.app, threaded=True)
    with ServedInThread(server, "landing") as served:
        page.url = served.url
        yield page
