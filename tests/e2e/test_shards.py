"""A run split in two shards (--shard 1/2, 2/2) against a real Odoo, joined by the merge:
each shard proves only its part, and the merged report has every how-to with the verdicts,
screens and reports one run would have written."""

from __future__ import annotations

import json

from fixtures.howto.merge import main as merge
from fixtures.howto.shards import OUTCOMES
from fixtures.options import PROJECT_ROOT

DOCS = PROJECT_ROOT / "docs" / "howtos"
#: Two of our how-tos without scenarios: one piece each (their generic checks).
HOWTOS = ("system-parameters", "quotation-templates")
TESTS = ("tests/howtos/test_generic_checks.py",)


def test_two_shards_merged_give_the_report_of_one_run(howto_proof, tmp_path):
    picked = [f"--howto={name}" for name in HOWTOS]
    first = howto_proof(DOCS, "--shard=1/2", *picked, tests=TESTS)
    second = howto_proof(DOCS, "--shard=2/2", *picked, tests=TESTS)
    assert first.returncode == 0, first.output
    assert second.returncode == 0, second.output

    outcomes = [json.loads((r.reports / OUTCOMES).read_text()) for r in (first, second)]
    ran = [{o["howto"] for o in shard["outcomes"]} for shard in outcomes]
    assert sorted(map(len, ran)) == [1, 1], ran  # one how-to in each shard
    assert ran[0] | ran[1] == set(HOWTOS)

    merged = tmp_path / "merged"
    folders = [str(first.reports), str(second.reports)]
    code = merge([*folders, "--docs-root", str(DOCS), "--reports-dir", str(merged)])
    assert code == 0
    report = json.loads((merged / "howto-report.json").read_text())
    verdicts = {
        (h["name"], s["anchor"]): s["verdict"] for h in report["howtos"] for s in h["sections"]
    }
    assert {name for name, _ in verdicts} == set(HOWTOS)
    assert set(verdicts.values()) == {"checked"}, verdicts
    for name in ("howto-report.md", "howto-report.html", "junit.xml", "howto-durations.json"):
        assert (merged / name).is_file(), name
    captures = list((merged / "screens").rglob("*.now.png"))
    assert captures, "the shards' captures were not copied into the merged reports"
    durations = json.loads((merged / "howto-durations.json").read_text())
    assert set(durations) == {f"{name}#checks" for name in HOWTOS}
