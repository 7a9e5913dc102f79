"""The outro's help contacts and the title card's draft band: their text model, their pixels, the outro's hold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kitgen.builder.help import HelpLine
from kitgen.i18n.chrome_files import load_chrome
from kitgen.model.story import Episode
from kitgen.text.fontset import default_fonts_dir, load_fontset
from kitgen.video.blocks import Text
from kitgen.video.contacts import READ_EACH, READ_FIRST, contact_cell, hold_outro, outro_seconds
from kitgen.video.layout import ACCENT, BAND, help_columns, layout_for
from kitgen.video.settings import SIZES, Size
from kitgen.video.slides import OutroCard, TitleCard
from kitgen.video.timeline import plan
from kitgen.voice.assemble import RenderedLine, assemble

FONTS = load_fontset(default_fonts_dir())
PICTURE = Path(__file__).resolve().parents[1] / "fixtures" / "tiny" / "sources" / "stories" / "tiny" / "illustrations" / "wave.svg"
#: Six real contacts with long names, as written in sources/kits/ua.yaml, ru.yaml, md.yaml, by.yaml and kz.yaml.
SIX = (
    HelpLine("Національна дитяча гаряча лінія (загальноєвропейський номер)", phone="116 111", hours="24/7"),
    HelpLine("StopCrime — портал повідомлень про матеріали сексуального насильства над дітьми", url="https://stopcrime.ua"),
    HelpLine("Единый реестр запрещенной информации — Прием сообщений", url="https://eais.rkn.gov.ru/feedback/"),
    HelpLine("linia directă a CNPAC pentru raportarea cazurilor de abuz", phone="078 000 480"),
    HelpLine("Child Helpline Belarus", phone="8-801-100-1611", url="http://ponimanie.org/eng/projects/child-helpline/"),
    HelpLine("Safekaznet.kz hotline for illegal internet content", url="http://www.safekaznet.kz"),
)
CREDITS = ("Story and illustrations: kitgen contributors", "Voices: espeak-ng")
BRANDING = {"en": "Tiny kit", "hy": "Միասին ապահով առցանց", "ka": "ერთად უსაფრთხოდ ინტერნეტში"}


def outro(size: Size, help: tuple[HelpLine, ...] = SIX, locale: str = "en") -> OutroCard:
    chrome = load_chrome(locale)
    return OutroCard(
        size, FONTS, chrome.text("The end"), chrome.text("Talk to an adult you trust"), chrome.text("Credits"), CREDITS,
        BRANDING[locale], chrome.text("Where to get help"), help, chrome.text("Hours"),
    )


def title(size: Size, draft: bool, locale: str = "en") -> TitleCard:
    chrome = load_chrome(locale)
    return TitleCard(size, FONTS, chrome.text("Episode {number}", number=1), "Hello, Pip", BRANDING[locale], PICTURE,
                     draft=chrome.text("DRAFT — for review") if draft else "")


def accent_pixels(image: np.ndarray) -> int:
    """Pixels of accent-coloured text (below the outro's accent bar at the top)."""
    below = image[image.shape[0] * 3 // 100 :]
    return int((np.abs(below.astype(int) - ACCENT).sum(axis=-1) < 60).sum())


def test_the_outros_text_model_has_every_contact_under_where_to_get_help() -> None:
    texts = outro(SIZES["720p"]).texts()
    assert texts[:3] == ("The end", "Talk to an adult you trust", "Where to get help")
    for line in SIX:
        at = texts.index(line.name)
        shown = line.phone or line.address
        assert texts[at + 1] == shown  # the phone (else the web address) right under the name
    assert "stopcrime.ua" in texts and "eais.rkn.gov.ru/feedback" in texts and "ponimanie.org/eng/projects/child-helpline" in texts
    assert "Hours: 24/7" in texts
    assert texts[-4:] == ("Credits", *CREDITS, "Tiny kit")  # credits and branding are kept


def test_without_contacts_the_outro_says_only_talk_to_an_adult() -> None:
    texts = outro(SIZES["720p"], help=()).texts()
    assert texts == ("The end", "Talk to an adult you trust", "Credits", *CREDITS, "Tiny kit")
    assert "Where to get help" not in texts


def test_the_phone_is_the_biggest_and_boldest_line_of_a_contact() -> None:
    unit = layout_for(SIZES["720p"]).unit
    name, _, phone, address = contact_cell(SIX[4], "Hours", unit)
    hours = contact_cell(SIX[0], "Hours", unit)[-1]
    assert isinstance(hours, Text) and hours.text == "Hours: 24/7"
    assert isinstance(phone, Text) and phone.text == "8-801-100-1611" and phone.bold and phone.fill == ACCENT
    assert phone.size > max(part.size for part in (name, address, hours) if isinstance(part, Text)) * 1.8
    assert phone.max_lines == 1  # a number is never broken over two lines: the card shrinks instead
    web_only = [part for part in contact_cell(SIX[1], "Hours", unit) if isinstance(part, Text)]
    assert web_only[1].text == "stopcrime.ua" and web_only[1].bold and web_only[1].fill == ACCENT


@pytest.mark.parametrize("locale", ["en", "ka", "hy"])
@pytest.mark.parametrize("name", list(SIZES))
def test_six_long_contacts_fit_every_frame_and_are_drawn(name: str, locale: str) -> None:
    size = SIZES[name]
    helped = np.asarray(outro(size, locale=locale).image())  # would raise TextOverflowError if they did not fit
    plain = np.asarray(outro(size, help=(), locale=locale).image())
    assert helped.shape == plain.shape == (size.height, size.width, 3)
    assert np.abs(helped.astype(int) - plain.astype(int)).mean() > 3  # the drawing really changes
    assert accent_pixels(helped) > 1.5 * accent_pixels(plain)  # big accent phone numbers and addresses
    lower = helped[size.height // 3 : size.height * 3 // 4]
    assert (lower.min(axis=-1) > 235).sum() > 0.002 * lower.shape[0] * lower.shape[1]  # white contact names down there


def test_contacts_stand_in_columns() -> None:
    assert [help_columns(SIZES["720p"], n) for n in range(1, 7)] == [1, 2, 3, 2, 3, 3]
    assert [help_columns(SIZES["vertical"], n) for n in range(1, 7)] == [1, 2, 2, 2, 2, 2]
    size = SIZES["1080p"]
    image = np.asarray(outro(size, help=SIX[:3]).image())
    band = image[size.height * 3 // 10 : size.height * 6 // 10]  # the row of three contacts
    thirds = [band[:, i * size.width // 3 : (i + 1) * size.width // 3] for i in range(3)]
    assert all(accent_pixels(third) > 300 for third in thirds)  # one phone or address in each third


def test_a_draft_title_card_carries_the_band_in_the_kits_language() -> None:
    size = SIZES["720p"]
    draft, final = title(size, True, "ka"), title(size, False, "ka")
    assert draft.texts()[0] == "მონახაზი — განსახილველად" == load_chrome("ka").text("DRAFT — for review")
    assert final.texts() == draft.texts()[1:]  # nothing else changes in what it says
    band = slice(0, layout_for(size).px(10))
    drawn, plain = np.asarray(draft.image()), np.asarray(final.image())
    top = drawn[band].astype(int)
    dark = (np.abs(top - BAND).sum(axis=-1) < 30).mean()
    assert dark > 0.7  # a dark bar across the top ...
    assert (top.min(axis=-1) > 235).sum() > 800  # ... with white letters on it
    assert np.abs(plain[band].astype(int) - BAND).sum(axis=-1).min() > 30  # absent when not a draft


@pytest.mark.parametrize("name", list(SIZES))
def test_the_draft_band_fits_every_shape_with_a_long_title(name: str) -> None:
    size = SIZES[name]
    chrome = load_chrome("hy")
    long_title = "Գաղտնի գոհարները և այն ամենը, ինչ պետք է իմանալ գաղտնաբառերի մասին"
    card = TitleCard(size, FONTS, chrome.text("Episode {number}", number=12), long_title, BRANDING["hy"], None,
                     draft=chrome.text("DRAFT — for review"))
    image = np.asarray(card.image())
    assert card.texts() == (chrome.text("DRAFT — for review"), chrome.text("Episode {number}", number=12), long_title, BRANDING["hy"])
    top = image[: layout_for(size).px(10)]
    assert (top.min(axis=-1) > 235).sum() > 300


def narration(lengths: tuple[int, ...] = (60_000, 40_000)):  # type: ignore[no-untyped-def]
    keys = ["ep/a/1", "ep/b/1"]
    return assemble("ep", [RenderedLine(k, k, None, "espeak", np.full(n, 1000, np.int16)) for k, n in zip(keys, lengths)], 450)


EPISODE = Episode.model_validate({"id": "ep", "title": "Episode", "scenes": [
    {"id": "a", "illustration": {"file": "a.svg", "alt": "A"}, "lines": [{"text": "One."}]},
    {"id": "b", "illustration": {"file": "b.svg", "alt": "B"}, "lines": [{"text": "Two."}]},
]})


def test_the_outro_is_held_long_enough_to_read_the_contacts() -> None:
    timeline = plan(EPISODE, narration())
    assert hold_outro(timeline, 0) == timeline  # no contacts: the timeline's own outro
    outro_slide = timeline.slides[-1]
    for contacts in (1, 6):
        held = hold_outro(timeline, contacts)
        last = held.slides[-1]
        assert last.kind == "outro" and last.start == outro_slide.start and held.frames == last.end
        assert (last.end - last.start - held.crossfade) / 25 == pytest.approx(READ_FIRST + READ_EACH * (contacts - 1))
        assert held.slides[:-1] == timeline.slides[:-1] and held.lines == timeline.lines  # nothing else moves
    assert outro_seconds(1) >= 6.0 and outro_seconds(6) > outro_seconds(1)
