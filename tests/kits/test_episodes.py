"""Episodes in kit builds (real narration and encoding), and previews of a built kit."""

from __future__ import annotations

import json

from PIL import Image


def test_episode_build_is_incremental_and_previewable(tiny):
    result = tiny.kitgen("build", "--locale", "en", "--only", "episodes,workbook", "--json", "r.json")
    assert result.exit_code == 0, result.output
    episodes = tiny.root / "output" / "tiny" / "en" / "episodes"
    assert sorted(p.name for p in episodes.iterdir()) == ["01-hello-pip.mp4", "01-hello-pip.png", "01-hello-pip.srt", "01-hello-pip.vtt"]
    assert "up to date: 2 artifacts" in tiny.kitgen("build", "--locale", "en", "--only", "episodes,workbook").output
    vtt = (episodes / "01-hello-pip.vtt").read_bytes()
    (episodes / "01-hello-pip.vtt").unlink()
    tiny.kitgen("build", "--locale", "en", "--only", "episodes,workbook", "--json", "r.json")
    report = json.loads((tiny.root / "r.json").read_text(encoding="utf-8"))
    assert {a["label"]: a["status"] for a in report["artifacts"]} == {
        "tiny/en workbook.pdf": "up to date", "tiny/en 01-hello-pip.mp4": "reused",  # restored from the store, not re-rendered
    }
    assert (episodes / "01-hello-pip.vtt").read_bytes() == vtt
    assert not [p for p in episodes.parent.rglob(".*") if p.name != ".kitgen"]

    preview = tiny.kitgen("preview", "--kit", "tiny", "--locale", "en")
    assert preview.exit_code == 0, preview.output
    folder = tiny.root / "output" / "preview" / "tiny" / "en"
    pages = sorted(folder.glob("workbook-p*.png"))
    scenes = sorted(folder.glob("01-hello-pip-scene*.png"))
    assert pages and len(scenes) == 2  # one frame per scene (chapter)
    sheet = Image.open(folder / "contact-sheet.png")
    assert sheet.width > 300 and sheet.height > 150


def test_preview_before_building_is_a_clear_error(tiny):
    result = tiny.kitgen("preview", "--kit", "tiny", "--locale", "hy")
    assert result.exit_code == 1
    assert "nothing built for tiny/hy yet; run 'kitgen build --kit tiny --locale hy' first" in result.output
