"""End-to-end tests of howto-proof as a whole: a second howto-proof run (its own pytest
process) against this run's Odoo, over how-tos these tests prepare."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from fixtures.howto.plugin import run_ceiling
from fixtures.options import PROJECT_ROOT

#: The seed how-to, external input read where it lies (never copied into the project).
SEED_DIR = Path(os.environ.get("HOWTO_PROOF_SEED_DIR", PROJECT_ROOT.parent / "shared" / "howtos"))
#: A howto-proof run over a few how-tos takes this long at most on two cores.
INNER_TIMEOUT = 1200
#: An e2e test's own ceiling (pytest-timeout; the suite's 300 s is for one scenario): it may
#: start several inner runs, each bounded above, so theirs speaks first, with their output.
E2E_CEILING = 3 * INNER_TIMEOUT


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not run_ceiling(config):  # --timeout 0: no ceiling, here as for every other test
        return
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(E2E_CEILING))


@dataclass
class InnerRun:
    returncode: int
    report: dict | None
    output: str
    reports: Path

    def howto(self, name: str) -> dict:
        return next(h for h in self.report["howtos"] if h["name"] == name)

    def section(self, howto: str, anchor: str) -> dict:
        return next(s for s in self.howto(howto)["sections"] if s["anchor"] == anchor)


@pytest.fixture
def seed_dir() -> Path:
    if not (SEED_DIR / "einstellungen-oauth.md").is_file():
        pytest.skip(f"the seed how-to is not at {SEED_DIR} (set HOWTO_PROOF_SEED_DIR)")
    return SEED_DIR


@pytest.fixture
def howto_proof(odoo_server, odoo_target, howto_settings, tmp_path):
    """Run howto-proof over a docs root against this run's Odoo (as an --odoo-url target;
    the master password goes through the environment, never on a command line)."""

    def run(docs_root: Path, *args: str, tests: tuple[str, ...] = ("tests/howtos",)) -> InnerRun:
        reports = tmp_path / f"reports-{len(list(tmp_path.glob('reports-*')))}"
        command = [
            sys.executable, "-m", "pytest", *tests, "-p", "no:cacheprovider",
            f"--odoo-url={odoo_server.url}", f"--docs-root={docs_root}",
            f"--reports-dir={reports}", *args,
        ]  # fmt: skip
        if howto_settings.odoo_source:
            command.append(f"--odoo-source={howto_settings.odoo_source}")
        environment = {**os.environ, "HOWTO_PROOF_MASTER_PASSWORD": odoo_server.master_password}
        try:
            done = subprocess.run(
                command,
                cwd=PROJECT_ROOT,
                env=environment,
                capture_output=True,
                text=True,
                timeout=INNER_TIMEOUT,
            )
        except subprocess.TimeoutExpired as expired:
            output = expired.output or ""
            output = output.decode(errors="replace") if isinstance(output, bytes) else output
            pytest.fail(
                f"howto-proof over {docs_root} did not end within {INNER_TIMEOUT} s (stopped).\n"
                f"Its output:\n{output[-4000:]}\nOdoo's log:\n{odoo_target.log_tail(80)}",
                pytrace=False,
            )
        path = reports / "howto-report.json"
        report = json.loads(path.read_text()) if path.exists() else None
        return InnerRun(done.returncode, report, done.stdout + done.stderr, reports)

    return run
