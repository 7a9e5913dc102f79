"""The offline default engine: libespeak-ng from the ``espeakng-loader`` wheel, through ctypes.

libespeak-ng is one process-wide library with global state, so it is loaded and initialised
once per process (:func:`library`, a function-level cache) and every use goes through its
lock. It runs in synchronous mode: ``espeak_Synth`` returns after the synthesis callback has
received every 16-bit sample.

Voices are written as espeak names: a language code (``kk``, ``en-us``), a voice name or
file name, optionally followed by a variant (``kk+f3``, ``ru+m3``). A voice is accepted for a
locale only if it speaks that locale's language, so Tajik is never read by a Russian voice.
The one exception is a profile that transliterates its lines and declares itself approximate
(:mod:`kitgen.voice.transliterate`): then a voice of the language the transliteration is
written for is accepted too (Tajik rewritten for the Persian voice ``fa-Latn``).
"""

from __future__ import annotations

import ctypes
import functools
import threading
from dataclasses import dataclass

import numpy as np

from kitgen.errors import EngineError, did_you_mean
from kitgen.voice.audio import Audio
from kitgen.voice.engines.base import VoiceParams, language

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE = 1
_PITCH = 3

_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class _VoiceStruct(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),  # (priority byte, NUL-terminated code)*, then a 0 byte
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


@dataclass(frozen=True)
class EspeakVoice:
    name: str
    identifier: str
    languages: tuple[str, ...]
    priorities: tuple[int, ...]

    @property
    def file_name(self) -> str:
        return self.identifier.rsplit("/", 1)[-1]

    def speaks(self, locale: str) -> bool:
        return any(language(code) == language(locale) for code in self.languages)

    def reads(self, code: str) -> bool:
        """Whether the voice is for exactly ``code`` (script included: ``fa-Latn`` is not ``fa``)."""
        return any(own.lower() == code.lower() for own in self.languages)


class EspeakLibrary:
    """The loaded, initialised libespeak-ng. Get it from :func:`library`."""

    def __init__(self) -> None:
        try:
            import espeakng_loader

            lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data_path = espeakng_loader.get_data_path()
        except (ImportError, OSError, RuntimeError) as exc:
            raise EngineError(f"espeak is not installed: {exc}; reinstall kitgen (it needs espeakng-loader)") from None
        _declare(lib)
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), _INITIALIZE_DONT_EXIT)
        if rate <= 0:
            raise EngineError(f"espeak could not start with its data at {data_path}")
        self.lib = lib
        self.rate = int(rate)
        self.lock = threading.Lock()
        self.version = lib.espeak_Info(None).decode()
        self._chunks: list[np.ndarray] = []
        self._callback = _SynthCallback(self._collect)  # kept alive as long as the library
        lib.espeak_SetSynthCallback(self._callback)
        self.voices = self._list_voices(None)
        self.variants = tuple(v.file_name for v in self._list_voices(b"variant"))

    def _collect(self, wav: ctypes.POINTER(ctypes.c_short), count: int, events: ctypes.c_void_p) -> int:
        if wav and count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0

    def _list_voices(self, languages: bytes | None) -> tuple[EspeakVoice, ...]:
        spec = None
        if languages is not None:
            buffer = ctypes.create_string_buffer(languages)
            spec = _VoiceStruct(languages=ctypes.cast(buffer, ctypes.c_void_p).value)
        array = self.lib.espeak_ListVoices(ctypes.byref(spec) if spec is not None else None)
        found = []
        index = 0
        while array[index]:
            raw = array[index].contents
            pairs = _languages(raw.languages)
            found.append(EspeakVoice(raw.name.decode(), raw.identifier.decode(), tuple(c for _, c in pairs), tuple(p for p, _ in pairs)))
            index += 1
        return tuple(found)

    def speak(self, text: str, voice: str, rate: int, pitch: int) -> np.ndarray:
        """16-bit samples of ``text`` at :attr:`rate` Hz."""
        data = text.encode("utf-8")
        with self.lock:
            self._chunks = []
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise EngineError(f"espeak could not select the voice '{voice}'")
            self.lib.espeak_SetParameter(_RATE, rate, 0)
            self.lib.espeak_SetParameter(_PITCH, pitch, 0)
            status = self.lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            self.lib.espeak_Synchronize()
            chunks, self._chunks = self._chunks, []
        if status != 0:
            raise EngineError(f"espeak failed to speak (status {status})")
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)


def _declare(lib: ctypes.CDLL) -> None:
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_Info.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
    lib.espeak_Info.restype = ctypes.c_char_p
    lib.espeak_ListVoices.argtypes = [ctypes.POINTER(_VoiceStruct)]
    lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_VoiceStruct))
    lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_SetParameter.restype = ctypes.c_int
    lib.espeak_Synth.argtypes = [
        ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
        ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
    ]
    lib.espeak_Synth.restype = ctypes.c_int
    lib.espeak_Synchronize.argtypes = []
    lib.espeak_Synchronize.restype = ctypes.c_int


def _languages(address: int | None) -> tuple[tuple[int, str], ...]:
    """(priority, code) pairs; a lower priority number means a better match for that code."""
    pairs = []
    offset = 0
    while address:
        priority = ctypes.c_ubyte.from_address(address + offset).value
        if priority == 0:
            break
        code = ctypes.string_at(address + offset + 1)
        pairs.append((priority, code.decode("ascii", "replace")))
        offset += len(code) + 2
    return tuple(pairs)


@functools.cache
def library() -> EspeakLibrary:
    """The process-wide libespeak-ng, loaded and initialised on first use."""
    return EspeakLibrary()


def find_voice(name: str) -> EspeakVoice | None:
    """The espeak voice a base name (without variant) selects: language code, file name or voice name."""
    wanted = name.lower()
    voices = library().voices
    by_language = [
        (priority, index, voice)
        for index, voice in enumerate(voices)
        for priority, code in zip(voice.priorities, voice.languages)
        if code.lower() == wanted
    ]
    if by_language:
        return min(by_language, key=lambda found: found[:2])[2]
    for voice in voices:
        if wanted in (voice.file_name.lower(), voice.name.lower()):
            return voice
    return None


def voice_problem(spec: str, locale: str, *, reads: str | None = None) -> str | None:
    """Why the voice ``spec`` (``base[+variant]``) cannot speak ``locale``, or None when it can.

    ``reads``: the language the text is transliterated into, when an approximate profile
    transliterates it; a voice of that language is accepted as well.
    """
    base, _, variant = spec.partition("+")
    voice = find_voice(base)
    if voice is None:
        codes = sorted({code for v in library().voices for code in v.languages})
        return f"espeak has no voice '{base}'{did_you_mean(base, codes)}"
    if variant and variant.lower() not in (v.lower() for v in library().variants):
        return f"espeak has no voice variant '{variant}'{did_you_mean(variant, library().variants)}; try f1-f5 or m1-m8"
    if not voice.speaks(locale) and not (reads and voice.reads(reads)):
        also = f" or read its transliteration into '{reads}'" if reads else ""
        return f"the espeak voice '{base}' ({voice.name}) does not speak '{locale}'{also}"
    return None


def default_voice(locale: str) -> str | None:
    """The espeak voice for a locale's language, or None when espeak has none (e.g. Tajik)."""
    voice = find_voice(language(locale))
    return language(locale) if voice is not None and voice.speaks(locale) else None


def espeak_locales(locales: tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``locales`` that espeak can speak."""
    return tuple(code for code in locales if default_voice(code) is not None)


@dataclass(frozen=True)
class EspeakEngine:
    name: str = "espeak"

    def version(self) -> str:
        return library().version

    def check(self, params: VoiceParams) -> None:
        spec = params.voice or default_voice(params.locale)
        if spec is None:
            raise EngineError(f"espeak has no voice for '{params.locale}'")
        problem = voice_problem(spec, params.locale)
        if problem:
            raise EngineError(problem)

    def synthesize(self, text: str, params: VoiceParams) -> Audio:
        self.check(params)
        spec = params.voice or default_voice(params.locale) or ""
        base, plus, variant = spec.partition("+")
        voice = find_voice(base)
        selector = (voice.file_name if voice else base) + plus + variant
        lib = library()
        samples = lib.speak(text, selector, params.rate, params.pitch)
        return Audio((samples.astype(np.float32) / 32768.0).astype(np.float32), lib.rate)
