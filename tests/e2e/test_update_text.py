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


def drift(run) -> dict[str, dict]:
    return {
        f["subject"] or f"{f['kind']}:{f['line']}:{f['doc'].casefold()}": f
        for h in run.report["howtos"]
        for s in h["sections"]
        for f in s["findings"]
        if f["drift"]
    }


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
    fixed = {key for key, f in drift(first).items() if f.get("fix", "").startswith("fix:")}
    left = {key for key, f in drift(first).items() if key not in fixed}
    assert fixed, first.output

    diff = git(docs, "diff", "--unified=0")
    removed = [
        line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")
    ]
    assert all("*" in line or "`" in line for line in removed), diff  # edited spans only
    assert git(docs, "apply", "--check", "-R", str(first.reports / "howto-fixes.patch")) == ""

    second = howto_proof(docs, tests=TESTS)

    remaining = set(drift(second))
    assert not fixed & remaining, sorted(fixed & remaining)
    kinds = {f["kind"] for f in drift(second).values()}
    assert "behaviour" in kinds  # the b2c login and the subject id are for the writer
    assert left <= remaining  # what was left for the writer is still there
    externals = [f for h in second.report["howtos"] for s in h["sections"]
                 for f in s["findings"] if f["kind"] == "external"]  # fmt: skip
    assert externals
