"""Narrated slideshow episodes: MP4 with Ken Burns motion, crossfades, subtitles and chapters.

:mod:`~kitgen.video.builder` is the episode builder of the pipeline; it hands one episode
to :mod:`~kitgen.video.renderer`, which plans and draws it and drives the encoder. The
modules, in the order a frame is made: :mod:`~kitgen.video.timeline` (when everything
happens), :mod:`~kitgen.video.slides` (drawn once), :mod:`~kitgen.video.motion` and
:mod:`~kitgen.video.crossfade` (the effects), :mod:`~kitgen.video.compositor` (frames),
:mod:`~kitgen.video.encoder` (parallel x264 segments, audio, muxing), :mod:`~kitgen.video.mix`
(the soundtrack), :mod:`~kitgen.video.subtitles` and :mod:`~kitgen.video.chapters`.
"""
