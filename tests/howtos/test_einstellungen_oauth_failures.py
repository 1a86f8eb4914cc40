"""The failures a reader meets on the way the how-to describes, each as a scenario of the
section it belongs to: what the user sees in Odoo, and that Odoo is left as it was (no
token stored, nothing half-configured). Every fault goes through the real protocol paths
of the mock providers (a wrong secret, a Cancel button, an unregistered redirect URI, an
expired or reused code) or, for an unreachable provider, an injected HTTP 500 or silence.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from fixtures.howto.labels import fitting_path
from fixtures.idp.base import AppRegistration
from fixtures.pages.form import INCOMING_MAIL_SERVERS
from fixtures.pages.idp import IdpPages
from fixtures.pages.login import LoginPage, signed_in_as

HOWTO = "einstellungen-oauth"
CONNECTION = "Outlook OAuth-Verbindung einrichten"
GOOGLE_LOGIN = "Mit Google-Account anmelden"
ERROR_PAGE = "microsoft_outlook.microsoft_outlook_oauth_error"
#: Beyond Odoo's own wait for a provider (a series' adapter says how long that is): a page
#: that has not answered by then would load for ever.
GRACE = 10


def refresh_token(odoo_admin, server_id: int):
    return odoo_admin.env["fetchmail.server"].browse(server_id).microsoft_outlook_refresh_token


def expect_odoo_error_page(page, vocabulary, *fragments: str) -> None:
    """Odoo's page for a failed connection: the provider's words, and the way back."""
    back = vocabulary.template_text("link", ERROR_PAGE, ".//a")
    alert = page.get_by_role("alert")
    for fragment in fragments:
        expect(alert).to_contain_text(fragment)
    expect(alert.get_by_role("link", name=back.text)).to_be_visible()


def connection_step(section, vocabulary):
    """The step that connects a mailbox: the one with the path to the incoming servers."""
    path = fitting_path(section.paths, vocabulary.menu_path(INCOMING_MAIL_SERVERS))
    return section.step_with(path.text)


def sign_in_and_consent(page, account) -> None:
    idp = IdpPages(page)
    idp.sign_in(account)
    idp.consent()


def nothing_stored(proof, odoo_admin, server_id: int) -> None:
    """The rule for every failure: Odoo is left without a half-made connection."""
    proof.outcome(
        "no token is stored", not refresh_token(odoo_admin, server_id), "a token was stored", None
    )


@pytest.mark.howto(HOWTO, CONNECTION)
def test_falsches_client_secret(
    section,
    proof,
    odoo_admin,
    odoo_vocabulary,
    outlook_credentials,
    start_outlook_connection,
    mailbox_user,
    microsoft_idp,
):
    """The secret entered in Odoo is not the app's: Microsoft refuses the code exchange."""
    odoo_admin.env["ir.config_parameter"].set_param(
        "microsoft_outlook_client_secret", "Wrong~Secret.Value-0123456789"
    )
    with proof.step(connection_step(section, odoo_vocabulary)):
        page, server_id = start_outlook_connection()
        sign_in_and_consent(page, mailbox_user)
        expect_odoo_error_page(page, odoo_vocabulary, "AADSTS7000215")
    microsoft_idp.journal.expect("token", outcome="invalid_client")
    nothing_stored(proof, odoo_admin, server_id)


@pytest.mark.howto(HOWTO, CONNECTION)
def test_zustimmung_verweigert(
    section,
    proof,
    odoo_admin,
    odoo_vocabulary,
    outlook_credentials,
    start_outlook_connection,
    mailbox_user,
    microsoft_idp,
):
    """The mailbox user cancels the consent: Odoo shows Microsoft's reason, asks nothing."""
    with proof.step(connection_step(section, odoo_vocabulary)):
        page, server_id = start_outlook_connection()
        idp = IdpPages(page)
        idp.sign_in(mailbox_user)
        idp.deny()
        expect_odoo_error_page(page, odoo_vocabulary, "AADSTS65004")
    microsoft_idp.journal.expect_none("token")
    nothing_stored(proof, odoo_admin, server_id)


@pytest.mark.howto(HOWTO, CONNECTION)
def test_redirect_uri_nicht_registriert(
    section,
    proof,
    odoo_admin,
    odoo_vocabulary,
    azure_app,
    outlook_credentials,
    start_outlook_connection,
    microsoft_idp,
    registration_facts,
):
    """The app was registered with the doc's example address as it stands, not with the
    reader's Odoo: Microsoft stops at its own page and never calls Odoo back."""
    microsoft_idp.register_app(
        AppRegistration(
            client_id=azure_app.client_id,
            client_secret=azure_app.client_secret,
            redirect_uris=[registration_facts.redirect_uri],
            display_name=azure_app.display_name,
            audience=azure_app.audience,
        )
    )
    with proof.step(connection_step(section, odoo_vocabulary)):
        page, server_id = start_outlook_connection()
        problem = IdpPages(page).error()
        assert "AADSTS50011" in problem, problem
    microsoft_idp.journal.expect_none("token")
    nothing_stored(proof, odoo_admin, server_id)


@pytest.mark.howto(HOWTO, CONNECTION)
def test_abgelaufener_code(
    section,
    proof,
    odoo_admin,
    odoo_vocabulary,
    outlook_credentials,
    start_outlook_connection,
    mailbox_user,
    microsoft_idp,
):
    """A code that expired before Odoo redeemed it is refused (AADSTS70008)."""
    microsoft_idp.set_code_lifetime(0)
    with proof.step(connection_step(section, odoo_vocabulary)):
        page, server_id = start_outlook_connection()
        sign_in_and_consent(page, mailbox_user)
        expect_odoo_error_page(page, odoo_vocabulary, "AADSTS70008")
    nothing_stored(proof, odoo_admin, server_id)


@pytest.mark.howto(HOWTO, CONNECTION)
def test_wiederverwendeter_code(
    section,
    proof,
    odoo_admin,
    odoo_vocabulary,
    outlook_credentials,
    start_outlook_connection,
    mailbox_user,
    microsoft_idp,
    odoo_db,
):
    """Opening Odoo's callback a second time (a reload, a back button) redeems the code
    again: Microsoft refuses it (AADSTS54005), and the token of the first connection stays."""
    callbacks = []
    with proof.step(connection_step(section, odoo_vocabulary)):
        page, server_id = start_outlook_connection()
        page.on(
            "request",
            lambda request: (
                callbacks.append(request.url)
                if "/microsoft_outlook/confirm" in request.url
                else None
            ),
        )
        sign_in_and_consent(page, mailbox_user)
        expect(page).to_have_url(odoo_db.adapter.record_url_pattern("fetchmail.server", server_id))
        first = refresh_token(odoo_admin, server_id)
        page.goto(callbacks[0])
        expect_odoo_error_page(page, odoo_vocabulary, "AADSTS54005")
    proof.outcome(
        "the first connection's token stays",
        first and refresh_token(odoo_admin, server_id) == first,
        "the token changed",
        None,
    )


@pytest.mark.howto(HOWTO, CONNECTION)
def test_identitaetsanbieter_antwortet_mit_500(
    section,
    proof,
    odoo_admin,
    outlook_credentials,
    start_outlook_connection,
    mailbox_user,
    microsoft_idp,
    odoo_vocabulary,
):
    """Microsoft's token endpoint fails: Odoo shows an error, and stores nothing."""
    microsoft_idp.inject("token", "server_error")
    with proof.step(connection_step(section, odoo_vocabulary)):
        page, server_id = start_outlook_connection()
        sign_in_and_consent(page, mailbox_user)
        expect(page.get_by_role("alert")).to_be_visible()
    microsoft_idp.journal.expect("token", status=500)
    nothing_stored(proof, odoo_admin, server_id)


@pytest.mark.howto(HOWTO, CONNECTION)
def test_identitaetsanbieter_antwortet_nicht(
    section,
    proof,
    odoo_admin,
    outlook_credentials,
    start_outlook_connection,
    mailbox_user,
    microsoft_idp,
    odoo_db,
    odoo_vocabulary,
):
    """Microsoft's token endpoint does not answer: Odoo gives up after its own timeout and
    the reader sees an error page within bounded time, never a page that loads forever."""
    wait = odoo_db.adapter.outlook_token_timeout
    microsoft_idp.inject("token", "hang", seconds=wait + 2 * GRACE)
    with proof.step(connection_step(section, odoo_vocabulary)):
        page, server_id = start_outlook_connection()
        sign_in_and_consent(page, mailbox_user)
        expect(page.get_by_text("Internal Server Error")).to_be_visible(
            timeout=(wait + GRACE) * 1000
        )
    nothing_stored(proof, odoo_admin, server_id)


# -- Google ---------------------------------------------------------------------------------
def google_link(odoo_vocabulary, provider_id: int):
    return odoo_vocabulary.record_text("link", "auth.oauth.provider", provider_id, "body")


@pytest.mark.howto(HOWTO, GOOGLE_LOGIN)
@pytest.mark.parametrize("fault", ["server_error", "hang"])
def test_google_pruefung_scheitert(
    fault,
    section,
    proof,
    page,
    odoo_db,
    odoo_admin,
    odoo_vocabulary,
    google_provider,
    linked_user,
    google_account,
    google_idp,
):
    """Odoo cannot check the token at Google (500, or no answer): the login page says the
    access is denied, within bounded time, and nobody is signed in."""
    wait = odoo_db.adapter.oauth_validation_timeout
    google_idp.inject("userinfo", fault, seconds=wait + 2 * GRACE)
    step = next(s for s in section.steps if s.labels)
    with proof.step(step):
        login = LoginPage(page, odoo_db).open()
        login.sign_in_with(google_link(odoo_vocabulary, google_provider), google_account, "Allow")
        expect(login.alert).to_be_visible(timeout=(wait + GRACE) * 1000)
    proof.outcome(
        "nobody is signed in",
        not signed_in_as(page, linked_user["name"]),
        "the user is signed in",
        step,
    )


@pytest.mark.howto(HOWTO, GOOGLE_LOGIN)
def test_google_zugriff_verweigert(
    section,
    proof,
    page,
    odoo_db,
    odoo_admin,
    odoo_vocabulary,
    google_provider,
    linked_user,
    google_account,
    google_idp,
):
    """The user does not allow Odoo at Google: back at Odoo's login page, not signed in."""
    step = next(s for s in section.steps if s.labels)
    with proof.step(step):
        login = LoginPage(page, odoo_db).open()
        login.provider(google_link(odoo_vocabulary, google_provider)).click()
        idp = IdpPages(page, accept_label="Allow")
        idp.sign_in(google_account)
        idp.deny()
        expect(login.alert).to_be_visible()
    google_idp.journal.expect("authorize", outcome="access_denied")
    user = odoo_admin.env["res.users"].browse(linked_user["id"]).read(["login_date"])[0]
    proof.outcome("the user is not signed in", not user["login_date"], f"{user}", step)
