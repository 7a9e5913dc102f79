"""The captions-only engine: silence as long as reading the line aloud would take.

It must be asked for (``--engine silent`` or ``engine: silent`` in a profile); no locale falls
back to it. A line lasts ``len(text) / READING_SPEED[locale]`` seconds, at least
:data:`MIN_DURATION`. Speeds are characters per second (spaces and punctuation included) of
unhurried reading aloud to children; languages with longer words read slightly fewer
characters per second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kitgen.voice.audio import SAMPLE_RATE, Audio
from kitgen.voice.engines.base import VoiceParams, language

READING_SPEED = {
    "en": 14.0, "ru": 13.0, "uk": 13.0, "be": 13.0, "ro": 14.0,
    "kk": 12.5, "ky": 12.5, "uz": 12.5, "tk": 12.5, "az": 12.5, "tg": 12.5,
    "hy": 12.0, "ka": 12.0,
}
DEFAULT_SPEED = 13.0
MIN_DURATION = 1.0


def reading_time(text: str, locale: str) -> float:
    speed = READING_SPEED.get(language(locale), DEFAULT_SPEED)
    return max(MIN_DURATION, len(text) / speed)


@dataclass(frozen=True)
class SilentEngine:
    name: str = "silent"

    def version(self) -> str:
        return "1"

    def check(self, params: VoiceParams) -> None:
        return None

    def synthesize(self, text: str, params: VoiceParams) -> Audio:
        samples = int(round(reading_time(text, params.locale) * SAMPLE_RATE))
        return Audio(np.zeros(samples, dtype=np.float32), SAMPLE_RATE)
