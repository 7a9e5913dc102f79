"""Chapter titles and the ffmetadata text ffmpeg reads."""

from __future__ import annotations

from kitgen.video.chapters import Chapter, ffmetadata


def test_ffmetadata_escapes_special_characters() -> None:
    text = ffmetadata([Chapter("A=B; #1\\", 0.0, 2.5), Chapter("Ана", 2.5, 4.04)], "Episode 1: Start")
    assert text.splitlines() == [
        ";FFMETADATA1",
        "title=Episode 1: Start",
        "[CHAPTER]", "TIMEBASE=1/1000", "START=0", "END=2500", "title=A\\=B\\; \\#1\\\\",
        "[CHAPTER]", "TIMEBASE=1/1000", "START=2500", "END=4040", "title=Ана",
    ]
