"""What the OAuth how-to's scenarios share: the app registration it describes, the mailbox
user, and Odoo pointed at the mock Microsoft identity platform.

The facts come from the doc: the registration section says which redirect URI and which
account type the app gets, and the mock registers exactly that. A doc that states another
callback path thus makes the connection fail at the IdP, as it would at Azure.
"""

from __future__ import annotations

import secrets as random
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from fixtures.errors import HowtoFormatError
from fixtures.howto.model import Howto, Step
from fixtures.idp.base import AppRegistration
from fixtures.idp.microsoft import audience_from_text
from fixtures.idp.plugin import new_account

#: The anchor of the section that describes the Azure app registration.
REGISTRATION = "odoo-als-oauth-app-auf-azure-registrieren"


@dataclass(frozen=True)
class RegistrationFacts:
    """What the doc tells the reader to enter in the Azure portal."""

    name: str
    audience: str | None
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
    audience = _pair(howto, "Unterstützte Kontentypen", "Supported account types")
    name = _pair(howto, "Name")
    return RegistrationFacts(
        name=name[0] if name else "Odoo",
        audience=audience_from_text(audience[0]) if audience else None,
        audience_step=audience[1] if audience else None,
        redirect_uri=redirect[1].code[0].text,
        redirect_step=redirect[1],
    )


@pytest.fixture
def azure_app(microsoft_idp, odoo_server, registration_facts) -> AppRegistration:
    """The app as the doc registers it: its redirect URI path on this Odoo, its account type
    (single-tenant when the doc names none, as the portal preselects)."""
    return microsoft_idp.register_app(
        AppRegistration(
            client_id=str(uuid.uuid4()),
            client_secret=random.token_urlsafe(30),
            redirect_uris=[odoo_server.url + registration_facts.redirect_path],
            display_name=registration_facts.name,
            audience=registration_facts.audience or "AzureADMyOrg",
        )
    )


@pytest.fixture
def mailbox_user(microsoft_idp):
    """The mailbox the doc connects ("Postfach-Benutzer")."""
    return microsoft_idp.add_account(new_account("postfach@example.com", "Postfach Benutzer"))


@pytest.fixture
def outlook_endpoint(odoo_admin, microsoft_idp) -> str:
    """Odoo's own setting for where Microsoft's identity platform is, set to the mock."""
    odoo_admin.env["ir.config_parameter"].set_param(
        "microsoft_outlook.endpoint", microsoft_idp.endpoint
    )
    return microsoft_idp.endpoint


@pytest.fixture
def outlook_credentials(odoo_admin, azure_app, outlook_endpoint) -> AppRegistration:
    """The outcome of the registration section, set up directly for the sections after it."""
    params = odoo_admin.env["ir.config_parameter"]
    params.set_param("microsoft_outlook_client_id", azure_app.client_id)
    params.set_param("microsoft_outlook_client_secret", azure_app.client_secret)
    return azure_app
