"""Fonts and mixed-script text: the one module builders import.

kitgen ships three OFL font families in ``fonts/`` (see ``fonts/README.md``) and draws every
character with the first family of this fallback chain that has it:

1. Andika (Latin, Cyrillic and digits/punctuation for all thirteen languages),
2. Noto Sans Armenian,
3. Noto Sans Georgian.

Loading
    ``default_fonts_dir(root=None) -> Path``
        ``<root>/fonts`` when the project has that folder, else the bundled set
        (``kitgen/data/fonts``, package data).
    ``load_fontset(fonts_dir, chain=None) -> FontSet``
        Reads each family's character map with fontTools; cached per process (the key has
        the files' sizes and modification times). Raises ``MediaError`` for a missing,
        unreadable or CFF-outline font. The chain defaults to ``project_chain(fonts_dir)``:
        a project's own families first, then the bundled ones (each replaced by a project
        folder of the same name).

Text
    ``normalize(text) -> str``
        NFC. Every function below normalizes its input itself.
    ``describe(char) -> str``
        A character for messages: ``'ⵣ' U+2D63 TIFINAGH LETTER YAZ``.
    ``FontSet.missing_characters(text) -> list[str]``
        Characters no family can draw, each once, in order of appearance. Never reports the
        characters in ``IGNORABLE`` (tab, line feed, carriage return, soft hyphen, zero-width
        space/joiners, directional marks, word joiner, variation selectors, byte order mark).
    ``FontSet.runs(text) -> list[Run]`` and ``FontSet.line_runs(text) -> list[Run]``
        ``Run(family: FontFamily, text: str)``: the text split by family. Letters take the
        first family that has them; spaces, digits and punctuation stay with the text around
        them when that font has them, else go to the first family that has them (the Noto
        Armenian and Georgian fonts have no digits or ASCII punctuation). ``line_runs`` is
        for one drawn line: soft hyphens dropped, tabs and line feeds made spaces.
    ``FontSet.families``, ``.primary``, ``.family(name)``, ``.family_for(char)``, ``.covers(char)``
    ``FontFamily(name, regular: Path, bold: Path, coverage)`` with ``.path(bold)``, ``.covers(char)``

PDF (reportlab)
    ``register_reportlab(fontset) -> None``
        Registers every face and family (so ``<b>`` works); idempotent.
    ``pdf_font_name(family, bold=False) -> str`` and ``base_font_name(fontset, bold=False) -> str``
        Registered names, e.g. for ``ParagraphStyle(fontName=base_font_name(fontset))``.
    ``paragraph_markup(fontset, text, bold=False) -> str``
        Paragraph XML: escaped text, ``<font name="...">`` per run, ``<br/>`` for line feeds.
        Pass ``bold=True`` instead of wrapping the result in ``<b>`` (an outer ``<b>`` loses
        its bold at the inner ``<font>``).
    ``string_width(fontset, text, size, bold=False) -> float``
    ``draw_string(canvas, fontset, x, y, text, size, bold=False, align="left") -> float``
        One line at baseline ``y``; ``align`` left/center/right; returns the width.

Images (Pillow)
    ``FontSet.face(family, size, bold=False) -> FreeTypeFont`` (opened once per font set)
    ``line_metrics(fontset, size, bold=False) -> (ascent, descent)``
    ``measure(fontset, text, size, bold=False) -> float``
    ``draw_text(draw, fontset, xy, text, size, fill, bold=False, anchor="la", stroke_width=0,
    stroke_fill=None) -> float``
        One line, run by run on a shared baseline; Pillow-style two-letter ``anchor``.
    ``wrap(fontset, text, max_width, size, bold=False) -> list[str]``
        Lines no wider than ``max_width`` pixels, broken at spaces (and inside over-long words
        at soft hyphens, dashes, or anywhere as a last resort).

Sizes are points for the PDF helpers and pixels for the Pillow helpers.
"""

from __future__ import annotations

from kitgen.text.fontset import (
    DEFAULT_CHAIN,
    IGNORABLE,
    FamilySpec,
    FontFamily,
    FontSet,
    Run,
    default_fonts_dir,
    describe,
    load_fontset,
    normalize,
)
from kitgen.text.pdf import (
    base_font_name,
    draw_string,
    paragraph_markup,
    pdf_font_name,
    register_reportlab,
    string_width,
)
from kitgen.text.raster import draw_text, line_metrics, measure, wrap

__all__ = [
    "DEFAULT_CHAIN",
    "IGNORABLE",
    "FamilySpec",
    "FontFamily",
    "FontSet",
    "Run",
    "base_font_name",
    "default_fonts_dir",
    "describe",
    "draw_string",
    "draw_text",
    "line_metrics",
    "load_fontset",
    "measure",
    "normalize",
    "paragraph_markup",
    "pdf_font_name",
    "register_reportlab",
    "string_width",
    "wrap",
]
