"""Sessions for howto-proof: they install and run, nothing else.

    nox -s verify      prove the how-tos against an Odoo (the main job)
    nox -s tests       the suite's own tests: machinery everywhere, e2e where an Odoo is
    nox -s bench       the benchmark figures
    nox -s lint        ruff

Pytest options go after ``--``, e.g. ``nox -s verify -- --docs-root ../shared/howtos``.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True

REPORTS = "reports"


def _install(session: nox.Session) -> None:
    session.install("-e", ".[test]")


@nox.session
def verify(session: nox.Session) -> None:
    """Prove the how-tos (default: docs/howtos) against an Odoo; reports land in reports/."""
    _install(session)
    # reports/junit.xml, one test case per section, is howto-proof's own
    session.run("pytest", "tests/howtos", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """The suite's own tests. The e2e skip, with the reason, where no Odoo target exists."""
    _install(session)
    session.run(
        "pytest",
        "--if-no-odoo=skip",
        f"--junitxml={REPORTS}/junit-tests.xml",
        *session.posargs,
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Template build, database copy vs fresh install, each scenario vs its bare floor."""
    _install(session)
    session.run("python", "-m", "tests.bench", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
