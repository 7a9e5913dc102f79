"""Narration: voice profiles, speech engines, recorded clips, line processing and the audio cache.

Typical use (what ``kitgen narrate`` does)::

    from kitgen.voice.cache import resolve_cache_dir
    from kitgen.voice.commands import narrate_story

    result = narrate_story(story, "kk", voices_dir=root / "voices", out_dir=out,
                           cache_dir=resolve_cache_dir(cache_option, root))
    print(result.stats)   # "synthesized 0, cached 12, recorded 0, silent 0"

Importing this package loads nothing (import the modules you need); no engine is loaded until used: espeak is loaded on first use, gTTS and piper only
when chosen.
"""
