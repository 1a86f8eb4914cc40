"""--update-text on a copy of the seed, against a real Odoo: the patch holds the label and
path edits and the missing steps; after writing them, a second run has none of those
findings left, the behaviour drifts and external steps remain, and git diff of the copy
shows nothing but the edited spans. The copy is made at run time, never committed."""

from __future__ import annotations

import shutil
import subprocess

#: The seed's main scenarios and the generic checks; the failure scenarios find nothing to
#: edit and only make the two runs longer.
TESTS = ("tests/howtos/test_einstellungen_oauth.py", "tests/howtos/test_generic_checks.py")


def git(folder, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def drift(run) -> list[dict]:
    return [
        f for h in run.report["howtos"] for s in h["sections"] for f in s["findings"] if f["drift"]
    ]


def words(finding: dict) -> tuple[str, str]:
    """A finding as it would come back after its edit: its kind and the doc's words (a
    missing step by what it is about; lines move when steps are added)."""
    if finding["kind"] == "missing-step":
        return ("missing-step", finding["subject"])
    return (finding["kind"], finding["doc"])


def test_update_text_fixes_a_copy_of_the_seed_and_a_second_run_proves_it(
    seed_dir, howto_proof, tmp_path
):
    docs = tmp_path / "docs"
    shutil.copytree(seed_dir, docs)
    git(docs, "init", "-q")
    git(docs, "add", ".")
    git(docs, "commit", "-q", "-m", "the seed")

    first = howto_proof(docs, "--update-text", tests=TESTS)

    patch = (first.reports / "howto-fixes.patch").read_text()
    assert "+Schalten Sie zuerst den Entwicklermodus ein" in patch  # a missing step
    assert "*Einstellungen > Technisch > E-Mail > Posteingangsserver*" in patch  # a path
    assert "*OAuth-Benutzer-ID*" in patch  # an English label
    assert "*Mit Google anmelden*" in patch
    fixed = {words(f) for f in drift(first) if f.get("fix", "").startswith("fix:")}
    assert fixed, first.output

    diff = git(docs, "diff", "--unified=0")
    removed = [
        line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")
    ]
    assert all("*" in line or "`" in line for line in removed), diff  # edited spans only
    assert git(docs, "apply", "--check", "-R", str(first.reports / "howto-fixes.patch")) == ""

    second = howto_proof(docs, tests=TESTS)

    remaining = {words(f) for f in drift(second)}
    assert not fixed & remaining, sorted(fixed & remaining)
    behaviour = [f for f in drift(first) if f["kind"] == "behaviour"]
    assert behaviour  # the b2c login and the subject id: for the writer, never edited
    assert len([f for f in drift(second) if f["kind"] == "behaviour"]) == len(behaviour)
    externals = [f for h in second.report["howtos"] for s in h["sections"]
                 for f in s["findings"] if f["kind"] == "external"]  # fmt: skip
    assert externals
