"""Scene illustrations as pixels: SVG through resvg, PNG and JPEG through Pillow.

A picture is fitted to its box by covering it (scaled to fill, centred, the overflow cut)
when the aspect ratios are close, and otherwise contained (whole, centred) over a blurred,
covering copy of itself, so that a portrait drawing in a 16:9 band loses nothing.
Transparent parts are laid on white.

Every raster is drawn from :attr:`Drawing.data`, the bytes given to the rasterizer (for an
SVG, the sanitized document), and is kept in the :class:`~kitgen.video.rasters.RasterCache`
under their hash, its kind and its size: the same illustration at the same size is drawn
once, whatever the locale or the kit.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import resvg_py
from PIL import Image, ImageFilter

from kitgen import svg
from kitgen.errors import Location, MediaError
from kitgen.media import inspect_image
from kitgen.video.rasters import RasterCache, raster_key

#: Aspect ratios within this factor of the box's are covered; others are contained.
COVER_TOLERANCE = 1.35
_NO_CACHE = RasterCache(None)


@dataclass(frozen=True, eq=False)
class Drawing:
    """An illustration as the rasterizer gets it: ``data``, and its SHA-256 ``sha``."""

    path: Path
    data: bytes
    sha: str

    @classmethod
    def read(cls, path: Path, where: Location | None = None) -> "Drawing":
        """Read (and, for an SVG, sanitize) the illustration at ``path``."""
        if path.suffix.lower() == ".svg":
            data = svg.clean(path, where=where).data
        else:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise MediaError(f"illustration '{path.name}' cannot be read ({exc.strerror})", where or Location.of(path)) from None
        return cls(path, data, hashlib.sha256(data).hexdigest())

    def key(self, kind: str, **geometry: object) -> str:
        """The cache key of a raster of ``kind`` drawn from these bytes with ``geometry``."""
        return raster_key(kind, self.sha, suffix=self.path.suffix.lower(), **geometry)


def fitted(path: Path | Drawing, width: int, height: int, where: Location | None = None,
           cache: RasterCache = _NO_CACHE) -> Image.Image:
    """The illustration at ``path`` as an RGB image of exactly ``width`` x ``height``, drawn
    once per ``cache``."""
    drawing = path if isinstance(path, Drawing) else Drawing.read(path, where)
    key = drawing.key("fitted", width=width, height=height)
    (rgb,) = cache.arrays(key, lambda: [np.asarray(draw_fitted(drawing, width, height, where))])
    return Image.fromarray(rgb)


def draw_fitted(drawing: Drawing, width: int, height: int, where: Location | None = None) -> Image.Image:
    """Draw the illustration fitted to ``width`` x ``height`` (see the module notes), uncached."""
    info = inspect_image(drawing.path, where)
    aspect = info.aspect if info.width and info.height else width / height
    ratio = aspect / (width / height)
    if 1 / COVER_TOLERANCE <= ratio <= COVER_TOLERANCE:
        return _cover(drawing, aspect, width, height, where)
    backdrop = _cover(drawing, aspect, max(2, width // 4), max(2, height // 4), where)
    backdrop = backdrop.filter(ImageFilter.GaussianBlur(max(1.0, width / 160))).resize((width, height), Image.Resampling.BILINEAR)
    scale = min(width / aspect, height)
    inner = _render(drawing, max(1, round(scale * aspect)), max(1, round(scale)), where)
    backdrop.paste(inner, ((width - inner.width) // 2, (height - inner.height) // 2))
    return backdrop


def _cover(path: Drawing, aspect: float, width: int, height: int, where: Location | None) -> Image.Image:
    if aspect >= width / height:
        render_h = height
        render_w = max(width, math.ceil(height * aspect))
    else:
        render_w = width
        render_h = max(height, math.ceil(width / aspect))
    image = _render(path, render_w, render_h, where)
    left, top = (image.width - width) // 2, (image.height - height) // 2
    return image.crop((left, top, left + width, top + height))


def _render(drawing: Drawing, width: int, height: int, where: Location | None) -> Image.Image:
    """The whole illustration scaled to ``width`` x ``height`` (its own aspect ratio), on white."""
    path = drawing.path
    where = where or Location.of(path)
    try:
        if path.suffix.lower() == ".svg":
            data = resvg_py.svg_to_bytes(svg_string=drawing.data.decode("utf-8"), width=width, height=height, skip_system_fonts=True)
            image = Image.open(io.BytesIO(bytes(data)))
            image.load()
        else:
            with Image.open(io.BytesIO(drawing.data)) as source:
                source.load()
                image = source.convert("RGBA").resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    except MediaError:
        raise
    except Exception as exc:  # resvg and Pillow raise many kinds of errors on broken files
        raise MediaError(f"illustration '{path.name}' cannot be drawn ({exc}); export it again", where) from None
    if image.size != (width, height):
        image = image.resize((width, height), Image.Resampling.BICUBIC)
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        if rgba.getextrema()[3][0] == 255:  # opaque already (most SVGs paint a background)
            return rgba.convert("RGB")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")
