"""Sessions for howto-proof: they install and run, nothing else.

    nox -s verify      prove the how-tos against an Odoo (the main job)
    nox -s tests       the suite's own tests: machinery everywhere, e2e where an Odoo is
    nox -s bench       the benchmark figures
    nox -s lint        ruff

Pytest options go after ``--``, e.g. ``nox -s verify -- --docs-root ../shared/howtos``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

REPORTS = "reports"
#: Where nox -s bench keeps the fastest worker count it measured on this machine.
BENCH_FILE = (
    Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state"))
    / "howto-proof"
    / "bench.json"
)
#: Without a benchmark: a worker per core, at most this many (each has its own Chromium,
#: and all of them share one Odoo).
MAX_WORKERS = 4
#: pytest rewrites the asserts of the test modules and the fixtures package, and keeps the
#: result as bytecode beside them (__pycache__, ignored by git). A machine that turns
#: bytecode off (PYTHONDONTWRITEBYTECODE) would have every worker of every run rewrite them
#: again: about 3 s each, measured on the machinery tests (19.7 s against 16.5 s a run).
PYTEST_ENV = {"PYTHONDONTWRITEBYTECODE": ""}


def _install(session: nox.Session) -> None:
    session.install("-e", ".[test]")


def workers(posargs: list[str]) -> list[str]:
    """pytest-xdist's -n: what the command line says, else the count nox -s bench found
    fastest here, else one worker per core (at most MAX_WORKERS)."""
    if any(a.startswith(("-n", "--numprocesses")) for a in posargs):
        return []
    try:
        return ["-n", str(int(json.loads(BENCH_FILE.read_text())["workers"]))]
    except (OSError, ValueError, KeyError, TypeError):
        return ["-n", str(min(os.cpu_count() or 1, MAX_WORKERS))]


@nox.session
def verify(session: nox.Session) -> None:
    """Prove the how-tos (default: docs/howtos) against an Odoo; reports land in reports/.
    Workers: the fastest count nox -s bench measured, or -n N after --."""
    _install(session)
    # reports/junit.xml, one test case per section, is howto-proof's own
    session.run(
        "pytest", "tests/howtos", *workers(session.posargs), *session.posargs, env=PYTEST_ENV
    )


@nox.session
def tests(session: nox.Session) -> None:
    """The suite's own tests: the machinery tests on every core, then the end-to-end and
    how-to tests (they skip, with the reason, where no Odoo target exists). Pytest options
    after -- go to both runs."""
    _install(session)
    if not any(Path(a.split("::")[0]).exists() for a in session.posargs):  # no paths named
        session.run(
            "pytest",
            "tests/machinery",
            "-n",
            "auto",
            f"--junitxml={REPORTS}/junit-machinery.xml",
            *session.posargs,
            env=PYTEST_ENV,
        )
        paths = ["tests/e2e", "tests/howtos"]
    else:
        paths = []
    session.run(
        "pytest",
        *paths,
        "--if-no-odoo=skip",
        f"--junitxml={REPORTS}/junit-tests.xml",
        *session.posargs,
        env=PYTEST_ENV,
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Template build, database copy vs fresh install, each scenario vs its bare floor."""
    _install(session)
    session.run("python", "-m", "tests.bench", *session.posargs, env=PYTEST_ENV)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
