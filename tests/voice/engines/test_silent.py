"""The silent engine: silence as long as reading the line takes."""

from __future__ import annotations

import numpy as np

from kitgen.voice.audio import SAMPLE_RATE
from kitgen.voice.engines import get_engine
from kitgen.voice.engines.base import VoiceParams
from kitgen.voice.engines.silent import MIN_DURATION, READING_SPEED, reading_time


def test_duration_follows_reading_speed() -> None:
    text = "x" * 140
    assert reading_time(text, "en") == 140 / READING_SPEED["en"]
    assert reading_time(text, "uz-Latn") == 140 / READING_SPEED["uz"]
    assert reading_time("Hi", "en") == MIN_DURATION
    audio = get_engine("silent").synthesize(text, VoiceParams("silent", "ka"))
    assert audio.rate == SAMPLE_RATE
    assert len(audio.samples) == round(140 / READING_SPEED["ka"] * SAMPLE_RATE)
    assert not np.any(audio.samples)


def test_every_kitgen_language_has_a_speed() -> None:
    from kitgen.i18n.locales import SUPPORTED_LOCALES
    from kitgen.voice.engines.base import language

    assert {language(code) for code in SUPPORTED_LOCALES} <= set(READING_SPEED)
