"""`kitgen cards/workbook/guide/storybook` end to end on the tiny fixture, read back with pypdf."""

from __future__ import annotations

from pypdf import PdfReader



def test_each_print_command_writes_its_pdf_in_the_locale(tiny):
    for command, name in (("cards", "cards.pdf"), ("workbook", "workbook.pdf"), ("guide", "teacher-guide.pdf"), ("storybook", "storybook.pdf")):
        result = tiny.kitgen(command, "--locale", "hy")
        assert result.exit_code == 0, result.output
        path = tiny.root / "output" / "tiny" / "hy" / name
        assert result.output.strip() == f"wrote {path}"
        reader = PdfReader(str(path))
        assert reader.trailer["/Root"]["/Lang"] == "hy"
        assert any("\u0531" <= ch <= "\u058f" for page in reader.pages for ch in page.extract_text()), f"{name} has no Armenian"


def test_letter_paper_and_booklet(tiny):
    assert tiny.kitgen("workbook", "--locale", "en", "--paper", "letter", "-o", "wb.pdf").exit_code == 0
    page = PdfReader(str(tiny.root / "wb.pdf")).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    assert tiny.kitgen("storybook", "--locale", "en", "--booklet", "-o", "book.pdf").exit_code == 0
    assert len(PdfReader(str(tiny.root / "book.pdf")).pages) % 2 == 0


def test_bad_print_inputs_leave_no_pdf(tiny):
    # Bad options are usage errors: exit 2, the usage line, the option named.
    result = tiny.kitgen("cards", "--locale", "en", "--paper", "a3")
    assert result.exit_code == 2 and "Invalid value for '--paper'" in result.output and "Usage:" in result.output
    result = tiny.kitgen("workbook", "--locale", "xx")
    assert result.exit_code == 2 and "unknown locale 'xx'" in result.output and "--locale" in result.output
    result = tiny.kitgen("cards", "--locale", "en", "--bleed", "lots")
    assert result.exit_code == 2 and "Invalid value for '--bleed'" in result.output and "Traceback" not in result.output
    png = tiny.root / "sources" / "stories" / "tiny" / "illustrations" / "bye.png"
    png.write_bytes(png.read_bytes()[:200])
    result = tiny.kitgen("storybook", "--locale", "en")
    assert result.exit_code == 1
    assert "bye.png" in result.output and "corrupt or truncated" in result.output
    assert not (tiny.root / "output").exists() or not list((tiny.root / "output").rglob("*.pdf"))
