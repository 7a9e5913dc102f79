"""Pictures as the encoder takes them: BT.709 limited-range Y'CbCr with 4:2:0 chroma.

Slides are drawn in RGB with Pillow once, converted here once, and from then on every frame
is made of cheap operations on these planes (warps, blends, overlay composites), which is
also the layout the encoder reads (``yuv420p``), so ffmpeg converts nothing. Conversions
use the BT.709 matrix and studio range (Y 16-235, C 16-240); the video is tagged to match.

Moving pictures are resampled by :class:`Resampling`: the bilinear samples of an inverse
scale-and-shift map, exactly where ``cv2.warpAffine`` would take them (to 1/32 pixel, the
warp's own precision), but with ``cv2.resize``'s separable kernels, about three times
cheaper. ``cv2.resize`` samples source pixel ``i + (j + 0.5) * s - 0.5`` for output column
``j`` of a region starting at column ``i``: a whole-pixel start only. The sub-pixel start
``x0`` of a window is reached by resizing from ``i = x0 - k * s`` and dropping the first
``k`` output columns, for the smallest ``k`` below :data:`MARGIN_STEPS` that lands within
1/32 pixel of a whole pixel; so a picture carries a margin (:func:`pad`) of
``MARGIN_STEPS * s`` pixels on its left and top. When no ``k`` lands (a few frames in a
hundred), the warp itself is used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

# BT.709 luma coefficients.
_KR, _KB = 0.2126, 0.0722
_KG = 1.0 - _KR - _KB
_RGB_TO_YCC = np.array(
    [
        [_KR * 219 / 255, _KG * 219 / 255, _KB * 219 / 255],
        [-_KR / (1 - _KB) / 2 * 224 / 255, -_KG / (1 - _KB) / 2 * 224 / 255, 0.5 * 224 / 255],
        [0.5 * 224 / 255, -_KG / (1 - _KR) / 2 * 224 / 255, -_KB / (1 - _KR) / 2 * 224 / 255],
    ],
    dtype=np.float32,
)
_OFFSET = np.array([16.0, 128.0, 128.0], dtype=np.float32)
_AFFINE = np.hstack([_RGB_TO_YCC, _OFFSET[:, None]]).astype(np.float64)  # for cv2.transform

BAND = 64  # rows converted at a time (even)
COLOUR_TAGS = ["-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709", "-color_range", "tv"]  # input options


@dataclass(frozen=True, eq=False)
class Planes:
    """One picture as three uint8 planes: ``y`` full size, ``u`` and ``v`` half size each way."""

    y: np.ndarray
    u: np.ndarray
    v: np.ndarray

    @property
    def width(self) -> int:
        return self.y.shape[1]

    @property
    def height(self) -> int:
        return self.y.shape[0]

    @property
    def nbytes(self) -> int:
        return self.y.nbytes + self.u.nbytes + self.v.nbytes


def ycc(rgb: np.ndarray) -> np.ndarray:
    """Full-resolution Y'CbCr (float32, studio range) of an ``(h, w, 3)`` uint8 RGB array."""
    return rgb.astype(np.float32) @ _RGB_TO_YCC.T + _OFFSET


def to_planes(image: Image.Image | np.ndarray) -> Planes:
    """Convert an RGB picture with even width and height (see the module notes).

    OpenCV applies the matrix per pixel (rounding to 8 bits) and averages each 2x2 block of
    chroma, in bands of :data:`BAND` rows, so a large picture needs little memory besides
    its result.
    """
    rgb = np.asarray(image.convert("RGB") if isinstance(image, Image.Image) else image)
    height, width = rgb.shape[:2]
    if width % 2 or height % 2:
        raise ValueError(f"picture size {width}x{height} must be even")
    y = np.empty((height, width), np.uint8)
    u = np.empty((height // 2, width // 2), np.uint8)
    v = np.empty((height // 2, width // 2), np.uint8)
    for top in range(0, height, BAND):
        bottom = min(top + BAND, height)
        full = cv2.transform(np.ascontiguousarray(rgb[top:bottom]), _AFFINE)
        y[top:bottom] = full[:, :, 0]
        half = ((bottom - top) // 2, width // 2)
        for channel, plane in ((1, u), (2, v)):
            cv2.resize(full[:, :, channel], half[::-1], dst=plane[top // 2 : bottom // 2], interpolation=cv2.INTER_AREA)
    return Planes(y, u, v)


@dataclass(frozen=True, eq=False)
class Overlay:
    """A premultiplied picture with alpha, in planes, to lay over frames at (x, y) (both even).

    ``*_inv`` hold ``255 - alpha``: a frame region becomes ``region * inv / 255 + premultiplied``.
    """

    x: int
    y: int
    planes: Planes
    y_inv: np.ndarray
    c_inv: np.ndarray

    @property
    def width(self) -> int:
        return self.planes.width

    @property
    def height(self) -> int:
        return self.planes.height


def to_overlay(image: Image.Image, x: int, y: int) -> Overlay:
    """An RGBA picture placed with its top-left corner at (``x``, ``y``), both rounded down to even."""
    x, y = x - x % 2, y - y % 2
    if image.width % 2 or image.height % 2:
        padded = Image.new("RGBA", (image.width + image.width % 2, image.height + image.height % 2), (0, 0, 0, 0))
        padded.paste(image, (0, 0))
        image = padded
    rgba = np.asarray(image.convert("RGBA"))
    alpha = rgba[:, :, 3].astype(np.float32) / 255.0
    full = ycc(rgba[:, :, :3]) * alpha[:, :, None]
    chroma = _half(full[:, :, 1:])
    c_alpha = _half(alpha)
    planes = Planes(_u8(full[:, :, 0]), _u8(chroma[:, :, 0]), _u8(chroma[:, :, 1]))
    return Overlay(x, y, planes, _u8(255 * (1 - alpha)), _u8(255 * (1 - c_alpha)))


def _half(values: np.ndarray) -> np.ndarray:
    """Average 2x2 blocks (chroma is sited at the centre of each block)."""
    h, w = values.shape[:2]
    blocks = values.reshape(h // 2, 2, w // 2, 2, *values.shape[2:])
    return blocks.mean(axis=(1, 3))


def _u8(values: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.clip(np.rint(values), 0, 255).astype(np.uint8))


def frame_bytes(width: int, height: int) -> int:
    """The size of one ``yuv420p`` frame."""
    return width * height * 3 // 2


def frame_buffer(width: int, height: int) -> tuple[np.ndarray, Planes]:
    """A contiguous ``yuv420p`` frame and plane views into it (writing a view writes the frame)."""
    flat = np.empty(frame_bytes(width, height), dtype=np.uint8)
    y_size, c_size = width * height, width * height // 4
    planes = Planes(
        flat[:y_size].reshape(height, width),
        flat[y_size : y_size + c_size].reshape(height // 2, width // 2),
        flat[y_size + c_size :].reshape(height // 2, width // 2),
    )
    return flat, planes


def to_rgb(planes: Planes) -> np.ndarray:
    """Back to RGB (for checks): ``(h, w, 3)`` uint8, each chroma sample repeated over its 2x2 block."""
    y = planes.y.astype(np.float32) - 16.0
    u = planes.u.repeat(2, axis=0).repeat(2, axis=1).astype(np.float32) - 128.0
    v = planes.v.repeat(2, axis=0).repeat(2, axis=1).astype(np.float32) - 128.0
    matrix = np.linalg.inv(_RGB_TO_YCC)
    rgb = np.stack([y, u, v], axis=-1) @ matrix.T
    return _u8(rgb)


#: Dropped output columns (rows) tried per axis to reach a sub-pixel start (see the module notes).
MARGIN_STEPS = 128
#: How close to a whole pixel the resize must start: the warp's own precision (1/32 pixel).
PHASE_TOLERANCE = 1 / 32
#: Pixels of margin on the right and bottom of a padded picture (the last samples' neighbours).
FAR_EDGE = 4
_WARP = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP


def margin_for(scale: float) -> int:
    """The left and top margin (in pixels) a picture sampled at up to ``scale`` source pixels
    per frame pixel needs for :class:`Resampling`'s separable path."""
    return math.ceil(MARGIN_STEPS * max(scale, 1.0)) + 2


def pad(planes: Planes, margin: int) -> Planes:
    """``planes`` with ``margin`` pixels added on the left and top of each plane (the chroma
    planes too, in their own pixels) and :data:`FAR_EDGE` on the right and bottom, edge pixels
    repeated (no frame ever shows them)."""
    if margin == 0:
        return planes
    return Planes(*(cv2.copyMakeBorder(plane, margin, FAR_EDGE, margin, FAR_EDGE, cv2.BORDER_REPLICATE) for plane in (planes.y, planes.u, planes.v)))


def padded_size(planes: Planes, margin: int) -> tuple[int, int]:
    """(width, height) of the picture inside planes made by :func:`pad` with ``margin``."""
    extra = margin + FAR_EDGE if margin else 0
    return planes.width - extra, planes.height - extra


def _axis(start: float, scale: float, target: int, source: int) -> tuple[int, int, int] | None:
    """(first source pixel, dropped outputs, source pixels) of one axis, or None (see the notes)."""
    if scale <= 0:
        return None
    # With fewer than this many outputs dropped, an upscaling resize would sample left of its region.
    first_step = 0 if scale >= 1 else math.ceil(0.5 / scale - 0.5)
    for k in range(first_step, MARGIN_STEPS):
        first = start - k * scale
        if first < -PHASE_TOLERANCE:
            return None  # further steps start further left, outside the margin
        phase = first % 1.0
        if phase <= PHASE_TOLERANCE or phase >= 1.0 - PHASE_TOLERANCE:
            whole = round(first)
            span = math.ceil((k + target - 0.5) * scale + 0.5)
            return (whole, k, span) if whole + span <= source else None
    return None


@dataclass(frozen=True)
class Resampling:
    """How to sample a ``source``-sized plane through ``matrix`` (a 2x3 inverse map with no
    rotation, as :meth:`kitgen.video.motion.KenBurns.matrix` gives) into a ``target``-sized one."""

    matrix: np.ndarray
    target: tuple[int, int]  # (width, height)
    columns: tuple[int, int, int] | None  # see _axis
    rows: tuple[int, int, int] | None

    @classmethod
    def of(cls, matrix: np.ndarray, source: tuple[int, int], target: tuple[int, int]) -> "Resampling":
        (sx, shear_x, off_x), (shear_y, sy, off_y) = matrix.tolist()  # Python floats: the same values, cheaper arithmetic
        columns = rows = None
        if shear_x == 0 and shear_y == 0:
            # Output pixel j samples off + j * s; a resize region starting at i samples i + (j + 0.5) * s - 0.5.
            columns = _axis(off_x - 0.5 * sx + 0.5, sx, target[0], source[0])
            rows = _axis(off_y - 0.5 * sy + 0.5, sy, target[1], source[1])
        return cls(matrix, target, columns, rows)

    @property
    def separable(self) -> bool:
        return self.columns is not None and self.rows is not None

    def apply(self, source: np.ndarray, out: np.ndarray, scratch: "Scratch") -> None:
        """Write the samples into ``out`` (a ``target``-sized view)."""
        if self.columns is None or self.rows is None:
            cv2.warpAffine(source, self.matrix, self.target, dst=out, flags=_WARP, borderMode=cv2.BORDER_TRANSPARENT)
            return
        (x, skip_x, span_x), (y, skip_y, span_y) = self.columns, self.rows
        fx, fy = 1.0 / float(self.matrix[0, 0]), 1.0 / float(self.matrix[1, 1])
        # cv2.resize makes round(span * f) outputs at exactly 1 / f source pixels apart.
        shape = (round(span_y * fy), round(span_x * fx))
        made = cv2.resize(source[y : y + span_y, x : x + span_x], (0, 0), dst=scratch.take(shape), fx=fx, fy=fy, interpolation=cv2.INTER_LINEAR)
        width, height = self.target
        np.copyto(out, made[skip_y : skip_y + height, skip_x : skip_x + width])


class Scratch:
    """A reusable buffer for one thread's resized regions."""

    def __init__(self) -> None:
        self._buffer = np.empty(0, np.uint8)

    def take(self, shape: tuple[int, int]) -> np.ndarray:
        size = shape[0] * shape[1]
        if self._buffer.size < size:
            self._buffer = np.empty(size, np.uint8)
        return self._buffer[:size].reshape(shape)
