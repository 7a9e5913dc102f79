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
    return 0


if __name__ == "__main__":
    sys.exit(main())
