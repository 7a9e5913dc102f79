"""Narrated slideshow episodes: MP4 with Ken Burns motion, crossfades, subtitles and chapters.

The entry point is :func:`kitgen.video.episode.render_episodes`; the modules, in the order
a frame is made: :mod:`~kitgen.video.timeline` (when everything happens),
:mod:`~kitgen.video.slides` (drawn once), :mod:`~kitgen.video.motion` and
:mod:`~kitgen.video.crossfade` (the effects), :mod:`~kitgen.video.compositor` (frames),
:mod:`~kitgen.video.render` (parallel x264 segments), :mod:`~kitgen.video.mix` (the
soundtrack), :mod:`~kitgen.video.subtitles` and :mod:`~kitgen.video.chapters`.
"""
