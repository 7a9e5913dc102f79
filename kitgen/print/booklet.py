"""Saddle-stitch imposition: half-sheet pages two-up on landscape sheets, to fold and staple.

A booklet of ``n`` pages (padded with blank pages to a multiple of 4) is printed on ``n / 4``
sheets, double-sided, flipped on the short edge. Sheet ``i`` (from 0) carries pages
``n - 2i`` and ``1 + 2i`` on its front and ``2 + 2i`` and ``n - 1 - 2i`` on its back, so
the stacked, folded sheets read 1, 2, 3, ... Each side of a sheet is one page of the output.

The output is written atomically and byte-for-byte reproducibly: the document id is a hash
of the input, and the dates and metadata are the source document's own.

API
    ``padded_count(pages) -> int``
    ``saddle_stitch_order(pages) -> list[tuple[int, int]]``: (left, right) page numbers per side
    ``impose_saddle_stitch(source, output, sheet) -> int``: the number of sheet sides written
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import ArrayObject, ByteStringObject, NameObject

from kitgen.output import atomic_path

#: Metadata copied from the source document to the booklet.
_METADATA_KEYS = ("/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer", "/CreationDate", "/ModDate")


def padded_count(pages: int) -> int:
    """``pages`` rounded up to a multiple of 4 (at least 4)."""
    return max(4, -(-pages // 4) * 4)


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """The (left, right) page numbers, 1-based, of each sheet side in printing order.

    ``pages`` is padded to a multiple of 4 first; numbers past the real page count are blanks.
    """
    n = padded_count(pages)
    sides = []
    for sheet in range(n // 4):
        sides.append((n - 2 * sheet, 1 + 2 * sheet))
        sides.append((2 + 2 * sheet, n - 1 - 2 * sheet))
    return sides


def impose_saddle_stitch(source: Path, output: Path, sheet: tuple[float, float]) -> int:
    """Impose the pages of ``source`` two-up on landscape ``sheet``s; write ``output`` atomically.

    Each page is scaled to fit half a sheet (it is not scaled when it is exactly half) and
    centred there. Returns the number of sheet sides (output pages).
    """
    data = Path(source).read_bytes()
    reader = PdfReader(source)
    sheet_width, sheet_height = max(sheet), min(sheet)
    half = sheet_width / 2
    writer = PdfWriter()
    order = saddle_stitch_order(len(reader.pages))
    for left, right in order:
        side = writer.add_blank_page(sheet_width, sheet_height)
        for slot, number in enumerate((left, right)):
            if number > len(reader.pages):
                continue
            page = reader.pages[number - 1]
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            scale = min(half / width, sheet_height / height, 1.0) if abs(width - half) > 0.5 else 1.0
            x = slot * half + (half - width * scale) / 2
            y = (sheet_height - height * scale) / 2
            side.merge_transformed_page(page, Transformation().scale(scale, scale).translate(x, y))
        side.compress_content_streams()
    _copy_document_info(reader, writer)
    digest = hashlib.sha256(data + repr(sheet).encode("ascii")).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    with atomic_path(Path(output)) as tmp, open(tmp, "wb") as handle:
        writer.write(handle)
    return len(order)


def _copy_document_info(reader: PdfReader, writer: PdfWriter) -> None:
    """Title, author, dates, /Lang and 'show the title' from the source: the booklet is the same document."""
    info = reader.metadata or {}
    writer.add_metadata({key: str(info[key]) for key in _METADATA_KEYS if key in info})
    root = reader.trailer["/Root"]
    if "/Lang" in root:
        writer._root_object[NameObject("/Lang")] = root["/Lang"]
    if "/ViewerPreferences" in root:
        writer._root_object[NameObject("/ViewerPreferences")] = root["/ViewerPreferences"].get_object().clone(writer)
