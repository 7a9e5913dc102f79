"""Voice engines behind one protocol (:class:`~kitgen.voice.engines.base.Engine`).

``recorded`` is not a synthesizer: recorded clips replace synthesis line by line (see
:mod:`kitgen.voice.recorded`); as a profile's engine it means "recordings only".
"""

from __future__ import annotations

from types import MappingProxyType

from kitgen.errors import EngineError, did_you_mean
from kitgen.voice.engines.base import Engine, VoiceParams

#: Every voice engine a profile or ``--engine`` may name: the one list the CLI and profiles use.
ENGINES = ("espeak", "gtts", "piper", "recorded", "silent")
#: How the credits name the synthesizers whose voices an episode uses.
ENGINE_NAMES = MappingProxyType({"espeak": "eSpeak NG", "gtts": "Google Text-to-Speech", "piper": "Piper"})
SYNTHESIZERS = tuple(name for name in ENGINES if name != "recorded")  # "recorded" plays clips, it does not speak


def get_engine(name: str) -> Engine:
    """The synthesizer called ``name``. Optional engines report a missing install only when used."""
    if name == "espeak":
        from kitgen.voice.engines.espeak import EspeakEngine

        return EspeakEngine()
    if name == "gtts":
        from kitgen.voice.engines.gtts_engine import GttsEngine

        return GttsEngine()
    if name == "piper":
        from kitgen.voice.engines.piper_engine import PiperEngine

        return PiperEngine()
    if name == "silent":
        from kitgen.voice.engines.silent import SilentEngine

        return SilentEngine()
    if name == "recorded":
        raise EngineError("'recorded' is not a synthesizer; recorded clips are looked up line by line")
    raise EngineError(f"unknown voice engine '{name}'{did_you_mean(name, ENGINES)}; choose one of: {', '.join(ENGINES)}")


__all__ = ["ENGINES", "ENGINE_NAMES", "SYNTHESIZERS", "Engine", "VoiceParams", "get_engine"]
