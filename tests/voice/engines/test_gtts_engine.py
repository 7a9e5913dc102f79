"""The gTTS engine, driven through a fake HTTP transport (the service cannot be reached here),
and once against the real network with a host name that never resolves."""

from __future__ import annotations

import base64
import io
import time
from pathlib import Path

import lameenc
import numpy as np
import pytest
import requests

from kitgen.errors import EngineError
from kitgen.voice.audio import resample
from kitgen.commands.voice import narrate_story
from kitgen.voice.engines.base import VoiceParams
from kitgen.voice.engines.espeak import EspeakEngine
from kitgen.voice.engines.gtts_engine import GttsEngine

from ..helpers import make_story


def mp3_of_speech(text: str, rate: int = 24000) -> tuple[bytes, float]:
    """Real MP3 bytes of espeak speech, as the service would send, and the speech's length."""
    audio = EspeakEngine().synthesize(text, VoiceParams("espeak", "en"))
    samples = resample(audio.samples, audio.rate, rate)
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(64)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16).tobytes()
    return bytes(encoder.encode(pcm) + encoder.flush()), len(samples) / rate


def batchexecute_body(mp3: bytes) -> bytes:
    """The translate service's reply framing, with the audio as base64."""
    b64 = base64.b64encode(mp3).decode("ascii")
    return (")]}'\n\n123\n" + '[["wrb.fr","jQ1olc","[\\"' + b64 + '\\"]",null,null,null,"generic"]]\n').encode()


class FakeTransport(requests.adapters.BaseAdapter):
    """Answers requests from a script of (status, body) replies or exceptions."""

    def __init__(self, replies: list) -> None:  # type: ignore[type-arg]
        super().__init__()
        self.replies = list(replies)
        self.sent: list[tuple[requests.PreparedRequest, dict]] = []  # type: ignore[type-arg]

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def, override]
        self.sent.append((request, kwargs))
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        status, body = reply
        response = requests.Response()
        response.status_code = status
        response.reason = "OK" if status == 200 else "Error"
        response._content = body
        response._content_consumed = True
        response.raw = io.BytesIO(body)
        response.request = request
        response.url = request.url
        return response

    def close(self) -> None:
        pass


@pytest.fixture
def transport(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def install(replies: list) -> FakeTransport:  # type: ignore[type-arg]
        fake = FakeTransport(replies)
        monkeypatch.setattr(requests.Session, "get_adapter", lambda self, url: fake)
        return fake

    return install


def test_decodes_the_mp3_the_service_sends(transport) -> None:  # type: ignore[no-untyped-def]
    mp3, seconds = mp3_of_speech("Mira closed the chat and told her mother.")
    fake = transport([(200, batchexecute_body(mp3))])
    audio = GttsEngine().synthesize("Mira closed the chat.", VoiceParams("gtts", "en"))
    assert audio.rate == 24000
    assert abs(audio.duration - seconds) < 0.1
    assert float(np.sqrt(np.mean(audio.samples**2))) > 0.02
    request, options = fake.sent[0]
    assert request.url.startswith("https://translate.google.com/")
    assert options["timeout"] == (5.0, 15.0)  # never unbounded


def test_retries_with_backoff_after_a_server_error(transport) -> None:  # type: ignore[no-untyped-def]
    mp3, _ = mp3_of_speech("Hello.")
    fake = transport([(503, b"busy"), (200, batchexecute_body(mp3))])
    audio = GttsEngine(backoff=0.01).synthesize("Hello.", VoiceParams("gtts", "ru"))
    assert len(fake.sent) == 2 and audio.duration > 0.3


def test_gives_up_after_the_attempts_with_the_clear_message(transport) -> None:  # type: ignore[no-untyped-def]
    fake = transport([requests.exceptions.ConnectionError("connection refused")])
    with pytest.raises(EngineError) as caught:
        GttsEngine(backoff=0.01, attempts=3).synthesize("Hello.", VoiceParams("gtts", "en"))
    assert len(fake.sent) == 3
    message = caught.value.format_message()
    assert "gTTS could not reach its service (connection failed after 3 attempts)" in message
    assert "use --engine espeak or recorded narration" in message


def test_a_refusal_is_not_retried(transport) -> None:  # type: ignore[no-untyped-def]
    fake = transport([(403, b"no")])
    with pytest.raises(EngineError, match="answered HTTP 403 after 1 attempt"):
        GttsEngine(backoff=0.01).synthesize("Hello.", VoiceParams("gtts", "en"))
    assert len(fake.sent) == 1


def test_unsupported_language_is_refused_before_any_request(transport, voices_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fake = transport([(200, b"")])
    for locale in ["kk", "ky", "hy", "ka", "uz-Latn", "tg"]:
        with pytest.raises(EngineError, match=f"gTTS has no voice for '{locale}'"):
            GttsEngine().check(VoiceParams("gtts", locale))
    with pytest.raises(EngineError, match="no voice can narrate 'kk': gTTS has no voice for 'kk'"):
        narrate_story(make_story("kk"), "kk", voices_dir=voices_dir, out_dir=tmp_path / "out", cache_dir=None, engine="gtts")
    assert fake.sent == []
    assert not (tmp_path / "out").exists()


def test_narrates_an_episode_through_gtts(transport, voices_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mp3, _ = mp3_of_speech("Mira closed the chat and told her mother.")
    fake = transport([(200, batchexecute_body(mp3))])
    result = narrate_story(
        make_story("en"), "en", voices_dir=voices_dir, out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", engine="gtts"
    )
    assert result.stats.synthesized == 4 and len(fake.sent) == 4
    assert result.engine == "gtts" and result.engine_version.startswith("2.5")
    again = narrate_story(
        make_story("en"), "en", voices_dir=voices_dir, out_dir=tmp_path / "out", cache_dir=tmp_path / "cache", engine="gtts"
    )
    assert again.stats.synthesized == 0 and len(fake.sent) == 4  # the cache spared the service


def test_offline_fails_fast_with_one_clear_error() -> None:
    # Real network stack: the reserved top-level domain .invalid never resolves (RFC 6761).
    engine = GttsEngine(tld="invalid")
    start = time.monotonic()
    with pytest.raises(EngineError) as caught:
        engine.synthesize("Hello there.", VoiceParams("gtts", "en"))
    assert time.monotonic() - start < 5.0
    assert caught.value.format_message() == (
        "error: gTTS could not reach its service (its host name cannot be resolved); it needs the internet: "
        "use --engine espeak or recorded narration"
    )
