"""Output sizes and encoder presets of video episodes.

Sizes are named (``720p``, ``1080p``, ``vertical``, ``square``); each slide layout is
re-flowed for its size's shape (see :mod:`kitgen.video.layout`), never squeezed into it.
A :class:`Size` with any even width and height can also be passed by library callers (tests
render at 320x180).

Presets: ``release`` is libx264 ``veryfast`` at CRF 23 with Ken Burns motion; ``draft`` drops
the motion and encodes ``ultrafast`` at CRF 28 for quick previews. The soundtrack is AAC-LC:
in stereo (narration over a music bed) at ``audio_bitrate``; in mono (the narration alone)
at ``mono_audio_bitrate``, more bits per channel than in stereo and the rate of the
stand-alone audio episodes (:mod:`kitgen.video.audio_builder`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kitgen.errors import did_you_mean, OptionError

FPS = 25


@dataclass(frozen=True)
class Size:
    name: str
    width: int
    height: int

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0 or self.width % 2 or self.height % 2:
            raise ValueError(f"video size {self.width}x{self.height} must be positive and even")

    @property
    def aspect(self) -> float:
        return self.width / self.height

    @property
    def shape(self) -> str:
        """``wide`` (16:9 and wider), ``square`` (near 1:1) or ``tall`` (portrait)."""
        if self.aspect >= 1.5:
            return "wide"
        if self.aspect >= 0.8:
            return "square"
        return "tall"

    def __str__(self) -> str:
        return f"{self.name} ({self.width}x{self.height})"


SIZES: dict[str, Size] = {
    "720p": Size("720p", 1280, 720),
    "1080p": Size("1080p", 1920, 1080),
    "vertical": Size("vertical", 1080, 1920),
    "square": Size("square", 1080, 1080),
}


@dataclass(frozen=True)
class Preset:
    """Encoder settings and whether scenes move. The same x264 settings serve every segment."""

    name: str
    motion: bool
    x264_preset: str
    crf: int
    audio_bitrate: str = "160k"  # a stereo soundtrack
    mono_audio_bitrate: str = "96k"

    def soundtrack_bitrate(self, channels: int) -> str:
        return self.mono_audio_bitrate if channels == 1 else self.audio_bitrate

    def x264_args(self) -> list[str]:
        return ["-c:v", "libx264", "-preset", self.x264_preset, "-crf", str(self.crf)]


PRESETS: dict[str, Preset] = {
    "release": Preset("release", motion=True, x264_preset="veryfast", crf=23),
    "draft": Preset("draft", motion=False, x264_preset="ultrafast", crf=28, audio_bitrate="96k", mono_audio_bitrate="64k"),
}


def resolve_size(size: str | Size) -> Size:
    """The :class:`Size` named ``size`` (a Size passes through); unknown names are errors."""
    if isinstance(size, Size):
        return size
    if size in SIZES:
        return SIZES[size]
    raise OptionError(f"unknown video size '{size}'{did_you_mean(str(size), SIZES, cutoff=0.4)}; choose from {', '.join(SIZES)}")


def resolve_preset(preset: str | Preset) -> Preset:
    if isinstance(preset, Preset):
        return preset
    if preset in PRESETS:
        return PRESETS[preset]
    raise OptionError(f"unknown video preset '{preset}'{did_you_mean(str(preset), PRESETS, cutoff=0.4)}; choose from {', '.join(PRESETS)}")
