"""The mock Google accounts, spoken to as Odoo's auth_oauth does: the implicit flow with the
token in the URL fragment, then the token checked at the userinfo endpoint (notes/oauth.md)."""

from __future__ import annotations

import json
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from fixtures.idp.base import AppRegistration
from fixtures.idp.plugin import new_account
from fixtures.pages.idp import IdpPages

SIGNIN_URI = "http://127.0.0.1:8069/auth_oauth/signin"
#: auth_oauth's state: the database, the provider id and the quoted redirect
ODOO_STATE = json.dumps({"d": "howto", "p": 3, "r": "http%3A%2F%2F127.0.0.1%3A8069%2Fodoo"})


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def fragment_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).fragment).items()}


class OdooGoogleLogin:
    """Odoo's "Log in with Google" link and what the browser does after it."""

    def __init__(self, http: requests.Session, url: str, app: AppRegistration):
        self.http, self.url, self.app = http, url, app
        self.redirect_uri = app.redirect_uris[0]

    def params(self, **changes: str) -> dict[str, str]:
        params = {
            "response_type": "token",
            "client_id": self.app.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": "openid profile email",
            "state": ODOO_STATE,
        }
        return {**params, **changes}

    def authorize_url(self, **changes: str) -> str:
        request = requests.Request(
            "GET", self.url + "/o/oauth2/auth", params=self.params(**changes)
        )
        return request.prepare().url

    def start(self, **changes: str) -> requests.Response:
        return self.http.get(
            self.url + "/o/oauth2/auth",
            params=self.params(**changes),
            allow_redirects=False,
            timeout=10,
        )

    def _form(self, form: dict) -> requests.Response:
        return self.http.post(
            self.url + "/o/oauth2/auth",
            params=self.params(),
            data=form,
            allow_redirects=False,
            timeout=10,
        )

    def sign_in(self, account) -> requests.Response:
        return self._form(
            {"action": "signin", "login": account.email, "password": account.password}
        )

    def consent(self, decision: str = "accept") -> requests.Response:
        return self._form({"action": "consent", "decision": decision})

    def log_in(self, account) -> dict[str, str]:
        """The whole flow; what arrives in the fragment of the redirect back to Odoo."""
        assert self.start().status_code == 200
        assert "Permissions requested" in self.sign_in(account).text
        answer = self.consent()
        assert answer.status_code == 302, answer.text
        return fragment_of(answer.headers["Location"])


@pytest.fixture
def google_app(google_idp) -> AppRegistration:
    """A web client as the Google Cloud console registers it, with Odoo's sign-in URI."""
    return google_idp.register_app(
        AppRegistration(
            client_id=f"{uuid.uuid4().hex[:12]}.apps.googleusercontent.com",
            redirect_uris=[SIGNIN_URI],
        )
    )


@pytest.fixture
def user(google_idp):
    return google_idp.add_account(new_account("erika@example.com", "Erika Mustermann"))


@pytest.fixture
def login(http, google_idp, google_app) -> OdooGoogleLogin:
    return OdooGoogleLogin(http, google_idp.url, google_app)


# -- the implicit flow --------------------------------------------------------------------
def test_implicit_flow_puts_the_token_and_the_state_in_the_fragment(login, user):
    assert login.start().status_code == 200
    login.sign_in(user)
    answer = login.consent()

    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(SIGNIN_URI + "#")
    assert "?" not in location
    back = fragment_of(location)
    assert back["state"] == ODOO_STATE
    assert back["token_type"] == "Bearer"
    assert back["expires_in"] == "3599"
    assert back["scope"] == "openid profile email"
    assert back["access_token"]
    assert "refresh_token" not in back


def test_the_other_authorize_path_works_too(login, user, http, google_idp):
    login.log_in(user)

    answer = http.get(
        google_idp.url + "/o/oauth2/v2/auth",
        params=login.params(),
        allow_redirects=False,
        timeout=10,
    )

    assert answer.status_code == 302
    assert fragment_of(answer.headers["Location"])["state"] == ODOO_STATE


def test_consent_denied_puts_access_denied_in_the_fragment(login, user):
    login.start()
    login.sign_in(user)
    answer = login.consent("deny")

    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(SIGNIN_URI + "#")
    back = fragment_of(location)
    assert back["error"] == "access_denied"
    assert back["state"] == ODOO_STATE
    assert "access_token" not in back


def test_response_type_code_is_refused_for_an_implicit_client(login):
    answer = login.start(response_type="code")

    assert answer.status_code == 302
    back = query_of(answer.headers["Location"])
    assert back["error"] == "unsupported_response_type"
    assert back["state"] == ODOO_STATE
    assert "code" not in back


def test_unregistered_redirect_uri_shows_redirect_uri_mismatch(login):
    answer = login.start(redirect_uri="http://127.0.0.1:8069/auth_oauth/signin/")

    assert answer.status_code == 400
    assert "Location" not in answer.headers
    assert "Error 400: redirect_uri_mismatch." in answer.text
    assert "redirect_uri=http://127.0.0.1:8069/auth_oauth/signin/</p>" in answer.text


def test_unknown_client_is_not_found(login):
    answer = login.start(client_id="nobody.apps.googleusercontent.com")

    assert answer.status_code == 400
    assert "Location" not in answer.headers
    assert "Error 401: invalid_client. The OAuth client was not found." in answer.text


# -- checking the token -------------------------------------------------------------------
def test_userinfo_with_access_token_in_the_query(login, user, http, google_idp):
    token = login.log_in(user)["access_token"]

    answer = http.get(
        google_idp.url + "/oauth2/v3/userinfo", params={"access_token": token}, timeout=10
    )

    assert answer.status_code == 200
    assert answer.json() == {
        "sub": "sub-erika-at-example-com",
        "name": "Erika Mustermann",
        "given_name": "Erika",
        "family_name": "Mustermann",
        "email": "erika@example.com",
        "email_verified": True,
    }


def test_userinfo_with_bearer_header(login, user, http, google_idp):
    token = login.log_in(user)["access_token"]

    answer = http.get(
        google_idp.url + "/oauth2/v3/userinfo",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )

    assert answer.status_code == 200
    assert answer.json()["sub"] == "sub-erika-at-example-com"
    assert answer.json()["email"] == "erika@example.com"


def test_userinfo_refuses_an_invalid_token_with_401(http, google_idp):
    answer = http.get(
        google_idp.url + "/oauth2/v3/userinfo",
        params={"access_token": "ya29.not-a-token-of-this-mock"},
        timeout=10,
    )

    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == (
        'Bearer realm="https://accounts.google.com/", error="invalid_token"'
    )
    assert answer.json()["error"] == "invalid_token"


def test_userinfo_refuses_a_request_without_token(http, google_idp):
    answer = http.get(google_idp.url + "/oauth2/v2/userinfo", timeout=10)

    assert answer.status_code == 401
    assert 'error="invalid_token"' in answer.headers["WWW-Authenticate"]


def test_tokeninfo_names_client_account_and_remaining_life(login, user, http, google_idp):
    token = login.log_in(user)["access_token"]

    answer = http.get(
        google_idp.url + "/oauth2/v3/tokeninfo", params={"access_token": token}, timeout=10
    )

    assert answer.status_code == 200
    info = answer.json()
    assert info["aud"] == login.app.client_id
    assert info["azp"] == login.app.client_id
    assert info["sub"] == "sub-erika-at-example-com"
    assert info["email"] == "erika@example.com"
    assert info["scope"] == "openid profile email"
    assert 3590 <= info["expires_in"] <= 3599


def test_tokeninfo_refuses_an_invalid_token(http, google_idp):
    answer = http.get(
        google_idp.url + "/oauth2/v1/tokeninfo", params={"access_token": "ya29.bogus"}, timeout=10
    )

    assert answer.status_code == 400
    assert answer.json() == {"error": "invalid_token", "error_description": "Invalid Value"}


# -- in a real browser --------------------------------------------------------------------
def test_browser_signs_in_and_lands_with_the_token_in_the_fragment(
    page, http, google_idp, user, landing
):
    signin = landing.url + "/auth_oauth/signin"
    app = google_idp.register_app(
        AppRegistration(client_id="browser.apps.googleusercontent.com", redirect_uris=[signin])
    )
    login = OdooGoogleLogin(http, google_idp.url, app)

    page.goto(login.authorize_url())
    IdpPages(page, accept_label="Allow").sign_in(user).consent()
    page.wait_for_url(lambda url: url.startswith(signin + "#"))

    back = fragment_of(page.url)
    assert back["state"] == ODOO_STATE
    assert "/auth_oauth/signin?" in landing.arrived  # the fragment never reaches a server
    userinfo = http.get(
        google_idp.url + "/oauth2/v3/userinfo",
        params={"access_token": back["access_token"]},
        timeout=10,
    )
    assert userinfo.json()["email"] == "erika@example.com"
