"""Engine lookup by name."""

from __future__ import annotations

import pytest

from kitgen.errors import EngineError
from kitgen.voice.engines import ENGINES, SYNTHESIZERS, get_engine


def test_every_synthesizer_is_found_by_name() -> None:
    for name in SYNTHESIZERS:
        assert get_engine(name).name == name
    assert set(SYNTHESIZERS) | {"recorded"} == set(ENGINES)


def test_unknown_and_recorded_names() -> None:
    with pytest.raises(EngineError, match="did you mean 'espeak'"):
        get_engine("espek")
    with pytest.raises(EngineError, match="not a synthesizer"):
        get_engine("recorded")
