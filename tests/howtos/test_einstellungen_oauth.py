"""Scenarios of the how-to "einstellungen-oauth": one per documented section (and one per
path where a section has more than one).

Each scenario takes the doc's facts (paths, labels, the redirect URI, its images) from the
parsed doc, runs the section through Odoo's web client as a reader would, judges the
doc's words and pictures against Odoo's, and checks the promised outcome in the UI and
then in what Odoo stored. Odoo's stable ids (menu XML ids, setting ids, field names) say
*which* element a step is about; the words come from the doc and from Odoo, never from
this file.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from fixtures.howto.labels import assign_paths, classify, fitting_path
from fixtures.howto.proof import step_sentence
from fixtures.idp.microsoft import MULTITENANT_WORDING
from fixtures.pages.backend import Backend
from fixtures.pages.form import INCOMING_MAIL_SERVERS, OUTGOING_MAIL_SERVERS, USERS, FormView
from fixtures.pages.idp import IdpPages
from fixtures.pages.login import LoginPage, signed_in_as
from fixtures.pages.settings import SETTINGS_MENU, SettingsPage

HOWTO = "einstellungen-oauth"

# Odoo's stable ids for what the sections are about.
OUTLOOK_SETTING = "email-outlook-setting"
CUSTOM_SERVERS_SETTING = "email_servers_setting"
CLIENT_ID_LABEL = ".//label[@for='microsoft_outlook_client_identifier']"
CLIENT_SECRET_LABEL = ".//label[@for='microsoft_outlook_client_secret']"
CONNECT_BUTTON = ".//button[@name='open_microsoft_outlook_uri'][@class='btn-link px-0']"
EDIT_SETTINGS_ICON = ".//button[@name='open_microsoft_outlook_uri']/i[@title]"
TOKEN_BADGE = ".//span[@class='badge text-bg-success']"
OAUTH_TAB = ".//page[@name='oauth']"
USER_FORM = "base.view_users_form"
MULTI_TENANT = ("AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount")
#: Words with which a doc tells the reader to enter the provider's subject id, not a name.
SUBJECT_WORDS = ("sub", "subject", "kennung")
#: The mock Google's consent button, as Google labels it.
GOOGLE_ALLOW = "Allow"


def odoo_path(section, vocabulary, where):
    """The section's path to ``where`` inside Odoo: of those that start at Odoo's settings
    app, the one that fits ``where`` best."""
    root = vocabulary.menu_path(SETTINGS_MENU)[0]
    paths = [p for p in section.paths if classify(p.segments[0], root).verdict != "missing"]
    if not paths:
        raise LookupError(f"section {section.title!r} names no path into Odoo's {root.text}")
    return fitting_path(paths, where)


def image_after(section, step):
    """The doc's picture of what the step leads to: the first image after it."""
    return next((image for image in section.images if image.line > step.line), None)


# -- Konfiguration ----------------------------------------------------------------------------
@pytest.mark.howto(HOWTO, "Odoo als OAuth-App auf Azure registrieren")
@pytest.mark.usefixtures("outlook_endpoint")
def test_odoo_als_oauth_app_auf_azure_registrieren(
    section,
    proof,
    screens,
    backend,
    odoo_admin,
    odoo_vocabulary,
    azure_app,
    registration_facts,
    howto,
):
    vocabulary = odoo_vocabulary
    outlook_where = vocabulary.menu_path(SETTINGS_MENU) + vocabulary.setting_path(OUTLOOK_SETTING)
    doc_path = odoo_path(section, vocabulary, outlook_where)
    odoo_step = section.step_with(doc_path.text)
    for step in section.steps[: section.steps.index(odoo_step)]:
        proof.external(step, "Azure portal")

    with proof.step(odoo_step):
        settings = SettingsPage(backend).open()
        where = outlook_where
        app_level = [ui for ui in where if ui.kind == "app"]
        proof.path(doc_path, where, optional=app_level, alternatives=vocabulary.settings_blocks())
        odoo_steps = section.steps[section.steps.index(odoo_step) :]
        outlook = settings.setting(OUTLOOK_SETTING)
        if not outlook.is_visible():
            custom = vocabulary.setting_path(CUSTOM_SERVERS_SETTING)
            if not proof.labels(odoo_steps, custom[-1])[custom[-1].key]:
                settings_root = vocabulary.menu_path(SETTINGS_MENU)
                where = " > ".join(
                    ui.text for ui in settings_root + custom[:-1] if ui.kind != "app"
                )
                proof.missing_step(
                    f"tick {custom[-1].text!r} in {custom[-2].text!r} first: the Outlook "
                    "credentials are shown only then",
                    line=odoo_step.line,
                    subject="setting-condition:external_email_server_default",
                    insert=step_sentence("tick", howto.lang, label=custom[-1].text, where=where),
                )
            settings.tick(custom[-1])
        client_id = vocabulary.view_text("field", "res.config.settings", CLIENT_ID_LABEL, "string")
        client_secret = vocabulary.view_text(
            "field", "res.config.settings", CLIENT_SECRET_LABEL, "string"
        )
        proof.labels(odoo_steps, client_id, client_secret)
        id_field = settings.field(client_id, within=outlook)
        secret_field = settings.field(client_secret, within=outlook)
        id_field.fill(azure_app.client_id)
        secret_field.fill(azure_app.client_secret)
        screens.capture(image_after(section, odoo_step), outlook, mask=[id_field, secret_field])
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

    # What the doc tells the reader to register, against what Odoo sends to Microsoft.
    servers = odoo_admin.env["fetchmail.server"]
    probe = servers.browse(
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
    sent = urlsplit(probe.microsoft_outlook_uri)
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
    account_type(proof, facts, tenant, section, howto.lang)


def account_type(proof, facts, tenant: str, section, lang: str) -> None:
    """The doc's account type against what Odoo needs for its /{tenant}/ sign-in."""
    needed = MULTITENANT_WORDING["de" if lang.startswith("de") else "en"]
    line = facts.audience_step.line if facts.audience_step else section.line
    if facts.audience_text is None:
        proof.missing_step(
            f"choose the account type «{needed}»: Odoo signs in through the /{tenant}/ "
            "endpoint, and the portal preselects a single-tenant app",
            line=line,
            subject="account-type",
        )
    elif facts.audience is None:
        proof.fact(
            doc=f"account type: {facts.audience_text}",
            actual=(
                f"the doc's account type {facts.audience_text!r} is not one howto-proof "
                f"knows; Odoo signs in through /{tenant}/, which needs a multitenant app"
            ),
            holds=False,
            line=line,
            suggestion=needed,
        )
    else:
        proof.fact(
            doc=f"account type: {facts.audience_text}",
            actual=f"Odoo signs in through the /{tenant}/ endpoint, which takes multitenant "
            "apps only",
            holds=tenant != "common" or facts.audience in MULTI_TENANT,
            line=line,
            suggestion=needed,
        )


# -- Verwendung: Outlook ------------------------------------------------------------------------
@pytest.mark.howto(HOWTO, "Outlook OAuth-Verbindung einrichten")
def test_outlook_oauth_verbindung_einrichten(
    section,
    proof,
    screens,
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
    doc_path = fitting_path(section.paths, vocabulary.menu_path(INCOMING_MAIL_SERVERS))
    step = section.step_with(doc_path.text)
    outlook = vocabulary.option("fetchmail.server", "server_type", "outlook")
    connect = vocabulary.view_text("button", "fetchmail.server", CONNECT_BUTTON)
    badge = vocabulary.view_text("badge", "fetchmail.server", TOKEN_BADGE)

    with proof.step(step):
        where = backend.open_menu(INCOMING_MAIL_SERVERS)
        proof.path(
            doc_path, where, needs_developer_mode=vocabulary.menu_needs_debug(INCOMING_MAIL_SERVERS)
        )
        proof.labels(step, outlook, connect)
        form = FormView(backend).new()
        form.fill(vocabulary.field("fetchmail.server", "name"), "Outlook")
        form.choose(outlook)
        form.fill(vocabulary.field("fetchmail.server", "user"), mailbox_user.email)
        form.save()  # what the button does first in every series; 19.0 then leaves the page
        server_id = backend.record_id()
        signin = form.start_oauth(form.button(connect))
        idp = IdpPages(signin)
        idp.sign_in(mailbox_user)
        idp.consent()
        form.expect_record(signin, "fetchmail.server", server_id)
        expect(signin.get_by_text(badge.text, exact=True)).to_be_visible()
        screens.capture(image_after(section, step), signin.locator(".o_form_sheet"))

    token = odoo_admin.env["fetchmail.server"].browse(server_id).microsoft_outlook_refresh_token
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


@pytest.mark.howto(HOWTO, "OAuth-Token regenerieren")
@pytest.mark.parametrize("kind", ["incoming", "outgoing"])
def test_oauth_token_regenerieren(
    kind,
    section,
    proof,
    backend,
    odoo_admin,
    odoo_vocabulary,
    connected_server,
    mailbox_user,
    microsoft_idp,
    outlook_credentials,
):
    vocabulary = odoo_vocabulary
    server = connected_server(kind)
    menus = [vocabulary.menu_path(m) for m in (INCOMING_MAIL_SERVERS, OUTGOING_MAIL_SERVERS)]
    where = vocabulary.menu_path(server.kind.menu)
    doc_path = assign_paths(section.paths, menus)[menus.index(where)]
    step = section.step_with(doc_path.text)
    edit = vocabulary.view_text("button", server.kind.model, EDIT_SETTINGS_ICON, "title")
    badge = vocabulary.view_text("badge", server.kind.model, TOKEN_BADGE)

    with proof.step(step):
        backend.open_menu(server.kind.menu)
        proof.path(
            doc_path, where, needs_developer_mode=vocabulary.menu_needs_debug(server.kind.menu)
        )
        proof.labels(step, edit)
        form = FormView(backend).open_row(server.name)
        signin = form.start_oauth(form.icon_button(edit))
        IdpPages(signin).sign_in(mailbox_user)  # consent was given at the first connection
        form.expect_record(signin, server.kind.model, server.id)
        expect(signin.get_by_text(badge.text, exact=True)).to_be_visible()

    stored = odoo_admin.env[server.kind.model].browse(server.id).microsoft_outlook_refresh_token
    proof.outcome(
        "the OAuth token is regenerated",
        bool(stored) and stored != server.refresh_token,
        "the same token as before" if stored else "no token",
        step,
    )
    owner = microsoft_idp.whose(stored)
    proof.outcome(
        f"the new token is {mailbox_user.email}'s",
        owner.get("account") == mailbox_user.email,
        f"it is {owner}",
        step,
    )
    microsoft_idp.journal.expect(
        "token", grant_type="authorization_code", client_id=outlook_credentials.client_id
    )


def warning_of(section):
    return next(step for step in section.steps if step.callout == "warning")


def signed_in_at_microsoft(context, microsoft_idp, account) -> None:
    """The reader used Microsoft's services before: a sign-in session at the provider."""
    page = context.new_page()
    page.goto(microsoft_idp.url + "/")
    IdpPages(page).sign_in(account)
    expect(page.get_by_text(account.email)).to_be_visible()


def regenerate(backend, server, vocabulary):
    """Open the connected server and click the doc's button; the provider's page, and the
    form of the server (to see where Odoo sends the reader back)."""
    edit = vocabulary.view_text("button", server.kind.model, EDIT_SETTINGS_ICON, "title")
    backend.page.goto(backend.db.url + backend.db.adapter.record_url(server.kind.model, server.id))
    form = FormView(backend)
    return form.start_oauth(form.icon_button(edit)), form


@pytest.mark.howto(HOWTO, "OAuth-Token regenerieren")
def test_oauth_token_regenerieren_mit_bestehender_microsoft_sitzung(
    section,
    proof,
    backend,
    odoo_admin,
    odoo_vocabulary,
    connected_server,
    other_account,
    microsoft_idp,
    outlook_credentials,
):
    """The warning's premise: signed in at Microsoft as someone else, the flow takes that
    account without asking, and Odoo stores the wrong mailbox's token."""
    warning = warning_of(section)
    server = connected_server("incoming")
    microsoft_idp.grant(outlook_credentials.client_id, other_account.email, server.scope)
    with proof.step(warning):
        signed_in_at_microsoft(backend.page.context, microsoft_idp, other_account)
        signin, form = regenerate(backend, server, odoo_vocabulary)
        form.expect_record(signin, server.kind.model, server.id)
    stored = odoo_admin.env[server.kind.model].browse(server.id).microsoft_outlook_refresh_token
    owner = microsoft_idp.whose(stored)
    proof.outcome(
        "with an existing Microsoft session the flow signs in that account",
        owner.get("account") == other_account.email,
        f"the token is {owner.get('account')}'s",
        warning,
    )


@pytest.mark.howto(HOWTO, "OAuth-Token regenerieren")
@pytest.mark.parametrize("remedy", ["private tab", "sign out"])
def test_oauth_token_regenerieren_nach_der_warnung(
    remedy,
    section,
    proof,
    backend,
    odoo_admin,
    odoo_vocabulary,
    connected_server,
    mailbox_user,
    other_account,
    microsoft_idp,
    outlook_credentials,
    new_context,
    odoo_db,
):
    """Both remedies the warning gives make the right mailbox sign in."""
    warning = warning_of(section)
    server = connected_server("incoming")
    microsoft_idp.grant(outlook_credentials.client_id, other_account.email, server.scope)
    with proof.step(warning):
        signed_in_at_microsoft(backend.page.context, microsoft_idp, other_account)
        if remedy == "private tab":
            # a private window shares no cookies with the others: a new browser context
            working = Backend(new_context().new_page(), odoo_db, odoo_vocabulary).sign_in()
        else:
            link = next(
                link
                for link in warning.links
                if urlsplit(link.href).hostname == "login.microsoftonline.com"
            )
            idp_page = backend.page.context.new_page()
            idp_page.goto(microsoft_idp.url + (urlsplit(link.href).path or "/"))
            idp_page.get_by_role("button", name="Sign out").click()
            expect(
                idp_page.get_by_role("heading", name="You signed out of your account")
            ).to_be_visible()
            working = backend
        signin, form = regenerate(working, server, odoo_vocabulary)
        IdpPages(signin).sign_in(mailbox_user)
        form.expect_record(signin, server.kind.model, server.id)
    stored = odoo_admin.env[server.kind.model].browse(server.id).microsoft_outlook_refresh_token
    owner = microsoft_idp.whose(stored)
    proof.outcome(
        f"after the remedy ({remedy}) the mailbox user signs in",
        owner.get("account") == mailbox_user.email,
        f"the token is {owner.get('account')}'s",
        warning,
    )


# -- Verwendung: Google -------------------------------------------------------------------------
@pytest.mark.howto(HOWTO, "OAuth Benutzername festlegen")
def test_oauth_benutzername_festlegen(
    section,
    proof,
    screens,
    backend,
    odoo_admin,
    odoo_vocabulary,
    google_provider,
    odoo_user,
    google_account,
    new_context,
    odoo_db,
):
    vocabulary = odoo_vocabulary
    where = vocabulary.menu_path(USERS)
    doc_path = fitting_path(section.paths, where)
    step = section.step_with(doc_path.text)
    uid_field = vocabulary.field("res.users", "oauth_uid")
    provider_field = vocabulary.field("res.users", "oauth_provider_id")
    provider = odoo_admin.env["auth.oauth.provider"].browse(google_provider)
    google = vocabulary.record_text("link", "auth.oauth.provider", google_provider, "body")
    words = set(re.findall(r"\w+", step.text.lower()))
    value = google_account.subject if words & set(SUBJECT_WORDS) else google_account.email

    with proof.step(step):
        # the user form's OAuth tab (Odoo 19.0's user form has none: the step cannot be done)
        try:
            tab = vocabulary.view_text("tab", "res.users", OAUTH_TAB, "string", view=USER_FORM)
        except LookupError:
            raise LookupError(
                f"Odoo {odoo_db.series}'s user form has no OAuth tab: auth_oauth shows neither "
                f"{uid_field.text!r} nor {provider_field.text!r} on it any more, so a user's "
                "OAuth User ID cannot be set there on this series"
            ) from None
        backend.open_menu(USERS)
        match = proof.path(doc_path, where)
        if match.extra:
            proof.label(match.extra[-1], tab, contained=True, line=doc_path.line)
        proof.labels(step, uid_field)
        form = FormView(backend).open_row(odoo_user["name"])
        form.tab(tab)
        form.select(provider_field, provider.name)
        form.fill(uid_field, value)
        form.save()
        expect(form.field(uid_field)).to_have_value(value)
        token = form.form.locator("[name=oauth_access_token]")
        avatar = form.form.locator("[name=image_1920]")  # its colour changes from run to run
        screens.capture(
            image_after(section, step),
            form.form.locator(".o_form_sheet"),
            mask=[form.field(uid_field), token, avatar],
        )

    stored = (
        odoo_admin.env["res.users"]
        .browse(odoo_user["id"])
        .read(["oauth_uid", "oauth_provider_id"])[0]
    )
    linked = stored["oauth_uid"] == value and stored["oauth_provider_id"][0] == google_provider
    proof.outcome(
        "Odoo keeps the OAuth User ID and provider of the user", linked, f"{stored}", step
    )

    login = LoginPage(new_context().new_page(), odoo_db).open()
    login.sign_in_with(google, google_account, GOOGLE_ALLOW)
    signed_in = signed_in_as(login.page, odoo_user["name"])
    if not signed_in and value != google_account.subject:
        proof.behaviour(
            doc=f"{uid_field.english or uid_field.text}: the user's name for the login ({value})",
            actual=(
                f"Odoo matches {uid_field.text!r} with the provider's subject id ('sub', "
                f"e.g. {google_account.subject}), never with a name or address; with "
                f"{value!r} the Google login does not reach {odoo_user['name']}'s account"
            ),
            suggestion=f"enter the Google account's subject id (sub) in {uid_field.text!r}",
            line=step.line,
        )
        with proof.step(step):
            form.fill(uid_field, google_account.subject)
            form.save()
        login = LoginPage(new_context().new_page(), odoo_db).open()
        login.sign_in_with(google, google_account, GOOGLE_ALLOW)
        signed_in = signed_in_as(login.page, odoo_user["name"])
    proof.outcome(
        f"{odoo_user['name']} can then log in with Google",
        signed_in,
        f"the browser is at {login.page.url}",
        step,
    )


@pytest.mark.howto(HOWTO, "Mit Google-Account anmelden")
def test_mit_google_account_anmelden(
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
    google = odoo_vocabulary.record_text("link", "auth.oauth.provider", google_provider, "body")
    step = next(s for s in section.steps if s.labels)
    proof.labels(step, google)
    with proof.step(step):
        LoginPage(page, odoo_db).open().sign_in_with(google, google_account, GOOGLE_ALLOW)
        expect(page.locator(".o_user_menu .oe_topbar_name")).to_contain_text(linked_user["name"])
    google_idp.journal.expect("userinfo", account=google_account.email)
    user = odoo_admin.env["res.users"].browse(linked_user["id"]).read(["login_date"])[0]
    proof.outcome(
        f"{linked_user['name']} is signed in",
        bool(user["login_date"]),
        "no login recorded for the user",
        step,
    )


@pytest.mark.howto(HOWTO, "Mit Google-Account anmelden")
@pytest.mark.parametrize("signup", ["b2b", "b2c"])
def test_mit_google_account_anmelden_ohne_odoo_benutzer(
    signup,
    section,
    proof,
    screens,
    page,
    odoo_db,
    odoo_admin,
    odoo_vocabulary,
    google_provider,
    stranger,
):
    """What someone without an Odoo user sees, with sign-up on invitation (b2b) and with
    free sign-up (b2c); the doc says a message appears. Where the doc names the sign-up
    setting's option, it documents that case's outcome itself."""
    odoo_admin.env["ir.config_parameter"].set_param("auth_signup.invitation_scope", signup)
    setting = odoo_vocabulary.field("res.config.settings", "auth_signup_uninvited")
    option = odoo_vocabulary.option("res.config.settings", "auth_signup_uninvited", signup)
    picture = next((image for image in section.images), None)
    promise = max(
        (s for s in section.steps if not picture or s.line < picture.line), key=lambda s: s.line
    )
    documented = {label.text.lower() for label in section.labels}
    covered = bool({option.text.lower(), option.english.lower()} & documented)
    google = odoo_vocabulary.record_text("link", "auth.oauth.provider", google_provider, "body")

    with proof.step(promise):
        login = LoginPage(page, odoo_db).open()
        login.sign_in_with(google, stranger, GOOGLE_ALLOW)
        expect(page).to_have_url(re.compile(r"/web/login(_successful)?(\?|$)"))
    created = odoo_admin.env["res.users"].search([("oauth_uid", "=", stranger.subject)])
    if "/web/login_successful" not in page.url:
        expect(login.alert).to_be_visible()
        screens.capture(picture, login.form, hide=[LoginPage.DATABASE_SELECTOR])
        message = " ".join(login.alert.inner_text().split())
        proof.outcome(
            "no user is created for the unknown account",
            not created,
            f"user {created} was created while the login page says «{message}»",
            promise,
        )
        return
    users = odoo_admin.env["res.users"].browse(created).read(["share"]) if created else []
    proof.outcome(
        "the unknown account gets at most a portal user",
        all(u["share"] for u in users),
        f"{users}",
        promise,
    )
    if not covered:
        shown = " ".join(login.message.inner_text().split())
        proof.behaviour(
            doc=f"{promise.text} ({picture.name if picture else 'no picture'})",
            actual=(
                f"with {setting.text} = {option.text!r}, Odoo signs the account up as a "
                f"portal user and shows «{shown}»"
            ),
            suggestion=(
                f"tell the reader that with {setting.text} = {option.text!r} an unknown "
                "account becomes a portal user; the message appears with sign-up on "
                "invitation only"
            ),
            line=promise.line,
        )
