"""Named paragraph styles and colours for print. Styles inherit through ``parent=``.

Builders ask for styles by name (``styles["Heading1"]``); sizes, leading, colours and
hyphenation are decided here only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyphen
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm

from kitgen.text.fontset import FontSet
from kitgen.text.pdf import base_font_name

# Locales that pyphen can hyphenate, mapped to its dictionary names.
_PYPHEN = {"en": "en_GB", "ru": "ru_RU", "uk": "uk_UA", "be": "be_BY", "ro": "ro_RO"}


def hyphenation_language(locale: str) -> str | None:
    lang = _PYPHEN.get(locale)
    return lang if lang and lang in pyphen.LANGUAGES else None


@dataclass(frozen=True)
class Palette:
    ink: colors.Color
    muted: colors.Color
    rule: colors.Color
    accent: colors.Color
    panel: colors.Color
    safe: colors.Color = colors.HexColor("#e6f4ea")  # tint of the workbook's "Safe" column
    unsafe: colors.Color = colors.HexColor("#fdecea")  # tint of its "Unsafe" column


def palette(eco: bool) -> Palette:
    if eco:
        return Palette(colors.black, colors.Color(0.3, 0.3, 0.3), colors.Color(0.5, 0.5, 0.5), colors.black, colors.white,
                       colors.white, colors.white)
    return Palette(
        colors.HexColor("#1f2933"), colors.HexColor("#52606d"), colors.HexColor("#9aa5b1"),
        colors.HexColor("#2f6fb3"), colors.HexColor("#eef4fb"),
    )


@dataclass(frozen=True)
class Styles:
    sheet: StyleSheet1
    palette: Palette

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.sheet[name]


def make_styles(fontset: FontSet, locale: str, eco: bool) -> Styles:
    colours = palette(eco)
    regular, bold = base_font_name(fontset), base_font_name(fontset, bold=True)
    sheet = StyleSheet1()
    base = ParagraphStyle(
        "Base", fontName=regular, bulletFontName=regular, fontSize=11, leading=15, textColor=colours.ink,
        hyphenationLang=hyphenation_language(locale) or "", embeddedHyphenation=1, uriWasteReduce=0.3,
    )
    sheet.add(base)
    sheet.add(ParagraphStyle("Body", parent=base, spaceAfter=6))
    sheet.add(ParagraphStyle("BodyLarge", parent=sheet["Body"], fontSize=14, leading=20))
    sheet.add(ParagraphStyle("Small", parent=base, fontSize=9, leading=12, textColor=colours.muted))
    sheet.add(ParagraphStyle("Title", parent=base, fontName=bold, fontSize=28, leading=34, alignment=TA_CENTER, spaceAfter=12))
    sheet.add(ParagraphStyle("Subtitle", parent=base, fontSize=14, leading=19, alignment=TA_CENTER, textColor=colours.muted))
    sheet.add(ParagraphStyle("Heading1", parent=base, fontName=bold, fontSize=18, leading=23, spaceBefore=6, spaceAfter=8, textColor=colours.accent))
    sheet.add(ParagraphStyle("Heading2", parent=base, fontName=bold, fontSize=13, leading=17, spaceBefore=8, spaceAfter=4))
    sheet.add(ParagraphStyle("Instructions", parent=base, fontSize=10.5, leading=14, textColor=colours.muted, spaceAfter=6))
    sheet.add(ParagraphStyle("ListItem", parent=sheet["Body"], leftIndent=12, bulletIndent=0, spaceAfter=3))
    sheet.add(ParagraphStyle("TableCell", parent=base, fontSize=10, leading=13))
    sheet.add(ParagraphStyle("Footer", parent=base, fontSize=8.5, leading=10, textColor=colours.muted, alignment=TA_CENTER))
    sheet.add(ParagraphStyle("Caption", parent=base, fontSize=10, leading=13, textColor=colours.muted, alignment=TA_CENTER))
    sheet.add(ParagraphStyle("StoryText", parent=base, fontSize=16, leading=23, alignment=TA_LEFT))
    sheet.add(ParagraphStyle("Speaker", parent=base, fontName=bold, fontSize=12, leading=16, textColor=colours.accent))
    sheet.add(ParagraphStyle("CardTitle", parent=base, fontName=bold, fontSize=13, leading=16, alignment=TA_CENTER, hyphenationLang=""))
    sheet.add(ParagraphStyle("CardBody", parent=base, fontSize=10, leading=12.5, alignment=TA_CENTER))
    sheet.add(ParagraphStyle("CardBack", parent=base, fontName=bold, fontSize=14, leading=18, alignment=TA_CENTER))
    # Play cards (kitgen.print.cards); the builder colours band and back text to contrast with the category colour.
    sheet.add(ParagraphStyle("CardCategory", parent=base, fontName=bold, fontSize=9.5, leading=11, alignment=TA_LEFT, hyphenationLang=""))
    sheet.add(ParagraphStyle("CardLabel", parent=base, fontSize=6.5, leading=8, alignment=TA_CENTER, textColor=colours.muted))
    sheet.add(ParagraphStyle("CardBrand", parent=base, fontName=bold, fontSize=8.5, leading=10.5, alignment=TA_CENTER, hyphenationLang=""))
    sheet.add(ParagraphStyle("CardReminder", parent=base, fontSize=7.5, leading=9, alignment=TA_CENTER))
    sheet.add(ParagraphStyle("SheetNote", parent=base, fontSize=7, leading=8.5, textColor=colours.muted))
    _add_kit_styles(sheet, colours, bold)
    return Styles(sheet, colours)


@dataclass(frozen=True)
class Measures:
    """Lengths (points) shared by the workbook, teacher's guide and storybook layouts."""

    margin: float = 18 * mm
    footer: float = 10 * mm
    tick_box: float = 4.6 * mm
    rule: float = 0.8
    hairline: float = 0.5
    corner: float = 3 * mm
    blank: float = 32 * mm
    write_line: float = 9 * mm
    gap: float = 4 * mm
    story_margin: float = 14 * mm
    answer_column: float = 24 * mm  # the True/False and Safe/Unsafe tick columns, at least
    dot_column: float = 6 * mm  # the matching dots
    label_column: float = 28 * mm  # Name, Class and Date labels, at least
    signature_line: float = 14 * mm
    smallest_picture: float = 25 * mm  # a cover picture shorter than this is left out


MEASURES = Measures()


def _add_kit_styles(sheet: StyleSheet1, colours: Palette, bold: str) -> None:
    """Styles of the workbook, teacher's guide and storybook (children read these: sizes are generous)."""
    base = sheet["Base"]
    add = sheet.add
    add(ParagraphStyle("CoverTitle", parent=sheet["Title"], fontSize=30, leading=37, spaceAfter=10))
    add(ParagraphStyle("CoverKind", parent=sheet["Subtitle"], fontName=bold, fontSize=18, leading=24, textColor=colours.accent))
    add(ParagraphStyle("Badge", parent=base, fontName=bold, fontSize=12, leading=15, alignment=TA_CENTER, textColor=colours.ink))
    add(ParagraphStyle("Branding", parent=sheet["Subtitle"], fontSize=12, leading=16))
    add(ParagraphStyle("FieldLabel", parent=base, fontName=bold, fontSize=12, leading=15))
    add(ParagraphStyle("ActivityNumber", parent=base, fontName=bold, fontSize=10, leading=13, textColor=colours.accent))
    add(ParagraphStyle("ActivityTitle", parent=base, fontName=bold, fontSize=17, leading=22, spaceAfter=3))
    add(ParagraphStyle("ActivityInstructions", parent=base, fontSize=12, leading=16, textColor=colours.muted, spaceAfter=8))
    add(ParagraphStyle("Question", parent=base, fontName=bold, fontSize=13.5, leading=19, spaceAfter=6))
    add(ParagraphStyle("Answer", parent=base, fontSize=13.5, leading=19))
    add(ParagraphStyle("AnswerCentered", parent=sheet["Answer"], alignment=TA_CENTER))
    add(ParagraphStyle("BlankSentence", parent=sheet["Answer"], leading=26, spaceAfter=4))
    add(ParagraphStyle("ColumnHeader", parent=base, fontName=bold, fontSize=12.5, leading=16, alignment=TA_CENTER))
    add(ParagraphStyle("WordBankTitle", parent=base, fontName=bold, fontSize=11, leading=14, textColor=colours.accent))
    add(ParagraphStyle("WordBank", parent=base, fontName=bold, fontSize=14, leading=20, alignment=TA_CENTER))
    add(ParagraphStyle("DrawHint", parent=base, fontSize=12, leading=15, alignment=TA_CENTER, textColor=colours.rule))
    add(ParagraphStyle("Promise", parent=sheet["Answer"], fontSize=14, leading=20))
    add(ParagraphStyle("PromiseTitle", parent=sheet["Question"], fontSize=18, leading=24, textColor=colours.accent, spaceAfter=8))
    # The answer key and lists in the teacher's guide: no hyphenation, so answers read whole.
    add(ParagraphStyle("KeyTitle", parent=sheet["Heading2"], fontSize=12, leading=16, spaceBefore=10, spaceAfter=3))
    add(ParagraphStyle("KeyLine", parent=base, fontSize=10.5, leading=14.5, leftIndent=10, spaceAfter=2, hyphenationLang=""))
    add(ParagraphStyle("KeyQuestion", parent=sheet["KeyLine"], textColor=colours.muted))
    add(ParagraphStyle("GuideBullet", parent=sheet["ListItem"], leftIndent=14, bulletIndent=3))
    add(ParagraphStyle("StepTime", parent=sheet["TableCell"], fontName=bold, alignment=TA_CENTER))
    add(ParagraphStyle("TableHeader", parent=sheet["TableCell"], fontName=bold, textColor=colours.muted))
    add(ParagraphStyle("PrintAdvice", parent=sheet["BodyLarge"], fontSize=12.5, leading=18, leftIndent=14, bulletIndent=2))
    add(ParagraphStyle("ThumbTitle", parent=base, fontName=bold, fontSize=6.2, leading=7.2, alignment=TA_CENTER, hyphenationLang=""))
    add(ParagraphStyle("ThumbBody", parent=base, fontSize=5, leading=6, alignment=TA_CENTER, hyphenationLang=""))
    add(ParagraphStyle("ThumbCategory", parent=base, fontName=bold, fontSize=5, leading=6, alignment=TA_CENTER, textColor=colours.panel))
    # The storybook.
    add(ParagraphStyle("EpisodeLabel", parent=base, fontName=bold, fontSize=10, leading=13, textColor=colours.accent))
    add(ParagraphStyle("EpisodeTitle", parent=base, fontName=bold, fontSize=15, leading=19, spaceAfter=8, textColor=colours.muted))
    add(ParagraphStyle("SceneCaption", parent=base, fontName=bold, fontSize=19, leading=24, spaceAfter=10))
    add(ParagraphStyle("Dialogue", parent=sheet["StoryText"], leftIndent=10, spaceAfter=9))
    add(ParagraphStyle("Narration", parent=sheet["StoryText"], spaceAfter=9))
    add(ParagraphStyle("TheEnd", parent=sheet["StoryText"], fontName=bold, alignment=TA_CENTER, spaceBefore=10, textColor=colours.accent))
    add(ParagraphStyle("PageNumber", parent=sheet["Footer"], fontSize=9))
    _add_help_styles(sheet, colours, bold)


def _add_help_styles(sheet: StyleSheet1, colours: Palette, bold: str) -> None:
    """Help contacts (:mod:`kitgen.print.help`) and the help card: the phone number stands out.

    No hyphenation: names, numbers and addresses read whole (a word too long for its line
    breaks where it must, never with a hyphen that is not there).
    """
    base = sheet["Base"]
    add = sheet.add
    add(ParagraphStyle("HelpAdult", parent=base, fontName=bold, fontSize=13, leading=17, spaceAfter=6, hyphenationLang="", textColor=colours.accent))
    add(ParagraphStyle("HelpName", parent=base, fontName=bold, fontSize=12.5, leading=16, hyphenationLang=""))
    add(ParagraphStyle("HelpOrganisation", parent=base, fontSize=9.5, leading=12, hyphenationLang="", textColor=colours.muted))
    add(ParagraphStyle("HelpLabel", parent=base, fontSize=9.5, leading=13, hyphenationLang="", textColor=colours.muted))
    add(ParagraphStyle("HelpPhone", parent=base, fontName=bold, fontSize=16, leading=19, hyphenationLang=""))
    add(ParagraphStyle("HelpDetail", parent=base, fontSize=10.5, leading=13.5, hyphenationLang=""))
    add(ParagraphStyle("HelpNote", parent=base, fontSize=8.5, leading=11, hyphenationLang="", textColor=colours.muted))
    # The help card (kitgen.print.helpcard); the builder colours the band's text like a category's.
    add(ParagraphStyle("HelpCardTitle", parent=base, fontName=bold, fontSize=14, leading=17, alignment=TA_LEFT, hyphenationLang=""))
    add(ParagraphStyle("HelpCardLead", parent=base, fontName=bold, fontSize=10, leading=12.5, hyphenationLang=""))
    add(ParagraphStyle("HelpCardStep", parent=base, fontSize=10, leading=12.5, leftIndent=11, bulletIndent=0, hyphenationLang="",
                       bulletFontName=bold))
    add(ParagraphStyle("HelpCardHeading", parent=base, fontName=bold, fontSize=11, leading=13.5, alignment=TA_CENTER, hyphenationLang=""))
    add(ParagraphStyle("HelpCardName", parent=base, fontName=bold, fontSize=9, leading=11, hyphenationLang=""))
    add(ParagraphStyle("HelpCardPhone", parent=base, fontName=bold, fontSize=13, leading=15, hyphenationLang=""))
    add(ParagraphStyle("HelpCardDetail", parent=base, fontSize=7.5, leading=9, hyphenationLang=""))
    add(ParagraphStyle("HelpCardAdult", parent=base, fontName=bold, fontSize=14, leading=18, alignment=TA_CENTER, hyphenationLang=""))
