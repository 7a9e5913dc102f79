"""Where to get help: the kit's help contacts laid out for print, with kitgen's own labels.

The contacts arrive in the request (``request.help``), already in the artifact's locale; this
module only lays them out. Every document shows them the same way: the name, the phone number
large and bold, then the web address, the hours and the languages, each after its label
("Phone", "Website", ...). Teachers also see where each contact was taken from ("Source: …"
and its address) and when someone last checked it ("Checked on …" or "Not checked yet").
Without contacts there is no list, only "Talk to an adult you trust".

Names wrap at spaces; a web address too wide for its line breaks after a ``/``, ``.`` or ``-``
(:func:`break_address`), so nothing runs past its column. Every text is proven to have glyphs
in the bundled fonts (:func:`prove_help`) before anything is drawn.

API
    ``details(ps, line)``: (label msgid, value) pairs; ``provenance(ps, line)``: the teacher's lines
    ``help_section(ps, width, teacher=False, scale=1.0, compact=False)``: flowables for a page
    ``break_address(fontset, text, size, width, bold=False)``
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kitgen.builder import HelpLine
from kitgen.errors import Location, SourceError
from kitgen.print.base import PrintSetup
from kitgen.print.fit import sized_style
from kitgen.text.fontset import FontSet, uncovered_message
from kitgen.text.pdf import base_font_name, paragraph_markup, string_width

HEADING = "Where to get help"
ADULT = "Talk to an adult you trust"
LABELS = ("Phone", "Website", "Hours", "Languages")
#: Characters after which a web address may break.
ADDRESS_BREAKS = "/.-?&=_#"
#: Space between two contacts, and between a contact's labels and values.
CONTACT_GAP, LABEL_GAP = 3 * mm, 2 * mm


def details(ps: PrintSetup, line: HelpLine) -> list[tuple[str, str]]:
    """(label msgid, value) of each detail the contact has, phone first."""
    found = [("Phone", line.phone), ("Website", line.address), ("Hours", line.hours), ("Languages", ", ".join(line.languages))]
    return [(label, value) for label, value in found if value]


def provenance(ps: PrintSetup, line: HelpLine) -> list[tuple[str, str]]:
    """For teachers, (text, link) lines: "Source: …" with the page's address, and when it was checked."""
    lines = []
    if line.source:
        lines.append((ps.t("Source: {source}", source=line.source), ""))
        if line.source_url:
            lines.append((line.source_url, line.source_url))
    elif line.source_url:
        lines.append((ps.t("Source: {source}", source=line.source_url), line.source_url))
    lines.append((ps.t("Checked on {date}", date=line.checked) if line.checked else ps.t("Not checked yet"), ""))
    return lines


def help_texts(ps: PrintSetup) -> list[tuple[str, str]]:
    """(what, text) of every string the help contacts print, for the glyph check."""
    texts = [(HEADING, ps.t(HEADING)), (ADULT, ps.t(ADULT))] + [(label, ps.t(label)) for label in LABELS]
    for number, line in enumerate(ps.request.help, 1):
        what = f"help contact {number}"
        texts += [(f"{what} name", line.name), (f"{what} organisation", line.organisation)]
        texts += [(f"{what} {label.lower()}", value) for label, value in details(ps, line)]
        texts += [(f"{what} source", text) for text, _ in provenance(ps, line)]
    return [(what, text) for what, text in texts if text]


def prove_help(ps: PrintSetup) -> None:
    """Every help text has glyphs in the bundled fonts, else a SourceError (at the chrome catalog
    for kitgen's own words)."""
    for what, text in help_texts(ps):
        missing = ps.fontset.missing_characters(text)
        if missing:
            chrome = what in (HEADING, ADULT) + LABELS
            where = Location.of(ps.chrome.path) if chrome and ps.chrome.path else None
            raise SourceError(uncovered_message(what, ps.locale, missing[0]), where)


def break_address(fontset: FontSet, text: str, size: float, width: float, bold: bool = False) -> str:
    """``text`` with line feeds where it must break so that no line is wider than ``width``.

    Breaks go after one of :data:`ADDRESS_BREAKS`, as late as the line allows; a part with no
    such place that is still too wide breaks between two characters.
    """
    def fits(part: str) -> bool:
        return string_width(fontset, part, size, bold) <= width

    if fits(text) or width <= 0:
        return text
    pieces, piece = [], ""
    for char in text:  # split after every break character
        piece += char
        if char in ADDRESS_BREAKS:
            pieces.append(piece)
            piece = ""
    if piece:
        pieces.append(piece)
    lines, current = [], ""
    for piece in pieces:
        if fits(current + piece):
            current += piece
            continue
        if current:
            lines.append(current)
        current = ""
        for char in piece:  # a piece too wide alone: character by character
            if current and not fits(current + char):
                lines.append(current)
                current = ""
            current += char
    if current:
        lines.append(current)
    return "\n".join(lines)


# -- flowables ----------------------------------------------------------------------------------

def _style(ps: PrintSetup, name: str, scale: float) -> ParagraphStyle:
    style = ps.styles[name]
    if scale == 1.0:
        return style
    sized = sized_style(style, round(style.fontSize * scale, 2))
    return ParagraphStyle(sized.name, parent=sized, splitLongWords=1, spaceAfter=style.spaceAfter * scale)


def _link(markup: str, url: str) -> str:
    """``markup`` as a link to ``url`` (clickable in a PDF viewer)."""
    return f'<a href="{escape(url, {chr(34): "&quot;"})}">{markup}</a>' if url else markup


def _paragraph(ps: PrintSetup, text: str, style: ParagraphStyle, link: str = "") -> Paragraph:
    markup = paragraph_markup(ps.fontset, text, style.fontName == base_font_name(ps.fontset, bold=True))
    return Paragraph(_link(markup, link), style)


def _address(ps: PrintSetup, text: str, style: ParagraphStyle, width: float, link: str = "") -> Paragraph:
    bold = style.fontName == base_font_name(ps.fontset, bold=True)
    return _paragraph(ps, break_address(ps.fontset, text, style.fontSize, width - 1, bold), style, link)


def contact_block(ps: PrintSetup, line: HelpLine, width: float, teacher: bool = False, scale: float = 1.0,
                  links: bool = True) -> Table:
    """One contact, ``width`` wide: its name over a column of labels and their values; for
    teachers its source (with the source's address unless ``links`` is False) and check."""
    label_style, phone_style, detail_style = (_style(ps, name, scale) for name in ("HelpLabel", "HelpPhone", "HelpDetail"))
    labels = [ps.t(label) for label, _ in details(ps, line)]
    widest = max((string_width(ps.fontset, text, label_style.fontSize) for text in labels), default=0.0)
    label_width = min(widest + LABEL_GAP + 1, width * 0.4)
    value_width = width - label_width
    rows: list[list] = [[_paragraph(ps, line.name, _style(ps, "HelpName", scale)), ""]]
    spans, phone_row = [0], None
    if teacher and line.organisation:
        rows.append([_paragraph(ps, line.organisation, _style(ps, "HelpOrganisation", scale)), ""])
        spans.append(len(rows) - 1)
    for (label, value), text in zip(details(ps, line), labels):
        if label == "Phone":
            cell = _paragraph(ps, value, phone_style)
            phone_row = len(rows)
        elif label == "Website":
            cell = _address(ps, value, detail_style, value_width, line.url)
        else:
            cell = _paragraph(ps, value, detail_style)
        rows.append([_paragraph(ps, text, label_style), cell])
    if teacher:
        note = _style(ps, "HelpNote", scale)
        for text, link in provenance(ps, line):
            if link and not links and text == link:
                continue
            rows.append([_address(ps, text, note, width, link) if link else _paragraph(ps, text, note), ""])
            spans.append(len(rows) - 1)
    table = Table(rows, colWidths=[label_width, value_width], hAlign="LEFT")
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), base_font_name(ps.fontset)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    commands += [("SPAN", (0, row), (1, row)) for row in spans]
    if phone_row is not None:  # the label on the number's baseline
        commands.append(("VALIGN", (0, phone_row), (-1, phone_row), "BOTTOM"))
    table.setStyle(TableStyle(commands))
    return table


def contact_lines(ps: PrintSetup, line: HelpLine, width: float, teacher: bool = False, scale: float = 1.0,
                  links: bool = True) -> list[Flowable]:
    """One contact in running text, ``width`` wide: the name and the details on one line
    (wrapping when long), then for teachers its source and check in small type."""
    style = _style(ps, "HelpDetail", scale)
    dot = paragraph_markup(ps.fontset, " \u00b7 ")
    parts = [paragraph_markup(ps.fontset, line.name, bold=True)]
    for label, value in details(ps, line):
        if label == "Website":
            value_markup = _link(paragraph_markup(ps.fontset, break_address(ps.fontset, value, style.fontSize, width - 1)), line.url)
        else:
            value_markup = paragraph_markup(ps.fontset, value, bold=label == "Phone")
        parts.append(f"{paragraph_markup(ps.fontset, ps.t(label))} {value_markup}")
    flowables: list[Flowable] = [Paragraph(dot.join(parts), ParagraphStyle(f"{style.name}Line", parent=style, spaceBefore=CONTACT_GAP * scale))]
    if teacher:
        note = _style(ps, "HelpNote", scale)
        notes = []
        for text, link in provenance(ps, line):
            if link and text == link and not links:
                continue
            if link:
                notes.append(_link(paragraph_markup(ps.fontset, break_address(ps.fontset, text, note.fontSize, width - 1)), link))
            else:
                notes.append(paragraph_markup(ps.fontset, text))
        flowables.append(Paragraph(dot.join(notes), note))
    return flowables


def help_section(ps: PrintSetup, width: float, teacher: bool = False, scale: float = 1.0, heading: str = "Heading1",
                 flowing: bool = False, links: bool = True, compact: bool = False) -> list[Flowable]:
    """"Where to get help" in ``heading`` style, "Talk to an adult you trust", and every contact;
    without contacts, only "Talk to an adult you trust".

    ``flowing``: the section may run over pages (the heading stays with the first contact,
    each contact stays whole); else it is meant for one box (e.g. a ``KeepInFrame``).
    ``compact``: each contact in running text (:func:`contact_lines`) rather than a table.
    """
    prove_help(ps)
    adult = _paragraph(ps, ps.t(ADULT), _style(ps, "HelpAdult", scale))
    if not ps.request.help:
        return [adult]
    title = _paragraph(ps, ps.t(HEADING), _style(ps, heading, scale))
    if compact:
        return [title, adult] + [f for line in ps.request.help for f in contact_lines(ps, line, width, teacher, scale, links)]
    blocks = [contact_block(ps, line, width, teacher, scale, links) for line in ps.request.help]
    groups = [[title, adult, blocks[0]]] + [[Spacer(1, CONTACT_GAP * scale), block] for block in blocks[1:]]
    if flowing:
        return [KeepTogether(group) for group in groups]
    return [flowable for group in groups for flowable in group]
