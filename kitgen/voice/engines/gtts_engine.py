"""The opt-in online engine: Google Translate's text-to-speech through the gTTS package.

* The language is checked before any request: gTTS speaks en, ru, uk and ro of kitgen's
  locales, not kk, ky, uz, tg, tk, hy, az, ka or be.
* Every request has a finite timeout (connect, read) and failed requests are retried with
  exponential backoff, except when the host name cannot even be resolved: then the machine is
  offline and the engine fails at once with one clear error instead of hanging.
* gTTS returns MP3, which is decoded here (libsndfile, else ffmpeg).

Rate and pitch do not apply: the service has one voice per language.
"""

from __future__ import annotations

import io
import socket
import time
from dataclasses import dataclass

from kitgen.errors import EngineError
from kitgen.voice.audio import Audio
from kitgen.voice.decode import DecodeError, decode_bytes
from kitgen.voice.engines.base import INSTALL_HINTS, VoiceParams, language

OFFLINE_MESSAGE = (
    "gTTS could not reach its service ({detail}); it needs the internet: "
    "use --engine espeak or recorded narration"
)
_RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class GttsEngine:
    """``timeout`` is (connect, read) seconds; ``attempts`` counts the first try."""

    name: str = "gtts"
    timeout: tuple[float, float] = (5.0, 15.0)
    attempts: int = 3
    backoff: float = 0.5
    tld: str = "com"

    def version(self) -> str:
        return f"{_gtts().__version__}/{self.tld}"

    def check(self, params: VoiceParams) -> None:
        if language(params.locale) not in self.languages():
            raise EngineError(
                f"gTTS has no voice for '{params.locale}'; of kitgen's locales it speaks only "
                f"{', '.join(sorted(self.languages() & _KITGEN_LANGUAGES))}. "
                "Use --engine espeak or recorded narration"
            )

    def languages(self) -> frozenset[str]:
        from gtts.lang import tts_langs

        return frozenset(tts_langs())

    def synthesize(self, text: str, params: VoiceParams) -> Audio:
        self.check(params)
        mp3 = self._fetch(text, language(params.locale))
        try:
            return decode_bytes(mp3)
        except DecodeError as exc:
            raise EngineError(f"gTTS sent audio that cannot be decoded: {exc}") from None

    def _fetch(self, text: str, lang: str) -> bytes:
        gtts = _gtts()
        for attempt in range(1, self.attempts + 1):
            buffer = io.BytesIO()
            try:
                tts = gtts.gTTS(text, lang=lang, tld=self.tld, lang_check=False, timeout=self.timeout)
                tts.write_to_fp(buffer)
            except gtts.gTTSError as exc:
                status = getattr(getattr(exc, "rsp", None), "status_code", None)
                if status is None and _unresolvable(exc):
                    raise EngineError(OFFLINE_MESSAGE.format(detail="its host name cannot be resolved")) from None
                if attempt == self.attempts or (status is not None and status not in _RETRY_STATUSES):
                    raise _give_up(exc, status, attempt) from None
                time.sleep(self.backoff * 2 ** (attempt - 1))
                continue
            if not buffer.getvalue():
                raise EngineError("gTTS answered without audio; the service may have changed, try again later")
            return buffer.getvalue()
        raise AssertionError("unreachable")


_KITGEN_LANGUAGES = frozenset({"en", "ru", "kk", "ky", "uz", "tg", "tk", "hy", "az", "ka", "be", "uk", "ro"})


def _gtts():  # type: ignore[no-untyped-def]
    try:
        import gtts
        import gtts.tts
    except ImportError:
        raise EngineError(f"the gtts engine is not installed: {INSTALL_HINTS['gtts']}") from None
    return gtts


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    # requests keeps the urllib3 reason in args rather than in the chain
    for item in list(chain):
        for arg in getattr(item, "args", ()):
            if isinstance(arg, BaseException) and arg not in chain:
                chain.extend(_causes(arg))
        reason = getattr(item, "reason", None)
        if isinstance(reason, BaseException) and reason not in chain:
            chain.extend(_causes(reason))
    return chain


def _unresolvable(exc: BaseException) -> bool:
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror) or type(cause).__name__ == "NameResolutionError":
            return True
        if "Failed to resolve" in str(cause) or "Name or service not known" in str(cause):
            return True
    return False


def _give_up(exc: BaseException, status: int | None, attempts: int) -> EngineError:
    tries = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
    if status is None:
        timed_out = any("Timeout" in type(cause).__name__ for cause in _causes(exc))
        detail = f"{'timed out' if timed_out else 'connection failed'} {tries}"
        return EngineError(OFFLINE_MESSAGE.format(detail=detail))
    return EngineError(f"gTTS service answered HTTP {status} {tries}: {exc}. Use --engine espeak or recorded narration")
