"""The espeak engine: real offline speech through ctypes."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from kitgen.errors import EngineError
from kitgen.voice.engines.base import VoiceParams
from kitgen.voice.engines.espeak import EspeakEngine, default_voice, library, voice_problem

from ..helpers import TEXTS

ENGINE = EspeakEngine()


def test_version_and_voices() -> None:
    assert ENGINE.version().startswith("1.52")
    assert library() is library()  # one initialisation per process
    assert library().rate == 22050
    for code in ["en", "ru", "kk", "ky", "uz", "tk", "hy", "az", "ka", "be", "uk", "ro"]:
        assert default_voice(code) is not None, code
    assert default_voice("uz-Latn") == "uz"
    assert default_voice("tg") is None


@pytest.mark.parametrize("locale", ["en", "ru", "kk", "hy", "ka", "uz-Latn"])
def test_speaks_each_offline_locale(locale: str) -> None:
    audio = ENGINE.synthesize(TEXTS[locale][0], VoiceParams("espeak", locale))
    assert audio.rate == 22050
    assert audio.samples.dtype == np.float32
    assert audio.duration > 1.0
    assert float(np.sqrt(np.mean(audio.samples**2))) > 0.02


def test_rate_and_variant_change_the_speech() -> None:
    text = TEXTS["en"][3]
    slow = ENGINE.synthesize(text, VoiceParams("espeak", "en", voice="en", rate=100))
    fast = ENGINE.synthesize(text, VoiceParams("espeak", "en", voice="en", rate=250))
    assert slow.duration > 1.6 * fast.duration
    low = ENGINE.synthesize(text, VoiceParams("espeak", "en", voice="en+m3", pitch=20))
    high = ENGINE.synthesize(text, VoiceParams("espeak", "en", voice="en+f3", pitch=80))

    assert median_pitch(high.samples, high.rate) > 2 * median_pitch(low.samples, low.rate)


def median_pitch(x: np.ndarray, rate: int) -> float:
    """Median fundamental frequency (Hz) of the voiced 40 ms frames, by autocorrelation."""
    n = int(0.04 * rate)
    threshold = 0.3 * float(np.sqrt(np.mean(x**2)))
    found = []
    for start in range(0, len(x) - n, n // 2):
        frame = x[start : start + n] - x[start : start + n].mean()
        if np.sqrt(np.mean(frame**2)) < threshold:
            continue
        ac = np.correlate(frame, frame, "full")[n - 1 :]
        lo, hi = rate // 400, rate // 60
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.3 * ac[0]:
            found.append(rate / lag)
    return float(np.median(found))


def test_threads_share_the_library_safely() -> None:
    params = VoiceParams("espeak", "kk")
    results: dict[int, float] = {}

    def speak(n: int) -> None:
        results[n] = ENGINE.synthesize(TEXTS["kk"][n % 4], params).duration

    threads = [threading.Thread(target=speak, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    alone = [ENGINE.synthesize(TEXTS["kk"][n], params).duration for n in range(4)]
    for n, duration in results.items():
        assert abs(duration - alone[n % 4]) < 0.05


def test_refuses_a_locale_it_cannot_speak() -> None:
    with pytest.raises(EngineError, match="espeak has no voice for 'tg'"):
        ENGINE.synthesize("Салом", VoiceParams("espeak", "tg"))
    with pytest.raises(EngineError, match="does not speak 'tg'"):
        ENGINE.synthesize("Салом", VoiceParams("espeak", "tg", voice="ru"))
    assert voice_problem("en-us+f3", "en") is None
    assert "did you mean 'ru'" in (voice_problem("rus", "ru") or "")


def test_a_transliterating_profile_may_use_the_voice_its_scheme_writes_for() -> None:
    assert voice_problem("fa-Latn", "tg") == "the espeak voice 'fa-Latn' (Persian (Pinglish)) does not speak 'tg'"
    assert voice_problem("fa-Latn+f3", "tg", reads="fa-Latn") is None
    # the script counts: Arabic-script Persian reads Latin letters as English
    assert "or read its transliteration into 'fa-Latn'" in (voice_problem("fa", "tg", reads="fa-Latn") or "")
    assert "or read its transliteration" in (voice_problem("ru", "tg", reads="fa-Latn") or "")
    audio = ENGINE.synthesize("Salaam, dustam!", VoiceParams("espeak", "fa-Latn", voice="fa-Latn"))
    assert 0.6 < audio.duration < 2.5
