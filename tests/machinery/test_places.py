"""Where a doc's path leads, told from Odoo's places given as data (menus and settings of an
imagined Odoo, in our words): a clear place is judged step by step; a path that fits none
clearly is drift without a guess; a path outside Odoo's menus is not Odoo's."""

from __future__ import annotations

import pytest

from fixtures.howto.labels import UiText
from fixtures.howto.model import NavPath
from fixtures.howto.places import Place, read_tail, resolve, root_of

LAGER = UiText("menu", "Lager", "Inventory", "stock.menu_root")
EINSTELLUNGEN = UiText("menu", "Einstellungen", "Settings", "base.menu_administration")
KONFIGURATION = UiText("menu", "Konfiguration", "Configuration", "stock.menu_config")
TECHNISCH = UiText("menu", "Technisch", "Technical", "base.menu_custom")
ROOTS = (LAGER, EINSTELLUNGEN)


def menu(*steps: UiText, key: str, action: bool = True, debug: bool = False, model: str = ""):
    return Place("menu", steps, key, debug=debug, model=model, has_action=action)


ORTE = UiText("menu", "Lagerorte", "Locations", "stock.menu_location")
LAGERHAEUSER = UiText("menu", "Lagerhäuser", "Warehouses", "stock.menu_warehouse")
EINGANG = UiText("menu", "Posteingangsserver", "Incoming Mail Servers", "mail.in")
AUSGANG = UiText("menu", "Postausgangsserver", "Outgoing Mail Servers", "base.out")
EMAIL = UiText("menu", "E-Mail", "Email", "base.menu_email")
APP = UiText("app", "Allgemeine Einstellungen", "General Settings", "general_settings")
BLOCK = UiText("block", "Lagerhaltung", "Warehouse", "warehouse")
SETTING = UiText("setting", "Lagerorte", "Storage Locations", "stock_locations")
PLACES = [
    menu(LAGER, key="stock.menu_root", action=False),
    menu(LAGER, KONFIGURATION, key="stock.menu_config", action=False),
    menu(LAGER, KONFIGURATION, ORTE, key="stock.menu_location", model="stock.location"),
    menu(LAGER, KONFIGURATION, LAGERHAEUSER, key="stock.menu_warehouse", model="stock.warehouse"),
    menu(EINSTELLUNGEN, TECHNISCH, key="base.menu_custom", action=False, debug=True),
    menu(EINSTELLUNGEN, TECHNISCH, EMAIL, key="base.menu_email", action=False, debug=True),
    menu(EINSTELLUNGEN, TECHNISCH, EMAIL, EINGANG, key="mail.in", debug=True, model="x.in"),
    menu(EINSTELLUNGEN, TECHNISCH, EMAIL, AUSGANG, key="base.out", debug=True, model="x.out"),
    Place(
        "setting",
        (EINSTELLUNGEN, APP, BLOCK, SETTING),
        "stock_locations",
        (1,),
        model="res.config.settings",
    ),
]


def path(text: str) -> NavPath:
    return NavPath(text, tuple(s.strip() for s in text.split(">")), 7)


@pytest.mark.parametrize("first", ["Lager", "Inventory", "lager", "Lagr"])
def test_a_path_is_odoos_when_its_first_step_is_a_menu_root_in_either_language(first):
    assert root_of(first, ROOTS) == LAGER


@pytest.mark.parametrize("first", ["Azure Active Directory", "Microsoft Entra ID", "Verkauf"])
def test_a_path_whose_first_step_is_no_menu_root_is_not_odoos(first):
    assert not resolve(path(f"{first} > App-Registrierungen"), PLACES, ROOTS).odoo


def test_the_exact_path_finds_its_place():
    found = resolve(path("Lager > Konfiguration > Lagerorte"), PLACES, ROOTS)

    assert found.place.key == "stock.menu_location"
    assert found.match.verdict == "exact"


def test_a_path_in_english_finds_its_place_and_says_so():
    found = resolve(path("Inventory > Configuration > Locations"), PLACES, ROOTS)

    assert found.place.key == "stock.menu_location"
    assert found.match.verdict == "near"


def test_a_typo_in_the_last_step_still_finds_the_place_with_the_right_words():
    found = resolve(path("Lager > Konfiguration > Lagerhäusser"), PLACES, ROOTS)

    assert found.place.key == "stock.menu_warehouse"
    assert found.match.suggestion == "Lager > Konfiguration > Lagerhäuser"


def test_a_step_the_doc_leaves_out_is_named():
    found = resolve(path("Einstellungen > Technisch > Posteingangsserver"), PLACES, ROOTS)

    assert found.place.key == "mail.in"
    assert found.match.omitted == ("E-Mail",)


def test_a_settings_path_may_leave_out_the_only_app():
    found = resolve(path("Einstellungen > Lagerhaltung > Lagerorte"), PLACES, ROOTS)

    assert (found.place.kind, found.match.verdict) == ("setting", "exact")


def test_old_words_that_fit_two_places_about_as_well_guess_no_place():
    """'Eingehender Mail-Server' is a rename: as close to the outgoing as to the incoming
    servers' menu for a machine, so none is taken, and both are named."""
    found = resolve(path("Einstellungen > Technisch > Eingehender Mail-Server"), PLACES, ROOTS)

    assert found.place is None
    assert "mail.in" in {p.key for p in found.candidates}


def test_a_menu_that_only_opens_a_dropdown_takes_no_further_steps():
    """Partial matching would take 'Eingehender Mail-Server' for the group 'E-Mail'."""
    found = resolve(path("Einstellungen > Technisch > Eingehender Mail-Server"), PLACES, ROOTS)

    assert all(p.has_action for p in found.candidates)


def test_instructions_and_tabs_after_the_place_are_its_tail():
    doc = path("Lager > Konfiguration > Lagerorte > Lagerort wählen > Tab Zusatzinfo öffnen")

    found = resolve(doc, PLACES, ROOTS)

    assert found.place.key == "stock.menu_location"
    assert found.tail == ("Lagerort wählen", "Tab Zusatzinfo öffnen")


def test_the_tail_names_a_tab_of_the_form_by_its_label_or_in_other_words():
    tabs = [UiText("tab", "Zusatzinfo", "Extra Info", "extra"), UiText("tab", "Notiz", "Note")]

    steps = read_tail(["Lagerort wählen", "Tab Zusatzinfo öffnen", "Reiter Notitz"], tabs)

    assert [(s.tab.text if s.tab else None, s.verdict) for s in steps] == [
        (None, ""),
        ("Zusatzinfo", "exact"),
        ("Notiz", "near"),
    ]


def test_a_tab_no_tab_of_the_form_reads_close_to_is_missing_not_the_best_of_poor_fits():
    tabs = [UiText("tab", "Kalender", "Calendar"), UiText("tab", "Zugriffsrechte", "Access Rights")]

    (step,) = read_tail(["Tab OAuth öffnen"], tabs)

    assert step.verdict == "missing"
