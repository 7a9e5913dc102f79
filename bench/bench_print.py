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

from kitgen.i18n.messages import story_messages  # noqa: E402
from kitgen.pipeline.execute import request_for  # noqa: E402
from kitgen.pipeline.jobs import plan_jobs  # noqa: E402
from kitgen.pipeline.registry import default_registry  # noqa: E402
from kitgen.pipeline.session import BuildSession  # noqa: E402
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
    session, registry = BuildSession(ROOT), default_registry()
    project = session.project()
    story_id = next(iter(project.stories))
    story = session.localized(story_id, locale)
    fontset = session.fonts()
    register_reportlab(fontset)
    strings = [m.text for m in story_messages(story)]
    print(f"story {story_id}, locale {locale}, best of {REPEAT} runs, one process (one core)")
    print(f"{'artifact':<10} {'pages':>5} {'kitgen s':>9} {'pages/s':>8} {'plain s':>8} {'plain p/s':>9} {'ratio':>6}")
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        jobs = plan_jobs(session, registry, story_id=story_id, locale=locale, kit_id=None, target="bench",
                         folder=Path(tmp), groups=ARTIFACTS)
        for job in jobs:
            builder = registry.get(job.builder)
            request = request_for(session, registry, job)
            best = min(_timed(lambda: builder.build(request)) for _ in range(REPEAT))
            pages = len(PdfReader(str(job.output)).pages)
            plain = min(plain_pages(strings, pages, base_font_name(fontset)) for _ in range(REPEAT))
            total += best
            print(f"{job.builder:<10} {pages:>5} {best:>9.3f} {pages / best:>8.1f} {plain:>8.3f} {pages / plain:>9.1f} {best / plain:>5.1f}x")
    print(f"whole print set of one locale, warm: {total:.2f} s (target < 3 s on one core)")
    cold = cold_print_set(locale)
    print(f"whole print set of one locale, cold (fresh process, imports included): {cold:.2f} s")


def cold_print_set(locale: str) -> float:
    """Wall time of a fresh process building cards, workbook, guide and storybook of one locale
    with the real command (through the pipeline, no cache: --force into a scratch output)."""
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        for artifact in ("cards", "workbook", "guide", "storybook"):
            subprocess.run([sys.executable, "-m", "kitgen", "--project", str(ROOT), "-q", artifact, "--locale", locale,
                            "--force", "-o", str(Path(tmp) / f"{artifact}.pdf")], check=True)
        return time.perf_counter() - started


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
