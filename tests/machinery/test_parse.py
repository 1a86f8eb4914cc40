"""Reading a how-to: front matter, sections, steps and the facts each step states, and a
HowtoFormatError that names the file and the line for every how-to that cannot be read.

Every how-to here is written by the test itself; line numbers are 1-based, as an editor
shows them (the first line of each document is line 1).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.errors import HowtoFormatError
from fixtures.howto.library import load_library
from fixtures.howto.model import Code, Link, NavPath, slugify
from fixtures.howto.parse import discover, parse_howto

# fmt: off
LAGER = """\
---
title: Lager einrichten
description: Ein Lager für den Versand anlegen.
lang: de
---
# Lager im Überblick

{{ $frontmatter.description }}

## Konfiguration

### Lagerorte anlegen {#lagerorte}

Öffnen Sie *Lager  >  Konfiguration >Lagerorte* und klicken Sie auf *Neu*.

* **Name**: Hauptlager
* **Kurzname**: `WH`
* Hilfe gibt es unter <https://example.com/lager> und [im Handbuch](https://example.com/handbuch).

![Neuer Lagerort](bilder/Neuer%20Lagerort.png)

::: warning
Ohne *Kurzname* wird der Lagerort nicht gespeichert.
:::

Danach ist der Lagerort in der Liste zu sehen.

## Lagerorte ändern

Wählen Sie den Lagerort und ändern Sie den **Namen**.
"""
# fmt: on

WAREHOUSE = """\
# Set up a warehouse

Open *Inventory > Configuration > Warehouses* and click *New*. The form will open.
"""


def write(folder: Path, text: str | bytes, name: str = "lager.md") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def lager(tmp_path):
    return parse_howto(write(tmp_path, LAGER))


@pytest.fixture
def anlegen(lager):
    return lager.section("lagerorte")


def format_error(path: Path) -> HowtoFormatError:
    with pytest.raises(HowtoFormatError) as caught:
        parse_howto(path)
    return caught.value


# -- the how-to as a whole -----------------------------------------------------------------
def test_front_matter_fields_are_read(lager):
    assert lager.meta == {
        "title": "Lager einrichten",
        "description": "Ein Lager für den Versand anlegen.",
        "lang": "de",
    }


def test_name_and_path_come_from_the_file(lager, tmp_path):
    assert lager.name == "lager"
    assert lager.path == tmp_path / "lager.md"


def test_title_comes_from_the_front_matter_before_the_h1(lager):
    assert lager.title == "Lager einrichten"


def test_title_comes_from_the_h1_without_a_front_matter_title(tmp_path):
    howto = parse_howto(write(tmp_path, WAREHOUSE, "warehouse.md"))

    assert howto.title == "Set up a warehouse"


def test_title_comes_from_the_file_name_without_front_matter_title_or_h1(tmp_path):
    path = write(tmp_path, "## Speichern\n\nKlicken Sie auf *Speichern*.\n", "kurz-notiert.md")

    assert parse_howto(path).title == "kurz-notiert"


def test_text_before_the_first_heading_does_not_hide_the_h1_title(tmp_path):
    path = write(tmp_path, "Vorab ein Hinweis.\n\n# Echter Titel\n\n## Teil\n\nText.\n", "x.md")

    howto = parse_howto(path)

    assert howto.title == "Echter Titel"
    assert howto.sections[0].steps[0].text == "Vorab ein Hinweis."


def test_frontmatter_expression_is_expanded_with_its_value(lager):
    intro = lager.section("Lager im Überblick")

    assert [step.text for step in intro.steps] == ["Ein Lager für den Versand anlegen."]


def test_frontmatter_expression_in_a_heading_is_expanded(tmp_path):
    text = "---\napp: Lager\n---\n# {{ $frontmatter.app }} einrichten\n\nText.\n"

    assert parse_howto(write(tmp_path, text)).sections[0].title == "Lager einrichten"


def test_frontmatter_expression_inside_a_navigation_path_is_expanded(tmp_path):
    text = "---\napp: Lager\n---\n# T\n\nÖffnen Sie *{{ $frontmatter.app }} > Berichte*.\n"

    step = parse_howto(write(tmp_path, text)).sections[0].steps[0]

    assert step.paths[0].segments == ("Lager", "Berichte")


@pytest.mark.parametrize(
    ("declared", "lang"),
    [("de", "de_DE"), ("de-DE", "de_DE"), ("en", "en_US"), ("en-GB", "en_GB"), ("fr", "fr_FR")],
)
def test_language_comes_from_the_front_matter(tmp_path, declared, lang):
    # English text, to show the declaration wins over the words
    path = write(tmp_path, f"---\nlang: {declared}\n---\n" + WAREHOUSE)

    assert parse_howto(path).lang == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (WAREHOUSE, "en_US"),
        ("# Lager\n\nDie Liste wird mit dem Filter nicht angezeigt, und das ist gut.\n", "de_DE"),
    ],
    ids=["english", "german"],
)
def test_language_is_detected_from_stopwords_without_declaration(tmp_path, text, lang):
    assert parse_howto(write(tmp_path, text)).lang == lang


# -- sections ------------------------------------------------------------------------------
def test_headings_become_sections_with_level_and_line(lager):
    assert [(s.title, s.level, s.line) for s in lager.sections] == [
        ("Lager im Überblick", 1, 6),
        ("Konfiguration", 2, 10),
        ("Lagerorte anlegen", 3, 12),
        ("Lagerorte ändern", 2, 28),
    ]


def test_section_parents_are_the_enclosing_headings(lager):
    assert lager.section("Lagerorte anlegen").parents == ("Lager im Überblick", "Konfiguration")
    assert lager.section("Lagerorte ändern").parents == ("Lager im Überblick",)


def test_explicit_anchor_replaces_the_slug_and_leaves_the_title(anlegen):
    assert anlegen.title == "Lagerorte anlegen"
    assert anlegen.anchor == "lagerorte"


def test_anchor_is_the_vitepress_slug_of_the_heading(lager):
    # VitePress (@mdit-vue/shared slugify) drops accents: #lagerorte-andern
    assert lager.section("Lagerorte ändern").anchor == "lagerorte-andern"


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("Odoo als OAuth-App auf Azure registrieren", "odoo-als-oauth-app-auf-azure-registrieren"),
        ("Konfiguration ändern", "konfiguration-andern"),
        ("Schritt 2: Client-ID & Secret (optional)", "schritt-2-client-id-secret-optional"),
        ("snake_case_feld", "snake-case-feld"),
        ("1. Vorbereitung", "_1-vorbereitung"),
        ("Fußball", "fußball"),
    ],
)
def test_slugify_matches_vitepress(heading, anchor):
    assert slugify(heading) == anchor


@pytest.mark.parametrize(
    "key",
    ["Lagerorte ändern", "lagerorte-andern", "Lagerorte Ändern"],
    ids=["title", "anchor", "slug"],
)
def test_section_is_found_by_title_anchor_or_slug(lager, key):
    assert lager.section(key).line == 28


def test_section_with_explicit_anchor_is_found_by_title_and_anchor(lager):
    assert lager.section("Lagerorte anlegen") is lager.section("lagerorte")


def test_unknown_section_is_a_format_error_listing_the_sections(lager):
    with pytest.raises(HowtoFormatError) as caught:
        lager.section("Lagerorte löschen")

    assert str(caught.value).startswith(f"{lager.path}: no section 'Lagerorte löschen'")
    assert "'Lagerorte anlegen'" in str(caught.value)


def test_content_sections_leave_out_the_h1_and_grouping_headings(lager):
    assert [s.title for s in lager.content_sections] == ["Lagerorte anlegen", "Lagerorte ändern"]


# -- steps and their facts -----------------------------------------------------------------
def test_paragraphs_and_list_items_become_steps_with_their_lines(anlegen):
    assert [step.line for step in anlegen.steps] == [14, 16, 17, 18, 20, 23, 26]
    assert anlegen.steps[0].text == (
        "Öffnen Sie Lager > Konfiguration >Lagerorte und klicken Sie auf Neu."
    )
    assert anlegen.steps[-1].text == "Danach ist der Lagerort in der Liste zu sehen."


def test_navigation_path_is_split_on_gt_with_whitespace_trimmed(anlegen):
    assert anlegen.paths == [
        NavPath(
            text="Lager > Konfiguration > Lagerorte",
            segments=("Lager", "Konfiguration", "Lagerorte"),
            line=14,
        )
    ]


def test_other_emphasis_is_a_label_and_strong_is_a_strong_label(anlegen):
    assert [(label.text, label.line, label.strong) for label in anlegen.labels] == [
        ("Neu", 14, False),
        ("Name", 16, True),
        ("Kurzname", 17, True),
        ("Kurzname", 23, False),
    ]


def test_strong_name_with_colon_is_a_pair_of_field_and_value(anlegen):
    assert anlegen.step_with("Hauptlager").pairs == ("Name", "Hauptlager")
    assert anlegen.step_with("Kurzname: WH").pairs == ("Kurzname", "WH")


def test_step_without_leading_strong_label_has_no_pair(lager, anlegen):
    assert anlegen.steps[0].pairs is None
    assert lager.section("Lagerorte ändern").steps[0].pairs is None  # **Namen** mid-sentence


def test_code_spans_are_facts_and_part_of_the_text(anlegen):
    step = anlegen.step_with("Kurzname")

    assert step.code == (Code("WH", 17),)
    assert step.text == "Kurzname: WH"


def test_autolinks_and_text_links_are_read_with_href_and_text(anlegen):
    assert anlegen.links == [
        Link("https://example.com/lager", "https://example.com/lager", 18),
        Link("https://example.com/handbuch", "im Handbuch", 18),
    ]


def test_image_path_is_url_decoded_and_resolved_next_to_the_howto(anlegen, tmp_path):
    (image,) = anlegen.images

    assert image.src == "bilder/Neuer Lagerort.png"
    assert image.alt == "Neuer Lagerort"
    assert image.name == "Neuer Lagerort.png"
    assert image.path == (tmp_path / "bilder" / "Neuer Lagerort.png").resolve()
    assert image.line == 20


def test_image_alone_is_a_step_without_text(anlegen):
    step = next(step for step in anlegen.steps if step.images)

    assert (step.text, step.line) == ("", 20)


def test_warning_container_marks_its_steps_as_callout(anlegen):
    assert [step.callout for step in anlegen.steps] == [
        None, None, None, None, None, "warning", None,
    ]  # fmt: skip


def test_nested_container_gives_back_the_outer_callout_when_it_closes(tmp_path):
    text = "# T\n\n:::: warning\nAußen\n\n::: tip\nInnen\n:::\n\nWieder außen\n::::\n\nDanach\n"

    steps = parse_howto(write(tmp_path, text)).sections[0].steps

    assert [(step.text, step.callout) for step in steps] == [
        ("Außen", "warning"),
        ("Innen", "tip"),
        ("Wieder außen", "warning"),
        ("Danach", None),
    ]


def test_facts_on_a_continuation_line_carry_their_own_line(tmp_path):
    text = "# T\n\nÖffnen Sie zuerst\ndas Menü *Lager > Berichte*\nund klicken Sie *Drucken*.\n"

    (step,) = parse_howto(write(tmp_path, text)).sections[0].steps

    assert step.line == 3
    assert step.text == "Öffnen Sie zuerst das Menü Lager > Berichte und klicken Sie Drucken."
    assert step.paths[0].line == 4
    assert step.labels[0].line == 5


def test_steps_before_any_heading_belong_to_a_section_named_after_the_file(tmp_path):
    howto = parse_howto(write(tmp_path, "Nur ein Satz ohne Überschrift.\n", "notiz.md"))

    (section,) = howto.sections
    assert (section.title, section.level, section.line) == ("notiz", 1, 1)
    assert section.steps[0].text == "Nur ein Satz ohne Überschrift."


def test_step_with_finds_a_step_by_its_words_and_names_the_section_otherwise(anlegen):
    assert anlegen.step_with("Hauptlager").line == 16
    with pytest.raises(LookupError, match="'Lagerorte anlegen' has no step mentioning 'Regal'"):
        anlegen.step_with("Regal")


def test_path_to_finds_a_path_by_its_last_segment(anlegen):
    assert anlegen.path_to("lagerorte").segments[-1] == "Lagerorte"
    with pytest.raises(LookupError, match=r"\(line 12\) names no navigation path with 'Berichte'"):
        anlegen.path_to("Berichte")


def test_label_like_finds_a_label_by_any_of_its_names_case_insensitive(anlegen):
    assert anlegen.label_like("Short Name", "kurzname").line == 17
    assert anlegen.label_like("Barcode") is None


# -- malformed how-tos: the file and the right line ----------------------------------------
@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        pytest.param(
            "---\ntitle: Lager\nlang: de\ndescription: Lager: Orte anlegen\n---\n# Lager\n",
            4,
            "front matter is not valid YAML",
            id="invalid-yaml",
        ),
        pytest.param(
            "---\n- Lager\n- Orte\n---\n# Lager\n",
            1,
            "front matter must be a mapping",
            id="front-matter-list",
        ),
        pytest.param(
            "# Lager\n\nText.\n\n::: warning\nAchtung.\n\nNoch mehr.\n",
            5,
            "the ::: warning container is never closed with :::",
            id="unclosed-container",
        ),
        pytest.param(
            "# Lager\n\nÖffnen Sie *Lager > > Lagerorte*.\n",
            3,
            "navigation path *Lager > > Lagerorte* has an empty step between '>'",
            id="empty-path-segment",
        ),
        pytest.param(
            "# Lager\n\nÖffnen Sie zuerst\ndas Menü *Lager >* und dann\n",
            4,
            "navigation path *Lager >* has an empty step",
            id="empty-path-segment-on-continuation-line",
        ),
        pytest.param(
            "---\ntitle: Lager\n---\n# Lager\n\nGeschrieben von {{ $frontmatter.autor }}.\n",
            6,
            "{{ $frontmatter.autor }} names a key the front matter does not have",
            id="unknown-frontmatter-key",
        ),
        pytest.param(
            "---\ntitle: Lager\n---\n# Lager\n\nErste Zeile\nund {{ $frontmatter.autor }}.\n",
            7,
            "{{ $frontmatter.autor }} names a key",
            id="unknown-frontmatter-key-on-continuation-line",
        ),
        pytest.param(
            "# Lager\n\n## {{ $frontmatter.app }}\n",
            3,
            "{{ $frontmatter.app }} names a key",
            id="unknown-frontmatter-key-in-heading",
        ),
        pytest.param(
            "# Lager\n\n## Anlegen\n\nText.\n\n## Anlegen\n\nMehr.\n",
            7,
            "heading 'Anlegen' has the same anchor #anlegen as line 3",
            id="duplicate-slug",
        ),
        pytest.param(
            "# Lager\n\n## Orte {#orte}\n\nText.\n\n## Anlegen {#orte}\n\nMehr.\n",
            7,
            "heading 'Anlegen' has the same anchor #orte as line 3",
            id="duplicate-explicit-anchor",
        ),
        pytest.param(
            "# Lager\n\nSo sieht es aus:\n\n![Lagerort]()\n",
            5,
            "image without a source",
            id="image-without-src",
        ),
        pytest.param(
            "# Lager\n\n## {#leer}\n",
            3,
            "heading without text",
            id="heading-with-anchor-only",
        ),
    ],
)
def test_malformed_howto_names_file_and_line(tmp_path, text, line, problem):
    path = write(tmp_path, text)

    error = format_error(path)

    assert error.line == line
    assert str(error).startswith(f"{path}:{line}: ")
    assert problem in str(error)


def test_non_utf8_bytes_name_the_line_of_the_first_bad_byte(tmp_path):
    path = write(tmp_path, "# Lager\n\nGut.\n\nSchl\xfcssel\n".encode("latin-1"))

    error = format_error(path)

    assert str(error) == f"{path}:5: not UTF-8 text (invalid start byte)"


@pytest.mark.parametrize("text", ["", "  \n\n\t\n"], ids=["empty", "blank"])
def test_empty_howto_is_a_format_error_naming_the_file(tmp_path, text):
    path = write(tmp_path, text)

    assert str(format_error(path)) == f"{path}: is empty"


def test_unreadable_howto_is_a_format_error_naming_the_file(tmp_path):
    path = tmp_path / "fehlt.md"

    assert str(format_error(path)).startswith(f"{path}: cannot be read: ")


# -- discovery and the run's library ---------------------------------------------------------
@pytest.fixture
def docs_root(tmp_path):
    for name in ("lager.md", "einkauf.md", "README.md", "index.md", "notizen.txt"):
        (tmp_path / name).write_text("# X\n\nText.\n", encoding="utf-8")
    return tmp_path


def test_discover_finds_howtos_but_not_readme_or_index(docs_root):
    assert [p.name for p in discover(docs_root)] == ["einkauf.md", "lager.md"]


def test_discover_finds_howtos_in_subfolders_but_not_in_the_sites_own(docs_root):
    for folder in ("verkauf", ".vitepress", "node_modules/pkg", "public"):
        (docs_root / folder).mkdir(parents=True)
        (docs_root / folder / "seite.md").write_text("# S\n\nText.\n", encoding="utf-8")

    assert [p.relative_to(docs_root).as_posix() for p in discover(docs_root)] == [
        "einkauf.md",
        "lager.md",
        "verkauf/seite.md",
    ]


def test_howto_in_a_subfolder_is_named_by_its_path_below_the_root(docs_root):
    (docs_root / "verkauf").mkdir()
    (docs_root / "verkauf" / "angebote.md").write_text("# A\n\nText.\n", encoding="utf-8")

    library = load_library(docs_root)

    assert [h.name for h in library.howtos] == ["einkauf", "lager", "verkauf/angebote"]


def test_library_returns_the_named_howtos_in_the_order_asked(docs_root):
    library = load_library(docs_root, ("lager", "einkauf"))

    assert [h.name for h in library.howtos] == ["lager", "einkauf"]


def test_library_refuses_an_unknown_name_and_lists_the_known_ones(docs_root):
    with pytest.raises(HowtoFormatError) as caught:
        load_library(docs_root, ("lager", "verkauf"))

    assert str(caught.value) == f"{docs_root}: has no how-to named verkauf; it has einkauf, lager"


def test_library_refuses_readme_by_name(docs_root):
    with pytest.raises(HowtoFormatError, match="has no how-to named README"):
        load_library(docs_root, ("README",))


# -- identity: a renamed page keeps its scenarios ----------------------------------------------
def test_howto_is_known_by_front_matter_id_name_and_title(tmp_path):
    howto = parse_howto(write(tmp_path, "---\nid: oauth\ntitle: Einstellungen OAuth\n---\n# X\n"))

    assert howto.id == "oauth"
    for key in ("oauth", "lager", "Einstellungen OAuth", "einstellungen-oauth"):
        assert howto.known_as(key), key
    assert not howto.known_as("einstellungen")


def test_without_front_matter_id_the_name_is_the_id(lager):
    assert lager.id == "lager"


def test_renamed_file_is_still_known_by_the_slug_of_its_title(tmp_path):
    """A scenario names the seed as einstellungen-oauth; the wiki moved it to another file."""
    renamed = parse_howto(write(tmp_path, "# Einstellungen OAuth\n\nText.\n", "oauth-neu.md"))

    assert renamed.known_as("einstellungen-oauth")


def test_library_finds_a_howto_by_title(docs_root):
    (docs_root / "x.md").write_text("---\ntitle: Lieferung planen\n---\n# L\n", encoding="utf-8")

    assert [h.name for h in load_library(docs_root).named("Lieferung planen")] == ["x"]


def test_section_is_found_by_anchor_before_heading(tmp_path):
    text = "# T\n\n## Alt {#neu}\n\nA.\n\n## neu {#anders}\n\nB.\n"
    howto = parse_howto(write(tmp_path, text))

    assert howto.section("neu").title == "Alt"  # the anchor wins over the other's heading
    assert howto.section("Alt").anchor == "neu"
    assert howto.find_section("Weg") is None


@pytest.mark.parametrize(
    ("meta", "modules"),
    [("modules: [contacts, sale]", ("contacts", "sale")), ("modules: stock", ("stock",)), ("", ())],
)
def test_front_matter_modules_are_read(tmp_path, meta, modules):
    assert parse_howto(write(tmp_path, f"---\n{meta}\n---\n# T\n")).modules == modules


def test_front_matter_modules_that_are_no_names_are_a_format_error(tmp_path):
    path = write(tmp_path, "---\ntitle: T\nmodules:\n  sale: yes\n---\n# T\n")

    error = format_error(path)

    assert error.line == 3
    assert "give a list of Odoo module names" in str(error)


# -- series scopes -----------------------------------------------------------------------------
SCOPED = """\
---
odoo: ">=17.0"
---
# Mit Series

## Für alle

Öffnen Sie *Einstellungen*.

Gilt ab <Badge type="info" text="Odoo17" vertical="middle" />.

Klicken Sie auf *Speichern*.

* **Eins**: immer noch ab 17
* Nur hier <Badge text="Odoo18" /> **Zwei**: 18

Gilt bis Odoo16.

Alte Welt.

Valid from 19.0: only this one.

## Danach <Badge text="Odoo19"/>

Neuer Abschnitt.

## Ohne

Odoo 17 hat das nicht, sagt die Prosa.
"""


@pytest.fixture
def scoped(tmp_path):
    return parse_howto(write(tmp_path, SCOPED))


def scopes(section) -> list[tuple[str, str | None]]:
    return [(step.text, step.scope.spec if step.scope else None) for step in section.steps]


def test_scope_line_applies_to_the_blocks_after_it_up_to_the_next_scope(scoped):
    assert scopes(scoped.section("Für alle")) == [
        ("Öffnen Sie Einstellungen.", None),
        ("Klicken Sie auf Speichern.", ">=17.0"),
        ("Eins: immer noch ab 17", ">=17.0"),
        ("Nur hier Zwei: 18", "==18.*"),
        ("Alte Welt.", "<17.0"),
        ("only this one.", ">=19.0"),
    ]


def test_badge_inside_a_list_item_scopes_that_item_only(scoped):
    step = scoped.section("Für alle").step_with("Zwei")

    assert (step.scope.spec, step.kind, step.pairs) == ("==18.*", "item", None)
    assert step.scope.applies("18.0")
    assert not step.scope.applies("17.0")


def test_badge_in_a_heading_scopes_the_section_and_leaves_the_title(scoped):
    section = scoped.section("Danach")

    assert (section.title, section.anchor) == ("Danach", "danach")
    assert scopes(section) == [("Neuer Abschnitt.", "==19.*")]


def test_a_heading_ends_the_scope_above_it_and_prose_naming_a_series_is_no_scope(scoped):
    assert scopes(scoped.section("Ohne")) == [("Odoo 17 hat das nicht, sagt die Prosa.", None)]


def test_front_matter_odoo_scopes_the_whole_howto(scoped):
    assert scoped.scope.spec == ">=17.0"
    assert scoped.scope.applies("19.0")
    assert not scoped.scope.applies("16.0")


@pytest.mark.parametrize(
    ("line", "spec"),
    [
        ('Valid until <Badge text="Odoo16" />.', "<17.0"),
        ('Gilt bis <Badge type="warning" text="Odoo 18"/>', "<19.0"),
        ("Valid from Odoo 18.", ">=18.0"),
        ('<Badge text="v17"/>', "==17.*"),
    ],
)
def test_scope_words_and_badges_in_english_and_german(tmp_path, line, spec):
    howto = parse_howto(write(tmp_path, f"# T\n\n{line}\n\nSchritt.\n"))

    assert scopes(howto.sections[0]) == [("Schritt.", spec)]


def test_front_matter_odoo_that_names_no_series_is_a_format_error(tmp_path):
    error = format_error(write(tmp_path, "---\nodoo: bald\n---\n# T\n"))

    assert error.line == 1
    assert "names no series" in str(error)


# -- quotes, code blocks, markup ---------------------------------------------------------------
def test_quotes_and_code_blocks_are_steps_odoo_may_have_said(tmp_path):
    text = "# T\n\n> Zugriff *verweigert*\n> bitte\n\n```text\nFehler: X\n```\n\n```sh\nls\n```\n"

    steps = parse_howto(write(tmp_path, text)).sections[0].steps

    assert [(s.kind, s.text, s.line, s.end_line, s.quoted) for s in steps] == [
        ("quote", "Zugriff verweigert bitte", 3, 4, True),
        ("code", "Fehler: X", 6, 8, True),
        ("code", "ls", 10, 12, False),
    ]


def test_labels_and_paths_keep_the_markup_they_were_written_with(tmp_path):
    text = "# T\n\nÖffnen Sie _A > B_, dann *C*, **D** und __E__.\n"

    step = parse_howto(write(tmp_path, text)).sections[0].steps[0]

    assert step.paths[0].markup == "_"
    assert [(label.text, label.markup) for label in step.labels] == [
        ("C", "*"),
        ("D", "**"),
        ("E", "__"),
    ]
