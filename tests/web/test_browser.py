"""The reader in a real browser: Debian's chromium, headless, opening ``reader/index.html`` from file://.

It checks what a child and a teacher meet: no script or console error, no request leaving the
kit's folder, the highlight moving with the narration, pages turning by themselves, the
keyboard, the cards turning over, the episodes with their captions, and the layout on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

PHONE = {"width": 360, "height": 740}


@dataclass
class Visit:
    page: object
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser, built_kit):
    """Open a locale's reader in a fresh page; every console error and request is recorded."""
    contexts = []

    def open_reader(locale: str, viewport: dict | None = None, **options) -> Visit:
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, **options)
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.on("request", lambda request: seen.requests.append(request.url))
        page.goto(built_kit.reader(locale).as_uri())
        page.wait_for_load_state("load")
        return seen

    yield open_reader
    for context in contexts:
        context.close()


def counter(page) -> str:
    return page.locator(".counter").inner_text()


def reading(page) -> int:
    """The index of the highlighted line on the page shown, or -1."""
    return page.evaluate("""() => [...document.querySelectorAll('.page:not([hidden]) .line')]
                                   .findIndex(line => line.classList.contains('is-reading'))""")


def test_no_console_error_and_no_request_outside_the_kit_folder(visit, built_kit):
    for locale in ("en", "hy"):
        seen = visit(locale)
        seen.page.wait_for_function("document.fonts.status === 'loaded'")
        seen.page.wait_for_function("[...document.querySelectorAll('video')].every(v => v.readyState >= 1)")
        folder = built_kit.target(locale).resolve().as_uri() + "/"
        assert seen.requests and all(url.startswith((folder, "data:")) for url in seen.requests), seen.requests
        assert any(url.endswith(".mp4") for url in seen.requests)  # the episode, linked, not copied
        assert seen.errors == []
        assert seen.page.evaluate("document.documentElement.lang") == locale
        assert seen.page.evaluate("[...document.images].every(img => img.hasAttribute('alt') && img.complete && img.naturalWidth > 0)")


def test_the_highlight_follows_the_narration_and_the_pages_turn_by_themselves(visit):
    seen = visit("en")
    page = seen.page
    assert counter(page) == "Page 1 of 3"
    page.keyboard.press("ArrowRight")
    assert counter(page) == "Page 2 of 3"
    assert reading(page) == -1
    page.keyboard.press("Space")
    page.wait_for_function("!document.querySelector('audio.narration').paused")
    page.wait_for_function("document.querySelector('.line.is-reading') !== null")
    assert reading(page) == 0
    # The second line is marked once the audio reaches its start, not before.
    begin = float(page.locator(".page:not([hidden]) .line").nth(1).get_attribute("data-begin"))
    assert page.evaluate("document.querySelector('audio.narration').currentTime") < begin
    page.wait_for_function("document.querySelector('audio.narration').currentTime > %f" % (begin + 0.1))
    assert reading(page) == 1
    assert page.locator(".line.is-reading").get_attribute("aria-current") == "true"
    assert page.locator("[data-action=listen]").get_attribute("aria-pressed") == "true"
    # At the end of the page the next one opens and is read.
    page.wait_for_function("document.querySelector('.counter').textContent === 'Page 3 of 3'", timeout=15000)
    page.wait_for_function("document.querySelector('audio.narration').currentTime > 0.4")
    assert reading(page) == 0 and page.locator(".line.is-reading").inner_text().endswith("Keep your password secret.")
    page.keyboard.press("Space")  # pause
    page.wait_for_function("document.querySelector('audio.narration').paused")
    # The button follows the audio's own 'pause' event, which fires just after `paused` turns true.
    page.wait_for_function("document.querySelector('[data-action=listen]').getAttribute('aria-pressed') === 'false'",
                           timeout=5000)
    assert seen.errors == []


def test_the_keyboard_turns_pages_and_cards(visit):
    seen = visit("hy")
    page = seen.page
    page.keyboard.press("End")
    assert counter(page) == "Էջ 3 / 3"
    assert page.locator("[data-action=next]").is_disabled()
    page.keyboard.press("ArrowLeft")
    assert counter(page) == "Էջ 2 / 3"
    page.keyboard.press("Home")
    assert counter(page) == "Էջ 1 / 3"
    # Tab reaches the controls with a visible focus ring, and Enter works them.
    page.locator("[data-action=next]").focus()
    page.keyboard.press("Enter")
    assert counter(page) == "Էջ 2 / 3"
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(ring.removesuffix("px")) >= 2
    # A card turns over with Enter and back with the space bar; the arrows move between cards.
    card = page.locator(".card").first
    card.focus()
    page.keyboard.press("Enter")
    assert card.get_attribute("aria-pressed") == "true"
    assert card.locator(".back").get_attribute("aria-hidden") == "false"
    page.keyboard.press("Space")
    assert card.get_attribute("aria-pressed") == "false"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement === document.querySelectorAll('.card')[1]")
    assert counter(page) == "Էջ 2 / 3"  # arrows on a card do not turn the book's pages
    assert seen.errors == []


def test_the_episode_plays_with_its_captions(visit):
    page = visit("hy").page
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    assert page.evaluate("document.querySelector('video').duration") > 3
    page.evaluate("document.querySelector('video').textTracks[0].mode = 'showing'")
    page.wait_for_function("document.querySelector('video').textTracks[0].cues?.length > 0")
    texts = page.evaluate("[...document.querySelector('video').textTracks[0].cues].map(cue => cue.text)")
    assert any("Պիպ" in text for text in texts)


def test_on_a_phone_everything_fits_and_the_controls_stay_in_reach(visit):
    for viewport in (PHONE, {"width": 320, "height": 640}):
        seen = visit("hy", viewport, is_mobile=True, has_touch=True, device_scale_factor=2)
        page = seen.page
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.fonts.status === 'loaded'")
        controls = page.locator(".controls").bounding_box()
        assert controls["y"] + controls["height"] <= viewport["height"] + 1  # sticky at the bottom of the screen
        for button in page.locator(".controls button").all():
            box = button.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44  # touch targets
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.page:not([hidden]) .line')).fontSize)")
        assert size >= 17
        picture = page.locator(".page:not([hidden]) .picture img").bounding_box()
        assert 0 < picture["width"] <= viewport["width"]
        page.locator("[data-action=listen]").tap()
        page.wait_for_function("document.querySelector('.line.is-reading') !== null")
        page.wait_for_timeout(600)  # a smooth scroll, when the line was below the controls
        line = page.locator(".line.is-reading").bounding_box()
        assert line["y"] >= 0 and line["y"] + line["height"] <= controls["y"] + 1  # the line read is in sight
        page.locator(".card").first.tap()
        assert page.locator(".card").first.get_attribute("aria-pressed") == "true"
        assert seen.errors == []
