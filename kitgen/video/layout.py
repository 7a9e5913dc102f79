"""Where things go on a frame, re-flowed for the frame's shape.

All measures derive from ``unit``, a hundredth of the frame's shorter side, so 720p and
1080p look the same and text stays readable on phones.

- wide (16:9): the picture fills the frame; captions sit in a box near the bottom.
- tall (9:16): a header with the scene caption, the picture as a full-width 16:9 band, the
  captions below it on the plain background, the branding at the foot.
- square (1:1): a short header, the picture band, the captions below it.

The speaker's name sits at the top-left corner of the picture in every shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from kitgen.video.settings import Size

INK = (29, 53, 87)  # dark blue: card backgrounds, text on the accent
ACCENT = (255, 209, 102)  # warm yellow: labels and the speaker's name
PAPER = (246, 241, 231)  # background around the picture in tall and square frames
WHITE = (255, 255, 255)
SHADE = (0, 0, 0, 168)  # caption box
LIGHT = (205, 215, 230)  # quieter text on INK: branding, web addresses
BAND = (14, 14, 16)  # the "draft" band across the title card


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


@dataclass(frozen=True)
class Layout:
    size: Size
    unit: float
    picture: Box
    header: Box | None  # scene caption area (tall and square)
    caption_top: int | None  # captions hang from here (tall and square) ...
    caption_bottom: int | None  # ... or stand on this line (wide)
    caption_width: int
    caption_size: float
    tag_size: float
    footer: Box | None  # branding (tall)

    @property
    def width(self) -> int:
        return self.size.width

    @property
    def height(self) -> int:
        return self.size.height

    @property
    def full_frame_picture(self) -> bool:
        return self.picture == Box(0, 0, self.width, self.height)

    def px(self, units: float) -> int:
        return int(round(units * self.unit))


def layout_for(size: Size) -> Layout:
    width, height = size.width, size.height
    unit = min(width, height) / 100
    if size.shape == "wide":
        return Layout(
            size, unit, Box(0, 0, width, height), None, None, height - _even(5 * unit), _even(0.86 * width), 5.0 * unit, 4.2 * unit, None
        )
    band = _even(width * 9 / 16)
    if size.shape == "tall":
        top = _even(height * 0.27)
        picture = Box(0, top, width, band)
        header = Box(_even(6 * unit), _even(6 * unit), width - _even(12 * unit), top - _even(10 * unit))
        footer = Box(0, height - _even(9 * unit), width, _even(9 * unit))
        return Layout(size, unit, picture, header, picture.bottom + _even(7 * unit), None, _even(0.88 * width), 5.6 * unit, 4.6 * unit, footer)
    top = _even(max(16 * unit, (height - band) * 0.36))
    picture = Box(0, top, width, band)
    header = Box(_even(5 * unit), _even(2 * unit), width - _even(10 * unit), top - _even(4 * unit))
    return Layout(size, unit, picture, header, picture.bottom + _even(4 * unit), None, _even(0.9 * width), 4.6 * unit, 4.2 * unit, None)


def help_columns(size: Size, contacts: int) -> int:
    """How many help contacts stand side by side on the outro: up to 3 in wide frames, 2 in
    tall and square ones (4 in a wide frame: 2 by 2)."""
    if contacts <= 1:
        return 1
    if size.shape == "wide":
        return 2 if contacts in (2, 4) else 3
    return 2


def _even(value: float) -> int:
    return int(round(value / 2)) * 2
