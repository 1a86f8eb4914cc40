"""Scenarios of the how-to "einstellungen-oauth": one per documented section.

Each scenario takes the doc's facts (paths, labels, the redirect URI) from the parsed doc,
runs the section through Odoo's web client as a reader would, judges the doc's words
against Odoo's, and checks the promised outcome in the UI and then in what Odoo stored.
Odoo's stable ids (menu XML ids, setting ids, field names) say *which* element a step is
about; the words come from the doc and from Odoo, never from this file.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from fixtures.howto.labels import classify
from fixtures.pages.idp import IdpPages
from fixtures.pages.mail_server import INCOMING_MENU, MailServerForm
from fixtures.pages.settings import SETTINGS_MENU, SettingsPage

HOWTO = "einstellungen-oauth"
OUTLOOK_SETTING = "email-outlook-setting"
CUSTOM_SERVERS_SETTING = "email_servers_setting"
CLIENT_ID_FIELD = ".//label[@for='microsoft_outlook_client_identifier']"
CLIENT_SECRET_FIELD = ".//label[@for='microsoft_outlook_client_secret']"
CONNECT_BUTTON = ".//button[@name='open_microsoft_outlook_uri'][@class='btn-link px-0']"
TOKEN_BADGE = ".//span[@class='badge text-bg-success']"
MULTI_TENANT = ("AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount")


def odoo_path(section, vocabulary):
    """The section's path inside Odoo: the one that starts at Odoo's settings app."""
    root = vocabulary.menu_path(SETTINGS_MENU)[0]
    for path in section.paths:
        if classify(path.segments[0], root).verdict != "missing":
            return path
    raise LookupError(f"section {section.title!r} names no path into Odoo's {root.text}")


@pytest.mark.howto(HOWTO, "Odoo als OAuth-App auf Azure registrieren")
def test_odoo_als_oauth_app_auf_azure_registrieren(
    section,
    proof,
    backend,
    odoo_admin,
    odoo_vocabulary,
    azure_app,
    outlook_endpoint,
    registration_facts,
    odoo_server,
):
    vocabulary = odoo_vocabulary
    doc_path = odoo_path(section, vocabulary)
    odoo_step = section.step_with(doc_path.text)
    for step in section.steps[: section.steps.index(odoo_step)]:
        proof.external(step, "Azure portal")

    with proof.step(odoo_step):
        settings = SettingsPage(backend).open()
        where = vocabulary.menu_path(SETTINGS_MENU) + vocabulary.setting_path(OUTLOOK_SETTING)
        app_level = [ui for ui in where if ui.kind == "app"]
        proof.path(doc_path, where, optional=app_level, alternatives=vocabulary.settings_blocks())
        outlook = settings.setting(OUTLOOK_SETTING)
        if not outlook.is_visible():
            custom = vocabulary.setting_path(CUSTOM_SERVERS_SETTING)
            proof.missing_step(
                f"tick {custom[-1].text!r} in {custom[-2].text!r} first: the Outlook "
                "credentials are shown only then",
                line=odoo_step.line,
            )
            settings.tick(custom[-1])
        client_id = vocabulary.view_text("field", "res.config.settings", CLIENT_ID_FIELD, "string")
        client_secret = vocabulary.view_text(
            "field", "res.config.settings", CLIENT_SECRET_FIELD, "string"
        )
        proof.labels(odoo_step, client_id, client_secret)
        settings.field(client_id, within=outlook).fill(azure_app.client_id)
        settings.field(client_secret, within=outlook).fill(azure_app.client_secret)
        settings.save()
        expect(settings.field(client_id, within=outlook)).to_have_value(azure_app.client_id)

    params = odoo_admin.env["ir.config_parameter"]
    proof.outcome(
        "Odoo keeps the Client ID of the registered app",
        params.get_param("microsoft_outlook_client_id") == azure_app.client_id,
        "another Client ID in microsoft_outlook_client_id",
        odoo_step,
    )
    proof.outcome(
        "Odoo keeps the Client Secret of the registered app",
        params.get_param("microsoft_outlook_client_secret") == azure_app.client_secret,
        "another secret in microsoft_outlook_client_secret",
        odoo_step,
    )

    # What the doc tells the reader to register, against what Odoo will send to Microsoft.
    servers = odoo_admin.env["fetchmail.server"]
    server = servers.browse(
        servers.create(
            {
                "name": "howto-proof",
                "server_type": "outlook",
                "user": "probe@example.com",
                "is_ssl": True,
                "server": "imap.outlook.com",
                "port": 993,
            }
        )
    )
    sent = urlsplit(server.microsoft_outlook_uri)
    redirect_uri = parse_qs(sent.query)["redirect_uri"][0]
    facts = registration_facts
    proof.fact(
        doc=f"Redirect URI {facts.redirect_uri} (path {facts.redirect_path})",
        actual=f"Odoo sends redirect_uri={redirect_uri}",
        holds=urlsplit(redirect_uri).path == facts.redirect_path,
        line=facts.redirect_step.line,
        suggestion=f"https://<your Odoo>{urlsplit(redirect_uri).path}",
    )
    tenant = sent.path.split("/")[1]  # /{tenant}/oauth2/v2.0/authorize
    proof.fact(
        doc=f"account type: {facts.audience_step.text if facts.audience_step else '(none)'}",
        actual=f"Odoo signs in through the /{tenant}/ endpoint, which takes multitenant apps only",
        holds=tenant != "common" or facts.audience in MULTI_TENANT,
        line=facts.audience_step.line if facts.audience_step else section.line,
        suggestion="Accounts in any organizational directory (multitenant)",
    )


@pytest.mark.howto(HOWTO, "Outlook OAuth-Verbindung einrichten")
def test_outlook_oauth_verbindung_einrichten(
    section,
    proof,
    backend,
    odoo_admin,
    odoo_vocabulary,
    outlook_credentials,
    mailbox_user,
    microsoft_idp,
    registration_facts,
    odoo_server,
):
    vocabulary = odoo_vocabulary
    doc_path = section.path_to()
    step = section.step_with(doc_path.text)
    outlook = vocabulary.option("fetchmail.server", "server_type", "outlook")
    connect = vocabulary.view_text("button", "fetchmail.server", CONNECT_BUTTON)
    badge = vocabulary.view_text("badge", "fetchmail.server", TOKEN_BADGE)

    with proof.step(step):
        where = backend.open_menu(INCOMING_MENU)
        proof.path(doc_path, where, needs_developer_mode=vocabulary.menu_needs_debug(INCOMING_MENU))
        proof.labels(step, outlook, connect)
        form = MailServerForm(backend, "fetchmail.server").new()
        form.fill(vocabulary.field("fetchmail.server", "name"), "Outlook")
        form.choose(outlook)
        form.fill(vocabulary.field("fetchmail.server", "user"), mailbox_user.email)
        signin = form.start_oauth(form.button(connect))
        idp = IdpPages(signin)
        idp.sign_in(mailbox_user)
        idp.consent()
        expect(signin).to_have_url(re.compile(r"/odoo/fetchmail\.server/\d+"))
        expect(signin.get_by_text(badge.text, exact=True)).to_be_visible()

    server_id = int(re.search(r"/fetchmail\.server/(\d+)", signin.url).group(1))
    stored = odoo_admin.env["fetchmail.server"].browse(server_id)
    token = stored.microsoft_outlook_refresh_token
    proof.outcome(
        "Odoo stores an OAuth token for the mailbox",
        bool(token),
        "no refresh token on the incoming mail server",
        step,
    )
    owner = microsoft_idp.whose(token)
    proof.outcome(
        f"the token is {mailbox_user.email}'s",
        owner.get("account") == mailbox_user.email and owner.get("active"),
        f"it belongs to {owner}",
        step,
    )
    microsoft_idp.journal.expect(
        "token",
        grant_type="authorization_code",
        client_id=outlook_credentials.client_id,
        redirect_uri=odoo_server.url + registration_facts.redirect_path,
    )
