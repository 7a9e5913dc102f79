"""Pictures as the encoder takes them: BT.709 limited-range Y'CbCr with 4:2:0 chroma.

Slides are drawn in RGB with Pillow once, converted here once, and from then on every frame
is made of cheap operations on these planes (warps, blends, overlay composites), which is
also the layout the encoder reads (``yuv420p``), so ffmpeg converts nothing. Conversions
use the BT.709 matrix and studio range (Y 16-235, C 16-240); the video is tagged to match.
"""

from __future__ import annotations

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


def frame_buffer(width: int, height: int) -> tuple[np.ndarray, Planes]:
    """A contiguous ``yuv420p`` frame and plane views into it (writing a view writes the frame)."""
    flat = np.empty(width * height * 3 // 2, dtype=np.uint8)
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
