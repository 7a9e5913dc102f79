"""The slides of an episode, drawn once with Pillow, and the overlays laid over them.

- :class:`TitleCard`: "Episode N", the episode's title and the kit's branding over a
  blurred, darkened copy of the first scene's illustration; a draft kit's card carries a dark
  "DRAFT — for review" band across the top. It is also the poster.
- :class:`SceneSlide`: the scene's illustration (in tall and square frames with the scene's
  caption above it), pre-rendered at the size its Ken Burns motion needs.
- :class:`OutroCard`: "The end", the safety message, "Where to get help" with the kit's help
  contacts (in columns, see :mod:`kitgen.video.contacts`), the credits and the branding.
- :func:`speaker_tag` and :func:`caption_box`: small overlays shown while a line is spoken.

Cards keep what they say in the text model of :mod:`kitgen.video.blocks`, laid out and shrunk
to fit before drawing; their ``texts()`` give the strings drawn, without reading pixels. All
text goes through :mod:`kitgen.text.raster`, run by run, so that Armenian, Georgian,
Cyrillic and Latin letters each get a font that has them. Slides are plain picklable jobs:
``render()`` may run in another process.

What a slide draws from its illustration alone (a scene's moving planes or still picture,
the title card's blurred backdrop) goes through the slide's
:class:`~kitgen.video.rasters.RasterCache`, so each is drawn once for every locale and kit.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from kitgen.builder.help import HelpLine
from kitgen.errors import Location
from kitgen.text.fontset import FontSet
from kitgen.text.raster import draw_text, line_metrics, measure, wrap
from kitgen.video.blocks import LINE_SPACING, Block, Columns, Gap, Placed, Text, shrink_to
from kitgen.video.contacts import contact_cell
from kitgen.video.illustration import Drawing, draw_fitted, fitted
from kitgen.video.layout import (
    ACCENT,
    BAND,
    INK,
    LIGHT,
    PAPER,
    SHADE,
    WHITE,
    Box,
    Layout,
    help_columns,
    layout_for,
)
from kitgen.video.motion import KenBurns
from kitgen.video.planes import Overlay, Planes, margin_for, pad, to_overlay, to_planes
from kitgen.video.rasters import RasterCache
from kitgen.video.settings import Size

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
    fonts: FontSet
    label: str  # "Episode 2"
    title: str
    branding: str
    picture: Path | None
    where: Location | None = None
    rasters: RasterCache = _NO_CACHE
    draft: str = ""  # "DRAFT — for review" in the kit's language, shown on a band; "" when not a draft

    def image(self) -> Image.Image:
        """The card as an RGB image (drawn once, then reused for the slide and the poster)."""
        return self._image.copy()

    def texts(self) -> tuple[str, ...]:
        """Every string the card draws, from its text model: the draft band's first, if any."""
        return tuple(text for placed in self._placed(layout_for(self.size)) for text in placed.block.texts())

    @functools.cached_property
    def _image(self) -> Image.Image:
        layout, fonts = layout_for(self.size), self.fonts
        width, height = self.size.width, self.size.height
        if self.picture is not None:
            image = self._backdrop(self.picture, width, height, layout.unit * 0.3)
        else:
            image = Image.new("RGB", (width, height), INK)
        draw = ImageDraw.Draw(image)
        band = self._band(layout)
        if band is not None:  # a dark band edged in the accent colour, across the top
            draw.rectangle((0, 0, band.width - 1, band.bottom - 1), fill=BAND)
            draw.rectangle((0, band.bottom, band.width - 1, band.bottom + _edge(layout) - 1), fill=ACCENT)
        for placed in self._placed(layout):
            placed.draw(draw, fonts)
        return image

    def _band(self, layout: Layout) -> Box | None:
        return Box(0, 0, layout.width, layout.px(10)) if self.draft else None

    def _placed(self, layout: Layout) -> list[Placed]:
        width, height, u = self.size.width, self.size.height, layout.unit
        placed = []
        band = self._band(layout)
        room = band.bottom + _edge(layout) if band is not None else 0  # the band and its edge
        if band is not None:
            text = Block([Text(self.draft, 4.6 * u, WHITE, bold=True, max_lines=1)], width=round(0.9 * width))
            placed.append(Placed(text, width / 2, band.height / 2, center=True, limit=band.height * 0.9))
        title_size = (9.0 if self.size.shape == "wide" else 8.0) * u
        label = Text(self.label, 5.0 * u, ACCENT, bold=True, max_lines=1)
        title = Text(self.title, title_size, WHITE, bold=True, max_lines=3 if self.size.shape == "wide" else 4)
        block = Block([label, Gap(2.5 * u), title], width=round(0.84 * width))
        placed.append(Placed(block, width / 2, height * 0.46 + room / 2, center=True, limit=height - 20 * u - room))
        if self.branding:
            footer = Block([Text(self.branding, 3.4 * u, WHITE, max_lines=2)], width=round(0.84 * width))
            placed.append(Placed(footer, width / 2, height - 5 * u, bottom=True))
        return placed

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
    fonts: FontSet
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
        background = None if layout.full_frame_picture else self.background(layout, self.fonts)
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
    """The last card: "The end", the safety message and, when the kit has them, "Where to get
    help" with each help contact (see :mod:`kitgen.video.contacts`), then the credits and the
    branding."""

    size: Size
    fonts: FontSet
    the_end: str
    headline: str  # "Talk to an adult you trust"
    credits_heading: str
    credits: tuple[str, ...]
    branding: str
    help_heading: str = ""  # "Where to get help"
    help: tuple[HelpLine, ...] = ()
    hours_label: str = "Hours"

    def image(self) -> Image.Image:
        layout, fonts = layout_for(self.size), self.fonts
        width, height = self.size.width, self.size.height
        image = Image.new("RGB", (width, height), INK)
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, width, max(2, round(1.2 * layout.unit))), fill=ACCENT)
        for placed in self._placed(layout):
            placed.draw(draw, fonts)
        return image

    def texts(self) -> tuple[str, ...]:
        """Every string the card draws, from its text model, in reading order."""
        return tuple(text for placed in self._placed(layout_for(self.size)) for text in placed.block.texts())

    def _placed(self, layout: Layout) -> list[Placed]:
        width, height, u = self.size.width, self.size.height, layout.unit
        helped = bool(self.help)
        headline_size = (5.6 if helped else 7.5 if self.size.shape == "wide" else 7.0) * u
        parts: list[Text | Gap | Columns] = [
            Text(self.the_end, (3.6 if helped else 4.4) * u, ACCENT, bold=True, max_lines=1),
            Gap((1.2 if helped else 2) * u),
            Text(self.headline, headline_size, WHITE, bold=True, max_lines=2 if helped else 3),
        ]
        if helped:
            cells = tuple(contact_cell(line, self.hours_label, u) for line in self.help)
            parts += [Gap(3.2 * u), Text(self.help_heading, 4.4 * u, ACCENT, bold=True, max_lines=2), Gap(1.8 * u)]
            parts.append(Columns(cells, help_columns(self.size, len(cells)), gutter=3.0 * u, row_gap=3.4 * u))
        if self.credits:
            credit_size = 2.4 if helped else 3.0
            parts += [Gap((3 if helped else 5) * u), Text(self.credits_heading, (credit_size + 0.6) * u, ACCENT, bold=True, max_lines=1)]
            parts += [Gap((0.8 if helped else 1.2) * u)]
            parts += [Text(credit, credit_size * u, WHITE, max_lines=3) for credit in self.credits]
        footer_room = (7 if helped else 9) * u if self.branding else 4 * u
        margin = (3 if helped else 6) * u
        block = Block(parts, width=round((0.92 if helped else 0.84) * width))
        placed = [Placed(block, width / 2, (height - footer_room) / 2 + u, center=True, limit=height - footer_room - margin)]
        if self.branding:
            footer = Block([Text(self.branding, (2.6 if helped else 3.0) * u, LIGHT, max_lines=2)], width=round(0.84 * width))
            placed.append(Placed(footer, width / 2, height - (3 if helped else 4) * u, bottom=True))
        return placed

    def render(self) -> SlideArt:
        return SlideArt(to_planes(self.image()))


def speaker_tag(size: Size, fonts: FontSet, name: str) -> Overlay:
    """The speaker's name on an accent pill at the top-left corner of the picture."""
    layout = layout_for(size)
    text_size = layout.tag_size
    text_size = shrink_to(fonts, name, text_size, layout.picture.width * 0.6, bold=True)
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
    text_size = shrink_to(fonts, widest, text_size, layout.caption_width, floor=0.75)
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


def _edge(layout: Layout) -> int:
    """The accent line under the title card's draft band."""
    return max(2, layout.px(0.8))


def _even_up(value: float) -> int:
    number = int(-(-value // 1))
    return number + number % 2
