"""The mock Microsoft identity platform, spoken to exactly as Odoo's microsoft_outlook does:
the happy path, then each rule the real one enforces, with the error it answers."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs, urlsplit

from fixtures.idp.base import Account
from fixtures.idp.microsoft import TENANT_ID
from fixtures.pages.idp import IdpPages

IMAP_ONLY = "https://outlook.office.com/IMAP.AccessAsUser.All"


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def signed_in_flow(outlook, mailbox) -> None:
    """Up to the consent page, with the sign-in session cookie set."""
    assert outlook.start().status_code == 200
    assert "Permissions requested" in outlook.sign_in(mailbox).text


# -- the happy path -----------------------------------------------------------------------
def test_authorize_shows_the_sign_in_page_for_the_app(outlook):
    answer = outlook.start()

    assert answer.status_code == 200
    assert "<h1>Sign in</h1>" in answer.text
    assert "to continue to Odoo" in answer.text


def test_sign_in_leads_to_consent_for_the_requested_scopes(outlook, mailbox):
    outlook.start()
    answer = outlook.sign_in(mailbox)

    assert answer.status_code == 200
    assert "Permissions requested" in answer.text
    assert "<li>offline_access</li>" in answer.text
    assert f"<li>{IMAP_ONLY}</li>" in answer.text
    assert answer.cookies.get("mock_msft_sso")


def test_consent_redirects_to_odoo_with_a_code_and_the_state_byte_for_byte(outlook, mailbox):
    signed_in_flow(outlook, mailbox)
    answer = outlook.consent("accept")

    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith(outlook.redirect_uri + "?")
    back = query_of(location)
    assert set(back) == {"code", "state"}
    assert back["state"] == outlook.STATE
    assert len(back["code"]) >= 20


def test_code_redeems_for_access_and_refresh_token(outlook, mailbox, microsoft_idp):
    code = outlook.connect(mailbox)
    answer = outlook.redeem(code)

    assert answer.status_code == 200, answer.text
    token = answer.json()
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 3599
    assert token["ext_expires_in"] == 3599
    assert token["scope"] == outlook.SCOPE
    assert token["access_token"]
    assert token["refresh_token"]
    assert microsoft_idp.whose(token["access_token"])["account"] == "postfach@example.com"


def test_refresh_token_rotates_new_one_works_once_old_one_refused(outlook, mailbox):
    first = outlook.redeem(outlook.connect(mailbox)).json()

    second = outlook.refresh(first["refresh_token"])
    assert second.status_code == 200, second.text
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    assert rotated["access_token"] != first["access_token"]

    old = outlook.refresh(first["refresh_token"])
    assert old.status_code == 400
    assert old.json()["error"] == "invalid_grant"
    assert old.json()["error_description"].startswith("AADSTS70000: ")
    assert "used before" in old.json()["error_description"]

    third = outlook.refresh(rotated["refresh_token"])
    assert third.status_code == 200, third.text
    again = outlook.refresh(rotated["refresh_token"])
    assert again.status_code == 400


def test_an_openid_scope_brings_an_id_token_whose_claims_name_the_account(outlook, mailbox):
    """Odoo 19 asks for openid and reads the email claim of the refreshed id_token."""
    scope = "openid email offline_access https://outlook.office.com/IMAP.AccessAsUser.All"
    first = outlook.redeem(outlook.connect(mailbox, scope=scope), scope=scope).json()

    refreshed = outlook.refresh(first["refresh_token"], scope=scope).json()

    for token in (first, refreshed):
        _header, claims, signature = token["id_token"].split(".")
        claims += "=" * (-len(claims) % 4)
        data = json.loads(base64.urlsafe_b64decode(claims))
        assert data["email"] == "postfach@example.com"
        assert data["aud"] == outlook.app.client_id
        assert signature


def test_without_openid_there_is_no_id_token(outlook, mailbox):
    assert "id_token" not in outlook.redeem(outlook.connect(mailbox)).json()


def test_a_personal_accounts_only_app_refuses_a_work_account_on_its_page(outlook_for, mailbox):
    outlook = outlook_for("common", audience="PersonalMicrosoftAccount")
    assert outlook.start().status_code == 200

    answer = outlook.sign_in(mailbox)

    assert answer.status_code == 400
    assert "AADSTS50020: User account &#39;postfach@example.com&#39;" in answer.text


# -- authorize: shown on the page, never redirected ---------------------------------------
def test_unknown_client_is_refused_on_the_page(outlook):
    answer = outlook.start(client_id="00000000-0000-0000-0000-000000000000")

    assert answer.status_code == 400
    assert "Location" not in answer.headers
    assert "AADSTS700016: Application with identifier " in answer.text
    assert "&#39;00000000-0000-0000-0000-000000000000&#39; was not found" in answer.text


def test_unregistered_redirect_uri_is_shown_on_the_page_not_redirected(outlook):
    wrong = "http://127.0.0.1:8069/microsoft_outlook/confirmed"
    answer = outlook.start(redirect_uri=wrong)

    assert answer.status_code == 400
    assert "Location" not in answer.headers
    assert "AADSTS50011: The redirect URI &#39;" + wrong + "&#39; specified" in answer.text


def test_single_tenant_app_is_refused_on_common(outlook_for):
    outlook = outlook_for("common", audience="AzureADMyOrg")

    answer = outlook.start()

    assert answer.status_code == 400
    assert (
        f"AADSTS50194: Application &#39;{outlook.app.client_id}&#39;(Odoo) is not configured "
        "as a multi-tenant application." in answer.text
    )


def test_single_tenant_app_works_on_its_tenant_endpoint(outlook_for, mailbox):
    outlook = outlook_for(TENANT_ID, audience="AzureADMyOrg")

    answer = outlook.redeem(outlook.connect(mailbox))

    assert answer.status_code == 200, answer.text
    assert answer.json()["refresh_token"]


def test_consent_denied_redirects_with_access_denied_and_state_untouched(outlook, mailbox):
    signed_in_flow(outlook, mailbox)
    answer = outlook.consent("deny")

    assert answer.status_code == 302
    back = query_of(answer.headers["Location"])
    assert back["error"] == "access_denied"
    assert back["error_description"].startswith("AADSTS65004: User declined to consent")
    assert back["state"] == outlook.STATE
    assert "code" not in back


def test_wrong_password_shows_the_problem_and_issues_nothing(outlook, mailbox, microsoft_idp):
    outlook.start()
    answer = outlook.sign_in(mailbox, password="not-the-password")

    assert answer.status_code == 200
    assert "That account or password is not right." in answer.text
    assert 'value="postfach@example.com"' in answer.text
    assert "mock_msft_sso" not in answer.cookies
    assert "Location" not in answer.headers
    microsoft_idp.journal.expect_none("authorize", outcome="code issued")
    assert microsoft_idp.journal.expect("authorize", action="signin").outcome == "sign-in refused"


def test_unknown_account_is_refused_like_a_wrong_password(outlook, mailbox):
    outlook.start()
    stranger = Account(email="nobody@example.com", password="whatever1", name="Nobody")
    answer = outlook.sign_in(stranger)

    assert answer.status_code == 200
    assert "That account or password is not right." in answer.text


# -- the sign-in session: the doc's warning about an already signed-in account -------------
def test_existing_session_skips_sign_in_and_consent(outlook, mailbox):
    outlook.connect(mailbox)

    again = outlook.start()

    assert again.status_code == 302
    back = query_of(again.headers["Location"])
    assert back["state"] == outlook.STATE
    assert back["code"]


def test_existing_session_without_consent_asks_only_for_consent(outlook, mailbox):
    outlook.connect(mailbox)

    other_scope = outlook.start(scope="offline_access https://outlook.office.com/SMTP.Send")

    assert other_scope.status_code == 200
    assert "Permissions requested" in other_scope.text
    assert "<li>https://outlook.office.com/SMTP.Send</li>" in other_scope.text


def test_logout_endpoint_ends_the_session(outlook, mailbox):
    outlook.connect(mailbox)

    out = outlook.http.get(outlook.endpoint + "logout", timeout=10)
    assert out.status_code == 200
    assert "You signed out of your account" in out.text

    assert "<h1>Sign in</h1>" in outlook.start().text


def test_logout_redirects_to_post_logout_redirect_uri(outlook, mailbox):
    outlook.connect(mailbox)

    out = outlook.http.get(
        outlook.endpoint + "logout",
        params={"post_logout_redirect_uri": "http://127.0.0.1:8069/web"},
        allow_redirects=False,
        timeout=10,
    )

    assert out.status_code == 302
    assert out.headers["Location"] == "http://127.0.0.1:8069/web"
    assert "<h1>Sign in</h1>" in outlook.start().text


def test_sign_out_button_on_the_home_page_ends_the_session(outlook, mailbox, microsoft_idp):
    outlook.connect(mailbox)
    home = outlook.http.get(microsoft_idp.url + "/", timeout=10)
    assert "Postfach Benutzer (postfach@example.com)" in home.text

    out = outlook.http.post(microsoft_idp.url + "/", timeout=10)

    assert "You signed out of your account" in out.text
    assert "<h1>Sign in</h1>" in outlook.http.get(microsoft_idp.url + "/", timeout=10).text
    assert "<h1>Sign in</h1>" in outlook.start().text


def test_signing_in_on_the_home_page_starts_a_session_the_flow_then_uses(
    outlook, mailbox, microsoft_idp
):
    home = outlook.http.post(
        microsoft_idp.url + "/",
        data={"action": "signin", "login": mailbox.email, "password": mailbox.password},
        timeout=10,
    )
    assert f"({mailbox.email})" in home.text

    microsoft_idp.grant(outlook.app.client_id, mailbox.email, outlook.SCOPE)
    landed = outlook.start()

    assert landed.status_code == 302
    assert "code=" in landed.headers["Location"]


def test_a_wrong_password_on_the_home_page_starts_no_session(outlook, mailbox, microsoft_idp):
    home = outlook.http.post(
        microsoft_idp.url + "/",
        data={"action": "signin", "login": mailbox.email, "password": "wrong"},
        timeout=10,
    )
    assert "That account or password is not right." in home.text
    assert "<h1>Sign in</h1>" in outlook.start().text


def test_a_grant_gives_tokens_for_the_account_and_remembers_its_consent(
    outlook, mailbox, microsoft_idp
):
    tokens = microsoft_idp.grant(outlook.app.client_id, mailbox.email, outlook.SCOPE)

    assert microsoft_idp.whose(tokens["refresh_token"])["account"] == mailbox.email
    signed_in = outlook.sign_in(mailbox)  # no consent page: the grant stands for it
    assert signed_in.status_code == 302
    assert "code=" in signed_in.headers["Location"]


# -- token: client authentication ---------------------------------------------------------
def test_wrong_client_secret_is_refused_with_401(outlook, mailbox):
    answer = outlook.redeem(outlook.connect(mailbox), client_secret="the-secret-id-not-value")

    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"
    assert answer.json()["error_description"].startswith("AADSTS7000215: Invalid client secret")


def test_expired_client_secret_is_refused(outlook_for, mailbox):
    outlook = outlook_for(secret_expired=True)

    answer = outlook.redeem(outlook.connect(mailbox))

    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"
    assert answer.json()["error_description"].startswith(
        f"AADSTS7000222: The provided client secret keys for app '{outlook.app.client_id}' "
        "are expired."
    )


# -- token: the code ----------------------------------------------------------------------
def test_code_is_single_use(outlook, mailbox):
    code = outlook.connect(mailbox)
    assert outlook.redeem(code).status_code == 200

    reuse = outlook.redeem(code)

    assert reuse.status_code == 400
    assert reuse.json()["error"] == "invalid_grant"
    assert reuse.json()["error_description"].startswith(
        "AADSTS54005: OAuth2 Authorization code was already redeemed"
    )


def test_expired_code_is_refused(outlook, mailbox, microsoft_idp):
    microsoft_idp.set_code_lifetime(0)
    code = outlook.connect(mailbox)

    answer = outlook.redeem(code)

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    assert answer.json()["error_description"].startswith(
        "AADSTS70008: The provided authorization code or refresh token has expired"
    )


def test_unknown_code_is_refused(outlook, mailbox):
    outlook.connect(mailbox)

    answer = outlook.redeem("not-a-code-this-mock-issued")

    assert answer.status_code == 400
    assert answer.json()["error_description"] == (
        "AADSTS70000: The provided value for the 'code' parameter is not valid."
    )


def test_token_request_without_code_is_refused(outlook, mailbox):
    """What Odoo sends after ?error=access_denied without error_description (notes §1.1)."""
    outlook.connect(mailbox)

    answer = outlook.redeem(None)

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"
    assert answer.json()["error_description"] == (
        "AADSTS900144: The request body must contain the following parameter: 'code'."
    )


def test_redirect_uri_differing_from_the_authorize_one_is_refused(outlook, mailbox):
    code = outlook.connect(mailbox)

    answer = outlook.redeem(code, redirect_uri="http://localhost:8069/microsoft_outlook/confirm")

    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    assert answer.json()["error_description"].startswith(
        "AADSTS50148: The redirect_uri in the Authorization Code Grant request does not match"
    )


def test_no_refresh_token_without_offline_access(outlook, mailbox):
    code = outlook.connect(mailbox, scope=IMAP_ONLY)

    answer = outlook.redeem(code, scope=IMAP_ONLY)

    assert answer.status_code == 200, answer.text
    assert answer.json()["access_token"]
    assert "refresh_token" not in answer.json()


# -- in a real browser --------------------------------------------------------------------
def test_browser_signs_in_consents_and_lands_on_the_redirect_uri(
    page, outlook_for, mailbox, landing
):
    confirm = landing.url + "/microsoft_outlook/confirm"
    outlook = outlook_for(redirect_uris=[confirm])

    page.goto(outlook.authorize_url())
    IdpPages(page).sign_in(mailbox).consent()
    page.wait_for_url(lambda url: url.startswith(confirm + "?"))

    back = query_of(page.url)
    assert back["state"] == outlook.STATE
    assert page.url.removeprefix(landing.url) in landing.arrived
    assert outlook.redeem(back["code"]).status_code == 200
