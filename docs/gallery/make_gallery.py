"""Render the README gallery from a real build: ``make gallery`` (after ``make kit``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

# (output file, kit/locale, PDF, page index, scale); two pages side by side for the storybook spread.
PAGES = [
    ("cards.png", "kz/kk", "cards.pdf", [0], 1.0),
    ("workbook.png", "ge/ka", "workbook.pdf", [2], 1.0),
    ("guide.png", "am/hy", "teacher-guide.pdf", [2], 1.0),
    ("storybook.png", "uz/uz-Latn", "storybook.pdf", [1, 2], 1.0),
]
#: The region's other state languages: a card page and an episode frame each (kit, locale).
LANGUAGES = [("kg", "ky"), ("tj", "tg"), ("tm", "tk"), ("az", "az"), ("by", "be"), ("ua", "uk"), ("md", "ro")]
FRAME_AT = 20.0  # seconds into episode 1: a scene with a speaker tag on screen


def frame(video: Path, seconds: float):
    """The frame shown at ``seconds``, decoded by the ffmpeg that kitgen ships."""
    import io
    import subprocess

    import imageio_ffmpeg
    from PIL import Image

    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-ss", f"{seconds}", "-i", str(video),
               "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-"]
    return Image.open(io.BytesIO(subprocess.run(command, check=True, capture_output=True).stdout)).convert("RGB")


def render(pdf: Path, pages: list[int], scale: float):
    from PIL import Image

    document = pypdfium2.PdfDocument(str(pdf))
    images = [document[i].render(scale=scale).to_pil().convert("RGB") for i in pages]
    document.close()
    width = sum(i.width for i in images)
    sheet = Image.new("RGB", (width, max(i.height for i in images)), "white")
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width
    return sheet


def main() -> int:
    for name, target, pdf, pages, scale in PAGES:
        path = ROOT / "output" / target / pdf
        if not path.is_file():
            print(f"{path} is missing: run 'make kit' first", file=sys.stderr)
            return 1
        render(path, pages, scale).save(HERE / name, optimize=True)
        print(f"wrote {HERE / name}")
    for kit, locale in LANGUAGES:
        folder = ROOT / "output" / kit / locale
        episode = sorted((folder / "episodes").glob("01-*.mp4"))
        if not (folder / "cards.pdf").is_file() or not episode:
            print(f"{folder} has no cards.pdf or episode 1: run 'make kit' first", file=sys.stderr)
            return 1
        render(folder / "cards.pdf", [0], 0.8).save(HERE / f"cards-{locale}.png", optimize=True)
        picture = frame(episode[0], FRAME_AT)
        picture.thumbnail((960, 540))
        picture.save(HERE / f"video-{locale}.png", optimize=True)
        print(f"wrote {HERE / f'cards-{locale}.png'} and {HERE / f'video-{locale}.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
