"""Print speed: pages per second of each artifact against reportlab drawing the same pages as plain text.

The anchor draws, on the same number of pages, every string the artifact shows as one
plain line each (no layout, no fitting, no images), in the same process and run. The
ratio says what kitgen's layout costs over the floor reportlab itself sets.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kitgen.builders import BuildRequest, get_builder  # noqa: E402
from kitgen.errors import Report  # noqa: E402
from kitgen.i18n.messages import story_messages  # noqa: E402
from kitgen.project import load_project  # noqa: E402
from kitgen.text.fontset import load_fontset  # noqa: E402
from kitgen.text.pdf import base_font_name, register_reportlab  # noqa: E402

ARTIFACTS = ("cards", "workbook", "guide", "storybook", "readme")
REPEAT = 3


def plain_pages(strings: list[str], pages: int, font: str) -> float:
    """Seconds for reportlab to draw ``strings`` as plain lines over ``pages`` pages."""
    started = time.perf_counter()
    canvas = Canvas(io.BytesIO(), invariant=1)
    per_page = max(1, len(strings) // max(pages, 1) + 1)
    for page in range(pages):
        canvas.setFont(font, 10)
        y = 800
        for text in strings[page * per_page:(page + 1) * per_page]:
            canvas.drawString(40, y, text[:120])
            y -= 12
        canvas.showPage()
    canvas.save()
    return time.perf_counter() - started


def main() -> None:
    locale = sys.argv[1] if len(sys.argv) > 1 else "hy"
    project = load_project(ROOT, Report())
    story_id = next(iter(project.stories))
    source = project.stories[story_id]
    story = project.localized(story_id, locale)
    fontset = load_fontset(project.fonts_dir)
    register_reportlab(fontset)
    strings = [m.text for m in story_messages(story)]
    print(f"story {story_id}, locale {locale}, best of {REPEAT} runs, one process (one core)")
    print(f"{'artifact':<10} {'pages':>5} {'kitgen s':>9} {'pages/s':>8} {'plain s':>8} {'plain p/s':>9} {'ratio':>6}")
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name in ARTIFACTS:
            builder = get_builder(name)
            output = Path(tmp) / builder.filename
            request = BuildRequest(story, source.directory, locale, project.fonts_dir, "Benchmark", output, {"paper": "a4"})
            best = min(_timed(lambda: builder.build(request)) for _ in range(REPEAT))
            pages = len(PdfReader(str(output)).pages)
            plain = min(plain_pages(strings, pages, base_font_name(fontset)) for _ in range(REPEAT))
            total += best
            print(f"{name:<10} {pages:>5} {best:>9.3f} {pages / best:>8.1f} {plain:>8.3f} {pages / plain:>9.1f} {best / plain:>5.1f}x")
    print(f"whole print set of one locale, warm: {total:.2f} s (target < 3 s on one core)")
    cold = cold_print_set(locale)
    print(f"whole print set of one locale, cold (fresh process, imports included): {cold:.2f} s")


def cold_print_set(locale: str) -> float:
    """Wall time of a fresh process building cards, workbook, guide and storybook of one locale."""
    import subprocess

    code = (
        "import sys, tempfile\n"
        "from pathlib import Path\n"
        "sys.path.insert(0, %r)\n"
        "from kitgen.builders import BuildRequest, get_builder\n"
        "from kitgen.errors import Report\n"
        "from kitgen.project import load_project\n"
        "p = load_project(Path(%r), Report()); sid = next(iter(p.stories)); s = p.localized(sid, %r)\n"
        "out = Path(tempfile.mkdtemp())\n"
        "for name in ('cards', 'workbook', 'guide', 'storybook'):\n"
        "    b = get_builder(name)\n"
        "    b.build(BuildRequest(s, p.stories[sid].directory, %r, p.fonts_dir, 'Benchmark', out / b.filename, {'paper': 'a4'}))\n"
    ) % (str(ROOT), str(ROOT), locale, locale)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
