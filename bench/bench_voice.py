"""Narration benchmark: real-time factor of each installed engine, and cached against uncached runs.

Real-time factor (RTF) = synthesis time / duration of the audio produced, on one episode's
lines; below 1 is faster than real time. The cache comparison narrates the same episode
twice into a fresh cache: the first run synthesizes every line, the second takes all from
the cache. Run: ``.venv/bin/python bench/bench_voice.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kitgen.errors import KitgenError  # noqa: E402
from kitgen.model.story import Story  # noqa: E402
from kitgen.commands.voice import narrate_story  # noqa: E402
from kitgen.pipeline.voices import load_locale_profile  # noqa: E402
from kitgen.voice.engines import get_engine  # noqa: E402
from kitgen.voice.lines import speech_text, spoken_lines  # noqa: E402

LINES = [
    (None, "Mira's tablet buzzed while she was drawing a cat with a red scarf."),
    ("mira", "A message? I don't know this name."),
    ("stranger", "Hi Mira! I saw your drawings. Send me a photo of you and your school."),
    (None, "Mira looked at the message for a long time. Something felt wrong."),
    ("mira", "Why does a stranger want my photo?"),
    (None, "She did not answer. She took the tablet to her father instead."),
    ("dad", "You did the right thing. Let's block this account and report it together."),
    (None, "Mira felt proud. Asking for help was the brave choice."),
]


def episode_story() -> Story:
    return Story.model_validate({
        "story": {"id": "bench", "title": "Bench", "age": {"min": 7, "max": 10}, "source_locale": "en",
                  "summary": "One episode for timing.", "objectives": ["Ask for help"], "licence": "CC-BY-4.0"},
        "characters": [{"id": c, "name": c.title(), "description": c} for c in ("mira", "stranger", "dad")],
        "episodes": [{"id": "ep1", "title": "The message", "scenes": [
            {"id": "home", "illustration": {"file": "home.png", "alt": "home"},
             "lines": [{"text": text, **({"speaker": who} if who else {})} for who, text in LINES]}]}],
    })


def engine_rtf(name: str, locale: str = "en") -> str:
    try:
        profile = load_locale_profile(ROOT / "voices", locale, engine=name)
        engine = get_engine(name)
        version = engine.version()
        story = episode_story()
        cast = {c.id: i for i, c in enumerate(story.characters)}
        work = [(speech_text(l.text), profile.params(l.speaker, cast.get(l.speaker or ""))) for l in spoken_lines(story, "ep1")]
        engine.check(work[0][1])
        engine.synthesize(work[0][0], work[0][1])  # warm-up: library or model loading is not speech time
        start = time.perf_counter()
        seconds = sum(engine.synthesize(text, params).duration for text, params in work)
        spent = time.perf_counter() - start
    except KitgenError as exc:
        return f"{name:8} not measured: {exc.message.splitlines()[0]}"
    return f"{name:8} {version:10} audio {seconds:6.2f} s  synthesis {spent:7.3f} s  RTF {spent / seconds:.4f}"


def cache_ratio(engine: str) -> str:
    story = episode_story()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        try:
            # warm-up into another cache: imports, library and model loading are not narration time
            narrate_story(story, "en", voices_dir=ROOT / "voices", out_dir=folder / "w", cache_dir=folder / "w", engine=engine)
            start = time.perf_counter()
            first = narrate_story(story, "en", voices_dir=ROOT / "voices", out_dir=folder / "a", cache_dir=folder / "c", engine=engine)
            uncached = time.perf_counter() - start
            start = time.perf_counter()
            second = narrate_story(story, "en", voices_dir=ROOT / "voices", out_dir=folder / "b", cache_dir=folder / "c", engine=engine)
            cached = time.perf_counter() - start
        except KitgenError as exc:
            return f"{engine:8} not measured: {exc.message.splitlines()[0]}"
    return (
        f"{engine:8} uncached {uncached:6.3f} s ({first.stats})  cached {cached:6.3f} s ({second.stats})  "
        f"cached/uncached {cached / uncached:.3f}"
    )


def main() -> None:
    print("Real-time factor on one episode (8 lines, en); baseline = duration of the audio produced")
    for name in ("espeak", "piper", "gtts", "silent"):
        print(" ", engine_rtf(name))
    print("Whole narration (synthesis, processing, WAV+MP3+JSON), fresh cache then warm cache")
    for name in ("espeak", "piper"):
        print(" ", cache_ratio(name))


if __name__ == "__main__":
    main()
