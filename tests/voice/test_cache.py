"""The content-addressed line cache."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np

from kitgen.voice.cache import AudioCache, clip_key, resolve_cache_dir, synth_key


def test_cache_dir_precedence(tmp_path: Path) -> None:
    root = tmp_path / "project"
    assert resolve_cache_dir(None, root, environ={}) == root / ".cache" / "kitgen" / "voice"
    assert resolve_cache_dir(None, root, environ={"KITGEN_CACHE_DIR": "/env/cache"}) == Path("/env/cache/voice")
    assert resolve_cache_dir("/opt/c", root, environ={"KITGEN_CACHE_DIR": "/env/cache"}) == Path("/opt/c/voice")
    assert resolve_cache_dir(None, root, environ={"KITGEN_CACHE_DIR": ""}) == root / ".cache" / "kitgen" / "voice"


def test_key_covers_engine_version_params_and_nfc_text() -> None:
    base = synth_key("espeak", "1.52.0", '{"voice": "kk"}', "Сәлем")
    assert synth_key("espeak", "1.52.0", '{"voice": "kk"}', unicodedata.normalize("NFD", "Сәлем")) == base
    assert synth_key("espeak", "1.52.1", '{"voice": "kk"}', "Сәлем") != base
    assert synth_key("piper", "1.52.0", '{"voice": "kk"}', "Сәлем") != base
    assert synth_key("espeak", "1.52.0", '{"voice": "kk+f3"}', "Сәлем") != base
    assert synth_key("espeak", "1.52.0", '{"voice": "kk"}', "Сәлем!") != base
    assert clip_key(b"RIFF1") != clip_key(b"RIFF2")


def test_round_trip_and_damage(tmp_path: Path) -> None:
    cache = AudioCache(tmp_path)
    key = synth_key("espeak", "1", "{}", "hello")
    samples = (np.arange(1000) - 500).astype(np.int16)
    assert cache.get(key) is None
    cache.put(key, samples)
    assert np.array_equal(cache.get(key), samples)  # type: ignore[arg-type]
    path = cache.path(key)
    assert path.parent.name == key[:2]
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    assert cache.get(key) is None  # altered
    path.write_bytes(bytes(data[:20]))
    assert cache.get(key) is None  # truncated inside the header
    path.write_bytes(b"")
    assert cache.get(key) is None
    cache.put(key, samples)
    assert np.array_equal(cache.get(key), samples)  # type: ignore[arg-type]
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_key_covers_the_transliteration_and_keeps_plain_keys() -> None:
    plain = synth_key("espeak", "1.52.0", '{"voice": "fa-Latn"}', "Salaam")
    assert synth_key("espeak", "1.52.0", '{"voice": "fa-Latn"}', "Salaam", scheme=None) == plain
    transliterated = synth_key("espeak", "1.52.0", '{"voice": "fa-Latn"}', "Salaam", scheme="tg-fa-latn")
    assert transliterated != plain
    assert synth_key("espeak", "1.52.0", '{"voice": "fa-Latn"}', "Salom", scheme="tg-fa-latn") != transliterated
