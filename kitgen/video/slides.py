"""The slides of an episode, drawn once with Pillow, and the overlays laid over them.

- :class:`TitleCard`: "Episode N", the episode's title and the kit's branding over a
  blurred, darkened copy of the first scene's illustration. It is also the poster.
- :class:`SceneSlide`: the scene's illustration (in tall and square frames with the scene's
  caption above it), pre-rendered at the size its Ken Burns motion needs.
- :class:`OutroCard`: "The end", the safety message, the credits and the branding.
- :func:`speaker_tag` and :func:`caption_box`: small overlays shown while a line is spoken.

All text goes through :mod:`kitgen.text.raster`, run by run, so that Armenian, Georgian,
Cyrillic and Latin letters each get a font that has them. Slides are plain picklable jobs:
``render()`` may run in another process.

What a slide draws from its illustration alone (a scene's moving planes or still picture,
the title card's blurred backdrop) goes through the slide's
:class:`~kitgen.video.rasters.RasterCache`, so each is drawn once for every locale and kit.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from kitgen.errors import Location, TextOverflowError
from kitgen.text.fontset import FontSet, load_fontset
from kitgen.text.raster import draw_text, line_metrics, measure, wrap
from kitgen.video.illustration import Drawing, draw_fitted, fitted
from kitgen.video.layout import (
    ACCENT,
    INK,
    PAPER,
    SHADE,
    WHITE,
    Box,
    Layout,
    layout_for,
)
from kitgen.video.motion import KenBurns
from kitgen.video.planes import Overlay, Planes, margin_for, pad, to_overlay, to_planes
from kitgen.video.rasters import RasterCache
from kitgen.video.settings import Size

LINE_SPACING = 1.12
SMALLEST = 0.6  # text shrinks to at most this share of its size before it is an error
TITLE_SHADE = 0.62  # how far the title card's backdrop is darkened towards INK
_NO_CACHE = RasterCache(None)


@dataclass(frozen=True, eq=False)
class SlideArt:
    """A slide ready for compositing: ``still`` is the whole frame of a slide that does not
    move, else the background around the moving picture; ``picture`` is the moving picture's
    source, drawn into ``box`` on every frame, with ``margin`` pixels of padding on its left
    and top (see :func:`kitgen.video.planes.pad`)."""

    still: Planes | None  # None when a moving picture covers the whole frame
    picture: Planes | None = None
    box: Box | None = None
    motion: KenBurns | None = None
    margin: int = 0

    @property
    def moves(self) -> bool:
        return self.picture is not None and self.motion is not None and not self.motion.still

    @property
    def nbytes(self) -> int:
        return sum(planes.nbytes for planes in (self.still, self.picture) if planes is not None)


@dataclass(frozen=True)
class TitleCard:
    size: Size
    fonts_dir: Path
    label: str  # "Episode 2"
    title: str
    branding: str
    picture: Path | None
    where: Location | None = None
    rasters: RasterCache = _NO_CACHE

    def image(self) -> Image.Image:
        """The card as an RGB image (drawn once, then reused for the slide and the poster)."""
        return self._image.copy()

    @functools.cached_property
    def _image(self) -> Image.Image:
        layout, fonts = layout_for(self.size), load_fontset(self.fonts_dir)
        width, height = self.size.width, self.size.height
        if self.picture is not None:
            image = self._backdrop(self.picture, width, height, layout.unit * 0.3)
        else:
            image = Image.new("RGB", (width, height), INK)
        draw = ImageDraw.Draw(image)
        title_size = (9.0 if self.size.shape == "wide" else 8.0) * layout.unit
        label = Text(self.label, 5.0 * layout.unit, ACCENT, bold=True, max_lines=1)
        title = Text(self.title, title_size, WHITE, bold=True, max_lines=3 if self.size.shape == "wide" else 4)
        block = Block([label, Gap(2.5 * layout.unit), title], width=round(0.84 * width))
        block.draw(draw, fonts, width / 2, height * 0.46, center=True, limit=height - 20 * layout.unit)
        if self.branding:
            footer = Block([Text(self.branding, 3.4 * layout.unit, WHITE, max_lines=2)], width=round(0.84 * width))
            footer.draw(draw, fonts, width / 2, height - 5 * layout.unit, bottom=True)
        return image

    def _backdrop(self, picture: Path, width: int, height: int, blur: float) -> Image.Image:
        """The illustration blurred and darkened to fill the card (drawn once per cache)."""
        drawing = Drawing.read(picture, self.where)

        def draw() -> list[np.ndarray]:
            # Blurred anyway: draw it at a quarter of the size, blur, then enlarge.
            small = draw_fitted(drawing, max(2, width // 4), max(2, height // 4), self.where)
            art = small.filter(ImageFilter.GaussianBlur(blur)).resize((width, height), Image.Resampling.BICUBIC)
            return [np.asarray(Image.blend(art, Image.new("RGB", art.size, INK), TITLE_SHADE))]

        key = drawing.key("title-backdrop", width=width, height=height, blur=blur, shade=[*INK, TITLE_SHADE])
        (rgb,) = self.rasters.arrays(key, draw)
        return Image.fromarray(rgb)

    def render(self) -> SlideArt:
        return SlideArt(to_planes(self._image))


@dataclass(frozen=True)
class SceneSlide:
    size: Size
    fonts_dir: Path
    picture: Path
    motion: KenBurns | None  # None: a still picture (the draft preset)
    heading: str  # shown above the picture in tall and square frames
    branding: str  # shown at the foot of tall frames
    where: Location | None = None
    rasters: RasterCache = _NO_CACHE

    def background(self, layout: Layout, fonts: FontSet) -> Image.Image:
        width, height = self.size.width, self.size.height
        image = Image.new("RGB", (width, height), PAPER)
        draw = ImageDraw.Draw(image)
        if layout.header is not None and self.heading:
            header = layout.header
            size = (6.0 if self.size.shape == "tall" else 4.4) * layout.unit
            block = Block([Text(self.heading, size, INK, bold=True, max_lines=3 if self.size.shape == "tall" else 2)], width=header.width)
            block.draw(draw, fonts, header.x + header.width / 2, header.y + header.height / 2, center=True, limit=header.height)
        if layout.footer is not None and self.branding:
            footer = layout.footer
            Block([Text(self.branding, 3.2 * layout.unit, INK, max_lines=1)], width=round(0.9 * self.size.width)).draw(
                draw, fonts, footer.x + footer.width / 2, footer.y + footer.height / 2, center=True
            )
        return image

    def render(self) -> SlideArt:
        layout = layout_for(self.size)
        box = layout.picture
        moving = self.motion is not None and not self.motion.still
        zoom = self.motion.zoom if moving and self.motion is not None else 1.0
        width, height = _even_up(box.width * zoom), _even_up(box.height * zoom)
        drawing = Drawing.read(self.picture, self.where)
        background = None if layout.full_frame_picture else self.background(layout, load_fontset(self.fonts_dir))
        if moving:
            margin = margin_for(zoom)
            picture = self._planes(drawing, width, height, margin)
            return SlideArt(to_planes(background) if background is not None else None, picture, box, self.motion, margin)
        if background is None:
            return SlideArt(self._planes(drawing, width, height, 0))
        background.paste(fitted(drawing, width, height, self.where, self.rasters), (box.x, box.y))
        return SlideArt(to_planes(background))

    def _planes(self, drawing: Drawing, width: int, height: int, margin: int) -> Planes:
        """The illustration fitted to ``width`` x ``height`` as (padded) planes, drawn once per cache."""

        def draw() -> list[np.ndarray]:
            planes = pad(to_planes(draw_fitted(drawing, width, height, self.where)), margin)
            return [planes.y, planes.u, planes.v]

        y, u, v = self.rasters.arrays(drawing.key("planes", width=width, height=height, margin=margin), draw)
        return Planes(y, u, v)


@dataclass(frozen=True)
class OutroCard:
    size: Size
    fonts_dir: Path
    the_end: str
    headline: str  # "Talk to an adult you trust"
    credits_heading: str
    credits: tuple[str, ...]
    branding: str

    def image(self) -> Image.Image:
        layout, fonts = layout_for(self.size), load_fontset(self.fonts_dir)
        width, height = self.size.width, self.size.height
        u = layout.unit
        image = Image.new("RGB", (width, height), INK)
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, width, max(2, round(1.2 * u))), fill=ACCENT)
        parts: list[Text | Gap] = [
            Text(self.the_end, 4.4 * u, ACCENT, bold=True, max_lines=1),
            Gap(2 * u),
            Text(self.headline, (7.5 if self.size.shape == "wide" else 7.0) * u, WHITE, bold=True, max_lines=3),
        ]
        if self.credits:
            parts += [Gap(5 * u), Text(self.credits_heading, 3.6 * u, ACCENT, bold=True, max_lines=1), Gap(1.2 * u)]
            parts += [Text(credit, 3.0 * u, WHITE, max_lines=3) for credit in self.credits]
        footer_room = 9 * u if self.branding else 4 * u
        Block(parts, width=round(0.84 * width)).draw(
            draw, fonts, width / 2, (height - footer_room) / 2 + u, center=True, limit=height - footer_room - 6 * u
        )
        if self.branding:
            Block([Text(self.branding, 3.0 * u, (205, 215, 230), max_lines=2)], width=round(0.84 * width)).draw(
                draw, fonts, width / 2, height - 4 * u, bottom=True
            )
        return image

    def render(self) -> SlideArt:
        return SlideArt(to_planes(self.image()))


def speaker_tag(size: Size, fonts: FontSet, name: str) -> Overlay:
    """The speaker's name on an accent pill at the top-left corner of the picture."""
    layout = layout_for(size)
    text_size = layout.tag_size
    text_size = _shrink_to(fonts, name, text_size, layout.picture.width * 0.6, bold=True)
    ascent, descent = line_metrics(fonts, text_size, bold=True)
    pad_x, pad_y = layout.unit * 1.6, layout.unit * 0.5
    width = round(measure(fonts, name, text_size, bold=True) + 2 * pad_x)
    height = round(ascent + descent + 2 * pad_y)
    image = Image.new("RGBA", (width + width % 2, height + height % 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=height / 2, fill=ACCENT + (255,))
    draw_text(draw, fonts, (width / 2, pad_y), name, text_size, INK + (255,), bold=True, anchor="ma")
    inset = layout.px(3)
    return to_overlay(image, layout.picture.x + inset, layout.picture.y + inset)


def caption_box(size: Size, fonts: FontSet, lines: tuple[str, ...]) -> Overlay:
    """A burned-in caption: the cue's lines, white on a dark translucent box."""
    layout = layout_for(size)
    text_size = layout.caption_size
    widest = max(lines, key=lambda line: measure(fonts, line, text_size))
    text_size = _shrink_to(fonts, widest, text_size, layout.caption_width, floor=0.75)
    if max(measure(fonts, line, text_size) for line in lines) > layout.caption_width:
        lines = tuple(part for line in lines for part in wrap(fonts, line, layout.caption_width, text_size))
    ascent, descent = line_metrics(fonts, text_size)
    line_height = round((ascent + descent) * LINE_SPACING)
    pad_x, pad_y = round(layout.unit * 1.6), round(layout.unit * 0.9)
    width = round(max(measure(fonts, line, text_size) for line in lines)) + 2 * pad_x
    height = line_height * len(lines) + 2 * pad_y
    image = Image.new("RGBA", (width + width % 2, height + height % 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=layout.unit * 1.2, fill=SHADE)
    for index, line in enumerate(lines):
        y = pad_y + index * line_height + (line_height - ascent - descent) / 2
        draw_text(draw, fonts, (width / 2, y), line, text_size, WHITE + (255,), anchor="ma")
    x = (size.width - image.width) // 2
    if layout.caption_bottom is not None:
        y = layout.caption_bottom - image.height
    else:
        assert layout.caption_top is not None
        y = layout.caption_top
    return to_overlay(image, x, y)


@dataclass(frozen=True)
class Text:
    text: str
    size: float
    fill: tuple[int, ...]
    bold: bool = False
    max_lines: int = 2


@dataclass(frozen=True)
class Gap:
    size: float


@dataclass(frozen=True)
class Block:
    """Lines of text stacked and centred; shrinks as a whole to fit ``limit`` pixels of height."""

    parts: list[Text | Gap]
    width: int

    def draw(
        self,
        draw: ImageDraw.ImageDraw,
        fonts: FontSet,
        cx: float,
        y: float,
        *,
        center: bool = False,
        bottom: bool = False,
        limit: float | None = None,
    ) -> float:
        """Draw with the block's top at ``y`` (or its middle with ``center``, its bottom with
        ``bottom``); returns the block's height."""
        scale = 1.0
        while True:
            laid = self._lay_out(fonts, scale)
            total = sum(height for _, _, height in laid)
            if math.isfinite(total) and (limit is None or total <= limit):
                break
            if scale * 0.92 < SMALLEST:
                shown = next(p.text for p in self.parts if isinstance(p, Text))
                raise TextOverflowError(f"the text '{shown[:60]}' does not fit on the video frame even at {int(SMALLEST * 100)}% size; shorten it")
            scale *= 0.92
        top = y - total / 2 if center else y - total if bottom else y
        for part, lines, height in laid:
            if isinstance(part, Text):
                size = part.size * scale
                ascent, descent = line_metrics(fonts, size, part.bold)
                step = (ascent + descent) * LINE_SPACING
                for index, line in enumerate(lines):
                    draw_text(draw, fonts, (cx, top + index * step), line, size, part.fill, bold=part.bold, anchor="ma")
            top += height
        return total

    def _lay_out(self, fonts: FontSet, scale: float) -> list[tuple[Text | Gap, list[str], float]]:
        laid: list[tuple[Text | Gap, list[str], float]] = []
        for part in self.parts:
            if isinstance(part, Gap):
                laid.append((part, [], part.size * scale))
                continue
            size = part.size * scale
            lines = wrap(fonts, part.text, self.width, size, part.bold)
            if len(lines) > part.max_lines:
                return _overflowing(self.parts)
            ascent, descent = line_metrics(fonts, size, part.bold)
            laid.append((part, lines, (ascent + descent) * LINE_SPACING * len(lines)))
        return laid


def _overflowing(parts: list[Text | Gap]) -> list[tuple[Text | Gap, list[str], float]]:
    """A layout that never fits (infinitely tall), so that the block shrinks further."""
    return [(parts[0], [], float("inf"))]


def _shrink_to(fonts: FontSet, text: str, size: float, max_width: float, bold: bool = False, floor: float = SMALLEST) -> float:
    """``size``, made smaller (down to ``floor`` of it) until ``text`` fits ``max_width``."""
    smallest = size * floor
    while size > smallest and measure(fonts, text, size, bold) > max_width:
        size *= 0.95
    return max(size, smallest)


def _even_up(value: float) -> int:
    number = int(-(-value // 1))
    return number + number % 2
