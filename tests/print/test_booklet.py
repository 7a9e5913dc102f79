"""Saddle-stitch imposition on real PDFs: order, padding, halves, metadata and reproducibility."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from reportlab.lib.pagesizes import A4, A5, LETTER, landscape
from reportlab.pdfgen.canvas import Canvas

from kitgen.print.booklet import impose_saddle_stitch, padded_count, saddle_stitch_order


def numbered_pdf(path: Path, pages: int, size: tuple[float, float] = A5) -> Path:
    """A PDF whose page n shows the word ``Pnn`` in its middle."""
    canvas = Canvas(str(path), pagesize=size, invariant=1, lang="hy")
    canvas.setTitle("Numbered pages")
    canvas.setAuthor("Tests")
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 24)
        canvas.drawCentredString(size[0] / 2, size[1] / 2, f"P{number:02d}")
        canvas.showPage()
    canvas.save()
    return path


def halves(path: Path) -> list[tuple[str | None, str | None]]:
    """For each sheet side: the page label on its left half and on its right half (None if blank)."""
    found = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            middle = page.width / 2
            words = page.extract_words()
            left = [w["text"] for w in words if w["x1"] <= middle]
            right = [w["text"] for w in words if w["x0"] >= middle]
            assert len(left) <= 1 and len(right) <= 1, words
            found.append((left[0] if left else None, right[0] if right else None))
    return found


@pytest.mark.parametrize(("pages", "padded"), [(1, 4), (4, 4), (5, 8), (8, 8), (29, 32), (33, 36)])
def test_padded_count_is_the_next_multiple_of_four(pages: int, padded: int) -> None:
    assert padded_count(pages) == padded


def test_saddle_stitch_order_of_eight_pages() -> None:
    assert saddle_stitch_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


@pytest.mark.parametrize("pages", [4, 8, 12, 36])
def test_every_page_appears_once_and_facing_pages_sum_to_n_plus_one(pages: int) -> None:
    order = saddle_stitch_order(pages)
    assert sorted(n for side in order for n in side) == list(range(1, pages + 1))
    assert all(left + right == pages + 1 for left, right in order)
    assert len(order) == pages // 2


def test_pages_land_on_the_right_half_of_the_right_sheet(tmp_path: Path) -> None:
    source = numbered_pdf(tmp_path / "pages.pdf", 6)
    output = tmp_path / "out" / "booklet.pdf"
    sides = impose_saddle_stitch(source, output, A4)
    assert sides == 4
    # 6 pages padded to 8: pages 7 and 8 are blank.
    assert halves(output) == [(None, "P01"), ("P02", None), ("P06", "P03"), ("P04", "P05")]


def test_sheets_are_landscape_and_a5_pages_are_not_scaled(tmp_path: Path) -> None:
    output = tmp_path / "booklet.pdf"
    impose_saddle_stitch(numbered_pdf(tmp_path / "pages.pdf", 4), output, A4)
    reader = PdfReader(output)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(landscape(A4), abs=0.01)
    with pdfplumber.open(output) as pdf:
        word = next(w for w in pdf.pages[0].extract_words() if w["text"] == "P01")
        assert word["x1"] - word["x0"] == pytest.approx(Canvas(str(tmp_path / "x.pdf")).stringWidth("P01", "Helvetica", 24), abs=0.5)


def test_letter_sheets_fit_larger_pages_by_scaling(tmp_path: Path) -> None:
    output = tmp_path / "booklet.pdf"
    impose_saddle_stitch(numbered_pdf(tmp_path / "pages.pdf", 4, A4), output, LETTER)
    reader = PdfReader(output)
    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == pytest.approx(landscape(LETTER), abs=0.01)
    assert halves(output) == [("P04", "P01"), ("P02", "P03")]


def test_metadata_and_language_are_kept_and_builds_are_identical(tmp_path: Path) -> None:
    source = numbered_pdf(tmp_path / "pages.pdf", 5)
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    impose_saddle_stitch(source, first, A4)
    impose_saddle_stitch(source, second, A4)
    assert first.read_bytes() == second.read_bytes()
    reader = PdfReader(first)
    assert reader.metadata["/Title"] == "Numbered pages"
    assert reader.metadata["/Author"] == "Tests"
    assert reader.trailer["/Root"]["/Lang"] == "hy"
    ids = reader.trailer["/ID"]
    assert ids[0] == ids[1] and len(ids[0]) == 16
    other = tmp_path / "c.pdf"
    impose_saddle_stitch(numbered_pdf(tmp_path / "more.pdf", 7), other, A4)
    assert PdfReader(other).trailer["/ID"][0] != ids[0]


def test_content_streams_are_compressed(tmp_path: Path) -> None:
    output = tmp_path / "booklet.pdf"
    impose_saddle_stitch(numbered_pdf(tmp_path / "pages.pdf", 8), output, A4)
    for page in PdfReader(output).pages:
        assert page["/Contents"].get_object()["/Filter"] == "/FlateDecode"


def test_a_failure_leaves_neither_output_nor_temporary_file(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(PdfReadError):
        impose_saddle_stitch(broken, folder / "booklet.pdf", A4)
    assert list(folder.iterdir()) == []
