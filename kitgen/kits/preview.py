"""``kitgen preview``: thumbnails of every PDF page and a frame per scene, plus a contact sheet."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw

from kitgen.errors import KitgenError, Location, MediaError, OptionError


from kitgen.output import atomic_write_bytes
from kitgen.project import Project
from kitgen.text.fontset import load_fontset
from kitgen.text.raster import draw_text

THUMB_HEIGHT = 360
SHEET_COLUMNS = 6
LABEL_SIZE = 16


def pdf_thumbnails(pdf: Path, height: int = THUMB_HEIGHT) -> list[Image.Image]:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        images = []
        for page in document:
            scale = height / page.get_height()
            images.append(page.render(scale=scale).to_pil().convert("RGB"))
        return images
    finally:
        document.close()


def chapter_middles(video: Path) -> list[float]:
    """The middle of each chapter in seconds (a scene's slide in full view), from ffmpeg's ffmetadata export."""
    import imageio_ffmpeg

    result = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(video), "-f", "ffmetadata", "-"],
        capture_output=True, text=True, timeout=60,
    )
    if result.returncode != 0:
        raise MediaError(f"cannot read chapters of {video.name}: {result.stderr.strip()[-300:]}")
    starts, base, start = [], 1e-3, None
    for line in result.stdout.splitlines():
        if line.startswith("TIMEBASE="):
            num, den = line.split("=", 1)[1].split("/")
            base = int(num) / int(den)
        elif line.startswith("START="):
            start = int(line.split("=", 1)[1])
        elif line.startswith("END=") and start is not None:
            starts.append((start + int(line.split("=", 1)[1])) / 2 * base)
            start = None
    return starts


def video_frame(video: Path, seconds: float, height: int = THUMB_HEIGHT) -> Image.Image:
    import imageio_ffmpeg

    result = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-ss", f"{seconds:.3f}", "-i", str(video), "-frames:v", "1",
         "-vf", f"scale=-2:{height}", "-f", "image2pipe", "-vcodec", "png", "-"],
        capture_output=True, timeout=60,
    )
    if result.returncode != 0 or not result.stdout:
        raise MediaError(f"cannot grab a frame of {video.name} at {seconds:.1f}s")
    return Image.open(io.BytesIO(result.stdout)).convert("RGB")


def preview(project: Project, kit_id: str, locale: str) -> Path:
    kit = project.kit(kit_id).kit
    if locale not in kit.locales:
        raise OptionError(f"--locale: kit '{kit_id}' has no locale '{locale}'; its locales: {', '.join(kit.locales)}")
    folder = project.output_dir / kit_id / locale
    if not folder.is_dir():
        raise KitgenError(f"nothing built for {kit_id}/{locale} yet; run 'kitgen build --kit {kit_id} --locale {locale}' first",
                          Location.of(folder))
    out = project.output_dir / "preview" / kit_id / locale  # beside the kit, not in it: not packaged
    tiles: list[tuple[str, Image.Image]] = []
    for pdf in sorted(folder.glob("*.pdf")):
        for number, image in enumerate(pdf_thumbnails(pdf), 1):
            name = f"{pdf.stem}-p{number:02d}.png"
            _save(out / name, image)
            tiles.append((f"{pdf.stem} {number}", image))
    for video in sorted((folder / "episodes").glob("*.mp4")):
        for number, middle in enumerate(chapter_middles(video), 1):
            image = video_frame(video, middle)
            _save(out / f"{video.stem}-scene{number:02d}.png", image)
            tiles.append((f"{video.stem[:14]} {number}", image))
    if not tiles:
        raise KitgenError(f"no PDFs or episodes in {folder}; build the kit first", Location.of(folder))
    sheet = contact_sheet(project, tiles)
    path = out / "contact-sheet.png"
    _save(path, sheet)
    return path


def contact_sheet(project: Project, tiles: list[tuple[str, Image.Image]], tile_height: int = 180) -> Image.Image:
    fontset = load_fontset(project.fonts_dir)
    scaled = [(label, image.resize((max(1, round(image.width * tile_height / image.height)), tile_height))) for label, image in tiles]
    cell_w = max(image.width for _, image in scaled) + 16
    cell_h = tile_height + LABEL_SIZE + 20
    rows = (len(scaled) + SHEET_COLUMNS - 1) // SHEET_COLUMNS
    sheet = Image.new("RGB", (cell_w * min(SHEET_COLUMNS, len(scaled)), cell_h * rows), "white")
    draw = ImageDraw.Draw(sheet)
    for index, (label, image) in enumerate(scaled):
        x, y = (index % SHEET_COLUMNS) * cell_w + 8, (index // SHEET_COLUMNS) * cell_h + 8
        sheet.paste(image, (x, y))
        draw.rectangle([x - 1, y - 1, x + image.width, y + image.height], outline=(180, 180, 180))
        draw_text(draw, fontset, (x, y + tile_height + 4), label, LABEL_SIZE, (40, 40, 40))
    return sheet


def _save(path: Path, image: Image.Image) -> None:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    atomic_write_bytes(path, buffer.getvalue())
