"""A picture of a take's split plan: the waveform, the speech found, and each clip's bounds.

Rows of :data:`ROW_SECONDS` seconds each; per pixel column the waveform's min and max. Speech
parts are shaded, each clip is a coloured band (orange when doubtful) with its number, and
its first and last sound are marked with vertical lines.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from kitgen.voice.audio import Audio, mono
from kitgen.voice.takes import TakePlan

ROW_SECONDS = 30.0
WIDTH = 1500
ROW_HEIGHT = 120
MARGIN = 24
BACKGROUND, WAVE, SPEECH = (255, 255, 255), (60, 70, 90), (225, 232, 245)
CLIP, DOUBT, MARK, TEXT = (200, 235, 205), (255, 214, 170), (30, 120, 60), (20, 20, 20)


def plan_png(audio: Audio, plan: TakePlan) -> bytes:
    """The PNG bytes of the plan's picture."""
    samples = mono(audio.samples)
    duration = len(samples) / audio.rate
    rows = max(1, int(np.ceil(duration / ROW_SECONDS)))
    image = Image.new("RGB", (WIDTH + 2 * MARGIN, rows * (ROW_HEIGHT + MARGIN) + MARGIN), BACKGROUND)
    draw = ImageDraw.Draw(image)
    scale = WIDTH / ROW_SECONDS  # pixels per second

    def place(seconds: float) -> tuple[int, int]:
        row = min(rows - 1, int(seconds // ROW_SECONDS))
        return row, MARGIN + int(round((seconds - row * ROW_SECONDS) * scale))

    def band(start: float, end: float, colour, top_share: float = 0.0) -> None:
        t = start
        while t < end:
            row, x0 = place(t)
            row_end = min(end, (row + 1) * ROW_SECONDS)
            x1 = MARGIN + int(round((row_end - row * ROW_SECONDS) * scale))
            top = MARGIN + row * (ROW_HEIGHT + MARGIN)
            draw.rectangle([x0, top + int(top_share * ROW_HEIGHT), max(x0, x1 - 1), top + ROW_HEIGHT], fill=colour)
            t = row_end if row_end > t else end

    for split in plan.splits:
        band(split.clip_start, split.clip_end, DOUBT if split.doubts else CLIP)
    for start, end in plan.speech:
        band(start, end, SPEECH, top_share=0.8)
    _waveform(draw, samples, audio.rate, rows, scale)
    for number, split in enumerate(plan.splits, 1):
        for edge in (split.start, split.end):
            row, x = place(edge)
            top = MARGIN + row * (ROW_HEIGHT + MARGIN)
            draw.line([x, top, x, top + ROW_HEIGHT], fill=MARK, width=1)
        row, x = place(split.start)
        draw.text((x + 3, MARGIN + row * (ROW_HEIGHT + MARGIN) + 2), str(number), fill=TEXT)
    for row in range(rows):
        top = MARGIN + row * (ROW_HEIGHT + MARGIN)
        draw.text((2, top + ROW_HEIGHT // 2 - 5), f"{int(row * ROW_SECONDS)}s", fill=TEXT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _waveform(draw: ImageDraw.ImageDraw, samples: np.ndarray, rate: int, rows: int, scale: float) -> None:
    per_pixel = max(1, int(rate / scale))
    columns = int(np.ceil(len(samples) / per_pixel))
    padded = np.zeros(columns * per_pixel, dtype=np.float32)
    padded[: len(samples)] = samples
    blocks = padded.reshape(columns, per_pixel)
    highs, lows = blocks.max(axis=1), blocks.min(axis=1)
    half = ROW_HEIGHT / 2
    for column in range(columns):
        seconds = column * per_pixel / rate
        row = min(rows - 1, int(seconds // ROW_SECONDS))
        x = MARGIN + int(round((seconds - row * ROW_SECONDS) * scale))
        middle = MARGIN + row * (ROW_HEIGHT + MARGIN) + half
        draw.line([x, middle - highs[column] * half, x, middle - lows[column] * half], fill=WAVE)
