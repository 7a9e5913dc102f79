"""Illustrations: finding them, and proving they can be decoded before anything renders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from kitgen import svg
from kitgen.errors import Location, MediaError

RASTER_SUFFIXES = {".png", ".jpg", ".jpeg"}
VECTOR_SUFFIXES = {".svg"}
ALLOWED_SUFFIXES = RASTER_SUFFIXES | VECTOR_SUFFIXES
# 40 megapixels: far above any print illustration at 300 dpi on A4, far below what exhausts memory.
MAX_PIXELS = 40_000_000
MAX_SVG_BYTES = svg.MAX_SVG_BYTES


@dataclass(frozen=True)
class ImageInfo:
    path: Path
    kind: str  # "svg" or "raster"
    width: float
    height: float

    @property
    def aspect(self) -> float:
        return self.width / self.height if self.height else 1.0


def resolve(base: Path, relative: str) -> Path:
    """Resolve a path written in a source file; it must stay inside ``base``."""
    return (base / relative).resolve()


def path_problem(base: Path, relative: str) -> str | None:
    """Why ``relative`` cannot name an illustration inside ``base``, or None."""
    target = resolve(base, relative)
    if not target.is_relative_to(base.resolve()):
        return f"illustration '{relative}' is outside the story folder; keep illustrations under {base.name}/"
    if target.suffix.lower() not in ALLOWED_SUFFIXES:
        return f"illustration '{relative}' must be a PNG, JPEG or SVG file"
    if not target.is_file():
        return f"illustration '{relative}' does not exist"
    return None


def inspect_image(path: Path, where: Location | None = None) -> ImageInfo:
    """Decode enough of an image to prove it is usable; raise a located MediaError if not."""
    where = where or Location.of(path)
    if path.suffix.lower() in VECTOR_SUFFIXES:
        return _inspect_svg(path, where)
    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise MediaError(
                    f"illustration '{path.name}' is {width}x{height} pixels, too large to decode safely "
                    f"(limit {MAX_PIXELS // 1_000_000} megapixels); scale it down",
                    where,
                )
            image.load()
    except MediaError:
        raise
    except Image.DecompressionBombError:
        raise MediaError(f"illustration '{path.name}' is too large to decode safely; scale it down", where) from None
    except UnidentifiedImageError:
        raise MediaError(f"illustration '{path.name}' is not a readable PNG or JPEG image", where) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise MediaError(f"illustration '{path.name}' is corrupt or truncated ({exc}); export it again", where) from None
    return ImageInfo(path, "raster", float(width), float(height))


def _inspect_svg(path: Path, where: Location) -> ImageInfo:
    """An SVG is usable when the sanitizer accepts it (see :mod:`kitgen.svg`)."""
    cleaned = svg.clean(path, where=where)
    return ImageInfo(path, "svg", cleaned.width, cleaned.height)
