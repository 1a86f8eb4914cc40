"""The reports a run writes (Markdown, JUnit, HTML, JSON) and what screenshots do to a
section's verdict.

Section results are built from the model directly: a how-to with a drifted, a broken, an
unverified, an external and a proven section, findings of every kind, and screen results.
"""

from __future__ import annotations

import json
import secrets as random
from pathlib import Path
from xml.etree import ElementTree

import pytest

from fixtures.howto.model import Howto, Image, Section, Step
from fixtures.howto.proof import Finding
from fixtures.howto.report import as_html, as_json, as_junit, as_markdown, write_reports
from fixtures.howto.verdicts import SectionResult, results_for
from fixtures.howto.verdicts import TestOutcome as Outcome  # not a test class for pytest
from fixtures.redact import secrets
from fixtures.screens.model import ScreenResult

DOCS = Path("/docs/howtos")
REPORTS = Path("/runs/reports")
SCREENS = REPORTS / "screens" / "mailserver"

LABEL = Finding(kind="label", doc="Speicher", actual="Speichern", suggestion="Speichern",
                verdict="near", why="different wording or a typo", line=43)  # fmt: skip
PATH = Finding(kind="path", doc="Einstellungen > Posteingang", actual="Einstellungen > "
               "Technisch > Posteingangsserver", suggestion="Einstellungen > Technisch > "
               "Posteingangsserver", verdict="near", line=14)  # fmt: skip
MISSING_STEP = Finding(kind="missing-step", doc="(not in the doc)",
                       actual="activate developer mode first",
                       suggestion="activate developer mode first", line=17)  # fmt: skip
BEHAVIOUR = Finding(kind="behaviour", doc="the list is sorted by name", actual="sorted by date",
                    suggestion="say it is sorted by date", line=20)  # fmt: skip
EXTERNAL = Finding(kind="external", doc="Register the app", actual="Azure portal", line=30,
                   drift=False)  # fmt: skip

FAILURE = (
    "Section «Server prüfen» (mailserver.md:41), the step\n"
    "  «Klicken Sie auf Verbindung testen.»\n"
    "did not work: TimeoutError: button 'Verbindung testen' not found"
)


def image(name: str, line: int) -> Image:
    return Image(f"bilder/{name}", "", line, DOCS / "bilder" / name)


SERVER_PNG = image("Server.png", 22)
AZURE_PNG = image("Azure.png", 30)


def changed_screen(picture: Image = SERVER_PNG, similarity: float = 0.91) -> ScreenResult:
    stem = Path(picture.src).stem
    return ScreenResult(
        picture,
        "changed",
        similarity,
        doc=SCREENS / f"{stem}.doc.png",
        capture=SCREENS / f"{stem}.now.png",
        diff=SCREENS / f"{stem}.diff.png",
    )


def section(title: str, anchor: str, line: int, *steps: Step) -> Section:
    return Section(title, anchor, 2, line, steps=list(steps) or [Step("Tun.", line + 1)])


DRIFTED = section(
    "Posteingangsserver anlegen",
    "anlegen",
    12,
    Step("Öffnen.", 14),
    Step("", 22, images=(SERVER_PNG,)),
    Step("", 30, images=(AZURE_PNG,)),
)
BROKEN = section("Server prüfen", "prufen", 40)
UNVERIFIED = section("Server löschen", "loschen", 50)
EXTERNAL_SECTION = section("App registrieren", "registrieren", 60)
PROVEN = section("Server archivieren", "archivieren", 70)
HOWTO = Howto(
    "mailserver",
    DOCS / "mailserver.md",
    "Mailserver einrichten",
    {},
    "de_DE",
    [DRIFTED, BROKEN, UNVERIFIED, EXTERNAL_SECTION, PROVEN],
)


def outcome(state: str = "passed", *findings: Finding, **kwargs) -> Outcome:
    return Outcome(f"tests/howtos/test_mail.py::test_{state}", state, list(findings), **kwargs)


def drifted(*findings: Finding, screens: list[ScreenResult] | None = None) -> SectionResult:
    findings = findings or (LABEL, PATH, MISSING_STEP, BEHAVIOUR, EXTERNAL)
    screens = (
        [changed_screen(), ScreenResult(AZURE_PNG, "external")] if screens is None else screens
    )
    return SectionResult(HOWTO, DRIFTED, [outcome("passed", *findings, duration=1.5)], screens)


def all_results(**drift) -> list[SectionResult]:
    return [
        drifted(**drift),
        SectionResult(HOWTO, BROKEN, [outcome("failed", message=FAILURE, duration=2.0)]),
        SectionResult(
            HOWTO, UNVERIFIED, [outcome("skipped", message="no Odoo target: Docker is down")]
        ),
        SectionResult(HOWTO, EXTERNAL_SECTION, [outcome("passed", EXTERNAL, external=True)]),
        SectionResult(HOWTO, PROVEN, [outcome("passed")]),
    ]


def bullets(markdown: str, title: str) -> list[str]:
    """The list items under a section's heading."""
    block = markdown.split(f"### {title} — ")[1].split("\n### ")[0]
    return [line for line in block.splitlines() if line.startswith("- ")]


def cases(junit: bytes) -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(junit)
    return {case.get("name"): case for case in root.iter("testcase")}


# -- Markdown --------------------------------------------------------------------------------
def test_markdown_heads_each_section_with_its_verdict():
    markdown = as_markdown(all_results())

    headings = [line for line in markdown.splitlines() if line.startswith("### ")]
    assert headings == [
        "### Posteingangsserver anlegen — drifted",
        "### Server prüfen — broken",
        "### Server löschen — unverified",
        "### App registrieren — external",
        "### Server archivieren — proven",
    ]
    assert "5 sections, coverage 80%: 1 proven, 1 drifted, 1 broken, 1 unverified, 1 external" in (
        markdown
    )


def test_markdown_gives_each_drift_finding_as_a_suggested_edit_with_its_line():
    assert bullets(as_markdown(all_results()), "Posteingangsserver anlegen") == [
        "- line 43: *Speicher* → *Speichern* (near: different wording or a typo)",
        "- line 14: *Einstellungen > Posteingang* → "
        "*Einstellungen > Technisch > Posteingangsserver* (near)",
        "- line 17: add a step: activate developer mode first",
        "- line 20: the doc says «the list is sorted by name»; Odoo: sorted by date. "
        "Suggestion: say it is sorted by date.",
        "- image Server.png: changed (91% alike), see Server.diff.png",
        "- image Azure.png: external",
        "- not run (outside Odoo), lines 30",
    ]


def test_markdown_drift_without_a_suggestion_says_what_odoo_has_instead():
    no_such_tab = Finding(kind="label", doc="Tab OAuth öffnen", line=65, verdict="missing",
                          actual="the form has no such tab (its tabs: 'Kalender')",
                          why="no tab of the form fits it")  # fmt: skip

    (edit,) = bullets(as_markdown([drifted(no_such_tab, screens=[])]), "Posteingangsserver anlegen")

    assert edit == (
        "- line 65: *Tab OAuth öffnen*: the form has no such tab (its tabs: 'Kalender') "
        "(missing: no tab of the form fits it)"
    )


def test_markdown_finding_without_a_line_has_no_line_prefix():
    unplaced = Finding(kind="fact", doc="Port 993", actual="Port 995")

    (edit,) = bullets(as_markdown([drifted(unplaced, screens=[])]), "Posteingangsserver anlegen")

    assert edit == "- the doc says «Port 993»; Odoo: Port 995."


def test_markdown_says_why_a_section_is_broken_or_unverified():
    markdown = as_markdown(all_results())

    assert bullets(markdown, "Server prüfen") == [
        "- **broken**: did not work: TimeoutError: button 'Verbindung testen' not found"
    ]
    assert bullets(markdown, "Server löschen") == ["- no Odoo target: Docker is down"]
    assert bullets(markdown, "Server archivieren") == [
        "- every step ran and every stated outcome held"
    ]


# -- JUnit -----------------------------------------------------------------------------------
def test_junit_is_valid_xml_with_one_testcase_per_section():
    root = ElementTree.fromstring(as_junit(all_results()))

    (suite,) = root.iter("testsuite")
    assert suite.get("name") == "mailserver"
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", "1", "1")
    assert [case.get("name") for case in suite.iter("testcase")] == [
        "Posteingangsserver anlegen",
        "Server prüfen",
        "Server löschen",
        "App registrieren",
        "Server archivieren",
    ]
    assert {case.get("classname") for case in suite.iter("testcase")} == {"mailserver"}


def test_junit_broken_section_fails_with_the_reason_and_the_scenarios_message():
    case = cases(as_junit(all_results()))["Server prüfen"]

    failure = case.find("failure")
    assert failure.get("message") == (
        "broken: did not work: TimeoutError: button 'Verbindung testen' not found"
    )
    assert FAILURE in failure.text
    assert case.get("time") == "2.00"


def test_junit_drifted_section_passes_with_its_edits_in_system_out():
    case = cases(as_junit(all_results()))["Posteingangsserver anlegen"]

    assert case.find("failure") is None
    assert case.find("skipped") is None
    out = case.find("system-out").text
    assert out.startswith("drifted: 4 finding(s), 1 screenshot(s) changed\n")
    assert "- line 43: *Speicher* → *Speichern* (near: different wording or a typo)" in out
    assert "- image Server.png: changed (91% alike), see Server.diff.png" in out


def test_junit_drifted_section_fails_with_fail_on_drift():
    junit = as_junit(all_results(), fail_on="drift")

    case = cases(junit)["Posteingangsserver anlegen"]
    failure = case.find("failure")
    assert failure.get("message") == "drifted: 4 finding(s), 1 screenshot(s) changed"
    assert "- line 17: add a step: activate developer mode first" in failure.text
    assert case.find("system-out") is None
    assert ElementTree.fromstring(junit).find("testsuite").get("failures") == "2"


def test_junit_unverified_section_is_skipped_with_the_reason():
    case = cases(as_junit(all_results()))["Server löschen"]

    assert case.find("skipped").get("message") == "no Odoo target: Docker is down"
    assert case.find("failure") is None


@pytest.mark.parametrize(
    ("title", "verdict", "line"),
    [
        ("Posteingangsserver anlegen", "drifted", "12"),
        ("Server prüfen", "broken", "40"),
        ("Server löschen", "unverified", "50"),
        ("App registrieren", "external", "60"),
        ("Server archivieren", "proven", "70"),
    ],
)
def test_junit_properties_give_verdict_and_line(title, verdict, line):
    case = cases(as_junit(all_results()))[title]

    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert properties == {"verdict": verdict, "line": line}


def test_junit_stays_valid_xml_when_a_message_has_control_characters():
    message = "did not work: Error: \x1b[31mred\x1b[0m text\x00 and a \x08 backspace"
    result = SectionResult(HOWTO, BROKEN, [outcome("failed", message=message)])

    failure = cases(as_junit([result]))["Server prüfen"].find("failure")

    assert failure.get("message") == (
        "broken: did not work: Error: \\x1b[31mred\\x1b[0m text\\x00 and a \\x08 backspace"
    )
    assert failure.text.startswith(failure.get("message").removeprefix("broken: "))


# -- HTML ------------------------------------------------------------------------------------
def test_html_shows_the_doc_the_capture_and_the_diff_with_relative_paths():
    html = as_html(all_results(), REPORTS)

    assert '<img src="screens/mailserver/Server.doc.png"' in html
    assert '<img src="screens/mailserver/Server.now.png"' in html
    assert '<img src="screens/mailserver/Server.diff.png"' in html
    assert str(REPORTS) not in html
    assert html.count("<figure>") == 6  # three per screen: Server.png and Azure.png
    assert "<em>no picture</em>" in html  # Azure.png, an external screen, has none


def test_html_names_every_section_with_its_verdict_and_edits():
    html = as_html(all_results(), REPORTS)

    for verdict, title in [
        ("drifted", "Posteingangsserver anlegen"),
        ("broken", "Server prüfen"),
        ("unverified", "Server löschen"),
        ("external", "App registrieren"),
        ("proven", "Server archivieren"),
    ]:
        assert f'<span class="verdict {verdict}">{verdict}</span> {title}' in html
    assert "line 17: add a step: activate developer mode first" in html


def test_html_escapes_the_docs_text():
    hostile = Finding(kind="behaviour", doc="<script>alert(1)</script>", actual="a & b", line=9)

    html = as_html([drifted(hostile, screens=[])], REPORTS)

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a &amp; b" in html


# -- JSON and the files ----------------------------------------------------------------------
def test_write_reports_writes_the_four_reports_into_the_folder(tmp_path):
    folder = tmp_path / "reports"

    written = write_reports(all_results(), folder)

    names = ["howto-report.json", "howto-report.md", "howto-report.html", "junit.xml"]
    assert written == [folder / name for name in names]
    assert all(path.is_file() and path.stat().st_size > 0 for path in written)
    ElementTree.parse(folder / "junit.xml")


def test_json_screen_paths_are_relative_to_the_reports_folder(tmp_path):
    folder = tmp_path / "reports"
    screen = changed_screen()
    screen = ScreenResult(
        screen.image,
        "changed",
        0.9,
        doc=folder / "screens" / "mailserver" / "Server.doc.png",
        capture=folder / "screens" / "mailserver" / "Server.now.png",
        diff=folder / "screens" / "mailserver" / "Server.diff.png",
        updated=True,
    )

    write_reports([drifted(LABEL, screens=[screen])], folder)

    report = json.loads((folder / "howto-report.json").read_text(encoding="utf-8"))
    (entry,) = report["howtos"][0]["sections"][0]["screens"]
    assert entry == {
        "image": "bilder/Server.png",
        "line": 22,
        "verdict": "changed",
        "similarity": 0.9,
        "doc": "screens/mailserver/Server.doc.png",
        "capture": "screens/mailserver/Server.now.png",
        "diff": "screens/mailserver/Server.diff.png",
        "updated": True,
    }


def test_json_screen_without_captures_has_null_paths():
    (section,) = as_json([drifted(LABEL, screens=[ScreenResult(AZURE_PNG, "external")])], REPORTS)[
        "howtos"
    ][0]["sections"]

    assert section["screens"] == [
        {"image": "bilder/Azure.png", "line": 30, "verdict": "external", "similarity": None,
         "doc": None, "capture": None, "diff": None, "updated": False}
    ]  # fmt: skip


def test_registered_secrets_never_appear_in_any_report(tmp_path):
    secret = "client-secret-" + random.token_hex(8)
    secrets.add(secret)
    leak = Finding(kind="label", doc="Client Secret", actual=secret, suggestion=secret,
                   verdict="missing", why=f"value {secret}", line=33)  # fmt: skip
    results = [
        SectionResult(HOWTO, DRIFTED, [outcome("passed", leak)]),
        SectionResult(HOWTO, BROKEN, [outcome("failed", message=f"{FAILURE}\n{secret}")]),
        SectionResult(HOWTO, BROKEN, [outcome("failed", message=f"did not work: {secret}")]),
        SectionResult(HOWTO, UNVERIFIED, [outcome("skipped", message=f"token {secret} expired")]),
    ]

    for fail_on in ("broken", "drift"):
        written = write_reports(results, tmp_path / fail_on, fail_on=fail_on)

        for path in written:
            text = path.read_text(encoding="utf-8")
            assert secret not in text, path.name
            assert "<redacted sha256:" in text or "&lt;redacted sha256:" in text, path.name


# -- what screenshots do to a verdict --------------------------------------------------------
@pytest.mark.parametrize(
    ("mode", "verdict", "reason"),
    [
        ("warn", "drifted", "1 screenshot(s) changed"),
        ("strict", "broken", "1 screenshot(s) changed (--screenshots strict)"),
        ("off", "proven", ""),
    ],
)
def test_a_changed_screenshot_drifts_breaks_or_is_ignored_by_mode(mode, verdict, reason):
    result = SectionResult(HOWTO, DRIFTED, [outcome("passed")], [changed_screen()], mode)

    assert (result.verdict, result.reason) == (verdict, reason)


def test_a_missing_doc_image_counts_as_a_changed_screenshot():
    missing = ScreenResult(SERVER_PNG, "missing", capture=SCREENS / "Server.now.png")

    result = SectionResult(HOWTO, DRIFTED, [outcome("passed")], [missing])

    assert (result.verdict, result.reason) == ("drifted", "1 screenshot(s) changed")


@pytest.mark.parametrize("kind", ["same", "not captured", "external"])
@pytest.mark.parametrize("mode", ["warn", "strict"])
def test_screens_that_are_not_changed_leave_a_proven_section_proven(kind, mode):
    screen = ScreenResult(SERVER_PNG, kind, 1.0 if kind == "same" else None)

    assert SectionResult(HOWTO, DRIFTED, [outcome("passed")], [screen], mode).verdict == "proven"


def test_a_failed_step_stays_the_reason_of_a_strict_break():
    result = SectionResult(
        HOWTO, DRIFTED, [outcome("failed", message=FAILURE)], [changed_screen()], "strict"
    )

    assert result.reason == "did not work: TimeoutError: button 'Verbindung testen' not found"


def test_results_for_marks_images_of_external_steps_external_and_others_not_captured():
    captured = changed_screen(image("Neu.png", 24))
    images = Section(
        "Bilder",
        "bilder",
        2,
        10,
        steps=[
            Step("", 30, images=(AZURE_PNG,)),
            Step("", 22, images=(SERVER_PNG,)),
            Step("", 24, images=(captured.image,)),
        ],
    )
    howto = Howto("mailserver", DOCS / "mailserver.md", "Mail", {}, "de_DE", [images])
    test = outcome("passed", EXTERNAL, screens=[captured])

    (result,) = results_for([howto], {("mailserver", "bilder", ""): [test]})

    assert [(s.image.name, s.verdict) for s in result.screens] == [
        ("Azure.png", "external"),
        ("Server.png", "not captured"),
        ("Neu.png", "changed"),
    ]
    assert result.screens[2] is captured


def test_results_for_marks_every_image_not_captured_without_scenarios():
    (result, *_) = results_for([HOWTO], {})

    assert [(s.image.name, s.verdict) for s in result.screens] == [
        ("Server.png", "not captured"),
        ("Azure.png", "not captured"),
    ]
    assert result.verdict == "unverified"


def test_results_for_with_screenshots_off_gives_no_screens():
    test = outcome("passed", screens=[changed_screen()])

    (result, *_) = results_for([HOWTO], {("mailserver", "anlegen", ""): [test]}, screenshots="off")

    assert result.screens == []
    assert (result.screenshots, result.verdict) == ("off", "proven")


def test_pictures_outside_the_sections_are_listed_as_not_captured(tmp_path):
    from fixtures.howto.parse import parse_howto
    from fixtures.howto.report import as_json, as_markdown
    from fixtures.howto.verdicts import results_for

    doc = tmp_path / "icon.md"
    doc.write_text("# Titel\n\n![Symbol](assets/icon.png)\n\n## Schritt\n\nKlicken Sie.\n")
    howto = parse_howto(doc)

    results = results_for([howto], {})
    report = as_json(results)

    assert report["howtos"][0]["images_outside_sections"] == [
        {"image": "assets/icon.png", "line": 3, "verdict": "not captured"}
    ]
    assert "Pictures outside the sections, not captured: icon.png (line 3)" in as_markdown(results)


# -- several series -------------------------------------------------------------------------
def series_results() -> list[SectionResult]:
    renamed = Finding(kind="label", doc="Kostenlose Anmeldung", actual="Freie Registrierung",
                      suggestion="Freie Registrierung", verdict="near", line=43)  # fmt: skip
    return [
        SectionResult(HOWTO, DRIFTED, [outcome("passed", series="17.0")], series="17.0"),
        SectionResult(HOWTO, DRIFTED, [outcome("passed", series="18.0")], series="18.0"),
        SectionResult(HOWTO, DRIFTED, [outcome("passed", renamed, series="19.0")], series="19.0"),
    ]


def test_differences_between_series_are_said_in_words():
    from fixtures.howto.report import differences

    assert differences(series_results()) == [
        "18.0 → 19.0: proven → drifted (1 finding(s))",
        "18.0 → 19.0: *Kostenlose Anmeldung* is now *Freie Registrierung*",
    ]


def test_a_fact_on_a_series_where_the_section_broke_first_is_not_said_to_hold():
    """On 19.0 the scenario broke before it reached the fact that drifted on 18.0: no
    finding there is no proof that the fact holds."""
    from fixtures.howto.report import differences

    fact = Finding(kind="fact", doc="OAuth User ID: the user's name", line=64,
                   actual="Odoo matches the provider's subject id")  # fmt: skip
    broke = outcome("failed", series="19.0")
    group = [
        SectionResult(HOWTO, DRIFTED, [outcome("passed", fact, series="18.0")], series="18.0"),
        SectionResult(HOWTO, DRIFTED, [broke], series="19.0"),
    ]

    said = differences(group)

    assert group[1].verdict == "broken"
    assert not any("holds again" in line for line in said), said
    assert said[-1] == (
        "18.0 → 19.0: *OAuth User ID: the user's name* not judged on 19.0 (broken there; "
        "on 18.0: Odoo matches the provider's subject id)"
    )


def test_markdown_shows_each_series_verdict_in_a_table_and_the_differences():
    markdown = as_markdown(series_results())

    assert "Odoo series: 17.0, 18.0, 19.0" in markdown
    assert "| 19.0 | drifted | 1 finding(s) |" in markdown
    assert "- 18.0 → 19.0: *Kostenlose Anmeldung* is now *Freie Registrierung*" in markdown


def test_junit_names_each_case_with_its_series_when_the_run_has_several():
    names = set(cases(as_junit(series_results())))

    assert names == {f"Posteingangsserver anlegen [{s}]" for s in ("17.0", "18.0", "19.0")}


def test_json_gives_each_series_its_own_verdict_and_the_worst_on_top():
    (section,) = as_json(series_results())["howtos"][0]["sections"]

    assert section["verdict"] == "drifted"
    assert {k: v["verdict"] for k, v in section["series"].items()} == {
        "17.0": "proven", "18.0": "proven", "19.0": "drifted",
    }  # fmt: skip
    assert section["differences"][1] == (
        "18.0 → 19.0: *Kostenlose Anmeldung* is now *Freie Registrierung*"
    )


def test_a_section_written_for_other_series_is_not_applicable_there():
    from fixtures.howto.model import SeriesScope

    scoped = Step("Tun.", 51, scope=SeriesScope("<19.0", "Gilt bis Odoo18", 50))
    section = Section("Server löschen", "loschen", 2, 49, steps=[scoped])

    on_19 = SectionResult(
        HOWTO, section, [outcome("skipped", message="not applicable")], series="19.0"
    )
    on_18 = SectionResult(HOWTO, section, [], series="18.0")

    assert (on_19.verdict, on_19.reason) == (
        "not applicable",
        "written for other series (Gilt bis Odoo18), not for 19.0",
    )
    assert on_18.verdict == "unverified"
    junit = cases(as_junit([on_19]))["Server löschen"]
    assert junit.find("skipped") is not None
