"""Narration: voice profiles, speech engines, recorded clips, line processing and the audio cache.

Typical use (what ``kitgen narrate`` does, through :func:`kitgen.pipeline.voice.narrate_story`,
which reads the profile from ``voices/``: this layer opens no YAML)::

    from kitgen.voice.narrate import narrate

    result = narrate(story, profile, out_dir, cache=AudioCache(cache_dir), recorded_dir=recorded)
    print(result.stats)   # "synthesized 0, cached 12, recorded 0, silent 0"

Importing this package loads nothing (import the modules you need); no engine is loaded until used: espeak is loaded on first use, gTTS and piper only
when chosen.
"""
