"""What the OAuth how-to's scenarios share: the app registration it describes, the mailbox
user, and Odoo pointed at the mock Microsoft identity platform.

The facts come from the doc: the registration section says which redirect URI and which
account type the app gets, and the mock registers exactly that. A doc that states another
callback path thus makes the connection fail at the IdP, as it would at Azure.
"""

from __future__ import annotations

import secrets as random
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from fixtures.errors import HowtoFormatError
from fixtures.howto.model import Howto, Step
from fixtures.idp.base import AppRegistration
from fixtures.idp.microsoft import audience_from_text
from fixtures.idp.plugin import new_account
from fixtures.odoo.databases import set_params
from fixtures.pages.form import INCOMING_MAIL_SERVERS, OUTGOING_MAIL_SERVERS

#: The account type Odoo's Outlook sign-in needs: it signs in through /common/.
ODOO_NEEDS = "AzureADMultipleOrgs"
#: The anchor of the section that describes the Azure app registration.
REGISTRATION = "odoo-als-oauth-app-auf-azure-registrieren"


@dataclass(frozen=True)
class RegistrationFacts:
    """What the doc tells the reader to enter in the Azure portal."""

    name: str
    audience: str | None  # the account type, when the doc's words name one howto-proof knows
    audience_text: str | None  # the doc's words for it (None: the doc names no account type)
    audience_step: Step | None
    redirect_uri: str
    redirect_step: Step

    @property
    def redirect_path(self) -> str:
        return urlsplit(self.redirect_uri).path


def _pair(howto: Howto, *names: str) -> tuple[str, Step] | None:
    section = howto.section(REGISTRATION)
    label = section.label_like(*names)
    if label is None:
        return None
    step = next(s for s in section.steps if label in s.labels)
    return (step.pairs[1] if step.pairs else step.text), step


@pytest.fixture
def registration_facts(howto) -> RegistrationFacts:
    redirect = _pair(howto, "Redirect URI", "Umleitungs-URI")
    if redirect is None or not redirect[1].code:
        section = howto.section(REGISTRATION)
        raise HowtoFormatError(
            howto.path, section.line, "the registration section states no redirect URI (in `code`)"
        )
    audience = _pair(
        howto, "Unterstützte Kontotypen", "Unterstützte Kontentypen", "Supported account types"
    )
    name = _pair(howto, "Name")
    return RegistrationFacts(
        name=name[0] if name else "Odoo",
        audience=audience_from_text(audience[0]) if audience else None,
        audience_text=audience[0] if audience else None,
        audience_step=audience[1] if audience else None,
        redirect_uri=redirect[1].code[0].text,
        redirect_step=redirect[1],
    )


@pytest.fixture
def azure_app(microsoft_idp, odoo_server, registration_facts) -> AppRegistration:
    """The app as the doc registers it: its redirect URI path on this Odoo, its account type.

    Only a fact the suite reads and knows is taken as the doc says, even when it is wrong
    for Odoo (a single-tenant app makes the connection fail, as it would for a reader). An
    account type the doc does not name, or names in words howto-proof does not know, is a
    finding of the registration section; the app then gets what Odoo needs (multitenant), so
    the Odoo steps are still proven."""
    return microsoft_idp.register_app(
        AppRegistration(
            client_id=str(uuid.uuid4()),
            client_secret=random.token_urlsafe(30),
            redirect_uris=[odoo_server.url + registration_facts.redirect_path],
            display_name=registration_facts.name,
            audience=registration_facts.audience or ODOO_NEEDS,
        )
    )


@pytest.fixture
def mailbox_user(microsoft_idp):
    """The mailbox the doc connects ("Postfach-Benutzer")."""
    return microsoft_idp.add_account(new_account("postfach@example.com", "Postfach Benutzer"))


@pytest.fixture
def outlook_endpoint(odoo_admin, odoo_db, odoo_databases, odoo_lang, odoo_modules, microsoft_idp):
    """Odoo's own setting for where Microsoft's identity platform is, set to the mock: in
    the copies the pool makes from now on, and in this test's if it was made before."""
    endpoint = {"microsoft_outlook.endpoint": microsoft_idp.endpoint}
    odoo_databases.pool(odoo_lang, odoo_modules).preset(endpoint)
    if odoo_db.params.get("microsoft_outlook.endpoint") != microsoft_idp.endpoint:
        set_params(odoo_admin, endpoint)
    return microsoft_idp.endpoint


@pytest.fixture
def outlook_credentials(odoo_admin, azure_app, outlook_endpoint) -> AppRegistration:
    """The outcome of the registration section, set up directly for the sections after it."""
    set_params(
        odoo_admin,
        {
            "microsoft_outlook_client_id": azure_app.client_id,
            "microsoft_outlook_client_secret": azure_app.client_secret,
        },
    )
    return azure_app


@dataclass(frozen=True)
class ServerKind:
    """An incoming or outgoing mail server, as Odoo models them with Outlook OAuth."""

    name: str
    menu: str
    model: str
    values: dict


SERVER_KINDS = {
    "incoming": ServerKind(
        "incoming",
        INCOMING_MAIL_SERVERS,
        "fetchmail.server",
        {
            "server_type": "outlook",
            "server": "imap.outlook.com",
            "port": 993,
            "is_ssl": True,
        },
    ),
    "outgoing": ServerKind(
        "outgoing",
        OUTGOING_MAIL_SERVERS,
        "ir.mail_server",
        {
            "smtp_authentication": "outlook",
            "smtp_host": "smtp.outlook.com",
            "smtp_port": 587,
            "smtp_encryption": "starttls",
        },
    ),
}
#: What each kind of server asks Outlook for, after the scopes every series asks for.
SCOPES = {
    "incoming": "https://outlook.office.com/IMAP.AccessAsUser.All",
    "outgoing": "https://outlook.office.com/SMTP.Send",
}


@dataclass(frozen=True)
class ConnectedServer:
    kind: ServerKind
    id: int
    name: str
    refresh_token: str
    scope: str


@pytest.fixture
def connected_server(odoo_admin, odoo_db, outlook_credentials, mailbox_user, microsoft_idp):
    """A mail server "with an OAuth connection" (the doc's precondition), made the way the
    connection section makes it: tokens the mock issued to the mailbox user for this app."""

    def make(kind: str) -> ConnectedServer:
        server = SERVER_KINDS[kind]
        scope = odoo_db.adapter.outlook_scope(SCOPES[kind])
        tokens = microsoft_idp.grant(outlook_credentials.client_id, mailbox_user.email, scope)
        user_field = "user" if kind == "incoming" else "smtp_user"
        name = f"Outlook {kind}"
        record = odoo_admin.env[server.model].create(
            {
                "name": name,
                user_field: mailbox_user.email,
                **server.values,
                "microsoft_outlook_refresh_token": tokens["refresh_token"],
                "microsoft_outlook_access_token": tokens["access_token"],
                "microsoft_outlook_access_token_expiration": int(time.time())
                + tokens["expires_in"],
            }
        )
        return ConnectedServer(server, record, name, tokens["refresh_token"], scope)

    return make


@pytest.fixture
def other_account(microsoft_idp):
    """Somebody else the browser is already signed in as at Microsoft (the doc's warning)."""
    return microsoft_idp.add_account(new_account("kollegin@example.com", "Andere Kollegin"))


@pytest.fixture
def google_client(google_idp, odoo_server):
    """The OAuth client the Google provider uses, registered for Odoo's sign-in route."""
    return google_idp.register_app(
        AppRegistration(
            client_id=f"{random.randbelow(10**12)}-howto-proof.apps.googleusercontent.com",
            redirect_uris=[f"{odoo_server.url}/auth_oauth/signin"],
            display_name="Odoo",
            response_types=("token",),
            grant_types=("implicit",),
        )
    )


@pytest.fixture
def google_provider(odoo_admin, google_idp, google_client) -> int:
    """Odoo's Google provider, enabled and pointed at the mock through its own fields."""
    provider_id = odoo_admin.env.ref("auth_oauth.provider_google").id
    providers = odoo_admin.env["auth.oauth.provider"]
    current = providers.browse(provider_id).read(
        ["auth_endpoint", "validation_endpoint", "data_endpoint"]
    )[0]
    providers.browse(provider_id).write(
        {
            "enabled": True,
            "client_id": google_client.client_id,
            "auth_endpoint": google_idp.rebase(current["auth_endpoint"]),
            "validation_endpoint": google_idp.rebase(current["validation_endpoint"]),
            "data_endpoint": google_idp.rebase(current["data_endpoint"]) or False,
        }
    )
    return provider_id


@pytest.fixture
def google_account(google_idp):
    """The Google account of the Odoo user the doc links."""
    return google_idp.add_account(
        new_account("erika.muster@example.com", "Erika Muster", subject=google_subject())
    )


@pytest.fixture
def odoo_user(odoo_admin, google_account) -> dict:
    """An internal Odoo user with the same address as the Google account, not yet linked."""
    users = odoo_admin.env["res.users"]
    user_id = users.create(
        {"name": google_account.name, "login": google_account.email, "email": google_account.email}
    )
    return {"id": user_id, "name": google_account.name, "login": google_account.email}


@pytest.fixture
def linked_user(odoo_admin, odoo_user, google_provider, google_account) -> dict:
    """The Odoo user, linked to the Google account as the OAuth User ID section does it."""
    odoo_admin.env["res.users"].browse(odoo_user["id"]).write(
        {"oauth_provider_id": google_provider, "oauth_uid": google_account.subject}
    )
    return odoo_user


@pytest.fixture
def stranger(google_idp):
    """A Google account that has no user in Odoo."""
    return google_idp.add_account(
        new_account("fremd@example.com", "Fremde Person", subject=google_subject())
    )


def google_subject() -> str:
    """Google's subject ids are long numbers, not names."""
    return str(10**20 + random.randbelow(9 * 10**20))


@pytest.fixture
def start_outlook_connection(backend, odoo_vocabulary, mailbox_user):
    """What the connection section does up to the provider's page: a new incoming server of
    type Outlook for the mailbox, saved, and its connect button clicked. Returns the page
    the provider shows on and the id of the saved server."""
    from fixtures.pages.form import FormView

    def start() -> tuple[object, int]:
        vocabulary = odoo_vocabulary
        backend.open_menu(INCOMING_MAIL_SERVERS)
        form = FormView(backend).new()
        form.fill(vocabulary.field("fetchmail.server", "name"), "Outlook")
        form.choose(vocabulary.option("fetchmail.server", "server_type", "outlook"))
        form.fill(vocabulary.field("fetchmail.server", "user"), mailbox_user.email)
        connect = vocabulary.view_text(
            "button",
            "fetchmail.server",
            ".//button[@name='open_microsoft_outlook_uri'][@class='btn-link px-0']",
        )
        form.save()
        server_id = backend.record_id()
        return form.start_oauth(form.button(connect)), server_id

    return start
