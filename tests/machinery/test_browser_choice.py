"""Which Chromium the suite launches: Playwright's own where installed, else the system's,
its headless shell for a headless run (what Playwright itself runs headless, and lighter),
the full browser for --headed; one message where there is none."""

from __future__ import annotations

import shutil

import pytest

from fixtures import browser
from fixtures.errors import UsageError


@pytest.fixture
def installed(monkeypatch):
    """The system's Chromium binaries, as ``shutil.which`` finds them."""
    found: dict[str, str] = {}

    def which(name: str) -> str | None:
        return found.get(name.rsplit("/", 1)[-1])

    monkeypatch.setattr(shutil, "which", which)
    return found


def test_playwrights_own_chromium_is_left_to_playwright(tmp_path, installed):
    installed.update(chromium="/usr/bin/chromium")
    bundled = tmp_path / "chrome"
    bundled.write_text("")
    assert browser.chromium_executable(str(bundled)) is None


def test_headless_runs_in_the_headless_shell_where_installed(installed):
    installed.update(
        chromium="/usr/bin/chromium",
        **{"chromium-headless-shell": "/usr/bin/chromium-headless-shell"},
    )
    assert browser.chromium_executable("") == "/usr/bin/chromium-headless-shell"


def test_headed_runs_in_the_full_browser(installed):
    installed.update(
        chromium="/usr/bin/chromium",
        **{"chromium-headless-shell": "/usr/bin/chromium-headless-shell"},
    )
    assert browser.chromium_executable("", headless=False) == "/usr/bin/chromium"


def test_headless_without_the_shell_runs_in_the_full_browser(installed):
    installed.update(chromium="/usr/bin/chromium")
    assert browser.chromium_executable("/nowhere/chrome") == "/usr/bin/chromium"


def test_no_chromium_at_all_says_what_to_install(installed):
    with pytest.raises(UsageError, match="apt-get install chromium chromium-headless-shell"):
        browser.chromium_executable("/nowhere/chrome")


def test_the_headless_shell_alone_does_not_serve_a_headed_run(installed):
    installed.update(**{"chromium-headless-shell": "/usr/bin/chromium-headless-shell"})
    with pytest.raises(UsageError, match=r"no system Chromium with a window \(--headed\)"):
        browser.chromium_executable("", headless=False)
