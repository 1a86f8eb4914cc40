"""The generic checks, told without an Odoo: what an Odoo knows (its places, the words on
each screen, its catalogue, its modules) is given as data here, in our words, and the
how-tos are written by the tests. What is under test is the reading: where a step happens,
what is judged against what, and that only real differences are drift."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.howto.checks import Odoo, check_section, first_place
from fixtures.howto.labels import UiText
from fixtures.howto.lexicon import Lexicon, Term
from fixtures.howto.parse import parse_howto
from fixtures.howto.places import Place
from fixtures.odoo.catalogue import Module
from fixtures.odoo.source import ParameterIndex

LAGER = UiText("menu", "Lager", "Inventory", "stock.menu_root")
EINSTELLUNGEN = UiText("menu", "Einstellungen", "Settings", "base.menu_administration")
KONFIG = UiText("menu", "Konfiguration", "Configuration", "stock.menu_config")
ORTE = UiText("menu", "Lagerorte", "Locations", "stock.menu_location")
TECHNISCH = UiText("menu", "Technisch", "Technical", "base.menu_custom")
PARAMETER = UiText("menu", "Systemparameter", "System Parameters", "base.menu_params")
MEHRERE = UiText("field", "Lagerorte", "Storage Locations", "group_stock_multi_locations")
BLOCK = UiText("block", "Lagerhaltung", "Warehouse", "warehouse")
ROUTEN = UiText("setting", "Mehrstufige Routen", "Multi-Step Routes", "multi_step")

LOCATIONS = Place("menu", (LAGER, KONFIG, ORTE), "stock.menu_location", model="stock.location")
PARAMS = Place("menu", (EINSTELLUNGEN, TECHNISCH, PARAMETER), "base.menu_params", debug=True,
               model="ir.config_parameter")  # fmt: skip
ROUTES = Place("setting", (EINSTELLUNGEN, BLOCK, ROUTEN), "multi_step", model="res.config.settings",
               condition=MEHRERE)  # fmt: skip
ROUTEN_MENU = UiText("menu", "Routen", "Routes", "stock.menu_routes")
ROUTES_MENU = Place("menu", (LAGER, KONFIG, ROUTEN_MENU), "stock.menu_routes", model="stock.route")
SCREENS = {
    "stock.menu_location": [
        Term("Lagerort", "Location", "field", "stock.location.name"),
        Term("Lagerorttyp", "Location Type", "field", "stock.location.usage"),
        Term("Intern", "Internal Location", "option", "stock.location.usage=internal"),
        Term("Ansicht", "View", "option", "stock.location.usage=view"),
        Term("Neu", "New", "web"),
    ],
}
CATALOGUE = Lexicon(
    [
        Term("Lieferungen", "Deliveries", "menu"),
        Term("Mit Google anmelden", "Log in with Google", "record"),
        *SCREENS["stock.menu_location"],
    ],
    [
        Term(
            "Sie können einen Lagerort mit Beständen nicht archivieren.",
            "You cannot archive a location that holds stock.",
            "code",
        )
    ],
)


class Known:
    """What an Odoo knows, as data (the interface of fixtures/odoo/catalogue.Catalogue)."""

    def __init__(self, settings: dict | None = None):
        self.values = settings or {}
        self.ticked = []

    def roots(self):
        return (LAGER, EINSTELLUNGEN)

    def places(self):
        return [LOCATIONS, PARAMS, ROUTES, ROUTES_MENU]

    def place_terms(self, place):
        return SCREENS.get(place.key, [])

    def form_tabs(self, place):
        return (UiText("tab", "Zusatzinfo", "Additional Information", "extra"),)

    def lexicon(self):
        return CATALOGUE

    def modules(self):
        return [
            Module("stock", "Lager", "Inventory", True, "installed"),
            Module("sale_management", "Verkauf", "Sales", True, "uninstalled"),
        ]

    def setting_value(self, field):
        return self.values.get(field, False)

    def shown_after(self, place):
        return ROUTES if place.key == "stock.menu_routes" else None

    def setting_field(self, place):
        return "group_stock_adv_location"

    def developer_mode(self):
        return "Einstellungen > Entwicklertools > Entwicklermodus aktivieren"

    def tick(self, field):
        self.ticked.append(field)


class Browser:
    """Stands in for the walk through Odoo's web client: remembers what it was sent to."""

    def __init__(self):
        self.walked, self.captured = [], []

    def walk(self, place, tabs):
        self.walked.append((place.key, [t.text for t in tabs]))
        return f"screen of {place.key}"

    def capture(self, proof, image, screen):
        self.captured.append((image.name, screen))


@pytest.fixture
def web():
    return Browser()


@pytest.fixture
def odoo(web):
    routes = {"/stock/barcode": 303, "/gibt/es/nicht": 404}
    return Odoo(
        catalogue=Known(),
        walk=web.walk,
        capture=web.capture,
        route_status=lambda path: routes.get(path, 200),
        params=ParameterIndex({"stock.picking_batch": ["stock"]}),
        series="18.0",
    )


def checked(tmp_path: Path, text: str, odoo: Odoo, lang: str = "de"):
    path = tmp_path / "anleitung.md"
    path.write_text(f"---\nlang: {lang}\n---\n# Anleitung\n\n## Abschnitt\n\n{text}", "utf-8")
    howto = parse_howto(path)
    return check_section(howto, howto.content_sections[0], odoo)


def drift(proof) -> list[tuple[str, str, str | None]]:
    return [(f.kind, f.doc, f.suggestion) for f in proof.findings if f.drift]


def notes(proof) -> list[tuple[str, str]]:
    return [(f.kind, f.doc) for f in proof.findings if not f.drift and f.kind != "external"]


# -- where a step happens -------------------------------------------------------------------
def test_steps_in_another_product_are_external_until_the_reader_comes_back(tmp_path, odoo):
    proof = checked(
        tmp_path,
        "Öffnen Sie <https://portal.azure.com/> und klicken Sie *Neue Registrierung*.\n\n"
        "Kopieren Sie den *Wert*.\n\n"
        "Öffnen Sie jetzt Odoo und dann *Lager > Konfiguration > Lagerorte*.\n",
        odoo,
    )

    external = [(f.line, f.actual) for f in proof.findings if f.kind == "external"]
    assert external == [(8, "Azure portal"), (10, "Azure portal")]
    assert drift(proof) == []
    assert proof.checked == 1  # the path; the portal's words are not Odoo's to judge


def test_a_callout_with_a_link_is_an_aside_and_does_not_move_the_reader(tmp_path, odoo):
    proof = checked(
        tmp_path,
        "Öffnen Sie *Lager > Konfiguration > Lagerorte*.\n\n"
        "::: tip\nMehr unter <https://portal.azure.com/>.\n:::\n\n"
        "Klicken Sie auf *Neu*.\n",
        odoo,
    )

    assert [f.line for f in proof.findings if f.kind == "external"] == [11]
    assert proof.checked == 2  # the path and *Neu* on its screen


def test_a_path_outside_odoos_menus_is_external(tmp_path, odoo):
    proof = checked(tmp_path, "Navigieren Sie nach *Entra ID > App-Registrierungen*.\n", odoo)

    assert [f.kind for f in proof.findings] == ["external"]


# -- paths ----------------------------------------------------------------------------------
def test_a_path_is_walked_and_the_picture_after_it_captured_there(tmp_path, odoo, web):
    proof = checked(
        tmp_path,
        "Öffnen Sie *Lager > Konfiguration > Lagerorte*.\n\n![Die Liste](bilder/liste.png)\n",
        odoo,
    )

    assert web.walked == [("stock.menu_location", [])]
    assert web.captured == [("liste.png", "screen of stock.menu_location")]
    assert proof.checked == 1


def test_a_path_in_other_words_is_drift_with_odoos_path(tmp_path, odoo):
    proof = checked(tmp_path, "Öffnen Sie *Lager > Configuration > Lagerorte*.\n", odoo)

    assert drift(proof) == [
        ("path", "Lager > Configuration > Lagerorte", "Lager > Konfiguration > Lagerorte")
    ]


def test_a_tab_in_the_paths_tail_is_opened_and_judged(tmp_path, odoo, web):
    proof = checked(
        tmp_path,
        "Öffnen Sie *Lager > Konfiguration > Lagerorte > Lagerort wählen > Reiter Zusatzinfo*.\n",
        odoo,
    )

    assert web.walked == [("stock.menu_location", ["Zusatzinfo"])]
    assert drift(proof) == []
    assert proof.checked == 2


def test_a_tab_the_form_does_not_have_is_said_and_no_other_tab_is_opened(tmp_path, odoo, web):
    proof = checked(
        tmp_path,
        "Öffnen Sie *Lager > Konfiguration > Lagerorte > Lagerort wählen > Tab OAuth öffnen*.\n",
        odoo,
    )

    assert web.walked == [("stock.menu_location", [])], "the place itself, not a guessed tab"
    (finding,) = [f for f in proof.findings if f.kind == "label"]
    assert (finding.doc, finding.verdict, finding.suggestion) == (
        "Tab OAuth öffnen", "missing", None
    )  # fmt: skip
    assert finding.actual == "the form has no such tab (its tabs: 'Zusatzinfo')"


def test_a_tab_named_in_other_words_is_near_with_its_label(tmp_path, odoo, web):
    proof = checked(
        tmp_path,
        "Öffnen Sie *Lager > Konfiguration > Lagerorte > Lagerort wählen > Reiter Zusatzinfos*.\n",
        odoo,
    )

    assert web.walked == [("stock.menu_location", ["Zusatzinfo"])]
    assert drift(proof) == [("label", "Reiter Zusatzinfos", "Zusatzinfo")]


def test_a_developer_mode_path_without_the_step_to_switch_it_on_is_a_missing_step(tmp_path, odoo):
    proof = checked(tmp_path, "Öffnen Sie *Einstellungen > Technisch > Systemparameter*.\n", odoo)

    (missing,) = [f for f in proof.findings if f.kind == "missing-step"]
    assert missing.subject == "developer-mode"
    assert "only shown in developer mode" in missing.actual


def test_a_section_that_switches_developer_mode_on_needs_no_such_step(tmp_path, odoo):
    proof = checked(
        tmp_path,
        "Aktivieren Sie den Entwicklermodus und öffnen Sie "
        "*Einstellungen > Technisch > Systemparameter*.\n",
        odoo,
    )

    assert drift(proof) == []


def test_a_setting_shown_only_after_ticking_another_needs_that_step(tmp_path, odoo):
    proof = checked(
        tmp_path, "Öffnen Sie *Einstellungen > Lagerhaltung > Mehrstufige Routen*.\n", odoo
    )

    (missing,) = [f for f in proof.findings if f.kind == "missing-step"]
    assert missing.subject == "setting-condition:group_stock_multi_locations"
    assert "tick 'Lagerorte'" in missing.actual


@pytest.mark.parametrize(
    "text",
    [
        "Aktivieren Sie *Lagerorte* und öffnen Sie "
        "*Einstellungen > Lagerhaltung > Mehrstufige Routen*.\n",
        "Öffnen Sie *Einstellungen > Lagerhaltung > Mehrstufige Routen*.\n",
    ],
    ids=["named", "already-ticked"],
)
def test_a_setting_whose_condition_is_named_or_holds_needs_nothing_more(tmp_path, text):
    ticked = "already" in text or "Aktivieren" not in text
    odoo = Odoo(catalogue=Known({"group_stock_multi_locations": ticked}), series="18.0")

    proof = checked(tmp_path, text, odoo)

    assert [f for f in proof.findings if f.kind == "missing-step"] == []


def test_a_menu_for_a_group_a_setting_grants_needs_that_setting_ticked_first(tmp_path, odoo, web):
    proof = checked(tmp_path, "Öffnen Sie *Lager > Konfiguration > Routen*.\n", odoo)

    (missing,) = [f for f in proof.findings if f.kind == "missing-step"]
    assert missing.subject == "setting-condition:multi_step"
    assert "tick 'Mehrstufige Routen' (Einstellungen > Lagerhaltung) first" in missing.actual
    assert web.walked == []  # not shown: not walked


def test_a_setting_the_doc_ticks_is_ticked_in_the_checks_copy_and_the_menu_walked(
    tmp_path, odoo, web
):
    proof = checked(
        tmp_path,
        "Aktivieren Sie *Mehrstufige Routen*.\n\nÖffnen Sie *Lager > Konfiguration > Routen*.\n",
        odoo,
    )

    assert [f for f in proof.findings if f.drift] == []
    assert odoo.catalogue.ticked == ["group_stock_adv_location"]
    assert web.walked == [("stock.menu_routes", [])]


def test_a_path_into_an_app_not_installed_says_which_module_to_add(tmp_path, odoo):
    proof = checked(tmp_path, "Öffnen Sie *Verkauf > Angebote*.\n", odoo)

    (finding,) = [f for f in proof.findings if f.kind == "module"]
    assert not finding.drift
    assert "sale_management" in finding.suggestion


# -- labels, values, messages -------------------------------------------------------------
def test_labels_are_judged_on_the_screen_then_in_all_of_odoo(tmp_path, odoo):
    proof = checked(
        tmp_path,
        "Öffnen Sie *Lager > Konfiguration > Lagerorte*, klicken Sie *New*, dann "
        "*Lieferungen*, *Log in with Google* und *ganz unten*.\n",
        odoo,
    )

    assert drift(proof) == [
        ("label", "New", "Neu"),
        ("label", "Log in with Google", "Mit Google anmelden"),
    ]
    assert notes(proof) == [("label", "ganz unten")]


def test_an_english_howto_may_use_english_labels(tmp_path, odoo):
    proof = checked(tmp_path, "Open *Lager > Konfiguration > Lagerorte* and click *New*.\n",
                    odoo, lang="en")  # fmt: skip

    assert drift(proof) == []


@pytest.mark.parametrize(
    ("item", "found"),
    [
        ("**Lagerorttyp**: Intern", []),
        ("**Lagerorttyp**: *Ansicht* (für Gruppen)", []),
        ("**Lagerorttyp**: View", [("value", "View", "Ansicht")]),
        ("**Lagerorttyp**: Lieferant", [("value", "Lieferant", None)]),
        ("**Lagerortyp**: Intern", [("label", "Lagerortyp", "Lagerorttyp")]),
    ],
)
def test_value_lists_name_a_field_of_the_form_and_one_of_its_choices(tmp_path, odoo, item, found):
    proof = checked(
        tmp_path, f"Öffnen Sie *Lager > Konfiguration > Lagerorte*:\n\n* {item}\n", odoo
    )

    assert drift(proof) == found


def test_a_value_that_is_no_choice_lists_each_choice_once(tmp_path, odoo):
    """A field on several views of the screen (the form, a list, a sub-form) gives its
    choices as often; the finding tells each once."""
    again = [t for t in SCREENS["stock.menu_location"] if t.kind == "option"]
    odoo.catalogue.place_terms = lambda place: SCREENS.get(place.key, []) + again
    proof = checked(
        tmp_path,
        "Öffnen Sie *Lager > Konfiguration > Lagerorte*:\n\n* **Lagerorttyp**: Regal\n",
        odoo,
    )

    assert [f.actual for f in proof.findings if f.kind == "value"] == [
        "the choices are 'Intern', 'Ansicht'"
    ]


def test_a_value_list_field_that_is_not_on_the_form_is_a_note(tmp_path, odoo):
    proof = checked(
        tmp_path, "Öffnen Sie *Lager > Konfiguration > Lagerorte*:\n\n* **Regal**: 4\n", odoo
    )

    assert drift(proof) == []
    assert notes(proof) == [("value", "Regal")]


@pytest.mark.parametrize(
    ("quote", "found", "note"),
    [
        ("> Sie können einen Lagerort mit Beständen nicht archivieren.", [], []),
        (
            "```\nSie können einen Lagerort mit Bestand nicht archivieren.\n```",
            [("message", "Sie können einen Lagerort mit Bestand nicht archivieren.",
              "Sie können einen Lagerort mit Beständen nicht archivieren.")],
            [],
        ),
        ("> Bitte warten.", [], [("message", "Bitte warten.")]),
        ("```sh\nodoo-bin --help\n```", [], []),
    ],
    ids=["same", "reworded", "not-odoos", "shell"],
)  # fmt: skip
def test_quoted_text_is_compared_with_odoos_messages(tmp_path, odoo, quote, found, note):
    proof = checked(tmp_path, f"Odoo zeigt dann:\n\n{quote}\n", odoo)

    assert drift(proof) == found
    assert notes(proof) == note


# -- technical names ------------------------------------------------------------------------
def test_a_module_the_doc_names_must_exist(tmp_path, odoo):
    proof = checked(
        tmp_path, "Installieren Sie das Modul `stock`, danach das Modul `sale_managment`.\n", odoo
    )

    assert drift(proof) == [("module", "sale_managment", "sale_management")]
    assert proof.checked == 2


def test_code_in_prose_without_module_words_is_not_taken_for_a_module(tmp_path, odoo):
    proof = checked(tmp_path, "Odoo meldet sich über den Endpunkt `common` an.\n", odoo)

    assert proof.findings == []


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("stock.picking_batch", []),
        ("stock.picking_bach", [("parameter", "stock.picking_bach", "stock.picking_batch")]),
    ],
)
def test_a_system_parameter_the_doc_sets_is_one_the_modules_read(tmp_path, odoo, name, found):
    proof = checked(tmp_path, f"Legen Sie den Systemparameter `{name}` an.\n", odoo)

    assert drift(proof) == found


def test_without_odoos_source_a_system_parameter_is_not_checked_and_says_so(tmp_path):
    odoo = Odoo(catalogue=Known(), series="18.0")

    proof = checked(tmp_path, "Legen Sie den Systemparameter `stock.x` an.\n", odoo)

    assert notes(proof) == [("parameter", "stock.x")]
    assert "not checked" in proof.findings[0].actual


def test_an_odoo_url_path_the_doc_names_must_answer_even_in_another_products_step(tmp_path, odoo):
    proof = checked(
        tmp_path,
        "Tragen Sie in <https://portal.azure.com/> `https://odoo.example.com/stock/barcode` "
        "und `https://odoo.example.com/gibt/es/nicht` ein.\n",
        odoo,
    )

    assert [(f.kind, f.doc) for f in proof.findings if f.kind == "url"] == [
        ("url", "/gibt/es/nicht")
    ]
    assert proof.checked == 2


# -- series and nothing to check -----------------------------------------------------------
def test_steps_for_another_series_are_not_checked(tmp_path, odoo, web):
    proof = checked(
        tmp_path,
        'Gilt ab <Badge text="Odoo19"/>.\n\nÖffnen Sie *Lager > Configuration > Lagerorte*.\n',
        odoo,
    )

    assert (proof.findings, proof.checked, web.walked) == ([], 0, [])


def test_a_section_with_nothing_odoo_knows_checks_nothing(tmp_path, odoo):
    proof = checked(tmp_path, "Trinken Sie einen Kaffee.\n", odoo)

    assert (proof.findings, proof.checked) == ([], 0)


# -- where the browser opens the web client before the checks run ----------------------------
def howto_of(tmp_path: Path, text: str):
    path = tmp_path / "anleitung.md"
    path.write_text(f"---\nlang: de\n---\n# Anleitung\n\n{text}", "utf-8")
    return parse_howto(path)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "## Orte\n\nLesen Sie weiter.\n\n## Anlegen\n\n"
            "Öffnen Sie *Lager > Konfiguration > Lagerorte*, dann "
            "*Einstellungen > Technisch > Systemparameter*.\n",
            LOCATIONS,
        ),
        ("## Parameter\n\nÖffnen Sie *Einstellungen > Technisch > Systemparameter*.\n", PARAMS),
        ("## Nichts\n\nÖffnen Sie *Azure > App-Registrierungen*.\n", None),
        # shown only once a setting is ticked, which the doc does not tell: not walked
        ("## Routen\n\nÖffnen Sie *Lager > Konfiguration > Routen*.\n", None),
        ("## Routen\n\nÖffnen Sie *Einstellungen > Lagerhaltung > Mehrstufige Routen*.\n", None),
    ],
    ids=[
        "the-first-of-the-how-to",
        "in-the-developer-mode",
        "no-odoo-path",
        "menu-after-a-tick",
        "setting-after-a-tick",
    ],
)
def test_the_web_client_opens_where_the_first_walk_goes(tmp_path, odoo, text, first):
    assert first_place(howto_of(tmp_path, text), odoo) == first


@pytest.mark.parametrize(
    ("text", "first", "field"),
    [
        (
            "## Routen\n\nAktivieren Sie *Lagerorte* und öffnen Sie "
            "*Einstellungen > Lagerhaltung > Mehrstufige Routen*.\n",
            ROUTES,
            "group_stock_multi_locations",
        ),
        (
            "## Routen\n\nAktivieren Sie *Mehrstufige Routen* und öffnen Sie "
            "*Lager > Konfiguration > Routen*.\n",
            ROUTES_MENU,
            "group_stock_adv_location",
        ),
    ],
    ids=["setting-after-a-tick", "menu-after-a-tick"],
)
def test_a_first_place_shown_after_a_tick_the_doc_tells_has_it_ticked_before_the_start(
    tmp_path, odoo, text, first, field
):
    """The web client opens at it once the setting is ticked, as its check would tick it
    before the walk: not opened first and loaded again."""
    assert first_place(howto_of(tmp_path, text), odoo) == first
    assert odoo.catalogue.ticked == [field]


def test_a_step_for_another_series_is_not_where_the_first_walk_goes(tmp_path, odoo):
    text = (
        '## Parameter\n\n1. Gilt bis <Badge text="Odoo17"/>: Öffnen Sie '
        "*Lager > Konfiguration > Lagerorte*.\n"
        "2. Öffnen Sie *Einstellungen > Technisch > Systemparameter*.\n"
    )
    assert first_place(howto_of(tmp_path, text), odoo) == PARAMS
