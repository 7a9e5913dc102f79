"""Narration: voice profiles, speech engines, recorded clips, line processing and the audio cache.

Typical use (what ``kitgen narrate`` does)::

    from kitgen.voice import narrate_story, resolve_cache_dir

    result = narrate_story(story, "kk", voices_dir=root / "voices", out_dir=out,
                           cache_dir=resolve_cache_dir(cache_option, root))
    print(result.stats)   # "synthesized 0, cached 12, recorded 0, silent 0"

Importing this package loads no engine; espeak is loaded on first use, gTTS and piper only
when chosen.
"""

from kitgen.voice.assemble import EpisodeAudio, LineTiming
from kitgen.voice.audio import SAMPLE_RATE, Audio
from kitgen.voice.cache import AudioCache, resolve_cache_dir
from kitgen.voice.commands import (
    SampleResult, VoiceRow, load_locale_profile, narrate_story, profile_path, speak_sample, voices_table,
)
from kitgen.voice.engines import ENGINES, Engine, VoiceParams, get_engine
from kitgen.voice.lines import SpokenLine, locate_in, speech_text, spoken_lines, story_line_keys
from kitgen.voice.narrate import EpisodeFiles, Narration, NarrationStats, narrate
from kitgen.voice.profile import VoiceOverride, VoiceProfile, load_profile, scoped
from kitgen.voice.recorded import Coverage, clips_folder, scan_clips

__all__ = [
    "ENGINES", "SAMPLE_RATE", "Audio", "AudioCache", "Coverage", "Engine", "EpisodeAudio", "EpisodeFiles",
    "LineTiming", "Narration", "NarrationStats", "SampleResult", "SpokenLine", "VoiceOverride", "VoiceParams",
    "VoiceProfile", "VoiceRow", "clips_folder", "get_engine", "load_locale_profile", "load_profile", "locate_in",
    "narrate", "narrate_story", "profile_path", "resolve_cache_dir", "scan_clips", "scoped", "speak_sample",
    "speech_text", "spoken_lines", "story_line_keys", "voices_table",
]
