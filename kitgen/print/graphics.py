"""Illustrations and icons on the page: SVG stays vector, PNG and JPEG are embedded as images.

An SVG becomes a reportlab ``Drawing`` through svglib, so its paths reach the PDF as paths
at any zoom. Icons (the built-in ones in ``kitgen/assets/icons`` are line drawings stroked
with ``currentColor``) are recoloured on load, so one file serves every category colour and
the black-and-white variant.

Everything is proven decodable first with :func:`kitgen.media.inspect_image`, so a truncated
PNG or an SVG that is not XML is a located :class:`~kitgen.errors.MediaError` raised before
any output file is opened. Decoded graphics are remembered by the build session's memo in the
request (keyed by the file's size and modification time, and the colour), and each SVG is
drawn once per PDF as a form XObject however many times it is placed.

API
    ``load_graphic(path, where=None, colour=None, memo=None) -> Graphic``
    ``icon_path(icon, story_dir) -> Path`` and ``load_icon(icon, story_dir, colour, where=None, memo=None) -> Graphic``
    ``Graphic.fit(width, height) -> (w, h)``, ``Graphic.draw(canvas, x, y, width, height)``
    ``GraphicFlowable(graphic, width, height)`` for platypus stories.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from kitgen import media, svg
from kitgen.builder.memo import FileMemo
from kitgen.icons import builtin_icons, icon_file
from kitgen.errors import Location, MediaError

#: Raster images are resampled down to this many pixels per inch at their printed size.
PRINT_DPI = 300


@dataclass(frozen=True)
class Graphic:
    """A decoded illustration or icon, ready to draw at any size (keeping its aspect ratio)."""

    path: Path
    kind: str  # "svg" or "raster"
    width: float  # intrinsic size: points for SVG, pixels for raster images
    height: float
    drawing: Drawing | None = field(default=None, compare=False, repr=False)
    colour: str = ""  # the colour that replaced currentColor in an SVG
    digest: str = ""  # sha1 of the SVG bytes drawn: names the form XObject, the same in any folder

    @property
    def aspect(self) -> float:
        return self.width / self.height if self.height else 1.0

    @property
    def is_vector(self) -> bool:
        return self.kind == "svg"

    def fit(self, width: float, height: float) -> tuple[float, float]:
        """The largest size with this graphic's aspect ratio inside ``width`` × ``height``."""
        if width <= 0 or height <= 0:
            return 0.0, 0.0
        if width / height > self.aspect:
            return height * self.aspect, height
        return width, width / self.aspect

    def draw(self, canvas: Canvas, x: float, y: float, width: float, height: float, align: str = "center") -> tuple[float, float, float, float]:
        """Draw inside the box at (``x``, ``y``) of ``width`` × ``height``, aspect kept.

        ``align`` places the fitted graphic horizontally: ``left``, ``center`` or ``right``;
        it is always centred vertically. Returns the rectangle actually drawn.
        """
        w, h = self.fit(width, height)
        if w <= 0 or h <= 0:
            return x, y, 0.0, 0.0
        dx = {"left": 0.0, "center": (width - w) / 2, "right": width - w}[align]
        gx, gy = x + dx, y + (height - h) / 2
        if self.drawing is not None:
            name = self._form(canvas)
            canvas.saveState()
            canvas.translate(gx, gy)
            canvas.scale(w / self.drawing.width, h / self.drawing.height)
            canvas.doForm(name)
            canvas.restoreState()
        else:
            canvas.drawImage(self._image(w, h), gx, gy, w, h, mask="auto")
        return gx, gy, w, h

    def _form(self, canvas: Canvas) -> str:
        """The drawing as a form XObject of ``canvas``, drawn once however often it is placed."""
        name = "Graphic" + self.digest[:16]
        if not canvas.hasForm(name):
            canvas.beginForm(name, 0, 0, self.drawing.width, self.drawing.height)
            # The renderer starts from a default font (Helvetica, never embedded) unless told the canvas's own.
            self.drawing.initialFontName, self.drawing.initialFontSize = canvas._fontname, canvas._fontsize
            renderPDF.draw(self.drawing, canvas, 0, 0)
            canvas.endForm()
        return name

    def _image(self, w: float, h: float) -> ImageReader | str:
        """The raster image, resampled when it has far more pixels than the print needs."""
        wanted = (round(w / 72 * PRINT_DPI), round(h / 72 * PRINT_DPI))
        if self.width <= wanted[0] * 1.5 or self.height <= wanted[1] * 1.5:
            return ImageReader(str(self.path))  # named by its pixels, not its path: the same PDF in any folder
        with Image.open(self.path) as image:
            image.load()
            mode = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
            resized = image.convert(mode).resize(wanted, Image.Resampling.LANCZOS)
        return ImageReader(resized)


def load_graphic(path: Path, where: Location | None = None, colour: str | colors.Color | None = None,
                 memo: FileMemo | None = None) -> Graphic:
    """Decode ``path`` (PNG, JPEG or SVG) or raise a located MediaError.

    For an SVG, ``colour`` replaces ``currentColor`` (default black: svglib would otherwise
    draw ``currentColor`` strokes as nothing). With the request's ``memo``, a file the build
    session already decoded (and that has not changed since) is not decoded again.
    """
    path = Path(path)
    if not path.is_file():
        raise MediaError(f"image '{path.name}' does not exist; check the file name", where or Location.of(path))
    ink = hex_colour(colour)
    try:
        if memo is None:
            return _decode(path, ink)
        return memo.get("graphic", path, ink, lambda: _decode(path, ink))
    except MediaError as exc:
        if where is None or (exc.location is not None and exc.location.line is not None):
            raise
        raise MediaError(exc.message, where) from None


def _decode(path: Path, colour: str) -> Graphic:
    info = media.inspect_image(path)
    if info.kind != "svg":
        return Graphic(path, "raster", info.width, info.height)
    drawing, digest = _svg_drawing(path, Location.of(path), colour)
    return Graphic(path, "svg", float(drawing.width), float(drawing.height), drawing, colour, digest)


def icon_path(icon: str, story_dir: Path) -> Path:
    """A built-in icon name (``lock``) or an SVG path relative to the story folder."""
    if icon.lower().endswith(".svg"):
        return media.resolve(story_dir, icon)
    return icon_file(icon, story_dir)


def load_icon(icon: str, story_dir: Path, colour: str | colors.Color | None, where: Location | None = None,
              memo: FileMemo | None = None) -> Graphic:
    """Load an icon recoloured to ``colour``; unknown names and bad files are MediaErrors."""
    path = icon_path(icon, story_dir)
    if icon.lower().endswith(".svg"):
        problem = media.path_problem(story_dir, icon)
        if problem:
            raise MediaError(problem.replace("illustration", "icon"), where or Location.of(path))
    elif not path.is_file():
        known = ", ".join(builtin_icons())
        raise MediaError(f"unknown icon '{icon}'; built-in icons: {known}, or give an SVG path", where or Location.of(story_dir))
    return load_graphic(path, where, colour, memo)


def hex_colour(colour: str | colors.Color | None) -> str:
    if colour is None:
        return "#000000"
    if isinstance(colour, str):
        return colour
    return "#" + colour.hexval()[2:]


def _svg_drawing(path: Path, where: Location, colour: str | colors.Color | None) -> tuple[Drawing, str]:
    # Imported lazily: svglib pulls in lxml and cssselect2.
    from svglib.svglib import svg2rlg

    data = svg.sanitized(path).replace(b"currentColor", hex_colour(colour).encode("ascii"))
    try:
        drawing = svg2rlg(io.BytesIO(data), external_reference_root=str(path.parent))
    except Exception as exc:  # noqa: BLE001 (svglib raises many kinds of error on malformed input)
        raise MediaError(f"SVG '{path.name}' cannot be drawn ({type(exc).__name__}: {exc}); export it again", where) from None
    if drawing is None or not drawing.width or not drawing.height:
        raise MediaError(f"SVG '{path.name}' cannot be drawn (no size or unreadable); give it a viewBox and export it again", where)
    return drawing, hashlib.sha1(data).hexdigest()


class GraphicFlowable(Flowable):
    """A graphic in a platypus story, scaled to fit ``width`` × ``height`` with its aspect kept."""

    def __init__(self, graphic: Graphic, width: float, height: float, h_align: str = "CENTER") -> None:
        super().__init__()
        self.graphic = graphic
        self.box = (width, height)
        self.hAlign = h_align
        self.width, self.height = graphic.fit(width, height)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.graphic.fit(min(self.box[0], available_width), self.box[1])
        return self.width, self.height

    def draw(self) -> None:
        self.graphic.draw(self.canv, 0, 0, self.width, self.height)
