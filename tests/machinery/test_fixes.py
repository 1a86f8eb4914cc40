"""From findings to doc changes (--update-text): the how-tos are written by the tests, the
findings are what a run would have found, and what is under test is the edit: exactly the
span the finding points at, the doc's markup kept, everything else byte for byte."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from fixtures.errors import UsageError
from fixtures.howto.fixes import ADDED, patch, plan_fixes, write_docs
from fixtures.howto.parse import parse_howto
from fixtures.howto.proof import Finding
from fixtures.howto.verdicts import SectionResult
from fixtures.howto.verdicts import TestOutcome as Outcome  # not a test class for pytest

# ruff: noqa: E501 (the how-to's lines are as long as a writer makes them)

DOC = """\
---
title: Server einrichten
lang: de-DE
---
# Server einrichten

## Einen Server anlegen {#anlegen}

Öffnen Sie *Einstellungen > Technisch > Eingehender Mail-Server* und klicken Sie auf *Edit settings*.

Gilt ab <Badge type="info" text="Odoo17" vertical="middle" />.

* **Servertyp**: Outlook OAuth
* Klicken Sie auf _Connect your Outlook account_ und auf __Save__, siehe [Hilfe](https://example.com/x).

Odoo meldet dann:

> Der Zugriff wurde verweigert
> für dieses Konto.

Installieren Sie das Modul `microsoft_outlok`.
"""


def finding(kind: str, doc: str, suggestion: str | None, line: int, **more) -> Finding:
    return Finding(kind=kind, doc=doc, actual=suggestion or "?", suggestion=suggestion,
                   verdict="near", line=line, **more)  # fmt: skip


PATH = finding(
    "path",
    "Einstellungen > Technisch > Eingehender Mail-Server",
    "Einstellungen > Technisch > E-Mail > Posteingangsserver",
    9,
)
EDIT_SETTINGS = finding("label", "Edit settings", "Einstellungen bearbeiten", 9)
VALUE = finding("value", "Outlook OAuth", "Outlook-OAuth-Authentifizierung", 13)
CONNECT = finding("label", "Connect your Outlook account", "Verbinden Sie Ihr Outlook-Konto", 14)
SAVE = finding("label", "Save", "Speichern", 14)
MESSAGE = finding(
    "message", "Der Zugriff wurde verweigert für dieses Konto.", "Zugriff verweigert.", 18
)
MODULE = finding("module", "microsoft_outlok", "microsoft_outlook", 21)
DEVELOPER = Finding(
    kind="missing-step", doc="(not in the doc)", actual="developer mode first", line=9,
    subject="developer-mode",
    insert="Schalten Sie zuerst den Entwicklermodus ein: *Einstellungen > Entwicklertools > "
    "Entwicklermodus aktivieren*.",
)  # fmt: skip


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "server.md").write_text(DOC, encoding="utf-8")
    return folder


def results(docs: Path, *findings: Finding, series=("",)) -> list[SectionResult]:
    howto = parse_howto(docs / "server.md", docs)
    section = howto.section("anlegen")
    return [
        SectionResult(
            howto, section, [Outcome("t", "passed", list(findings), series=one)], series=one
        )
        for one in series
    ]


def edited(docs: Path, *findings: Finding) -> str:
    plan = plan_fixes(results(docs, *findings))
    return plan.texts.get((docs / "server.md").resolve(), DOC)


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]


# -- exactly the span, the markup kept ---------------------------------------------------------
@pytest.mark.parametrize(
    ("found", "old", "new"),
    [
        (EDIT_SETTINGS, "*Edit settings*", "*Einstellungen bearbeiten*"),
        (CONNECT, "_Connect your Outlook account_", "_Verbinden Sie Ihr Outlook-Konto_"),
        (SAVE, "__Save__", "__Speichern__"),
        (PATH, "*Einstellungen > Technisch > Eingehender Mail-Server*",
         "*Einstellungen > Technisch > E-Mail > Posteingangsserver*"),
        (MODULE, "`microsoft_outlok`", "`microsoft_outlook`"),
    ],
    ids=["star", "underscore", "strong", "path", "module"],
)  # fmt: skip
def test_an_edit_changes_the_span_in_its_own_markup_and_nothing_else(docs, found, old, new):
    after = edited(docs, found)

    ((line_before, line_after),) = changed_lines(DOC, after)
    assert line_before.replace(old, new) == line_after


def test_a_value_is_edited_after_its_field_with_the_field_kept(docs):
    after = edited(docs, VALUE)

    assert "* **Servertyp**: Outlook-OAuth-Authentifizierung\n" in after


def test_several_edits_on_one_line_keep_the_links_and_each_others(docs):
    after = edited(docs, CONNECT, SAVE)

    line = after.splitlines()[13]
    assert line == (
        "* Klicken Sie auf _Verbinden Sie Ihr Outlook-Konto_ und auf __Speichern__, siehe "
        "[Hilfe](https://example.com/x)."
    )


def test_badges_anchors_and_front_matter_stay_byte_for_byte(docs):
    after = edited(docs, PATH, EDIT_SETTINGS, VALUE, CONNECT, SAVE, MODULE)

    for kept in (
        'Gilt ab <Badge type="info" text="Odoo17" vertical="middle" />.',
        "## Einen Server anlegen {#anlegen}",
        "---\ntitle: Server einrichten\n",
    ):
        assert kept in after  # fmt: skip
    assert len(after.splitlines()) == len(DOC.splitlines())


def test_a_path_keeps_the_docs_own_steps_after_the_place(docs):
    (docs / "server.md").write_text(
        DOC.replace("Eingehender Mail-Server*", "Eingehender Mail-Server > Server wählen*"), "utf-8"
    )
    tail = finding("path", "Einstellungen > Technisch > Eingehender Mail-Server > Server wählen",
                   "Einstellungen > Technisch > E-Mail > Posteingangsserver", 9,
                   replacement="Einstellungen > Technisch > E-Mail > Posteingangsserver > "
                   "Server wählen")  # fmt: skip

    after = edited(docs, tail)

    assert "*Einstellungen > Technisch > E-Mail > Posteingangsserver > Server wählen*" in after


def test_a_reworded_message_replaces_the_quote_in_its_own_style(docs):
    after = edited(docs, MESSAGE)

    assert "> Zugriff verweigert.\n\nInstallieren" in after
    assert "für dieses Konto" not in after


# -- missing steps ------------------------------------------------------------------------------
def test_a_missing_step_is_added_before_its_step_as_a_marked_sentence(docs):
    after = edited(docs, DEVELOPER)

    lines = after.splitlines()
    assert lines[8] == f"{DEVELOPER.insert} {ADDED}"
    assert lines[9] == ""
    assert lines[10].startswith("Öffnen Sie *Einstellungen > Technisch")
    assert (
        parse_howto_text(docs, after)
        .section("anlegen")
        .steps[0]
        .text.startswith("Schalten Sie zuerst den Entwicklermodus ein")
    )


def test_a_missing_step_before_a_list_item_is_a_list_item(docs):
    before_item = Finding(kind="missing-step", doc="(not in the doc)", actual="x", line=13,
                          insert="Setzen Sie zuerst das Häkchen bei *Outlook*.")  # fmt: skip

    after = edited(docs, before_item)

    assert f"* Setzen Sie zuerst das Häkchen bei *Outlook*. {ADDED}\n* **Servertyp**" in after


# -- what is never edited ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("found", "why"),
    [
        (Finding(kind="behaviour", doc="a", actual="b", suggestion="c", line=9), "behaviour"),
        (Finding(kind="fact", doc="a", actual="b", suggestion="c", line=9), "fact"),
        (finding("path", "Einstellungen > Technisch > Eingehender Mail-Server", None, 9),
         "no single suggestion"),
        (Finding(kind="missing-step", doc="(not in the doc)", actual="x", line=9),
         "no sentence"),
    ],
    ids=["behaviour", "fact", "unclear-path", "missing-step-without-sentence"],
)  # fmt: skip
def test_findings_without_one_clear_edit_are_left_for_the_writer(docs, found, why):
    plan = plan_fixes(results(docs, found))

    assert plan.edits == []
    ((_, left, reason),) = plan.left
    assert left is found
    assert why in reason


def test_a_finding_on_some_series_only_is_left_to_be_scoped(docs):
    howto_results = results(docs, series=("18.0", "19.0"))
    howto_results[1].tests[0].findings.append(EDIT_SETTINGS)

    plan = plan_fixes(howto_results)

    assert plan.edits == []
    assert "scope the step" in plan.left[0][2]


def test_an_edit_that_would_break_the_doc_is_refused_and_said(docs):
    breaking = finding("label", "Edit settings", "Einstellungen > ", 9)

    plan = plan_fixes(results(docs, breaking, EDIT_SETTINGS.__class__(**{
        **EDIT_SETTINGS.__dict__, "doc": "Edit settings", "line": 99})))  # fmt: skip

    ((edit, why),) = plan.refused
    assert edit.finding is breaking
    assert "no longer" in why
    assert plan.texts == {}


# -- the patch and the writing ----------------------------------------------------------------
def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@e.x",
                    *args], check=True, capture_output=True)  # fmt: skip


def test_the_patch_applies_with_git_apply_to_the_same_text_as_update_text(docs, tmp_path):
    plan = plan_fixes(results(docs, PATH, EDIT_SETTINGS, VALUE, MESSAGE, MODULE, DEVELOPER))
    diff = patch(plan, docs)
    copy = tmp_path / "copy"
    shutil.copytree(docs, copy)
    git(copy, "init", "-q")
    (copy / "fixes.patch").write_text(diff, encoding="utf-8")

    git(copy, "apply", "fixes.patch")
    write_docs(plan, docs, force=True)

    assert (copy / "server.md").read_text() == (docs / "server.md").read_text()
    assert diff.startswith("--- a/server.md\n+++ b/server.md\n")
    assert (
        diff.count("@@ -") == 4
    )  # per edit; those on line 9 (and the step added before it) share one


def test_update_text_refuses_a_howto_with_changes_not_committed(docs):
    git(docs, "init", "-q")
    git(docs, "add", ".")
    git(docs, "commit", "-q", "-m", "docs")
    (docs / "server.md").write_text(DOC + "\nMeine eigene Änderung.\n", encoding="utf-8")
    plan = plan_fixes(results(docs, EDIT_SETTINGS))

    with pytest.raises(UsageError, match=r"changes that are not committed \(server.md\)"):
        write_docs(plan, docs)

    assert "Meine eigene Änderung" in (docs / "server.md").read_text()
    write_docs(plan, docs, force=True)
    assert "*Einstellungen bearbeiten*" in (docs / "server.md").read_text()


def test_update_text_never_writes_the_seed(docs, monkeypatch):
    import fixtures.howto.fixes as fixes

    monkeypatch.setattr(fixes, "READ_ONLY", (docs,))
    plan = plan_fixes(results(docs, EDIT_SETTINGS))

    with pytest.raises(UsageError, match="only reads the seed how-to"):
        write_docs(plan, docs, force=True)
    assert (docs / "server.md").read_text() == DOC


def test_update_text_refuses_how_tos_outside_a_git_checkout_unless_forced(docs):
    plan = plan_fixes(results(docs, EDIT_SETTINGS))

    with pytest.raises(UsageError, match="not a git checkout"):
        write_docs(plan, docs)
    assert (docs / "server.md").read_text() == DOC


def parse_howto_text(docs: Path, text: str):
    path = docs / "edited.md"
    path.write_text(text, encoding="utf-8")
    return parse_howto(path, docs)


def test_a_step_added_before_a_line_leaves_that_lines_own_edits_in_place(docs):
    after = edited(docs, DEVELOPER, PATH, EDIT_SETTINGS)

    assert "*Einstellungen > Technisch > E-Mail > Posteingangsserver*" in after
    assert "*Einstellungen bearbeiten*" in after
    assert after.index(ADDED) < after.index("Posteingangsserver")


def test_the_patch_is_the_same_after_the_docs_were_written(docs):
    plan = plan_fixes(results(docs, EDIT_SETTINGS))
    before = patch(plan, docs)

    write_docs(plan, docs, force=True)

    assert patch(plan, docs) == before
    assert "-Öffnen Sie" in before
