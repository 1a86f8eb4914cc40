"""The ceiling per test: a Playwright call that never returns fails its test at the line it
hangs on, and the next test drives the same browser as usual.

Playwright bounds its actions and expectations, not ``evaluate()``: a page whose script
never settles holds the call for ever (on Odoo 19, one worker of a run waited twenty
minutes on one). pytest-timeout's signal method, set in pyproject.toml, is the ceiling.
"""

from __future__ import annotations

import tomllib

from fixtures.howto.parse import parse_howto
from fixtures.howto.plugin import CHECKS_CEILING_PER_PLACE, checks_ceiling
from fixtures.options import PROJECT_ROOT

pytest_plugins = ["pytester"]

HANGING_THEN_USABLE = """
def test_a_page_whose_script_never_settles(page):
    page.set_content("<p>waiting</p>")
    page.evaluate("() => new Promise(() => {})")  # never settles: no time-out of its own


def test_the_next_test_drives_the_same_browser(page):
    page.set_content("<p>still here</p>")
    assert page.locator("p").inner_text() == "still here"
"""


def test_a_call_that_never_returns_fails_its_test_at_that_line_and_the_run_goes_on(pytester):
    pytester.syspathinsert(PROJECT_ROOT)
    pytester.makeconftest((PROJECT_ROOT / "conftest.py").read_text())
    pytester.makepyfile(HANGING_THEN_USABLE)
    # the ceiling as the suite sets it (only its value lower, on the command line)
    ini = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    ceiling = {k: v for k, v in ini["ini_options"].items() if k.startswith("timeout")}
    assert ceiling["timeout_method"] == "signal", "the only method Playwright survives"
    pytester.makeini("[pytest]\n" + "".join(f"{k} = {v}\n" for k, v in ceiling.items()))
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "-p", "no:xdist", "--timeout=1", "--if-no-odoo=skip"
    )  # fmt: skip
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*test_a_page_whose_script_never_settles*",
            '*page.evaluate("() => new Promise(() => {})")*',
            "*Failed: Timeout (>1.0s) from pytest-timeout.*",
        ]
    )


def test_a_howtos_checks_may_take_longer_the_more_places_they_visit(tmp_path):
    doc = tmp_path / "two-places.md"
    doc.write_text(
        "# Zwei Orte\n\n## Erster\n\nÖffnen Sie *Einstellungen > Benutzer & Unternehmen > "
        "Benutzer*.\n\n![Liste](./assets/liste.png)\n\n## Zweiter\n\nNichts zu tun.\n"
    )
    howto = parse_howto(doc, tmp_path)
    assert checks_ceiling(300, howto) == 300 + 2 * CHECKS_CEILING_PER_PLACE  # a path, a picture
    assert checks_ceiling(0, howto) == 0, "--timeout 0 lifts every ceiling"
