"""Sizes and presets by name."""

from __future__ import annotations

import pytest

from kitgen.errors import OptionError
from kitgen.video.settings import PRESETS, SIZES, Size, resolve_preset, resolve_size


def test_named_sizes() -> None:
    assert [(s.width, s.height, s.shape) for s in SIZES.values()] == [
        (1280, 720, "wide"), (1920, 1080, "wide"), (1080, 1920, "tall"), (1080, 1080, "square")
    ]
    assert resolve_size("vertical") is SIZES["vertical"]
    custom = Size("test", 320, 180)
    assert resolve_size(custom) is custom


def test_unknown_names_suggest_the_nearest() -> None:
    with pytest.raises(OptionError, match="unknown video size '1080'; did you mean '1080p'"):
        resolve_size("1080")
    with pytest.raises(OptionError, match="unknown video preset 'relase'; did you mean 'release'"):
        resolve_preset("relase")


def test_odd_sizes_are_impossible() -> None:
    with pytest.raises(ValueError):
        Size("odd", 321, 180)


def test_release_preset_is_x264_crf_23_veryfast() -> None:
    release = PRESETS["release"]
    assert release.motion and release.x264_args() == ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23"]
    assert not PRESETS["draft"].motion
