"""What the reader and the e-book carry: which fonts, which names, which card colours."""

from __future__ import annotations

from kitgen.pipeline.session import BuildSession
from kitgen.web.files import card_colours, families, icon_name, pictures
from tests.conftest import REPO


def names(texts: list[str]) -> list[str]:
    return [spec.name for spec in families(texts)]


def test_fonts_follow_the_script_of_the_text():
    assert names(["Ана любит рисовать."]) == ["Andika"]
    assert names(["Անին սիրում է նկարել։"]) == ["NotoSansArmenian"]
    assert names(["ანას ხატვა უყვარს."]) == ["NotoSansGeorgian"]
    # A password or a licence name in Latin letters inside an Armenian book uses the system's font.
    armenian = "Իմ գաղտնաբառը timur123 է։ Հեշտ է հիշել։ Անին սիրում է նկարել, իսկ Կիվին կրկնում է ամեն ինչ։"
    assert names([armenian]) == ["NotoSansArmenian"]
    assert names([armenian, "Creative Commons Attribution, kitgen contributors"]) == ["Andika", "NotoSansArmenian"]
    assert names(["Ana and Անի", "Ana"]) == ["Andika", "NotoSansArmenian"]
    assert names(["123 — !"]) == []


def test_the_sample_in_every_kit_locale_gets_its_own_script():
    session = BuildSession(REPO)
    expected = {"hy": ["NotoSansArmenian"], "ka": ["NotoSansGeorgian"], "ru": ["Andika"], "kk": ["Andika"], "uz-Latn": ["Andika"]}
    for locale, fonts in expected.items():
        story = session.localized("stop-think-tell", locale)
        texts = [line.text for episode in story.episodes for scene in episode.scenes for line in scene.lines]
        assert names(texts) == fonts, locale


def test_every_output_name_is_unique_and_safe():
    story = BuildSession(REPO).localized("stop-think-tell", "hy")
    found = pictures(story)
    assert found["illustrations/park.svg"] == "park.svg"
    assert len(set(found.values())) == len(found)
    assert icon_name("lock", "#1A2F6E") == "icon-lock-1a2f6e.svg"


def test_card_ink_is_the_more_readable_of_white_and_dark():
    assert card_colours("#1a2f6e").ink == "#ffffff"  # deep blue
    assert card_colours("#b5e05a").ink == "#1f2933"  # lime green
