"""Every how-to of a run is judged and reported, whatever code it has: an inner pytest runs
the project's plugins over how-tos written here, on a machine without an Odoo (the Odoo
checks skip, as on a fresh CI machine), so what is under test is the binding of scenarios
to how-tos and sections, the reports and the exit code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from fixtures.options import PROJECT_ROOT

pytest_plugins = ["pytester"]  # here, not in a conftest below the rootdir: pytest refuses that

LAGER = """\
---
title: Lagerorte einrichten
lang: de
---
# Lagerorte einrichten

## Einen Lagerort anlegen

Öffnen Sie *Lager > Konfiguration > Lagerorte* und klicken Sie auf *Neu*.

## Lagerorte ausblenden {#ausblenden}

Archivieren Sie den Lagerort.
"""
KONTAKTE = """\
---
id: kontakte-pflegen
lang: de
---
# Kontakte pflegen

## Einen Kontakt anlegen

Öffnen Sie *Kontakte* und klicken Sie auf *Neu*.
"""
SCENARIO = """\
import pytest

@pytest.mark.howto("{howto}", "{section}")
def test_scenario(section, proof):
    proof.steps_run.append(section.steps[0].line)
    assert section.steps
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch, tmp_path) -> pytest.Pytester:
    """An inner project on a machine with git but no docker (the default Odoo target)."""
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "git").symlink_to(shutil.which("git"))
    monkeypatch.setenv("PATH", str(tools))
    monkeypatch.delenv("HOWTO_PROOF_MASTER_PASSWORD", raising=False)
    pytester.syspathinsert(PROJECT_ROOT)
    pytester.makeconftest((PROJECT_ROOT / "conftest.py").read_text())
    checks = (PROJECT_ROOT / "tests" / "howtos" / "test_generic_checks.py").read_text()
    pytester.makepyfile(test_inner_generic_checks=checks)  # not the outer module's name
    docs = pytester.path / "docs"
    docs.mkdir()
    (docs / "lagerorte.md").write_text(LAGER, encoding="utf-8")
    (docs / "kontakte.md").write_text(KONTAKTE, encoding="utf-8")
    return pytester


def run(project: pytest.Pytester, *args: str) -> pytest.RunResult:
    # pytest-playwright's soft assertion scope is global and may not nest in this process.
    return project.runpytest(
        "-p", "no:playwright", "-p", "no:cacheprovider", "--if-no-odoo=skip",
        f"--docs-root={project.path / 'docs'}", f"--reports-dir={project.path / 'reports'}",
        *args,
    )  # fmt: skip


def report(project: pytest.Pytester) -> dict:
    return json.loads((project.path / "reports" / "howto-report.json").read_text())


def verdicts(project: pytest.Pytester) -> dict[str, dict[str, str]]:
    return {
        h["name"]: {s["title"]: s["verdict"] for s in h["sections"]}
        for h in report(project)["howtos"]
    }


# -- every how-to in every report ---------------------------------------------------------
def test_howtos_without_scenarios_are_all_in_every_report(project):
    result = run(project)

    assert result.ret == pytest.ExitCode.OK  # not "no tests ran"
    assert verdicts(project) == {
        "kontakte": {"Einen Kontakt anlegen": "unverified"},
        "lagerorte": {"Einen Lagerort anlegen": "unverified", "Lagerorte ausblenden": "unverified"},
    }
    for name in ("howto-report.md", "howto-report.html", "junit.xml"):
        text = (project.path / "reports" / name).read_text()
        assert "Kontakt anlegen" in text
        assert "Lagerort anlegen" in text
    reason = report(project)["howtos"][0]["sections"][0]["reason"]
    assert reason.startswith("no Odoo target: No Docker engine")
    result.stdout.fnmatch_lines(["kontakte: 1 unverified", "lagerorte: 2 unverified"])


def test_a_run_that_selects_no_test_still_reports_and_exits_by_the_verdicts(project):
    result = run(project, "-k", "nothing-matches-this")

    assert result.ret == pytest.ExitCode.OK
    assert set(verdicts(project)) == {"kontakte", "lagerorte"}


# -- binding by identity ------------------------------------------------------------------
def test_a_scenario_names_its_howto_by_title_and_its_section_by_heading(project):
    project.makepyfile(
        test_lager=SCENARIO.format(howto="Lagerorte einrichten", section="Einen Lagerort anlegen")
    )

    run(project).assert_outcomes(passed=1, skipped=2)

    assert verdicts(project)["lagerorte"]["Einen Lagerort anlegen"] == "proven"


def test_a_renamed_file_keeps_its_scenarios_by_its_front_matter_id(project):
    docs = project.path / "docs"
    (docs / "kontakte.md").rename(docs / "adressen.md")
    project.makepyfile(
        test_kontakte=SCENARIO.format(howto="kontakte-pflegen", section="Einen Kontakt anlegen")
    )

    run(project).assert_outcomes(passed=1, skipped=2)

    assert verdicts(project)["adressen"] == {"Einen Kontakt anlegen": "proven"}


def test_a_renamed_heading_keeps_its_scenarios_by_its_anchor(project):
    docs = project.path / "docs"
    text = LAGER.replace(
        "## Lagerorte ausblenden {#ausblenden}", "## Lagerorte archivieren {#ausblenden}"
    )
    (docs / "lagerorte.md").write_text(text, encoding="utf-8")
    project.makepyfile(test_lager=SCENARIO.format(howto="lagerorte", section="ausblenden"))

    run(project).assert_outcomes(passed=1, skipped=2)

    assert verdicts(project)["lagerorte"]["Lagerorte archivieren"] == "proven"


def test_a_scenario_whose_section_is_gone_is_reported_lost_not_dropped(project):
    project.makepyfile(test_lager=SCENARIO.format(howto="lagerorte", section="Lagerorte zählen"))

    result = run(project)

    result.assert_outcomes(skipped=3)
    (lost,) = report(project)["howtos"][1]["sections_lost"]
    assert lost["section"] == "Lagerorte zählen"
    assert lost["scenarios"][0].endswith("test_lager.py::test_scenario")
    result.stdout.fnmatch_lines(
        ["*lost*lagerorte > 'Lagerorte zählen': the doc has no such section*"]
    )
    assert "Lagerorte zählen (lost)" in (project.path / "reports" / "junit.xml").read_text()


def test_a_scenario_of_a_howto_not_in_the_run_is_left_out(project):
    project.makepyfile(test_lager=SCENARIO.format(howto="verkauf", section="Angebote"))

    run(project).assert_outcomes(skipped=2, deselected=1)


def test_howto_option_picks_a_howto_by_title(project):
    run(project, "--howto", "Lagerorte einrichten")

    assert set(verdicts(project)) == {"lagerorte"}


# -- gating a pull request ------------------------------------------------------------------
def git(project: pytest.Pytester, *args: str) -> None:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                   "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}  # fmt: skip
    subprocess.run(["git", "-C", str(project.path / "docs"), *args], check=True,
                   capture_output=True, env=environment)  # fmt: skip


def test_changed_since_proves_only_the_howtos_changed_since_the_ref(project):
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "docs")
    docs = project.path / "docs"
    (docs / "kontakte.md").write_text(KONTAKTE + "\nNoch ein Satz.\n", encoding="utf-8")

    result = run(project, "--changed-since", "HEAD")

    assert set(verdicts(project)) == {"kontakte"}
    result.stdout.fnmatch_lines(
        ["--changed-since HEAD: 1 how-to(s) changed, 1 unchanged and left out"]
    )


def test_changed_since_takes_a_howto_whose_image_changed(project):
    docs = project.path / "docs"
    (docs / "bilder").mkdir()
    (docs / "bilder" / "orte.png").write_bytes(b"old")
    (docs / "lagerorte.md").write_text(LAGER + "\n![Orte](bilder/orte.png)\n", encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "docs")
    (docs / "bilder" / "orte.png").write_bytes(b"new")

    run(project, "--changed-since", "HEAD")

    assert set(verdicts(project)) == {"lagerorte"}


def test_changed_since_with_nothing_changed_reports_that_and_passes(project):
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "docs")

    result = run(project, "--changed-since", "HEAD")

    assert result.ret == pytest.ExitCode.OK
    assert verdicts(project) == {}
    result.stdout.fnmatch_lines(["--changed-since HEAD: 0 how-to(s) changed, 2 unchanged*"])


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("none", "is not in a git repository"),
        ("repo", "git does not know 'origin/gibt-es-nicht'"),
    ],
)
def test_changed_since_that_cannot_work_says_why_in_one_message(project, setup, message):
    if setup == "repo":
        git(project, "init", "-q")
        git(project, "add", ".")
        git(project, "commit", "-q", "-m", "docs")

    result = run(project, "--changed-since", "origin/gibt-es-nicht")

    assert result.ret == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in result.stderr.lines if line.startswith("ERROR: ")]
    assert len(errors) == 1
    assert message in errors[0]
