"""Waiting for a screen, without an Odoo: the page is looked at in every frame it draws
(``until_shown``), and what it calls visible is what Playwright calls visible.

No time is asserted: what is under test is what the wait returns on, what it never takes
for shown, and what it says when nothing shows.
"""

from __future__ import annotations

import pytest

from fixtures.pages.backend import SHOWN, until_shown

#: Elements in every state Playwright tells apart, by id.
STATES = """
<div id="shown">shown</div>
<div id="none" style="display: none">display none</div>
<div id="hidden" style="visibility: hidden">visibility hidden</div>
<div id="collapsed" style="visibility: collapse">visibility collapse</div>
<div id="empty"></div>
<div id="flat" style="height: 0; overflow: hidden">no height</div>
<div style="display: none"><div id="inside-none">inside display none</div></div>
<div id="transparent" style="opacity: 0">opacity 0</div>
<div id="contents" style="display: contents"><span>display contents</span></div>
<details><summary>summary</summary><div id="closed">inside closed details</div></details>
"""


@pytest.mark.parametrize(
    "element",
    ["shown", "none", "hidden", "collapsed", "empty", "flat", "inside-none", "transparent",
     "closed"],
)  # fmt: skip
def test_what_the_page_calls_shown_is_what_playwright_calls_visible(page, element):
    page.set_content(STATES)

    in_page = page.evaluate(SHOWN, f"#{element}")

    assert in_page == page.locator(f"#{element}").is_visible(), element


def test_a_screen_drawn_later_is_waited_for(page):
    page.set_content("<main></main>")
    page.evaluate("""() => setTimeout(() => {
        document.querySelector('main').innerHTML = '<div class="view">the screen</div>';
    }, 300)""")

    until_shown(page, ".view")

    assert page.locator(".view").inner_text() == "the screen"


def test_a_screen_there_but_hidden_is_waited_for_until_shown(page):
    page.set_content('<div class="view" style="display: none">the screen</div>')
    page.evaluate("""() => setTimeout(() => {
        window.shownAt = 'shown';
        document.querySelector('.view').style.display = 'block';
    }, 300)""")

    until_shown(page, ".view")

    assert page.evaluate("window.shownAt") == "shown"


def test_a_screen_that_never_shows_fails_with_what_was_expected(page):
    page.set_content('<div class="view" style="display: none">the screen</div>')

    with pytest.raises(AssertionError) as failed:
        until_shown(page, ".view", timeout=300)

    message = str(failed.value)
    assert "to be visible" in message, message
    assert ".view" in message, message
