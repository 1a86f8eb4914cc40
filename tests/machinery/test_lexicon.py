"""Judging a doc's word against Odoo's words, without an Odoo: the words are written here
(in our words, as an Odoo's catalogue would hold them), the verdicts are the classifier's.

The rule under test: only a word that is on the screen in other words (its English label,
a typo) is drift; a word Odoo has elsewhere holds; a word Odoo has nowhere is a note.
"""

from __future__ import annotations

import pytest

from fixtures.howto.lexicon import Lexicon, Term, judge_among, key
from fixtures.odoo.catalogue import lexicon_from_po

SCREEN = [
    Term("Lagerort", "Location", "field", "stock.location.name"),
    Term("Übergeordneter Lagerort", "Parent Location", "field", "stock.location.location_id"),
    Term("Lagerorttyp", "Location Type", "field", "stock.location.usage"),
    Term("Intern", "Internal Location", "option", "stock.location.usage=internal"),
    Term("Speichern", "Save", "web", "web"),
]
ELSEWHERE = [
    Term("Lieferungen", "Deliveries", "menu", "stock.menu_deliveries"),
    Term("Einkauf", "Purchase", "menu", "purchase.menu_root"),
    Term("Mit Google anmelden", "Log in with Google", "record", "auth_oauth.provider_google"),
    Term("Archiviert", "Archived", "filter", "archived"),
    Term("Archiviert", "Archived", "field", "x.active"),
]
MESSAGES = [
    Term(
        "Sie können einen Lagerort mit Beständen nicht archivieren.",
        "You cannot archive a location that holds stock.",
        "code",
    )
]


@pytest.fixture
def lexicon() -> Lexicon:
    return Lexicon(SCREEN + ELSEWHERE, MESSAGES)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Benutzer & Unternehmen", "Benutzer und Unternehmen"),
        ("Users & Companies", "users and companies"),
        ("OAuth-Benutzer-ID", "OAuth Benutzer ID"),
        ("Lager  orte", "lager orte"),
        ("Lagerort.", "Lagerort"),
    ],
)
def test_key_sets_case_spacing_dashes_and_ampersands_aside(a, b):
    assert key(a) == key(b)


@pytest.mark.parametrize(
    ("word", "verdict", "suggestion"),
    [
        ("Lagerorttyp", "exact", "Lagerorttyp"),
        ("lagerorttyp", "exact", "Lagerorttyp"),
        ("Location Type", "english", "Lagerorttyp"),
        ("Lagerortyp", "near", "Lagerorttyp"),
        ("Lieferungen", "elsewhere", "Lieferungen"),
        ("Log in with Google", "english", "Mit Google anmelden"),
        ("Wareneingang", "unknown", None),
    ],
)
def test_a_word_is_judged_on_the_screen_then_in_all_of_odoo(lexicon, word, verdict, suggestion):
    judgement = lexicon.judge(word, SCREEN)

    assert judgement.verdict == verdict
    assert (judgement.term.text if judgement.term and judgement.drift else None) == (
        suggestion if judgement.drift else None
    )
    assert judgement.drift == (verdict in ("english", "near"))


def test_only_drift_on_the_screen_or_an_unambiguous_english_label_is_drift(lexicon):
    assert not lexicon.judge("nicht", SCREEN).drift
    assert not lexicon.judge("Wareneingang", SCREEN).judged


def test_an_english_doc_using_english_labels_has_no_drift(lexicon):
    assert lexicon.judge("Location Type", SCREEN, english_doc=True).verdict != "english"


def test_short_words_are_never_taken_for_typos():
    lexicon = Lexicon([Term("IP", "IP", "field")])

    assert lexicon.judge("ID", lexicon.terms).verdict == "unknown"


def test_an_english_word_odoo_translates_in_two_ways_is_a_note_naming_both():
    lexicon = Lexicon([Term("Ablegen", "File", "button"), Term("Datei", "File", "field")])

    judgement = lexicon.judge("File")

    assert (judgement.verdict, judgement.drift) == ("unknown", False)
    assert "'Ablegen'" in judgement.why
    assert "'Datei'" in judgement.why


def test_a_close_word_elsewhere_is_only_a_note_with_a_hint(lexicon):
    judgement = lexicon.judge("Lieferungenn")

    assert (judgement.verdict, judgement.drift) == ("unknown", False)
    assert "'Lieferungen' is close" in judgement.why


def test_judge_among_a_fields_choices():
    choices = [Term("Intern", "Internal Location", "option"), Term("Ansicht", "View", "option")]

    assert judge_among("Ansicht", choices).verdict == "exact"
    assert judge_among("View", choices).verdict == "english"
    assert judge_among("Lieferant", choices) is None


@pytest.mark.parametrize(
    ("quote", "verdict"),
    [
        ("Sie können einen Lagerort mit Beständen nicht archivieren.", "exact"),
        ("Sie können einen Lagerort mit  Beständen\nnicht archivieren", "exact"),
        ("Sie können einen Lagerort mit Bestand nicht archivieren.", "near"),
        ("You cannot archive a location that holds stock.", "english"),
        ("Der Server antwortet nicht.", "unknown"),
    ],
)
def test_a_quoted_message_is_judged_against_odoos_messages(lexicon, quote, verdict):
    judgement = lexicon.judge_message(quote)

    assert judgement.verdict == verdict
    if verdict in ("near", "english"):
        assert judgement.term.text == MESSAGES[0].text


PO = r"""
msgid ""
msgstr ""
"Language: de\n"

#. module: stock
#: model:ir.ui.menu,name:stock.menu_stock_config_settings
msgid "Configuration"
msgstr "Konfiguration"

#. module: stock
#: model:ir.model.fields,field_description:stock.field_stock_location__usage
msgid "Location Type"
msgstr "Lagerorttyp"

#. module: stock
#. odoo-python
#: code:addons/stock/models/stock_location.py:0
msgid "You cannot archive a location that holds stock."
msgstr "Sie können einen Lagerort mit Beständen nicht archivieren."

#. module: web
#. odoo-javascript
#: code:addons/web/static/src/views/form/form_controller.js:0
msgid "Save"
msgstr "Speichern"

#. module: stock
#: model_terms:ir.ui.view,arch_db:stock.view_location_form
msgid "<i class=\"fa fa-cog\" title=\"Edit Location\"/>"
msgstr ""
"""


def test_the_lexicon_is_read_from_odoos_catalogue_with_kinds_and_messages():
    lexicon = lexicon_from_po(PO, "de_DE")

    kinds = {t.text: t.kind for t in lexicon.terms}
    assert kinds["Konfiguration"] == "menu"
    assert kinds["Lagerorttyp"] == "field"
    assert kinds["Speichern"] == "web"
    assert [m.text for m in lexicon.messages] == [
        "Sie können einen Lagerort mit Beständen nicht archivieren.",
        "Speichern",
    ]


def test_an_untranslated_catalogue_entry_shows_in_english_and_icons_by_their_title():
    lexicon = lexicon_from_po(PO, "de_DE")

    assert lexicon.judge("Edit Location").verdict == "elsewhere"
