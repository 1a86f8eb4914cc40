"""From a scenario's steps to a section's verdict: failures that quote the doc (and never a
secret), findings where the doc's words differ, one verdict per section, and the JSON report.

The how-to is built from the model directly, so these tests do not depend on the parser.
"""

from __future__ import annotations

import json
import secrets as random
from pathlib import Path

import pytest

from fixtures.howto.labels import UiText
from fixtures.howto.model import Howto, Image, Label, NavPath, Section, Step
from fixtures.howto.proof import Finding, Proof, StepFailed
from fixtures.howto.report import SCHEMA_VERSION, as_json
from fixtures.howto.verdicts import SectionResult, coverage, headline, results_for
from fixtures.howto.verdicts import TestOutcome as Outcome  # not a test class for pytest
from fixtures.redact import secrets

SETTINGS = UiText("app", "Einstellungen", "Settings")
TECHNICAL = UiText("menu", "Technisch", "Technical")
INCOMING = UiText("menu", "Posteingangsserver", "Incoming Mail Servers", key="incoming")
NEW = UiText("button", "Neu", "New", key="new")
SAVE = UiText("button", "Speichern", "Save", key="save")
ARCHIVE = UiText("button", "Archivieren", "Archive", key="archive")

OPEN = Step(
    text="Öffnen Sie Einstellungen > Technisch > Posteingangsserver und klicken Sie auf Neu.",
    line=14,
    paths=(
        NavPath(
            "Einstellungen > Technisch > Posteingangsserver",
            ("Einstellungen", "Technisch", "Posteingangsserver"),
            14,
        ),
    ),
    labels=(Label("Neu", 14),),
)
FILL = Step(
    text="Tragen Sie den Server ein und klicken Sie auf Speicher.",
    line=16,
    labels=(Label("Server", 16), Label("Speicher", 16)),
)
PICTURE = Step(
    text="",
    line=18,
    images=(Image("bilder/Azure Portal.png", "", 18, Path("/docs/bilder/Azure Portal.png")),),
)


def make_howto(*sections: Section, name: str = "mailserver") -> Howto:
    return Howto(
        name=name,
        path=Path(f"/docs/{name}.md"),
        title="Mailserver einrichten",
        meta={},
        lang="de_DE",
        sections=list(sections),
    )


def server_section(*extra: Step) -> Section:
    return Section(
        title="Posteingangsserver anlegen",
        anchor="posteingangsserver-anlegen",
        level=2,
        line=12,
        parents=("Mailserver einrichten",),
        steps=[OPEN, FILL, PICTURE, *extra],
    )


@pytest.fixture
def proof() -> Proof:
    section = server_section()
    return Proof(make_howto(section), section)


# -- Proof.step: failures that quote the doc -----------------------------------------------
def test_failing_step_is_told_with_section_file_line_and_the_steps_words(proof):
    with pytest.raises(StepFailed) as caught, proof.step(OPEN):
        raise LookupError("menu 'Technisch' not found")

    assert str(caught.value).splitlines() == [
        "Section «Posteingangsserver anlegen» (mailserver.md:14), the step",
        f"  «{OPEN.text}»",
        "did not work: LookupError: menu 'Technisch' not found",
    ]


def test_failing_step_keeps_the_original_error_as_its_cause(proof):
    error = TimeoutError("Timeout 5000ms exceeded")
    with pytest.raises(StepFailed) as caught, proof.step(OPEN):
        raise error

    assert caught.value.__cause__ is error


def test_step_is_found_by_its_words(proof):
    with pytest.raises(StepFailed, match=r"\(mailserver.md:16\)"), proof.step("Speicher"):
        raise RuntimeError("no such button")


def test_playwright_call_log_is_left_out_of_the_message(proof):
    with pytest.raises(StepFailed) as caught, proof.step(OPEN):
        raise TimeoutError("Timeout 5000ms exceeded.\nCall log:\n  - waiting for locator")

    assert caught.value.args[0].endswith("did not work: TimeoutError: Timeout 5000ms exceeded.")


def test_failure_names_the_artifacts_when_kept(proof):
    proof.artifacts = "reports/artifacts/test-server"
    with pytest.raises(StepFailed) as caught, proof.step(OPEN):
        raise RuntimeError("boom")

    assert str(caught.value).splitlines()[-1] == (
        "Playwright's artifacts (with --screenshot only-on-failure, --tracing "
        "retain-on-failure): reports/artifacts/test-server"
    )


def test_step_failed_inside_a_step_passes_through_unchanged(proof):
    inner = StepFailed("already told")
    with pytest.raises(StepFailed) as caught, proof.step(OPEN):
        raise inner

    assert caught.value is inner


def test_steps_that_work_are_recorded_by_line(proof):
    with proof.step(OPEN):
        pass
    with proof.step("Speicher"):
        pass

    assert proof.steps_run == [14, 16]


def test_registered_secret_never_appears_in_a_step_failure(proof):
    secret = "client-secret-" + random.token_hex(8)
    secrets.add(secret)

    with pytest.raises(StepFailed) as caught, proof.step(OPEN):
        raise ValueError(f"token endpoint refused client_secret={secret}")

    assert secret not in str(caught.value)
    assert "client_secret=<redacted sha256:" in str(caught.value)


# -- Proof.outcome ---------------------------------------------------------------------------
def test_outcome_that_holds_passes_silently(proof):
    proof.outcome("the server is listed", holds=True, actual="listed")

    assert proof.findings == []


def test_outcome_that_does_not_hold_quotes_the_promise_and_what_was_seen(proof):
    with pytest.raises(StepFailed) as caught:
        proof.outcome("the server is listed", holds=False, actual="an empty list", step=FILL)

    assert str(caught.value).splitlines() == [
        "Section «Posteingangsserver anlegen» (mailserver.md:16) promises: the server is listed",
        "but Odoo shows: an empty list",
    ]


def test_outcome_without_a_step_names_the_sections_line(proof):
    with pytest.raises(StepFailed, match=r"\(mailserver.md:12\) promises"):
        proof.outcome("a token is stored", holds=False, actual="no token")


def test_registered_secret_never_appears_in_an_outcome_failure(proof):
    secret = "refresh-" + random.token_hex(8)
    secrets.add(secret)

    with pytest.raises(StepFailed) as caught:
        proof.outcome("the token is renewed", holds=False, actual=f"still {secret}")

    assert secret not in str(caught.value)


# -- Proof.label / labels --------------------------------------------------------------------
def test_exact_label_records_no_finding(proof):
    match = proof.label(OPEN.labels[0], NEW)

    assert match.verdict == "exact"
    assert proof.findings == []


def test_near_label_records_a_label_finding_with_the_docs_line(proof):
    proof.label(Label("Speicher", 16), SAVE)

    assert proof.findings == [
        Finding(kind="label", doc="Speicher", actual="Speichern", suggestion="Speichern",
                verdict="near", why="different wording or a typo", line=16)
    ]  # fmt: skip


def test_label_given_as_text_takes_the_line_it_is_told(proof):
    proof.label("Entwurf", ARCHIVE, line=20)

    (finding,) = proof.findings
    assert (finding.verdict, finding.line) == ("missing", 20)


def test_label_the_doc_does_not_give_is_not_judged(proof):
    assert proof.label(None, SAVE) is None
    assert proof.findings == []


def test_labels_pairs_each_ui_element_with_the_best_fitting_word(proof):
    server = UiText("field", "Server", "Server", key="server")

    judged = proof.labels(FILL, SAVE, server)

    assert (judged["save"].doc, judged["save"].verdict) == ("Speicher", "near")
    assert (judged["server"].doc, judged["server"].verdict) == ("Server", "exact")
    assert [(f.doc, f.actual) for f in proof.findings] == [("Speicher", "Speichern")]


def test_labels_gives_none_for_an_element_the_step_does_not_name(proof):
    judged = proof.labels(OPEN, NEW, ARCHIVE)

    assert judged["new"].verdict == "exact"
    assert judged["archive"] is None
    assert proof.findings == []


def test_labels_does_not_pair_a_word_that_fits_worse_than_a_rename(proof):
    step = Step(
        text="Klicken Sie auf Speicher und Banane.",
        line=16,
        labels=(Label("Speicher", 16), Label("Banane", 16)),
    )

    judged = proof.labels(step, SAVE, ARCHIVE)

    assert judged["archive"] is None
    assert [(f.doc, f.actual) for f in proof.findings] == [("Speicher", "Speichern")]


# -- Proof.path --------------------------------------------------------------------------------
def test_exact_path_records_no_finding(proof):
    match = proof.path(OPEN.paths[0], [SETTINGS, TECHNICAL, INCOMING])

    assert match.verdict == "exact"
    assert proof.findings == []


def test_path_that_differs_records_a_path_finding_with_the_suggestion(proof):
    doc = NavPath("Einstellungen > Posteingangsserver", ("Einstellungen", "Posteingangsserver"), 9)

    proof.path(doc, [SETTINGS, TECHNICAL, INCOMING])

    (finding,) = proof.findings
    assert finding.kind == "path"
    assert finding.doc == "Einstellungen > Posteingangsserver"
    assert finding.suggestion == "Einstellungen > Technisch > Posteingangsserver"
    assert finding.line == 9
    assert "leaves out 'Technisch'" in finding.why


def test_path_finding_says_where_a_missing_word_fits_among_alternatives(proof):
    doc = NavPath("Einstellungen > Postausgang > Posteingangsserver",
                  ("Einstellungen", "Postausgang", "Posteingangsserver"), 9)  # fmt: skip
    outgoing = UiText("menu", "Postausgangsserver", "Outgoing Mail Servers")

    proof.path(doc, [SETTINGS, TECHNICAL, INCOMING], alternatives=[TECHNICAL, outgoing])

    assert "the doc's 'Postausgang' fits 'Postausgangsserver'" in proof.findings[0].why


def test_developer_mode_path_records_a_missing_step(proof):
    proof.path(OPEN.paths[0], [SETTINGS, TECHNICAL, INCOMING], needs_developer_mode=True)

    (finding,) = proof.findings
    assert finding.kind == "missing-step"
    assert finding.doc == "(not in the doc)"
    assert finding.actual.startswith(
        "Einstellungen > Technisch > Posteingangsserver is only shown in developer mode"
    )
    assert finding.line == 14


@pytest.mark.parametrize(
    "mention",
    ["Aktivieren Sie zuerst den Entwicklermodus.", "Switch on developer mode first."],
)
def test_developer_mode_mentioned_in_the_section_records_no_missing_step(mention):
    section = server_section(Step(text=mention, line=10))
    proof = Proof(make_howto(section), section)

    proof.path(OPEN.paths[0], [SETTINGS, TECHNICAL, INCOMING], needs_developer_mode=True)

    assert proof.findings == []


# -- Proof.external ----------------------------------------------------------------------------
def test_external_step_is_a_note_that_is_not_drift(proof):
    proof.external(OPEN, "Azure portal")

    (finding,) = proof.findings
    assert (finding.kind, finding.actual, finding.line, finding.drift) == (
        "external", "Azure portal", 14, False,
    )  # fmt: skip
    assert not proof.drifted


def test_external_picture_step_is_shown_by_its_image_names(proof):
    proof.external(PICTURE, "Azure portal")

    assert proof.findings[0].doc == "Azure Portal.png"


def test_any_drift_finding_makes_the_proof_drifted(proof):
    proof.external(OPEN, "Azure portal")
    proof.behaviour("the list is sorted by name", "sorted by date")

    assert proof.drifted


# -- verdicts ------------------------------------------------------------------------------------
LABEL_DRIFT = Finding(kind="label", doc="Speicher", actual="Speichern", line=16)
EXTERNAL_NOTE = Finding(kind="external", doc="Portal", actual="Azure portal", drift=False)


def result(*tests: Outcome) -> SectionResult:
    section = server_section()
    return SectionResult(make_howto(section), section, list(tests))


def outcome(state: str = "passed", *findings: Finding, **kwargs) -> Outcome:
    return Outcome(f"tests/test_x.py::test_{state}", state, list(findings), **kwargs)


@pytest.mark.parametrize(
    ("tests", "verdict"),
    [
        pytest.param([outcome("passed"), outcome("failed")], "broken", id="one-failed"),
        pytest.param([outcome("error")], "broken", id="setup-error"),
        pytest.param([outcome("failed", LABEL_DRIFT)], "broken", id="failed-beats-drift"),
        pytest.param([], "unverified", id="no-tests"),
        pytest.param([outcome("skipped"), outcome("skipped")], "unverified", id="all-skipped"),
        pytest.param([outcome("passed", LABEL_DRIFT)], "drifted", id="drift-finding"),
        pytest.param([outcome("passed", external=True)], "external", id="external-only"),
        pytest.param(
            [outcome("passed", EXTERNAL_NOTE, external=True), outcome("skipped")],
            "external",
            id="external-with-note-and-skip",
        ),
        pytest.param(
            [outcome("passed", LABEL_DRIFT, external=True)], "drifted", id="external-with-drift"
        ),
        pytest.param(
            [outcome("passed", external=True), outcome("passed")], "proven", id="partly-external"
        ),
        pytest.param([outcome("passed", EXTERNAL_NOTE)], "proven", id="note-is-not-drift"),
        pytest.param([outcome("passed"), outcome("skipped")], "proven", id="passed-and-skipped"),
    ],
)
def test_section_verdict(tests, verdict):
    assert result(*tests).verdict == verdict


def test_broken_reason_is_the_headline_of_the_first_failure():
    message = "Section «X» (x.md:3), the step\n  «Klicken»\ndid not work: TimeoutError: 5s"

    assert result(outcome("passed"), outcome("failed", message=message)).reason == (
        "did not work: TimeoutError: 5s"
    )


def test_broken_reason_without_message_is_the_outcome():
    assert result(outcome("error")).reason == "error"


def test_unverified_reason_is_the_skip_message():
    assert result(outcome("skipped", message="no Odoo target: Docker is not running")).reason == (
        "no Odoo target: Docker is not running"
    )


def test_unverified_reason_without_tests_says_no_scenario_proves_it():
    assert result().reason == "no scenario proves this section"


def test_drifted_reason_counts_the_drift_findings():
    assert result(outcome("passed", LABEL_DRIFT, EXTERNAL_NOTE)).reason == "1 finding(s)"


def test_findings_are_deduplicated_across_tests_in_first_seen_order():
    other = Finding(kind="path", doc="A > B", actual="A > C > B", line=14)
    twin = Finding(kind="label", doc="Speicher", actual="Speichern", line=16, why="worded else")

    findings = result(outcome("passed", LABEL_DRIFT, other), outcome("passed", twin)).findings

    assert findings == [LABEL_DRIFT, other]


def test_results_for_gives_one_result_per_content_section_with_its_tests():
    grouping = Section("Konfiguration", "konfiguration", 2, 5)
    covered = server_section()
    bare = Section("Server löschen", "server-loschen", 2, 30, steps=[Step("Löschen.", 31)])
    howto = make_howto(grouping, covered, bare)
    passed = outcome("passed")

    results = results_for([howto], {("mailserver", "posteingangsserver-anlegen", ""): [passed]})

    assert [(r.section.title, r.tests) for r in results] == [
        ("Posteingangsserver anlegen", [passed]),
        ("Server löschen", []),
    ]


def test_coverage_is_the_share_of_sections_not_unverified():
    results = [result(outcome("passed")), result(outcome("failed")), result(), result()]

    assert coverage(results) == 0.5
    assert coverage([]) == 0.0


@pytest.mark.parametrize(
    ("message", "line"),
    [
        ("Section «X» (x.md:3), the step\n  «A»\ndid not work: E: e", "did not work: E: e"),
        ("Section «X» (x.md:3) promises: P\nbut Odoo shows: Q", "but Odoo shows: Q"),
        ("\n  AssertionError: 1 != 2\nmore", "AssertionError: 1 != 2"),
        ("", ""),
    ],
)
def test_headline_is_the_line_that_says_what_went_wrong(message, line):
    assert headline(message) == line


# -- the JSON report -----------------------------------------------------------------------------
def test_report_json_has_summary_counts_and_sections_with_findings():
    section = server_section()
    other = Section("Server prüfen", "server-prufen", 2, 40, steps=[Step("Prüfen.", 41)])
    howto = make_howto(section, other)
    drift = Finding(kind="label", doc="Speicher", actual="Speichern", suggestion="Speichern",
                    verdict="near", line=16)  # fmt: skip
    results = [
        SectionResult(howto, section, [outcome("passed", drift)]),
        SectionResult(howto, other, []),
    ]

    report = json.loads(json.dumps(as_json(results)))

    assert report["schema"] == SCHEMA_VERSION
    assert report["summary"] == {
        "sections": 2, "coverage": 0.5, "proven": 0, "checked": 0, "drifted": 1, "broken": 0,
        "unverified": 1, "external": 0, "not applicable": 0,
    }  # fmt: skip
    (entry,) = report["howtos"]
    assert entry["path"] == "/docs/mailserver.md"
    assert [(s["title"], s["verdict"]) for s in entry["sections"]] == [
        ("Posteingangsserver anlegen", "drifted"),
        ("Server prüfen", "unverified"),
    ]
    (finding,) = entry["sections"][0]["findings"]
    assert {k: finding[k] for k in ("kind", "doc", "actual", "suggestion", "line")} == {
        "kind": "label", "doc": "Speicher", "actual": "Speichern", "suggestion": "Speichern",
        "line": 16,
    }  # fmt: skip
    assert entry["sections"][0]["scenarios"][0]["outcome"] == "passed"


def test_report_json_redacts_registered_secrets_in_findings():
    secret = "secret-" + random.token_hex(8)
    secrets.add(secret)
    leak = Finding(kind="fact", doc="Client Secret", actual=f"the app has {secret}")

    report = as_json([result(outcome("passed", leak))])

    assert secret not in json.dumps(report)
