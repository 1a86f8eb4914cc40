"""Screenshots: comparing a doc's picture with a fresh capture, and capturing one.

``compare`` is fed pictures drawn here with Pillow (a small form: a header, a button,
labelled fields); ``Screens.capture`` drives a real Chromium over a page set with
``page.set_content``, writing into a temporary reports folder and temporary doc images.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image as Picture
from PIL import ImageChops, ImageDraw, ImageFont
from playwright.sync_api import Error as PlaywrightError

from fixtures.howto.model import Howto, Image, Section, Step
from fixtures.howto.proof import Proof
from fixtures.howto.report import as_html
from fixtures.howto.verdicts import SectionResult
from fixtures.options import Settings
from fixtures.screens.capture import MASK_COLOR, Screens, show_doc_pictures
from fixtures.screens.compare import COMPARE_WIDTH, MAX_SHIFT, SAME, compare
from fixtures.screens.model import ScreenResult

ODOO16_PURPLE = "#714b67"
ODOO17_TEAL = "#017e84"
FIELDS = (("Server Name", "imap.example.com"), ("Port", "993"), ("Username", "post@example.com"))
#: Where the first field's label is drawn in the form (left, top, right, bottom).
LABEL_BOX = (20, 124, 215, 160)
BUTTON_BOX = (16, 62, 110, 96)


def form(
    width: int = 800,
    height: int = 400,
    label: str = FIELDS[0][0],
    button: str = ODOO16_PURPLE,
) -> Picture.Image:
    """A form view as a doc shows it: title bar, a Save button, three labelled fields."""
    picture = Picture.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=22)
    draw.rectangle([0, 0, width - 1, 48], fill="#f0f0f0")
    draw.text((16, 12), "Incoming Mail Servers / New", fill="#222222", font=font)
    draw.rectangle(BUTTON_BOX, fill=button)
    draw.text((30, 66), "Save", fill="white", font=font)
    for row, (name, value) in enumerate(((label, FIELDS[0][1]), *FIELDS[1:])):
        top = 130 + row * 60
        draw.text((24, top), name, fill="#333333", font=font)
        draw.line([(230, top + 28), (700, top + 28)], fill="#999999", width=1)
        draw.text((234, top), value, fill="#111111", font=font)
    draw.rectangle([600, 340, 780, 380], outline=ODOO16_PURPLE, width=2)
    return picture


def padded(picture: Picture.Image, right: int = 0, bottom: int = 0) -> Picture.Image:
    canvas = Picture.new("RGB", (picture.width + right, picture.height + bottom), "white")
    canvas.paste(picture, (0, 0))
    return canvas


def red_pixels(diff: Picture.Image) -> Picture.Image:
    """255 where the diff marks a difference (pure red)."""
    red, green, blue = diff.convert("RGB").split()
    return ImageChops.multiply(
        red.point(lambda v: 255 if v > 200 else 0),
        ImageChops.multiply(
            green.point(lambda v: 255 if v < 40 else 0), blue.point(lambda v: 255 if v < 40 else 0)
        ),
    )


def assert_red_only_in(diff: Picture.Image, box: tuple[int, int, int, int]) -> None:
    """The diff marks differences, and only within ``box`` of the 800 px wide form."""
    marked = red_pixels(diff).getbbox()
    assert marked is not None, "no difference marked"
    left, top, right, bottom = (edge * COMPARE_WIDTH / 800 for edge in box)
    margin = 3  # the softening blur spreads an edge by a pixel or two
    assert marked[0] >= left - margin
    assert marked[1] >= top - margin
    assert marked[2] <= right + margin
    assert marked[3] <= bottom + margin


def load(path: Path) -> Picture.Image:
    """The picture at ``path``, read in full and the file closed."""
    with Picture.open(path) as picture:
        picture.load()
        return picture


def compared_size(doc: Picture.Image, capture: Picture.Image) -> tuple[int, int]:
    width = min(doc.width, capture.width, COMPARE_WIDTH)
    heights = (round(p.height * width / p.width) for p in (doc, capture))
    return width, max(heights) + MAX_SHIFT


# -- compare: the same screen ----------------------------------------------------------------
def test_identical_pictures_are_the_same_at_100_percent():
    comparison = compare(form(), form())

    assert (comparison.verdict, comparison.similarity, comparison.shift) == ("same", 1.0, (0, 0))
    assert red_pixels(comparison.diff).getbbox() is None


@pytest.mark.parametrize(("dx", "dy"), [(3, 2), (-2, 3), (4, -4)])
def test_a_crop_a_few_pixels_off_is_the_same(dx, dy):
    shifted = Picture.new("RGB", (800, 400), "white")
    shifted.paste(form(), (dx, dy))

    comparison = compare(form(), shifted)

    assert comparison.verdict == "same"
    assert comparison.similarity >= SAME


@pytest.mark.parametrize("scale", [2, 0.7])
def test_a_doc_picture_at_another_resolution_is_the_same(scale):
    doc = form().resize((round(800 * scale), round(400 * scale)), Picture.Resampling.LANCZOS)

    assert compare(doc, form()).verdict == "same"
    assert compare(form(), doc).verdict == "same"


def test_transparent_background_of_a_png_counts_as_white():
    drawn = form()
    ink = drawn.convert("L").point(lambda v: 255 if v < 250 else 0)
    transparent = Picture.new("RGBA", drawn.size, (0, 0, 0, 0))  # transparent *black*
    transparent.paste(drawn.convert("RGBA"), mask=ink)
    stored = io.BytesIO()
    transparent.save(stored, "PNG")
    doc = Picture.open(io.BytesIO(stored.getvalue()))

    assert doc.mode == "RGBA"
    assert compare(doc, form()).verdict == "same"


def test_two_blank_pictures_are_the_same():
    blank = Picture.new("RGB", (300, 100), "white")

    assert (compare(blank, blank).verdict, compare(blank, blank).similarity) == ("same", 1.0)


def test_a_picture_masked_all_over_is_the_same_as_its_doc():
    assert compare(form(), form(label="Mail Host"), masks=[(0, 0, 800, 400)]).verdict == "same"


def test_a_blank_doc_against_a_form_is_changed():
    blank = Picture.new("RGB", (800, 400), "white")

    assert compare(blank, form()).similarity == 0.0
    assert compare(form(), blank).similarity == 0.0


def test_doc_crop_with_more_white_below_is_the_same():
    assert compare(padded(form(), bottom=120), form()).verdict == "same"


def test_doc_crop_a_pixel_wider_is_the_same():
    assert compare(padded(form(), right=1), form()).verdict == "same"


# -- compare: a changed screen ---------------------------------------------------------------
def test_a_replaced_label_is_changed_and_red_in_the_diff_where_it_changed():
    doc, capture = form(), form(label="Mail Host")

    comparison = compare(doc, capture)

    assert comparison.verdict == "changed"
    assert comparison.similarity < SAME
    assert comparison.diff.size == compared_size(doc, capture)
    assert_red_only_in(comparison.diff, LABEL_BOX)


def test_a_recoloured_button_is_changed_and_red_only_on_the_button():
    comparison = compare(form(button=ODOO16_PURPLE), form(button=ODOO17_TEAL))

    assert comparison.verdict == "changed"
    assert comparison.similarity < 0.9
    assert_red_only_in(comparison.diff, BUTTON_BOX)


def test_a_change_inside_a_mask_box_is_left_out():
    comparison = compare(form(), form(label="Mail Host"), masks=[LABEL_BOX])

    assert comparison.verdict == "same"
    assert red_pixels(comparison.diff).getbbox() is None


def test_mask_boxes_are_in_the_captures_pixels_whatever_the_docs_scale():
    doc = form().resize((1600, 800), Picture.Resampling.LANCZOS)

    assert compare(doc, form(label="Mail Host"), masks=[LABEL_BOX]).verdict == "same"


def test_a_completely_different_picture_is_changed_with_low_similarity():
    other = Picture.new("RGB", (800, 400), "white")
    draw = ImageDraw.Draw(other)
    for column in range(0, 800, 40):
        draw.ellipse([column, 100, column + 30, 300], fill="#0033aa")

    comparison = compare(form(), other)

    assert comparison.verdict == "changed"
    assert comparison.similarity < 0.2


def test_doc_crop_taller_with_content_the_capture_lacks_is_changed():
    doc = padded(form(), bottom=80)
    ImageDraw.Draw(doc).rectangle([24, 420, 700, 450], fill="#333333")

    comparison = compare(doc, form())

    assert comparison.verdict == "changed"
    assert comparison.diff.size == compared_size(doc, form())


def test_doc_crop_much_wider_than_the_capture_is_changed():
    doc = padded(form(), right=200)
    ImageDraw.Draw(doc).rectangle([820, 60, 980, 380], fill="#dddddd", outline="#333333")

    comparison = compare(doc, form())

    assert comparison.verdict == "changed"
    assert comparison.diff.size == compared_size(doc, form())


# -- Screens.capture with a real browser -----------------------------------------------------
PAGE = """<!doctype html>
<html><head><style>
  body { margin: 0; font: 20px/1.4 sans-serif; background: white; }
  #form { width: 420px; padding: 16px; border: 1px solid #ccc; }
  #dbselector { height: 60px; background: #ffd400; }
  h2 { margin: 0 0 12px; font-size: 26px; }
  #secret { width: 380px; font: bold 26px monospace; border: 1px solid #999; padding: 4px; }
  #save { margin-top: 12px; padding: 8px 24px; border: 0; color: white; font-size: 20px;
          background: #714b67; }
</style></head><body>
  <div id="form">
    <div id="dbselector">Database: howto_proof_1</div>
    <h2 id="title">Incoming Mail Servers / New</h2>
    <label>Password <input id="secret" value="%(secret)s"></label>
    <div><button id="save">Save</button></div>
  </div>
</body></html>"""


def show(page, secret: str = "old-secret-1111") -> None:
    page.set_content(PAGE % {"secret": secret})


def make_proof(images: list[Image]) -> Proof:
    section = Section(
        title="Posteingangsserver anlegen",
        anchor="posteingangsserver-anlegen",
        level=2,
        line=12,
        steps=[Step("", image.line, images=(image,)) for image in images],
    )
    howto = Howto("mailserver", Path("/docs/mailserver.md"), "Mail", {}, "de_DE", [section])
    return Proof(howto, section)


@pytest.fixture(scope="module")
def _screens_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(_screens_page, network_guard):
    """One page for the module's captures, each test drawing its own content on it: a new
    browser context per test cost more than the captures it took. Each test's network
    guard watches it while the test runs."""
    stop_watching = network_guard.watch(_screens_page.context)
    _screens_page.set_content("")
    yield _screens_page
    stop_watching()


@pytest.fixture
def docs(tmp_path) -> Path:
    folder = tmp_path / "docs" / "bilder"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(reports_dir=tmp_path / "reports")


def doc_image(docs: Path, name: str, line: int = 20) -> Image:
    return Image(f"bilder/{name}", "", line, docs / name)


def screens_for(settings: Settings, *images: Image, judge: bool = True, **changes) -> Screens:
    return Screens(make_proof(list(images)), replace(settings, **changes), judge=judge)


def photograph(page, path: Path, selector: str = "#form") -> bytes:
    """The doc's picture: the element as it looks now, saved in the path's format."""
    picture = Picture.open(io.BytesIO(page.locator(selector).screenshot()))
    if path.suffix == ".jpg":
        picture = picture.convert("RGB")
    picture.save(path)
    return path.read_bytes()


def recolour_save_button(page) -> None:
    page.locator("#save").evaluate(f"button => button.style.background = '{ODOO17_TEAL}'")


def test_capture_equal_to_the_doc_is_same_and_leaves_the_doc_alone(page, docs, settings):
    show(page)
    image = doc_image(docs, "server.png")
    before = photograph(page, image.path)
    screens = screens_for(settings, image, update_screenshots=True)

    result = screens.capture(image, page.locator("#form"))

    assert (result.verdict, result.similarity, result.updated) == ("same", 1.0, False)
    assert image.path.read_bytes() == before
    assert screens.proof.screens == [result]


class FirstShotFails:
    """A real locator whose first picture meets ``error``, as when the screen redraws the
    element while it is taken (Odoo's settings redraw their blocks once a tab is chosen);
    everything else is the real locator's."""

    def __init__(self, locator, error: str):
        self.locator, self.error, self.shots = locator, error, 0

    def screenshot(self, **options):
        self.shots += 1
        if self.shots == 1:
            raise PlaywrightError(f"Locator.screenshot: {self.error}")
        return self.locator.screenshot(**options)

    def __getattr__(self, name):
        return getattr(self.locator, name)


def test_a_screen_redrawn_while_it_is_captured_is_captured_again(page, docs, settings):
    show(page)
    image = doc_image(docs, "server.png")
    photograph(page, image.path)
    target = FirstShotFails(page.locator("#form"), "Element is not attached to the DOM")

    result = screens_for(settings, image).capture(image, target)

    assert (result.verdict, result.similarity) == ("same", 1.0)
    assert target.shots == 2


def test_any_other_capture_error_is_the_callers_at_once(page, docs, settings):
    show(page)
    image = doc_image(docs, "server.png")
    photograph(page, image.path)
    target = FirstShotFails(page.locator("#form"), "Timeout 30000ms exceeded.")

    with pytest.raises(PlaywrightError, match="Timeout 30000ms exceeded"):
        screens_for(settings, image).capture(image, target)
    assert target.shots == 1


def test_the_checks_capture_that_differs_is_said_but_not_judged(page, docs, settings):
    """The generic checks capture where a path leads, before any step of the section: a
    picture of the screen after the steps differs without the doc being wrong."""
    show(page)
    image = doc_image(docs, "server.png")
    photograph(page, image.path)
    recolour_save_button(page)

    result = screens_for(settings, image, judge=False).capture(image, page.locator("#form"))

    assert result.verdict == "differs"
    assert result.diff.is_file()
    assert result.capture.is_file()
    assert "not judged" in result.describe()
    proof = make_proof([image])
    section = SectionResult(proof.howto, proof.section, [], [result], screenshots="strict")
    assert section.changed_screens == [], "not drift, not broken, even with strict screenshots"


def test_changed_capture_keeps_the_evidence_and_leaves_the_doc_alone(page, docs, settings):
    show(page)
    image = doc_image(docs, "server.png")
    before = photograph(page, image.path)
    recolour_save_button(page)

    result = screens_for(settings, image).capture(image, page.locator("#form"))

    assert result.verdict == "changed"
    assert result.similarity < SAME
    assert not result.updated
    assert image.path.read_bytes() == before
    folder = settings.reports_dir / "screens" / "mailserver"
    assert (result.capture, result.doc, result.diff) == (
        folder / "server.now.png",
        folder / "server.doc.png",
        folder / "server.diff.png",
    )
    assert all(path.is_file() for path in (result.capture, result.doc, result.diff))
    assert load(result.doc).size == load(image.path).size


def test_update_rewrites_only_the_changed_image_with_the_capture(page, docs, settings):
    show(page)
    title = doc_image(docs, "title.png", line=20)
    server = doc_image(docs, "server.png", line=22)
    title_before = photograph(page, title.path, "#title")
    photograph(page, server.path)
    title_mtime = title.path.stat().st_mtime_ns
    recolour_save_button(page)
    screens = screens_for(settings, title, server, update_screenshots=True)

    unchanged = screens.capture(title, page.locator("#title"))
    changed = screens.capture(server, page.locator("#form"))

    assert (unchanged.verdict, unchanged.updated) == ("same", False)
    assert (changed.verdict, changed.updated) == ("changed", True)
    assert title.path.read_bytes() == title_before
    assert title.path.stat().st_mtime_ns == title_mtime
    assert server.path.read_bytes() == changed.capture.read_bytes()


def test_update_keeps_a_jpeg_doc_image_jpeg(page, docs, settings):
    show(page)
    image = doc_image(docs, "server.jpg")
    photograph(page, image.path)
    recolour_save_button(page)

    result = screens_for(settings, image, update_screenshots=True).capture(
        image, page.locator("#form")
    )

    assert result.updated
    with Picture.open(image.path) as written:
        assert (written.format, written.mode) == ("JPEG", "RGB")
        assert compare(written, load(result.capture)).verdict == "same"


def test_update_scales_the_written_image_down_to_the_max_width(page, docs, settings):
    show(page)
    image = doc_image(docs, "server.png")
    photograph(page, image.path)
    recolour_save_button(page)
    box = page.locator("#form").bounding_box()

    screens_for(settings, image, update_screenshots=True, screenshot_max_width=200).capture(
        image, page.locator("#form")
    )

    with Picture.open(image.path) as written:
        assert written.format == "PNG"
        assert written.size == (200, round(box["height"] * 200 / box["width"]))


def test_update_never_scales_a_narrower_capture_up(page, docs, settings):
    show(page)
    image = doc_image(docs, "server.png")
    photograph(page, image.path)
    recolour_save_button(page)

    result = screens_for(
        settings, image, update_screenshots=True, screenshot_max_width=4000
    ).capture(image, page.locator("#form"))

    assert result.updated
    assert image.path.read_bytes() == result.capture.read_bytes()


def test_missing_doc_image_is_missing_and_not_created_without_update(page, docs, settings):
    show(page)
    image = doc_image(docs, "neu.png")

    result = screens_for(settings, image).capture(image, page.locator("#form"))

    assert (result.verdict, result.updated, result.doc, result.diff) == (
        "missing", False, None, None
    )  # fmt: skip
    assert result.capture.is_file()
    assert not image.path.exists()


def test_missing_doc_image_is_created_with_update(page, docs, settings):
    show(page)
    image = Image("neu/server.png", "", 20, docs / "neu" / "server.png")

    result = screens_for(settings, image, update_screenshots=True).capture(
        image, page.locator("#form")
    )

    assert (result.verdict, result.updated) == ("missing", True)
    assert image.path.read_bytes() == result.capture.read_bytes()


def test_masked_element_is_painted_over_and_left_out_of_the_comparison(page, docs, settings):
    show(page, secret="old-secret-1111")
    image = doc_image(docs, "server.png")
    photograph(page, image.path)
    show(page, secret="NEW-SECRET-9999")
    form_box = page.locator("#form").bounding_box()
    box = page.locator("#secret").bounding_box()

    result = screens_for(settings, image).capture(
        image, page.locator("#form"), mask=[page.locator("#secret")]
    )

    assert result.verdict == "same"
    centre = (
        round(box["x"] - form_box["x"] + box["width"] / 2),
        round(box["y"] - form_box["y"] + box["height"] / 2),
    )
    red, green, blue = load(result.capture).convert("RGB").getpixel(centre)
    expected = tuple(int(MASK_COLOR[i : i + 2], 16) for i in (1, 3, 5))
    assert max(abs(a - b) for a, b in zip((red, green, blue), expected, strict=True)) <= 4


def test_the_secret_text_alone_would_make_the_capture_changed(page, docs, settings):
    """The control of the test above: unmasked, the new secret is a difference."""
    show(page, secret="old-secret-1111")
    image = doc_image(docs, "server.png")
    photograph(page, image.path)
    show(page, secret="NEW-SECRET-9999")

    result = screens_for(settings, image).capture(image, page.locator("#form"))

    assert result.verdict == "changed"


def test_hidden_selector_is_taken_out_of_the_layout_for_the_capture_only(page, docs, settings):
    show(page)
    full_height = page.locator("#form").bounding_box()["height"]
    image = doc_image(docs, "server.png")
    page.locator("#dbselector").evaluate("element => element.style.display = 'none'")
    photograph(page, image.path)
    page.locator("#dbselector").evaluate("element => element.style.display = ''")

    result = screens_for(settings, image).capture(
        image, page.locator("#form"), hide=["#dbselector"]
    )

    assert result.verdict == "same"
    assert abs(load(result.capture).height - (full_height - 60)) <= 1
    assert page.locator("#dbselector").is_visible()


def test_screenshots_off_captures_nothing(page, docs, settings):
    show(page)
    image = doc_image(docs, "server.png")
    screens = screens_for(settings, image, screenshots="off", update_screenshots=True)

    assert screens.capture(image, page.locator("#form")) is None
    assert not (settings.reports_dir / "screens").exists()
    assert not image.path.exists()
    assert screens.proof.screens == []


def test_no_doc_image_captures_nothing(page, settings):
    show(page)
    screens = screens_for(settings)

    assert screens.capture(None, page.locator("#form")) is None
    assert not (settings.reports_dir / "screens").exists()
    assert screens.proof.screens == []


@pytest.mark.parametrize(
    ("before", "after"),
    [("Server Name", "Server Host"), ("Server Name", "Servername"), ("Username", "Login")],
)
def test_a_renamed_label_in_an_otherwise_same_screen_is_changed(before, after):
    doc = form(label=before)
    now = form(label=after)

    result = compare(doc, now)

    assert result.verdict == "changed", f"{before!r} -> {after!r}: {result}"
    assert result.similarity > 0.95  # little of the screen differs, but it is a label


def test_an_anti_aliased_copy_of_the_same_screen_is_same():
    doc = form()
    now = doc.resize((1200, 600), Picture.Resampling.BICUBIC).resize((800, 400))

    assert compare(doc, now).verdict == "same"


def test_with_a_worker_the_comparison_runs_beside_the_scenario(page, docs, settings):
    from concurrent.futures import Future, ThreadPoolExecutor

    show(page)
    image = doc_image(docs, "server.png")
    photograph(page, image.path)
    recolour_save_button(page)
    with ThreadPoolExecutor(max_workers=1) as worker:
        screens = Screens(make_proof([image]), settings, worker)

        returned = screens.capture(image, page.locator("#form"))

        (pending,) = screens.proof.screens
        assert returned is None
        assert isinstance(pending, Future)
        assert pending.result(timeout=10).verdict == "changed"


def test_the_doc_picture_of_a_screen_without_capture_is_shown_in_the_report(docs, settings):
    azure = doc_image(docs, "Azure.png", 30)
    Picture.new("RGB", (40, 20), "navy").save(azure.path)
    gone = doc_image(docs, "Gone.png", 40)  # referenced, but not on disk
    not_a_picture = doc_image(docs, "Notiz.png", 50)
    not_a_picture.path.write_text("no PNG at all")
    proof = make_proof([azure, gone, not_a_picture])
    screens = [ScreenResult(azure, "external"), ScreenResult(gone, "not captured"),
               ScreenResult(not_a_picture, "not captured")]  # fmt: skip
    result = SectionResult(proof.howto, proof.section, screens=screens)

    show_doc_pictures([result], settings.reports_dir)

    shown = settings.reports_dir / "screens" / "mailserver" / "Azure.doc.png"
    assert [s.doc for s in result.screens] == [shown, None, None]
    with Picture.open(shown) as copy:
        assert (copy.size, copy.getpixel((0, 0))) == ((40, 20), (0, 0, 128))
    assert [s.verdict for s in result.screens] == ["external", "not captured", "not captured"]
    html = as_html([result], settings.reports_dir)
    assert '<img src="screens/mailserver/Azure.doc.png" alt="the doc\'s Azure.png">' in html
