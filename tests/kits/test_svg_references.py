"""An image an SVG embeds is an input of every artifact that draws the SVG."""

from __future__ import annotations

import json
import shutil

from PIL import Image


def _built(project) -> list[str]:
    result = project.kitgen("build", "--only", "cards", "--locale", "en", "--jobs", "1", "--json", "report.json")
    assert result.exit_code == 0, result.output
    report = json.loads((project.root / "report.json").read_text(encoding="utf-8"))
    return [a["label"] for a in report["artifacts"] if a["status"] == "built"]


def test_editing_an_embedded_image_rebuilds_what_draws_the_svg(tiny):
    art = tiny.root / "sources" / "stories" / "tiny" / "illustrations"
    Image.new("RGB", (30, 30), (200, 0, 0)).save(art / "badge.png")
    wave = (art / "wave.svg").read_text(encoding="utf-8")
    (art / "wave.svg").write_text(wave.replace("</svg>", '<image x="10" y="10" width="300" height="300" href="badge.png"/>\n</svg>'), encoding="utf-8")
    assert _built(tiny) == ["tiny/en cards.pdf"]
    assert _built(tiny) == []
    Image.new("RGB", (30, 30), (0, 0, 200)).save(art / "badge.png")
    assert _built(tiny) == ["tiny/en cards.pdf"]
    shutil.copyfile(art / "bye.png", art / "badge.png")
    assert _built(tiny) == ["tiny/en cards.pdf"]
