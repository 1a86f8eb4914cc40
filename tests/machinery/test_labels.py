"""Judging the doc's words against Odoo's: exact, near (English, typo, longer or shorter
form, renamed) or missing, for single labels and for navigation paths.

The UI texts are German/English pairs as Odoo shows them; the thresholds are pinned by
pairs that score just above and just below them.
"""

from __future__ import annotations

import pytest

from fixtures.howto.labels import (
    NEAR,
    RENAMED,
    UiText,
    assign_paths,
    best_among,
    classify,
    classify_path,
    pair_score,
)
from fixtures.howto.model import NavPath

SETTINGS = UiText("app", "Einstellungen", "Settings", key="base.menu_administration")
TECHNICAL = UiText("menu", "Technisch", "Technical", key="base.menu_custom")
INCOMING = UiText("menu", "Posteingangsserver", "Incoming Mail Servers", key="fetchmail")
OUTGOING = UiText("menu", "Postausgangsserver", "Outgoing Mail Servers", key="ir_mail_server")
OUTLOOK = UiText("field", "Outlook-OAuth-Authentifizierung", "Outlook OAuth Authentication")
OAUTH_TAB = UiText("tab", "OAuth", "OAuth")
SAVE = UiText("button", "Speichern", "Save", key="save")
NEW = UiText("button", "Neu", "New", key="new")
USERS_COMPANIES = UiText("menu", "Benutzer & Unternehmen", "Users & Companies")
USERS = UiText("menu", "Benutzer", "Users")
GENERAL = UiText("app", "Allgemeine Einstellungen", "General Settings")
DISCUSS = UiText("block", "Diskussion", "Discuss")


# -- classify ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "doc",
    ["Posteingangsserver", "posteingangsserver", "POSTEINGANGSSERVER", "  Posteingangsserver "],
)
def test_same_label_is_exact_whatever_the_case_and_outer_space(doc):
    match = classify(doc, INCOMING)

    assert (match.verdict, match.actual) == ("exact", "Posteingangsserver")


@pytest.mark.parametrize("doc", ["Benutzer  &  Unternehmen", "Benutzer\u00a0& Unternehmen"])
def test_inner_spacing_and_non_breaking_spaces_do_not_matter(doc):
    assert classify(doc, USERS_COMPANIES).verdict == "exact"


def test_english_label_is_near_and_suggests_the_label_odoo_shows():
    match = classify("Incoming Mail Servers", INCOMING)

    assert match.verdict == "near"
    assert match.actual == "Posteingangsserver"
    assert "English label" in match.why


@pytest.mark.parametrize(
    ("doc", "ui"),
    [
        ("Posteingangserver", INCOMING),  # a letter missing
        ("Outlook", OUTLOOK),  # the start of a longer label
        ("Einstellung", SETTINGS),  # singular for plural
    ],
)
def test_typo_or_shorter_form_is_near_as_different_wording(doc, ui):
    match = classify(doc, ui)

    assert match.verdict == "near"
    assert match.why == "different wording or a typo"
    assert match.score >= NEAR


def test_old_wording_close_enough_is_near_as_renamed():
    match = classify("Eingehender Mail-Server", INCOMING)

    assert (match.verdict, match.why) == ("near", "renamed")
    assert RENAMED <= match.score < NEAR


@pytest.mark.parametrize(
    ("doc", "ui"), [("Lagerbestand", INCOMING), ("Buchhaltung", SETTINGS), ("Chat", DISCUSS)]
)
def test_unrelated_words_are_missing_and_name_the_current_label(doc, ui):
    match = classify(doc, ui)

    assert match.verdict == "missing"
    assert match.actual == ui.text
    assert match.why == "Odoo has no such label here"
    assert match.score < RENAMED


def test_label_inside_an_instruction_is_exact_when_contained():
    assert classify("Tab OAuth öffnen", UiText("tab", "Oauth"), contained=True).verdict == "exact"


def test_label_inside_an_instruction_is_only_near_when_not_contained():
    assert classify("Tab OAuth öffnen", OAUTH_TAB).verdict == "near"


def test_contained_needs_whole_words():
    match = classify("Tab OAuthX öffnen", OAUTH_TAB, contained=True)

    assert match.verdict != "exact"


def test_english_label_inside_an_instruction_is_near_when_contained():
    match = classify("Open Incoming Mail Servers", INCOMING, contained=True)

    assert match.verdict == "near"
    assert "English label" in match.why


# Pairs that score just either side of a threshold: moving NEAR or RENAMED flips one of them.
@pytest.mark.parametrize(
    ("doc", "ui", "why"),
    [
        pytest.param("Verkauf", UiText("menu", "Verkäufe"), "different wording or a typo",
                     id="80-above-NEAR"),
        pytest.param("Technik", UiText("menu", "Technisch"), "renamed", id="75-below-NEAR"),
        pytest.param("Eingehender Mail-Server", UiText("menu", "Posteingangsserver"), "renamed",
                     id="54-above-RENAMED"),
        pytest.param("Rechnungen", UiText("menu", "Buchhaltung"), "Odoo has no such label here",
                     id="48-below-RENAMED"),
    ],
)  # fmt: skip
def test_thresholds_put_representative_pairs_in_their_band(doc, ui, why):
    assert classify(doc, ui).why == why


def test_thresholds_keep_their_order():
    assert 0 < RENAMED < NEAR < 100


# -- classify_path -------------------------------------------------------------------------
def test_path_with_odoos_words_is_exact():
    match = classify_path(["Einstellungen", "Technisch", "Posteingangsserver"],
                          [SETTINGS, TECHNICAL, INCOMING])  # fmt: skip

    assert match.verdict == "exact"
    assert (match.omitted, match.extra) == ((), ())
    assert match.suggestion == "Einstellungen > Technisch > Posteingangsserver"
    assert match.explain() == ""


def test_path_that_leaves_out_a_middle_step_is_near_and_names_it():
    match = classify_path(["Einstellungen", "Posteingangsserver"], [SETTINGS, TECHNICAL, INCOMING])

    assert match.verdict == "near"
    assert match.omitted == ("Technisch",)
    assert [m.verdict for m in match.segments] == ["exact", "exact"]
    assert match.explain() == "the doc leaves out 'Technisch'"


def test_optional_step_left_out_is_not_reported():
    match = classify_path(["Einstellungen", "Diskussion"], [SETTINGS, GENERAL, DISCUSS],
                          optional=[GENERAL])  # fmt: skip

    assert match.verdict == "exact"
    assert match.omitted == ()


def test_instructions_after_the_menu_path_are_split_off_as_extra():
    doc = ["Einstellungen", "Benutzer & Unternehmen", "Benutzer", "Benutzer wählen",
           "Tab OAuth öffnen"]  # fmt: skip

    match = classify_path(doc, [SETTINGS, USERS_COMPANIES, USERS])

    assert match.doc == ("Einstellungen", "Benutzer & Unternehmen", "Benutzer")
    assert match.extra == ("Benutzer wählen", "Tab OAuth öffnen")
    assert match.verdict == "exact"


def test_middle_word_odoo_does_not_have_is_missing_and_aligned_with_odoos_step():
    match = classify_path(["Einstellungen", "Lagerbestand", "Posteingangsserver"],
                          [SETTINGS, TECHNICAL, INCOMING])  # fmt: skip

    assert match.verdict == "missing"
    assert [(m.doc, m.actual, m.verdict) for m in match.segments] == [
        ("Einstellungen", "Einstellungen", "exact"),
        ("Lagerbestand", "Technisch", "missing"),
        ("Posteingangsserver", "Posteingangsserver", "exact"),
    ]


def test_middle_step_beyond_odoos_path_is_missing():
    match = classify_path(["Einstellungen", "Technisch", "E-Mail", "Posteingangsserver"],
                          [SETTINGS, TECHNICAL, INCOMING])  # fmt: skip

    assert match.verdict == "missing"
    assert [m.verdict for m in match.segments] == ["exact", "exact", "missing", "exact"]
    assert match.segments[2].doc == "E-Mail"


def test_doc_path_longer_than_a_one_step_odoo_path_is_missing_past_the_first():
    match = classify_path(["Einstellungen", "Speichern"], [SETTINGS])

    assert match.verdict == "missing"
    assert [m.verdict for m in match.segments] == ["exact", "missing"]


def test_english_path_is_near_with_odoos_words_as_suggestion():
    match = classify_path(["Settings", "Technical", "Incoming Mail Servers"],
                          [SETTINGS, TECHNICAL, INCOMING])  # fmt: skip

    assert match.verdict == "near"
    assert match.suggestion == "Einstellungen > Technisch > Posteingangsserver"
    assert "'Settings' → 'Einstellungen' (near, the English label" in match.explain()


def test_path_with_a_renamed_last_step_is_near_and_explains_it():
    match = classify_path(["Einstellungen", "Technisch", "Eingehender Mail-Server"],
                          [SETTINGS, TECHNICAL, INCOMING])  # fmt: skip

    assert match.verdict == "near"
    assert match.explain() == "'Eingehender Mail-Server' → 'Posteingangsserver' (near, renamed)"


# -- best_among and pair_score -------------------------------------------------------------
def test_pair_score_uses_the_english_label_too():
    assert pair_score("Incoming Mail Servers", INCOMING) == 100


@pytest.mark.parametrize(
    ("doc", "best"),
    [("Outgoing mail server", OUTGOING), ("Technik", TECHNICAL), ("Posteingang", INCOMING)],
)
def test_best_among_picks_the_candidate_the_words_fit_best(doc, best):
    assert best_among(doc, [INCOMING, OUTGOING, TECHNICAL]) == best


def test_best_among_returns_none_when_nothing_fits_as_renamed():
    assert best_among("Lagerbestand", [INCOMING, OUTGOING, TECHNICAL]) is None
    assert best_among("Posteingangsserver", []) is None


def test_assign_paths_matches_side_by_side_paths_to_menus_by_total_fit():
    # "Eingehender Mail-Server" alone fits both menus equally (68): the pair decides
    incoming_doc = NavPath("…", ("Einstellungen", "Technisch", "Eingehender Mail-Server"), 3)
    outgoing_doc = NavPath("…", ("Einstellungen", "Technisch", "Ausgehender Mail-Server"), 3)

    assigned = assign_paths(
        [incoming_doc, outgoing_doc],
        [[SETTINGS, TECHNICAL, OUTGOING], [SETTINGS, TECHNICAL, INCOMING]],
    )

    assert assigned == [outgoing_doc, incoming_doc]


def test_fitting_path_takes_the_path_that_means_odoos_not_the_first():
    from fixtures.howto.labels import fitting_path

    def path(text: str, line: int) -> NavPath:
        return NavPath(text, tuple(text.split(" > ")), line)

    developer = path("Einstellungen > Entwicklertools > Entwicklermodus aktivieren", 8)
    servers = path("Einstellungen > Technisch > Posteingang", 9)
    odoo = [UiText("menu", "Einstellungen"), UiText("menu", "Technisch"),
            UiText("menu", "E-Mail"), UiText("menu", "Posteingangsserver")]  # fmt: skip

    assert fitting_path([developer, servers], odoo) is servers
    assert fitting_path([servers], odoo) is servers
    assert fitting_path([], odoo) is None
