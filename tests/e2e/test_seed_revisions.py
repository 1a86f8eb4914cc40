"""Revisions of the seed how-to, as a wiki makes them, against a real Odoo: a page renamed,
its account type worded as the suite has never seen; and a folder of how-tos with no
scenario of their own. The copies are made from the seed at run time, never committed."""

from __future__ import annotations

import shutil

import pytest

from fixtures.options import PROJECT_ROOT

ACCOUNT_TYPE_LINE = "* **Unterstützte Kontentypen**:"
REGISTRATION = "odoo-als-oauth-app-auf-azure-registrieren"
CONNECTION = "outlook-oauth-verbindung-einrichten"


def revised(seed_dir, folder, account_type: str, name: str = "oauth-in-odoo.md"):
    """The seed, renamed, with its account-type line reworded."""
    folder.mkdir()
    shutil.copytree(seed_dir / "assets", folder / "assets")
    lines = (seed_dir / "einstellungen-oauth.md").read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(ACCOUNT_TYPE_LINE))
    lines[index] = f"{ACCOUNT_TYPE_LINE} {account_type}"
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_a_renamed_seed_with_an_unknown_account_type_keeps_its_odoo_steps_proven(
    seed_dir, howto_proof, tmp_path
):
    docs = revised(seed_dir, tmp_path / "docs", "Konten aus allen Verzeichnissen (Multi-Org-App)")

    run = howto_proof(docs, "-k", "registrieren or verbindung_einrichten or generic")

    assert run.returncode == 0, run.output
    registration = run.section("oauth-in-odoo", REGISTRATION)
    assert [s["outcome"] for s in registration["scenarios"]] == ["passed"]  # bound by title
    facts = [f for f in registration["findings"] if f["kind"] == "fact"]
    assert len(facts) == 1, registration["findings"]
    assert "is not one howto-proof knows" in facts[0]["actual"]
    assert "Multi-Org-App" in facts[0]["actual"]
    connection = run.section("oauth-in-odoo", CONNECTION)
    assert connection["verdict"] in ("proven", "drifted"), connection["reason"]
    assert [s["outcome"] for s in connection["scenarios"]] == ["passed"]


def test_a_single_tenant_account_type_fails_at_the_provider_at_once(
    seed_dir, howto_proof, tmp_path
):
    docs = revised(
        seed_dir,
        tmp_path / "docs",
        "Nur Konten in diesem Organisationsverzeichnis (einzelner Mandant)",
    )

    run = howto_proof(docs, "-k", "test_outlook_oauth_verbindung_einrichten")

    assert run.returncode == 1, run.output
    connection = run.section("oauth-in-odoo", CONNECTION)
    assert connection["verdict"] == "broken"
    (scenario,) = connection["scenarios"]
    assert "AADSTS50194" in scenario["message"]
    assert "the identity provider stopped with an error" in scenario["message"]
    assert "Timeout" not in scenario["message"]


@pytest.mark.parametrize(("fail_on", "code"), [("broken", 0), ("drift", 1)])
def test_a_folder_without_scenarios_reports_every_howto_and_exits_by_the_verdicts(
    howto_proof, tmp_path, fail_on, code
):
    docs = tmp_path / "docs"
    shutil.copytree(PROJECT_ROOT / "tests" / "data" / "planted", docs)

    run = howto_proof(docs, f"--fail-on={fail_on}")

    assert run.returncode == code, run.output
    assert {h["name"] for h in run.report["howtos"]} == {
        "kontakte-ordnen", "lagerorte", "system-parameters", "quotation-templates",
    }  # fmt: skip
    assert {s["verdict"] for h in run.report["howtos"] for s in h["sections"]} == {"drifted"}
    for name in ("howto-report.md", "howto-report.html", "junit.xml"):
        assert "Einen Lagerort anlegen" in (run.reports / name).read_text()
